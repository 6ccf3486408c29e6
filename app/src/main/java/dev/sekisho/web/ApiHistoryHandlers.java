package dev.sekisho.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.backup.BackupFormat;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.crypto.HashingPermits;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.store.ApiKey;
import dev.sekisho.store.AuditStore;
import dev.sekisho.store.Revision;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.store.RevisionSummary;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The API's revisions (list, show, diff, rollback to the draft) and backups (plain export; restore as upload,
 * preview, apply, cancel). As in the panel, a rollback only makes the revision the draft, and a restore is
 * checked completely ({@link BackupCodec#read}) and kept, per API key, until it is applied through the same
 * confirm-or-rollback apply ({@link ApiApplyHandlers#start}) or dropped.
 */
final class ApiHistoryHandlers {
  /** Request header carrying an encrypted backup's passphrase (never the URL). */
  static final String PASSPHRASE = "X-Sekisho-Passphrase";

  private final RevisionStore revisions;
  private final ConfigService config;
  private final ApplyFlow flow;
  private final ApiApplyHandlers apply;
  private final Times times;
  private final AuditTrail audit;
  private final AuditStore auditLog;
  private final HashingPermits hashing;
  /** Uploaded, validated backups waiting for their apply, by API key (the session of a key). */
  private final Map<Long, BackupController.PendingRestore> restores = new ConcurrentHashMap<>();

  ApiHistoryHandlers(RevisionStore revisions, ConfigService config, ApplyFlow flow, ApiApplyHandlers apply,
      Times times, AuditTrail audit, AuditStore auditLog, HashingPermits hashing) {
    this.revisions = revisions;
    this.config = config;
    this.flow = flow;
    this.apply = apply;
    this.times = times;
    this.audit = audit;
    this.auditLog = auditLog;
    this.hashing = hashing;
  }

  // --- revisions

  void list(Context ctx) {
    Optional<Long> current = revisions.currentId();
    ApiJson.send(ctx, 200, revisions.list().stream().map(s -> summary(s, current)).toList());
  }

  void show(Context ctx) {
    Revision r = find(Web.idParam(ctx));
    Map<String, Object> out = summary(r.summary(), revisions.currentId());
    out.put("config", ConfigCodec.toTree(r.config()));
    out.put("ruleset", r.ruleset());
    ApiJson.send(ctx, 200, out);
  }

  void diff(Context ctx) {
    Revision from = find(queryId(ctx, "from"));
    Revision to = find(queryId(ctx, "to"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from.id());
    out.put("to", to.id());
    out.put("changes", ApiShapes.changes(from.config(), to.config()));
    out.put("rulesetDiff", TextDiff.unified(from.ruleset(), to.ruleset()).stream().map(TextDiff.Line::shown)
        .collect(Collectors.joining("\n")));
    ApiJson.send(ctx, 200, out);
  }

  /** POST /api/v1/revisions/{id}/rollback: the revision becomes the draft (apply it like any draft). */
  void rollback(Context ctx) {
    Revision r = find(Web.idParam(ctx));
    config.replace(r.config());
    audit.record(ctx, AuditKind.REVISION_ROLLBACK, AuditEvent.OK, "the draft is now revision " + r.id());
    ApiJson.send(ctx, 200, Map.of("draft", "revision " + r.id(), "preview", "/api/v1/apply/preview"));
  }

  // --- backup

  /** GET /api/v1/backup: the plain backup (no secrets) of the draft and the audit log, as the panel's. */
  void export(Context ctx) {
    var now = times.clock().instant();
    audit.record(ctx, AuditKind.BACKUP_EXPORT, AuditEvent.OK, "plain");
    ctx.header("Content-Disposition", "attachment; filename=\"sekisho-backup.json\"");
    ctx.status(200).contentType("application/json").result(BackupCodec.write(config.load(), auditLog.all(), now));
  }

  /** POST /api/v1/backup/restore (body: the backup file): checked completely, kept, previewed; changes nothing. */
  void upload(Context ctx) {
    byte[] bytes = ApiJson.bytes(ctx, BackupFormat.MAX_BYTES);
    String pass = ctx.header(PASSPHRASE);
    BackupCodec.Read read = BackupCodec.read(bytes, pass == null || pass.isEmpty() ? null : pass, hashing);
    if (!read.ok()) {
      throw ApiProblem.invalid("the backup was refused; nothing was changed", read.problems());
    }
    restores.put(ApiGuard.key(ctx).id(), new BackupController.PendingRestore(read.backup(), "",
        times.clock().instant()));
    ApiJson.send(ctx, 200, restorePreview(ctx, read.backup()));
  }

  /** GET /api/v1/backup/restore: the preview of the uploaded backup again. */
  void preview(Context ctx) {
    ApiJson.send(ctx, 200, restorePreview(ctx, pending(ctx).backup()));
  }

  /** POST /api/v1/backup/restore/apply {"fingerprint", "timeout"?}: applied with confirmation, as an apply. */
  void applyRestore(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("fingerprint", "timeout"), "");
    BackupController.PendingRestore r = pending(ctx);
    String note = "restored from the backup of " + (r.backup().createdAt() == null ? "unknown time"
        : times.format(r.backup().createdAt()));
    body.put("note", note);
    apply.start(ctx, ApplyFlow.Target.restore(r.backup().config()), body);
    restores.remove(ApiGuard.key(ctx).id());
  }

  /** DELETE /api/v1/backup/restore: forgets the uploaded backup. */
  void cancel(Context ctx) {
    if (restores.remove(ApiGuard.key(ctx).id()) == null) {
      throw ApiProblem.notFound("no uploaded backup is waiting");
    }
    ctx.status(204);
  }

  private BackupController.PendingRestore pending(Context ctx) {
    ApiKey k = ApiGuard.key(ctx);
    BackupController.PendingRestore r = restores.get(k.id());
    if (r == null) {
      throw ApiProblem.notFound("no uploaded backup is waiting; POST one to /api/v1/backup/restore first");
    }
    return r;
  }

  private Map<String, Object> restorePreview(Context ctx, BackupCodec.Backup b) {
    Config restored = b.config();
    Map<String, Object> out = apply.preview(ctx, config.load(), restored);
    out.put("createdAt", b.createdAt() == null ? null : b.createdAt().toString());
    out.put("formatVersion", b.formatVersion());
    out.put("encrypted", b.encrypted());
    out.put("auditEvents", b.auditLog().size());
    return out;
  }

  private Map<String, Object> summary(RevisionSummary s, Optional<Long> current) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("appliedAt", s.appliedAt().toString());
    out.put("admin", s.admin());
    out.put("note", s.note());
    out.put("current", current.isPresent() && current.get() == s.id());
    return out;
  }

  private Revision find(Long id) {
    if (id == null) {
      throw ApiProblem.notFound("no such revision");
    }
    return revisions.get(id).orElseThrow(() -> ApiProblem.notFound("no revision " + id));
  }

  private static Long queryId(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ApiProblem.invalid("choose two revisions by number", List.of(new dev.sekisho.config.Problem(name,
          "required: a revision number")));
    }
    return Long.parseLong(raw);
  }
}
