package dev.sekisho.web;

import dev.sekisho.config.Config;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * How the admin reaches the gateway: SSH from the LAN and the anti-lockout rule. Turning anti-lockout off
 * needs an explicit tick, because from then on the admin's own deny rules can cut the panel.
 */
final class SettingsController {
  private final ConfigService config;
  private final Views views;

  private final PasswordCheck reauth;
  private final Times times;

  SettingsController(ConfigService config, Views views, PasswordCheck reauth, Times times) {
    this.config = config;
    this.views = views;
    this.reauth = reauth;
    this.times = times;
  }

  void show(Context ctx) {
    Config c = config.load();
    render(ctx, 200, c, c.settings().sshFromLan(), c.settings().antiLockout(), new Form());
  }

  void submit(Context ctx) {
    Form f = Form.posted(ctx, "sshFromLan", "antiLockout", "understood");
    boolean ssh = f.value("sshFromLan").equals("on");
    boolean antiLockout = f.value("antiLockout").equals("on");
    if (!antiLockout && config.load().settings().antiLockout() && f.value("understood").equals("on")) {
      // Switching the safety net off is asked with the password again (checked outside the draft's lock).
      String refusal = reauth.refusal(ctx);
      if (refusal != null) {
        f.reject(PasswordCheck.FIELD, refusal);
        render(ctx, ctx.statusCode() >= 400 ? ctx.statusCode() : 400, config.load(), ssh, false, f);
        return;
      }
    }
    try {
      config.update(c -> access(c, ssh, antiLockout, f));
    } catch (Form.Invalid e) {
      render(ctx, 400, config.load(), ssh, false, f);
      return;
    }
    Web.success(ctx, "flash.settings.saved");
    Web.seeOther(ctx, "/settings");
  }

  /**
   * The draft with SSH from the LAN and anti-lockout as given; turning anti-lockout off needs the ticked
   * {@code understood} field, else the change aborts with the form's error.
   */
  static Config access(Config c, boolean ssh, boolean antiLockout, Form f) {
    if (!antiLockout && c.settings().antiLockout() && !f.value("understood").equals("on")) {
      f.reject("understood", Lang.t("problem.settings.antilockout_tick"));
      f.throwIfInvalid();
    }
    return c.withSettings(s -> s.withSshFromLan(ssh).withAntiLockout(antiLockout));
  }

  /**
   * POST /settings/time-zone: the gateway's time zone, in which schedules' windows are read (an IANA id;
   * empty for the system's zone). An unknown zone is refused at the field and nothing changes.
   */
  void timeZone(Context ctx) {
    Form z = Form.posted(ctx, "timeZone");
    try {
      config.update(c -> {
        String v = z.value("timeZone").strip();
        java.time.ZoneId zone = v.isEmpty() ? null : z.parse("timeZone", dev.sekisho.config.Settings::parseZone);
        z.throwIfInvalid();
        return c.withSettings(s -> s.withTimeZone(zone));
      });
    } catch (Form.Invalid e) {
      Config c = config.load();
      render(ctx, 400, c, c.settings().sshFromLan(), c.settings().antiLockout(), new Form(), z);
      return;
    }
    Web.success(ctx, "flash.settings.saved");
    Web.seeOther(ctx, "/settings");
  }

  private void render(Context ctx, int status, Config c, boolean ssh, boolean antiLockout, Form f) {
    Config cur = c;
    render(ctx, status, c, ssh, antiLockout, f, new Form().set("timeZone",
        cur.settings().timeZone() == null ? "" : cur.settings().timeZone().getId()));
  }

  private void render(Context ctx, int status, Config c, boolean ssh, boolean antiLockout, Form f, Form zoneForm) {
    Map<String, Object> m = new HashMap<>();
    m.put("zoneForm", zoneForm);
    m.put("systemZone", times.clock().getZone().getId());
    m.put("nav", "settings");
    m.put("adminPort", c.settings().adminPort());
    m.put("sshFromLan", ssh);
    m.put("antiLockout", antiLockout);
    m.put("form", f);
    views.render(ctx, status, "settings/show", m);
  }
}
