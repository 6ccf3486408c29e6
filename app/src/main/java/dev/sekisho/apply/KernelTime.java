package dev.sekisho.apply;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import dev.sekisho.ruleset.TimeBasis;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the compiler needs to know about the kernel's clock for schedules: the kernel matches {@code meta day}
 * in its own time zone ({@code sys_tz}, minutes west of UTC, which {@code settimeofday} sets and systemd may
 * set at boot when the hardware clock keeps local time) and {@code meta hour} in UTC. glibc no longer
 * reports {@code sys_tz} through {@code gettimeofday}, so it is read with the raw system call. Anything that
 * fails leaves it at 0 (UTC), what the kernel has unless something set it.
 */
public final class KernelTime {
  private static final Logger LOG = LoggerFactory.getLogger(KernelTime.class);
  private static volatile Integer minutesWest;

  private KernelTime() {}

  /** The basis for compiling now: the clock's instant and zone and the kernel's time zone. */
  public static TimeBasis basis(Clock clock) {
    return TimeBasis.of(clock, minutesWest());
  }

  /** The kernel's {@code sys_tz.tz_minuteswest}, read once; 0 when it cannot be read. */
  public static int minutesWest() {
    Integer m = minutesWest;
    if (m == null) {
      m = read();
      minutesWest = m;
    }
    return m;
  }

  private static int read() {
    long nr;
    if (Platform.isLinux() && Platform.isIntel() && Platform.is64Bit()) {
      nr = 96; // gettimeofday on x86_64
    } else if (Platform.isLinux() && Platform.isARM() && Platform.is64Bit()) {
      nr = 169; // gettimeofday on aarch64
    } else {
      return 0;
    }
    try {
      Memory tv = new Memory(16);
      Memory tz = new Memory(8);
      tz.clear();
      int rc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("syscall")
          .invokeInt(new Object[] {nr, tv, tz});
      if (rc != 0) {
        return 0;
      }
      int west = tz.getInt(0);
      if (Math.abs(west) > 24 * 60) {
        return 0;
      }
      if (west != 0) {
        LOG.info("the kernel's time zone is {} minutes west of UTC; schedules' meta day follows it", west);
      }
      return west;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("cannot read the kernel's time zone; schedules assume UTC for meta day", e);
      return 0;
    }
  }
}
