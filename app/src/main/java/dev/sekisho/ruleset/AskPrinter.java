package dev.sekisho.ruleset;

import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Host;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions inbox in the ruleset: per family two named sets of the admin's decisions, {@code ask_allow4}
 * and {@code ask_deny4} (and {@code …6}), keyed by source, destination, protocol and port, with
 * {@code flags timeout} so an "allow once" element ends by itself in the kernel; then, for every host in ask
 * mode, a log rule to the NFLOG group with the prefix {@code sekisho:ask:h<host id> } (generated from the id,
 * never from text) and a reject. Printed at the end of the host's rules, right before the LAN default.
 *
 * <p>The sets are declared whenever a host asks or a decision exists, even empty, so that a new decision can
 * be added to the live table with one {@code nft add element} ({@link #elementScript}) and the next full load
 * (which recompiles from the stored configuration, with the remaining time of each timed decision) keeps it.
 */
public final class AskPrinter {
  /** Prefix of the ask rules' log messages; followed by {@code h<host id> }. */
  public static final String ASK_PREFIX = RulesetCompiler.LOG_PREFIX + "ask:h";
  /** Prefix of the log messages of unknown devices when their policy is ask. */
  public static final String UNKNOWN_PREFIX = RulesetCompiler.LOG_PREFIX + "ask:u ";
  /** How many ask log messages per second and host reach the inbox (more are blocked without a log). */
  static final String LOG_LIMIT = "limit rate 20/second burst 40 packets ";

  private final Config config;
  private final Instant now;
  private final Map<Long, Host> hosts = new HashMap<>();

  AskPrinter(Config config, Instant now) {
    this.config = config;
    this.now = now;
    config.hosts().forEach(h -> hosts.putIfAbsent(h.id(), h));
  }

  /** The set name for a verdict and family ({@code ask_allow4}, {@code ask_deny6}). */
  static String setName(Action verdict, Family f) {
    return "ask_" + verdict.label() + (f == Family.V4 ? "4" : "6");
  }

  /** The hosts that ask in this family: all of them over IPv4, those with a MAC over IPv6. */
  private List<Host> asking(Family f) {
    return config.hosts().stream().filter(Host::ask).filter(h -> f == Family.V4 || h.mac() != null).toList();
  }

  /** The decisions of this family whose host exists (and, over IPv6, has a MAC) and that have not ended. */
  private List<Decision> decisions(Family f) {
    return config.decisions().stream().filter(d -> d.ipv6() == (f == Family.V6)).filter(d -> !d.expiredAt(now))
        .filter(d -> hosts.containsKey(d.hostId()) && (f == Family.V4 || hosts.get(d.hostId()).mac() != null))
        .toList();
  }

  /** True when the family's sets are declared: some host asks or some decision holds. */
  boolean used(Family f) {
    return !asking(f).isEmpty() || !decisions(f).isEmpty();
  }

  /** The two sets of a family, with the decisions that hold at the compile instant. */
  void sets(NftText t, Family f) {
    if (!used(f)) {
      return;
    }
    for (Action verdict : List.of(Action.ALLOW, Action.DENY)) {
      List<String> elements = new ArrayList<>();
      for (Decision d : decisions(f)) {
        if (d.verdict() == verdict) {
          elements.add(element(hosts.get(d.hostId()), d, now) + " " + NftText.comment("decision " + d.id()));
        }
      }
      t.open("set " + setName(verdict, f));
      t.line("type " + f.srcType + " . " + f.dstType + " . inet_proto . inet_service");
      t.line("flags timeout");
      if (!elements.isEmpty()) {
        t.line("elements = {");
        for (int i = 0; i < elements.size(); i++) {
          t.line("\t" + elements.get(i) + (i + 1 < elements.size() ? "," : ""));
        }
        t.line("}");
      }
      t.close();
      t.blank();
    }
  }

  /** The lookups and the ask steps of a family, at the end of its forward chain, before the LAN default. */
  void steps(NftText t, Family f) {
    if (!used(f)) {
      return;
    }
    String key = key(f);
    t.line(key + " @" + setName(Action.ALLOW, f) + " accept "
        + NftText.comment("!sekisho: decisions inbox: allowed"));
    t.line(key + " @" + setName(Action.DENY, f) + " drop "
        + NftText.comment("!sekisho: decisions inbox: denied (not asked again)"));
    for (Host h : asking(f)) {
      String src = f.srcKey + " " + (f == Family.V4 ? h.ip().toString() : h.mac().toString()) + " ";
      String note = "!sekisho: host " + h.id() + " in ask mode";
      // queue-threshold 1: the kernel hands each record over at once instead of batching up to a second
      t.line(src + "meta l4proto { tcp, udp } " + LOG_LIMIT + "log prefix \"" + ASK_PREFIX + h.id() + " \" group "
          + RulesetCompiler.LOG_GROUP + " queue-threshold 1 " + NftText.comment(note + ": a pending decision"));
      t.line(src + "meta l4proto tcp reject with tcp reset " + NftText.comment(note + ": blocked until decided"));
      t.line(src + "reject with icmpx admin-prohibited " + NftText.comment(note + ": blocked until decided"));
    }
  }

  private static String key(Family f) {
    return f.srcKey + " . " + f.dstKey + " . meta l4proto . th dport";
  }

  /** One element: source, destination, protocol, port and, for a timed decision, the time left at {@code now}. */
  private static String element(Host h, Decision d, Instant now) {
    String src = d.ipv6() ? h.mac().toString() : h.ip().toString();
    String e = src + " . " + d.destination() + " . " + d.protocol().label() + " . " + d.port();
    if (d.expires() != null) {
      e += " timeout " + secondsLeft(d.expires(), now) + "s";
    }
    return e;
  }

  /** Whole seconds left until {@code end}, rounded up (so never 0 while it holds). */
  static long secondsLeft(Instant end, Instant now) {
    long ms = Duration.between(now, end).toMillis();
    return Math.max(1, (ms + 999) / 1000);
  }

  /**
   * The {@code nft -f} script that puts one decision into the live table without reloading it: for both sets
   * of its family an add (a no-op when the key is there) and a delete, so any earlier decision on the same key
   * is gone whatever the kernel timed out already, then the add of the new element. One transaction. Empty when
   * the decision has ended or its host is unknown (nothing to add), or when the sets are not declared in
   * {@code live} (the configuration the kernel holds; then the next load brings the decision).
   */
  public static Optional<String> elementScript(Config live, Decision d, Instant now) {
    Family f = d.ipv6() ? Family.V6 : Family.V4;
    Host h = live.host(d.hostId()).orElse(null);
    if (h == null || d.expiredAt(now) || (f == Family.V6 && (h.mac() == null || !live.ipv6Forwarding()))
        || !new AskPrinter(live, now).used(f)) {
      return Optional.empty();
    }
    Decision bare = new Decision(d.id(), d.hostId(), d.destination(), d.protocol(), d.port(), d.verdict(), null);
    String plain = element(h, bare, now);
    StringBuilder b = new StringBuilder();
    for (Action v : List.of(Action.ALLOW, Action.DENY)) {
      String set = RulesetCompiler.TABLE + " " + setName(v, f);
      b.append("add element ").append(set).append(" { ").append(plain).append(" }\n");
      b.append("delete element ").append(set).append(" { ").append(plain).append(" }\n");
    }
    b.append("add element ").append(RulesetCompiler.TABLE).append(' ').append(setName(d.verdict(), f))
        .append(" { ").append(element(h, d, now)).append(" }\n");
    return Optional.of(b.toString());
  }

  /** The script that removes a decision's element from the live table (both sets), as {@link #elementScript}. */
  public static Optional<String> removalScript(Config live, Decision d, Instant now) {
    Family f = d.ipv6() ? Family.V6 : Family.V4;
    Host h = live.host(d.hostId()).orElse(null);
    if (h == null || (f == Family.V6 && (h.mac() == null || !live.ipv6Forwarding()))
        || !new AskPrinter(live, now).used(f)) {
      return Optional.empty();
    }
    Decision bare = new Decision(d.id(), d.hostId(), d.destination(), d.protocol(), d.port(), d.verdict(), null);
    String plain = element(h, bare, now);
    StringBuilder b = new StringBuilder();
    for (Action v : List.of(Action.ALLOW, Action.DENY)) {
      String set = RulesetCompiler.TABLE + " " + setName(v, f);
      b.append("add element ").append(set).append(" { ").append(plain).append(" }\n");
      b.append("delete element ").append(set).append(" { ").append(plain).append(" }\n");
    }
    return Optional.of(b.toString());
  }
}
