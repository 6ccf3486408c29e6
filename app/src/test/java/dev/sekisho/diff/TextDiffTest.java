package dev.sekisho.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextDiffTest {
  private static final Pattern HEADER = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

  @Test
  void goldenExampleMatchesDiffU() {
    String a = String.join("\n", "table inet sekisho {", "  chain forward {",
        "    type filter hook forward priority 0;", "    policy drop;", "    ct state vmap { established : accept, related : accept }", "    jump fwd_lan",
        "  }", "  chain fwd_lan {", "    tcp dport 443 drop comment \"#5 r5\"", "    accept", "  }", "}") + "\n";
    String b = a.replace("tcp dport 443 drop", "tcp dport 80 drop");
    List<String> shown = TextDiff.unified(a, b).stream().map(TextDiff.Line::shown).toList();
    // What GNU diff -u prints for the same two files, without its file headers.
    assertEquals(List.of(
        "@@ -6,7 +6,7 @@",
        "     jump fwd_lan",
        "   }",
        "   chain fwd_lan {",
        "-    tcp dport 443 drop comment \"#5 r5\"",
        "+    tcp dport 80 drop comment \"#5 r5\"",
        "     accept",
        "   }",
        " }"), shown);
    assertEquals(List.of("hunk", "ctx", "ctx", "ctx", "del", "add", "ctx", "ctx", "ctx"),
        TextDiff.unified(a, b).stream().map(TextDiff.Line::css).toList());
  }

  @Test
  void equalTextsHaveNoDiffAndEdgesUseDiffUsRanges() {
    assertEquals(List.of(), TextDiff.unified("a\nb\n", "a\nb\n"));
    assertEquals(List.of(), TextDiff.unified("", ""));
    assertEquals(List.of("@@ -0,0 +1,2 @@", "+x", "+y"), shown("", "x\ny\n"));
    assertEquals(List.of("@@ -1 +0,0 @@", "-x"), shown("x\n", ""));
    assertEquals(List.of("@@ -1,4 +1,5 @@", " a", "+new", " b", " c", " d"),
        shown("a\nb\nc\nd\ne\n", "a\nnew\nb\nc\nd\ne\n"));
  }

  @Test
  void distantChangesMakeSeparateHunksAndCloseOnesShareOne() {
    List<String> a = IntStream.rangeClosed(1, 30).mapToObj(i -> "l" + i).toList();
    List<String> far = new ArrayList<>(a);
    far.set(1, "X");
    far.set(20, "Y");
    List<TextDiff.Line> d = TextDiff.unified(a, far, 3);
    assertEquals(List.of("@@ -1,5 +1,5 @@", "@@ -18,7 +18,7 @@"), headers(d));
    List<String> near = new ArrayList<>(a);
    near.set(10, "X");
    near.set(17, "Y"); // six unchanged lines between: exactly twice the context, one hunk
    assertEquals(List.of("@@ -8,14 +8,14 @@"), headers(TextDiff.unified(a, near, 3)));
    near.set(17, "l18");
    near.set(18, "Y"); // seven between: two hunks
    assertEquals(2, headers(TextDiff.unified(a, near, 3)).size());
  }

  /** The property: applying the diff to the first text gives the second, and the diff is minimal. */
  @Test
  void applyingTheDiffReproducesTheSecondTextAndIsMinimal() {
    Random random = new Random(20260301);
    for (int round = 0; round < 3000; round++) {
      List<String> a = randomLines(random, random.nextInt(25));
      List<String> b = mutate(random, a);
      int context = random.nextInt(5);
      List<TextDiff.Line> diff = TextDiff.unified(a, b, context);
      String what = "round " + round + ": a=" + a + " b=" + b + " context=" + context;
      assertEquals(b, patch(a, diff), what);
      long edits = diff.stream().filter(l -> l.kind() == TextDiff.Kind.ADDED || l.kind() == TextDiff.Kind.DELETED)
          .count();
      assertEquals(a.size() + b.size() - 2 * lcs(a, b), edits, what);
      assertEquals(a.equals(b), diff.isEmpty(), what);
    }
  }

  @Test
  void pastTheEditLimitTheDiffIsStillCorrect() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<String> a = randomLines(random, random.nextInt(40));
      List<String> b = mutate(random, a);
      List<TextDiff.Line> diff = TextDiff.unified(a, b, 3, 2);
      assertEquals(b, patch(a, diff), "round " + round);
    }
  }

  @Test
  void largeRulesetsWithASmallChangeAreQuick() {
    List<String> a = IntStream.range(0, 50_000).mapToObj(i -> "    192.168.1." + (i % 250) + " . tcp . " + i).toList();
    List<String> b = new ArrayList<>(a);
    b.set(25_000, "changed");
    b.remove(40_000);
    long t = System.nanoTime();
    List<TextDiff.Line> diff = TextDiff.unified(a, b, 3);
    assertTrue(System.nanoTime() - t < 5_000_000_000L);
    assertEquals(b, patch(a, diff));
    assertEquals(2, headers(diff).size());
  }

  private static List<String> shown(String a, String b) {
    return TextDiff.unified(a, b).stream().map(TextDiff.Line::shown).toList();
  }

  private static List<String> headers(List<TextDiff.Line> d) {
    return d.stream().filter(l -> l.kind() == TextDiff.Kind.HUNK).map(TextDiff.Line::text).toList();
  }

  /** Applies a unified diff as patch(1) would, checking every context and deleted line against {@code a}. */
  static List<String> patch(List<String> a, List<TextDiff.Line> diff) {
    List<String> out = new ArrayList<>();
    int pos = 0; // next line of a not yet copied
    for (TextDiff.Line l : diff) {
      switch (l.kind()) {
        case HUNK -> {
          Matcher m = HEADER.matcher(l.text());
          assertTrue(m.matches(), l.text());
          int start = Integer.parseInt(m.group(1));
          int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
          int first = count == 0 ? start : start - 1; // 0-based index of the hunk's first old line
          assertTrue(first >= pos, "hunks in order");
          out.addAll(a.subList(pos, first));
          pos = first;
        }
        case CONTEXT -> {
          assertEquals(a.get(pos), l.text(), "context line " + pos);
          out.add(a.get(pos++));
        }
        case DELETED -> assertEquals(a.get(pos++), l.text(), "deleted line");
        case ADDED -> out.add(l.text());
      }
    }
    out.addAll(a.subList(pos, a.size()));
    return out;
  }

  private static int lcs(List<String> a, List<String> b) {
    int[][] t = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
      }
    }
    return t[0][0];
  }

  private static List<String> randomLines(Random r, int n) {
    // A small alphabet, so lines repeat and the search has real choices to make.
    return IntStream.range(0, n).mapToObj(i -> String.valueOf((char) ('a' + r.nextInt(5))))
        .collect(Collectors.toList());
  }

  private static List<String> mutate(Random r, List<String> a) {
    List<String> b = new ArrayList<>(a);
    int changes = r.nextInt(6);
    for (int c = 0; c < changes; c++) {
      int what = r.nextInt(3);
      if (what == 0 || b.isEmpty()) {
        b.add(r.nextInt(b.size() + 1), String.valueOf((char) ('a' + r.nextInt(6))));
      } else if (what == 1) {
        b.remove(r.nextInt(b.size()));
      } else {
        b.set(r.nextInt(b.size()), String.valueOf((char) ('a' + r.nextInt(6))));
      }
    }
    if (r.nextInt(10) == 0) {
      return randomLines(r, r.nextInt(25)); // sometimes unrelated texts
    }
    return b;
  }
}
