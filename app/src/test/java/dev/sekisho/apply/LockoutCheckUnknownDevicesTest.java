package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.config.UnknownDevices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warning before a MAC allow-list is applied from a device that is not registered. */
class LockoutCheckUnknownDevicesTest {
  private static final Config DENY = Config.of(
      List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.1.1/24"))),
      List.of(new Host(1, "admin pc", Mac.parse("02:00:00:00:00:01"), Ipv4.parse("192.168.1.10")),
          new Host(2, "nas", null, Ipv4.parse("192.168.1.20"))),
      List.of(),
      Settings.DEFAULTS.withUnknownDevices(UnknownDevices.DENY));

  @Test
  void anUnregisteredAdminDeviceIsWarnedAbout() {
    assertEquals(List.of("Unknown devices are denied and your device (192.168.1.77) is in the inventory as no host: "
        + "it would reach nothing through the gateway. The anti-lockout rule keeps the panel, but add your device "
        + "as a host first."), LockoutCheck.warnings(DENY, "192.168.1.77", 8080));
    assertEquals(List.of(), LockoutCheck.warnings(DENY, "192.168.1.10", 8080), "registered by its address");
    assertEquals(List.of(), LockoutCheck.warnings(DENY, "192.168.1.20", 8080), "a host without a MAC counts");
    assertEquals(List.of(), LockoutCheck.warnings(DENY.withSettings(s -> s.withUnknownDevices(UnknownDevices.ALLOW)),
        "192.168.1.77", 8080), "nothing to warn about while unknown devices are allowed");
  }

  @Test
  void withoutAntiLockoutTheWarningSaysThePanelIsLost() {
    Config strict = DENY.withSettings(s -> s.withAntiLockout(false));
    assertEquals(List.of("Unknown devices are denied, the anti-lockout rule is off, and your device (192.168.1.77) "
        + "is in the inventory as no host: this apply would lock you out of the panel."),
        LockoutCheck.warnings(strict, "192.168.1.77", 8080));
  }
}
