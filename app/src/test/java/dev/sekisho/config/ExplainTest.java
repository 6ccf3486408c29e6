package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.RuleCheck;
import dev.sekisho.config.Explanation.RuleOutcome;
import dev.sekisho.config.Explanation.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in steps of an explanation and the parsing of its input; rules are property-tested elsewhere. */
class ExplainTest {
  private static final Mac LAPTOP_MAC = Mac.parse("02:5e:6b:00:01:0a");
  private static final Ipv4 LAPTOP = Ipv4.parse("192.168.77.10");
  private static final Ipv4 GW = Ipv4.parse("192.168.77.1");
  private static final Ipv4 NET = Ipv4.parse("203.0.113.10");

  private static Config config(Policy p, Rule... rules) {
    return Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.77.1/24"))),
        List.of(new Host(1, "laptop", LAPTOP_MAC, LAPTOP), new Host(2, "tv", null, Ipv4.parse("192.168.77.20"))),
        List.of(rules), Settings.DEFAULTS.withLanDefault(p));
  }

  private static Rule rule(long id, Long host, Protocol proto, String ports, Action a, boolean enabled) {
    return new Rule(id, host, null, proto, ports == null ? null : PortRange.parse(ports), a, false, Comment.NONE,
        enabled);
  }

  private static Explanation explain(Config c, Ipv4 src, Mac mac, Ipv4 dst, int proto, int port, Explain.Direction d) {
    return new Explain(c).explain(new Explain.Query(src, mac, dst, proto, port, d));
  }

  @Test
  void unknownDevicesDeniedDropAStrangerThroughAndToTheGatewayButNotTheRegistered() {
    Config c = config(Policy.ALLOW).withSettings(x -> x.withUnknownDevices(UnknownDevices.DENY));
    Mac stranger = Mac.parse("02:00:00:00:00:99");
    Ipv4 elsewhere = Ipv4.parse("192.168.77.99");
    Explanation out = explain(c, elsewhere, stranger, NET, 6, 443, Explain.Direction.FORWARD);
    assertEquals(Verdict.DROP, out.verdict());
    assertEquals(Code.UNKNOWN_DEVICE, out.decidedBy().code());
    assertEquals(Code.UNKNOWN_DEVICE, explain(c, elsewhere, null, NET, 6, 443, Explain.Direction.FORWARD)
        .decidedBy().code(), "no MAC given: an address no host has is a stranger's");
    Explanation dns = explain(c, elsewhere, stranger, GW, 17, 53, Explain.Direction.TO_GATEWAY);
    assertEquals(Code.UNKNOWN_DEVICE, dns.decidedBy().code(), "the gateway's services too");
    assertEquals(Code.ANTI_LOCKOUT, explain(c, elsewhere, stranger, GW, 6, 8080, Explain.Direction.TO_GATEWAY)
        .decidedBy().code(), "but the anti-lockout rule comes first");
    assertEquals(Code.GATEWAY_SERVICE, explain(c, elsewhere, stranger, GW, 17, 67, Explain.Direction.TO_GATEWAY)
        .decidedBy().code(), "and DHCP");
    // registered: by its MAC and address, or a host without a MAC by its address alone
    assertEquals(Code.DEFAULT_POLICY, explain(c, LAPTOP, LAPTOP_MAC, NET, 6, 443, Explain.Direction.FORWARD)
        .decidedBy().code());
    assertEquals(Code.DEFAULT_POLICY, explain(c, Ipv4.parse("192.168.77.20"), stranger, NET, 6, 443,
        Explain.Direction.FORWARD).decidedBy().code());
    // allowed unknown devices fall to the LAN default, as before the policy existed
    Config allow = config(Policy.ALLOW);
    assertEquals(Code.DEFAULT_POLICY, explain(allow, elsewhere, stranger, NET, 6, 443, Explain.Direction.FORWARD)
        .decidedBy().code());
  }

  @Test
  void theDecisionsInboxDecidesAfterTheRulesAndAnAskingHostIsRefused() {
    java.time.Instant now = java.time.Instant.parse("2026-12-04T12:00:00Z");
    Config c = config(Policy.ALLOW, rule(1, 1L, Protocol.TCP, "22", Action.DENY, true))
        .withHost(new Host(1, "laptop", LAPTOP_MAC, LAPTOP).withAsk(true))
        .withDecisions(List.of(
            new Decision(5, 1, NET, Protocol.TCP, 443, Action.ALLOW, now.plusSeconds(60)),
            new Decision(6, 1, NET, Protocol.UDP, 123, Action.DENY, null),
            new Decision(7, 1, NET, Protocol.TCP, 8443, Action.ALLOW, now.minusSeconds(1))));
    Explain e = new Explain(c, now, java.time.ZoneOffset.UTC);
    Explanation allowed = e.explain(new Explain.Query(LAPTOP, LAPTOP_MAC, NET, 6, 443, Explain.Direction.FORWARD));
    assertEquals(Verdict.ACCEPT, allowed.verdict());
    assertEquals(Code.DECISION_ALLOWS, allowed.decidedBy().code());
    assertEquals(List.of("5"), allowed.decidedBy().args());
    assertEquals(Code.DECISION_DENIES, e.explain(new Explain.Query(LAPTOP, LAPTOP_MAC, NET, 17, 123,
        Explain.Direction.FORWARD)).decidedBy().code());
    Explanation ended = e.explain(new Explain.Query(LAPTOP, LAPTOP_MAC, NET, 6, 8443, Explain.Direction.FORWARD));
    assertEquals(Code.ASK_MODE, ended.decidedBy().code(), "an ended decision allows nothing: asked again");
    assertEquals(Verdict.REJECT, ended.verdict());
    assertEquals(Code.RULE_DECIDES, e.explain(new Explain.Query(LAPTOP, LAPTOP_MAC, NET, 6, 22,
        Explain.Direction.FORWARD)).decidedBy().code(), "the admin's rules come first");
    // a host not in ask mode falls to the LAN default; the gateway itself is not asked about
    assertEquals(Code.DEFAULT_POLICY, e.explain(new Explain.Query(Ipv4.parse("192.168.77.20"), null, NET, 6, 80,
        Explain.Direction.FORWARD)).decidedBy().code());
    assertEquals(Code.GATEWAY_SERVICE, e.explain(new Explain.Query(LAPTOP, LAPTOP_MAC, GW, 17, 53,
        Explain.Direction.TO_GATEWAY)).decidedBy().code());
    // unknown devices asked about: TCP refused, the rest dropped
    Config ask = c.withSettings(x -> x.withUnknownDevices(UnknownDevices.ASK));
    Explain u = new Explain(ask, now, java.time.ZoneOffset.UTC);
    Ipv4 stranger = Ipv4.parse("192.168.77.99");
    Explanation tcp = u.explain(new Explain.Query(stranger, null, NET, 6, 80, Explain.Direction.FORWARD));
    assertEquals(Verdict.REJECT, tcp.verdict());
    assertEquals(List.of("ask"), tcp.decidedBy().args());
    assertEquals(Verdict.DROP, u.explain(new Explain.Query(stranger, null, NET, 1, 0, Explain.Direction.FORWARD))
        .verdict());
  }

  @Test
  void antiSpoofingDropsAKnownIpFromAnotherMacAndAKnownMacWithAnotherIp() {
    Config c = config(Policy.ALLOW);
    Explanation ip = explain(c, LAPTOP, Mac.parse("02:00:00:00:00:99"), NET, 6, 443, Explain.Direction.FORWARD);
    assertEquals(Verdict.DROP, ip.verdict());
    assertEquals(Code.ANTI_SPOOF_IP, ip.decidedBy().code());
    assertEquals(List.of("1", LAPTOP_MAC.toString()), ip.decidedBy().args());
    Explanation mac = explain(c, Ipv4.parse("192.168.77.66"), LAPTOP_MAC, NET, 6, 443, Explain.Direction.FORWARD);
    assertEquals(Code.ANTI_SPOOF_MAC, mac.decidedBy().code());
    // The right pair, and a host without a MAC, are not spoofing: the default policy decides.
    assertEquals(Code.DEFAULT_POLICY, explain(c, LAPTOP, LAPTOP_MAC, NET, 6, 443, Explain.Direction.FORWARD)
        .decidedBy().code());
    assertEquals(Verdict.ACCEPT, explain(c, Ipv4.parse("192.168.77.20"), Mac.parse("02:00:00:00:00:98"), NET, 6, 443,
        Explain.Direction.FORWARD).verdict());
  }

  @Test
  void rulesAreListedWithDisabledOnesAndTheDecidingOneCarriesItsPosition() {
    Config c = config(Policy.ALLOW, rule(7, 2L, Protocol.ANY, null, Action.DENY, true),
        rule(8, 1L, Protocol.TCP, "443", Action.DENY, false), rule(9, 1L, Protocol.UDP, null, Action.DENY, true),
        rule(10, 1L, Protocol.TCP, "80", Action.DENY, true), rule(11, null, Protocol.TCP, null, Action.REJECT, true));
    Explanation e = explain(c, LAPTOP, null, NET, 6, 443, Explain.Direction.FORWARD);
    assertEquals(Verdict.REJECT, e.verdict());
    assertEquals(List.of("11", "5", "reject"), e.decidedBy().args());
    assertEquals(List.of(new RuleCheck(7, 1, RuleOutcome.SKIPPED_SOURCE),
        new RuleCheck(8, 2, RuleOutcome.SKIPPED_DISABLED), new RuleCheck(9, 3, RuleOutcome.SKIPPED_PROTOCOL),
        new RuleCheck(10, 4, RuleOutcome.SKIPPED_PORT), new RuleCheck(11, 5, RuleOutcome.MATCHED)), e.rules());
  }

  @Test
  void towardsTheGatewayAntiLockoutComesFirstAndAnAllowHandsOverToTheServices() {
    Config c = config(Policy.DENY, rule(1, 1L, Protocol.TCP, "8080", Action.DENY, true),
        rule(2, 1L, Protocol.UDP, "53", Action.ALLOW, true), rule(3, 1L, Protocol.ANY, null, Action.DENY, true));
    Explain.Direction g = Explain.Direction.TO_GATEWAY;
    assertEquals(Code.ANTI_LOCKOUT, explain(c, LAPTOP, null, GW, 6, 8080, g).decidedBy().code());
    assertEquals(Code.ANTI_LOCKOUT, explain(c, LAPTOP, null, GW, 6, 22, g).decidedBy().code());
    Explanation dns = explain(c, LAPTOP, null, GW, 17, 53, g);
    assertEquals(Verdict.ACCEPT, dns.verdict());
    assertEquals(List.of("dns"), dns.decidedBy().args());
    assertEquals(RuleOutcome.MATCHED, dns.rules().get(1).outcome());
    assertEquals(Verdict.DROP, explain(c, LAPTOP, null, GW, 1, 0, g).verdict());
    assertEquals(Code.GATEWAY_SERVICE, explain(c, LAPTOP, null, GW, 17, 67, g).decidedBy().code());
    // Another host: no rule matches, and the LAN default (deny) does not apply to the gateway itself.
    Ipv4 tv = Ipv4.parse("192.168.77.20");
    assertEquals(List.of("ping"), explain(c, tv, null, GW, 1, 0, g).decidedBy().args());
    Explanation closed = explain(c, tv, null, GW, 6, 443, g);
    assertEquals(Verdict.REJECT, closed.verdict());
    assertEquals(Code.GATEWAY_CLOSED, closed.decidedBy().code());
    Config off = c.withSettings(s -> s.withAntiLockout(false));
    assertEquals(Verdict.DROP, explain(off, LAPTOP, null, GW, 6, 8080, g).verdict());
    assertEquals(List.of("panel"), explain(off, tv, null, GW, 6, 8080, g).decidedBy().args());
    assertEquals(List.of("ssh"), explain(off, tv, null, GW, 6, 22, g).decidedBy().args());
    assertEquals(Code.FROM_WAN_NOT_OPENED,
        explain(c, NET, null, GW, 6, 443, Explain.Direction.FROM_WAN).decidedBy().code());
  }

  @Test
  void inputIsParsedWithTheHostsMacAndBadFieldsAreLocated() {
    Config c = config(Policy.ALLOW);
    ExplainInput.Result ok = ExplainInput.parse(c, "#1", "", "203.0.113.10", "tcp", "443", "forward");
    assertTrue(ok.ok(), ok.problems().toString());
    assertEquals(new Explain.Query(LAPTOP, LAPTOP_MAC, NET, 6, 443, Explain.Direction.FORWARD), ok.query());
    ExplainInput.Result icmp = ExplainInput.parse(c, "192.168.77.5", "02:00:00:00:00:01", "192.168.77.1", "icmp", "",
        "gateway");
    assertEquals(new Explain.Query(Ipv4.parse("192.168.77.5"), Mac.parse("02:00:00:00:00:01"), GW, 1, 0,
        Explain.Direction.TO_GATEWAY), icmp.query());

    assertEquals(List.of("source"), paths(ExplainInput.parse(c, "99", "", "203.0.113.10", "tcp", "443", "forward")));
    assertEquals(List.of("source", "destination"),
        paths(ExplainInput.parse(c, "192.168.77.300", "", "203.0.113", "tcp", "443", "forward")));
    assertEquals(List.of("port"), paths(ExplainInput.parse(c, "1", "", "203.0.113.10", "tcp", "70000", "forward")));
    assertEquals(List.of("port"), paths(ExplainInput.parse(c, "1", "", "203.0.113.10", "icmp", "80", "forward")));
    assertEquals(List.of("port"), paths(ExplainInput.parse(c, "1", "", "203.0.113.10", "udp", "1-9", "forward")));
    assertEquals(List.of("mac", "protocol", "direction"),
        paths(ExplainInput.parse(c, "1", "zz", "203.0.113.10", "gre", "", "sideways")));
    ExplainInput.Result bad = ExplainInput.parse(c, "<b>", null, null, null, null, null);
    assertFalse(bad.ok());
    assertEquals(null, bad.query());
  }

  private static List<String> paths(ExplainInput.Result r) {
    return r.problems().stream().map(Problem::path).toList();
  }
}
