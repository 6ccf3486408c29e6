package dev.sekisho.ruleset;

import dev.sekisho.config.Action;
import dev.sekisho.config.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a {@link ForwardPlan}: its sets and maps, its steps inside the forward chain and inside the chain
 * towards the gateway, and the per-host chains. Makes no decisions beyond wording; every line generated
 * from an admin's rule carries that rule's id (for the kernel-error mapping) and a comment naming it.
 */
final class PlanPrinter {
  /** The chain an "allow" towards the gateway hands the packet on to. */
  static final String LAN_SERVICES = "lan_services";

  private PlanPrinter() {}

  /**
   * The steps that matter towards the gateway: there an "allow" only hands the packet on to the gateway's
   * service list and the LAN default policy does not apply, so steps after the last one that can deny or
   * reject change nothing.
   */
  static List<ForwardPlan.Step> toGateway(List<ForwardPlan.Step> steps) {
    int last = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (blocks(steps.get(i))) {
        last = i;
      }
    }
    return steps.subList(0, last + 1);
  }

  private static boolean blocks(ForwardPlan.Step step) {
    if (step instanceof ForwardPlan.Single one) {
      return one.rule().action() != Action.ALLOW;
    }
    if (step instanceof ForwardPlan.Lookup l) {
      return l.action() != Action.ALLOW;
    }
    return ((ForwardPlan.Dispatch) step).hosts().stream()
        .anyMatch(h -> h.steps().stream().anyMatch(PlanPrinter::blocks));
  }

  /** The sets of every lookup and the verdict maps of every dispatch (towards the gateway: only those used). */
  static void declarations(NftText t, List<ForwardPlan.Step> steps, List<ForwardPlan.Step> toGateway) {
    for (ForwardPlan.Step step : steps) {
      if (step instanceof ForwardPlan.Lookup l) {
        set(t, l);
      } else if (step instanceof ForwardPlan.Dispatch d) {
        for (ForwardPlan.HostChain h : d.hosts()) {
          declarations(t, h.steps(), List.of());
        }
        map(t, d, false);
        if (toGateway.contains(d)) {
          map(t, d, true);
        }
      }
    }
  }

  private static void set(NftText t, ForwardPlan.Lookup l) {
    t.open("set " + l.name());
    t.line("type " + l.shape().type());
    if (l.shape().interval()) {
      t.line("flags interval");
    }
    t.line("elements = {");
    List<Match> es = l.elements();
    for (int i = 0; i < es.size(); i++) {
      Match m = es.get(i);
      t.line("\t" + l.shape().element(m) + " " + NftText.comment("#" + m.ruleId()) + (i + 1 < es.size() ? "," : ""),
          m.ruleId());
    }
    t.line("}");
    t.close();
    t.blank();
  }

  static String mapName(ForwardPlan.Dispatch d, boolean toGateway) {
    return d.name() + (toGateway ? "_in_hosts" : "_fwd_hosts");
  }

  private static void map(NftText t, ForwardPlan.Dispatch d, boolean toGateway) {
    t.open("map " + mapName(d, toGateway));
    t.line("type " + d.family().srcType + " : verdict");
    t.line("elements = {");
    List<ForwardPlan.HostChain> hs = d.hosts();
    for (int i = 0; i < hs.size(); i++) {
      ForwardPlan.HostChain h = hs.get(i);
      String key = d.family() == Family.V4 ? h.host().ip().toString() : h.host().mac().toString();
      t.line("\t" + key + " " + NftText.comment("host " + h.host().id()) + " : jump "
          + (toGateway ? h.gwChain() : h.fwdChain()) + (i + 1 < hs.size() ? "," : ""), firstRule(h.steps()));
    }
    t.line("}");
    t.close();
    t.blank();
  }

  private static Long firstRule(List<ForwardPlan.Step> steps) {
    ForwardPlan.Step s = steps.get(0);
    return s instanceof ForwardPlan.Single one ? one.rule().id() : ((ForwardPlan.Lookup) s).elements().get(0).ruleId();
  }

  /** The steps as lines of the chain being printed. */
  static void steps(NftText t, List<ForwardPlan.Step> steps, boolean toGateway) {
    for (ForwardPlan.Step step : steps) {
      if (step instanceof ForwardPlan.Single one) {
        single(t, one.rule(), one.match(), one.when(), toGateway);
      } else if (step instanceof ForwardPlan.Lookup l) {
        lookup(t, l, toGateway);
      } else if (step instanceof ForwardPlan.Dispatch d) {
        List<String> ids = d.hosts().stream().map(h -> "host " + h.host().id()).toList();
        String list = String.join(", ", ids);
        t.line(d.family().srcKey + " vmap @" + mapName(d, toGateway) + " " + NftText.comment("!sekisho: the rules of "
            + (list.length() <= 80 ? list : ids.size() + " hosts") + " in chains of their own"));
      }
    }
  }

  /** The per-host chains of every dispatch among the steps. */
  static void hostChains(NftText t, List<ForwardPlan.Step> steps, boolean toGateway) {
    for (ForwardPlan.Step step : steps) {
      if (step instanceof ForwardPlan.Dispatch d) {
        for (ForwardPlan.HostChain h : d.hosts()) {
          t.blank();
          t.open("chain " + (toGateway ? h.gwChain() : h.fwdChain()));
          steps(t, h.steps(), toGateway);
          t.close();
        }
      }
    }
  }

  private static void single(NftText t, Rule r, Match m, List<String> when, boolean toGateway) {
    // a count-limited rule's "add @cnt" comes last, so that only a connection every other part matched counts
    String limits = TemporaryRules.conditions(r, toGateway);
    if (when.isEmpty()) {
      single(t, r, m.expression() + limits, toGateway, m.l4proto());
    }
    for (String condition : when) {
      single(t, r, m.expression() + condition + " " + limits, toGateway, m.l4proto());
    }
  }

  private static void single(NftText t, Rule r, String match, boolean toGateway, int l4proto) {
    String note = NftText.comment(r.comment().isEmpty() ? "#" + r.id() : "#" + r.id() + " " + r.comment().text());
    if (r.log()) {
      t.line(match + "limit rate 10/second burst 20 packets log prefix \"" + RulesetCompiler.LOG_PREFIX + "r" + r.id()
          + ":" + r.action().label() + " \" group " + RulesetCompiler.LOG_GROUP + " " + note, r.id());
    }
    for (String verdict : verdicts(r.action(), l4proto, toGateway)) {
      t.line(match + verdict + " " + note, r.id());
    }
  }

  private static void lookup(NftText t, ForwardPlan.Lookup l, boolean toGateway) {
    List<Long> ids = l.elements().stream().map(Match::ruleId).distinct().toList();
    String list = ids.stream().map(id -> "#" + id).collect(Collectors.joining(" "));
    String note = list.length() <= 100 ? "rules " + list
        : "rules #" + ids.get(0) + " to #" + ids.get(ids.size() - 1) + " (" + ids.size() + " rules, see set " + l.name() + ")";
    for (String verdict : verdicts(l.action(), Match.ANY_PROTO, toGateway)) {
      t.line(l.shape().key() + " @" + l.name() + " " + verdict + " " + NftText.comment(note));
    }
  }

  /**
   * The verdict statements for an action; a reject answers TCP with a reset and others with ICMP. Towards the
   * gateway an allow hands on to the LAN service list: a {@code goto}, so that it also ends the admin's rules
   * from inside a per-host chain (that list always ends in a verdict).
   */
  private static List<String> verdicts(Action a, int l4proto, boolean toGateway) {
    List<String> out = new ArrayList<>();
    switch (a) {
      case ALLOW -> out.add(toGateway ? "goto " + LAN_SERVICES : "accept");
      case DENY -> out.add("drop");
      case REJECT -> {
        if (l4proto == Match.TCP) {
          out.add("reject with tcp reset");
        } else if (l4proto == Match.ANY_PROTO) {
          out.add("meta l4proto tcp reject with tcp reset");
          out.add("reject with icmpx admin-prohibited");
        } else {
          out.add("reject with icmpx admin-prohibited");
        }
      }
      default -> throw new IllegalStateException();
    }
    return out;
  }
}
