package dev.sekisho.web;

import dev.sekisho.config.Schedule;
import dev.sekisho.config.ScheduleStatus;
import java.time.Instant;
import java.time.ZoneId;

/** A schedule's state in words for the rule list and the objects page: open or closed now, and until when. */
final class ScheduleView {
  private ScheduleView() {}

  /** "open now, until …" / "closed now, until …" / "always open" in the reader's language. */
  static String status(Schedule s, ZoneId zone, Instant now, Times times) {
    ScheduleStatus st = ScheduleStatus.of(s, zone, now);
    if (st.nextChange() == null) {
      return Lang.t(st.open() ? "schedules.always_open" : "schedules.never_open");
    }
    return Lang.t(st.open() ? "schedules.open_until" : "schedules.closed_until", times.format(st.nextChange()));
  }
}
