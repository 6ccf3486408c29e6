package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Schedules on their own: the window text both ways, bad windows refused with the reason (25:00, an end before
 * the start without +1, +1 on a window that does not cross midnight, unknown days and zones), open/next change
 * across midnight and across a daylight saving switch, and explain saying a rule outside its window did not
 * match.
 */
class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void windowsReadAndWriteTheSameText() {
    for (String w : List.of("mon-fri 16:00-20:00", "sat,sun 09:00-12:00", "fri 22:00-02:00+1", "mon,wed,fri 00:00-24:00",
        "sun 23:30-00:30+1", "mon-sun 07:00-07:01")) {
      assertEquals(w, Schedule.Window.parse(w).toString());
    }
    Schedule.Window w = Schedule.Window.parse("Mon Tue Wed 8:05 - 9:10");
    assertEquals(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY), w.days());
    assertEquals("mon-wed 08:05-09:10", w.toString());
    assertEquals("mon,fri-sun 10:00-11:00", Schedule.Window.parse("fri-mon 10:00-11:00").toString());
    assertEquals(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
        Schedule.Window.parse("fri-mon 10:00-11:00").days(), "a range wraps around the week");
    assertEquals(240, Schedule.Window.parse("fri 22:00-02:00+1").minutes());
  }

  @Test
  void badWindowsAreRefusedWithTheirReason() {
    assertEquals("problem.schedule.time", code("mon 25:00-26:00"));
    assertEquals("problem.schedule.time", code("mon 10:60-11:00"));
    assertEquals("problem.schedule.time", code("mon 24:00-01:00+1"));
    assertEquals("problem.schedule.end_before_start", code("mon 20:00-16:00"));
    assertEquals("problem.schedule.end_before_start", code("mon 10:00-10:00"));
    assertEquals("problem.schedule.not_across", code("mon 16:00-20:00+1"));
    assertEquals("problem.schedule.day", code("someday 10:00-11:00"));
    assertEquals("problem.schedule.window", code("10:00-11:00"));
    assertEquals("problem.schedule.empty", assertThrows(ParseException.class, () -> Schedule.parseWindows(" \n"))
        .code());
    assertEquals("problem.settings.time_zone", assertThrows(ParseException.class,
        () -> Settings.parseZone("Mars/Olympus_Mons")).code());
    assertEquals("problem.settings.time_zone", assertThrows(ParseException.class, () -> Settings.parseZone("+09:00"))
        .code(), "an offset is not a zone");
    assertEquals("Asia/Tokyo", Settings.parseZone(" Asia/Tokyo ").getId());
  }

  private static String code(String window) {
    return assertThrows(ParseException.class, () -> Schedule.Window.parse(window)).code();
  }

  @Test
  void openNowAndTheNextChangeAcrossMidnightAndADaylightSavingSwitch() {
    Schedule nights = new Schedule(130, "nights", Schedule.parseWindows("sat 23:30-00:30+1"));
    // Saturday 2026-03-28 23:45 in Berlin (+01:00) = 22:45 UTC: open, closing at 00:30 local on Sunday (23:30 UTC)
    ScheduleStatus s = ScheduleStatus.of(nights, BERLIN, Instant.parse("2026-03-28T22:45:00Z"));
    assertTrue(s.open());
    assertEquals(Instant.parse("2026-03-28T23:30:00Z"), s.nextChange());
    // a week later, after the switch (+02:00): 23:30 local is 21:30 UTC
    ScheduleStatus later = ScheduleStatus.of(nights, BERLIN, Instant.parse("2026-03-29T12:00:00Z"));
    assertFalse(later.open());
    assertEquals(Instant.parse("2026-04-04T21:30:00Z"), later.nextChange());
    Schedule always = new Schedule(131, "always", Schedule.parseWindows("mon-sun 00:00-24:00"));
    ScheduleStatus a = ScheduleStatus.of(always, BERLIN, Instant.parse("2026-03-29T12:00:00Z"));
    assertTrue(a.open());
    assertNull(a.nextChange());
  }

  @Test
  void explainSaysARuleOutsideItsWindowDidNotMatch() {
    Host member = new Host(3, "tablet", Mac.parse("02:5e:6b:00:01:0b"), Ipv4.parse("192.168.1.30"));
    Rule r = new Rule(20, 3L, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.NONE, true)
        .withSchedule(103L);
    Config c = Config.of(List.of(new NetInterface("eth1", Role.LAN, InterfaceAddress.parse("192.168.1.1/24"))),
        List.of(member), List.of(r, new Rule(21, 3L, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE,
            true)), Settings.DEFAULTS.withMasquerade(false).withTimeZone(ZoneId.of("Asia/Tokyo")))
        .withSchedules(List.of(new Schedule(103, "after school", Schedule.parseWindows("mon-fri 16:00-20:00"))));
    Explain.Query q = new Explain.Query(member.ip(), member.mac(), Ipv4.parse("203.0.113.5"), FirstMatch.TCP, 443,
        Explain.Direction.FORWARD);
    // Friday 2026-12-04 17:00 in Tokyo: open
    Explanation open = new Explain(c, Instant.parse("2026-12-04T08:00:00Z"), ZoneId.of("UTC")).explain(q);
    assertTrue(open.rules().stream().anyMatch(x -> x.ruleId() == 20
        && x.outcome() == Explanation.RuleOutcome.MATCHED), open.toString());
    // Friday 21:00 in Tokyo: closed, opening on Monday 16:00 (07:00 UTC)
    Explanation closed = new Explain(c, Instant.parse("2026-12-04T12:00:00Z"), ZoneId.of("UTC")).explain(q);
    Explanation.RuleCheck check = closed.rules().stream().filter(x -> x.ruleId() == 20).findFirst().orElseThrow();
    assertEquals(Explanation.RuleOutcome.SKIPPED_SCHEDULE, check.outcome());
    assertEquals(List.of("103", "2026-12-07T07:00:00Z"), check.args());
    assertEquals(List.of("21", "2", "deny"), closed.decidedBy().args(), "the next rule decides");
    assertEquals(Explanation.Verdict.DROP, closed.verdict());
    assertEquals(Explanation.Verdict.ACCEPT, open.verdict());
    assertEquals(Set.of(), Set.copyOf(ConfigValidator.validate(c)));
  }
}
