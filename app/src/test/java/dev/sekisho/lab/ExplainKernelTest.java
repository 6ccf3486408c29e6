package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Explain;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.Explanation.Verdict;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The explanation agrees with the kernel: seeded random configurations over the lab's hosts (per-host blocks,
 * all-hosts rules, networks, port ranges, disabled rules, deny and reject, both default policies) are applied
 * through the real {@link Applier}, and for a few hundred random connections (forward to the internet
 * namespace's servers, and to the gateway itself) the observed result — connected, refused/unreachable or
 * timed out — must be the one {@link Explain} predicts. Set {@code -Dsekisho.explain.seed=N} to replay
 * another seed.
 */
@KernelTest
class ExplainKernelTest {
  private static final Duration WAIT = Duration.ofMillis(700);
  private static final Duration RETRY = Duration.ofSeconds(3);
  private static final int CASES_PER_CONFIG = 150;
  private static final String GW = LabNetwork.GW_LAN_IP;
  /** What listens in the gateway namespace for this test: every gateway service, and ports that must stay closed. */
  private static final List<Integer> GW_TCP = List.of(22, 53, 80, 443, 8080);
  private static final List<Integer> GW_UDP = List.of(53, 40000);
  private static final String GW6 = LabNetwork.GW_LAN_IP6;
  private static final List<String> DESTS = List.of(LabNetwork.INTERNET_IP_1, LabNetwork.INTERNET_IP_2,
      "203.0.113.0/24", "203.0.113.0/28", "203.0.113.16/28", "198.51.100.0/24", GW, "192.168.77.0/24", "0.0.0.0/1",
      LabNetwork.INTERNET_IP6_1, LabNetwork.INTERNET_IP6_2, "2001:db8:113::/48", "2001:db8:113::/124",
      "2001:db8:113::20/124", "2001:db8::/32", GW6, "2001:db8:77::/64", "::/1");
  private static final List<String> PORTS = List.of("22", "53", "80", "443", "8080", "40000", "80-443", "1-1024",
      "40000-40010", "53-80", "1024-65535");
  private static final List<LabHost> SOURCES = List.of(LabHost.LAPTOP, LabHost.TABLET, LabHost.PRINTER,
      LabHost.GUEST);

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  /** One connection and what the explanation says about it. */
  private record Case(LabHost from, String dst, int protocol, int port, Explain.Direction dir, Explanation expected) {
    boolean ipv6() {
      return dst.indexOf(':') >= 0;
    }
  }

  @Test
  void observedVerdictOfEveryRandomConnectionIsTheExplainedOne() throws Exception {
    LabNetwork lab = LAB.network();
    long seed = Long.getLong("sekisho.explain.seed", 20261203L);
    Random rnd = new Random(seed);
    // REJECT answers with ICMP errors, which the kernel rate-limits per peer; the lab gateway must answer
    // every probe. (The gateway namespace is the test's own, never the machine's.)
    lab.exec(LabNetwork.ROLE_GW, "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0").requireOk();
    lab.exec(LabNetwork.ROLE_GW, "sysctl", "-q", "-w", "net.ipv4.icmp_msgs_per_sec=100000").requireOk();
    lab.exec(LabNetwork.ROLE_GW, "sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0").requireOk();
    long start = System.nanoTime();
    int checked = 0;
    Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    int ipv6 = 0;
    int unknownDrops = 0;
    try (LabServers gwServers = LabServers.start(lab.namespace(LabNetwork.ROLE_GW), GW_TCP, GW_UDP,
        List.of(GW, GW6))) {
      // the third round denies unknown devices: the guest, which no host is, reaches nothing
      int round = 0;
      for (Policy policy : List.of(Policy.ALLOW, Policy.DENY, Policy.ALLOW)) {
        UnknownDevices unknown = round++ == 2 ? UnknownDevices.DENY : UnknownDevices.ALLOW;
        Config c = randomConfig(rnd, policy).withSettings(s -> s.withUnknownDevices(unknown));
        ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c));
        assertTrue(o.ok(), () -> "apply failed: " + o.problems());
        // Connections of the previous configuration are established ones now (a ping reuses its ICMP id), and
        // this test is about new connections: forget them.
        lab.exec(LabNetwork.ROLE_GW, "conntrack", "-F").requireOk();
        List<Case> cases = randomCases(rnd, new Explain(c));
        List<String> failures = run(lab, cases);
        assertEquals(List.of(), failures, "seed " + seed + ", policy " + policy + ", unknown devices " + unknown
            + ", rules:\n" + c.rules());
        unknownDrops += (int) cases.stream().filter(k -> k.expected().decidedBy().code()
            == Explanation.Code.UNKNOWN_DEVICE).count();
        checked += cases.size();
        ipv6 += (int) cases.stream().filter(Case::ipv6).count();
        cases.forEach(k -> verdicts.merge(k.expected().verdict(), 1, Integer::sum));
      }
      // Accepted connections to the gateway really reached its listeners (not just a reset from a closed port).
      assertTrue(gwServers.answered() > 0, "the gateway's test servers answered");
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("ExplainKernelTest: " + checked + " random cases (" + ipv6 + " of them IPv6) agree with the "
        + "kernel (seed " + seed + ", " + verdicts + ") in " + ms + " ms");
    assertTrue(ipv6 >= 100, "a good share of the cases is IPv6: " + ipv6);
    assertTrue(unknownDrops >= 10, "the guest was dropped as an unknown device: " + unknownDrops);
    for (Verdict v : Verdict.values()) {
      assertTrue(verdicts.getOrDefault(v, 0) >= 20, "the cases cover " + v + ": " + verdicts);
    }
  }

  /**
   * The two anti-spoofing steps against the kernel, with no rule and the LAN default allow so nothing else
   * can block: the guest first sends with the laptop's MAC, then with the laptop's address (the laptop's link
   * down, so the gateway's replies would reach the guest if the packet were forwarded). Controls afterwards
   * prove the lab is back as it was.
   */
  @Test
  void antiSpoofingAsExplainedDropsAForeignMacAndABorrowedAddress() {
    LabNetwork lab = LAB.network();
    Config c = LabSeed.base();
    assertTrue(LAB.applier().apply(RulesetCompiler.compile(c)).ok());
    lab.exec(LabNetwork.ROLE_GW, "conntrack", "-F").requireOk();
    Explain explain = new Explain(c);
    Netns guest = lab.namespace(LabHost.GUEST.role());
    Netns laptop = lab.namespace(LabHost.LAPTOP.role());
    Netns gw = lab.namespace(LabNetwork.ROLE_GW);
    String net = LabNetwork.INTERNET_IP_1;

    guest.ip("link", "set", "dev", LabNetwork.HOST_IF, "address", LabHost.LAPTOP.mac());
    gw.ip("neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    try {
      Explanation e = explain.explain(new Explain.Query(Ipv4.parse(LabHost.GUEST.ip()), Mac.parse(LabHost.LAPTOP.mac()),
          Ipv4.parse(net), FirstMatch.TCP, 80, Explain.Direction.FORWARD));
      assertEquals(Explanation.Code.ANTI_SPOOF_MAC, e.decidedBy().code(), e::toString);
      assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcpConnect(LabHost.GUEST.role(), net, 80, WAIT).outcome());
    } finally {
      guest.ip("link", "set", "dev", LabNetwork.HOST_IF, "address", LabHost.GUEST.mac());
      gw.ip("neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
      gw.ip("-6", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    }

    laptop.ip("link", "set", LabNetwork.HOST_IF, "down");
    guest.ip("addr", "add", LabHost.LAPTOP.ip() + "/24", "dev", LabNetwork.HOST_IF);
    guest.ip("route", "replace", "default", "via", GW, "src", LabHost.LAPTOP.ip());
    gw.ip("neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    try {
      Explanation e = explain.explain(new Explain.Query(Ipv4.parse(LabHost.LAPTOP.ip()), Mac.parse(LabHost.GUEST.mac()),
          Ipv4.parse(net), FirstMatch.TCP, 80, Explain.Direction.FORWARD));
      assertEquals(Explanation.Code.ANTI_SPOOF_IP, e.decidedBy().code(), e::toString);
      assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcpConnect(LabHost.GUEST.role(), net, 80, WAIT).outcome());
    } finally {
      guest.ip("route", "replace", "default", "via", GW);
      guest.ip("addr", "del", LabHost.LAPTOP.ip() + "/24", "dev", LabNetwork.HOST_IF);
      laptop.ip("link", "set", LabNetwork.HOST_IF, "up");
      laptop.ip("route", "replace", "default", "via", GW);
      // a link going down loses its IPv6 addresses and routes: put them back too
      laptop.ip("-6", "addr", "replace", LabHost.LAPTOP.ip6() + "/64", "dev", LabNetwork.HOST_IF, "nodad");
      laptop.ip("-6", "route", "replace", "default", "via", GW6);
      gw.ip("neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
      gw.ip("-6", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    }
    // Controls: the same connections from the right MAC and address are explained and observed as accepted.
    for (LabHost h : List.of(LabHost.GUEST, LabHost.LAPTOP)) {
      Explanation e = explain.explain(new Explain.Query(Ipv4.parse(h.ip()), Mac.parse(h.mac()), Ipv4.parse(net),
          FirstMatch.TCP, 80, Explain.Direction.FORWARD));
      assertEquals(Verdict.ACCEPT, e.verdict(), e::toString);
      assertEquals(ProbeResult.Outcome.CONNECTED, lab.tcpConnect(h.role(), net, 80, RETRY).outcome(), h.role());
    }
  }

  /** Probes in parallel, one thread per source host (each namespace has one call thread anyway). */
  private static List<String> run(LabNetwork lab, List<Case> cases) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SOURCES.size());
    try {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (LabHost h : SOURCES) {
        List<Case> mine = cases.stream().filter(k -> k.from() == h).toList();
        parts.add(pool.submit(() -> {
          List<String> failures = new ArrayList<>();
          for (Case k : mine) {
            String observed = observe(lab, k, WAIT);
            if (!agrees(k, observed) && k.expected().verdict() == Verdict.ACCEPT) {
              observed = observe(lab, k, RETRY); // a loaded machine may be slow to answer, never to refuse
            }
            if (!agrees(k, observed)) {
              failures.add(k.from().role() + " -> " + k.dst() + " proto " + k.protocol() + " port " + k.port() + " "
                  + k.dir() + ": explained " + k.expected() + ", observed " + observed);
            }
          }
          return failures;
        }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : parts) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String observe(LabNetwork lab, Case k, Duration wait) {
    return switch (k.protocol()) {
      case FirstMatch.TCP -> lab.tcpConnect(k.from().role(), k.dst(), k.port(), wait).outcome().name();
      case FirstMatch.UDP -> lab.udp(k.from().role(), k.dst(), k.port(), wait).outcome().name();
      default -> lab.ping(k.from().role(), k.dst()) ? "CONNECTED" : "NO_ECHO_REPLY";
    };
  }

  private static boolean agrees(Case k, String observed) {
    Verdict v = k.expected().verdict();
    if (k.protocol() == FirstMatch.ICMP || k.protocol() == FirstMatch.ICMPV6) {
      return (v == Verdict.ACCEPT) == observed.equals("CONNECTED");
    }
    return switch (v) {
      case ACCEPT -> observed.equals("CONNECTED");
      case DROP -> observed.equals("TIMEOUT");
      case REJECT -> observed.equals("REFUSED") || observed.equals("UNREACHABLE");
    };
  }

  private static List<Case> randomCases(Random rnd, Explain explain) {
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < CASES_PER_CONFIG; i++) {
      LabHost h = SOURCES.get(rnd.nextInt(SOURCES.size()));
      boolean toGw = rnd.nextInt(3) == 0;
      boolean v6 = rnd.nextInt(5) < 2;
      int roll = rnd.nextInt(10);
      int proto = roll < 6 ? FirstMatch.TCP : roll < 9 ? FirstMatch.UDP : v6 ? FirstMatch.ICMPV6 : FirstMatch.ICMP;
      String dst = v6 ? (toGw ? GW6 : rnd.nextBoolean() ? LabNetwork.INTERNET_IP6_1 : LabNetwork.INTERNET_IP6_2)
          : toGw ? GW : rnd.nextBoolean() ? LabNetwork.INTERNET_IP_1 : LabNetwork.INTERNET_IP_2;
      List<Integer> ports = proto == FirstMatch.TCP ? (toGw ? GW_TCP : LabNetwork.TCP_SERVER_PORTS)
          : proto == FirstMatch.UDP ? (toGw ? GW_UDP : LabNetwork.UDP_SERVER_PORTS) : List.of(0);
      int port = ports.get(rnd.nextInt(ports.size()));
      Explain.Direction dir = toGw ? Explain.Direction.TO_GATEWAY : Explain.Direction.FORWARD;
      Explanation e = explain.explain(new Explain.Query(IpAddr.parse(v6 ? h.ip6() : h.ip()), Mac.parse(h.mac()),
          IpAddr.parse(dst), proto, port, dir));
      out.add(new Case(h, dst, proto, port, dir, e));
    }
    return out;
  }

  private static Config randomConfig(Random rnd, Policy policy) {
    Config c = LabSeed.dualStack().withSettings(s -> s.withLanDefault(policy));
    long id = 1;
    int n = 25 + rnd.nextInt(16);
    while (id <= n) {
      if (rnd.nextInt(6) == 0) {
        // A per-host block as admins write them: allow HTTPS, allow DNS to one resolver, deny the rest.
        long h = 1 + rnd.nextInt(3);
        c = c.withRule(rule(id++, h, null, Protocol.TCP, "443", Action.ALLOW, true));
        c = c.withRule(rule(id++, h, rnd.nextBoolean() ? LabNetwork.INTERNET_IP_1 : LabNetwork.INTERNET_IP6_1,
            Protocol.UDP, "53", Action.ALLOW, true));
        c = c.withRule(rule(id++, h, null, Protocol.ANY, null, rnd.nextBoolean() ? Action.DENY : Action.REJECT,
            rnd.nextInt(5) > 0));
        continue;
      }
      Long src = rnd.nextInt(4) == 0 ? null : (long) (1 + rnd.nextInt(3));
      String dst = rnd.nextInt(3) == 0 ? null : DESTS.get(rnd.nextInt(DESTS.size()));
      Protocol p = Protocol.values()[rnd.nextInt(Protocol.values().length)];
      String ports = p.hasPorts() && rnd.nextInt(5) > 0 ? PORTS.get(rnd.nextInt(PORTS.size())) : null;
      Action a = Action.values()[rnd.nextInt(3)];
      c = c.withRule(rule(id++, src, dst, p, ports, a, rnd.nextInt(10) > 0));
    }
    return c;
  }

  private static Rule rule(long id, Long host, String dst, Protocol p, String ports, Action a, boolean enabled) {
    return new Rule(id, host, dst == null ? null : Network.parse(dst), p, ports == null ? null : PortRange.parse(ports),
        a, false, Comment.NONE, enabled);
  }
}
