package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Settings;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The DNS forwarder's settings (rules by domain name): the upstream resolver, the floor and cap of a learned
 * address's lifetime, and the optional redirect of all LAN DNS with DNS over TLS refused.
 */
final class DnsSettingsController {
  private final ConfigService config;
  private final Views views;
  private final dev.sekisho.dns.DnsService dns;

  DnsSettingsController(ConfigService config, Views views, dev.sekisho.dns.DnsService dns) {
    this.config = config;
    this.views = views;
    this.dns = dns;
  }

  void show(Context ctx) {
    Settings s = config.load().settings();
    Form f = new Form().set("dnsUpstream", s.dnsUpstream() == null ? "" : s.dnsUpstream().toString())
        .set("dnsTtlFloor", String.valueOf(s.dnsTtlFloor())).set("dnsTtlCap", String.valueOf(s.dnsTtlCap()))
        .set("dnsRedirect", s.dnsRedirect() ? "on" : "");
    render(ctx, 200, f);
  }

  void submit(Context ctx) {
    Form f = Form.posted(ctx, "dnsUpstream", "dnsTtlFloor", "dnsTtlCap", "dnsRedirect");
    try {
      config.update(c -> save(c, f));
    } catch (Form.Invalid e) {
      render(ctx, 400, f);
      return;
    }
    Web.success(ctx, "flash.settings.saved");
    Web.seeOther(ctx, "/settings/dns");
  }

  /** The draft with the forwarder's settings from the form; errors at their fields. */
  static Config save(Config c, Form f) {
    String up = f.value("dnsUpstream").strip();
    Ipv4 upstream = up.isEmpty() ? null : f.parse("dnsUpstream", Ipv4::parse);
    Integer floor = seconds(f, "dnsTtlFloor");
    Integer cap = seconds(f, "dnsTtlCap");
    if (floor != null && cap != null && floor > cap) {
      f.reject("dnsTtlFloor", Lang.t("problem.settings.dns_ttl_order"));
    }
    if (upstream == null && c.rules().stream().anyMatch(r -> r.enabled() && !c.domainsOf(r).isEmpty())) {
      f.reject("dnsUpstream", Lang.t("problem.dns.upstream_needed"));
    }
    f.throwIfInvalid();
    Config next = c.withSettings(s -> s.withDns(upstream, floor, cap, f.checked("dnsRedirect")));
    f.rejectLocated(dev.sekisho.config.ConfigValidator.validate(next), "settings",
        java.util.List.of("dnsUpstream", "dnsTtlFloor", "dnsTtlCap", "dnsRedirect"));
    f.throwIfInvalid();
    return next;
  }

  private static Integer seconds(Form f, String field) {
    String v = f.value(field).strip();
    if (!v.matches("[0-9]{1,6}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > Settings.MAX_TTL) {
      f.reject(field, Lang.t("problem.settings.dns_ttl_range", Settings.MAX_TTL));
      return null;
    }
    return Integer.valueOf(v);
  }

  private void render(Context ctx, int status, Form f) {
    Map<String, Object> m = new HashMap<>();
    m.put("nav", "settings");
    m.put("form", f);
    // what the forwarder and the learner counted: queries, drops by reason, addresses held and evicted
    java.util.List<String> counters = new java.util.ArrayList<>();
    if (dns != null) {
      dev.sekisho.dns.DomainLearner.Stats l = dns.learner().stats();
      counters.add(Lang.t("dns.stats.learner", l.held(), l.learned(), l.evictions(), l.nftFailures()));
      dns.stats().ifPresentOrElse(s -> {
        counters.add(Lang.t("dns.stats.forwarder", s.queries(), s.answered(), s.failed()));
        s.dropped().forEach((reason, n) -> counters.add(Lang.t("dns.stats.dropped", reason, n)));
      }, () -> counters.add(Lang.t("dns.stats.off")));
      if (dns.lastError() != null) {
        counters.add(Lang.t("dns.stats.error", dns.lastError()));
      }
    }
    m.put("counters", counters);
    views.render(ctx, status, "settings/dns", m);
  }
}
