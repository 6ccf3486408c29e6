package dev.sekisho.web;

import dev.sekisho.i18n.Language;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;

/**
 * The language switch on every page: {@code POST /language} (behind the guard's CSRF check like every form)
 * remembers the choice for the admin and in a cookie, and goes back to the page it came from. The login and
 * setup pages switch with a {@code ?lang=} link instead ({@link Lang#enter}), since no one is logged in.
 */
final class LanguageController {
  private final AdminStore admin;

  LanguageController(AdminStore admin) {
    this.admin = admin;
  }

  void choose(Context ctx) {
    Language l = Language.of(ctx.formParam("lang")).orElse(null);
    String back = LocalRedirect.orElse(ctx.formParam("back"), "/");
    if (l == null) {
      Web.seeOther(ctx, back);
      return;
    }
    Lang.remember(ctx, l);
    Lang.use(l);
    Session s = Web.session(ctx);
    if (s != null && s.authenticated()) {
      admin.setLanguage(l.tag());
    }
    Web.seeOther(ctx, back);
  }

  /** POST /account/zone: the time zone dates are shown in (empty: the appliance's own). */
  void zone(Context ctx) {
    String raw = ctx.formParam("timeZone");
    if (raw == null || raw.isBlank()) {
      admin.setTimeZone(null);
      Web.success(ctx, "flash.zone.cleared");
    } else {
      java.util.Optional<java.time.ZoneId> z = Lang.zone(raw);
      if (z.isEmpty()) {
        Web.error(ctx, "problem.zone.unknown");
      } else {
        admin.setTimeZone(z.get().getId());
        Web.success(ctx, "flash.zone.saved", z.get().getId());
      }
    }
    Web.seeOther(ctx, "/account/password");
  }
}
