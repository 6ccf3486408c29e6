package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.LoginThrottle;
import dev.sekisho.web.auth.Session;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** Logging in and out of the single "admin" account. */
final class LoginController {
  /** The one account's name, shown in the form so password managers know what to fill. */
  static final String USERNAME = "admin";

  private final AdminStore admin;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final Semaphore hashing;
  private final Views views;
  private final AuditTrail audit;

  LoginController(AdminStore admin, SessionStore sessions, LoginThrottle throttle, PasswordHasher hasher,
      Semaphore hashing, Views views, AuditTrail audit) {
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
    Web.ensureSession(ctx, sessions);
    render(ctx, 200, new Form());
  }

  void submit(Context ctx) {
    String client = ctx.ip();
    Form form = new Form();
    Optional<Duration> locked = throttle.lockedFor(client);
    if (locked.isPresent()) {
      form.reject("password", lockedMessage(locked.get()));
      audit.record(ctx, typedUser(ctx), AuditKind.LOCKOUT, AuditEvent.REFUSED, "login while locked out");
      render(ctx, 429, form);
      return;
    }
    String password = ctx.formParam("password");
    String phc = admin.passwordHash().orElse(null);
    boolean ok;
    // Each Argon2id run takes 64 MiB; bounding concurrent runs keeps a login flood from exhausting memory.
    hashing.acquireUninterruptibly();
    try {
      ok = password != null && password.length() <= PasswordPolicy.MAX_LENGTH && hasher.verify(password, phc);
    } finally {
      hashing.release();
    }
    if (!ok) {
      throttle.failure(client);
      audit.record(ctx, typedUser(ctx), AuditKind.LOGIN_FAILURE, AuditEvent.FAILED, "wrong password");
      locked = throttle.lockedFor(client);
      form.reject("password", locked.isPresent() ? "Wrong password. " + lockedMessage(locked.get())
          : "Wrong password.");
      render(ctx, 401, form);
      return;
    }
    throttle.success(client);
    audit.record(ctx, USERNAME, AuditKind.LOGIN_SUCCESS, AuditEvent.OK, "");
    // A new id on login: an id someone planted in this browser before login is worthless afterwards.
    Session fresh = sessions.login(Web.session(ctx));
    Web.startSession(ctx, fresh);
    Web.seeOther(ctx, "/");
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
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return "Too many wrong attempts from your address. Try again in " + seconds + " seconds.";
  }

  private void render(Context ctx, int status, Form form) {
    views.render(ctx, status, "auth/login", Map.of("form", form, "username", USERNAME));
  }
}
