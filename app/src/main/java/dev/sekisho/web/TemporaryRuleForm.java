package dev.sekisho.web;

import dev.sekisho.config.Action;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Rule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The rule form's (and API's) temporary and count-limited fields: {@code duration} ({@code forever}, {@code 30m},
 * {@code 1h}, {@code until} with {@code until} = HH:MM today or tomorrow when past, {@code date} with {@code
 * untilDate} = yyyy-MM-dd HH:MM, {@code keep} with the rule's current {@code expiresAt}), an explicit
 * {@code expiresAt} instant (the API), and {@code connectionLimit}. Times are read in the admin's zone. A new
 * end must lie in the future: each refusal is at its field.
 */
final class TemporaryRuleForm {
  /** The form fields this adds to the rule form. */
  static final List<String> FIELDS = List.of("duration", "until", "untilDate", "expiresAt", "connectionLimit");
  /** The choices of the duration select, in order. */
  static final List<String> DURATIONS = List.of("forever", "30m", "1h", "until", "date");

  /** What was read: the end (null: none) and the limit (null: none). */
  record Limits(Instant end, Integer limit) {}

  private TemporaryRuleForm() {}

  /**
   * Reads the fields (rejecting bad ones on {@code f}); {@code existing} is the rule being edited or null,
   * {@code action} the form's action (null when it was itself invalid).
   */
  static Limits read(Form f, Rule existing, Action action, Instant now, ZoneId zone) {
    Instant end = null;
    String field = "duration";
    String d = f.value("duration").strip();
    if (d.isEmpty() && !f.value("expiresAt").isBlank()) {
      d = "keep";
    }
    switch (d) {
      case "", "forever" -> end = null;
      case "30m" -> end = now.plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
      case "1h" -> end = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
      case "until" -> {
        field = "until";
        end = untilToday(f, now, zone);
      }
      case "date" -> {
        field = "untilDate";
        end = untilDate(f, zone);
      }
      case "keep" -> {
        field = "expiresAt";
        try {
          end = Rule.parseEnd(f.value("expiresAt"));
        } catch (dev.sekisho.config.ParseException e) {
          f.reject("expiresAt", Lang.text(e.text()));
        }
      }
      default -> f.reject("duration", Lang.t("problem.rule.duration_choose"));
    }
    boolean unchanged = end != null && existing != null && end.equals(existing.expiresAt());
    if (end != null && !unchanged) {
      for (Problem p : ConfigValidator.checkNewEnd(end, now, field)) {
        f.reject(field, Lang.text(p.text()));
      }
    }
    return new Limits(end, limit(f, action));
  }

  private static Instant untilToday(Form f, Instant now, ZoneId zone) {
    String v = f.value("until").strip();
    if (!v.matches("[0-9]{1,2}:[0-9]{2}")) {
      f.reject("until", Lang.t("problem.rule.until_format"));
      return null;
    }
    String[] hm = v.split(":");
    int h = Integer.parseInt(hm[0]);
    int m = Integer.parseInt(hm[1]);
    if (h > 23 || m > 59) {
      f.reject("until", Lang.t("problem.rule.until_format"));
      return null;
    }
    ZonedDateTime today = now.atZone(zone);
    ZonedDateTime at = ZonedDateTime.of(today.toLocalDate(), LocalTime.of(h, m), zone);
    if (!at.toInstant().isAfter(now)) {
      at = ZonedDateTime.of(today.toLocalDate().plusDays(1), LocalTime.of(h, m), zone);
    }
    return at.toInstant();
  }

  private static Instant untilDate(Form f, ZoneId zone) {
    String v = f.value("untilDate").strip().replace('T', ' ');
    if (!v.matches("[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{1,2}:[0-9]{2}")) {
      f.reject("untilDate", Lang.t("problem.rule.date_format"));
      return null;
    }
    try {
      String[] parts = v.split(" ");
      String[] hm = parts[1].split(":");
      LocalDateTime t = LocalDateTime.of(LocalDate.parse(parts[0]),
          LocalTime.of(Integer.parseInt(hm[0]), Integer.parseInt(hm[1])));
      return t.atZone(zone).toInstant();
    } catch (java.time.DateTimeException e) {
      f.reject("untilDate", Lang.t("problem.rule.date_format"));
      return null;
    }
  }

  private static Integer limit(Form f, Action action) {
    String v = f.value("connectionLimit").strip();
    if (v.isEmpty()) {
      return null;
    }
    if (!v.matches("[0-9]{1,9}")) {
      f.reject("connectionLimit", Lang.t("problem.rule.limit_number"));
      return null;
    }
    int n = Integer.parseInt(v);
    if (n < 1 || n > Rule.MAX_CONNECTIONS) {
      f.reject("connectionLimit", Lang.t("problem.rule.limit_range", Rule.MAX_CONNECTIONS));
      return null;
    }
    if (action != null && action != Action.ALLOW) {
      f.reject("connectionLimit", Lang.t("problem.rule.limit_allow_only"));
      return null;
    }
    return n;
  }

  /** The list's words for a rule's limits at {@code now}: "ends in 25 min (…)", "next 3 connections". */
  static String label(Rule r, Instant now, Times times) {
    StringBuilder b = new StringBuilder();
    if (r.expiresAt() != null) {
      if (r.expiredAt(now)) {
        b.append(Lang.t("rules.expired_at", times.format(r.expiresAt())));
      } else {
        long min = Math.max(1, (Duration.between(now, r.expiresAt()).toSeconds() + 59) / 60);
        String left = min >= 60 ? Lang.t("rules.remaining", min / 60, min % 60) : Lang.t("rules.remaining_min", min);
        b.append(Lang.t("rules.ends_in", left, times.format(r.expiresAt())));
      }
    }
    if (r.connectionLimit() != null) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(Lang.t("rules.limit_n", r.connectionLimit()));
    }
    return b.toString();
  }
}
