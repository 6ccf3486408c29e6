package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Explaining domain rules: a domain rule matches exactly the addresses its set holds (what the DNS forwarder
 * learned), nothing from the configuration alone; DNS to the gateway's forwarder passes before the rules.
 */
class ExplainDomainTest {
  private static final Ipv4 TABLET = Ipv4.parse("192.168.1.21");
  private static final Ipv4 LEARNED = Ipv4.parse("203.0.113.20");

  private static Config config() {
    return Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
        new NetInterface("wan0", Role.WAN, InterfaceAddress.parse("198.51.100.2/24"))),
        List.of(new Host(2, "tablet", null, TABLET)),
        List.of(new Rule(10, 2L, null, Protocol.TCP, null, Action.ALLOW, false, Comment.parse("by name"), true)
            .withDomain(DomainName.parse("*.example.org")),
            new Rule(11, 2L, null, Protocol.ANY, null, Action.DENY, false, Comment.parse("nothing else"), true)),
        Settings.DEFAULTS.withDns(Ipv4.parse("192.0.2.53"), 30, 3600, false));
  }

  private static Explanation explain(FirstMatch.Learned learned, Ipv4 dst, int port, Explain.Direction d) {
    return new Explain(config(), learned).explain(new Explain.Query(TABLET, null, dst, FirstMatch.TCP, port, d));
  }

  @Test
  void aDomainRuleMatchesWhatWasLearnedAndNothingElse() {
    FirstMatch.Learned learned = (rule, a) -> rule == 10 && a.equals(LEARNED);
    Explanation yes = explain(learned, LEARNED, 443, Explain.Direction.FORWARD);
    assertEquals(Explanation.Verdict.ACCEPT, yes.verdict());
    assertEquals(Explanation.RuleOutcome.MATCHED, yes.rules().get(0).outcome());
    Explanation other = explain(learned, Ipv4.parse("203.0.113.10"), 443, Explain.Direction.FORWARD);
    assertEquals(Explanation.RuleOutcome.SKIPPED_DESTINATION, other.rules().get(0).outcome());
    assertEquals(Explanation.Verdict.DROP, other.verdict());
    assertEquals(Explanation.Verdict.DROP, explain(FirstMatch.Learned.NOTHING, LEARNED, 443,
        Explain.Direction.FORWARD).verdict(), "from the configuration alone nothing is learned");
  }

  @Test
  void dnsToTheForwarderPassesBeforeTheRules() {
    Explanation dns = explain(FirstMatch.Learned.NOTHING, Ipv4.parse("192.168.1.1"), 53,
        Explain.Direction.TO_GATEWAY);
    assertEquals(Explanation.Verdict.ACCEPT, dns.verdict());
    assertEquals(List.of(), dns.rules(), "no rule is considered: the tablet's deny-all does not cut its DNS");
  }
}
