package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.LockoutCheck;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.backup.BackupFormat;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup and restore in the panel: downloads of the configuration (plain, or encrypted with the admin
 * password hash) and of the ruleset in force, and restore from an upload. An uploaded backup is read and
 * validated completely ({@link BackupCodec#read}) and then only kept in the admin's session; nothing is
 * stored until the admin applies it from the preview, and then it goes through the same confirm-or-rollback
 * apply as any other change.
 */
final class BackupController {
  private static final Logger LOG = LoggerFactory.getLogger(BackupController.class);
  private static final String ADMIN = "admin";
  /** Session key of the uploaded, validated backup waiting for the admin's decision. */
  private static final String RESTORE_KEY = "sekisho.restore";
  /** The largest request accepted on the upload route: the backup plus room for the form around it. */
  static final long MAX_UPLOAD_REQUEST = BackupFormat.MAX_BYTES + 64 * 1024;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final ConfigService config;
  private final ConfigStore store;
  private final AppliedStore applied;
  private final AdminStore admin;
  private final SafeApply safeApply;
  private final Views views;
  private final Times times;

  BackupController(ConfigService config, ConfigStore store, AppliedStore applied, AdminStore admin,
      SafeApply safeApply, Views views, Times times) {
    this.config = config;
    this.store = store;
    this.applied = applied;
    this.admin = admin;
    this.safeApply = safeApply;
    this.views = views;
    this.times = times;
  }

  /** An uploaded backup that passed every check, kept in the session until applied or dropped. */
  record PendingRestore(BackupCodec.Backup backup, String fileName, Instant uploadedAt) {}

  /** GET /backup. */
  void show(Context ctx) {
    page(ctx, 200, List.of());
  }

  private void page(Context ctx, int status, List<Problem> problems) {
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "backup");
    model.put("problems", problems.stream().map(Problem::toString).toList());
    model.put("maxMiB", BackupFormat.MAX_BYTES / (1024 * 1024));
    model.put("applied", applied.current().isPresent());
    model.put("pending", Web.session(ctx).get(RESTORE_KEY, PendingRestore.class) != null);
    views.render(ctx, status, "backup/index", model);
  }

  /** GET /backup/export: a plain backup of the draft, without secrets. */
  void exportPlain(Context ctx) {
    Instant now = times.clock().instant();
    download(ctx, BackupCodec.write(config.load(), now), "sekisho-backup-" + STAMP.format(now) + ".json",
        "application/json");
  }

  /** POST /backup/export: an encrypted backup of the draft and the admin password hash. */
  void exportEncrypted(Context ctx) {
    String pass = ctx.formParam("passphrase");
    String confirm = ctx.formParam("confirm");
    String refusal = BackupCodec.passphraseRefusal(pass);
    if (refusal == null && !pass.equals(confirm)) {
      refusal = "the two passphrases differ";
    }
    if (refusal != null) {
      Web.error(ctx, "No backup was made: " + refusal + ".");
      Web.seeOther(ctx, "/backup");
      return;
    }
    Instant now = times.clock().instant();
    byte[] bytes = BackupCodec.writeEncrypted(config.load(), admin.passwordHash().orElse(null), pass, now);
    download(ctx, bytes, "sekisho-backup-" + STAMP.format(now) + "-encrypted.json", "application/json");
  }

  /** GET /ruleset/export: the nftables text in force, as last loaded into the kernel. */
  void exportRuleset(Context ctx) {
    Optional<AppliedState> current = applied.current();
    if (current.isEmpty()) {
      Web.error(ctx, "Nothing has been applied yet, so there is no ruleset to download.");
      Web.seeOther(ctx, "/ruleset");
      return;
    }
    download(ctx, current.get().ruleset().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "sekisho-ruleset-" + STAMP.format(current.get().appliedAt()) + ".nft", "text/plain; charset=utf-8");
  }

  private static void download(Context ctx, byte[] bytes, String name, String type) {
    // The name is made here from a time stamp, never taken from input, so it needs no quoting.
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    ctx.contentType(type).result(bytes);
  }

  /**
   * Before the guard on the upload route: refuses a body that is too big by its declared length, before
   * anything (the CSRF check included) reads it.
   */
  void refuseOversized(Context ctx) {
    if (ctx.contentLength() > MAX_UPLOAD_REQUEST) {
      ctx.header("Connection", "close");
      ctx.status(HttpStatus.CONTENT_TOO_LARGE).contentType("text/plain; charset=utf-8")
          .result("The upload is too large: a backup is at most " + BackupFormat.MAX_BYTES + " bytes. "
              + "Nothing was changed.");
      ctx.skipRemainingHandlers();
    }
  }

  /** POST /backup/restore (multipart: file, passphrase): reads and checks the backup; changes nothing. */
  void upload(Context ctx) {
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      page(ctx, 400, List.of(new Problem("", "choose a backup file to upload")));
      return;
    }
    byte[] bytes;
    try (InputStream in = file.content()) {
      bytes = in.readNBytes(BackupFormat.MAX_BYTES + 1);
    } catch (IOException e) {
      page(ctx, 400, List.of(new Problem("", "the upload could not be read: " + e.getMessage())));
      return;
    }
    String pass = ctx.formParam("passphrase");
    BackupCodec.Read read = BackupCodec.read(bytes, pass == null || pass.isEmpty() ? null : pass);
    if (!read.ok()) {
      LOG.info("refused a backup upload: {} problems", read.problems().size());
      page(ctx, 400, read.problems());
      return;
    }
    Web.session(ctx).put(RESTORE_KEY, new PendingRestore(read.backup(), shownName(file.filename()),
        times.clock().instant()));
    Web.seeOther(ctx, "/backup/restore/preview");
  }

  /** GET /backup/restore/preview: what the restore changes, before anything is stored. */
  void preview(Context ctx) {
    PendingRestore r = Web.session(ctx).get(RESTORE_KEY, PendingRestore.class);
    if (r == null) {
      Web.error(ctx, "No uploaded backup is waiting; upload one first.");
      Web.seeOther(ctx, "/backup");
      return;
    }
    Config restored = r.backup().config();
    Config draft = config.load();
    Optional<AppliedState> current = applied.current();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "backup");
    model.put("fileName", r.fileName());
    model.put("createdAt", r.backup().createdAt() == null ? "" : times.format(r.backup().createdAt()));
    model.put("sekishoVersion", r.backup().sekishoVersion());
    model.put("formatVersion", r.backup().formatVersion());
    model.put("migrated", r.backup().formatVersion() < BackupFormat.CURRENT_VERSION);
    model.put("encrypted", r.backup().encrypted());
    model.put("hasPassword", r.backup().adminPasswordHash() != null);
    model.put("counts", restored.interfaces().size() + " interfaces, " + restored.hosts().size() + " hosts, "
        + restored.rules().size() + " rules");
    model.put("changes", DiffView.groups(ConfigDiff.between(draft, restored)));
    String next;
    try {
      next = RulesetCompiler.compile(restored).text();
    } catch (RuntimeException e) {
      LOG.warn("restore preview compilation failed", e);
      next = "";
    }
    model.put("rulesetDiff", TextDiff.unified(current.map(AppliedState::ruleset).orElse(""), next));
    model.put("draftUnapplied", Views.unapplied(draft, current) && !draft.equals(Config.empty()));
    model.put("warnings", LockoutCheck.warnings(restored, ctx.ip(), ctx.req().getLocalPort()));
    model.put("applyWaiting", safeApply.waiting().isPresent());
    model.put("timeout", SafeApply.DEFAULT_TIMEOUT.toSeconds());
    model.put("minTimeout", SafeApply.MIN_TIMEOUT.toSeconds());
    model.put("maxTimeout", SafeApply.MAX_TIMEOUT.toSeconds());
    views.render(ctx, "backup/preview", model);
  }

  /**
   * POST /backup/restore/apply: loads the restored configuration with confirm-or-rollback and makes it the
   * draft. The draft is replaced only after the kernel took the new ruleset, so a refused apply leaves the
   * database as it was; a rollback puts back the configuration that was in force, as for any apply.
   */
  void apply(Context ctx) {
    PendingRestore r = Web.session(ctx).get(RESTORE_KEY, PendingRestore.class);
    if (r == null) {
      Web.error(ctx, "No uploaded backup is waiting; upload one first.");
      Web.seeOther(ctx, "/backup");
      return;
    }
    Duration timeout = ApplyController.timeout(ctx, "/backup/restore/preview");
    if (timeout == null) {
      return;
    }
    Duration window = timeout;
    Config restored = r.backup().config();
    String note = "restored from the backup of " + (r.backup().createdAt() == null ? "unknown time"
        : times.format(r.backup().createdAt()));
    String attemptedAt = times.format(times.clock().instant());
    SafeApply.Started started;
    try {
      started = config.withLock(current -> {
        SafeApply.Started s = safeApply.start(RulesetCompiler.tryCompile(restored), ADMIN, note, window);
        if (s.ok()) {
          store.save(restored);
        }
        return s;
      });
    } catch (RuntimeException e) {
      LOG.error("restore apply failed unexpectedly", e);
      Web.session(ctx).stash(new ApplyController.Failure(attemptedAt, List.of(new ProblemLinks.Linked("Restore",
          "an internal error stopped the restore (" + e.getClass().getSimpleName() + "); see the appliance log",
          "")), false));
      Web.seeOther(ctx, "/apply");
      return;
    }
    if (!started.ok()) {
      Web.session(ctx).stash(new ApplyController.Failure(attemptedAt, started.problems().stream()
          .map(p -> new ProblemLinks.Linked(p.path().isEmpty() ? "Restore" : p.path(), p.message(), "")).toList(),
          true));
      Web.seeOther(ctx, "/apply");
      return;
    }
    Web.session(ctx).put(RESTORE_KEY, null);
    Web.session(ctx).put(ApplyController.TOKEN_KEY, started.token());
    // As for any apply: the confirmation must come over a new connection, through the new rules.
    ctx.header("Connection", "close");
    Web.seeOther(ctx, "/apply/pending");
  }

  /** POST /backup/restore/cancel: forgets the uploaded backup. */
  void cancel(Context ctx) {
    Web.session(ctx).put(RESTORE_KEY, null);
    Web.success(ctx, "The uploaded backup was discarded; nothing was changed.");
    Web.seeOther(ctx, "/backup");
  }

  private static String shownName(String name) {
    if (name == null) {
      return "";
    }
    // Only for display; browsers send a base name, but a hand-made request may send anything.
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
        .replaceAll("\\p{Cntrl}", "?");
    return base.length() > 100 ? base.substring(0, 100) + "…" : base;
  }
}
