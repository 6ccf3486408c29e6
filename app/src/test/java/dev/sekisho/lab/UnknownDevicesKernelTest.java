package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Explain;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Mac;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The escape measured in the lab (issue 13): the printer, denied everything by rule #1, takes an unused MAC
 * and address and becomes a stranger. With unknown devices allowed it reaches the internet (the LAN default
 * decides); with them denied it reaches nothing, over IPv4 and IPv6, and none of the gateway's services,
 * while the anti-lockout rule keeps the panel and the registered hosts are untouched.
 */
@KernelTest
class UnknownDevicesKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);
  private static final String STRANGER_MAC = "02:5e:6b:00:01:99";
  private static final String STRANGER_IP = "192.168.77.99";
  private static final String STRANGER_IP6 = "2001:db8:77::99";
  private static final int PANEL = 8080;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier().withPanelStandIn(PANEL);

  private static Config printerDenied(UnknownDevices u) {
    return LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW).withUnknownDevices(u))
        .withRule(new Rule(1, LabSeed.PRINTER, null, Protocol.ANY, null, Action.DENY, false,
            new Comment("the printer may not reach the internet"), true));
  }

  private static void apply(Config c) {
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
  }

  /** The printer becomes a stranger: a MAC no host has, and addresses no host has, in both families. */
  @BeforeEach
  void becomeAStranger() {
    LabNetwork lab = LAB.network();
    String role = LabHost.PRINTER.role();
    lab.exec(role, "ip", "link", "set", LabNetwork.HOST_IF, "address", STRANGER_MAC).requireOk();
    lab.exec(role, "ip", "addr", "add", STRANGER_IP + "/24", "dev", LabNetwork.HOST_IF).requireOk();
    lab.exec(role, "ip", "-6", "addr", "add", STRANGER_IP6 + "/64", "dev", LabNetwork.HOST_IF, "nodad").requireOk();
    // the gateway must learn the new MAC of the printer's old address too (not needed for the new ones)
    lab.exec(LabNetwork.ROLE_GW, "ip", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
  }

  @AfterEach
  void backToThePrinter() {
    LabNetwork lab = LAB.network();
    String role = LabHost.PRINTER.role();
    lab.exec(role, "ip", "addr", "del", STRANGER_IP + "/24", "dev", LabNetwork.HOST_IF);
    lab.exec(role, "ip", "-6", "addr", "del", STRANGER_IP6 + "/64", "dev", LabNetwork.HOST_IF);
    lab.exec(role, "ip", "link", "set", LabNetwork.HOST_IF, "address", LabHost.PRINTER.mac()).requireOk();
    lab.exec(LabNetwork.ROLE_GW, "ip", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
  }

  @Test
  void withUnknownDevicesAllowedTheStrangerEscapesItsRules() throws Exception {
    apply(printerDenied(UnknownDevices.ALLOW));
    assertEquals(Outcome.CONNECTED, from(STRANGER_IP, LabNetwork.INTERNET_IP_1, 80, OPEN),
        "the hole this policy closes: a stranger falls to the LAN default");
    assertEquals(Outcome.CONNECTED, from(STRANGER_IP6, LabNetwork.INTERNET_IP6_1, 80, OPEN), "over IPv6 too");
    assertEquals(Outcome.TIMEOUT, from(LabHost.PRINTER.ip(), LabNetwork.INTERNET_IP_1, 80, BLOCKED),
        "keeping its address with a new MAC is anti-spoofing's");
  }

  @Test
  void withUnknownDevicesDeniedTheStrangerReachesNothing() throws Exception {
    Config deny = printerDenied(UnknownDevices.DENY);
    apply(deny);
    assertEquals(Outcome.TIMEOUT, from(STRANGER_IP, LabNetwork.INTERNET_IP_1, 80, BLOCKED));
    assertEquals(Outcome.TIMEOUT, from(STRANGER_IP, LabNetwork.INTERNET_IP_2, 443, BLOCKED));
    assertEquals(Outcome.TIMEOUT, from(STRANGER_IP6, LabNetwork.INTERNET_IP6_1, 80, BLOCKED), "IPv6 follows the MAC");
    assertEquals(Outcome.TIMEOUT, from(LabHost.PRINTER.ip(), LabNetwork.INTERNET_IP_1, 80, BLOCKED));
    // the gateway itself: a closed port is dropped instead of refused, so nothing answers the stranger
    assertEquals(Outcome.TIMEOUT, from(STRANGER_IP, LabNetwork.GW_LAN_IP, 443, BLOCKED), "no gateway service");
    assertEquals(Outcome.TIMEOUT, from(STRANGER_IP6, LabNetwork.GW_LAN_IP6, 443, BLOCKED), "nor over IPv6");
    // ... except the panel, which the anti-lockout rule keeps open for whoever is at the keyboard
    assertEquals(Outcome.CONNECTED, from(STRANGER_IP, LabNetwork.GW_LAN_IP, PANEL, OPEN), "anti-lockout");
    // registered devices are untouched, and what the rules allow still works for them
    assertTrue(LAB.network().tcpConnect(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 80, OPEN).connected());
    assertTrue(LAB.network().tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP6_1, 80, OPEN).connected());
    assertNotEquals(Outcome.TIMEOUT, LAB.network().tcpConnect(LabHost.TABLET.role(), LabNetwork.GW_LAN_IP, 443,
        BLOCKED).outcome(), "a registered host is refused at a closed gateway port, not dropped");

    // the explanation says the same, from the packet's addresses and the MAC it came from
    Explain explain = new Explain(deny);
    Mac stranger = Mac.parse(STRANGER_MAC);
    for (String[] c : new String[][] {{STRANGER_IP, LabNetwork.INTERNET_IP_1}, {STRANGER_IP6, LabNetwork.INTERNET_IP6_1}}) {
      Explanation e = explain.explain(new Explain.Query(IpAddr.parse(c[0]), stranger, IpAddr.parse(c[1]),
          FirstMatch.TCP, 80, Explain.Direction.FORWARD));
      assertEquals(Explanation.Code.UNKNOWN_DEVICE, e.decidedBy().code(), e::toString);
      assertEquals(Explanation.Verdict.DROP, e.verdict());
    }
    Explanation toGw = explain.explain(new Explain.Query(IpAddr.parse(STRANGER_IP), stranger,
        IpAddr.parse(LabNetwork.GW_LAN_IP), FirstMatch.TCP, PANEL, Explain.Direction.TO_GATEWAY));
    assertEquals(Explanation.Code.ANTI_LOCKOUT, toGw.decidedBy().code(), toGw::toString);
  }

  @Test
  void registeringTheDeviceLetsItInAndItsRulesApply() throws Exception {
    // the admin registers the stranger as a guest host without rules: it now gets out, the printer rule aside
    Config deny = printerDenied(UnknownDevices.DENY).withHost(new dev.sekisho.config.Host(9, "guest tablet",
        Mac.parse(STRANGER_MAC), dev.sekisho.config.Ipv4.parse(STRANGER_IP)));
    apply(deny);
    assertEquals(Outcome.CONNECTED, from(STRANGER_IP, LabNetwork.INTERNET_IP_1, 80, OPEN));
    assertEquals(Outcome.CONNECTED, from(STRANGER_IP6, LabNetwork.INTERNET_IP6_1, 80, OPEN),
        "its MAC is known, so a self-chosen IPv6 address works");
  }

  /** A TCP connection from the printer's namespace with the given source address. */
  private static Outcome from(String src, String dst, int port, Duration wait) throws Exception {
    return LAB.network().in(LabHost.PRINTER.role(), () -> {
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(src, 0));
        s.connect(new InetSocketAddress(dst, port), (int) wait.toMillis());
        return Outcome.CONNECTED;
      } catch (SocketTimeoutException e) {
        return Outcome.TIMEOUT;
      } catch (java.net.ConnectException e) {
        return Outcome.REFUSED;
      } catch (IOException e) {
        return Outcome.ERROR;
      }
    });
  }
}
