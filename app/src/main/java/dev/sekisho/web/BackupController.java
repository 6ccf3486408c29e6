package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.backup.BackupCrypto;
import dev.sekisho.backup.BackupFormat;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.crypto.HashingPermits;
import dev.sekisho.i18n.Message;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AuditStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
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
  /** Session key of the uploaded, validated backup waiting for the admin's decision. */
  private static final String RESTORE_KEY = "sekisho.restore";
  /** The largest request accepted on the upload route: the backup plus room for the form around it. */
  static final long MAX_UPLOAD_REQUEST = BackupFormat.MAX_BYTES + 64 * 1024;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private final ConfigService config;
  private final ApplyFlow flow;
  private final AdminStore admin;
  private final Views views;
  private final Times times;
  private final HashingPermits hashing;
  private final AuditTrail audit;
  private final AuditStore auditLog;

  private PasswordCheck reauth;

  /** Re-authentication before the encrypted export and the restore apply. */
  BackupController reauthenticateWith(PasswordCheck check) {
    this.reauth = check;
    return this;
  }

  /** False (with the reason flashed and a redirect sent) unless the posted current password is right. */
  private boolean reauthenticated(Context ctx, String back, String whatKey) {
    String refusal = reauth == null ? null : reauth.refusal(ctx);
    if (refusal != null) {
      Web.error(ctx, "flash.backup.refused", Message.of(whatKey), refusal);
      Web.seeOther(ctx, back);
      return false;
    }
    return true;
  }

  BackupController(ConfigService config, ApplyFlow flow, AdminStore admin, Views views, Times times,
      HashingPermits hashing, AuditTrail audit, AuditStore auditLog) {
    this.audit = audit;
    this.auditLog = auditLog;
    this.config = config;
    this.flow = flow;
    this.admin = admin;
    this.views = views;
    this.times = times;
    this.hashing = hashing;
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
    // The paths point into the uploaded file, not the draft: there is no form to link to.
    model.put("problems", problems.stream().map(p -> new ProblemLinks.Linked(p.path(), Lang.text(p.text()), ""))
        .toList());
    model.put("maxMiB", BackupFormat.MAX_BYTES / (1024 * 1024));
    model.put("applied", flow.current().isPresent());
    model.put("pending", Web.session(ctx).get(RESTORE_KEY, PendingRestore.class) != null);
    views.render(ctx, status, "backup/index", model);
  }

  /** GET /backup/export: a plain backup of the draft and the audit log, without secrets. */
  void exportPlain(Context ctx) {
    Instant now = times.clock().instant();
    // Recorded first, so the backup carries its own export.
    audit.record(ctx, AuditKind.BACKUP_EXPORT, AuditEvent.OK, "plain");
    download(ctx, BackupCodec.write(config.load(), auditLog.all(), now),
        "sekisho-backup-" + STAMP.format(now) + ".json",
        "application/json");
  }

  /** POST /backup/export: an encrypted backup of the draft and the admin password hash. */
  void exportEncrypted(Context ctx) {
    String pass = ctx.formParam("passphrase");
    String confirm = ctx.formParam("confirm");
    Message refusal = BackupCodec.passphraseRefusal(pass) == null ? null
        : Message.of("problem.backup.passphrase_short", BackupCrypto.MIN_PASSPHRASE_LENGTH);
    if (refusal == null && !pass.equals(confirm)) {
      refusal = Message.of("problem.backup.passphrases_differ");
    }
    if (refusal != null) {
      Web.error(ctx, "flash.backup.refused", Message.of("flash.backup.not_made"), refusal);
      Web.seeOther(ctx, "/backup");
      return;
    }
    // It carries the password hash: a stolen session alone must not be able to take it away.
    if (!reauthenticated(ctx, "/backup", "flash.backup.not_made")) {
      return;
    }
    Instant now = times.clock().instant();
    audit.record(ctx, AuditKind.BACKUP_EXPORT, AuditEvent.OK, "encrypted");
    byte[] bytes = BackupCodec.writeEncrypted(config.load(), admin.passwordHash().orElse(null), pass, now,
        hashing);
    download(ctx, bytes, "sekisho-backup-" + STAMP.format(now) + "-encrypted.json", "application/json");
  }

  /** GET /ruleset/export: the nftables text in force, as last loaded into the kernel. */
  void exportRuleset(Context ctx) {
    Optional<AppliedState> current = flow.current();
    if (current.isEmpty()) {
      Web.error(ctx, "flash.backup.no_ruleset");
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
      tooLarge(ctx);
      ctx.skipRemainingHandlers();
    }
  }

  /**
   * A multipart body Jetty could not read. A body without a declared length (chunked) shows its size only
   * while it is read, when Jetty's multipart limits (set in {@link WebApp}) stop it: that is a 413 like the
   * declared one, and anything else unreadable a 400; never an internal error.
   */
  static void unreadableForm(ServletException e, Context ctx) {
    if (overLimit(e)) {
      tooLarge(ctx);
      return;
    }
    LOG.info("refused an unreadable form on {}: {}", ctx.path(), e.toString());
    ctx.header("Connection", "close");
    ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8")
        .result(Lang.t("backup.form_unreadable"));
  }

  private static boolean overLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      // Jetty's MultiPartFormData: "max file size exceeded: N", "max length exceeded: N" (whole body).
      if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().contains("exceeded")) {
        return true;
      }
    }
    return false;
  }

  private static void tooLarge(Context ctx) {
    // Close: the rest of an oversized body is not worth reading just to keep the connection.
    ctx.header("Connection", "close");
    ctx.status(HttpStatus.CONTENT_TOO_LARGE).contentType("text/plain; charset=utf-8")
        .result(Lang.t("backup.too_large", BackupFormat.MAX_BYTES));
  }

  /** POST /backup/restore (multipart: file, passphrase): reads and checks the backup; changes nothing. */
  void upload(Context ctx) {
    UploadedFile file = ctx.uploadedFile("file");
    if (file == null) {
      page(ctx, 400, List.of(Problem.of("", "problem.backup.no_file")));
      return;
    }
    byte[] bytes;
    try (InputStream in = file.content()) {
      bytes = in.readNBytes(BackupFormat.MAX_BYTES + 1);
    } catch (IOException e) {
      page(ctx, 400, List.of(Problem.of("", "problem.backup.unreadable", String.valueOf(e.getMessage()))));
      return;
    }
    String pass = ctx.formParam("passphrase");
    BackupCodec.Read read = BackupCodec.read(bytes, pass == null || pass.isEmpty() ? null : pass, hashing);
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
      Web.error(ctx, "flash.backup.none_waiting");
      Web.seeOther(ctx, "/backup");
      return;
    }
    Config restored = r.backup().config();
    Config draft = config.load();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "backup");
    flow.preview(ctx, draft, restored, model);
    model.put("fileName", r.fileName());
    model.put("createdAt", r.backup().createdAt() == null ? "" : times.format(r.backup().createdAt()));
    model.put("sekishoVersion", r.backup().sekishoVersion());
    model.put("formatVersion", r.backup().formatVersion());
    model.put("migrated", r.backup().formatVersion() < BackupFormat.CURRENT_VERSION);
    model.put("encrypted", r.backup().encrypted());
    model.put("hasPassword", r.backup().adminPasswordHash() != null);
    model.put("counts", Lang.t("backup.counts", restored.interfaces().size(), restored.hosts().size(),
        restored.rules().size()));
    model.put("draftUnapplied", Views.unapplied(draft, flow.current()) && !draft.equals(Config.empty()));
    model.put("auditEvents", r.backup().auditLog().size());
    views.render(ctx, "backup/preview", model);
  }

  /**
   * POST /backup/restore/apply: loads the restored configuration with confirm-or-rollback and makes it the
   * draft ({@link ApplyFlow}). The draft is replaced only after the kernel took the new ruleset, so a refused
   * apply leaves the database as it was; a rollback puts back the configuration that was in force, as for
   * any apply.
   */
  void apply(Context ctx) {
    PendingRestore r = Web.session(ctx).get(RESTORE_KEY, PendingRestore.class);
    if (r == null) {
      Web.error(ctx, "flash.backup.none_waiting");
      Web.seeOther(ctx, "/backup");
      return;
    }
    if (!reauthenticated(ctx, "/backup/restore/preview", "flash.backup.not_restored")) {
      return;
    }
    String note = Lang.t("backup.restore_note", r.backup().createdAt() == null ? Lang.t("backup.unknown_time")
        : times.format(r.backup().createdAt()));
    if (flow.start(ctx, ApplyFlow.Target.restore(r.backup().config()), note)) {
      Web.session(ctx).put(RESTORE_KEY, null);
    }
  }

  /** POST /backup/restore/cancel: forgets the uploaded backup. */
  void cancel(Context ctx) {
    Web.session(ctx).put(RESTORE_KEY, null);
    Web.success(ctx, "flash.backup.discarded");
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
