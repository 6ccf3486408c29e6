package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Rule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules by domain name through the panel: the DNS forwarder's settings page, a domain rule added and shown,
 * hostile or impossible names refused at the field with nothing saved, the best-effort note next to the field.
 */
class DomainRulesWebTest extends WebTestBase {

  private static Map<String, String> rule(String domain) {
    Map<String, String> m = new HashMap<>(Map.of("source", "all", "destination", "", "destinationList", "",
        "service", "", "protocol", "tcp", "ports", "443", "action", "allow", "comment", "by name", "enabled", "on"));
    m.put("destinationDomain", domain);
    return m;
  }

  @Test
  void forwarderSettingsThenADomainRule() {
    h.configs.save(lan());
    Browser b = loggedIn();
    // without a forwarder a domain rule is refused at its field
    Browser.Page refused = b.post("/rules", rule("*.example.org"));
    assertEquals(400, refused.status());
    assertTrue(refused.body().contains("DNS forwarder is off"), refused.body());
    assertTrue(h.configs.load().rules().isEmpty());

    Browser.Page bad = b.post("/settings/dns", Map.of("dnsUpstream", "192.0.2.53", "dnsTtlFloor", "700",
        "dnsTtlCap", "600"));
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("cannot be above its cap"), bad.body());
    Browser.Page ok = b.post("/settings/dns", Map.of("dnsUpstream", "192.0.2.53", "dnsTtlFloor", "20",
        "dnsTtlCap", "600", "dnsRedirect", "on"));
    assertEquals(303, ok.status(), ok.body());
    Config c = h.configs.load();
    assertEquals("192.0.2.53", c.settings().dnsUpstream().toString());
    assertEquals(20, c.settings().dnsTtlFloor());
    assertTrue(c.settings().dnsRedirect());

    String form = b.get("/rules/new").body();
    assertTrue(form.contains("name=\"destinationDomain\"") && form.contains("DNS over HTTPS can evade it"), form);
    Browser.Page added = b.post("/rules", rule("*.Example.ORG"));
    assertEquals(303, added.status(), added.body());
    Rule r = h.configs.load().rules().get(0);
    assertEquals("*.example.org", r.destinationDomain().toString());
    assertNull(r.destination());
    assertTrue(b.get("/rules").body().contains("domain *.example.org"));
    assertTrue(b.get("/rules/" + r.id() + "/edit").body().contains("value=\"*.example.org\""));
    String preview = b.get("/apply/preview").body();
    assertTrue(preview.contains("set dom4_" + r.id()) && preview.contains("ip daddr @dom4_" + r.id()), preview);

    // the forwarder cannot be switched off under an enabled domain rule
    assertEquals(400, b.post("/settings/dns", Map.of("dnsUpstream", "", "dnsTtlFloor", "20", "dnsTtlCap", "600"))
        .status());
  }

  @Test
  void hostileNamesAreRefusedAtTheFieldAndShownAsText() {
    h.configs.save(lan().withSettings(s -> s.withDns(dev.sekisho.config.Ipv4.parse("192.0.2.53"), 30, 3600, false)));
    Browser b = loggedIn();
    Config before = h.configs.load();
    for (String name : new String[] {"<script>x</script>.org", "a.org } ; flush ruleset", "a".repeat(64) + ".org",
        "localhost"}) {
      Browser.Page p = b.post("/rules", rule(name));
      assertEquals(400, p.status(), name);
      assertTrue(!p.body().contains("<script>x"), "escaped");
      assertTrue(p.body().contains("field-error"), p.body());
    }
    Map<String, String> both = rule("example.org");
    both.put("destination", "10.0.0.0/8");
    Browser.Page p = b.post("/rules", both);
    assertEquals(400, p.status());
    assertTrue(p.body().contains("one network, one address list or one domain name"), p.body());
    assertEquals(before, h.configs.load(), "nothing saved");
  }
}
