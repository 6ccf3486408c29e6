package dev.sekisho.ruleset;

import dev.sekisho.config.Schedule;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schedule's weekly windows as nftables time conditions. Windows are read at one UTC offset (the zone's at
 * the time of compilation), moved to UTC and cut at every UTC midnight (so no {@code meta hour} range wraps)
 * and at every midnight of the kernel's day (so each piece has one {@code meta day}). Pieces with the same
 * hours are joined into one condition over their days. {@code meta hour} is written as UTC and must be loaded
 * by an nft running with {@code TZ=UTC}, since nft converts "HH:MM" from its own local time.
 */
final class ScheduleTimes {
  private static final int WEEK = 7 * Schedule.DAY;
  private static final String[] NFT_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday"};

  private ScheduleTimes() {}

  /**
   * The conditions, each e.g. {@code meta day { "Monday", "Friday" } meta hour "07:00"-"10:59:59"}; a packet
   * is inside the schedule when one of them holds.
   */
  static List<String> conditions(Schedule s, ZoneOffset offset, int kernelMinutesWest) {
    boolean[] open = new boolean[WEEK];
    int shift = offset.getTotalSeconds() / 60;
    for (Schedule.Window w : s.windows()) {
      for (var d : w.days()) {
        int start = (d.getValue() - 1) * Schedule.DAY + w.from() - shift;
        for (int m = 0; m < w.minutes(); m++) {
          open[Math.floorMod(start + m, WEEK)] = true;
        }
      }
    }
    int kernelCut = Math.floorMod(kernelMinutesWest, Schedule.DAY);
    // (start minute of day, end minute of day) -> kernel days from Monday, in order
    Map<Long, java.util.SortedSet<Integer>> byHours = new TreeMap<>();
    int m = 0;
    while (m < WEEK) {
      if (!open[m]) {
        m++;
        continue;
      }
      int a = m;
      do {
        m++;
      } while (m < WEEK && open[m] && m % Schedule.DAY != 0 && m % Schedule.DAY != kernelCut);
      int from = a % Schedule.DAY;
      int to = from + (m - a);
      int kernelDay = Math.floorMod(a - kernelMinutesWest, WEEK) / Schedule.DAY;
      byHours.computeIfAbsent((long) from * 10_000 + to, k -> new java.util.TreeSet<>()).add(kernelDay);
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<Long, java.util.SortedSet<Integer>> e : byHours.entrySet()) {
      int from = (int) (e.getKey() / 10_000);
      int to = (int) (e.getKey() % 10_000);
      List<String> days = e.getValue().stream().map(i -> "\"" + NFT_DAYS[i] + "\"").toList();
      String day = days.size() == 1 ? days.get(0) : "{ " + String.join(", ", days) + " }";
      out.add("meta day " + day + " meta hour \"" + Schedule.clock(from) + "\"-\"" + endOfMinute(to) + "\"");
    }
    return out;
  }

  /** The last second before the minute {@code to} (nft ranges include their end). */
  private static String endOfMinute(int to) {
    int last = to * 60 - 1;
    return String.format(Locale.ROOT, "%02d:%02d:%02d", last / 3600, last / 60 % 60, last % 60);
  }
}
