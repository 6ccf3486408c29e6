package dev.sekisho.ruleset;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The moment a ruleset is compiled for, which only schedules depend on. The kernel matches {@code meta hour}
 * against UTC and {@code meta day} against its own clock shifted by the kernel time zone ({@code sys_tz},
 * minutes west of UTC, set by {@code settimeofday}; 0 unless something set it), so the compiler turns each
 * window into those terms itself with the zone's UTC offset at {@link #now}. When that offset changes (a
 * daylight saving switch) the same configuration is compiled and loaded again.
 *
 * @param now the instant of compilation
 * @param systemZone the zone used when the settings name none
 * @param kernelMinutesWest the kernel's {@code sys_tz.tz_minuteswest}
 */
public record TimeBasis(Instant now, ZoneId systemZone, int kernelMinutesWest) {
  /** A fixed basis for configurations without schedules and for tests: the epoch in UTC. */
  public static final TimeBasis EPOCH_UTC = new TimeBasis(Instant.EPOCH, ZoneOffset.UTC, 0);

  /** Checks the parts. */
  public TimeBasis {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(systemZone, "systemZone");
    if (Math.abs(kernelMinutesWest) > 24 * 60) {
      throw new IllegalArgumentException("kernel time zone out of range: " + kernelMinutesWest);
    }
  }

  /** This moment in the system's zone, with a kernel zone of UTC: what previews compile for. */
  public static TimeBasis current() {
    return of(Clock.systemDefaultZone());
  }

  /** An instant in the system's zone, with a kernel zone of UTC. */
  public static TimeBasis at(Instant now) {
    return new TimeBasis(now, ZoneId.systemDefault(), 0);
  }

  /** The clock's instant and zone, with a kernel zone of UTC. */
  public static TimeBasis of(Clock clock) {
    return new TimeBasis(clock.instant(), clock.getZone(), 0);
  }

  /** The clock's instant and zone with the kernel's time zone as read from it. */
  public static TimeBasis of(Clock clock, int kernelMinutesWest) {
    return new TimeBasis(clock.instant(), clock.getZone(), kernelMinutesWest);
  }
}
