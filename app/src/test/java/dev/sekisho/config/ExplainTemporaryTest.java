package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.RuleOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An expired temporary rule and a used-up count-limited rule match nothing, as in the kernel. */
class ExplainTemporaryTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static Config config(Rule r) {
    return Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.77.1/24"))),
        List.of(new Host(1, "tablet", null, Ipv4.parse("192.168.77.11"))), List.of(r),
        Settings.DEFAULTS.withLanDefault(Policy.DENY));
  }

  private static Explanation explain(Explain e) {
    return e.explain(new Explain.Query(Ipv4.parse("192.168.77.11"), null, Ipv4.parse("203.0.113.10"), 6, 443,
        Explain.Direction.FORWARD));
  }

  private static Rule allow() {
    return new Rule(7, 1L, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.parse("web"), true);
  }

  @Test
  void anExpiredRuleDoesNotMatchAndSaysSo() {
    Config c = config(allow().withLimits(NOW.minusSeconds(1), null));
    Explanation e = explain(new Explain(c, NOW, id -> false));
    assertEquals(RuleOutcome.SKIPPED_EXPIRED, e.rules().get(0).outcome());
    assertEquals(Code.DEFAULT_POLICY, e.decidedBy().code());
    assertEquals(Explanation.Verdict.DROP, e.verdict());
    // before its end it decides
    Explanation before = explain(new Explain(c, NOW.minusSeconds(2), id -> false));
    assertEquals(Code.RULE_DECIDES, before.decidedBy().code());
    assertEquals(Explanation.Verdict.ACCEPT, before.verdict());
  }

  @Test
  void aUsedUpRuleDoesNotMatchAndSaysSo() {
    Config c = config(allow().withLimits(null, 3));
    Explanation e = explain(new Explain(c, NOW, id -> id == 7));
    assertEquals(RuleOutcome.SKIPPED_USED_UP, e.rules().get(0).outcome());
    assertEquals(Explanation.Verdict.DROP, e.verdict());
    assertEquals(Explanation.Verdict.ACCEPT, explain(new Explain(c, NOW, id -> false)).verdict());
  }
}
