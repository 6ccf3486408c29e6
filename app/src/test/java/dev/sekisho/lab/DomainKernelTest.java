package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.LearnedSets;
import dev.sekisho.apply.ProcessNft;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.dns.DnsForwarder;
import dev.sekisho.dns.DnsMessage;
import dev.sekisho.dns.DnsReader;
import dev.sekisho.dns.DnsWriter;
import dev.sekisho.dns.DomainLearner;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules by domain name with real packets. The lab's internet side gets an authoritative DNS server
 * ({@link LabDnsServer} on {@value #DNS_IP}) and an echo server; the gateway runs the {@link DnsForwarder} on
 * its LAN address, port 53, asking that server; the tablet asks the gateway. The tablet may reach
 * {@code *.example.org} and nothing else (LAN default deny).
 */
@KernelTest
class DomainKernelTest {
  static final String DNS_IP = "203.0.113.53";
  private static final int ECHO_PORT = 7007;
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);
  private static final long ALLOW_ORG = 10;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  private static final AtomicReference<Config> APPLIED = new AtomicReference<>();
  private static LabDnsServer dns;
  private static DnsForwarder forwarder;
  private static DomainLearner learner;
  private static ServerSocket echo;
  private static ExecutorService netThreads;
  private static ExecutorService gwThreads;
  private static ExecutorService tabletThreads;

  @BeforeAll
  static void servers() throws Exception {
    LabNetwork lab = LAB.network();
    ExecResult added = lab.exec(LabNetwork.ROLE_NET, "ip", "addr", "add", DNS_IP + "/32", "dev",
        LabNetwork.NET_DUMMY_IF);
    assertTrue(added.ok(), added::toString);
    netThreads = lab.namespace(LabNetwork.ROLE_NET).newExecutor("lab-dns", 4);
    dns = LabDnsServer.start(netThreads, DNS_IP, 53)
        .address("allowed.example.org", LabNetwork.INTERNET_IP_1, 60)
        .alias("www.example.org", "edge.cdn.example.net", 300)
        .address("edge.cdn.example.net", LabNetwork.INTERNET_IP_2, 60)
        .address("other.example.net", LabNetwork.INTERNET_IP_2, 60)
        .address("short.example.org", DNS_IP, 2)
        .address("six.example.org", LabNetwork.INTERNET_IP6_1, 60)
        .fresh(LabNetwork.INTERNET_IP_1, 30);
    echo = netThreads.submit(() -> {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(DNS_IP, ECHO_PORT));
      return s;
    }).get();
    netThreads.execute(DomainKernelTest::echoLoop);
    gwThreads = lab.namespace(LabNetwork.ROLE_GW).newExecutor("gw-dns", 8);
    learner = new DomainLearner(APPLIED::get, new LearnedSets(ProcessNft.inNamespace(lab.gwNamespaceName())));
    forwarder = DnsForwarder.start(new InetSocketAddress(LabNetwork.GW_LAN_IP, 53),
        new InetSocketAddress(DNS_IP, 53), learner, gwThreads);
    tabletThreads = lab.namespace(LabHost.TABLET.role()).newExecutor("tablet-dns", 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (forwarder != null) {
      forwarder.close();
    }
    if (dns != null) {
      dns.close();
    }
    if (echo != null) {
      echo.close();
    }
  }

  private static void echoLoop() {
    while (!echo.isClosed()) {
      try {
        Socket s = echo.accept();
        netThreads.execute(() -> {
          try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
          } catch (java.io.IOException e) {
            // the client went away
          }
        });
      } catch (java.io.IOException e) {
        return;
      }
    }
  }

  /** The tablet may reach *.example.org over TCP, and nothing else. */
  private static Config allowList(int floor, Rule... extra) {
    Config c = LabSeed.base().withSettings(s -> s.withLanDefault(Policy.DENY)
        .withDns(Ipv4.parse(DNS_IP), floor, 3600, false))
        .withRule(new Rule(ALLOW_ORG, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false,
            Comment.parse("tablet: example.org"), true).withDomain(DomainName.parse("*.example.org")));
    for (Rule r : extra) {
      c = c.withRule(r);
    }
    return c;
  }

  private static void apply(Config c) {
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    APPLIED.set(c);
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
  }

  /** Asks {@code server} from the tablet over UDP; returns the first IPv4 address of the answer, or null. */
  static String resolve(ExecutorService from, String server, String name) throws Exception {
    return from.submit(() -> {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(3000);
        int id = (int) (System.nanoTime() & 0xFFFF);
        byte[] q = DnsWriter.query(id, name, DnsMessage.A);
        s.send(new DatagramPacket(q, q.length, InetAddress.getByName(server), 53));
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        DnsMessage a = DnsReader.read(Arrays.copyOf(buf, p.getLength()));
        return a.answers().stream().filter(r -> r.type() == DnsMessage.A)
            .map(r -> (r.address()[0] & 0xFF) + "." + (r.address()[1] & 0xFF) + "." + (r.address()[2] & 0xFF) + "."
                + (r.address()[3] & 0xFF)).findFirst().orElse(null);
      }
    }).get();
  }

  private static Outcome tcp(String ip, int port, Duration wait) {
    return LAB.network().tcpConnect(LabHost.TABLET.role(), ip, port, wait).outcome();
  }

  @Test
  void anAllowedNameIsReachableOtherNamesAreNotAndACnameIntoAnotherZoneBelongsToTheAskedName() throws Exception {
    apply(allowList(30));
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP_1, 80, BLOCKED), "nothing learned yet");
    assertEquals(LabNetwork.INTERNET_IP_2, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "other.example.net"));
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP_2, 80, BLOCKED), "another name's address");

    assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "allowed.example.org"));
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP_1, 80, OPEN));

    assertEquals(LabNetwork.INTERNET_IP_2, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "www.example.org"));
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP_2, 80, OPEN), "through the CNAME into example.net");
    DomainLearner.Learned why = learner.why(ALLOW_ORG, Ipv4.parse(LabNetwork.INTERNET_IP_2)).orElseThrow();
    assertEquals("www.example.org -> edge.cdn.example.net", why.chain());
    String set = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "dom4_10").stdout();
    assertTrue(set.contains(LabNetwork.INTERNET_IP_1) && set.contains(LabNetwork.INTERNET_IP_2) && set.contains(
        "expires"), set);
    // the printer has no rule naming it: the LAN default (deny) holds for it whatever the tablet learned
    assertEquals(Outcome.TIMEOUT, LAB.network().tcpConnect(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 80,
        BLOCKED).outcome());
  }

  @Test
  void anAddressListWithANameLetsInItsAnswersBesideItsNetworks() throws Exception {
    // the tablet may reach a list holding the upstream's network and a name; the name's answers are learned
    Config c = LabSeed.base().withSettings(st -> st.withLanDefault(Policy.DENY)
        .withDns(Ipv4.parse(DNS_IP), 30, 3600, false))
        .withAddressLists(java.util.List.of(new dev.sekisho.config.AddressList(100, "school",
            java.util.List.of(dev.sekisho.config.Network.parse(LabNetwork.UPSTREAM_IP)),
            java.util.List.of(DomainName.parse("allowed.example.org")))))
        .withRule(new Rule(12, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false,
            Comment.parse("tablet: the school list"), true).withObjects(null, 100L, null));
    apply(c);
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP_1, 80, BLOCKED), "nothing learned yet");
    assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "allowed.example.org"));
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP_1, 80, OPEN), "the list's name");
    assertEquals(LabNetwork.INTERNET_IP_2, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "other.example.net"));
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP_2, 80, BLOCKED), "a name not on the list");
    assertTrue(learner.has(12, Ipv4.parse(LabNetwork.INTERNET_IP_1)));
    String set = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "dom4_12").stdout();
    assertTrue(set.contains(LabNetwork.INTERNET_IP_1), set);
  }

  @Test
  void anAaaaAnswerOpensTheIpv6SetWhileIpv6IsForwarded() throws Exception {
    Config c = LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.DENY)
        .withDns(Ipv4.parse(DNS_IP), 30, 3600, false))
        .withRule(new Rule(ALLOW_ORG, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false,
            Comment.parse("tablet: example.org"), true).withDomain(DomainName.parse("*.example.org")));
    apply(c);
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP6_1, 80, BLOCKED), "nothing learned yet");
    byte[] six = tabletThreads.submit(() -> {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(3000);
        byte[] q = DnsWriter.query(66, "six.example.org", DnsMessage.AAAA);
        s.send(new DatagramPacket(q, q.length, InetAddress.getByName(LabNetwork.GW_LAN_IP), 53));
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return DnsReader.read(Arrays.copyOf(buf, p.getLength())).answers().get(0).address();
      }
    }).get();
    assertEquals(InetAddress.getByName(LabNetwork.INTERNET_IP6_1), InetAddress.getByAddress(six));
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP6_1, 80, OPEN), "over IPv6, by the tablet's MAC");
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP6_2, 80, BLOCKED), "another IPv6 address");
    String set = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "dom6_10").stdout();
    assertTrue(set.contains(LabNetwork.INTERNET_IP6_1), set);
  }

  @Test
  void anExpiredAddressRefusesNewConnectionsWhileAnEstablishedOneKeepsWorking() throws Exception {
    apply(allowList(1));
    assertEquals(DNS_IP, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "short.example.org"));
    try (Socket s = tabletThreads.submit(() -> {
      Socket c = new Socket();
      c.connect(new InetSocketAddress(DNS_IP, ECHO_PORT), 3000);
      c.setSoTimeout(3000);
      return c;
    }).get()) {
      Thread.sleep(3500);
      String set = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "dom4_10")
          .stdout();
      assertTrue(!set.contains(DNS_IP), "the TTL of 2 s has expired: " + set);
      assertEquals(Outcome.TIMEOUT, tcp(DNS_IP, ECHO_PORT, BLOCKED), "a new connection after the expiry");
      s.getOutputStream().write("still here\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] back = s.getInputStream().readNBytes(11);
      assertEquals("still here\n", new String(back, java.nio.charset.StandardCharsets.US_ASCII),
          "the established connection keeps working");
    }
  }

  @Test
  void aHostAskingAForeignResolverDirectlyDoesNotGetAroundTheAllowList() throws Exception {
    // the tablet may even send DNS anywhere: the answer still never reaches the gateway's sets
    apply(allowList(30, new Rule(11, LabSeed.TABLET, null, Protocol.UDP, PortRange.of(53), Action.ALLOW, false,
        Comment.parse("tablet: any resolver"), true)));
    assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, DNS_IP, "allowed.example.org"), "asked directly");
    assertEquals(Outcome.TIMEOUT, tcp(LabNetwork.INTERNET_IP_1, 80, BLOCKED), "fails closed");
    assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, LabNetwork.GW_LAN_IP, "allowed.example.org"));
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP_1, 80, OPEN), "through the gateway it works");
  }

  @Test
  void theRedirectSendsHardCodedResolversToTheForwarderAndRefusesDnsOverTls() throws Exception {
    Config c = allowList(30, new Rule(11, LabSeed.TABLET, null, Protocol.UDP, PortRange.of(53), Action.ALLOW, false,
        Comment.parse("tablet: any resolver"), true));
    apply(c.withSettings(s -> s.withDns(s.dnsUpstream(), s.dnsTtlFloor(), s.dnsTtlCap(), true)));
    long before = forwarder.stats().answered();
    // a hard-coded resolver (the lab's upstream address, where nothing answers DNS): the gateway answers
    assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, LabNetwork.INTERNET_IP_2, "allowed.example.org"));
    assertTrue(forwarder.stats().answered() > before, "the forwarder answered it");
    assertEquals(Outcome.CONNECTED, tcp(LabNetwork.INTERNET_IP_1, 80, OPEN), "and learned it");
    Outcome dot = LAB.network().tcpConnect(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 853, BLOCKED).outcome();
    assertEquals(Outcome.REFUSED, dot, "DNS over TLS is refused");
  }

  /**
   * The no-race proof: 1,000 rounds of "empty the set, resolve a fresh name through the gateway, connect at
   * once"; not one connection may be blocked. Then the DNS latency the forwarder adds, against asking the
   * lab server directly (p50, p99).
   */
  @Test
  void noRaceAThousandFreshNamesConnectAtOnceAndNoneIsBlocked() throws Exception {
    apply(allowList(30, new Rule(11, LabSeed.TABLET, null, Protocol.UDP, PortRange.of(53), Action.ALLOW, false,
        Comment.parse("tablet: any resolver (for the latency comparison)"), true)));
    int rounds = Integer.getInteger("sekisho.dns.rounds", 1000);
    int blocked = 0;
    ProcessNft gwNft = ProcessNft.inNamespace(LAB.network().gwNamespaceName());
    long[] viaGateway = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      assertTrue(gwNft.run(java.util.List.of("flush", "set", "inet", "sekisho", "dom4_10"), "").ok());
      String name = "r" + i + "-" + System.nanoTime() + "." + LabDnsServer.FRESH_ZONE;
      long t0 = System.nanoTime();
      String ip = resolve(tabletThreads, LabNetwork.GW_LAN_IP, name);
      viaGateway[i] = System.nanoTime() - t0;
      assertEquals(LabNetwork.INTERNET_IP_1, ip);
      // at once: the first SYN leaves right after the answer arrived
      Outcome o = tabletThreads.submit(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(ip, 80), 1000);
          return Outcome.CONNECTED;
        } catch (java.io.IOException e) {
          return Outcome.TIMEOUT;
        }
      }).get();
      if (o != Outcome.CONNECTED) {
        blocked++;
      }
    }
    long[] direct = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      String name = "d" + i + "-" + System.nanoTime() + "." + LabDnsServer.FRESH_ZONE;
      long t0 = System.nanoTime();
      assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, DNS_IP, name));
      direct[i] = System.nanoTime() - t0;
    }
    // a name no domain rule covers: the forwarder's own cost, without the set update
    long[] unmatched = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      String name = "u" + i + "-" + System.nanoTime() + "." + LabDnsServer.FRESH_TEST_ZONE;
      long t0 = System.nanoTime();
      assertEquals(LabNetwork.INTERNET_IP_1, resolve(tabletThreads, LabNetwork.GW_LAN_IP, name));
      unmatched[i] = System.nanoTime() - t0;
    }
    Arrays.sort(viaGateway);
    Arrays.sort(direct);
    Arrays.sort(unmatched);
    System.out.printf("DNS no-race: %d rounds, %d wrongly blocked; latency via the gateway, name of a domain rule"
        + " p50 %.2f ms p99 %.2f ms; via the gateway, no rule's name p50 %.2f ms p99 %.2f ms; direct p50 %.2f ms"
        + " p99 %.2f ms%n", rounds, blocked, ms(viaGateway, 50), ms(viaGateway, 99), ms(unmatched, 50),
        ms(unmatched, 99), ms(direct, 50), ms(direct, 99));
    assertEquals(0, blocked, "connections blocked right after their answer");
  }

  private static double ms(long[] sorted, int percentile) {
    int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
