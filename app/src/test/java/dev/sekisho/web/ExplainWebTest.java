package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.config.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "Why is this blocked?" page: the verdict and the deciding step for a configured case, against the applied
 * configuration or the draft, each kind of bad input at its field with a 400, Japanese, and the links from the
 * rule list and the live flows page that open it prefilled.
 */
class ExplainWebTest extends WebTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The laptop (#1) to the address rule #12 denies on 443. */
  private static final String BLOCKED = "/explain?source=%231&mac=&destination=203.0.113.10&protocol=tcp&port=443"
      + "&direction=forward";

  FakeFlows flows;

  @BeforeEach
  void withFlows() {
    h.close();
    flows = new FakeFlows(Harness.START);
    h = new Harness(dir, flows);
    h.configs.save(FlowsWebTest.config());
  }

  private static Browser apply(Browser b) {
    assertEquals(303, b.post("/apply/now", Map.of("understood", "on")).status());
    return b;
  }

  /** The text of the element with this id (its first text, tags stripped), or null. */
  private static String byId(String html, String id) {
    Matcher m = Pattern.compile("(?s)id=\"" + id + "\"[^>]*>(.*?)</").matcher(html);
    return m.find() ? m.group(1).replaceAll("<[^>]*>", "").replace("&#39;", "'").replace("&amp;", "&").strip()
        : null;
  }

  /** The error shown inside the field whose label is for {@code name}, or null when it has none. */
  static String fieldError(String html, String name) {
    int at = html.indexOf("<label for=\"" + name + "\"");
    if (at < 0) {
      return null;
    }
    int end = html.indexOf("<div class=\"field", at);
    String field = html.substring(at, end < 0 ? html.length() : end);
    Matcher m = Pattern.compile("(?s)<p class=\"field-error\">(.*?)</p>").matcher(field);
    return m.find() ? m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&") : null;
  }

  /** The rows of the considered-rules table: rule id and outcome class. */
  private static List<String> rows(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("data-rule=\"(\\d+)\" class=\"outcome-([a-z_]+)\"").matcher(html);
    while (m.find()) {
      out.add(m.group(1) + ":" + m.group(2));
    }
    return out;
  }

  @Test
  void theDecidingRuleIsNamedAndLinkedAndEarlierRulesSayWhyNot() {
    Browser b = apply(loggedIn());
    Browser.Page p = b.get(BLOCKED);
    assertEquals(200, p.status(), p.body());
    String html = p.body();
    assertTrue(html.contains("data-verdict=\"drop\""), html);
    assertEquals("Dropped", byId(html, "verdict"));
    assertEquals("laptop (192.168.1.20) → 203.0.113.10 tcp 443 · through the gateway (LAN to anywhere)",
        byId(html, "connection"));
    assertEquals("Rule #12 'no https for R&D 'lab'' at position 2, action deny.", byId(html, "decided-by"));
    assertTrue(html.contains("id=\"decided-rule\" href=\"/rules#rule-12\""), "links to the rule in the list");
    assertTrue(html.contains("href=\"/rules/12/edit\""), "and to its edit form");
    assertEquals(List.of("5:skipped_destination", "12:matched"), rows(html));
    assertTrue(html.contains("other destination"), html);
    assertTrue(html.contains("Explained against the applied configuration."), html);
    // The form keeps what was asked.
    assertTrue(html.contains("value=\"#1\"") && html.contains("value=\"203.0.113.10\""), html);

    // The web rule (#5, all hosts) decides port 80 to its network; a port it does not cover falls through to
    // the LAN default (allow), with #12 skipped for its destination.
    String web = b.get("/explain?source=192.168.1.20&mac=&destination=198.51.100.7&protocol=tcp&port=8080"
        + "&direction=forward").body();
    assertEquals("No rule matches, so the LAN default policy decides: allow.", byId(web, "decided-by"));
    assertEquals(List.of("5:skipped_port", "12:skipped_destination"), rows(web));
    assertEquals("Allowed", byId(web, "verdict"));

    // Built-in steps: from the WAN nothing is opened; to the gateway, DNS is a service.
    String wan = b.get("/explain?source=203.0.113.9&mac=&destination=192.168.1.20&protocol=tcp&port=22"
        + "&direction=wan").body();
    assertEquals("Nothing is opened from the WAN: new connections from there are dropped, whatever the rules say.",
        byId(wan, "decided-by"));
    String dns = b.get("/explain?source=%231&mac=&destination=192.168.1.1&protocol=udp&port=53&direction=gateway")
        .body();
    assertEquals("The gateway offers this service to the LAN: DNS.", byId(dns, "decided-by"));
    String closed = b.get("/explain?source=%231&mac=&destination=192.168.1.1&protocol=tcp&port=25"
        + "&direction=gateway").body();
    assertEquals("Refused", byId(closed, "verdict"));
  }

  @Test
  void theAppliedConfigurationIsExplainedUnlessTheDraftIsChosen() {
    Browser b = loggedIn();
    Browser.Page none = b.get(BLOCKED);
    assertEquals(200, none.status());
    assertTrue(none.body().contains("id=\"nothing-applied\""), "nothing applied yet: " + none.body());
    assertFalse(none.body().contains("id=\"explain-result\""));

    apply(b);
    // Rule #12 disabled in the draft only: the kernel still drops, the draft would let it through.
    h.configs.save(h.configs.load().withRule(disabled(h.configs.load().rule(12).orElseThrow())));
    assertEquals("Dropped", byId(b.get(BLOCKED).body(), "verdict"));
    String draft = b.get(BLOCKED + "&config=draft").body();
    assertEquals("Allowed", byId(draft, "verdict"));
    assertEquals(List.of("5:skipped_destination", "12:skipped_disabled"), rows(draft));
    assertTrue(draft.contains("Explained against the saved draft"), draft);
  }

  private static Rule disabled(Rule r) {
    return new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(), r.action(), r.log(),
        r.comment(), false);
  }

  @Test
  void badInputIsA400AtItsField() {
    Browser b = apply(loggedIn());
    Map<String, String> good = new LinkedHashMap<>();
    good.put("source", "#1");
    good.put("mac", "");
    good.put("destination", "203.0.113.10");
    good.put("protocol", "tcp");
    good.put("port", "443");
    good.put("direction", "forward");
    good.put("config", "applied");
    record Case(String field, String value, String error) {}
    List<Case> cases = List.of(
        new Case("source", "#99", "'#99' is no host of the inventory"),
        new Case("source", "", "a host or a source address is required"),
        new Case("source", "192.168.1.300", "'192.168.1.300': 300 is out of range 0-255"),
        new Case("mac", "zz", "'zz' is not a MAC address (expected six hex pairs like 02:5e:6b:00:01:0a)"),
        new Case("destination", "203.0.113", "'203.0.113' is not an IPv4 address (expected four numbers like"
            + " 192.168.1.10)"),
        new Case("port", "70000", "port 70000 is out of range 1-65535"),
        new Case("port", "1-9", "give one port, not a range"),
        new Case("protocol", "gre", "choose tcp, udp or icmp"),
        new Case("direction", "sideways", "choose forward, gateway or wan"),
        new Case("config", "yesterday", "choose the applied configuration or the saved draft"));
    for (Case c : cases) {
      Map<String, String> q = new LinkedHashMap<>(good);
      q.put(c.field(), c.value());
      Browser.Page p = b.get(path(q));
      assertEquals(400, p.status(), c + ": " + p.body());
      assertEquals(c.error(), fieldError(p.body(), c.field()), c.toString());
      assertFalse(p.body().contains("id=\"explain-result\""), c.toString());
    }
    // A port with icmp is at the port; the other fields are fine.
    Map<String, String> icmp = new LinkedHashMap<>(good);
    icmp.put("protocol", "icmp");
    icmp.put("port", "80");
    Browser.Page p = b.get(path(icmp));
    assertEquals(400, p.status());
    assertEquals("icmp has no ports; leave the port empty", fieldError(p.body(), "port"));
    assertNull(fieldError(p.body(), "protocol"));
    assertNull(fieldError(p.body(), "source"));
    // Markup in a value is only text.
    Map<String, String> hostile = new LinkedHashMap<>(good);
    hostile.put("source", "<script>x</script>");
    String html = b.get(path(hostile)).body();
    assertFalse(html.contains("<script>x"), html);
  }

  private static String path(Map<String, String> q) {
    StringBuilder s = new StringBuilder("/explain?");
    q.forEach((k, v) -> s.append(k).append('=')
        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
    return s.substring(0, s.length() - 1);
  }

  @Test
  void theFormAloneIsShownWithoutAQuery() {
    Browser b = loggedIn();
    Browser.Page p = b.get("/explain");
    assertEquals(200, p.status());
    assertTrue(p.body().contains("id=\"explain-form\"") && !p.body().contains("id=\"explain-result\""));
    assertTrue(p.body().contains("<option value=\"#1\" label=\"laptop (192.168.1.20)\">"), "hosts to choose from");
    assertTrue(p.body().contains("href=\"/explain\" class=\"active\""), "in the navigation: " + p.body());
  }

  @Test
  void japaneseReadersGetJapanese() {
    Browser b = apply(loggedIn());
    b.acceptLanguage = "ja";
    String html = b.get(BLOCKED).body();
    assertEquals("破棄", byId(html, "verdict"));
    assertEquals("位置 2 のルール #12「no https for R&D 'lab'」(動作: 拒否)。", byId(html, "decided-by"));
    assertTrue(html.contains("宛先が異なる") && html.contains("照合したルール"), html);
    Browser.Page bad = b.get(BLOCKED.replace("port=443", "port=70000"));
    assertEquals(400, bad.status());
    assertEquals("ポート 70000 は 1〜65535 の範囲外です", fieldError(bad.body(), "port"));
    Browser.Page noHost = b.get(BLOCKED.replace("%231", "%2399"));
    assertEquals("「#99」はインベントリーのホストではありません", fieldError(noHost.body(), "source"));
  }

  @Test
  void eachRuleOfTheListLinksToItsExplanation() {
    Browser b = loggedIn();
    String list = b.get("/rules").body();
    String forDeny = "/explain?source=%231&amp;destination=203.0.113.10&amp;protocol=tcp&amp;port=443"
        + "&amp;direction=forward&amp;config=draft";
    assertTrue(list.contains("href=\"" + forDeny + "\""), list);
    // Rule #5 is about all hosts and a network: the admin picks the source and the address.
    assertTrue(list.contains("href=\"/explain?protocol=tcp&amp;port=80&amp;direction=forward&amp;config=draft\""),
        list);
    String explained = b.get(forDeny.replace("&amp;", "&")).body();
    assertTrue(explained.contains("id=\"decided-rule\" href=\"/rules#rule-12\""), explained);
    Browser.Page open = b.get("/explain?protocol=tcp&port=80&direction=forward&config=draft");
    assertEquals(200, open.status());
    assertTrue(open.body().contains("value=\"80\"") && !open.body().contains("id=\"explain-result\""));
    assertNull(fieldError(open.body(), "source"), "a prefilled form is no error");
  }

  @Test
  void theLiveFlowsLinkEachFlowAndBlockedPacketToItsExplanation() throws Exception {
    Browser b = apply(loggedIn());
    String page = b.get("/flows").body();
    String blocked = "/explain?source=192.168.1.20&amp;mac=&amp;destination=203.0.113.10&amp;protocol=tcp"
        + "&amp;port=443&amp;direction=forward";
    assertTrue(page.contains("class=\"btn btn-small explain-this\" href=\"" + blocked + "\""), page);
    assertTrue(page.contains("href=\"/explain?source=192.168.1.50&amp;mac=02%3A00%3A00%3A00%3A00%3A50"
        + "&amp;destination=203.0.113.1"), "the stranger's flows, with the MAC seen: " + page);
    assertTrue(page.contains("protocol=icmp&amp;port=&amp;direction=forward"), "icmp without a port: " + page);

    JsonNode v = JSON.readTree(b.get("/flows/stream").body());
    assertEquals(blocked.replace("&amp;", "&"), v.get("blocked").get(0).get("explainHref").asText());
    for (JsonNode f : v.get("flows")) {
      assertTrue(f.get("explainHref").asText().startsWith("/explain?source=192.168.1."), f.toString());
    }
    String stranger = b.get("/explain?source=192.168.1.50&mac=02%3A00%3A00%3A00%3A00%3A50&destination=203.0.113.10"
        + "&protocol=icmp&port=&direction=forward").body();
    assertEquals("192.168.1.50 02:00:00:00:00:50 → 203.0.113.10 icmp · through the gateway (LAN to anywhere)",
        byId(stranger, "connection"));
    String explained = b.get(blocked.replace("&amp;", "&")).body();
    assertEquals("Rule #12 'no https for R&D 'lab'' at position 2, action deny.", byId(explained, "decided-by"));

    // Towards one of the gateway's own addresses the direction is "to the gateway".
    assertEquals("/explain?source=192.168.1.20&mac=&destination=192.168.1.1&protocol=udp&port=53"
        + "&direction=gateway", RuleLinks.explain(h.configs.load(), FakeFlows.LAPTOP, "", IpAddress.parse(
            "192.168.1.1"), IpProtocols.UDP, 53));
    // IPv6 too: here the LAN has no IPv6 prefix, so the answer is that IPv6 is not forwarded.
    String v6 = RuleLinks.explain(h.configs.load(), IpAddress.parse("2001:db8:1::20"), "02:00:00:00:00:50",
        IpAddress.parse("2001:db8:113:0::10"), IpProtocols.TCP, 443);
    assertEquals("/explain?source=2001%3Adb8%3A1%3A%3A20&mac=02%3A00%3A00%3A00%3A00%3A50"
        + "&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp&port=443&direction=forward", v6);
    String notForwarded = b.get(v6 + "&config=draft").body();
    assertTrue(byId(notForwarded, "decided-by").startsWith("IPv6 is not forwarded"), notForwarded);
    assertNull(RuleLinks.explain(h.configs.load(), FakeFlows.LAPTOP, "", FakeFlows.NET1, 47, 0), "gre");
  }
}
