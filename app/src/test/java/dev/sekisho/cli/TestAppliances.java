package dev.sekisho.cli;

import dev.sekisho.apply.RollbackTimer;
import java.time.Clock;
import java.util.Map;

/** Appliance builders for tests that run against real time (the kernel and lab tests). */
public final class TestAppliances {
  private TestAppliances() {}

  /**
   * The real clock and rollback timer, and an empty environment so that a developer's own
   * {@code SEKISHO_BACKUP_DIR} never receives test backups; the caller adds the data directory, the nft door
   * and the rest.
   */
  public static ApplianceBuilder realTime() {
    return Appliance.builder().clock(Clock.systemDefaultZone()).environment(Map.of()).timer(RollbackTimer.daemon());
  }
}
