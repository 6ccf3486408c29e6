package dev.sekisho.ruleset;

import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin's ordered rule list, normalised into the shape the printer needs.
 *
 * <p>First-match-wins order is kept exactly while still avoiding a linear walk: consecutive rules with the
 * same action form a <em>run</em>; inside a run the order cannot change the outcome (every match gives the
 * same verdict), so its matches can be looked up in a set in one step. Runs stay in order. A set of one
 * shape holds no two overlapping elements (the kernel's concatenated-range sets refuse some overlaps
 * depending on insertion order), so overlapping matches go into a further set, a <em>layer</em>. Small runs
 * are printed as plain rules, which read better. Rules that log are printed on their own so the log prefix
 * names exactly one rule.
 */
final class ForwardPlan {
  /** Below this many matches of one shape a run is printed as plain rules. */
  static final int SET_THRESHOLD = 3;

  /** One step of the forward chain, in order. */
  sealed interface Step permits Single, Lookup {}

  /** A rule printed on its own (logged rules, small runs). */
  record Single(Rule rule, Match match) implements Step {}

  /**
   * A set lookup: all matches share the action and shape, and none overlaps another.
   *
   * @param name generated set name, never user text
   * @param withPorts whether the key includes the destination port
   */
  record Lookup(String name, Action action, boolean withPorts, List<Match> elements) implements Step {}

  final List<Step> steps = new ArrayList<>();

  ForwardPlan(Config config) {
    Map<Long, Host> hosts = new HashMap<>();
    config.hosts().forEach(h -> hosts.put(h.id(), h));
    List<Rule> run = new ArrayList<>();
    int runNo = 0;
    for (Rule r : config.rules()) {
      if (!r.enabled()) {
        continue;
      }
      boolean joins = !run.isEmpty() && run.get(0).action() == r.action() && !r.log();
      if (!joins && !run.isEmpty()) {
        addRun(++runNo, run, hosts);
        run = new ArrayList<>();
      }
      if (r.log()) {
        for (Match m : matches(r, hosts)) {
          steps.add(new Single(r, m));
        }
      } else {
        run.add(r);
      }
    }
    if (!run.isEmpty()) {
      addRun(++runNo, run, hosts);
    }
  }

  private void addRun(int runNo, List<Rule> run, Map<Long, Host> hosts) {
    List<Match> plain = new ArrayList<>();
    List<Match> ported = new ArrayList<>();
    Map<Long, Rule> byId = new HashMap<>();
    for (Rule r : run) {
      byId.put(r.id(), r);
      for (Match m : matches(r, hosts)) {
        (m.ports() == null ? plain : ported).add(m);
      }
    }
    Action action = run.get(0).action();
    addShape(runNo, "any", false, action, plain, byId);
    addShape(runNo, "port", true, action, ported, byId);
  }

  private void addShape(int runNo, String shape, boolean withPorts, Action action, List<Match> ms,
      Map<Long, Rule> byId) {
    if (ms.size() < SET_THRESHOLD) {
      for (Match m : ms) {
        steps.add(new Single(byId.get(m.ruleId()), m));
      }
      return;
    }
    List<Layer> layers = new ArrayList<>();
    for (Match m : ms) {
      Layer target = null;
      for (Layer l : layers) {
        if (!l.overlapsAny(m)) {
          target = l;
          break;
        }
      }
      if (target == null) {
        target = new Layer();
        layers.add(target);
      }
      target.add(m);
    }
    for (int i = 0; i < layers.size(); i++) {
      steps.add(new Lookup("run" + runNo + "_" + shape + "_" + i, action, withPorts, layers.get(i).all));
    }
  }

  /** The boxes one rule covers. The source is a host's address or, for "all LAN hosts", everything. */
  static List<Match> matches(Rule r, Map<Long, Host> hosts) {
    Cidr src = r.sourceHostId() == null ? Cidr.ANY : new Cidr(hosts.get(r.sourceHostId()).ip(), 32);
    Cidr dst = r.destination() == null ? Cidr.ANY : r.destination();
    List<Integer> protos = switch (r.protocol()) {
      case ANY -> List.of(Match.ANY_PROTO);
      case TCP -> List.of(Match.TCP);
      case UDP -> List.of(Match.UDP);
      case TCP_UDP -> List.of(Match.TCP, Match.UDP);
      case ICMP -> List.of(Match.ICMP);
    };
    assert r.ports() == null || r.protocol() != Protocol.ICMP;
    return protos.stream().map(p -> new Match(r.id(), src, dst, p, r.ports())).toList();
  }

  /**
   * Matches that pairwise do not overlap. Matches with a single-address source are bucketed by it, since
   * two of those with different sources never overlap; only wider sources are compared with everything.
   */
  private static final class Layer {
    final List<Match> all = new ArrayList<>();
    final Map<Cidr, List<Match>> bySource = new HashMap<>();
    final List<Match> wide = new ArrayList<>();

    boolean overlapsAny(Match m) {
      List<Match> candidates = m.src().prefix() == 32 ? bySource.getOrDefault(m.src(), List.of()) : all;
      for (Match o : candidates) {
        if (o.overlaps(m)) {
          return true;
        }
      }
      if (m.src().prefix() == 32) {
        for (Match o : wide) {
          if (o.overlaps(m)) {
            return true;
          }
        }
      }
      return false;
    }

    void add(Match m) {
      all.add(m);
      if (m.src().prefix() == 32) {
        bySource.computeIfAbsent(m.src(), k -> new ArrayList<>()).add(m);
      } else {
        wide.add(m);
      }
    }
  }
}
