package dev.sekisho.config;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named set of weekly windows ("school days after school": Mon-Fri 16:00-20:00): a rule with this schedule
 * matches only inside one of its windows, in the gateway's time zone ({@link Settings#timeZone}). Reusable
 * by several rules; rules refer to it by id, so renaming keeps them.
 *
 * @param id stable identifier (from the objects' id space)
 * @param name display name (validated like a host's name)
 * @param windows when it is open, at least one
 */
public record Schedule(long id, String name, List<Window> windows) {
  /** At most this many windows per schedule. */
  public static final int MAX_WINDOWS = 32;
  /** Minutes in a day. */
  public static final int DAY = 24 * 60;

  /**
   * One weekly window: on each of its days from {@code from} to {@code to}; a window marked across midnight
   * ends on the next day (Fri 22:00-02:00 across midnight is Friday 22:00 to Saturday 02:00).
   *
   * @param days the days it starts on, at least one
   * @param from start, minutes after midnight (0-1439)
   * @param to end, minutes after midnight (1-1440; 1440 is the midnight ending the day), exclusive
   * @param acrossMidnight whether it ends on the next day; then {@code to} is not after {@code from}
   */
  public record Window(Set<DayOfWeek> days, int from, int to, boolean acrossMidnight) {
    /** Checks the window; the message keys say which part is wrong. */
    public Window {
      if (days == null || days.isEmpty()) {
        throw new ParseException("problem.schedule.no_days");
      }
      days = java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
      if (from < 0 || from >= DAY) {
        throw new ParseException("problem.schedule.time", clock(from));
      }
      if (to < 0 || to > DAY || (acrossMidnight && to == DAY)) {
        throw new ParseException("problem.schedule.time", clock(to));
      }
      if (!acrossMidnight && to <= from) {
        throw new ParseException("problem.schedule.end_before_start", clock(to), clock(from));
      }
      if (acrossMidnight && to > from) {
        throw new ParseException("problem.schedule.not_across", clock(from), clock(to));
      }
    }

    /** How long it is open, in minutes. */
    public int minutes() {
      return to + (acrossMidnight ? DAY : 0) - from;
    }

    /** The window as the form and {@link #parse} write it, e.g. {@code mon-fri 16:00-20:00}. */
    @Override
    public String toString() {
      return daysText(days) + " " + clock(from) + "-" + clock(to) + (acrossMidnight ? "+1" : "");
    }

    /**
     * Parses {@code mon-fri 16:00-20:00}, {@code sat,sun 09:00-12:00} or {@code fri 22:00-02:00+1} (the
     * {@code +1} marks a window that ends on the next day; without it an end before the start is refused).
     */
    public static Window parse(String text) {
      String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      Matcher m = WINDOW.matcher(s);
      if (!m.matches()) {
        throw new ParseException("problem.schedule.window", Texts.shown(s));
      }
      return new Window(parseDays(m.group(1)), parseTime(m.group(2), false), parseTime(m.group(3), true),
          m.group(4) != null);
    }
  }

  private static final Pattern WINDOW = Pattern.compile("([a-z ,\\-]+?)\\s+(\\S+?)\\s*-\\s*([^\\s+]+)(\\s*\\+1)?");
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Checks the fields. */
  public Schedule {
    if (id <= 0) {
      throw new ParseException("problem.object.id_positive");
    }
    name = Names.hostName(name);
    windows = windows.stream().distinct().toList();
    if (windows.isEmpty()) {
      throw new ParseException("problem.schedule.empty");
    }
    if (windows.size() > MAX_WINDOWS) {
      throw new ParseException("problem.schedule.too_many", MAX_WINDOWS);
    }
  }

  /** Parses windows separated by new lines or semicolons. */
  public static List<Window> parseWindows(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.schedule.empty");
    }
    List<Window> out = new ArrayList<>();
    for (String part : text.split("[;\\n]")) {
      if (!part.isBlank()) {
        out.add(Window.parse(part));
      }
      if (out.size() > MAX_WINDOWS) {
        throw new ParseException("problem.schedule.too_many", MAX_WINDOWS);
      }
    }
    return out;
  }

  /** The windows as one text, as {@link #parseWindows} reads them (one per line). */
  public String windowsText() {
    return String.join("\n", windows.stream().map(Window::toString).toList());
  }

  /**
   * True when a moment given as its local day and minute of day falls in a window (the day before is
   * looked at for windows across midnight).
   */
  public boolean openAt(DayOfWeek day, int minuteOfDay) {
    for (Window w : windows) {
      if (w.days().contains(day) && minuteOfDay >= w.from() && (w.acrossMidnight() || minuteOfDay < w.to())) {
        return true;
      }
      if (w.acrossMidnight() && w.days().contains(day.minus(1)) && minuteOfDay < w.to()) {
        return true;
      }
    }
    return false;
  }

  /** Parses {@code HH:MM}; 24:00 only as an end. */
  public static int parseTime(String text, boolean end) {
    Matcher m = TIME.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new ParseException("problem.schedule.time", Texts.shown(text == null ? "" : text.strip()));
    }
    int h = Integer.parseInt(m.group(1));
    int min = Integer.parseInt(m.group(2));
    if (min > 59 || h > 24 || (h == 24 && (min != 0 || !end))) {
      throw new ParseException("problem.schedule.time", Texts.shown(text.strip()));
    }
    return h * 60 + min;
  }

  /** Parses days: {@code mon-fri}, {@code sat,sun}, {@code mon wed fri}. */
  public static Set<DayOfWeek> parseDays(String text) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.strip().split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      String[] ends = part.split("-", -1);
      if (ends.length > 2) {
        throw new ParseException("problem.schedule.day", Texts.shown(part));
      }
      int a = dayIndex(ends[0]);
      int b = ends.length == 2 ? dayIndex(ends[1]) : a;
      for (int i = a; ; i = (i + 1) % 7) {
        days.add(DayOfWeek.of(i + 1));
        if (i == b) {
          break;
        }
      }
    }
    if (days.isEmpty()) {
      throw new ParseException("problem.schedule.no_days");
    }
    return days;
  }

  private static int dayIndex(String s) {
    int i = DAY_NAMES.indexOf(s);
    if (i < 0) {
      throw new ParseException("problem.schedule.day", Texts.shown(s));
    }
    return i;
  }

  /** The short English name of a day as the window text uses it ({@code mon}). */
  public static String dayName(DayOfWeek d) {
    return DAY_NAMES.get(d.getValue() - 1);
  }

  /** Days as text, consecutive runs of three or more as ranges: {@code mon-fri,sun}. */
  public static String daysText(Set<DayOfWeek> days) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < 7) {
      if (!days.contains(DayOfWeek.of(i + 1))) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < 7 && days.contains(DayOfWeek.of(j + 2))) {
        j++;
      }
      if (j - i >= 2) {
        parts.add(DAY_NAMES.get(i) + "-" + DAY_NAMES.get(j));
      } else {
        for (int k = i; k <= j; k++) {
          parts.add(DAY_NAMES.get(k));
        }
      }
      i = j + 1;
    }
    return String.join(",", parts);
  }

  /** A minute of the day as {@code HH:MM}. */
  public static String clock(int minutes) {
    return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }
}
