package dev.sekisho.dns;

import dev.sekisho.apply.LearnedSets;
import dev.sekisho.config.Config;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Rule;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns DNS answers into elements of the domain rules' sets. For an answer to the name a LAN host asked, every
 * enabled domain rule of the applied configuration that matches the asked name gets the addresses reachable
 * from that name through the answer's CNAME chain (so an alias into another zone still belongs to the rule
 * that matched the asked name; records about names outside the chain are ignored). Each address stays for the
 * smallest TTL along its chain, floored and capped by the settings.
 *
 * <p>Memory is bounded: at most {@code perRule} addresses per rule and {@code total} in all; beyond that the
 * oldest learned address is evicted (from the kernel set too) and counted. What was learned is kept so that
 * the explain tool and the flow view can say which name and answer put an address into a set, and so that a
 * new apply (which replaces the table and its sets) can put the unexpired addresses back ({@link #replay}).
 */
public final class DomainLearner implements FirstMatch.Learned {
  /** Default cap of learned addresses per rule. */
  public static final int DEFAULT_PER_RULE = 4096;
  /** Default cap of learned addresses in all. */
  public static final int DEFAULT_TOTAL = 65_536;
  /** The longest CNAME chain followed. */
  public static final int MAX_CHAIN = 16;

  private final Supplier<Config> applied;
  private final LearnedSets sets;
  private final LongSupplier clock;
  private final int perRule;
  private final int total;
  private final Map<Long, LinkedHashMap<IpAddr, Learned>> byRule = new HashMap<>();
  private int count;
  private final AtomicLong learnedCount = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong nftFailures = new AtomicLong();

  /**
   * One address learned for one rule.
   *
   * @param ruleId the domain rule
   * @param address the address
   * @param asked the name the LAN host asked
   * @param chain the names from the asked one to the address's owner ({@code a -> b -> c})
   * @param ttl the answer's TTL (smallest along the chain), in seconds
   * @param timeout the timeout given to the set element, in seconds
   * @param at when it was learned
   * @param expiresMillis when it leaves the set, in the clock's milliseconds
   */
  public record Learned(long ruleId, IpAddr address, String asked, String chain, long ttl, long timeout,
      Instant at, long expiresMillis) {}

  /** Counters shown to the admin. */
  public record Stats(long learned, long evictions, long nftFailures, int held) {}

  /** A learner with the default caps and the system clock. */
  public DomainLearner(Supplier<Config> applied, LearnedSets sets) {
    this(applied, sets, System::currentTimeMillis, DEFAULT_PER_RULE, DEFAULT_TOTAL);
  }

  /** A learner with its own clock (milliseconds) and caps, for tests. */
  public DomainLearner(Supplier<Config> applied, LearnedSets sets, LongSupplier clock, int perRule, int total) {
    this.applied = applied;
    this.sets = sets;
    this.clock = clock;
    this.perRule = perRule;
    this.total = total;
  }

  /**
   * Records the addresses an answer gives for the name a LAN host asked, in the kernel sets first; returns
   * only when nft has taken them (or failed, which is counted: then the rule fails closed for an allow).
   *
   * @return the addresses recorded (empty when no rule matches the name)
   */
  public List<Learned> learn(String asked, DnsMessage answer) {
    Config c = applied.get();
    if (c == null) {
      return List.of();
    }
    List<Rule> rules = c.rules().stream()
        .filter(r -> r.enabled() && c.domainsOf(r).stream().anyMatch(d -> d.matches(asked))).toList();
    Map<IpAddr, String> chainOf = new LinkedHashMap<>();
    Map<IpAddr, Long> ttlOf = new HashMap<>();
    addresses(asked, answer, chainOf, ttlOf, c.ipv6Forwarding());
    rememberNames(asked, chainOf.keySet());
    if (rules.isEmpty() || chainOf.isEmpty()) {
      return List.of();
    }
    long now = clock.getAsLong();
    List<LearnedSets.Element> changes = new ArrayList<>();
    List<Learned> out = new ArrayList<>();
    synchronized (this) {
      purgeExpired(now);
      for (Rule r : rules) {
        for (Map.Entry<IpAddr, String> e : chainOf.entrySet()) {
          long ttl = ttlOf.get(e.getKey());
          long timeout = c.settings().learnedTimeout(ttl);
          Learned l = new Learned(r.id(), e.getKey(), asked, e.getValue(), ttl, timeout, Instant.ofEpochMilli(now),
              now + timeout * 1000);
          LinkedHashMap<IpAddr, Learned> m = byRule.computeIfAbsent(r.id(), k -> new LinkedHashMap<>());
          if (m.remove(e.getKey()) == null) {
            count++;
          }
          m.put(e.getKey(), l);
          changes.add(new LearnedSets.Element(r.id(), e.getKey(), timeout));
          out.add(l);
          evict(m, perRule, changes);
        }
      }
      while (count > total) {
        LinkedHashMap<IpAddr, Learned> oldest = null;
        long when = Long.MAX_VALUE;
        for (LinkedHashMap<IpAddr, Learned> m : byRule.values()) {
          if (!m.isEmpty() && m.values().iterator().next().at().toEpochMilli() < when) {
            oldest = m;
            when = m.values().iterator().next().at().toEpochMilli();
          }
        }
        evict(oldest, oldest.size() - 1, changes);
      }
    }
    if (!sets.apply(changes)) {
      nftFailures.incrementAndGet();
    }
    learnedCount.addAndGet(out.size());
    return out;
  }

  private void evict(LinkedHashMap<IpAddr, Learned> m, int keep, List<LearnedSets.Element> changes) {
    Iterator<Learned> it = m.values().iterator();
    while (m.size() > keep && it.hasNext()) {
      Learned l = it.next();
      it.remove();
      count--;
      evictions.incrementAndGet();
      changes.add(new LearnedSets.Element(l.ruleId(), l.address(), 0));
    }
  }

  private void purgeExpired(long now) {
    for (LinkedHashMap<IpAddr, Learned> m : byRule.values()) {
      int before = m.size();
      m.values().removeIf(l -> l.expiresMillis() <= now);
      count -= before - m.size();
    }
  }

  /**
   * The addresses an answer gives for {@code asked}: the owners reachable from it by CNAME records (at most
   * {@link #MAX_CHAIN} steps), their A (and with IPv6 forwarded, AAAA) records, each with its chain's text and
   * the smallest TTL along it.
   */
  static void addresses(String asked, DnsMessage answer, Map<IpAddr, String> chainOf, Map<IpAddr, Long> ttlOf,
      boolean ipv6) {
    Map<String, String> pathTo = new LinkedHashMap<>();
    Map<String, Long> ttlTo = new HashMap<>();
    String q = asked.toLowerCase(java.util.Locale.ROOT);
    pathTo.put(q, q);
    ttlTo.put(q, Long.MAX_VALUE);
    Set<String> frontier = new HashSet<>(Set.of(q));
    for (int step = 0; step < MAX_CHAIN && !frontier.isEmpty(); step++) {
      Set<String> next = new HashSet<>();
      for (DnsMessage.Record r : answer.answers()) {
        if (r.type() == DnsMessage.CNAME && frontier.contains(r.name()) && !pathTo.containsKey(r.target())) {
          pathTo.put(r.target(), pathTo.get(r.name()) + " -> " + r.target());
          ttlTo.put(r.target(), Math.min(ttlTo.get(r.name()), r.ttl()));
          next.add(r.target());
        }
      }
      frontier = next;
    }
    for (DnsMessage.Record r : answer.answers()) {
      if (r.address() == null || !pathTo.containsKey(r.name())) {
        continue;
      }
      IpAddr a = address(r.address());
      if (a.ipv6() && !ipv6) {
        continue;
      }
      long ttl = Math.min(ttlTo.get(r.name()), r.ttl());
      chainOf.putIfAbsent(a, pathTo.get(r.name()));
      ttlOf.merge(a, ttl, Math::min);
    }
  }

  static IpAddr address(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    if (b.length == 4) {
      return new Ipv4(buf.getInt());
    }
    return new Ipv6(buf.getLong(), buf.getLong());
  }

  /** How many answered addresses keep the name they were asked by, for any rule or none (the oldest goes). */
  public static final int NAMES_KEPT = 4096;

  private final LinkedHashMap<IpAddr, String> names = new LinkedHashMap<>(256, 0.75f, true);

  private synchronized void rememberNames(String asked, java.util.Collection<IpAddr> addresses) {
    for (IpAddr a : addresses) {
      names.put(a, asked);
    }
    while (names.size() > NAMES_KEPT) {
      names.remove(names.keySet().iterator().next());
    }
  }

  /**
   * The name a LAN host last asked for that was answered with this address, whatever the rules (the decisions
   * inbox shows it next to a pending decision), or empty when no answer the forwarder passed on gave it. Only
   * the last {@link #NAMES_KEPT} answered addresses are kept.
   */
  public synchronized Optional<String> nameOf(IpAddr address) {
    return Optional.ofNullable(names.get(address));
  }

  /** True when the address is in the rule's set by what was learned and has not expired. */
  @Override
  public synchronized boolean has(long ruleId, IpAddr address) {
    return why(ruleId, address).isPresent();
  }

  /** The answer that put the address into the rule's set, while it is there. */
  public synchronized Optional<Learned> why(long ruleId, IpAddr address) {
    LinkedHashMap<IpAddr, Learned> m = byRule.get(ruleId);
    Learned l = m == null ? null : m.get(address);
    return l != null && l.expiresMillis() > clock.getAsLong() ? Optional.of(l) : Optional.empty();
  }

  /** The names an address was learned from (for the flow view), newest first, across rules. */
  public synchronized List<Learned> learnedFor(IpAddr address) {
    long now = clock.getAsLong();
    List<Learned> out = new ArrayList<>();
    for (LinkedHashMap<IpAddr, Learned> m : byRule.values()) {
      Learned l = m.get(address);
      if (l != null && l.expiresMillis() > now) {
        out.add(l);
      }
    }
    out.sort((x, y) -> y.at().compareTo(x.at()));
    return out;
  }

  /**
   * Puts every unexpired address back with its remaining time, into the sets of rules still in the applied
   * configuration (an apply replaces the table, and its sets start empty). Addresses of rules gone are dropped.
   */
  public void replay() {
    Config c = applied.get();
    Set<Long> domainRules = new HashSet<>();
    if (c != null) {
      c.rules().stream().filter(r -> r.enabled() && !c.domainsOf(r).isEmpty()).forEach(r -> domainRules.add(r.id()));
    }
    long now = clock.getAsLong();
    List<LearnedSets.Element> changes = new ArrayList<>();
    synchronized (this) {
      purgeExpired(now);
      for (Iterator<Map.Entry<Long, LinkedHashMap<IpAddr, Learned>>> it = byRule.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Long, LinkedHashMap<IpAddr, Learned>> e = it.next();
        if (!domainRules.contains(e.getKey())) {
          count -= e.getValue().size();
          it.remove();
          continue;
        }
        for (Learned l : e.getValue().values()) {
          if (!l.address().ipv6() || c.ipv6Forwarding()) {
            changes.add(new LearnedSets.Element(l.ruleId(), l.address(),
                Math.max(1, (l.expiresMillis() - now + 999) / 1000)));
          }
        }
      }
    }
    if (!sets.apply(changes)) {
      nftFailures.incrementAndGet();
    }
  }

  /** The counters and how many addresses are held now. */
  public synchronized Stats stats() {
    return new Stats(learnedCount.get(), evictions.get(), nftFailures.get(), count);
  }
}
