package dev.sekisho.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Whether a schedule is open at an instant and when that next changes, in the gateway's zone: what the rule
 * list shows. Windows start and end on whole minutes, so the state is looked at minute by minute over a week
 * (the kernel matches the same windows, written in UTC at the zone's offset, which is reloaded at a switch).
 *
 * @param open whether a window is open at the instant
 * @param nextChange when it next opens or closes, or {@code null} when it never does (open all week)
 */
public record ScheduleStatus(boolean open, Instant nextChange) {
  private static final int HORIZON_MINUTES = 8 * 24 * 60 + 120;

  /** The status of {@code s} at {@code now} in {@code zone}. */
  public static ScheduleStatus of(Schedule s, ZoneId zone, Instant now) {
    boolean open = openAt(s, zone, now);
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    for (int i = 1; i <= HORIZON_MINUTES; i++) {
      Instant t = minute.plus(Duration.ofMinutes(i));
      if (openAt(s, zone, t) != open) {
        return new ScheduleStatus(open, t);
      }
    }
    return new ScheduleStatus(open, null);
  }

  /** True when a window of {@code s} is open at {@code t} in {@code zone}. */
  public static boolean openAt(Schedule s, ZoneId zone, Instant t) {
    ZonedDateTime local = t.atZone(zone);
    return s.openAt(local.getDayOfWeek(), local.getHour() * 60 + local.getMinute());
  }
}
