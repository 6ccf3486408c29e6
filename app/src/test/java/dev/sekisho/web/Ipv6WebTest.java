package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.capture.Flow;
import dev.sekisho.capture.FlowKey;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.capture.TcpState;
import dev.sekisho.config.Cidr6;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Mac;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IPv6 where an admin meets it in the panel: the interfaces page says whether IPv6 is forwarded (in both
 * languages), interfaces take an IPv6 prefix, hosts IPv6 addresses, rules IPv6 destinations, each with its
 * errors at the field and nothing saved; and a live IPv6 flow offers "Allow this" / "Block this".
 */
class Ipv6WebTest extends WebTestBase {

  @Test
  void theInterfacesPageSaysWhetherIpv6IsForwarded() {
    h.configs.save(lan());
    Browser b = loggedIn();
    String off = b.get("/interfaces").body();
    assertTrue(off.contains("IPv6 is not forwarded: no LAN interface has an IPv6 prefix"), off);
    Browser ja = loggedIn();
    ja.acceptLanguage = "ja";
    assertTrue(ja.get("/interfaces").body().contains("IPv6 は転送されていません"));

    Browser.Page saved = b.postFrom("/interfaces/eth0/edit", "/interfaces/eth0", Map.of("name", "eth0", "role", "lan",
        "address", "192.168.1.1/24", "address6", "2001:DB8:1:0::1/64"));
    assertEquals(303, saved.status(), saved.body());
    assertEquals("2001:db8:1::1/64", h.configs.load().interfaces().get(0).address6().toString());
    String on = b.get("/interfaces").body();
    assertTrue(on.contains("IPv6 is forwarded for 2001:db8:1::/64"), on);
    assertTrue(on.contains("2001:db8:1::1/64"), on);
    String jaOn = ja.get("/interfaces").body();
    assertTrue(jaOn.contains("IPv6 は 2001:db8:1::/64 で転送されています"), jaOn);
  }

  @Test
  void badIpv6InputIsAnErrorAtItsFieldAndChangesNothing() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Map<String, String> bad = Map.of("name", "eth0", "role", "lan", "address", "192.168.1.1/24",
        "address6", "2001:db8:1::1");
    Browser.Page noPrefix = b.postFrom("/interfaces/eth0/edit", "/interfaces/eth0", bad);
    assertEquals(400, noPrefix.status());
    HostTest.assertFieldError(noPrefix.body(), "address6", "needs a prefix length");
    Browser.Page linkLocal = b.post("/interfaces/eth0", Map.of("name", "eth0", "role", "lan",
        "address", "192.168.1.1/24", "address6", "fe80::1/64"));
    HostTest.assertFieldError(linkLocal.body(), "address6", "link-local");
    assertEquals(lan(), h.configs.load());

