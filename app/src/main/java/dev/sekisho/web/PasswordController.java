package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.i18n.Message;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.HashPermits;
import dev.sekisho.web.auth.Session;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.http.Context;
import java.util.Map;

/**
 * GET/POST /account/password: the admin changes the password with the current one, the new one twice
 * ({@link PasswordPolicy}). Every other session ends, so a browser left logged in elsewhere (or a stolen
 * cookie) is out; this one stays.
 */
final class PasswordController {
  private final AdminStore admin;
  private final SessionStore sessions;
  private final PasswordCheck check;
  private final Views views;
  private final AuditTrail audit;

  PasswordController(AdminStore admin, SessionStore sessions, PasswordCheck check, Views views,
      AuditTrail audit) {
    this.audit = audit;
    this.admin = admin;
    this.sessions = sessions;
    this.check = check;
    this.views = views;
  }

  void show(Context ctx) {
    render(ctx, 200, new Form());
  }

  void submit(Context ctx) {
    Form form = new Form();
    String password = newPassword(ctx, form);
    if (password == null) {
      render(ctx, 400, form);
      return;
    }
    String wrong = check.refusal(ctx);
    if (wrong != null) {
      form.reject(PasswordCheck.FIELD, wrong);
      render(ctx, ctx.statusCode() >= 400 ? ctx.statusCode() : 400, form);
      return;
    }
    String phc;
    try {
      phc = check.hash(password);
    } catch (HashPermits.Busy e) {
      ctx.header("Retry-After", Long.toString(LoginController.BUSY_RETRY_SECONDS));
      form.reject("password", Lang.t("problem.password.busy"));
      render(ctx, 503, form);
      return;
    }
    changed(ctx, phc);
  }

  /** The one place the password changes after setup: store it, end every other session. */
  private void changed(Context ctx, String phc) {
    Session current = Web.session(ctx);
    admin.setPasswordHash(phc);
    sessions.invalidateAllExcept(current);
    audit.record(ctx, AuditKind.PASSWORD_CHANGED, AuditEvent.OK, "every other session ended");
    Web.success(ctx, "flash.password.changed");
    Web.seeOther(ctx, "/");
  }

  /**
   * The new password typed twice ({@code password}, {@code confirm}), or null after rejecting the field that
   * is wrong (the {@link PasswordPolicy} rules, or the two differ). Shared with the setup page.
   */
  static String newPassword(Context ctx, Form form) {
    String password = ctx.formParam("password");
    Message refusal = PasswordPolicy.refusalText(password);
    if (refusal != null) {
      form.reject("password", Lang.text(refusal));
      return null;
    }
    if (!password.equals(ctx.formParam("confirm"))) {
      form.reject("confirm", Lang.t("problem.password.differ"));
      return null;
    }
    return password;
  }

  private void render(Context ctx, int status, Form form) {
    views.render(ctx, status, "auth/password", Map.of("form", form, "minPassword", PasswordPolicy.MIN_LENGTH,
        "nav", ""));
  }
}
