package dev.sekisho.ruleset;

import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Cidr6;
import dev.sekisho.config.Config;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Host;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Network;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's ordered rule list, normalised into the shape the printer needs: a few hash lookups per packet
 * however many rules there are and whatever their order, with first-match-wins kept exactly.
 *
 * <p>Two facts make that possible. Rules with different single-host sources never match the same packet, so
 * only their order within one host matters; and consecutive rules of one host with the same action give the
 * same verdict whichever matches, so their order does not matter either. Hence:
 * <ol>
 *   <li>The enabled rules split into <em>segments</em>: maximal stretches of per-host rules, and stretches of
 *       all-hosts rules between them. Segments stay in order (an all-hosts rule overlaps every host).
 *   <li>Inside a segment each source's rules form <em>runs</em> of one action (a logged rule is a run of its
 *       own, so its log line names exactly it). The k-th runs of all sources together form <em>level</em> k:
 *       inside a level no two matches of different verdicts can meet the same packet, so it is one lookup per
 *       (action, {@link KeyShape}) — an exact-match set keyed by source, destination, protocol and port,
 *       interval only where a network or port range forces it. Levels stay in order.
 *   <li>A host with more than {@code maxLevels} runs would make every host's packets walk its levels, so it
 *       gets a chain of its own, reached by one verdict-map lookup on the source ({@link Dispatch}).
 * </ol>
 * A packet thus costs at most (number of segments) x (maxLevels x shapes) hash lookups, plus its own host's
 * chain. Sets of fewer than {@link #SET_THRESHOLD} elements are printed as plain rules, which read better.
 * Interval sets hold no two overlapping elements (the kernel refuses some), so those go into further sets,
 * <em>layers</em>.
 */
final class ForwardPlan {
  /** Below this many matches of one shape a level is printed as plain rules. */
  static final int SET_THRESHOLD = 3;
  /** A host with more runs than this in one segment gets its own chain. */
  static final int MAX_LEVELS = 4;

  /** One step of the forward chain, in order. */
  sealed interface Step permits Single, Lookup, Dispatch {}

  /**
   * A rule printed on its own (logged rules, small groups, catch-alls, scheduled rules).
   *
   * @param when the time conditions of the rule's schedule, one line each; empty for always
   */
  record Single(Rule rule, Match match, List<String> when) implements Step {
    Single(Rule rule, Match match) {
      this(rule, match, List.of());
    }
  }

  /**
   * A set lookup: all matches share the action and shape, and none overlaps another.
   *
   * @param name generated set name, never user text
   */
  record Lookup(String name, Action action, KeyShape shape, List<Match> elements) implements Step {}

  /**
   * One verdict-map lookup on the source address, jumping to the chain of the host it belongs to; hosts not
   * in the map pass on. When the host's chain decides nothing the packet goes on after this step.
   *
   * @param name generated name part of the two maps (forward and towards the gateway), never user text
   * @param family how the source is keyed
   */
  record Dispatch(String name, Family family, List<HostChain> hosts) implements Step {}

  /**
   * One host's rules of one segment as a chain of their own.
   *
   * @param fwdChain generated name of its forward chain
   * @param gwChain generated name of its chain towards the gateway
   */
  record HostChain(Host host, String fwdChain, String gwChain, List<Step> steps) {}

  final List<Step> steps = new ArrayList<>();
  private final Map<Long, Host> hosts = new HashMap<>();
  private final Map<Long, HostGroup> groups = new HashMap<>();
  private final Map<Long, AddressList> lists = new HashMap<>();
  private final Map<Long, Service> services = new HashMap<>();
  /** The groups and lists the plan's steps name, by id: their sets must be declared. */
  final java.util.SortedSet<Long> usedGroups = new java.util.TreeSet<>();
  /** See {@link #usedGroups}. */
  final java.util.SortedSet<Long> usedLists = new java.util.TreeSet<>();
  /** The rules with a domain destination, by id: their sets of learned addresses must be declared. */
  final java.util.SortedSet<Long> usedDomains = new java.util.TreeSet<>();
  /** The address family of this plan. */
  final Family family;
  private final int maxLevels;
  private final int setThreshold;
  /** The time conditions of each schedule, by id (see {@link ScheduleTimes}). */
  private final Map<Long, List<String>> when = new HashMap<>();

  ForwardPlan(Config config) {
    this(config, Family.V4);
  }

  /** The plan of one address family. */
  ForwardPlan(Config config, Family family) {
    this(config, family, MAX_LEVELS, SET_THRESHOLD);
  }

  /** A plan with other limits, so tests can exercise per-host chains and sets with few rules. */
  ForwardPlan(Config config, int maxLevels, int setThreshold) {
    this(config, Family.V4, maxLevels, setThreshold);
  }

  /**
   * A plan of one family with other limits. Rules that can match no packet of the family (a destination of
   * the other family; over IPv6, a host without a MAC, which the validator refuses while IPv6 is forwarded)
   * are left out: leaving out a rule that matches nothing changes no verdict.
   */
  ForwardPlan(Config config, Family family, int maxLevels, int setThreshold) {
    this(config, family, maxLevels, setThreshold, TimeBasis.EPOCH_UTC);
  }

  /** The plan of one family for a moment (which only schedules depend on). */
  ForwardPlan(Config config, Family family, TimeBasis time) {
    this(config, family, MAX_LEVELS, SET_THRESHOLD, time);
  }

  /** The plan of one family with other limits, for a moment. */
  ForwardPlan(Config config, Family family, int maxLevels, int setThreshold, TimeBasis time) {
    this.family = family;
    java.time.ZoneOffset offset = config.settings().zoneOr(time.systemZone()).getRules().getOffset(time.now());
    config.schedules().forEach(x -> when.put(x.id(), ScheduleTimes.conditions(x, offset, time.kernelMinutesWest())));
    this.maxLevels = maxLevels;
    this.setThreshold = setThreshold;
    config.hosts().forEach(h -> hosts.putIfAbsent(h.id(), h));
    config.groups().forEach(g -> groups.putIfAbsent(g.id(), g));
    config.addressLists().forEach(l -> lists.putIfAbsent(l.id(), l));
    config.allServices().forEach(x -> services.putIfAbsent(x.id(), x));
    List<Rule> segment = new ArrayList<>();
    int segNo = 0;
    for (Rule r : config.rules()) {
      if (!r.enabled() || !inFamily(r)) {
        continue;
      }
      if (!segment.isEmpty() && (segment.get(0).sourceHostId() == null) != (r.sourceHostId() == null)) {
        addSegment(++segNo, segment);
        segment = new ArrayList<>();
      }
      segment.add(r);
    }
    if (!segment.isEmpty()) {
      addSegment(++segNo, segment);
    }
  }

  private boolean inFamily(Rule r) {
    boolean v6 = family == Family.V6;
    if (r.destination() != null && r.destination().ipv6() != v6) {
      return false;
    }
    AddressList dl = r.destinationListId() == null ? null : lists.get(r.destinationListId());
    if (dl != null && dl.entries(v6).isEmpty() && dl.domains().isEmpty()) {
      return false;
    }
    if (r.sourceGroupId() != null && groupKeys(r.sourceGroupId(), family).isEmpty()) {
      return false;
    }
    return r.sourceHostId() == null || !v6 || hosts.get(r.sourceHostId()).mac() != null;
  }

  /** The source keys of a group's members in a family: IPv4 addresses, or over IPv6 MACs (members with one). */
  List<String> groupKeys(long groupId, Family f) {
    HostGroup g = groups.get(groupId);
    List<String> keys = new ArrayList<>();
    for (Long id : g.members()) {
      Host h = hosts.get(id);
      if (h != null && (f == Family.V4 || h.mac() != null)) {
        keys.add(f == Family.V4 ? h.ip().toString() : h.mac().toString());
      }
    }
    return keys.stream().distinct().sorted().toList();
  }

  private void addSegment(int segNo, List<Rule> rules) {
    String seg = family.names + "seg" + segNo;
    List<List<Rule>> levels = levels(rules);
    if (rules.get(0).sourceHostId() == null || levels.size() <= maxLevels) {
      addLevels(steps, seg, levels);
      return;
    }
    // Which hosts have too many runs: split them off into chains of their own.
    Map<Long, List<Rule>> byHost = new LinkedHashMap<>();
    rules.forEach(r -> byHost.computeIfAbsent(r.sourceHostId(), k -> new ArrayList<>()).add(r));
    List<HostChain> chains = new ArrayList<>();
    Set<Long> own = new HashSet<>();
    for (Map.Entry<Long, List<Rule>> e : byHost.entrySet()) {
      List<List<Rule>> hostLevels = levels(e.getValue());
      if (hostLevels.size() > maxLevels) {
        List<Step> hostSteps = new ArrayList<>();
        String name = "host_" + e.getKey() + "_" + seg;
        addLevels(hostSteps, "h" + e.getKey() + "_" + seg, hostLevels);
        chains.add(new HostChain(hosts.get(e.getKey()), "fwd_" + name, "in_" + name, hostSteps));
        own.add(e.getKey());
      }
    }
    steps.add(new Dispatch(seg, family, chains));
    // Keep the admin's order among the others, so names and output follow the rule list.
    List<Rule> others = rules.stream().filter(r -> !own.contains(r.sourceHostId())).toList();
    if (!others.isEmpty()) {
      addLevels(steps, seg, levels(others));
    }
  }

  /** The rules of one segment by level: a source's k-th run of one action (or one logged rule) is in level k. */
  private static List<List<Rule>> levels(List<Rule> rules) {
    Map<Long, Rule> lastOf = new HashMap<>();
    Map<Long, Integer> levelOf = new HashMap<>();
    List<List<Rule>> levels = new ArrayList<>();
    for (Rule r : rules) {
      Long source = r.sourceHostId() == null ? Long.valueOf(-1) : r.sourceHostId();
      Rule last = lastOf.get(source);
      int level;
      if (last == null) {
        level = 0;
      } else if (last.action() == r.action() && !last.log() && !r.log()) {
        level = levelOf.get(source);
      } else {
        level = levelOf.get(source) + 1;
      }
      lastOf.put(source, r);
      levelOf.put(source, level);
      if (level == levels.size()) {
        levels.add(new ArrayList<>());
      }
      levels.get(level).add(r);
    }
    return levels;
  }

  private void addLevels(List<Step> out, String prefix, List<List<Rule>> levels) {
    for (int k = 0; k < levels.size(); k++) {
      addLevel(out, prefix + "_lvl" + (k + 1), levels.get(k));
    }
  }

  /** One level: order inside it cannot change a verdict, so matches are grouped by action and shape. */
  private void addLevel(List<Step> out, String prefix, List<Rule> rules) {
    record Group(Action action, KeyShape shape) {}
    Map<Group, List<Match>> groups = new LinkedHashMap<>();
    List<Object> order = new ArrayList<>();
    Map<Long, Rule> byId = new HashMap<>();
    for (Rule r : rules) {
      byId.put(r.id(), r);
      for (Match m : matches(r, family)) {
        KeyShape shape = KeyShape.of(m);
        if (r.scheduleId() != null) {
          // no time in a set's key: a scheduled rule is a rule of its own, once per time condition
          order.add(new Single(r, m, when.get(r.scheduleId())));
          continue;
        }
        if (r.log() || shape.empty() || m.usesSet() || r.limited()) {
          order.add(new Single(r, m));
          continue;
        }
        Group g = new Group(r.action(), shape);
        groups.computeIfAbsent(g, k -> {
          order.add(k);
          return new ArrayList<>();
        }).add(m);
      }
    }
    // Order inside a level cannot change a verdict; print it in rule-list order (a set where its first rule is).
    Map<Long, Integer> position = new HashMap<>();
    rules.forEach(r -> position.putIfAbsent(r.id(), position.size()));
    List<Step> level = new ArrayList<>();
    for (Object o : order) {
      if (o instanceof Single s) {
        level.add(s);
        continue;
      }
      Group g = (Group) o;
      List<Match> ms = groups.get(g);
      if (ms.size() < setThreshold) {
        ms.forEach(m -> level.add(new Single(byId.get(m.ruleId()), m)));
        continue;
      }
      List<List<Match>> layers = layers(g.shape(), ms);
      for (int i = 0; i < layers.size(); i++) {
        String name = prefix + "_" + g.action().label() + "_" + g.shape().code() + (i == 0 ? "" : "_" + i);
        level.add(new Lookup(name, g.action(), g.shape(), layers.get(i)));
      }
    }
    level.sort(Comparator.comparingInt(st -> position.get(st instanceof Single one ? one.rule().id()
        : ((Lookup) st).elements().get(0).ruleId())));
    out.addAll(level);
  }

  /**
   * Splits matches of one shape and action into sets without overlaps. Only matches with equal exact
   * fields can overlap, so each is compared with those alone; an exact duplicate (a later rule of the same
   * run with the same key) is left out, as the earlier one already gives the same verdict.
   */
  private static List<List<Match>> layers(KeyShape shape, List<Match> ms) {
    List<List<Match>> layers = new ArrayList<>();
    List<Map<String, List<Match>>> buckets = new ArrayList<>();
    for (Match m : ms) {
      String exact = shape.exactPart(m);
      if (!shape.interval()) {
        if (buckets.isEmpty()) {
          layers.add(new ArrayList<>());
          buckets.add(new HashMap<>());
        }
        if (buckets.get(0).putIfAbsent(exact, List.of(m)) == null) {
          layers.get(0).add(m);
        }
        continue;
      }
      int target = -1;
      for (int i = 0; i < layers.size() && target < 0; i++) {
        List<Match> same = buckets.get(i).getOrDefault(exact, List.of());
        if (same.stream().noneMatch(m::overlaps)) {
          target = i;
        }
      }
      if (target < 0) {
        target = layers.size();
        layers.add(new ArrayList<>());
        buckets.add(new HashMap<>());
      }
      layers.get(target).add(m);
      buckets.get(target).computeIfAbsent(exact, k -> new ArrayList<>()).add(m);
    }
    return layers;
  }

  /**
   * The boxes one rule covers in one family. The source is the host's key (its IPv4 address, or over IPv6
   * its MAC), a group's named set, or for "all LAN hosts" everything; the destination a network, an address
   * list's named set, or anywhere; {@code icmp} is the family's ICMP; a service gives one box per entry.
   */
  List<Match> matches(Rule r, Family f) {
    String src = null;
    String srcSet = null;
    if (r.sourceHostId() != null) {
      Host h = hosts.get(r.sourceHostId());
      src = f == Family.V4 ? h.ip().toString() : h.mac().toString();
    } else if (r.sourceGroupId() != null) {
      srcSet = "@" + groupSet(r.sourceGroupId(), f);
      usedGroups.add(r.sourceGroupId());
    }
    String dstSet = null;
    // the destination sets: a list's networks, and for a list with domain names also the addresses learned
    // for them (in the rule's own set, as for a rule's domain); a list of names only has no network set
    List<String> dstSets = new ArrayList<>();
    if (r.destinationListId() != null) {
      AddressList l = lists.get(r.destinationListId());
      if (l == null || !l.entries(f == Family.V6).isEmpty() || l.domains().isEmpty()) {
        dstSets.add("@" + listSet(r.destinationListId(), f));
        usedLists.add(r.destinationListId());
      }
      if (l != null && !l.domains().isEmpty()) {
        dstSets.add("@" + domainSet(r.id(), f));
        usedDomains.add(r.id());
      }
    }
    if (r.destinationDomain() != null) {
      // the set is named after the rule's id, never after the name: the name does not reach nft
      dstSet = "@" + domainSet(r.id(), f);
      usedDomains.add(r.id());
    }
    Network dst = r.destination() != null ? r.destination() : f == Family.V4 ? Cidr.ANY : Cidr6.ANY;
    List<Service.Entry> entries = r.serviceId() == null ? List.of(new Service.Entry(r.protocol() == Protocol.ANY
        ? Protocol.TCP : r.protocol(), r.ports())) : services.get(r.serviceId()).entries();
    List<Match> out = new ArrayList<>();
    for (Service.Entry e : entries) {
      Protocol p = r.serviceId() == null ? r.protocol() : e.protocol();
      List<Integer> protos = switch (p) {
        case ANY -> List.of(Match.ANY_PROTO);
        case TCP -> List.of(Match.TCP);
        case UDP -> List.of(Match.UDP);
        case TCP_UDP -> List.of(Match.TCP, Match.UDP);
        case ICMP -> List.of(f.icmp);
      };
      for (int proto : protos) {
        for (String set : dstSets.isEmpty() ? java.util.Collections.singletonList(dstSet) : dstSets) {
          Match m = new Match(r.id(), f, src, dst, proto, proto == f.icmp ? null : e.ports(), srcSet, set);
          if (!out.contains(m)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  /** The generated name of a group's set of source keys in a family. */
  static String groupSet(long id, Family f) {
    return (f == Family.V4 ? "grp_" : "grp6_") + id;
  }

  /** The generated name of the set of addresses learned for a domain rule, of one family. */
  static String domainSet(long ruleId, Family f) {
    return (f == Family.V4 ? "dom4_" : "dom6_") + ruleId;
  }

  /** The generated name of an address list's set of one family. */
  static String listSet(long id, Family f) {
    return (f == Family.V4 ? "list_" : "list6_") + id;
  }
}
