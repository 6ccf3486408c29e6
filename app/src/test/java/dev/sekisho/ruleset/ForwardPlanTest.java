package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Cidr6;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.FirstMatch.Packet;
import dev.sekisho.config.Host;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.InterfaceAddress6;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Service;
import dev.sekisho.config.Settings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The plan must give every packet exactly the verdict that walking the admin's rules top to bottom gives
 * ({@link FirstMatch}, written from the rules' meaning, not from the compiler's code), in the forward chain
 * and towards the gateway. Checked on many generated rule lists: per-host and all-hosts rules interleaved,
 * per-host allow/allow/deny blocks, disabled and logged rules, nested networks and overlapping port ranges,
 * and every cap on levels so that per-host chains are exercised too.
 */
class ForwardPlanTest {
  private static final List<Network> DESTINATIONS6 = List.of(Cidr6.parse("2001:db8:113::/48"),
      Cidr6.parse("2001:db8:113::10"), Cidr6.parse("2001:db8::/32"), Cidr6.parse("2001:db8:113:8000::/49"),
      Cidr6.parse("::/1"), Cidr6.parse("2001:db8:ff::53"));
  private static final List<Ipv6> PACKET_DST6 = List.of(Ipv6.parse("2001:db8:113::10"),
      Ipv6.parse("2001:db8:113:8000::1"), Ipv6.parse("2001:db8:ff::53"), Ipv6.parse("2001:db9::1"),
      Ipv6.parse("2001:db8:113::11"), Ipv6.parse("8000::1"));
  private static final List<Cidr> DESTINATIONS = List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("203.0.113.10"),
      Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/25"), Cidr.parse("0.0.0.0/1"),
      Cidr.parse("203.0.113.128/25"), Cidr.parse("198.51.100.7"), Cidr.parse("192.0.2.53"));
  private static final List<PortRange> PORTS = List.of(PortRange.of(443), PortRange.of(80), new PortRange(80, 443),
      new PortRange(1, 1024), PortRange.of(53), new PortRange(8000, 8999), new PortRange(443, 8080));
  private static final List<Ipv4> PACKET_DST = List.of(Ipv4.parse("203.0.113.10"), Ipv4.parse("203.0.113.200"),
      Ipv4.parse("198.51.100.7"), Ipv4.parse("8.8.8.8"), Ipv4.parse("203.0.113.127"), Ipv4.parse("203.0.113.128"),
      Ipv4.parse("127.255.255.255"), Ipv4.parse("128.0.0.0"), Ipv4.parse("192.0.2.53"));
  private static final int[] PACKET_PROTO = {6, 17, 1, 47};
  private static final int[] PACKET_PORT = {443, 80, 53, 22, 8080, 8500, 1024, 1025, 100, 8081, 79};
  private static final String SERVICES = "SERVICES";

  @Test
  void planGivesTheSameVerdictAsFirstMatchOnGeneratedRuleLists() {
    Random rnd = new Random(20261203);
    int lookups = 0;
    int dispatches = 0;
    int exact = 0;
    int v6lookups = 0;
    for (int round = 0; round < 1000; round++) {
      Config c = randomConfig(rnd);
      int cap = new int[] {1, 2, 4, ForwardPlan.MAX_LEVELS}[round % 4];
      int threshold = round % 3 == 0 ? ForwardPlan.SET_THRESHOLD : 1;
      ForwardPlan plan4 = new ForwardPlan(c, cap, threshold);
      ForwardPlan plan6 = new ForwardPlan(c, Family.V6, cap, threshold);
      FirstMatch reference = new FirstMatch(c);
      for (ForwardPlan plan : List.of(plan4, plan6)) {
        for (ForwardPlan.Lookup l : lookups(plan.steps)) {
          lookups++;
          exact += l.shape().interval() ? 0 : 1;
          v6lookups += plan == plan6 ? 1 : 0;
          assertWellFormed(l);
        }
        dispatches += plan.steps.stream().filter(s -> s instanceof ForwardPlan.Dispatch).count();
      }
      List<ForwardPlan.Step> gw4 = PlanPrinter.toGateway(plan4.steps);
      List<ForwardPlan.Step> gw6 = PlanPrinter.toGateway(plan6.steps);
      for (int i = 0; i < 300; i++) {
        Packet p = randomPacket(rnd, c);
        ForwardPlan plan = p.src().ipv6() ? plan6 : plan4;
        List<ForwardPlan.Step> gw = p.src().ipv6() ? gw6 : gw4;
        FirstMatch.Decision d = reference.decide(p);
        String where = "round " + round + " cap " + cap + " packet " + p + " rules " + c.rules();
        assertEquals(d.allowed() ? "ALLOW" : d.action().name(), planned(plan, plan.steps, p, c), where);
        String toGateway = d.rule().isPresent() && d.action() != Action.ALLOW ? d.action().name() : SERVICES;
        String gwPlanned = walk(plan, c, gw, p);
        assertEquals(toGateway, gwPlanned == null || gwPlanned.equals("ALLOW") ? SERVICES : gwPlanned, where);
      }
    }
    System.out.printf("ForwardPlanTest: %d lookups (%d exact), %d dispatches%n", lookups, exact, dispatches);
    assertTrue(lookups > 1000, "the generator should exercise set lookups, got " + lookups);
    assertTrue(exact > 300, "the generator should exercise exact-match sets, got " + exact);
    assertTrue(dispatches > 300, "the generator should exercise per-host chains, got " + dispatches);
    assertTrue(v6lookups > 500, "the generator should exercise IPv6 set lookups, got " + v6lookups);
  }

  @Test
  void thousandsOfHostBlocksStayAFewLookupsNotAChain() {
    List<Host> hosts = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i <= 3333; i++) {
      hosts.add(new Host(i, "h" + i, null, new Ipv4(0x0a000000 + i)));
      rules.add(rule(3 * i, i, null, Protocol.TCP, PortRange.of(443), Action.ALLOW));
      rules.add(rule(3 * i + 1, i, Cidr.parse("192.0.2.53"), Protocol.UDP, PortRange.of(53), Action.ALLOW));
      rules.add(rule(3 * i + 2, i, null, Protocol.ANY, null, Action.DENY));
    }
    ForwardPlan plan = new ForwardPlan(config(hosts, rules, Policy.ALLOW));
    assertEquals(3, plan.steps.size(), "3,333 per-host blocks should be three lookups: " + names(plan.steps));
    for (ForwardPlan.Step s : plan.steps) {
      ForwardPlan.Lookup l = (ForwardPlan.Lookup) s;
      assertFalse(l.shape().interval(), l.name() + " needs no interval set: every field is exact");
      assertEquals(3333, l.elements().size());
    }
  }

  @Test
  void aHostWithManyAlternatingRulesGetsItsOwnChainAndDoesNotSlowTheOthers() {
    List<Host> hosts = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    hosts.add(new Host(1, "busy", null, new Ipv4(0x0a000001)));
    for (int i = 0; i < 40; i++) {
      rules.add(rule(1000 + i, 1, null, Protocol.TCP, PortRange.of(1000 + i), i % 2 == 0 ? Action.ALLOW : Action.DENY));
    }
    for (int i = 2; i <= 500; i++) {
      hosts.add(new Host(i, "h" + i, null, new Ipv4(0x0a000000 + i)));
      rules.add(rule(i, i, null, Protocol.TCP, PortRange.of(443), Action.ALLOW));
    }
    ForwardPlan plan = new ForwardPlan(config(hosts, rules, Policy.DENY));
    assertEquals(2, plan.steps.size(), names(plan.steps).toString());
    ForwardPlan.Dispatch d = (ForwardPlan.Dispatch) plan.steps.get(0);
    assertEquals(List.of(1L), d.hosts().stream().map(h -> h.host().id()).toList());
    assertEquals(499, ((ForwardPlan.Lookup) plan.steps.get(1)).elements().size());
  }

  @Test
  void allHostsRulesSplitSegmentsAndKeepTheirPlace() {
    List<Host> hosts = List.of(new Host(1, "a", null, new Ipv4(0x0a000001)), new Host(2, "b", null, new Ipv4(0x0a000002)),
        new Host(3, "c", null, new Ipv4(0x0a000003)));
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      rules.add(rule(i, i, null, Protocol.TCP, PortRange.of(443), Action.ALLOW));
    }
    rules.add(rule(10, null, null, Protocol.TCP, PortRange.of(443), Action.DENY));
    for (int i = 1; i <= 3; i++) {
      rules.add(rule(20 + i, i, null, Protocol.TCP, PortRange.of(80), Action.ALLOW));
    }
    ForwardPlan plan = new ForwardPlan(config(hosts, rules, Policy.DENY));
    assertEquals(List.of("seg1_lvl1_allow_src_proto_port", "#10", "seg3_lvl1_allow_src_proto_port"), names(plan.steps));
  }

  private static Rule rule(long id, Integer host, Cidr dst, Protocol p, PortRange ports, Action a) {
    return new Rule(id, host == null ? null : (long) host, dst, p, ports, a, false, Comment.NONE, true);
  }

  private static Config config(List<Host> hosts, List<Rule> rules, Policy policy) {
    return Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("10.0.0.1/8"))), hosts, rules,
        Settings.DEFAULTS.withLanDefault(policy));
  }

  private static List<String> names(List<ForwardPlan.Step> steps) {
    return steps.stream().map(s -> s instanceof ForwardPlan.Lookup l ? l.name()
        : s instanceof ForwardPlan.Single one ? "#" + one.rule().id() : ((ForwardPlan.Dispatch) s).name()).toList();
  }

  private static List<ForwardPlan.Lookup> lookups(List<ForwardPlan.Step> steps) {
    List<ForwardPlan.Lookup> out = new ArrayList<>();
    for (ForwardPlan.Step s : steps) {
      if (s instanceof ForwardPlan.Lookup l) {
        out.add(l);
      } else if (s instanceof ForwardPlan.Dispatch d) {
        d.hosts().forEach(h -> out.addAll(lookups(h.steps())));
      }
    }
    return out;
  }

  /** One shape per set, no two overlapping elements (nor duplicates in an exact set), set names unique. */
  private static void assertWellFormed(ForwardPlan.Lookup l) {
    List<Match> es = l.elements();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < es.size(); i++) {
      assertEquals(l.shape(), KeyShape.of(es.get(i)), l.name());
      assertTrue(keys.add(l.shape().element(es.get(i))), l.name() + ": duplicate element " + es.get(i));
      for (int j = i + 1; j < es.size(); j++) {
        assertFalse(boxesIntersect(es.get(i), es.get(j)), l.name() + ": " + es.get(i) + " overlaps " + es.get(j));
      }
    }
  }

  private static boolean boxesIntersect(Match a, Match b) {
    boolean proto = a.l4proto() == Match.ANY_PROTO || b.l4proto() == Match.ANY_PROTO || a.l4proto() == b.l4proto();
    boolean ports = a.ports() == null || b.ports() == null
        || Math.max(a.ports().from(), b.ports().from()) <= Math.min(a.ports().to(), b.ports().to());
    boolean src = a.src() == null || b.src() == null || a.src().equals(b.src());
    return src && a.dst().overlaps(b.dst()) && proto && ports;
  }

  /** A random rule list over a few hosts (also used by ExplainPropertyTest). */
  static Config randomConfig(Random rnd) {
    List<Host> hosts = new ArrayList<>();
    int nh = 1 + rnd.nextInt(6);
    for (int i = 1; i <= nh; i++) {
      List<Ipv6> v6 = rnd.nextInt(3) == 0 ? List.of(Ipv6.parse("2001:db8:77::" + (10 + i))) : List.of();
      hosts.add(new Host(i, "h" + i, Mac.parse("02:00:00:00:00:" + (10 + i)), Ipv4.parse("192.168.77." + (10 + i)),
          v6));
    }
    List<Rule> rules = new ArrayList<>();
    int nr = rnd.nextInt(40);
    long id = 1;
    Action action = Action.ALLOW;
    while (rules.size() < nr) {
      boolean enabled = rnd.nextInt(10) > 0;
      if (rnd.nextInt(8) == 0) {
        // A per-host block as admins write them: allow HTTPS, allow DNS to one resolver, deny the rest.
        long h = 1 + rnd.nextInt(nh);
        rules.add(new Rule(id++, h, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.NONE, enabled));
        rules.add(new Rule(id++, h, rnd.nextBoolean() ? Cidr.parse("192.0.2.53") : Cidr6.parse("2001:db8:ff::53"),
            Protocol.UDP, PortRange.of(53), Action.ALLOW, false, Comment.NONE, true));
        rules.add(new Rule(id++, h, null, Protocol.ANY, null, rnd.nextBoolean() ? Action.DENY : Action.REJECT,
            rnd.nextInt(6) == 0, Comment.NONE, true));
        continue;
      }
      if (rnd.nextInt(3) == 0) {
        action = Action.values()[rnd.nextInt(3)];
      }
      Long src = rnd.nextInt(5) == 0 ? null : (long) (1 + rnd.nextInt(nh));
      Network dst = rnd.nextInt(3) == 0 ? null : rnd.nextInt(3) == 0
          ? DESTINATIONS6.get(rnd.nextInt(DESTINATIONS6.size())) : DESTINATIONS.get(rnd.nextInt(DESTINATIONS.size()));
      Protocol proto = Protocol.values()[rnd.nextInt(Protocol.values().length)];
      PortRange ports = proto.hasPorts() && rnd.nextInt(5) > 0 ? PORTS.get(rnd.nextInt(PORTS.size())) : null;
      Rule r = new Rule(id++, src, dst, proto, ports, action, rnd.nextInt(10) == 0, Comment.NONE, enabled);
      // objects: a group as the source, a list as the destination, a service as protocol and ports
      int roll = rnd.nextInt(12);
      if (roll == 0) {
        r = r.withObjects((long) (201 + rnd.nextInt(2)), null, null);
      } else if (roll == 1) {
        r = r.withObjects(null, (long) (301 + rnd.nextInt(2)), null);
      } else if (roll == 2) {
        r = r.withObjects(null, null, rnd.nextBoolean() ? (long) (1 + rnd.nextInt(10)) : 401L);
      } else if (roll == 3) {
        r = r.withObjects(201L, 302L, 3L);
      }
      rules.add(r);
    }
    Settings s = new Settings(rnd.nextBoolean() ? Policy.ALLOW : Policy.DENY, true, 8080, true, true);
    List<HostGroup> groups = List.of(
        new HostGroup(201, "kids", hosts.stream().filter(h -> h.id() % 2 == 1).map(Host::id).toList()),
        new HostGroup(202, "one", List.of(hosts.get(hosts.size() - 1).id())));
    List<AddressList> lists = List.of(
        new AddressList(301, "mixed", List.of(Network.parse("203.0.113.0/25"), Network.parse("198.51.100.7"),
            Network.parse("2001:db8:113::/48"), Network.parse("203.0.113.0/24"))),
        new AddressList(302, "v4 only", List.of(Network.parse("0.0.0.0/1"), Network.parse("192.0.2.53"))));
    List<Service> services = List.of(new Service(401, "web and dns", Service.parseEntries("tcp 80-443, udp 53, icmp")));
    return Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.77.1/24"),
        InterfaceAddress6.parse("2001:db8:77::1/64"))), hosts, rules, s).withGroups(groups).withAddressLists(lists)
        .withServices(services);
  }

  /**
   * A random new connection from one of the hosts or an unknown address, over IPv4 or (one in three) IPv6;
   * an IPv6 one comes from the host's MAC with a listed or a self-chosen address, or from an unknown MAC.
   */
  static Packet randomPacket(Random rnd, Config c) {
    Host h = c.hosts().get(rnd.nextInt(c.hosts().size()));
    int port = PACKET_PORT[rnd.nextInt(PACKET_PORT.length)];
    if (rnd.nextInt(3) == 0) {
      boolean stranger = rnd.nextInt(6) == 0;
      Mac mac = stranger ? Mac.parse("02:00:00:00:00:99") : h.mac();
      Ipv6 src = !stranger && !h.ipv6().isEmpty() && rnd.nextBoolean() ? h.ipv6().get(0)
          : Ipv6.parse("2001:db8:77::" + Integer.toHexString(0x1000 + rnd.nextInt(100)));
      int trick = rnd.nextInt(12);
      if (trick == 0) {
        src = Ipv6.parse("2001:db8:99::1"); // outside the LAN prefix
      } else if (trick == 1) {
        // another host's listed address
        src = c.hosts().stream().flatMap(o -> o.ipv6().stream()).findFirst().orElse(src);
      }
      int proto = new int[] {6, 17, 58, 47}[rnd.nextInt(4)];
      return new Packet(src, PACKET_DST6.get(rnd.nextInt(PACKET_DST6.size())), proto, port, mac);
    }
    Ipv4 src = rnd.nextInt(6) == 0 ? Ipv4.parse("192.168.77.99") : h.ip();
    return new Packet(src, PACKET_DST.get(rnd.nextInt(PACKET_DST.size())), PACKET_PROTO[rnd.nextInt(4)], port);
  }

  /** The packet's source key in its family: the address over IPv4, the MAC over IPv6. */
  private static String key(Packet p) {
    return p.src().ipv6() ? p.srcMac().toString() : p.src().toString();
  }

  /**
   * Walks the plan as the kernel walks the printed chain: the first step that matches decides; a dispatch
   * walks the host's own chain and goes on when that decides nothing. Returns the verdict, or for the forward
   * chain the LAN default when nothing matched.
   */
  private static String planned(ForwardPlan plan, List<ForwardPlan.Step> steps, Packet p, Config c) {
    String v = walk(plan, c, steps, p);
    if (v != null) {
      return v;
    }
    return c.settings().lanDefault() == Policy.ALLOW ? "ALLOW" : "DENY";
  }

  private static String walk(ForwardPlan plan, Config c, List<ForwardPlan.Step> steps, Packet p) {
    for (ForwardPlan.Step s : steps) {
      if (s instanceof ForwardPlan.Single one && elementMatches(plan, c, one.match(), p)) {
        return one.rule().action().name();
      }
      if (s instanceof ForwardPlan.Lookup l && l.elements().stream().anyMatch(m -> elementMatches(plan, c, m, p))) {
        return l.action().name();
      }
      if (s instanceof ForwardPlan.Dispatch d) {
        for (ForwardPlan.HostChain h : d.hosts()) {
          String hostKey = p.src().ipv6() ? h.host().mac().toString() : h.host().ip().toString();
          String v = hostKey.equals(key(p)) ? walk(plan, c, h.steps(), p) : null;
          if (v != null) {
            return v;
          }
        }
      }
    }
    return null;
  }

  /** A match as the kernel evaluates it, named sets resolved as the compiler prints them. */
  private static boolean elementMatches(ForwardPlan plan, Config c, Match m, Packet p) {
    if (m.srcSet() != null) {
      long id = Long.parseLong(m.srcSet().substring(m.srcSet().lastIndexOf('_') + 1));
      if (!plan.groupKeys(id, m.family()).contains(key(p))) {
        return false;
      }
    }
    if (m.dstSet() != null) {
      long id = Long.parseLong(m.dstSet().substring(m.dstSet().indexOf('_') + 1));
      if (c.addressList(id).orElseThrow().merged(m.family() == Family.V6).stream().noneMatch(n -> n.contains(p.dst()))) {
        return false;
      }
    }
    return plainMatches(m, p);
  }

  private static boolean plainMatches(Match m, Packet p) {
    boolean proto = m.l4proto() == Match.ANY_PROTO || m.l4proto() == p.protocol();
    boolean port = m.ports() == null || (p.dstPort() >= m.ports().from() && p.dstPort() <= m.ports().to());
    boolean src = m.src() == null || m.src().equals(key(p));
    return m.family() == (p.src().ipv6() ? Family.V6 : Family.V4) && src && m.dst().contains(p.dst()) && proto && port;
  }
}
