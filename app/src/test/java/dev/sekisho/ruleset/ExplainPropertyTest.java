package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Network;
import dev.sekisho.config.Config;
import dev.sekisho.config.Explain;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.RuleCheck;
import dev.sekisho.config.Explanation.RuleOutcome;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.FirstMatch.Packet;
import dev.sekisho.config.Rule;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The explanation against {@link FirstMatch} on the generated rule lists of {@link ForwardPlanTest}: the
 * verdict is FirstMatch's, the deciding rule is FirstMatch's, and every "did not match" reason is true (the
 * rule really fails on that field, and passes every field checked before it).
 */
class ExplainPropertyTest {

  @Test
  void verdictIsFirstMatchsAndEveryReasonIsTrue() {
    Random rnd = new Random(20261204);
    Map<RuleOutcome, Integer> seen = new EnumMap<>(RuleOutcome.class);
    int spoofed = 0;
    for (int round = 0; round < 1000; round++) {
      Config c = withSchedules(ForwardPlanTest.randomConfig(rnd), rnd);
      FirstMatch fm = new FirstMatch(c, AT, java.time.ZoneOffset.UTC);
      Explain ex = new Explain(c, AT, java.time.ZoneOffset.UTC);
      for (int i = 0; i < 30; i++) {
        Packet p = ForwardPlanTest.randomPacket(rnd, c);
        Explanation e = ex.explain(new Explain.Query(p.src(), p.srcMac(), p.dst(), p.protocol(), p.dstPort(),
            Explain.Direction.FORWARD));
        if (e.decidedBy().code() == Code.ANTI_SPOOF_IP || e.decidedBy().code() == Code.ANTI_SPOOF_PREFIX6) {
          // a listed IPv6 address from another MAC: dropped before the rules, FirstMatch does not model it
          assertTrue(p.src().ipv6() && e.verdict() == Explanation.Verdict.DROP, where0(round, p, e));
          spoofed++;
          continue;
        }
        FirstMatch.Decision d = fm.decide(p);
        String where = "round " + round + " " + p + " " + e;
        assertEquals(d.allowed(), e.verdict() == Explanation.Verdict.ACCEPT, where);
        if (d.rule().isPresent()) {
          assertEquals(Code.RULE_DECIDES, e.decidedBy().code(), where);
          assertEquals(String.valueOf(d.rule().get().id()), e.decidedBy().args().get(0), where);
          assertEquals(d.action().label(), e.decidedBy().args().get(2), where);
        } else {
          assertEquals(Code.DEFAULT_POLICY, e.decidedBy().code(), where);
          assertEquals(c.settings().lanDefault().label(), e.decidedBy().args().get(0), where);
        }
        // Every rule up to the deciding one is listed, in order, each with a true reason.
        int expectedCount = d.rule().map(r -> c.rules().indexOf(r) + 1).orElse(c.rules().size());
        assertEquals(expectedCount, e.rules().size(), where);
        for (int k = 0; k < e.rules().size(); k++) {
          RuleCheck rc = e.rules().get(k);
          Rule r = c.rules().get(k);
          assertEquals(r.id(), rc.ruleId(), where);
          assertEquals(k + 1, rc.position(), where);
          seen.merge(rc.outcome(), 1, Integer::sum);
          assertReasonTrue(c, r, p, rc.outcome(), where);
        }
      }
    }
    for (RuleOutcome o : RuleOutcome.values()) {
      if (o == RuleOutcome.SKIPPED_EXPIRED || o == RuleOutcome.SKIPPED_USED_UP) {
        continue; // an explainer without a clock and counts never says these (ExplainTemporaryTest does)
      }
      assertTrue(seen.getOrDefault(o, 0) > 100, "generators reach " + o + ": " + seen);
    }
    assertTrue(spoofed > 20, "generators reach IPv6 anti-spoofing: " + spoofed);
  }

  /** The moment explained: a Friday, 03:00 UTC. */
  static final java.time.Instant AT = java.time.Instant.parse("2026-12-04T03:00:00Z");

