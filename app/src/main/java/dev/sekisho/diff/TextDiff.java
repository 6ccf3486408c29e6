package dev.sekisho.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unified diff of two texts, line by line, as {@code diff -u} prints it: hunks with three lines of
 * context, each line classified so a page can colour it. The edit script is Myers' shortest one (the
 * same minimal diff as an LCS), after the common head and tail are taken off, which is most of a ruleset.
 *
 * <p>Myers needs memory that grows with the square of the number of differing lines. Past
 * {@value #MAX_EDITS} of them the differing middle is shown as deleted and then added as a whole: still a
 * correct diff that turns one text into the other, just not the shortest, and a page of it says little
 * more anyway.
 */
public final class TextDiff {
  /** Lines of context around each change. */
  public static final int CONTEXT = 3;
  /** The most differing lines for which the shortest diff is searched. */
  public static final int MAX_EDITS = 2000;

  private TextDiff() {}

  /** What a diff line is. */
  public enum Kind {
    /** A hunk header, {@code @@ -12,7 +12,8 @@}. */
    HUNK("hunk", ""),
    /** A line both texts have. */
    CONTEXT("ctx", " "),
    /** A line only the first text has. */
    DELETED("del", "-"),
    /** A line only the second text has. */
    ADDED("add", "+");

    private final String css;
    private final String prefix;

    Kind(String css, String prefix) {
      this.css = css;
      this.prefix = prefix;
    }

    /** The short name pages use in class names ({@code diff-add}). */
    public String css() {
      return css;
    }
  }

  /**
   * One line of the diff.
   *
   * @param kind what it is
   * @param text the line without its {@code +}/{@code -}/space prefix (for a hunk: the whole header)
   */
  public record Line(Kind kind, String text) {

    /** The line as {@code diff -u} prints it. */
    public String shown() {
      return kind.prefix + text;
    }

    /** The kind's short name, for class names. */
    public String css() {
      return kind.css();
    }
  }

  /** The unified diff from {@code before} to {@code after}; empty when their lines are the same. */
  public static List<Line> unified(String before, String after) {
    return unified(before.lines().toList(), after.lines().toList(), CONTEXT);
  }

  /** The unified diff of two lists of lines with the given context; empty when they are equal. */
  public static List<Line> unified(List<String> a, List<String> b, int context) {
    return unified(a, b, context, MAX_EDITS);
  }

  static List<Line> unified(List<String> a, List<String> b, int context, int maxEdits) {
    if (context < 0) {
      throw new IllegalArgumentException("context must not be negative");
    }
    return hunks(a, b, edits(a, b, maxEdits), context);
  }

  private enum Op { SAME, DEL, ADD }

  /** One step of the edit script; {@code a} and {@code b} are the positions in each text before the step. */
  private record Edit(Op op, int a, int b) {}

  static List<Edit> edits(List<String> a, List<String> b, int maxEdits) {
    int n = a.size();
    int m = b.size();
    int head = 0;
    while (head < n && head < m && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < n - head && tail < m - head && a.get(n - 1 - tail).equals(b.get(m - 1 - tail))) {
      tail++;
    }
    List<Edit> out = new ArrayList<>(n + m - head - tail);
    for (int i = 0; i < head; i++) {
      out.add(new Edit(Op.SAME, i, i));
    }
    // Lines become numbers so the search compares ints, not strings.
    Map<String, Integer> ids = new HashMap<>();
    int[] x = intern(a.subList(head, n - tail), ids);
    int[] y = intern(b.subList(head, m - tail), ids);
    List<Edit> middle = myers(x, y, maxEdits);
    if (middle == null) {
      middle = new ArrayList<>(x.length + y.length);
      for (int i = 0; i < x.length; i++) {
        middle.add(new Edit(Op.DEL, i, 0));
      }
      for (int j = 0; j < y.length; j++) {
        middle.add(new Edit(Op.ADD, x.length, j));
      }
    }
    for (Edit e : middle) {
      out.add(new Edit(e.op(), e.a() + head, e.b() + head));
    }
    for (int t = tail; t > 0; t--) {
      out.add(new Edit(Op.SAME, n - t, m - t));
    }
    return out;
  }

  private static int[] intern(List<String> lines, Map<String, Integer> ids) {
    int[] out = new int[lines.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.computeIfAbsent(lines.get(i), k -> ids.size());
    }
    return out;
  }

  /**
   * Myers' greedy search for the shortest edit script (E. Myers, "An O(ND) difference algorithm", 1986),
   * keeping each round's furthest-reaching points to walk back. Null when more than {@code maxEdits} edits
   * are needed.
   */
  private static List<Edit> myers(int[] a, int[] b, int maxEdits) {
    int n = a.length;
    int m = b.length;
    int max = n + m;
    int off = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    int found = -1;
    for (int d = 0; d <= max && found < 0; d++) {
      if (d > maxEdits) {
        return null;
      }
      // v before round d, for diagonals -d-1 .. d+1: all the walk back needs.
      int[] snapshot = new int[2 * d + 3];
      System.arraycopy(v, off - d - 1, snapshot, 0, snapshot.length);
      trace.add(snapshot);
      for (int k = -d; k <= d; k += 2) {
        int x = k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a[x] == b[y]) {
          x++;
          y++;
        }
        v[off + k] = x;
        if (x >= n && y >= m) {
          found = d;
          break;
        }
      }
    }
    List<Edit> reversed = new ArrayList<>();
    int x = n;
    int y = m;
    for (int d = found; d >= 0; d--) {
      int[] prev = trace.get(d);
      int k = x - y;
      // prev[i] is v[i - d - 1]
      int down = prev[k + 1 + d + 1];
      int right = prev[k - 1 + d + 1];
      int prevK = k == -d || (k != d && right < down) ? k + 1 : k - 1;
      int prevX = prevK == k + 1 ? down : right;
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        x--;
        y--;
        reversed.add(new Edit(Op.SAME, x, y));
      }
      if (d > 0) {
        if (x == prevX) {
          reversed.add(new Edit(Op.ADD, prevX, prevY));
        } else {
          reversed.add(new Edit(Op.DEL, prevX, prevY));
        }
        x = prevX;
        y = prevY;
      }
    }
    List<Edit> out = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      out.add(reversed.get(i));
    }
    return out;
  }

  private static List<Line> hunks(List<String> a, List<String> b, List<Edit> edits, int context) {
    List<Line> out = new ArrayList<>();
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == Op.SAME) {
        i++;
        continue;
      }
      // Changes closer than twice the context share one hunk, so no context line is printed twice.
      int last = i;
      int j = i + 1;
      while (j < edits.size()) {
        if (edits.get(j).op() != Op.SAME) {
          last = j;
        } else if (j - last > 2 * context) {
          break;
        }
        j++;
      }
      int from = Math.max(0, i - context);
      int to = Math.min(edits.size(), last + 1 + context);
      int oldCount = 0;
      int newCount = 0;
      for (int e = from; e < to; e++) {
        Op op = edits.get(e).op();
        oldCount += op == Op.ADD ? 0 : 1;
        newCount += op == Op.DEL ? 0 : 1;
      }
      Edit first = edits.get(from);
      out.add(new Line(Kind.HUNK, "@@ -" + range(first.a(), oldCount) + " +" + range(first.b(), newCount) + " @@"));
      for (int e = from; e < to; e++) {
        Edit ed = edits.get(e);
        out.add(switch (ed.op()) {
          case SAME -> new Line(Kind.CONTEXT, a.get(ed.a()));
          case DEL -> new Line(Kind.DELETED, a.get(ed.a()));
          case ADD -> new Line(Kind.ADDED, b.get(ed.b()));
        });
      }
      i = to;
    }
    return out;
  }

  /** {@code diff -u}'s range: 1-based start, count omitted when 1; an empty range names the line before. */
  private static String range(int start, int count) {
    if (count == 0) {
      return start + ",0";
    }
    return count == 1 ? Integer.toString(start + 1) : (start + 1) + "," + count;
  }
}