    // host addresses without a prefix to put them in, malformed, or without a MAC
    Browser.Page noLan6 = b.post("/hosts/1", Map.of("name", "laptop", "mac", "02:5e:6b:00:01:0a",
        "ip", "192.168.1.20", "ipv6", "2001:db8:1::20"));
    assertEquals(400, noLan6.status());
    HostTest.assertFieldError(noLan6.body(), "ipv6", "is not inside a LAN IPv6 prefix");
    Browser.Page malformed = b.post("/hosts/1", Map.of("name", "laptop", "mac", "", "ip", "192.168.1.20",
        "ipv6", "2001:db8:1::20\n2001:db8::1::2"));
    HostTest.assertFieldError(malformed.body(), "ipv6", "is not an IPv6 address");
    assertTrue(malformed.body().contains("2001:db8::1::2"), "input kept");
    // a rule to an IPv6 network while IPv6 is not forwarded
    Browser.Page rule = b.post("/rules", Map.of("source", "1", "destination", "2001:db8::/32", "protocol", "tcp",
        "ports", "443", "action", "deny", "comment", ""));
    assertEquals(400, rule.status());
    HostTest.assertFieldError(rule.body(), "destination", "IPv6 is not forwarded");
    assertEquals(lan(), h.configs.load());
  }

  @Test
  void hostsAndRulesTakeIpv6OnceTheLanHasAPrefix() {
    h.configs.save(dualStack());
    Browser b = loggedIn();
    Browser.Page host = b.post("/hosts/1", Map.of("name", "laptop", "mac", "02:5e:6b:00:01:0a", "ip", "192.168.1.20",
        "ipv6", "2001:db8:1::20, 2001:DB8:1::0:21"));
    assertEquals(303, host.status(), host.body());
    assertEquals(List.of(Ipv6.parse("2001:db8:1::20"), Ipv6.parse("2001:db8:1::21")),
        h.configs.load().host(1).orElseThrow().ipv6());
    assertTrue(b.get("/hosts").body().contains("2001:db8:1::20, 2001:db8:1::21"));
    assertTrue(b.get("/hosts/1/edit").body().contains("2001:db8:1::20\n2001:db8:1::21"), "the form shows them");

    Browser.Page rule = b.post("/rules", Map.of("source", "1", "destination", "2001:db8:113::/48", "protocol",
        "icmp", "ports", "", "action", "deny", "comment", "no IPv6 ping there", "enabled", "on"));
    assertEquals(303, rule.status(), rule.body());
    assertEquals(Cidr6.parse("2001:db8:113::/48"), h.configs.load().rules().get(0).destination());
    assertTrue(b.get("/rules").body().contains("2001:db8:113::/48"));
    // taking the MAC away now would leave the host's rules without IPv6: refused at the MAC
    Browser.Page noMac = b.post("/hosts/1", Map.of("name", "laptop", "mac", "", "ip", "192.168.1.20", "ipv6", ""));
    assertEquals(400, noMac.status());
    HostTest.assertFieldError(noMac.body(), "mac", "known by its MAC");
    // the preview's ruleset has the IPv6 chain and the host's rule keyed by its MAC
    String preview = b.get("/apply/preview").body();
    assertTrue(preview.contains("fwd6_lan"), preview);
    assertTrue(preview.contains("ether saddr 02:5e:6b:00:01:0a ip6 daddr 2001:db8:113::/48 meta l4proto ipv6-icmp"),
        preview);
  }

  @Test
  void anIpv6FlowOffersAllowAndBlock() {
    h.close();
    FakeFlows flows = new FakeFlows(Harness.START);
    IpAddress lan6 = IpAddress.parse("2001:db8:1::20");
    IpAddress remote6 = IpAddress.parse("2001:db8:113::10");
    Instant now = Harness.START;
    List<Flow> all = new ArrayList<>(flows.snapshot.flows());
    all.add(new Flow(new FlowKey(IpProtocols.TCP, lan6, 50100, remote6, 443), 0x025e6b00010aL, 5, 500, 5, 5000,
        now.minusSeconds(20), now.minusSeconds(1), TcpState.ESTABLISHED, 10));
    FlowSnapshot s = flows.snapshot;
    flows.snapshot = new FlowSnapshot(s.takenAt(), all, s.hosts(), s.table(), s.parse(), s.kernel(), s.maxFlows(),
        s.internalErrors());
    h = new Harness(dir, flows);
    h.configs.save(dualStack());
    Browser b = loggedIn();
    String page = b.get("/flows").body();
    assertTrue(page.contains("2001:db8:113::10"), page);
    // the laptop is named by its MAC and the link is the rule form prefilled with the IPv6 destination
    assertTrue(page.contains("/rules/new?source=1&amp;destination=2001%3Adb8%3A113%3A%3A10&amp;protocol=tcp"
        + "&amp;ports=443&amp;action=deny"), page);
    Browser.Page form = b.get("/rules/new?source=1&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp&ports=443"
        + "&action=deny");
    assertEquals(200, form.status());
    assertTrue(form.body().contains("value=\"2001:db8:113::10\""), form.body());
    assertFalse(page.contains("destination=2001%3Adb8%3A113%3A%3A10%2F32"), "no IPv4 prefix on an IPv6 address");
  }

  @Test
  void explainAnswersForIpv6() {
    h.configs.save(dualStack().withRule(new dev.sekisho.config.Rule(7, 1L, null, dev.sekisho.config.Protocol.TCP,
        dev.sekisho.config.PortRange.of(443), dev.sekisho.config.Action.DENY, false,
        dev.sekisho.config.Comment.parse("no web"), true)));
    Browser b = loggedIn();
    // the host from the inventory with an IPv6 destination: its IPv6 traffic, by its MAC
    String host = b.get("/explain?source=%231&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp&port=443"
        + "&direction=forward&config=draft").body();
    assertTrue(host.contains("Rule #7 &#39;no web&#39; at position 1, action deny."), host);
    // a self-chosen address from the laptop's MAC: the same rule
    String own = b.get("/explain?source=2001%3Adb8%3A1%3A%3Abeef&mac=02%3A5e%3A6b%3A00%3A01%3A0a"
        + "&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp&port=443&direction=forward&config=draft").body();
    assertTrue(own.contains("Rule #7 &#39;no web&#39; at position 1, action deny."), own);
    // a source outside the LAN prefix
    String outside = b.get("/explain?source=2001%3Adb8%3A99%3A%3A1&mac=02%3A00%3A00%3A00%3A00%3A99"
        + "&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp&port=443&direction=forward&config=draft").body();
    assertTrue(outside.contains("Anti-spoofing: the IPv6 source is outside the LAN prefixes (2001:db8:1::/64)."),
        outside);
    // mixed families are an error at the field
    Browser.Page mixed = b.get("/explain?source=192.168.1.20&destination=2001%3Adb8%3A113%3A%3A10&protocol=tcp"
        + "&port=443&direction=forward&config=draft");
    assertEquals(400, mixed.status());
    assertTrue(mixed.body().contains("are of different address families"), mixed.body());
  }

  /** {@link #lan()} with an IPv6 prefix on the LAN and the laptop bound to a MAC. */
  static Config dualStack() {
    Config c = lan();
    return c.withInterfaces(c.interfaces().stream().map(i -> i.name().equals("eth0")
            ? new dev.sekisho.config.NetInterface(i.name(), i.role(), i.address(),
                dev.sekisho.config.InterfaceAddress6.parse("2001:db8:1::1/64")) : i).toList())
        .withHost(new Host(1, "laptop", Mac.parse("02:5e:6b:00:01:0a"), c.host(1).orElseThrow().ip()));
  }
}
