package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.Verdict;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Why?" for connections from the WAN: port forwards open exactly their protocol, ports and sources. */
class ExplainForwardTest {
  private static final Ipv4 WAN = Ipv4.parse(LabNetwork.GW_WAN_IP);
  private static final Ipv4 FRIEND = Ipv4.parse("203.0.113.10");
  private static final Ipv4 STRANGER = Ipv4.parse("198.51.100.1");

  private static Config config() {
    return LabSeed.base()
        .withForward(new PortForward(1, Protocol.TCP, new PortRange(8000, 8010), LabSeed.LAPTOP, null, 9000,
            List.of(Cidr.parse("203.0.113.0/24")), true, false, Comment.NONE, true))
        .withForward(new PortForward(2, Protocol.UDP, PortRange.of(51820), null, Ipv4.parse("192.168.77.30"), null,
            List.of(), true, false, Comment.NONE, true))
        .withForward(new PortForward(3, Protocol.TCP, PortRange.of(25), LabSeed.LAPTOP, null, null, List.of(), true,
            false, Comment.NONE, false));
  }

  private static Explanation wan(Config c, Ipv4 src, int proto, int port) {
    return new Explain(c).explain(new Explain.Query(src, null, WAN, proto, port, Explain.Direction.FROM_WAN));
  }

  @Test
  void aForwardedPortIsAdmittedToItsServerAndShiftedPort() {
    Explanation e = wan(config(), FRIEND, FirstMatch.TCP, 8003);
    assertEquals(Verdict.ACCEPT, e.verdict());
    assertEquals(Code.FORWARD_ADMITS, e.decidedBy().code());
    assertEquals(List.of("1", "192.168.77.10", "9003"), e.decidedBy().args());
    Explanation udp = wan(config(), STRANGER, FirstMatch.UDP, 51820);
    assertEquals(List.of("2", "192.168.77.30", "51820"), udp.decidedBy().args());
  }

  @Test
  void aSourceOutsideTheListIsDropped() {
    Explanation e = wan(config(), STRANGER, FirstMatch.TCP, 8000);
    assertEquals(Verdict.DROP, e.verdict());
    assertEquals(Code.FORWARD_SOURCE_NOT_ALLOWED, e.decidedBy().code());
    assertEquals(List.of("1"), e.decidedBy().args());
  }

  @Test
  void otherPortsProtocolsAndDisabledForwardsStayClosed() {
    for (Explanation e : List.of(wan(config(), FRIEND, FirstMatch.TCP, 8011), wan(config(), FRIEND, FirstMatch.UDP,
        8000), wan(config(), FRIEND, FirstMatch.TCP, 51820), wan(config(), FRIEND, FirstMatch.TCP, 25),
        wan(config(), FRIEND, FirstMatch.ICMP, 0), wan(LabSeed.base(), FRIEND, FirstMatch.TCP, 8000))) {
      assertEquals(Verdict.DROP, e.verdict());
      assertEquals(Code.FROM_WAN_NOT_OPENED, e.decidedBy().code());
    }
  }
}
