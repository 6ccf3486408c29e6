package dev.sekisho.web;

import dev.sekisho.crypto.Secrets;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.Session;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Set;

/**
 * The one before-handler every request passes, in a fixed order: security headers, session lookup, the
 * first-start gate (no password yet: only /setup), the login gate, and the CSRF check for every request
 * that is not a GET or HEAD (the session's token after login, {@link FormCsrf}'s before). Doing it in one place keeps the order obvious and leaves no route unguarded
 * by accident: a new route is protected unless it is added to {@link #PUBLIC}.
 */
final class Guard {
  /** The only pages reachable without logging in (besides /static/*). */
  static final Set<String> PUBLIC = Set.of("/login", "/setup");
  /** The name of the hidden form field carrying the CSRF token. */
  static final String CSRF_FIELD = "_csrf";

  static final String CSP = SecurityHeaders.CSP;

  private final SessionStore sessions;
  private final AdminStore admin;
  private final FormCsrf forms;
  private final ApiGuard api;

  Guard(SessionStore sessions, AdminStore admin, FormCsrf forms, ApiGuard api) {
    this.sessions = sessions;
    this.admin = admin;
    this.forms = forms;
    this.api = api;
  }

  void handle(Context ctx) {
    SecurityHeaders.PAGE.forEach(ctx::header);
    String path = ctx.path();
    if (path.startsWith("/static/")) {
      return; // stylesheet and script: public, cacheable, and never state-changing
    }
    ctx.header("Cache-Control", "no-store");

    if (ctx.header("X-HTTP-Method-Override") != null) {
      // Javalin's ctx.method() would believe the header: a POST calling itself GET would skip the CSRF check.
      ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8")
          .result(Lang.t("guard.method_override"));
      ctx.skipRemainingHandlers();
      return;
    }
    if (ApiGuard.isApi(path)) {
      // The API's own gate: a bearer key, never the session cookie, so no CSRF surface (see ApiGuard).
      api.handle(ctx);
      return;
    }
    Session session = sessions.find(ctx.cookie(Web.COOKIE)).orElse(null);
    Web.setSession(ctx, session);
    Lang.enter(ctx, session, admin, PUBLIC.contains(path));
    // The method on the wire, never one a header claims.
    String method = ctx.req().getMethod();
    boolean safe = "GET".equals(method) || "HEAD".equals(method);

    if (admin.passwordHash().isEmpty()) {
      if (!path.equals("/setup")) {
        refuse(ctx, safe, "/setup", HttpStatus.FORBIDDEN, Lang.t("guard.not_set_up"));
        return;
      }
    } else if (!PUBLIC.contains(path) && (session == null || !session.authenticated())) {
      refuse(ctx, safe, "/login", HttpStatus.UNAUTHORIZED, Lang.t("guard.log_in_first"));
      return;
    }

    // The admin's forms carry the session's token; the login and setup forms (no session yet) the signed
    // double-submit token, so that anonymous visitors need no server state.
    boolean admitted = session != null && session.authenticated()
        ? Secrets.same(session.csrfToken(), ctx.formParam(CSRF_FIELD)) : forms.valid(ctx);
    if (!safe && !admitted) {
      ctx.status(HttpStatus.FORBIDDEN).contentType("text/plain; charset=utf-8")
          .result(Lang.t("guard.csrf"));
      ctx.skipRemainingHandlers();
    }
  }

  private static void refuse(Context ctx, boolean safe, String to, HttpStatus status, String message) {
    if (safe) {
      ctx.redirect(to, HttpStatus.SEE_OTHER);
    } else {
      ctx.status(status).contentType("text/plain; charset=utf-8").result(message);
    }
    ctx.skipRemainingHandlers();
  }
}
