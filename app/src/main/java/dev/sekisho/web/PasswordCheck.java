package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.HashPermits;
import dev.sekisho.web.auth.LoginThrottle;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * Re-authentication: the admin's current password asked again before a sensitive action (changing the
 * password, an encrypted export carrying the password hash, switching anti-lockout off, applying a
 * restore). It is checked exactly like a login: a throttle slot is paid for before the hash, the hash runs
 * under the permits, and a wrong password counts toward the lock-out, so a stolen session cannot be used to
 * guess the password either.
 */
final class PasswordCheck {
  /** The form field carrying the current password. */
  static final String FIELD = "currentPassword";

  private final AdminStore admin;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final HashPermits hashing;
  private final AuditTrail audit;

  PasswordCheck(AdminStore admin, LoginThrottle throttle, PasswordHasher hasher, HashPermits hashing,
      AuditTrail audit) {
    this.audit = audit;
    this.admin = admin;
    this.throttle = throttle;
    this.hasher = hasher;
    this.hashing = hashing;
  }

  /**
   * Checks {@link #FIELD} of the posted form; null when it is right, otherwise the message to show next to
   * the field (wrong, locked out, or busy). Sets the status for a lock-out (429) or no permit (503).
   */
  String refusal(Context ctx) {
    String given = ctx.formParam(FIELD);
    if (given == null || given.isEmpty()) {
      return Lang.t("problem.reauth.missing");
    }
    String client = ctx.ip();
    Optional<Duration> locked = throttle.reserve(client);
    if (locked.isPresent()) {
      ctx.header("Retry-After", Long.toString(LoginController.seconds(locked.get())));
      ctx.status(429);
      return LoginController.lockedMessage(locked.get());
    }
    boolean ok;
    try {
      String phc = admin.passwordHash().orElse(null);
      ok = given.length() <= PasswordPolicy.MAX_LENGTH && hashing.run(() -> hasher.verify(given, phc));
    } catch (HashPermits.Busy e) {
      throttle.release(client);
      ctx.header("Retry-After", Long.toString(LoginController.BUSY_RETRY_SECONDS));
      ctx.status(503);
      return Lang.t("problem.password.busy");
    }
    if (!ok) {
      audit.record(ctx, AuditKind.REAUTH_FAILURE, AuditEvent.FAILED, "wrong current password at " + ctx.path());
      return wrong(client);
    }
    throttle.refund(client);
    return null;
  }

  /** A wrong current password in a signed-in session (its failure slot is already counted). */
  private String wrong(String client) {
    Optional<Duration> locked = throttle.lockedFor(client);
    return locked.isPresent() ? Lang.t("problem.login.wrong_locked", LoginController.lockedMessage(locked.get()))
        : Lang.t("problem.reauth.wrong");
  }

  /** The hasher, for a new password. */
  String hash(String password) throws HashPermits.Busy {
    return hashing.run(() -> hasher.hash(password));
  }
}
