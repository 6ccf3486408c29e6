package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.HashPermits;
import dev.sekisho.web.auth.LoginThrottle;
import dev.sekisho.web.auth.Session;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Logging in and out of the single "admin" account. */
final class LoginController {
  /** The one account's name, shown in the form so password managers know what to fill. */
  static final String USERNAME = "admin";
  /** Retry-After of a 503 when no hashing permit came free. */
  static final int BUSY_RETRY_SECONDS = 5;

  private final AdminStore admin;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final HashPermits hashing;
  private final Views views;
  private final FormCsrf forms;
  private final AuditTrail audit;

  LoginController(AdminStore admin, SessionStore sessions, LoginThrottle throttle, PasswordHasher hasher,
      HashPermits hashing, Views views, FormCsrf forms, AuditTrail audit) {
    this.forms = forms;
    this.audit = audit;
    this.admin = admin;
    this.sessions = sessions;
    this.throttle = throttle;
    this.hasher = hasher;
    this.hashing = hashing;
    this.views = views;
  }

  void show(Context ctx) {
    Session s = Web.session(ctx);
    if (s != null && s.authenticated()) {
      Web.seeOther(ctx, "/");
      return;
    }
    render(ctx, 200, new Form());
  }

  void submit(Context ctx) {
    String client = ctx.ip();
    Form form = new Form();
    // The failure is paid for before the hash runs, so parallel guesses cannot all pass the check.
    Optional<Duration> locked = throttle.reserve(client);
    if (locked.isPresent()) {
      lockedOut(ctx, form, locked.get());
      return;
    }
    String password = ctx.formParam("password");
    String phc = admin.passwordHash().orElse(null);
    boolean ok;
    try {
      ok = password != null && password.length() <= PasswordPolicy.MAX_LENGTH
          && hashing.run(() -> hasher.verify(password, phc));
    } catch (HashPermits.Busy e) {
      throttle.release(client);
      busy(ctx, views, "auth/login", Map.of("username", USERNAME, "csrf", forms.issue(ctx)));
      return;
    }
    if (!ok) {
      failed(ctx, form, client);
      return;
    }
    succeeded(ctx, client);
  }

  /** A wrong password (its failure slot was already taken). */
  private void failed(Context ctx, Form form, String client) {
    audit.record(ctx, typedUser(ctx), AuditKind.LOGIN_FAILURE, AuditEvent.FAILED, "wrong password");
    Optional<Duration> locked = throttle.lockedFor(client);
    form.reject("password", locked.isPresent() ? Lang.t("problem.login.wrong_locked", lockedMessage(locked.get()))
        : Lang.t("problem.login.wrong"));
    render(ctx, 401, form);
  }

  /** A try refused without checking the password because the client (or everyone) is locked out. */
  private void lockedOut(Context ctx, Form form, Duration wait) {
    audit.record(ctx, typedUser(ctx), AuditKind.LOCKOUT, AuditEvent.REFUSED, "login while locked out");
    form.reject("password", lockedMessage(wait));
    ctx.header("Retry-After", Long.toString(seconds(wait)));
    render(ctx, 429, form);
  }

  /** The right password: the reserved failure is refunded and a fresh session starts. */
  private void succeeded(Context ctx, String client) {
    throttle.refund(client);
    audit.record(ctx, USERNAME, AuditKind.LOGIN_SUCCESS, AuditEvent.OK, "");
    // A new id on login: an id someone planted in this browser before login is worthless afterwards.
    Session fresh = sessions.login(Web.session(ctx));
    Web.startSession(ctx, fresh);
    Web.seeOther(ctx, "/");
  }

  /** No hashing permit came free in time: 503 with a hint when to retry, nothing was checked or counted. */
  static void busy(Context ctx, Views views, String template, Map<String, Object> model) {
    Form form = new Form();
    form.reject("password", Lang.t("problem.password.busy"));
    ctx.header("Retry-After", Long.toString(BUSY_RETRY_SECONDS));
    Map<String, Object> m = new java.util.HashMap<>(model);
    m.put("form", form);
    views.render(ctx, 503, template, m);
  }

  void logout(Context ctx) {
    audit.record(ctx, AuditKind.LOGOUT, AuditEvent.OK, "");
    sessions.invalidate(Web.session(ctx));
    Web.clearCookie(ctx);
    Web.seeOther(ctx, "/login");
  }

  /** The user name the form sent (the field is read-only, but a client can send anything): for the log. */
  static String typedUser(Context ctx) {
    String u = ctx.formParam("username");
    return u == null || u.isEmpty() ? USERNAME : u;
  }

  static String lockedMessage(Duration wait) {
    return Lang.t("problem.login.locked", seconds(wait));
  }

  static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private void render(Context ctx, int status, Form form) {
    views.render(ctx, status, "auth/login", Map.of("form", form, "username", USERNAME,
        "csrf", forms.issue(ctx)));
  }
}
