package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.ParseException;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.crypto.Secrets;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.HashPermits;
import dev.sekisho.web.auth.LoginThrottle;
import dev.sekisho.web.auth.Session;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * First start: there is no default password. Whoever can read the appliance console (where the launcher
 * prints the one-time setup token) sets the admin password; the token dies with its first use.
 */
final class SetupController {
  private final AdminStore admin;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final PasswordHasher hasher;
  private final HashPermits hashing;
  private final Views views;
  private final AtomicReference<String> token;
  private final FormCsrf forms;
  private final AuditTrail audit;
  private final ConfigService config;

  SetupController(AdminStore admin, SessionStore sessions, LoginThrottle throttle, PasswordHasher hasher,
      HashPermits hashing, Views views, FormCsrf forms, String setupToken, AuditTrail audit, ConfigService config) {
    this.config = config;
    this.forms = forms;
    this.audit = audit;
    this.admin = admin;
    this.sessions = sessions;
    this.throttle = throttle;
    this.hasher = hasher;
    this.hashing = hashing;
    this.views = views;
    this.token = new AtomicReference<>(setupToken);
  }

  void show(Context ctx) {
    if (admin.passwordHash().isPresent()) {
      Web.seeOther(ctx, "/login");
      return;
    }
    render(ctx, 200, new Form());
  }

  /**
   * POST /setup. Everything cheap comes before the hash: "already set", the token's existence, the throttle
   * (a try is paid for up front, like a login) and the token itself; only the holder of the right token
   * ever makes the appliance run Argon2id.
   */
  void submit(Context ctx) {
    if (admin.passwordHash().isPresent()) {
      Web.seeOther(ctx, "/login");
      return;
    }
    Form form = new Form();
    String expected = token.get();
    if (expected == null) {
      form.reject("token", Lang.t("problem.setup.no_token"));
      render(ctx, 400, form);
      return;
    }
    String client = ctx.ip();
    Optional<Duration> locked = throttle.reserve(client);
    if (locked.isPresent()) {
      form.reject("token", LoginController.lockedMessage(locked.get()));
      audit.record(ctx, "-", AuditKind.LOCKOUT, AuditEvent.REFUSED, "setup while locked out");
      ctx.header("Retry-After", Long.toString(LoginController.seconds(locked.get())));
      render(ctx, 429, form);
      return;
    }
    // The unknown-devices choice (a radio, "allow" preselected; absent from a script: unchanged) is checked
    // before anything costly, and saved only once the password is set.
    String unknownText = ctx.formParam("unknownDevices");
    UnknownDevices unknown = null;
    if (unknownText != null) {
      try {
        unknown = UnknownDevices.parse(unknownText);
      } catch (ParseException e) {
        throttle.refund(client);
        form.reject("unknownDevices", Lang.t("problem.unknown_devices.unknown"));
        render(ctx, 400, form);
        return;
      }
    }
    String givenToken = ctx.formParam("token");
    if (!Secrets.same(expected, givenToken == null ? "" : givenToken.strip())) {
      wrongToken(ctx, form);
      return;
    }
    // The right token: this was no guess, so the slot is given back whatever happens next.
    throttle.refund(client);
    String password = PasswordController.newPassword(ctx, form);
    if (password == null) {
      render(ctx, 400, form);
      return;
    }
    String phc;
    try {
      phc = hashing.run(() -> hasher.hash(password));
    } catch (HashPermits.Busy e) {
      Map<String, Object> model = new java.util.HashMap<>(setupModel());
      model.put("csrf", forms.issue(ctx));
      LoginController.busy(ctx, views, "auth/setup", model);
      return;
    }
    synchronized (this) {
      // Checked again under the lock so that two racing submissions cannot both use the token.
      if (admin.passwordHash().isPresent() || !expected.equals(token.get())) {
        Web.seeOther(ctx, "/login");
        return;
      }
      admin.setPasswordHash(phc);
      token.set(null);
    }
    audit.record(ctx, LoginController.USERNAME, AuditKind.SETUP_DONE, AuditEvent.OK, "admin password set");
    if (unknown != null && unknown != config.load().settings().unknownDevices()) {
      UnknownDevices chosen = unknown;
      config.update(c -> c.withSettings(s -> s.withUnknownDevices(chosen)));
    }
    Session fresh = sessions.login(Web.session(ctx));
    Web.startSession(ctx, fresh);
    Web.success(ctx, "flash.setup.done");
    Web.seeOther(ctx, "/interfaces");
  }

  /** A wrong setup token (its failure slot was already taken by the throttle). */
  private void wrongToken(Context ctx, Form form) {
    audit.record(ctx, "-", AuditKind.SETUP_TOKEN_WRONG, AuditEvent.FAILED, "wrong setup token");
    form.reject("token", Lang.t("problem.setup.wrong_token"));
    render(ctx, 400, form);
  }

  private void render(Context ctx, int status, Form form) {
    // Secrets typed by the admin are never echoed back into the page.
    Map<String, Object> model = new java.util.HashMap<>(setupModel());
    model.put("form", form);
    model.put("csrf", forms.issue(ctx));
    String u = ctx.formParam("unknownDevices");
    model.put("unknownChoice", "deny".equals(u) ? "deny" : "allow");
    views.render(ctx, status, "auth/setup", model);
  }

  private Map<String, Object> setupModel() {
    return Map.of("tokenAvailable", token.get() != null, "minPassword", PasswordPolicy.MIN_LENGTH);
  }
}
