package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfaceNatTest extends WebTestBase {

  @Test
  void addEditRenameAndDeleteInterfaces() {
    Browser b = loggedIn();
    assertEquals(303, b.postFrom("/interfaces/new", "/interfaces",
        Map.of("name", "eth0", "role", "lan", "address", "192.168.1.1/24")).status());
    assertEquals(303, b.post("/interfaces", Map.of("name", "eth1", "role", "wan", "address", "")).status());
    Config c = h.configs.load();
    assertEquals(2, c.interfaces().size());
    assertEquals(null, c.interfaces().get(1).address());

    Browser.Page secondWan = b.post("/interfaces", Map.of("name", "eth2", "role", "wan", "address", ""));
    assertEquals(400, secondWan.status());
    HostTest.assertFieldError(secondWan.body(), "role", "only one interface can have the WAN role");
    Browser.Page dup = b.post("/interfaces", Map.of("name", "eth0", "role", "lan", "address", ""));
    assertEquals(400, dup.status());
    HostTest.assertFieldError(dup.body(), "name", "there is already an interface called eth0");
    Browser.Page badAddr = b.post("/interfaces", Map.of("name", "eth2", "role", "lan", "address", "192.168.2.1"));
    assertEquals(400, badAddr.status());
    HostTest.assertFieldError(badAddr.body(), "address", "needs a prefix length");
    assertEquals(c, h.configs.load());

    assertEquals(303, b.post("/interfaces/eth1", Map.of("name", "wan0", "role", "wan", "address", "")).status());
    assertEquals(new NetInterface("wan0", Role.WAN, null), h.configs.load().interfaces().get(1));
    assertTrue(b.get("/").body().contains("wan0"));

    assertEquals(303, b.post("/interfaces/wan0/delete", Map.of()).status());
    assertEquals(1, h.configs.load().interfaces().size());
    assertTrue(b.get("/interfaces").body().contains("masquerade needs an interface with the WAN role"));
  }

  @Test
  void natNeedsAWanInterface() {
    Config noWan = Config.of(lan().interfaces().subList(0, 1), lan().hosts(), lan().rules(),
        new dev.sekisho.config.Settings(dev.sekisho.config.Policy.ALLOW, false, 8080, true, true));
    h.configs.save(noWan);
    Browser b = loggedIn();
    Browser.Page page = b.get("/nat");
    assertTrue(page.body().contains("There is no WAN interface"));
    Browser.Page on = b.post("/nat", Map.of("masquerade", "on"));
    assertEquals(400, on.status());
    assertTrue(on.body().contains("Masquerade needs an interface with the WAN role"));
    assertFalse(h.configs.load().settings().masquerade());

    h.configs.save(lan());
    assertTrue(b.get("/nat").body().contains("eth1 (address from DHCP)"));
    assertEquals(303, b.post("/nat", Map.of("masquerade", "off")).status());
    assertFalse(h.configs.load().settings().masquerade());
    assertEquals(303, b.post("/nat", Map.of("masquerade", "on")).status());
    assertTrue(h.configs.load().settings().masquerade());
  }
}
