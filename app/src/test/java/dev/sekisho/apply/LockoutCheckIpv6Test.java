package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.InterfaceAddress6;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lockout warnings for an admin whose browser reaches the panel over IPv6. */
class LockoutCheckIpv6Test {
  private static final Config DUAL = Config.of(
      List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.1.1/24"),
          InterfaceAddress6.parse("2001:db8:1::1/64"))),
      List.of(new Host(1, "admin pc", Mac.parse("02:00:00:00:00:01"), Ipv4.parse("192.168.1.10"),
          List.of(Ipv6.parse("2001:db8:1::10")))),
      List.of(new Rule(4, 1L, null, Protocol.TCP, PortRange.of(8080), Action.REJECT, false, Comment.NONE, true)),
      Settings.DEFAULTS.withAntiLockout(false));

  @Test
  void aRuleThatRefusesTheAdminsIpv6ConnectionIsNamed() {
    assertEquals(List.of("Rule #4 (reject) matches your own connection to the panel, and the anti-lockout rule is "
        + "off: this apply would lock you out."), LockoutCheck.warnings(DUAL, "2001:db8:1::10", 8080));
    assertEquals(List.of(), LockoutCheck.warnings(DUAL, "2001:db8:1::99", 8080), "another host's address");
  }

  @Test
  void anIpv6BrowserOutsideTheLanPrefixIsWarned() {
    List<String> w = LockoutCheck.warnings(DUAL, "2001:db8:99::1", 8080);
    assertEquals(1, w.size(), w.toString());
    assertEquals(true, w.get(0).startsWith("Your browser (2001:db8:99::1) is not in a LAN subnet"), w.toString());
    assertEquals(List.of("Your browser's address (nonsense) is not an IP address; Sekisho cannot check whether the "
        + "new rules let it reach the panel."), LockoutCheck.warnings(DUAL, "nonsense", 8080));
  }
}
