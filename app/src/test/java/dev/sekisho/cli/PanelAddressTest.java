package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where the panel may listen: the pure decision from configuration, options and interface addresses. */
class PanelAddressTest {
  private static final Function<String, List<String>> NO_ADDRESSES = name -> List.of();
  /** eth1 LAN 192.168.1.1/24, eth0 WAN by DHCP (no address in the configuration). */
  private static final Config GATEWAY = config(
      new NetInterface("eth1", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
      new NetInterface("eth0", Role.WAN, null));
  /** What eth0 got from the ISP, and eth1 as configured. */
  private static final Function<String, List<String>> LIVE = name -> switch (name) {
    case "eth0" -> List.of("fe80::1", "203.0.113.7");
    case "eth1" -> List.of("192.168.1.1");
    default -> List.of();
  };

  private static Config config(NetInterface... ifs) {
    return Config.of(List.of(ifs), List.of(), List.of(), Settings.DEFAULTS);
  }

  private static PanelAddress.Listen listen(PanelAddress.Decision d) {
    return assertInstanceOf(PanelAddress.Listen.class, d, d::toString);
  }

  private static String refused(PanelAddress.Decision d) {
    return assertInstanceOf(PanelAddress.Refused.class, d, d::toString).message();
  }

  @Test
  void byDefaultThePanelListensOnTheLanAddressAndTheConfiguredAdminPort() {
    Config c = GATEWAY.withSettings(s -> s.withAdminPort(8443));
    PanelAddress.Listen l = listen(PanelAddress.decide(c, PanelAddress.Options.DEFAULT, NO_ADDRESSES));
    assertEquals("192.168.1.1", l.host());
    assertEquals(8443, l.port());
    assertFalse(l.onWan());
    assertTrue(l.why().contains("LAN interface eth1"), l.why());
  }

  @Test
  void theLanInterfacesAddressNowWinsOverTheConfiguredOneAndIpv6IsSkipped() {
    Config c = config(new NetInterface("eth1", Role.LAN, null), new NetInterface("eth2", Role.LAN, null));
    Function<String, List<String>> live = n -> n.equals("eth1") ? List.of("fd00::1") : List.of("10.0.0.1");
    assertEquals("10.0.0.1", listen(PanelAddress.decide(c, PanelAddress.Options.DEFAULT, live)).host(),
        "the first LAN interface with an IPv4 address");
  }

  @Test
  void withoutAnyLanAddressTheStartIsRefusedWithWhatToSetNeverAWildcard() {
    for (Config c : List.of(Config.empty(), config(new NetInterface("eth1", Role.LAN, null)),
        config(new NetInterface("eth0", Role.WAN, InterfaceAddress.parse("203.0.113.7/24"))))) {
      String m = refused(PanelAddress.decide(c, PanelAddress.Options.DEFAULT, NO_ADDRESSES));
      assertTrue(m.contains("--lan-address") && m.contains("SEKISHO_LAN_ADDRESS") && m.contains("--listen"), m);
    }
    String m = refused(PanelAddress.decide(Config.empty(), new PanelAddress.Options(null, true), NO_ADDRESSES));
    assertTrue(m.contains("No LAN address"), "allowing the WAN does not make a wildcard the default: " + m);
  }

  @Test
  void listenOverridesHostAndPort() {
    PanelAddress.Listen l = listen(PanelAddress.decide(GATEWAY, new PanelAddress.Options("192.168.1.1:9000", false),
        LIVE));
    assertEquals("192.168.1.1:9000", l.hostPort());
    assertFalse(l.onWan());
    assertEquals("127.0.0.1", listen(PanelAddress.decide(GATEWAY,
        new PanelAddress.Options("127.0.0.1:8080", false), LIVE)).host(), "loopback (an SSH tunnel) is fine");
  }

  @Test
  void wildcardsAndWanAddressesAreRefusedWithoutTheExplicitSetting() {
    for (String listen : List.of("0.0.0.0:8080", "[::]:8080", ":8080", "203.0.113.7:8080")) {
      String m = refused(PanelAddress.decide(GATEWAY, new PanelAddress.Options(listen, false), LIVE));
      assertTrue(m.contains("--panel-on-wan") && m.contains("SEKISHO_PANEL_ON_WAN=yes"), m);
    }
    Config staticWan = config(new NetInterface("eth1", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
        new NetInterface("eth0", Role.WAN, InterfaceAddress.parse("198.51.100.2/24")));
    String m = refused(PanelAddress.decide(staticWan, new PanelAddress.Options("198.51.100.2:8080", false),
        NO_ADDRESSES));
    assertTrue(m.contains("WAN interface eth0"), "the configured WAN address counts too: " + m);
  }

  @Test
  void theExplicitSettingAllowsTheWanAndMarksIt() {
    PanelAddress.Listen l = listen(PanelAddress.decide(GATEWAY, new PanelAddress.Options("0.0.0.0:8080", true),
        LIVE));
    assertEquals("0.0.0.0", l.host());
    assertTrue(l.onWan());
    assertTrue(l.why().contains("--panel-on-wan"), l.why());
    assertTrue(listen(PanelAddress.decide(GATEWAY, new PanelAddress.Options("203.0.113.7:8080", true), LIVE))
        .onWan());
  }

  @Test
  void aMalformedListenIsRefused() {
    for (String listen : List.of("192.168.1.1", "192.168.1.1:http", "192.168.1.1:70000")) {
      refused(PanelAddress.decide(GATEWAY, new PanelAddress.Options(listen, false), LIVE));
    }
  }

  @Test
  void optionsComeFromTheCommandLineThenTheEnvironment() {
    assertEquals(new PanelAddress.Options("10.0.0.1:80", true), PanelAddress.options(
        Map.of("listen", "10.0.0.1:80", "panel-on-wan", "true"), Map.of("SEKISHO_LISTEN", "0.0.0.0:1")));
    assertEquals(new PanelAddress.Options("0.0.0.0:1", true), PanelAddress.options(Map.of(),
        Map.of("SEKISHO_LISTEN", "0.0.0.0:1", "SEKISHO_PANEL_ON_WAN", "yes")));
    assertEquals(PanelAddress.Options.DEFAULT, PanelAddress.options(Map.of(),
        Map.of("SEKISHO_LISTEN", " ", "SEKISHO_PANEL_ON_WAN", "no")));
  }
}
