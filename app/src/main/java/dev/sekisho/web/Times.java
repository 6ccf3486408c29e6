package dev.sekisho.web;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Shows instants the same way on every page, in the appliance clock's zone. */
final class Times {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss O", Locale.ROOT);

  private final Clock clock;

  Times(Clock clock) {
    this.clock = clock;
  }

  Clock clock() {
    return clock;
  }

  String format(Instant t) {
    return t == null ? "" : FORMAT.format(t.atZone(clock.getZone()));
  }
}
