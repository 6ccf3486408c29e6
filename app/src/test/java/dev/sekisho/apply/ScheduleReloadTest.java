package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Schedule;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.TimeBasis;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.PendingStore;
import dev.sekisho.web.auth.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daylight saving reload with a recording nft and a hand-moved clock: before the Berlin switch nothing is
 * loaded (the applied ruleset is current) and the next check is planned just after the switch; after it the
 * same configuration is loaded again with the summer-time UTC values, the applied state keeps its time and
 * configuration, the audit log says so, and no confirmation is asked; never while an apply waits.
 */
class ScheduleReloadTest {
  @TempDir
  Path dir;
  Database db;
  AppliedStore applied;
  PendingStore pending;
  final List<String> loaded = new ArrayList<>();
  final List<AuditEvent> audited = new ArrayList<>();
  final List<AppliedState> afterReload = new ArrayList<>();
  final List<AppliedState> confirmed = new ArrayList<>();
  /** An hour before Europe/Berlin switches to summer time (2026-03-29 01:00 UTC). */
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-29T00:00:00Z"));
  SafeApply safeApply;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    applied = new AppliedStore(db);
    pending = new PendingStore(db);
    Nft nft = (args, stdin) -> {
      if (!args.contains("-c")) {
        loaded.add(stdin);
      }
      return new Nft.NftResult(0, "", "");
    };
    safeApply = new SafeApply(new Applier(nft, applied, clock), new ConfigStore(db), applied, pending,
        new NoticeStore(db), (s, admin, note) -> confirmed.add(s), clock, new ManualTimer(clock), audited::add);
  }

  @AfterEach
  void close() {
    db.close();
  }

  static Config berlin() {
    return LabSeed.base().withSettings(s -> s.withTimeZone(ZoneId.of("Europe/Berlin")))
        .withSchedules(List.of(new Schedule(130, "school days", Schedule.parseWindows("mon-fri 16:00-20:00"))))
        .withRule(new Rule(1, LabSeed.TABLET, null, Protocol.ANY, null, Action.ALLOW, false, Comment.NONE, true)
            .withSchedule(130L));
  }

  @Test
  void theAppliedConfigurationIsLoadedAgainAfterTheSwitchOnly() {
    Config c = berlin();
    assertTrue(safeApply.applyUnconfirmed(RulesetCompiler.tryCompile(c, TimeBasis.of(clock)), "admin", "").ok());
    AppliedState before = applied.current().orElseThrow();
    assertTrue(before.ruleset().contains("meta hour \"15:00\"-\"18:59:59\""), before.ruleset());
    loaded.clear();
    try (ScheduleReload reload = new ScheduleReload(safeApply, applied, clock, afterReload::add)) {
      assertEquals(SafeApply.Reload.UNCHANGED, reload.reloadNow(), "still winter time");
      assertEquals(List.of(), loaded);
      assertEquals(Instant.parse("2026-03-29T01:00:01Z"), reload.nextSwitch(clock.instant()));

      clock.advance(Duration.ofMinutes(61));
      assertEquals(SafeApply.Reload.RELOADED, reload.reloadNow());
      assertEquals(1, loaded.size());
      assertTrue(loaded.get(0).contains("meta hour \"14:00\"-\"17:59:59\""), loaded.get(0));
      AppliedState after = applied.current().orElseThrow();
      assertEquals(before.config(), after.config(), "the same configuration");
      assertEquals(before.appliedAt(), after.appliedAt(), "not a new apply");
      assertEquals(loaded.get(0), after.ruleset());
      assertEquals(List.of(after), afterReload);
      assertEquals(1, confirmed.size(), "only the first apply was a confirmation (a revision)");
      AuditEvent e = audited.get(audited.size() - 1);
      assertEquals(AuditKind.SCHEDULE_RELOAD, e.kind());
      assertEquals(AuditEvent.OK, e.outcome());
      assertEquals(SafeApply.Reload.UNCHANGED, reload.reloadNow(), "once is enough");
      // the next switch is in October
      assertEquals(Instant.parse("2026-10-25T01:00:01Z"), reload.nextSwitch(clock.instant()));
    }
  }

  @Test
  void noReloadWhileAnApplyWaitsAndNoneWithoutSchedules() {
    assertTrue(safeApply.applyUnconfirmed(RulesetCompiler.tryCompile(berlin(), TimeBasis.of(clock)), "admin", "")
        .ok());
    clock.advance(Duration.ofHours(2));
    SafeApply.Started s = safeApply.start(RulesetCompiler.tryCompile(berlin().withSettings(x -> x.withSshFromLan(false)),
        TimeBasis.of(clock)), "admin", "", Duration.ofSeconds(90));
    assertTrue(s.ok(), s.problems().toString());
    int loads = loaded.size();
    try (ScheduleReload reload = new ScheduleReload(safeApply, applied, clock, afterReload::add)) {
      assertEquals(SafeApply.Reload.WAITING, reload.reloadNow());
      assertEquals(loads, loaded.size(), "the waiting apply is not disturbed");
    }
    try (ScheduleReload reload = new ScheduleReload(safeApply, applied, clock, afterReload::add)) {
      safeApply.rollback("test");
      applied.record(new AppliedState(clock.instant(), LabSeed.base(), "x"));
      assertEquals(null, reload.nextSwitch(clock.instant()), "no scheduled rule: nothing to plan");
    }
  }
}
