package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.ruleset.RulesetCompiler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compiled rulesets proven by real packets: Sekisho applies its table inside the lab's gateway
 * namespace and LAN hosts, the "internet" and the gateway itself send real TCP/UDP traffic through it.
 */
@KernelTest
class FirewallKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1500);
  private static final String NET = LabNetwork.INTERNET_IP_1;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier().withPanelStandIn(8080);

  static LabNetwork lab;
  static Applier applier;

  @BeforeAll
  static void startLab() {
    lab = LAB.network();
    applier = LAB.applier();
  }

  @BeforeEach
  void noLeftoverRuleset() {
    lab.exec(LabNetwork.ROLE_GW, "nft", "flush", "ruleset");
  }

  private static void apply(Config c) {
    ApplyOutcome o = applier.apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
  }

  private static Config config(Policy lanDefault, Rule... rules) {
    Config c = LabSeed.base().withSettings(s -> s.withLanDefault(lanDefault));
    for (Rule r : rules) {
      c = c.withRule(r);
    }
    return c;
  }

  private static final AtomicInteger IDS = new AtomicInteger(100);

  private static Rule rule(Long host, String dst, Protocol p, String ports, Action a) {
    return new Rule(IDS.incrementAndGet(), host, dst == null ? null : Cidr.parse(dst), p,
        ports == null ? null : PortRange.parse(ports), a, false, Comment.NONE, true);
  }

  private static ProbeResult tcp(LabHost from, String ip, int port, Duration timeout) {
    return lab.tcp(from.role(), ip, port, timeout);
  }

  @Test
  void aHostAllowedOnlyHttpsReachesHttpsAndNothingElse() {
    apply(config(Policy.DENY,
        rule(LabSeed.TABLET, null, Protocol.TCP, "443", Action.ALLOW),
        rule(LabSeed.TABLET, null, Protocol.TCP, "22", Action.REJECT)));

    ProbeResult https = tcp(LabHost.TABLET, NET, 443, OPEN);
    assertTrue(https.connected(), "443: " + https);
    assertEquals(443, https.serverPort().orElseThrow());
    ProbeResult http = tcp(LabHost.TABLET, NET, 80, BLOCKED);
    assertEquals(ProbeResult.Outcome.TIMEOUT, http.outcome(), "80 is dropped by the LAN default: " + http);
    ProbeResult ssh = tcp(LabHost.TABLET, NET, 22, BLOCKED);
    assertEquals(ProbeResult.Outcome.REFUSED, ssh.outcome(), "22 is rejected with a TCP reset: " + ssh);
    ProbeResult dns = lab.udp(LabHost.TABLET.role(), NET, 53, BLOCKED);
    assertFalse(dns.connected(), "udp 53 was not allowed: " + dns);
  }

  @Test
  void aDenyForOneNetworkBlocksOnlyThatHostAndThatNetwork() {
    apply(config(Policy.ALLOW, rule(LabSeed.PRINTER, "203.0.113.0/24", Protocol.ANY, null, Action.DENY)));

    assertEquals(ProbeResult.Outcome.TIMEOUT, tcp(LabHost.PRINTER, NET, 80, BLOCKED).outcome());
    assertEquals(ProbeResult.Outcome.TIMEOUT, tcp(LabHost.PRINTER, LabNetwork.INTERNET_IP_2, 443, BLOCKED).outcome());
    assertTrue(tcp(LabHost.PRINTER, LabNetwork.UPSTREAM_IP, 80, OPEN).connected(), "other networks stay open");
    assertTrue(tcp(LabHost.LAPTOP, NET, 80, OPEN).connected(), "other hosts still reach the network");
  }

  @Test
  void defaultDenyBlocksAHostThatIsNotInTheInventory() {
    apply(config(Policy.DENY, rule(LabSeed.LAPTOP, null, Protocol.ANY, null, Action.ALLOW)));

    assertEquals(ProbeResult.Outcome.TIMEOUT, tcp(LabHost.GUEST, NET, 80, BLOCKED).outcome());
    assertFalse(lab.udp(LabHost.GUEST.role(), NET, 53, BLOCKED).connected());
    assertTrue(tcp(LabHost.LAPTOP, NET, 80, OPEN).connected());
  }

  @Test
  void masqueradeMakesLanTrafficArriveFromTheWanAddress() {
    apply(config(Policy.ALLOW));
    ProbeResult t = tcp(LabHost.TABLET, NET, 443, OPEN);
    assertTrue(t.connected(), t.toString());
    assertEquals(LabNetwork.GW_WAN_IP, t.serverSawAddress().orElseThrow());
    ProbeResult u = lab.udp(LabHost.TABLET.role(), NET, 53, OPEN);
    assertTrue(u.connected(), u.toString());
    assertEquals(LabNetwork.GW_WAN_IP, u.serverSawAddress().orElseThrow());

    // Without masquerade the internet has no way back to the LAN's private addresses.
    apply(config(Policy.ALLOW).withSettings(s -> s.withMasquerade(false)));
    assertEquals(ProbeResult.Outcome.TIMEOUT, tcp(LabHost.TABLET, NET, 443, BLOCKED).outcome());
  }

  @Test
  void repliesPassButTheWanCannotOpenConnectionsIntoTheLan() throws Exception {
    // An attacker on the WAN segment who routes the LAN's addresses at the gateway.
    lab.exec(LabNetwork.ROLE_NET, "ip", "route", "replace", LabNetwork.LAN_CIDR, "via", LabNetwork.GW_WAN_IP)
        .requireOk();
    try (ServerSocket laptopService = lab.in(LabHost.LAPTOP.role(),
        () -> new ServerSocket(40001, 4, InetAddress.getByName("0.0.0.0")))) {
      Thread t = new Thread(() -> {
        // Bounded like every traffic loop in the lab; the test makes two connections.
        for (int i = 0; i < PanelStandIn.MAX_ACCEPTS && !laptopService.isClosed(); i++) {
          try (Socket s = laptopService.accept()) {
            s.getOutputStream().write("LAPTOP\n".getBytes(StandardCharsets.US_ASCII));
          } catch (Exception e) {
            // closed below
          }
        }
      });
      t.setDaemon(true);
      t.start();
      // Without Sekisho's table the gateway forwards anything: the probe below is meaningful.
      assertTrue(lab.tcp(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip(), 40001, OPEN).connected(),
          "sanity: without a ruleset the WAN reaches the laptop");

      apply(config(Policy.ALLOW));
      ProbeResult out = tcp(LabHost.LAPTOP, NET, 80, OPEN);
      assertTrue(out.connected() && out.line() != null, "the reply of an outbound connection comes back: " + out);
      assertEquals(ProbeResult.Outcome.TIMEOUT,
          lab.tcp(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip(), 40001, BLOCKED).outcome(),
          "a connection opened from the WAN is dropped");
    } finally {
      lab.exec(LabNetwork.ROLE_NET, "ip", "route", "del", LabNetwork.LAN_CIDR);
    }
  }

  @Test
  void theAdminPortIsOpenFromTheLanAndClosedFromTheWan() {
    apply(config(Policy.DENY));
    ProbeResult lan = tcp(LabHost.LAPTOP, LabNetwork.GW_LAN_IP, 8080, OPEN);
    assertTrue(lan.connected(), lan.toString());
    assertEquals("PANEL", lan.line());
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8080, BLOCKED).outcome(), "WAN side is dropped");
    // An attacker on the WAN segment who routes the LAN's addresses at the gateway.
    lab.exec(LabNetwork.ROLE_NET, "ip", "route", "replace", LabNetwork.LAN_CIDR, "via", LabNetwork.GW_WAN_IP)
        .requireOk();
    try {
      assertEquals(ProbeResult.Outcome.TIMEOUT,
          lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_LAN_IP, 8080, BLOCKED).outcome(),
          "nor via the LAN address from the WAN");
    } finally {
      lab.exec(LabNetwork.ROLE_NET, "ip", "route", "del", LabNetwork.LAN_CIDR);
    }
  }

  @Test
  void aKnownMacCannotEscapeItsRulesByTakingAnotherAddress() throws Exception {
    UnaryOperator<Config> tabletBlocked = c -> c.withRule(rule(LabSeed.TABLET, null, Protocol.ANY, null, Action.DENY));
    String spoofed = "192.168.77.99";
    lab.exec(LabHost.TABLET.role(), "ip", "addr", "add", spoofed + "/24", "dev", LabNetwork.HOST_IF).requireOk();
    try {
      apply(tabletBlocked.apply(config(Policy.ALLOW)));
      assertEquals(ProbeResult.Outcome.TIMEOUT, spoofedProbe(spoofed).outcome(),
          "the tablet's MAC with an address that is not its own is dropped");
      assertTrue(tcp(LabHost.LAPTOP, NET, 80, OPEN).connected());

      // The same config without the tablet's MAC: the address change would have escaped the rule.
      Config noMac = tabletBlocked.apply(config(Policy.ALLOW));
      Host t = noMac.host(LabSeed.TABLET).orElseThrow();
      apply(noMac.withHost(new Host(t.id(), t.name(), null, t.ip())));
      assertTrue(spoofedProbe(spoofed).connected(), "sanity: without MAC binding the spoofed address gets out");
    } finally {
      lab.exec(LabHost.TABLET.role(), "ip", "addr", "del", spoofed + "/24", "dev", LabNetwork.HOST_IF);
    }
  }

  private static ProbeResult spoofedProbe(String fromIp) throws Exception {
    return lab.in(LabHost.TABLET.role(), () -> {
      long t0 = System.nanoTime();
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(fromIp, 0));
        s.connect(new InetSocketAddress(NET, 80), (int) BLOCKED.toMillis());
        return new ProbeResult(ProbeResult.Outcome.CONNECTED, null, "", Duration.ofNanos(System.nanoTime() - t0));
      } catch (java.net.SocketTimeoutException e) {
        return new ProbeResult(ProbeResult.Outcome.TIMEOUT, null, "", Duration.ofNanos(System.nanoTime() - t0));
      } catch (java.io.IOException e) {
        return new ProbeResult(ProbeResult.Outcome.ERROR, null, e.toString(), Duration.ofNanos(System.nanoTime() - t0));
      }
    });
  }
}