  /** Two random schedules on about a third of the rules (one window each, some open at {@link #AT}). */
  static Config withSchedules(Config c, Random rnd) {
    long id = c.nextObjectId();
    java.util.List<dev.sekisho.config.Schedule> schedules = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int from = rnd.nextInt(24) * 60;
      int len = 60 * (1 + rnd.nextInt(12));
      int to = (from + len) % dev.sekisho.config.Schedule.DAY;
      boolean across = from + len > dev.sekisho.config.Schedule.DAY;
      java.time.DayOfWeek day = rnd.nextBoolean() ? java.time.DayOfWeek.FRIDAY : java.time.DayOfWeek.THURSDAY;
      schedules.add(new dev.sekisho.config.Schedule(id + i, "s" + i, java.util.List.of(
          new dev.sekisho.config.Schedule.Window(java.util.Set.of(day), from, to == 0 ? dev.sekisho.config.Schedule.DAY
              : to, across && to != 0))));
    }
    java.util.List<Rule> rules = c.rules().stream().map(r -> rnd.nextInt(3) == 0
        ? r.withSchedule(id + rnd.nextInt(2)) : r).toList();
    return c.withSchedules(schedules).withRules(rules);
  }

  private static String where0(int round, Packet p, Explanation e) {
    return "round " + round + " " + p + " " + e;
  }

  /** Checks the reason against the rule's fields directly, not through the engine's own check. */
  private static void assertReasonTrue(Config c, Rule r, Packet p, RuleOutcome o, String where) {
    java.util.function.Predicate<Long> from = id -> c.host(id).map(h -> p.src().ipv6()
        ? p.srcMac().equals(h.mac()) : h.ip().equals(p.src())).orElse(false);
    boolean srcOk = r.sourceGroupId() != null ? c.group(r.sourceGroupId()).orElseThrow().members().stream()
        .anyMatch(from) : r.sourceHostId() == null || from.test(r.sourceHostId());
    boolean v6 = p.dst().ipv6();
    java.util.List<Network> dsts = r.destinationListId() != null
        ? c.addressList(r.destinationListId()).orElseThrow().entries() : r.destination() == null ? null
        : java.util.List.of(r.destination());
    boolean familyOk = dsts == null || dsts.stream().anyMatch(n -> n.ipv6() == v6);
    boolean dstOk = dsts == null || dsts.stream().anyMatch(n -> n.contains(p.dst()));
    java.util.List<dev.sekisho.config.Service.Entry> entries = r.serviceId() != null
        ? c.service(r.serviceId()).orElseThrow().entries() : null;
    boolean protoOk = entries == null ? protocolFits(r.protocol(), p)
        : entries.stream().anyMatch(e -> protocolFits(e.protocol(), p));
    boolean portOk = entries == null ? portFits(r.ports(), p)
        : entries.stream().anyMatch(e -> protocolFits(e.protocol(), p) && portFits(e.ports(), p));
    switch (o) {
      case SKIPPED_DISABLED -> assertFalse(r.enabled(), where);
      case SKIPPED_SOURCE -> assertTrue(r.enabled() && !srcOk, where);
      case SKIPPED_FAMILY -> assertTrue(r.enabled() && srcOk && !familyOk, where);
      case SKIPPED_DESTINATION -> assertTrue(r.enabled() && srcOk && familyOk && !dstOk, where);
      case SKIPPED_PROTOCOL -> assertTrue(r.enabled() && srcOk && dstOk && !protoOk, where);
      case SKIPPED_PORT -> assertTrue(r.enabled() && srcOk && dstOk && protoOk && !portOk, where);
      case MATCHED -> assertTrue(r.enabled() && srcOk && dstOk && protoOk && portOk && open(c, r), where);
      case SKIPPED_SCHEDULE -> assertTrue(r.enabled() && srcOk && dstOk && protoOk && portOk && !open(c, r), where);
      default -> throw new IllegalStateException();
    }
  }

  /** Whether the rule's schedule (if any) is open at {@link #AT}, from its windows directly. */
  private static boolean open(Config c, Rule r) {
    if (r.scheduleId() == null) {
      return true;
    }
    var w = c.schedule(r.scheduleId()).orElseThrow().windows().get(0);
    int minute = 3 * 60; // Friday 03:00 UTC
    boolean friday = w.days().contains(java.time.DayOfWeek.FRIDAY);
    boolean today = friday && minute >= w.from() && (w.acrossMidnight() || minute < w.to());
    boolean fromYesterday = w.acrossMidnight() && w.days().contains(java.time.DayOfWeek.THURSDAY) && minute < w.to();
    return today || fromYesterday;
  }

  private static boolean protocolFits(dev.sekisho.config.Protocol protocol, Packet p) {
    return switch (protocol) {
      case ANY -> true;
      case TCP -> p.protocol() == 6;
      case UDP -> p.protocol() == 17;
      case TCP_UDP -> p.protocol() == 6 || p.protocol() == 17;
      case ICMP -> p.protocol() == (p.dst().ipv6() ? 58 : 1);
    };
  }

  private static boolean portFits(dev.sekisho.config.PortRange ports, Packet p) {
    return ports == null || (p.dstPort() >= ports.from() && p.dstPort() <= ports.to());
  }
}
