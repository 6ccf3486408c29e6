package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Port forwards on the NAT page: the forms, errors at their fields, enabling, deleting, the host they use. */
class ForwardWebTest extends WebTestBase {

  private static Map<String, String> form(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("protocol", "tcp", "wanPorts", "8443", "host", "1", "target", "",
        "targetPort", "443", "allowedSources", "", "reflection", "on", "comment", "laptop web", "enabled", "on"));
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        m.remove(kv[i]);
      } else {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  @Test
  void addEditToggleAndDeleteAForward() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertTrue(b.get("/nat").body().contains("No port forwards."));
    assertEquals(303, b.postFrom("/nat/forwards/new", "/nat/forwards",
        form("allowedSources", "203.0.113.0/24, 192.0.2.7")).status());
    PortForward f = h.configs.load().forward(1).orElseThrow();
    assertEquals(new PortForward(1, Protocol.TCP, PortRange.of(8443), 1L, null, 443,
        List.of(Cidr.parse("192.0.2.7"), Cidr.parse("203.0.113.0/24")), true, false,
        new dev.sekisho.config.Comment("laptop web"), true), f);
    String page = b.get("/nat").body();
    assertTrue(page.contains("Port forward #1 added."), page);
    assertTrue(page.contains("laptop (192.168.1.20)") && page.contains("192.0.2.7, 203.0.113.0/24"), page);
    // the WAN interface has no address here: reflection cannot be compiled, and the page says so
    assertTrue(page.contains("NAT reflection is not compiled"), page);

    String edit = b.get("/nat/forwards/1/edit").body();
    assertTrue(edit.contains("value=\"8443\"") && edit.contains("Edit port forward #1"), edit);
    assertEquals(303, b.post("/nat/forwards/1", form("host", "", "target", "192.168.1.30", "targetPort", "",
        "reflection", null, "log", "on")).status());
    f = h.configs.load().forward(1).orElseThrow();
    assertEquals(null, f.hostId());
    assertEquals("192.168.1.30", f.target().toString());
    assertEquals(null, f.targetPort());
    assertFalse(f.reflection());
    assertTrue(f.log());

    assertEquals(303, b.post("/nat/forwards/1/toggle", Map.of()).status());
    assertFalse(h.configs.load().forward(1).orElseThrow().enabled());
    assertTrue(b.get("/nat").body().contains("Port forward #1 disabled."));
    assertEquals(303, b.post("/nat/forwards/1/toggle", Map.of()).status());
    assertTrue(h.configs.load().forward(1).orElseThrow().enabled());

    String dashboard = b.get("/").body();
    assertTrue(dashboard.contains("Port forwards (1 enabled)"), dashboard);

    assertEquals(303, b.post("/nat/forwards/1/delete", Map.of()).status());
    assertEquals(List.of(), h.configs.load().forwards());
    assertEquals(404, b.post("/nat/forwards/1/delete", Map.of()).status());
  }

  @Test
  void badInputIsShownAtItsFieldAndNothingIsSaved() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/nat/forwards", form("wanPorts", "9000"));
    Config before = h.configs.load();

    Browser.Page p = b.post("/nat/forwards", form("wanPorts", "70000"));
    assertEquals(400, p.status());
    HostTest.assertFieldError(p.body(), "wanPorts", "port 70000 is out of range 1-65535");
    p = b.post("/nat/forwards", form("wanPorts", "8000-8100"));
    HostTest.assertFieldError(p.body(), "wanPorts", "TCP port 8080, the admin panel");
    p = b.post("/nat/forwards", form("wanPorts", "22"));
    HostTest.assertFieldError(p.body(), "wanPorts", "TCP port 22 (SSH");
    p = b.post("/nat/forwards", form("wanPorts", "8990-9010", "protocol", "tcp+udp"));
    HostTest.assertFieldError(p.body(), "wanPorts", "that forward #1 already takes");
    p = b.post("/nat/forwards", form("host", "", "target", "10.9.9.9"));
    HostTest.assertFieldError(p.body(), "target", "10.9.9.9 is not inside a LAN subnet (192.168.1.0/24)");
    p = b.post("/nat/forwards", form("host", "", "target", ""));
    HostTest.assertFieldError(p.body(), "target", "LAN address, or choose a host");
    p = b.post("/nat/forwards", form("host", "77"));
    HostTest.assertFieldError(p.body(), "host", "choose a host from the list");
    p = b.post("/nat/forwards", form("wanPorts", "60000-60010", "targetPort", "65530"));
    HostTest.assertFieldError(p.body(), "targetPort", "beyond 65535");
    p = b.post("/nat/forwards", form("allowedSources", "10.0.0.0/33"));
    HostTest.assertFieldError(p.body(), "allowedSources", "prefix length 33 is out of range");
    p = b.post("/nat/forwards", form("protocol", "icmp"));
    HostTest.assertFieldError(p.body(), "protocol", "tcp, udp or tcp+udp");
    p = b.post("/nat/forwards", form("comment", "a \"quote\"; drop"));
    HostTest.assertFieldError(p.body(), "comment", "double quote");
    assertEquals(before, h.configs.load());
  }

  @Test
  void aHostAForwardGoesToIsNotDeleted() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/nat/forwards", form());
    assertEquals(303, b.post("/hosts/1/delete", Map.of()).status());
    assertTrue(h.configs.load().host(1).isPresent());
    assertTrue(b.get("/hosts").body().contains("Host laptop is not deleted: port forward #1 goes to it."));
  }

  @Test
  void enablingAnOverlappingForwardIsRefusedWithTheReason() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/nat/forwards", form());
    b.post("/nat/forwards", form("enabled", null, "comment", "second"));
    assertEquals(303, b.post("/nat/forwards/2/toggle", Map.of()).status());
    assertFalse(h.configs.load().forward(2).orElseThrow().enabled());
    assertTrue(b.get("/nat").body().contains("forward #2 takes WAN port(s) 8443 that forward #1 already takes"));
  }

  @Test
  void aProblemOfAForwardLinksToItsForm() {
    // e.g. after the WAN interface was removed: the dashboard names the forward and links to its form
    h.configs.save(lan().withForward(new PortForward(4, Protocol.UDP, PortRange.of(51820), null,
        dev.sekisho.config.Ipv4.parse("192.168.1.40"), null, List.of(), false, false,
        dev.sekisho.config.Comment.NONE, true)).withoutInterface("eth1").withSettings(s -> s.withMasquerade(false)));
    String dashboard = loggedIn().get("/").body();
    assertTrue(dashboard.contains("/nat/forwards/4/edit") && dashboard.contains("Port forward #4"), dashboard);
    assertTrue(dashboard.contains("there is no WAN interface for it to come in on"), dashboard);
  }

  @Test
  void explainFromTheWanNamesTheForward() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/nat/forwards", form("allowedSources", "203.0.113.0/24"));
    String q = "/explain?source=203.0.113.10&mac=&destination=198.51.100.2&protocol=tcp&port=8443&direction=wan"
        + "&config=draft";
    String en = b.get(q).body();
    assertTrue(en.contains("Port forward #1 sends it on to 192.168.1.20 port 443"), en);
    String stranger = b.get(q.replace("203.0.113.10", "192.0.2.1")).body();
    assertTrue(stranger.contains("Port forward #1 takes this port, but the source is not among its allowed sources"),
        stranger);
    b.acceptLanguage = "ja";
    String ja = b.get(q).body();
    assertTrue(ja.contains("ポートフォワード #1 が 192.168.1.20 のポート 443 に転送します"), ja);
  }

  @Test
  void japanese() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.acceptLanguage = "ja";
    b.post("/nat/forwards", form());
    String page = b.get("/nat").body();
    assertTrue(page.contains("ポートフォワード #1 を追加しました。"), page);
    assertTrue(page.contains("ポートフォワードを追加"), page);
    Browser.Page p = b.post("/nat/forwards", form("wanPorts", "8080"));
    HostTest.assertFieldError(p.body(), "wanPorts", "管理画面のポート TCP 8080");
  }
}
