package dev.sekisho.web;

import dev.sekisho.i18n.Language;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Shows instants the same way on every page: in the admin's time zone (chosen on the account page; else the
 * appliance clock's zone), written the way the reader's language writes dates (numeric, so nothing needs a
 * translated month name). Outside a request, in English and the appliance's zone.
 */
final class Times {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss O", Locale.ROOT);
  private static final DateTimeFormatter FORMAT_JA = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss O", Locale.ROOT);

  private final Clock clock;

  Times(Clock clock) {
    this.clock = clock;
  }

  Clock clock() {
    return clock;
  }

  /** The zone dates are shown in for this request. */
  ZoneId zone() {
    ZoneId z = Lang.zone();
    return z == null ? clock.getZone() : z;
  }

  String format(Instant t) {
    return format(t, Lang.current());
  }

  /** The instant for a reader of {@code language} (live streams, which run outside the request). */
  String format(Instant t, Language language) {
    if (t == null) {
      return "";
    }
    return (language == Language.JA ? FORMAT_JA : FORMAT).format(t.atZone(zone()));
  }
}
