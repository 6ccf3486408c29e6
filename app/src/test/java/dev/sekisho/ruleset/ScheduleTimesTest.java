package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Schedule;
import dev.sekisho.config.ScheduleStatus;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compiler's time conditions against the schedule itself, minute by minute over a whole week: for random
 * windows (several, across midnight, whole days), random UTC offsets (including half and three-quarter hours)
 * and random kernel time zones, a minute is inside one condition exactly when the schedule is open then. The
 * conditions are evaluated as the kernel does: {@code meta hour} on the UTC time of day, {@code meta day} on
 * the day of the week of UTC shifted by the kernel's minutes west.
 */
class ScheduleTimesTest {
  private static final Pattern CONDITION = Pattern.compile(
      "meta day (?:\\{ (.*) \\}|(\"\\w+\")) meta hour \"(\\d\\d):(\\d\\d)\"-\"(\\d\\d):(\\d\\d):(\\d\\d)\"");
  private static final List<String> NFT_DAYS = List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
      "Friday", "Saturday");
  /** A Monday, 00:00 UTC. */
  private static final Instant WEEK = Instant.parse("2026-11-30T00:00:00Z");

  record Condition(Set<Integer> days, int fromSecond, int toSecond) {}

  static List<Condition> parse(List<String> conditions) {
    List<Condition> out = new ArrayList<>();
    for (String c : conditions) {
      Matcher m = CONDITION.matcher(c);
      assertTrue(m.matches(), c);
      Set<Integer> days = new java.util.HashSet<>();
      for (String d : (m.group(1) != null ? m.group(1) : m.group(2)).split(", ")) {
        days.add(NFT_DAYS.indexOf(d.replace("\"", "")));
      }
      int from = Integer.parseInt(m.group(3)) * 3600 + Integer.parseInt(m.group(4)) * 60;
      int to = Integer.parseInt(m.group(5)) * 3600 + Integer.parseInt(m.group(6)) * 60 + Integer.parseInt(m.group(7));
      assertTrue(from <= to, "no range wraps: " + c);
      out.add(new Condition(days, from, to));
    }
    return out;
  }

  @Test
  void everyMinuteOfTheWeekIsInsideAConditionExactlyWhenTheScheduleIsOpen() {
    Random rnd = new Random(13);
    int[] offsets = {0, 9 * 60, -5 * 60, -4 * 60, 60, 120, 5 * 60 + 30, 5 * 60 + 45, -9 * 60 - 30, 14 * 60, -12 * 60};
    for (int round = 0; round < 25; round++) {
      List<Schedule.Window> windows = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        int k = 1 + rnd.nextInt(7);
        for (int j = 0; j < k; j++) {
          days.add(DayOfWeek.of(1 + rnd.nextInt(7)));
        }
        int from = rnd.nextInt(Schedule.DAY);
        int len = 1 + rnd.nextInt(Schedule.DAY - 1);
        int end = from + len;
        windows.add(end > Schedule.DAY ? new Schedule.Window(days, from, end - Schedule.DAY, true)
            : new Schedule.Window(days, from, end, false));
      }
      Schedule s = new Schedule(100, "s", windows);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsets[rnd.nextInt(offsets.length)] * 60);
      int west = rnd.nextInt(3) == 0 ? offsets[rnd.nextInt(offsets.length)] : 0;
      List<Condition> cs = parse(ScheduleTimes.conditions(s, offset, west));
      for (int m = 0; m < 7 * Schedule.DAY; m++) {
        Instant t = WEEK.plusSeconds(60L * m);
        long utcSecond = t.getEpochSecond();
        int secondOfDay = (int) Math.floorMod(utcSecond, 86_400L);
        // the kernel: days since the epoch (a Thursday) of UTC minus minutes west; 0 = Sunday
        int kernelDay = (int) Math.floorMod(Math.floorDiv(utcSecond - 60L * west, 86_400L) + 4, 7L);
        boolean inside = cs.stream().anyMatch(c -> c.days().contains(kernelDay)
            && c.fromSecond() <= secondOfDay && secondOfDay <= c.toSecond());
        boolean open = ScheduleStatus.openAt(s, offset, t);
        assertEquals(open, inside, "round " + round + " " + windows + " at " + t + " offset " + offset
            + " west " + west + ": " + ScheduleTimes.conditions(s, offset, west));
      }
    }
  }
}
