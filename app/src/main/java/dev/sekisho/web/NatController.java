package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Masquerade (source NAT) of LAN traffic leaving through the WAN interface; the page lists the port forwards too. */
final class NatController {
  private final ConfigService config;
  private final Views views;

  NatController(ConfigService config, Views views) {
    this.config = config;
    this.views = views;
  }

  void show(Context ctx) {
    render(ctx, 200, config.load(), new Form());
  }

  void submit(Context ctx) {
    Form f = Form.posted(ctx, "masquerade");
    String value = f.value("masquerade");
    if (!"on".equals(value) && !"off".equals(value)) {
      f.reject("masquerade", Lang.t("problem.nat.on_off"));
      render(ctx, 400, config.load(), f);
      return;
    }
    boolean on = value.equals("on");
    try {
      config.update(c -> masquerade(c, on, f));
    } catch (Form.Invalid e) {
      render(ctx, 400, config.load(), f);
      return;
    }
    Web.success(ctx, on ? "flash.nat.on" : "flash.nat.off");
    Web.seeOther(ctx, "/nat");
  }

  /** The draft with masquerade on or off; aborts with the form's error when there is no WAN to leave by. */
  static Config masquerade(Config c, boolean on, Form f) {
    if (on && c.interfaces(Role.WAN).isEmpty()) {
      f.reject("masquerade", Lang.t("problem.nat.no_wan"));
      f.throwIfInvalid();
    }
    return c.withSettings(s -> s.withMasquerade(on));
  }

  private void render(Context ctx, int status, Config c, Form f) {
    List<String> wan = c.interfaces(Role.WAN).stream().map(NatController::describe).toList();
    boolean staticWan = c.interfaces(Role.WAN).stream().anyMatch(i -> i.address() != null);
    views.render(ctx, status, "nat/show", Map.of("nav", "nat", "wan", wan,
        "masquerade", c.settings().masquerade(), "form", f, "forwards", ForwardController.rows(c),
        "staticWan", staticWan));
  }

  private static String describe(NetInterface i) {
    return i.address() == null ? i.name() + " (address from DHCP)" : i.name() + " (" + i.address() + ")";
  }
}
