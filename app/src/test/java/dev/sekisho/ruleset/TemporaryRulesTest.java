package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.TestConfigs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compile-time and load-time halves of temporary and count-limited rules: timeouts count from the
 * compile instant, a load rewrites them to what remains (never more), an ended rule is not printed, and the
 * counted connections are carried into a reload on the set's own line.
 */
class TemporaryRulesTest {
  private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

  private static Config with(Rule r) {
    return TestConfigs.small().withSettings(s -> s.withMasquerade(false)).withRule(r);
  }

  private static Rule web(long id) {
    return new Rule(id, null, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.parse("web"), true);
  }

  @Test
  void theTimeoutIsWhatRemainsAtTheCompileInstantAndAnEndedRuleIsNotPrinted() {
    Config c = with(web(40).withLimits(T0.plusSeconds(90), null));
    String at0 = RulesetCompiler.compile(c, T0).text();
    assertTrue(at0.contains("elements = { ipv4 timeout 90000ms comment \"#40 ends 2026-12-04T12:01:30Z\" }"), at0);
    assertTrue(at0.contains("tcp dport 443 meta nfproto @tmp_40 accept"), at0);
    String later = RulesetCompiler.compile(c, T0.plusSeconds(60)).text();
    assertTrue(later.contains("timeout 30000ms"), later);
    String ended = RulesetCompiler.compile(c, T0.plusSeconds(90)).text();
    assertFalse(ended.contains("tmp_40"), ended);
    assertFalse(ended.contains("#40"), "an ended rule matches nothing, so it is not printed");
  }

  @Test
  void aLoadRewritesTheTimeoutToWhatRemainsAndNeverToZero() {
    String text = RulesetCompiler.compile(with(web(40).withLimits(T0.plusSeconds(90), null)), T0).text();
    assertTrue(TemporaryRules.refresh(text, T0.plusSeconds(80)).contains("timeout 10000ms comment"));
    // an end that passed: 1 ms, the element lapses at once (0 would mean "no timeout")
    assertTrue(TemporaryRules.refresh(text, T0.plusSeconds(500)).contains("timeout 1ms comment"));
    assertEquals(text, TemporaryRules.refresh(text, T0), "at the compile instant nothing changes");
    String plain = RulesetCompiler.compile(with(web(40)), T0).text();
    assertEquals(plain, TemporaryRules.refresh(plain, T0.plusSeconds(5)));
  }

  @Test
  void countedConnectionsAreCarriedOnTheSetsOwnLineUpToItsSize() {
    String text = RulesetCompiler.compile(with(web(40).withLimits(null, 3)), T0).text();
    assertEquals(List.of("cnt_40"), TemporaryRules.countSets(text));
    assertTrue(text.contains("add @cnt_40 { ct id } accept"), text);
    String carried = TemporaryRules.carryCounts(text, Map.of("cnt_40", List.of(11L, 12L, 13L, 14L)));
    assertTrue(carried.contains("flags dynamic; elements = { 11, 12, 13 }\n"), carried);
    assertEquals(text.lines().count(), carried.lines().count(), "line numbers keep pointing at their rules");
    assertEquals(text, TemporaryRules.carryCounts(text, Map.of()));
  }

  @Test
  void aLimitOnADenyRuleAndOutOfRangeLimitsAreRefused() {
    Rule deny = new Rule(1, null, null, Protocol.TCP, null, Action.DENY, false, Comment.parse("x"), true);
    assertThrowsParse(() -> deny.withLimits(null, 3));
    assertThrowsParse(() -> web(1).withLimits(null, 0));
    assertThrowsParse(() -> web(1).withLimits(null, Rule.MAX_CONNECTIONS + 1));
    assertEquals(Rule.MAX_CONNECTIONS, web(1).withLimits(null, Rule.MAX_CONNECTIONS).connectionLimit());
    // a temporary deny is fine: "block the laptop until 22:00"
    assertEquals(T0, deny.withLimits(T0, null).expiresAt());
  }

  private static void assertThrowsParse(org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertThrows(dev.sekisho.config.ParseException.class, e);
  }
}
