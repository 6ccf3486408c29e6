package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.PendingStore;
import dev.sekisho.web.auth.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confirm-or-rollback bookkeeping with a recording nft and a hand-moved clock (kernel tests live elsewhere). */
class SafeApplyTest {
  @TempDir
  Path dir;
  Database db;
  ConfigStore configs;
  AppliedStore applied;
  PendingStore pending;
  NoticeStore notices;
  final List<String> loaded = new ArrayList<>();
  /** Every nft call's arguments and standard input, in order. */
  final List<List<String>> calls = new ArrayList<>();
  final List<String> inputs = new ArrayList<>();
  final List<AppliedState> confirmed = new ArrayList<>();
  final List<AuditEvent> audited = new ArrayList<>();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  final ManualTimer timer = new ManualTimer(clock);

  @BeforeEach
  void open() {
    db = Database.open(dir);
    configs = new ConfigStore(db);
    applied = new AppliedStore(db);
    pending = new PendingStore(db);
    notices = new NoticeStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private SafeApply safeApply() {
    Nft nft = (args, stdin) -> {
      calls.add(args);
      inputs.add(stdin);
      if (!args.contains("-c")) {
        loaded.add(stdin);
      }
      return new Nft.NftResult(0, "", "");
    };
    Applier applier = new Applier(nft, applied, clock);
    return new SafeApply(applier, configs, applied, pending, notices, (s, admin, note) -> confirmed.add(s), clock,
        timer, audited::add);
  }

  private static Config v1() {
    return LabSeed.base();
  }

  private static Config v2() {
    return LabSeed.demo().withSettings(s -> s.withLanDefault(Policy.DENY));
  }

  private static Compilation compiled(Config c) {
    return RulesetCompiler.tryCompile(c);
  }

  @Test
  void rollbacksByTheTimerAndAtStartUpAreAuditedWithTheirReason() {
    try (SafeApply sa = safeApply()) {
      configs.save(v1());
      assertTrue(sa.start(compiled(v1()), "admin", null, Duration.ofSeconds(30)).ok());
      timer.advance(Duration.ofSeconds(31));
      assertEquals(1, audited.size());
      AuditEvent e = audited.get(0);
      assertEquals(AuditKind.APPLY_ROLLED_BACK, e.kind());
      assertEquals(AuditEvent.SYSTEM, e.user());
      assertEquals(AuditEvent.OK, e.outcome());
      assertEquals(clock.instant(), e.at());
      assertTrue(e.detail().startsWith("apply of 2026-11-23 10:00:00 by admin: it was not confirmed within 30 "
          + "seconds"), e.detail());

      assertTrue(sa.start(compiled(v1()), "admin", null, Duration.ofSeconds(30)).ok());
    }
    try (SafeApply restarted = safeApply()) {
      restarted.recoverAtStartup();
      assertEquals(2, audited.size());
      assertTrue(audited.get(1).detail().endsWith("Sekisho stopped before it was confirmed"), audited.get(1).detail());
    }
  }

  @Test
  void anUnconfirmedApplyIsRolledBackToTheRulesetAndConfigThatWereInForce() {
    try (SafeApply sa = safeApply()) {
      configs.save(v1());
      assertTrue(sa.applyUnconfirmed(compiled(v1()), "admin", null).ok());
      configs.save(v2());
      SafeApply.Started s = sa.start(compiled(v2()), "admin", "tighten", Duration.ofSeconds(30));
      assertTrue(s.ok(), s.problems().toString());
      assertEquals(v2(), applied.current().orElseThrow().config());

      sa.rollback("test");

      assertEquals(RulesetCompiler.compile(v1()).text(), loaded.get(loaded.size() - 1), "the old text is loaded");
      assertEquals(v1(), applied.current().orElseThrow().config());
      assertEquals(v1(), configs.load(), "the draft is the old configuration again");
      assertTrue(pending.get().isEmpty());
      assertEquals(1, notices.open().size());
      assertTrue(notices.open().get(0).message().contains("rolled back because test"));
      assertEquals(1, confirmed.size(), "only the unconfirmed apply counted as confirmed");
    }
  }

  @Test
  void aConfirmedApplyStaysAndTheTimerDoesNothing() {
    try (SafeApply sa = safeApply()) {
      SafeApply.Started s = sa.start(compiled(v2()), "admin", null, Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(5));
      assertEquals(SafeApply.Confirmation.CONFIRMED, sa.confirm(s.token(), clock.instant()));
      sa.rollback("late timer");
      assertEquals(v2(), applied.current().orElseThrow().config());
      assertTrue(notices.open().isEmpty());
      assertEquals(1, confirmed.size());
      assertEquals(SafeApply.Confirmation.NOTHING_PENDING, sa.confirm(s.token(), clock.instant()), "one-time");
    }
  }

  @Test
  void confirmationNeedsTheTokenANewConnectionAndTime() {
    try (SafeApply sa = safeApply()) {
      Instant before = clock.instant();
      SafeApply.Started s = sa.start(compiled(v2()), "admin", null, Duration.ofSeconds(30));
      assertEquals(SafeApply.Confirmation.WRONG_TOKEN, sa.confirm("nope", clock.instant().plusSeconds(1)));
      assertEquals(SafeApply.Confirmation.OLD_CONNECTION, sa.confirm(s.token(), before));
      clock.advance(Duration.ofSeconds(31));
      assertEquals(SafeApply.Confirmation.EXPIRED, sa.confirm(s.token(), clock.instant()));
      assertTrue(pending.get().isPresent(), "still waiting for the rollback");
    }
  }

  @Test
  void anApplyLoadsTheCompiledValueItWasGivenAndCompilesNothingAgain() {
    try (SafeApply sa = safeApply()) {
      Compilation once = compiled(v1());
      assertTrue(sa.applyUnconfirmed(once, "admin", null).ok());
      Compilation twice = compiled(v2());
      assertTrue(sa.start(twice, "admin", null, Duration.ofSeconds(30)).ok());

      assertEquals(List.of(NftLoad.CHECK, NftLoad.LOAD, NftLoad.CHECK, NftLoad.LOAD), calls);
      // The same String instances: a second compilation inside SafeApply or Applier would give equal text
      // but new objects (ApplyCompilesNothingTest keeps them from validating or compiling at all).
      assertSame(once.ruleset().text(), inputs.get(0));
      assertSame(once.ruleset().text(), inputs.get(1));
      assertSame(twice.ruleset().text(), inputs.get(2));
      assertSame(twice.ruleset().text(), inputs.get(3));
      assertEquals(v2(), applied.current().orElseThrow().config(), "the config recorded is the one compiled");
      assertEquals(twice.ruleset().text(), pending.get().orElseThrow().ruleset());
      assertEquals(v2(), pending.get().orElseThrow().config());

      sa.rollback("test");
      assertEquals(List.of(NftLoad.CHECK, NftLoad.LOAD), calls.subList(4, calls.size()), "a rollback is checked too");
      assertEquals(once.ruleset().text(), inputs.get(5));
    }
  }

  @Test
  void anInvalidConfigNeverReachesNftAndReportsItsLocatedProblems() {
    try (SafeApply sa = safeApply()) {
      Compilation refused = compiled(v1().withRule(
          new Rule(1, 42L, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)));
      SafeApply.Started s = sa.start(refused, "admin", null, Duration.ofSeconds(30));
      assertFalse(s.ok());
      assertEquals("rules[0].source", s.problems().get(0).path());
      ApplyOutcome o = sa.applyUnconfirmed(refused, "admin", null);
      assertFalse(o.ok());
      assertEquals(refused.problems(), o.problems());
      assertTrue(calls.isEmpty(), "nft never ran");
      assertTrue(pending.get().isEmpty(), "nothing waits");
      assertTrue(applied.current().isEmpty(), "nothing is recorded as applied");
      assertTrue(confirmed.isEmpty());
    }
  }

  @Test
  void aSecondApplyIsRefusedWhileOneWaitsAndTheWaitingOneIsUnaffected() {
    try (SafeApply sa = safeApply()) {
      SafeApply.Started first = sa.start(compiled(v1()), "admin", null, Duration.ofSeconds(30));
      SafeApply.Started second = sa.start(compiled(v2()), "other", null, Duration.ofSeconds(30));
      assertFalse(second.ok());
      assertTrue(second.problems().get(0).message().contains("waiting for confirmation"));
      assertFalse(sa.applyUnconfirmed(compiled(v2()), "other", null).ok());
      assertEquals(v1(), applied.current().orElseThrow().config());
      clock.advance(Duration.ofSeconds(1));
      assertEquals(SafeApply.Confirmation.CONFIRMED, sa.confirm(first.token(), clock.instant()));
    }
  }

  @Test
  void aWaitingApplyFoundAtStartupIsRolledBack() {
    try (SafeApply sa = safeApply()) {
      sa.applyUnconfirmed(compiled(v1()), "admin", null);
      sa.start(compiled(v2()), "admin", null, Duration.ofSeconds(30));
    }
    try (SafeApply after = safeApply()) {
      after.recoverAtStartup();
      assertEquals(v1(), applied.current().orElseThrow().config());
      assertTrue(pending.get().isEmpty());
      assertTrue(notices.open().get(0).message().contains("stopped before it was confirmed"));
    }
  }

  @Test
  void rollingBackAFirstApplyRemovesTheTable() {
    try (SafeApply sa = safeApply()) {
      sa.start(compiled(v1()), "admin", null, Duration.ofSeconds(30));
      sa.rollback("test");
      assertEquals(Applier.withoutTable(), loaded.get(loaded.size() - 1));
      assertTrue(applied.current().isEmpty());
    }
  }

  @Test
  void theTimerRollsBackByItself() {
    try (SafeApply sa = safeApply()) {
      sa.applyUnconfirmed(compiled(v1()), "admin", null);
      assertTrue(sa.start(compiled(v2()), "admin", null, Duration.ofSeconds(10)).ok());
      timer.advance(Duration.ofMillis(9_999));
      assertTrue(pending.get().isPresent(), "still waiting just before the deadline");
      assertEquals(v2(), applied.current().orElseThrow().config());
      timer.advance(Duration.ofMillis(1));
      assertTrue(pending.get().isEmpty(), "rolled back by the timer");
      assertEquals(v1(), applied.current().orElseThrow().config());
      assertTrue(notices.open().get(0).message().contains("not confirmed within 10 seconds"));
    }
  }

  @Test
  void aConfirmationCancelsTheTimer() {
    try (SafeApply sa = safeApply()) {
      SafeApply.Started s = sa.start(compiled(v2()), "admin", null, Duration.ofSeconds(30));
      assertEquals(1, timer.waiting());
      clock.advance(Duration.ofSeconds(5));
      assertEquals(SafeApply.Confirmation.CONFIRMED, sa.confirm(s.token(), clock.instant()));
      assertEquals(0, timer.waiting());
      timer.advance(Duration.ofMinutes(1));
      assertEquals(v2(), applied.current().orElseThrow().config());
      assertTrue(notices.open().isEmpty());
    }
  }
}
