package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.audit.AuditSink;
import dev.sekisho.config.Config;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The panel's door to the audit log: each event is raised with one call at the single place that decides
 * it (a controller, {@link ApplyFlow}, {@link ConfigService}), and gets its time, user and source address
 * here. {@link ConfigService} has no request at hand, so the request being served is remembered per thread
 * between {@link #enter} and {@link #leave} (Javalin runs a handler on one thread from start to end).
 */
final class AuditTrail {
  private static final ThreadLocal<Context> REQUEST = new ThreadLocal<>();

  private final AuditSink sink;
  private final Clock clock;

  AuditTrail(AuditSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /** Remembers the request this thread serves (a before-handler). */
  static void enter(Context ctx) {
    REQUEST.set(ctx);
  }

  /** Forgets it (an after-handler). */
  static void leave() {
    REQUEST.remove();
  }

  /** Records an event of this request, by the session's user. */
  void record(Context ctx, AuditKind kind, String outcome, String detail) {
    record(ctx, user(ctx), kind, outcome, detail);
  }

  /** Records an event of this request by {@code user} (e.g. the name typed at a failed login). */
  void record(Context ctx, String user, AuditKind kind, String outcome, String detail) {
    sink.record(new AuditEvent(clock.instant(), user, ctx == null ? "" : ctx.ip(), kind, outcome, detail));
  }

  /**
   * Records one saved edit of the draft: what kind of object changed and its id or name ("Host nas (#1)
   * changed"), never the values or the whole configuration. Nothing is recorded when nothing changed.
   */
  void edit(Config before, Config after) {
    List<ConfigDiff.Change> changes = ConfigDiff.between(before, after);
    if (changes.isEmpty()) {
      return;
    }
    Context ctx = REQUEST.get();
    String detail = changes.stream().map(c -> c.title() + " " + c.kind().verb()).collect(Collectors.joining("; "));
    record(ctx, ctx == null ? AuditEvent.SYSTEM : user(ctx), AuditKind.CONFIG_EDIT, AuditEvent.OK, detail);
  }

  /** Who makes this request: the API key's user, the logged-in admin, or "-". */
  static String who(Context ctx) {
    return user(ctx);
  }

  private static String user(Context ctx) {
    dev.sekisho.store.ApiKey key = ApiGuard.key(ctx);
    if (key != null) {
      return ApiKeys.user(key);
    }
    Session s = Web.session(ctx);
    return s != null && s.authenticated() ? LoginController.USERNAME : "-";
  }
}
