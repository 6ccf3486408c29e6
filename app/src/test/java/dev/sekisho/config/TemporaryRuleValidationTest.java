package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A temporary rule's new end lies in the future and within a year; a stored end that has passed is valid (the
 * rule has expired), and the JSON refuses a limit on a deny rule, 0 and too many at the field.
 */
class TemporaryRuleValidationTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aNewEndMustLieInTheFutureAndWithinAYear() {
    assertEquals("problem.rule.ends_in_past", ConfigValidator.checkNewEnd(NOW, NOW, "x").get(0).code());
    assertEquals("problem.rule.ends_in_past",
        ConfigValidator.checkNewEnd(NOW.minusSeconds(60), NOW, "x").get(0).code());
    assertEquals(List.of(), ConfigValidator.checkNewEnd(NOW.plusSeconds(1), NOW, "x"));
    assertEquals(List.of(), ConfigValidator.checkNewEnd(NOW.plus(Duration.ofDays(366)), NOW, "x"));
    assertEquals("problem.rule.ends_too_late",
        ConfigValidator.checkNewEnd(NOW.plus(Duration.ofDays(367)), NOW, "rules[2].expiresAt").get(0).code());
    assertEquals("rules[2].expiresAt",
        ConfigValidator.checkNewEnd(NOW.plus(Duration.ofDays(367)), NOW, "rules[2].expiresAt").get(0).path());
    assertEquals(List.of(), ConfigValidator.checkNewEnd(null, NOW, "x"));
  }

  @Test
  void aStoredEndThatHasPassedIsValidAndRoundTripsThroughJson() {
    Config c = TestConfigs.small().withSettings(s -> s.withMasquerade(false)).withRule(new Rule(12, null, null,
        Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.NONE, true).withLimits(NOW.minusSeconds(5), 4));
    assertEquals(List.of(), ConfigValidator.validate(c));
    ConfigCodec.Parsed back = ConfigCodec.parse(ConfigCodec.toJson(c));
    assertTrue(back.ok(), back.problems().toString());
    assertEquals(c, back.config());
    assertTrue(ConfigCodec.toJson(c).contains("2026-12-04T11:59:55Z"), ConfigCodec.toJson(c));
  }
}
