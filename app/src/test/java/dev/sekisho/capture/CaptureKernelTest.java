package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capture on the lab gateway's {@code lan0}: a known set of connections from LAN hosts must
 * show up as exactly those flows with exact packet and byte counts, and a connection denied by a
 * logged rule must show up as blocked by that rule.
 */
@KernelTest
class CaptureKernelTest {
  private static final long DENY_RULE = 12;
  private static final int ECHO_PORT = 41000;
  /** Longer than the longest delayed ACK (200 ms), so every ACK is on the wire before the next step. */
  private static final long SETTLE_MS = 350;
  private static final String NET1 = LabNetwork.INTERNET_IP_1;
  private static final String NET2 = LabNetwork.INTERNET_IP_2;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  static LabNetwork lab;
  static CaptureService capture;
  static Config config;
  static ServerSocket echo;

  @BeforeAll
  static void start() throws Exception {
    lab = LAB.network();
    Applier applier = LAB.applier();
    config = LabSeed.base().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withRule(new Rule(DENY_RULE, LabSeed.PRINTER, Cidr.parse(NET1 + "/32"), Protocol.TCP, PortRange.of(80),
            Action.DENY, true, Comment.parse("no printer to the web"), true));
    ApplyOutcome o = applier.apply(RulesetCompiler.compile(config));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    // Without timestamps every segment after the handshake has a bare 20-byte TCP header.
    for (LabHost h : List.of(LabHost.LAPTOP, LabHost.TABLET)) {
      lab.exec(h.role(), "sysctl", "-q", "-w", "net.ipv4.tcp_timestamps=0").requireOk();
    }
    echo = lab.in(LabNetwork.ROLE_NET, () -> new ServerSocket(ECHO_PORT, 16, InetAddress.getByName("0.0.0.0")));
    Thread server = new Thread(CaptureKernelTest::serve, "echo-server");
    server.setDaemon(true);
    server.start();

    CaptureService.Settings settings = CaptureService.Settings.defaults(LabNetwork.GW_LAN_IF,
        List.of(Cidr.parse(LabNetwork.LAN_CIDR)));
    capture = new CaptureService(settings, () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2));
    capture.start();
    await(Duration.ofSeconds(5), () -> capture.status().running() && capture.blockedStatus().running());
    assertTrue(capture.status().running(), () -> "flow capture: " + capture.status());
    assertTrue(capture.blockedStatus().running(), () -> "blocked log: " + capture.blockedStatus());
  }

  @AfterAll
  static void stop() throws Exception {
    if (capture != null) {
      capture.close();
    }
    if (echo != null) {
      echo.close();
    }
  }

  /**
   * Each connection: the client sends {@code a} bytes whose first 4 say {@code b}; the server waits
   * until its ACK is out, answers {@code b} bytes and then waits for the client's reset.
   */
  private static void serve() {
    for (int n = 0; n < 50 && !echo.isClosed(); n++) {
      try (Socket s = echo.accept()) {
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream();
        byte[] head = in.readNBytes(8);
        int a = ByteBuffer.wrap(head).getInt(0);
        int b = ByteBuffer.wrap(head).getInt(4);
        in.readNBytes(a - 8);
        Thread.sleep(SETTLE_MS);
        OutputStream out = s.getOutputStream();
        out.write(new byte[b]);
        out.flush();
        // The client ends with a reset; reading until then keeps this side from sending a FIN.
        while (in.read() >= 0) {
          // nothing else is expected
        }
      } catch (Exception e) {
        // the client's reset, or the server socket closed at the end
      }
    }
  }

  private static int tcpExchange(LabHost from, String ip, int a, int b) throws Exception {
    return lab.in(from.role(), () -> {
      try (Socket s = new Socket()) {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(ip, ECHO_PORT), 3_000);
        s.setSoTimeout(3_000);
        byte[] req = new byte[a];
        ByteBuffer.wrap(req).putInt(a).putInt(b);
        s.getOutputStream().write(req);
        byte[] reply = s.getInputStream().readNBytes(b);
        assertEquals(b, reply.length);
        Thread.sleep(SETTLE_MS);
        // Linger 0: close with one reset instead of a FIN exchange whose ACKs depend on timing.
        s.setSoLinger(true, 0);
        return s.getLocalPort();
      }
    });
  }

  private record UdpResult(int localPort, int replyLength) {}

  private static UdpResult udpExchange(LabHost from, String ip, int port, int size) throws Exception {
    return lab.in(from.role(), () -> {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(3_000);
        s.send(new DatagramPacket(new byte[size], size, new InetSocketAddress(ip, port)));
        DatagramPacket r = new DatagramPacket(new byte[2048], 2048);
        s.receive(r);
        return new UdpResult(s.getLocalPort(), r.getLength());
      }
    });
  }

  /** Expected counts: packets and IP bytes each way. */
  private record Counts(long pOut, long bOut, long pIn, long bIn) {}

  @Test
  void knownConnectionsBecomeExactlyTheseFlowsWithExactCounts() throws Exception {
    // Read the SYN and SYN-ACK headers back from the wire, to account for their options.
    Map<Integer, Integer> synHeader = new ConcurrentHashMap<>();
    Map<Integer, Integer> synAckHeader = new ConcurrentHashMap<>();
    ExecutorService watch = lab.namespace(LabNetwork.ROLE_GW).newExecutor("synwatch", 1);
    PcapSource syns = watch.submit(() -> PcapSource.live(LabNetwork.GW_LAN_IF, 160, 0,
        "tcp port " + ECHO_PORT + " and tcp[tcpflags] & tcp-syn != 0")).get(5, TimeUnit.SECONDS);
    FrameParser synParser = new FrameParser();
    Future<?> watching = watch.submit(() -> {
      syns.run(-1, (b, cap, wire, t) -> {
        PacketSummary p = synParser.parseEthernet(b, cap, wire, t);
        if (p != null && (p.tcpFlags() & PacketSummary.ACK) == 0) {
          synHeader.put(p.srcPort(), p.tcpHeaderLength());
        } else if (p != null) {
          synAckHeader.put(p.dstPort(), p.tcpHeaderLength());
        }
      });
      return null;
    });

    Map<String, Counts> expected = new HashMap<>();
    record Tcp(LabHost host, String ip, int a, int b) {}
    List<Tcp> tcps = List.of(new Tcp(LabHost.LAPTOP, NET1, 100, 50), new Tcp(LabHost.LAPTOP, NET2, 700, 1200),
        new Tcp(LabHost.TABLET, NET1, 1300, 8), new Tcp(LabHost.TABLET, NET2, 8, 1400));
    List<int[]> tcpPorts = new ArrayList<>();
    for (Tcp t : tcps) {
      tcpPorts.add(new int[] {tcpExchange(t.host(), t.ip(), t.a(), t.b())});
    }
    List<UdpResult> udps = new ArrayList<>();
    udps.add(udpExchange(LabHost.LAPTOP, NET1, 53, 10));
    udps.add(udpExchange(LabHost.TABLET, NET2, 40000, 333));
    lab.exec(LabHost.TABLET.role(), "ping", "-n", "-q", "-c", "1", "-s", "100", "-W", "2", NET2).requireOk();

    await(Duration.ofSeconds(2), () -> synAckHeader.size() >= tcps.size());
    syns.wake();
    watching.get(3, TimeUnit.SECONDS);
    syns.close();
    watch.shutdown();

    for (int i = 0; i < tcps.size(); i++) {
      Tcp t = tcps.get(i);
      int port = tcpPorts.get(i)[0];
      Integer syn = synHeader.get(port);
      Integer synAck = synAckHeader.get(port);
      assertTrue(syn != null && synAck != null, "SYN and SYN-ACK of port " + port + " seen");
      // Out: SYN, ACK, request, ACK of the reply, RST. In: SYN-ACK, ACK of the request, reply.
      expected.put("tcp " + t.host().ip() + ":" + port + " " + t.ip() + ":" + ECHO_PORT,
          new Counts(5, (20 + syn) + 40 + (40 + t.a()) + 40 + 40, 3, (20 + synAck) + 40 + (40 + t.b())));
    }
    expected.put("udp " + LabHost.LAPTOP.ip() + ":" + udps.get(0).localPort() + " " + NET1 + ":53",
        new Counts(1, 28 + 10, 1, 28 + udps.get(0).replyLength()));
    expected.put("udp " + LabHost.TABLET.ip() + ":" + udps.get(1).localPort() + " " + NET2 + ":40000",
        new Counts(1, 28 + 333, 1, 28 + udps.get(1).replyLength()));
    expected.put("icmp " + LabHost.TABLET.ip() + ":0 " + NET2 + ":0", new Counts(1, 128, 1, 128));

    Set<String> hosts = Set.of(LabHost.LAPTOP.ip(), LabHost.TABLET.ip());
    AtomicReference<Map<String, Counts>> seen = new AtomicReference<>();
    await(Duration.ofSeconds(3), () -> {
      seen.set(capture.snapshot().flows().stream()
          .filter(f -> f.key().lanAddress().isV4() && hosts.contains(f.key().lanAddress().toString()))
          .collect(Collectors.toMap(PacketParserTest::describe,
              f -> new Counts(f.packetsOut(), f.bytesOut(), f.packetsIn(), f.bytesIn()))));
      return seen.get().equals(expected);
    });
    assertEquals(expected, seen.get(), "IPv4 flows of laptop and tablet: exactly the exchanges made");

    HostNames names = HostNames.of(config);
    FlowPage laptop = capture.flows(new FlowQuery("laptop", null, ECHO_PORT, "tcp", null, FlowQuery.Sort.BYTES,
        10), names);
    assertEquals(2, laptop.matched());
    assertEquals(TcpState.CLOSED, laptop.flows().get(0).flow().tcpState());
    assertEquals(NET2, laptop.flows().get(0).flow().key().remoteAddress().toString(),
        "sorted by bytes, the 700/1200 connection comes first");
    FlowSnapshot s = capture.snapshot();
    assertEquals(0, s.parse().malformed());
    assertEquals(0, s.internalErrors());
    assertTrue(s.kernel().received() >= s.table().packets(), "pcap_stats counts: " + s.kernel());
    assertEquals(0, s.kernel().dropped());
    List<HostTotal> unknown = capture.unknownHosts(names);
    assertTrue(unknown.stream().noneMatch(h -> h.name() != null), unknown.toString());
  }

  @Test
  void aDeniedLoggedConnectionShowsUpAsBlockedByItsRule() throws Exception {
    long before = System.nanoTime();
    ProbeResult r = lab.tcpConnect(LabHost.PRINTER.role(), NET1, 80, Duration.ofMillis(800));
    assertEquals(ProbeResult.Outcome.TIMEOUT, r.outcome(), "the rule drops it: " + r);
    HostNames names = HostNames.of(config);
    AtomicReference<List<BlockedEvent>> events = new AtomicReference<>(List.of());
    await(Duration.ofSeconds(2), () -> {
      events.set(capture.blocked(20, names));
      return events.get().stream().anyMatch(e -> e.ruleId() == DENY_RULE);
    });
    BlockedEvent e = events.get().stream().filter(x -> x.ruleId() == DENY_RULE).findFirst().orElseThrow(
        () -> new AssertionError("no blocked event within 2 s of the attempt; log: " + capture.blockedCounters()));
    assertTrue(System.nanoTime() - before < Duration.ofSeconds(4).toNanos());
    assertEquals("deny", e.action());
    assertEquals("tcp", e.protocolName());
    assertEquals(LabHost.PRINTER.ip(), e.src().toString());
    assertEquals(NET1, e.dst().toString());
    assertEquals(80, e.dstPort());
    assertEquals("printer", e.hostName());
    assertEquals(0, capture.blockedCounters().malformed());
    // The blocked attempt is a flow too, stuck at its SYN.
    FlowPage p = capture.flows(new FlowQuery("printer", NET1, 80, "tcp", null, null, 10), names);
    assertEquals(1, p.matched());
    assertEquals(TcpState.SYN_SENT, p.flows().get(0).flow().tcpState());
    assertEquals(0, p.flows().get(0).flow().packetsIn());
  }

  @Test
  void aMissingInterfaceIsReportedAndStoppingIsPrompt() throws Exception {
    CaptureService bad = new CaptureService(
        CaptureService.Settings.defaults("nosuch0", List.of()).withFlows(FlowTable.Settings.defaults()),
        () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture-bad", 2));
    try {
      bad.start();
      await(Duration.ofSeconds(3), () -> bad.status().state() == CaptureStatus.State.FAILED);
      assertEquals(CaptureException.Reason.NO_SUCH_INTERFACE, bad.status().reason(), bad.status().toString());
      assertTrue(bad.status().message().contains("nosuch0"));
    } finally {
      bad.stop();
    }
    CaptureService other = new CaptureService(
        CaptureService.Settings.defaults(LabNetwork.GW_LAN_IF, List.of()),
        () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture-2", 2));
    other.start();
    await(Duration.ofSeconds(3), () -> other.status().running());
    assertTrue(other.status().running(), other.status().toString());
    long t0 = System.nanoTime();
    other.stop();
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "an idle capture stops at once");
    assertEquals(CaptureStatus.State.STOPPED, other.status().state());
    assertFalse(other.status().running());
  }

  private static void await(Duration max, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }
}
