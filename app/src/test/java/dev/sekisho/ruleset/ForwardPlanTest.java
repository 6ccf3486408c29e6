package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The set-based plan must give every packet exactly the verdict that walking the admin's rules top to
 * bottom gives. Checked on many generated rule lists against an evaluator written from the rules' meaning,
 * not from the compiler's code.
 */
class ForwardPlanTest {
  private static final List<Cidr> DESTINATIONS = List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("203.0.113.10"),
      Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/25"), Cidr.parse("0.0.0.0/1"));
  private static final List<PortRange> PORTS = List.of(PortRange.of(443), PortRange.of(80), new PortRange(80, 443),
      new PortRange(1, 1024), PortRange.of(53), new PortRange(8000, 8999));
  private static final List<Ipv4> PACKET_DST = List.of(Ipv4.parse("203.0.113.10"), Ipv4.parse("203.0.113.200"),
      Ipv4.parse("198.51.100.7"), Ipv4.parse("8.8.8.8"), Ipv4.parse("203.0.113.100"), Ipv4.parse("130.1.1.1"));
  private static final int[] PACKET_PROTO = {6, 17, 1, 47};
  private static final int[] PACKET_PORT = {443, 80, 53, 22, 8080, 8500, 1024, 1025, 100};

  /** A packet that starts a new connection from the LAN. */
  record Packet(Ipv4 src, Ipv4 dst, int proto, int port) {}

  @Test
  void planGivesTheSameVerdictAsFirstMatchOnGeneratedRuleLists() {
    Random rnd = new Random(20261123);
    int lookups = 0;
    for (int round = 0; round < 400; round++) {
      Config c = randomConfig(rnd);
      ForwardPlan plan = new ForwardPlan(c);
      for (ForwardPlan.Step s : plan.steps) {
        if (s instanceof ForwardPlan.Lookup l) {
          lookups++;
          assertNoOverlap(l);
        }
      }
      for (int i = 0; i < 300; i++) {
        Packet p = randomPacket(rnd, c);
        assertEquals(reference(c, p), planned(c, plan, p), "round " + round + " packet " + p + " rules " + c.rules());
      }
    }
    assertTrue(lookups > 200, "the generator should exercise set lookups, got " + lookups);
  }

