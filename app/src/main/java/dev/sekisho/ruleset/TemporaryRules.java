package dev.sekisho.ruleset;

import dev.sekisho.config.Rule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How temporary and count-limited rules are enforced by the kernel, so they hold while Sekisho is stopped.
 *
 * <p><b>Temporary</b> (a rule with an end): the rule's lines also require {@code meta nfproto @tmp_<id>}, a
 * set with {@code flags timeout} whose elements ({@code ipv4}, and {@code ipv6} when IPv6 is forwarded)
 * carry {@code timeout <remaining>}: when the kernel drops them at the end, the rule stops matching, whatever
 * the process does. Each element's comment names the absolute end, and every load ({@link #refresh}) rewrites
 * the timeout to what remains at that instant, so a re-apply, a rollback or a boot restore of stored text
 * keeps the remaining time and never restarts it. A rule that has ended is not printed at all.
 *
 * <p><b>Count-limited</b> ("allow the next N connections"): the rule's lines add each matching new
 * connection's conntrack id to {@code cnt_<id>}, a dynamic set of {@code size N}: {@code add @cnt_<id> { ct id }}
 * fails once the set is full, which ends the rule's match (the kernel's dynset "breaks"), so the N+1-th new
 * connection falls on to the rules after it. The kernel's element count is updated atomically, so a burst
 * cannot overshoot. A reload replaces the table and with it the set: every load first reads the set's
 * elements back from the kernel and writes them into the new text ({@link #carryCounts}), so a re-apply never
 * resets the count.
 *
 * <p>Set names are generated from the rule id, never from the admin's text.
 */
public final class TemporaryRules {
  /** Prefix of the generated timer sets. */
  public static final String TIMER_PREFIX = "tmp_";
  /** Prefix of the generated count sets. */
  public static final String COUNT_PREFIX = "cnt_";

  /** A timer element: its timeout in milliseconds and the absolute end in its comment. */
  private static final Pattern TIMER = Pattern.compile(
      "timeout (\\d+)ms comment \"#(\\d+) ends ([0-9TZ:.-]+)\"");
  /** A count set's head and its size line. */
  private static final Pattern COUNT_SET = Pattern.compile(
      "(?m)^\\s*set " + COUNT_PREFIX + "(\\d+) \\{\\n\\s*typeof ct id\\n\\s*size (\\d+)\\n\\s*flags dynamic$");

  private TemporaryRules() {}

  /** The timer set's name of a rule. */
  public static String timerSet(long ruleId) {
    return TIMER_PREFIX + ruleId;
  }

  /** The count set's name of a rule. */
  public static String countSet(long ruleId) {
    return COUNT_PREFIX + ruleId;
  }

  /**
   * What a limited rule's lines add to their match: the timer lookup and the count. Empty for other rules.
   * Towards the gateway an allow only hands on to the gateway's service list, so nothing is counted there.
   */
  static String conditions(Rule r, boolean toGateway) {
    StringBuilder b = new StringBuilder();
    if (r.expiresAt() != null) {
      b.append("meta nfproto @").append(timerSet(r.id())).append(' ');
    }
    if (r.connectionLimit() != null && !toGateway) {
      b.append("add @").append(countSet(r.id())).append(" { ct id } ");
    }
    return b.toString();
  }

  /** Declares the sets of the (not yet ended) limited rules among {@code rules}. */
  static void sets(NftText t, List<Rule> rules, Instant now, boolean v6) {
    for (Rule r : rules) {
      if (r.expiresAt() != null) {
        String ends = r.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString();
        String element = " timeout " + remainingMs(r.expiresAt(), now) + "ms "
            + NftText.comment("#" + r.id() + " ends " + ends);
        t.open("set " + timerSet(r.id()));
        t.line("typeof meta nfproto");
        t.line("flags timeout");
        t.line("elements = { ipv4" + element + (v6 ? ", ipv6" + element : "") + " }", r.id());
        t.close();
        t.blank();
      }
      if (r.connectionLimit() != null) {
        t.open("set " + countSet(r.id()));
        t.line("typeof ct id");
        t.line("size " + r.connectionLimit());
        t.line("flags dynamic");
        t.close();
        t.blank();
      }
    }
  }

  /** Milliseconds from {@code now} to {@code end}, at least 1 (a timeout of 0 would mean "never"). */
  static long remainingMs(Instant end, Instant now) {
    return Math.max(1, Duration.between(now, end).toMillis());
  }

  /**
   * The ruleset text with every timer element's timeout rewritten to what remains at {@code now} (1 ms for an
   * end that has passed: the element lapses at once). Text without timers comes back unchanged.
   */
  public static String refresh(String text, Instant now) {
    Matcher m = TIMER.matcher(text);
    if (!m.find()) {
      return text; // the very same text: nothing to rewrite
    }
    m.reset();
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Instant end = Instant.parse(m.group(3));
      m.appendReplacement(out, Matcher.quoteReplacement("timeout " + remainingMs(end, now) + "ms comment \"#"
          + m.group(2) + " ends " + m.group(3) + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The text with every timer element's remaining time left out (its absolute end stays): what a preview's
   * fingerprint covers, so a preview and the apply a moment later agree while the same rules are in force.
   */
  static String withoutRemaining(String text) {
    return TIMER.matcher(text).replaceAll("timeout ~ comment \"#$2 ends $3\"");
  }

  /** The count sets the text declares, by name. */
  public static List<String> countSets(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = COUNT_SET.matcher(text);
    while (m.find()) {
      out.add(COUNT_PREFIX + m.group(1));
    }
    return out;
  }

  /**
   * The ruleset text with the connections already counted (by set name: the conntrack ids the kernel holds)
   * written into the count sets, at most each set's size, so the count goes on after the reload.
   */
  public static String carryCounts(String text, Map<String, List<Long>> counted) {
    if (counted.values().stream().allMatch(List::isEmpty)) {
      return text;
    }
    Matcher m = COUNT_SET.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<Long> ids = counted.getOrDefault(COUNT_PREFIX + m.group(1), List.of());
      int size = Integer.parseInt(m.group(2));
      String extra = "";
      if (!ids.isEmpty()) {
        // on the same line, so nft's line numbers still point at the rules they came from
        List<String> kept = ids.stream().distinct().limit(size).map(String::valueOf).toList();
        extra = "; elements = { " + String.join(", ", kept) + " }";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group() + extra));
    }
    m.appendTail(out);
    return out.toString();
  }
}
