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
import dev.sekisho.config.Explain;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Port forwards proven by real packets: Sekisho's compiled table in the lab's gateway, a small server in the
 * laptop's namespace, connections from the internet namespace to the gateway's WAN address, and from the
 * tablet to the same address (NAT reflection). Every check opens a new connection after the ruleset changed.
 */
@KernelTest
class PortForwardKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1500);
  /** The laptop's service; the forward publishes it on the WAN as {@link #WAN_PORT}. */
  private static final int SERVER_PORT = 8000;
  private static final int WAN_PORT = 8443;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier().withPanelStandIn(8080);

  static LabNetwork lab;
  static Applier applier;
  static LabServers laptopServer;

  @BeforeAll
  static void startLab() throws Exception {
    lab = LAB.network();
    applier = LAB.applier();
    laptopServer = LabServers.start(lab.namespace(LabHost.LAPTOP.role()), List.of(SERVER_PORT), List.of(), List.of());
  }

  @AfterAll
  static void stopServer() {
    if (laptopServer != null) {
      laptopServer.close();
    }
  }

  @BeforeEach
  void noLeftoverRuleset() {
    lab.exec(LabNetwork.ROLE_GW, "nft", "flush", "ruleset");
  }

  private static void apply(Config c) {
    ApplyOutcome o = applier.apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
  }

  static PortForward forward(List<Cidr> sources, boolean reflection) {
    return new PortForward(1, Protocol.TCP, PortRange.of(WAN_PORT), LabSeed.LAPTOP, null, SERVER_PORT, sources,
        reflection, false, new Comment("laptop web"), true);
  }

  static Config config(PortForward f) {
    return LabSeed.base().withForward(f);
  }

  @Test
  void theInternetReachesTheLaptopThroughTheWanAddressAndNothingElse() throws Exception {
    apply(config(forward(List.of(), true)));

    ProbeResult in = lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT, OPEN);
    assertTrue(in.connected(), in.toString());
    assertEquals(SERVER_PORT, in.serverPort().orElseThrow());
    // the server sees the real client: a forward does not hide the source
    assertEquals(LabNetwork.UPSTREAM_IP, in.serverSawAddress().orElseThrow());

    ProbeResult other = lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT + 1, BLOCKED);
    assertFalse(other.connected(), "another port stays closed: " + other);
    ProbeResult panel = lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8080, BLOCKED);
    assertFalse(panel.connected(), "the panel is not opened to the WAN: " + panel);

    // Routed straight to the LAN (no DNAT): dropped, the forward opens only what it rewrote.
    lab.exec(LabNetwork.ROLE_NET, "ip", "route", "add", LabNetwork.LAN_CIDR, "via", LabNetwork.GW_WAN_IP).requireOk();
    try {
      ProbeResult direct = lab.tcp(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip(), SERVER_PORT, BLOCKED);
      assertEquals(ProbeResult.Outcome.TIMEOUT, direct.outcome(), "unforwarded WAN connection: " + direct);
    } finally {
      lab.exec(LabNetwork.ROLE_NET, "ip", "route", "del", LabNetwork.LAN_CIDR).requireOk();
    }
  }

  @Test
  void aSourceOutsideTheAllowedListIsDropped() throws Exception {
    apply(config(forward(List.of(Cidr.parse(LabNetwork.INTERNET_IP_1)), true)));

    // from the uplink address, which is not allowed
    ProbeResult refused = lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT, BLOCKED);
    assertFalse(refused.connected(), refused.toString());
    // from the allowed address
    String line = lab.in(LabNetwork.ROLE_NET, () -> lineFrom(LabNetwork.INTERNET_IP_1, LabNetwork.GW_WAN_IP, WAN_PORT));
    assertTrue(line.contains("port=" + SERVER_PORT + " from=" + LabNetwork.INTERNET_IP_1 + ":"), line);
  }

  @Test
  void reflectionLetsTheTabletUseTheWanAddressAndTheServerSeesTheGateway() {
    apply(config(forward(List.of(), true)));

    ProbeResult in = lab.tcp(LabHost.TABLET.role(), LabNetwork.GW_WAN_IP, WAN_PORT, OPEN);
    assertTrue(in.connected(), in.toString());
    assertEquals(SERVER_PORT, in.serverPort().orElseThrow());
    assertEquals(LabNetwork.GW_LAN_IP, in.serverSawAddress().orElseThrow(),
        "the server answers the gateway, which answers the tablet");
  }

  @Test
  void reflectionIgnoresTheLanRulesOnlyForTheForwardItself() {
    // The tablet may not reach anything over TCP; the forward's reflection still takes it to the laptop.
    Config c = config(forward(List.of(), true)).withRule(new Rule(1, LabSeed.TABLET, null, Protocol.TCP, null,
        Action.DENY, false, Comment.NONE, true));
    apply(c);
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.GW_WAN_IP, WAN_PORT, OPEN).connected());
    assertFalse(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 443, BLOCKED).connected(),
        "the tablet's deny rule still holds for everything else");
  }

  @Test
  void withoutReflectionTheTabletDoesNotReachTheServerByTheWanAddress() {
    apply(config(forward(List.of(), false)));

    ProbeResult in = lab.tcp(LabHost.TABLET.role(), LabNetwork.GW_WAN_IP, WAN_PORT, BLOCKED);
    assertFalse(in.connected(), in.toString());
    assertTrue(lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT, OPEN).connected(),
        "from the WAN it still works");
  }

  /** "Why?" for connections from the WAN says what the kernel did with the same connections. */
  @Test
  void explainAgreesWithTheKernelFromTheWan() throws Exception {
    Config c = config(forward(List.of(Cidr.parse(LabNetwork.INTERNET_IP_1)), true));
    apply(c);
    Explain explain = new Explain(c);
    Ipv4 wan = Ipv4.parse(LabNetwork.GW_WAN_IP);
    Explanation admitted = explain.explain(new Explain.Query(Ipv4.parse(LabNetwork.INTERNET_IP_1), null, wan,
        FirstMatch.TCP, WAN_PORT, Explain.Direction.FROM_WAN));
    assertEquals(Explanation.Code.FORWARD_ADMITS, admitted.decidedBy().code());
    assertEquals(List.of("1", LabHost.LAPTOP.ip(), String.valueOf(SERVER_PORT)), admitted.decidedBy().args());
    String line = lab.in(LabNetwork.ROLE_NET, () -> lineFrom(LabNetwork.INTERNET_IP_1, LabNetwork.GW_WAN_IP, WAN_PORT));
    assertTrue(line.contains("port=" + SERVER_PORT), line);

    Explanation stranger = explain.explain(new Explain.Query(Ipv4.parse(LabNetwork.UPSTREAM_IP), null, wan,
        FirstMatch.TCP, WAN_PORT, Explain.Direction.FROM_WAN));
    assertEquals(Explanation.Code.FORWARD_SOURCE_NOT_ALLOWED, stranger.decidedBy().code());
    assertEquals(Explanation.Verdict.DROP, stranger.verdict());
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT, BLOCKED)
        .outcome(), "dropped, as explained");

    Explanation closed = explain.explain(new Explain.Query(Ipv4.parse(LabNetwork.UPSTREAM_IP), null, wan,
        FirstMatch.TCP, WAN_PORT + 1, Explain.Direction.FROM_WAN));
    assertEquals(Explanation.Code.FROM_WAN_NOT_OPENED, closed.decidedBy().code());
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, WAN_PORT + 1,
        BLOCKED).outcome(), "dropped, as explained");
  }

  /** One TCP exchange from a chosen local address, inside the caller's namespace; the server's line. */
  private static String lineFrom(String local, String ip, int port) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
      s.connect(new InetSocketAddress(ip, port), (int) OPEN.toMillis());
      s.setSoTimeout((int) OPEN.toMillis());
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