  @Test
  void thousandsOfHostRulesBecomeAFewLookupsNotAChain() {
    List<Host> hosts = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i <= 5000; i++) {
      hosts.add(new Host(i, "h" + i, null, new Ipv4(0x0a000000 + i)));
      rules.add(new Rule(i, (long) i, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.NONE, true));
      rules.add(new Rule(10000 + i, (long) i, null, Protocol.UDP, PortRange.of(53), Action.ALLOW, false, Comment.NONE,
          true));
    }
    Config c = new Config(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("10.0.0.1/8"))), hosts,
        rules, Settings.DEFAULTS);
    ForwardPlan plan = new ForwardPlan(c);
    assertEquals(1, plan.steps.size(), "10,000 allow rules of one shape should be one set lookup");
    assertFalse(plan.steps.get(0) instanceof ForwardPlan.Single);
  }

  private static void assertNoOverlap(ForwardPlan.Lookup l) {
    List<Match> es = l.elements();
    for (int i = 0; i < es.size(); i++) {
      for (int j = i + 1; j < es.size(); j++) {
        assertFalse(boxesIntersect(es.get(i), es.get(j)), l.name() + ": " + es.get(i) + " overlaps " + es.get(j));
      }
    }
  }

  private static boolean boxesIntersect(Match a, Match b) {
    boolean proto = a.l4proto() == Match.ANY_PROTO || b.l4proto() == Match.ANY_PROTO || a.l4proto() == b.l4proto();
    boolean ports = a.ports() == null || b.ports() == null
        || Math.max(a.ports().from(), b.ports().from()) <= Math.min(a.ports().to(), b.ports().to());
    return a.src().overlaps(b.src()) && a.dst().overlaps(b.dst()) && proto && ports;
  }

  private static Config randomConfig(Random rnd) {
    List<Host> hosts = new ArrayList<>();
    int nh = 1 + rnd.nextInt(5);
    for (int i = 1; i <= nh; i++) {
      hosts.add(new Host(i, "h" + i, null, Ipv4.parse("192.168.77." + (10 + i))));
    }
    List<Rule> rules = new ArrayList<>();
    int nr = rnd.nextInt(25);
    Action action = Action.ALLOW;
    for (int i = 1; i <= nr; i++) {
      if (rnd.nextInt(4) == 0) {
        action = Action.values()[rnd.nextInt(3)];
      }
      Long src = rnd.nextInt(4) == 0 ? null : (long) (1 + rnd.nextInt(nh));
      Cidr dst = rnd.nextInt(3) == 0 ? null : DESTINATIONS.get(rnd.nextInt(DESTINATIONS.size()));
      Protocol proto = Protocol.values()[rnd.nextInt(Protocol.values().length)];
      PortRange ports = proto.hasPorts() && rnd.nextInt(5) > 0 ? PORTS.get(rnd.nextInt(PORTS.size())) : null;
      rules.add(new Rule(i, src, dst, proto, ports, action, rnd.nextInt(10) == 0, Comment.NONE, rnd.nextInt(10) > 0));
    }
    Settings s = new Settings(rnd.nextBoolean() ? Policy.ALLOW : Policy.DENY, true, 8080, true, true);
    return new Config(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.77.1/24"))), hosts,
        rules, s);
  }

  private static Packet randomPacket(Random rnd, Config c) {
    Ipv4 src = rnd.nextInt(6) == 0 ? Ipv4.parse("192.168.77.99") : c.hosts().get(rnd.nextInt(c.hosts().size())).ip();
    return new Packet(src, PACKET_DST.get(rnd.nextInt(PACKET_DST.size())), PACKET_PROTO[rnd.nextInt(4)],
        PACKET_PORT[rnd.nextInt(PACKET_PORT.length)]);
  }

  /** The meaning of the rule list: the first enabled rule that matches decides; else the LAN default. */
  private static String reference(Config c, Packet p) {
    for (Rule r : c.rules()) {
      if (!r.enabled()) {
        continue;
      }
      if (r.sourceHostId() != null && !c.host(r.sourceHostId()).orElseThrow().ip().equals(p.src())) {
        continue;
      }
      if (r.destination() != null && !r.destination().contains(p.dst())) {
        continue;
      }
      boolean proto = switch (r.protocol()) {
        case ANY -> true;
        case TCP -> p.proto() == 6;
        case UDP -> p.proto() == 17;
        case TCP_UDP -> p.proto() == 6 || p.proto() == 17;
        case ICMP -> p.proto() == 1;
      };
      if (!proto) {
        continue;
      }
      if (r.ports() != null && (p.port() < r.ports().from() || p.port() > r.ports().to())) {
        continue;
      }
      return r.action().name();
    }
    return c.settings().lanDefault() == Policy.ALLOW ? "ALLOW" : "DENY";
  }

  private static String planned(Config c, ForwardPlan plan, Packet p) {
    for (ForwardPlan.Step s : plan.steps) {
      if (s instanceof ForwardPlan.Single one && elementMatches(one.match(), p)) {
        return one.rule().action().name();
      }
      if (s instanceof ForwardPlan.Lookup l && l.elements().stream().anyMatch(m -> elementMatches(m, p))) {
        return l.action().name();
      }
    }
    return c.settings().lanDefault() == Policy.ALLOW ? "ALLOW" : "DENY";
  }

  private static boolean elementMatches(Match m, Packet p) {
    boolean proto = m.l4proto() == Match.ANY_PROTO || m.l4proto() == p.proto();
    boolean port = m.ports() == null || (p.port() >= m.ports().from() && p.port() <= m.ports().to());
    return m.src().contains(p.src()) && m.dst().contains(p.dst()) && proto && port;
  }
}
