package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.KernelTime;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Schedule;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.TimeBasis;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schedules with real packets through the lab gateway. The windows are chosen around the real current time,
 * in a zone far from UTC (Asia/Tokyo), so one rule's window is open now and another's closed; the kernel
 * (not Sekisho) decides by {@code meta day}/{@code meta hour}. Then a daylight saving zone compiled at fixed
 * instants on both sides of a switch: the loaded ruleset holds the UTC values the compiler chose.
 */
@KernelTest
class ScheduleKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  private static void apply(Config c, TimeBasis time) {
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c, time));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
  }

  private static Outcome tcp(LabHost h, int port, Duration wait) {
    return LAB.network().tcpConnect(h.role(), LabNetwork.INTERNET_IP_1, port, wait).outcome();
  }

  /** A one-hour window of the zone's local time starting {@code fromNow} from now (may cross midnight). */
  static Schedule.Window hourFrom(Instant now, ZoneId zone, Duration fromNow) {
    ZonedDateTime start = now.plus(fromNow).atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    ZonedDateTime end = start.plusHours(1);
    int from = start.getHour() * 60 + start.getMinute();
    int to = end.getHour() * 60 + end.getMinute();
    boolean across = !end.toLocalDate().equals(start.toLocalDate());
    if (across && to == 0) {
      return new Schedule.Window(Set.of(start.getDayOfWeek()), from, Schedule.DAY, false);
    }
    return new Schedule.Window(Set.of(start.getDayOfWeek()), from, to, across);
  }

  private static String listed(String tz) {
    return LAB.network().exec(LabNetwork.ROLE_GW, "env", "TZ=" + tz, "nft", "list", "chain", "inet", "sekisho",
        "fwd_lan").stdout();
  }

  @Test
  void aWindowOpenNowAllowsAndAWindowClosedNowBlocks() {
    Instant now = Instant.now();
    Schedule openNow = new Schedule(130, "open now", List.of(hourFrom(now, TOKYO, Duration.ofMinutes(-30))));
    Schedule closedNow = new Schedule(131, "closed now", List.of(hourFrom(now, TOKYO, Duration.ofHours(2)),
        hourFrom(now, TOKYO, Duration.ofHours(-3))));
    Config c = LabSeed.base().withSettings(s -> s.withLanDefault(Policy.ALLOW).withTimeZone(TOKYO))
        .withSchedules(List.of(openNow, closedNow))
        .withRule(new Rule(1, LabSeed.TABLET, null, Protocol.TCP, PortRange.of(80), Action.ALLOW, false,
            Comment.parse("tablet: web in its window"), true).withSchedule(130L))
        .withRule(new Rule(2, LabSeed.TABLET, null, Protocol.ANY, null, Action.DENY, false,
            Comment.parse("tablet: otherwise nothing"), true))
        .withRule(new Rule(3, LabSeed.LAPTOP, null, Protocol.TCP, PortRange.of(80), Action.ALLOW, false,
            Comment.parse("laptop: web in its window"), true).withSchedule(131L))
        .withRule(new Rule(4, LabSeed.LAPTOP, null, Protocol.ANY, null, Action.DENY, false,
            Comment.parse("laptop: otherwise nothing"), true))
        .withRule(new Rule(5, LabSeed.PRINTER, null, Protocol.TCP, PortRange.of(80), Action.DENY, false,
            Comment.parse("printer: no web in the open window"), true).withSchedule(130L))
        .withRule(new Rule(6, LabSeed.PRINTER, null, Protocol.TCP, PortRange.of(443), Action.DENY, false,
            Comment.parse("printer: no https in the closed window"), true).withSchedule(131L));
    apply(c, new TimeBasis(now, ZoneOffset.UTC, KernelTime.minutesWest()));
    String loaded = listed("UTC");
    assertTrue(loaded.contains("meta day"), loaded);

    assertEquals(Outcome.CONNECTED, tcp(LabHost.TABLET, 80, OPEN), "the tablet's window is open now: allowed");
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.LAPTOP, 80, BLOCKED), "the laptop's window is closed now: denied");
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.PRINTER, 80, BLOCKED), "a deny in an open window blocks");
    assertEquals(Outcome.CONNECTED, tcp(LabHost.PRINTER, 443, OPEN), "a deny in a closed window does not");

    // The same rules without the schedules turn both around: the windows made the difference.
    Config swapped = c.withRule(c.rule(1).orElseThrow().withSchedule(131L))
        .withRule(c.rule(3).orElseThrow().withSchedule(130L));
    apply(swapped, new TimeBasis(now, ZoneOffset.UTC, KernelTime.minutesWest()));
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, 80, BLOCKED));
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, 80, OPEN));
  }

  @Test
  void aDaylightSavingZoneIsLoadedWithTheUtcValuesOfEachSideOfTheSwitch() {
    Config c = LabSeed.base().withSettings(s -> s.withTimeZone(BERLIN))
        .withSchedules(List.of(new Schedule(130, "school days", Schedule.parseWindows("mon-fri 16:00-20:00"))))
        .withRule(new Rule(1, LabSeed.TABLET, null, Protocol.ANY, null, Action.ALLOW, false, Comment.NONE, true)
            .withSchedule(130L))
        .withRule(new Rule(2, LabSeed.TABLET, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true));
    // Europe/Berlin switches to summer time at 2026-03-29 01:00 UTC (+01:00 -> +02:00).
    Instant before = Instant.parse("2026-03-29T00:59:00Z");
    Instant after = Instant.parse("2026-03-29T01:00:00Z");
    String days = "meta day { \"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\" } ";

    apply(c, new TimeBasis(before, ZoneOffset.UTC, 0));
    String winter = listed("UTC");
    assertTrue(winter.contains(days + "meta hour \"15:00\"-\"18:59:59\" accept"), winter);
    // what the kernel holds is UTC: nft shows it in its own zone when asked to
    assertTrue(listed("Asia/Tokyo").contains("meta hour \"00:00\"-\"03:59:59\""), listed("Asia/Tokyo"));

    apply(c, new TimeBasis(after, ZoneOffset.UTC, 0));
    String summer = listed("UTC");
    assertTrue(summer.contains(days + "meta hour \"14:00\"-\"17:59:59\" accept"), summer);
    assertFalse(summer.contains("15:00"), summer);
    // the process's own zone does not shift what Sekisho's nft loads (it runs with TZ=UTC)
    assertEquals(RulesetCompiler.compile(c, new TimeBasis(after, ZoneId.of("America/New_York"), 0)).text(),
        RulesetCompiler.compile(c, new TimeBasis(after, ZoneOffset.UTC, 0)).text(),
        "with a zone in the settings, the system zone plays no part");
  }
}
