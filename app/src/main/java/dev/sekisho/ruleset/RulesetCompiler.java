package dev.sekisho.ruleset;

import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a {@link Config} into the complete nftables text for Sekisho's own table, {@code inet sekisho}.
 * A pure function: no I/O, no clock, no environment; the same Config always gives the same bytes.
 *
 * <p>The file declares the table, deletes it and defines it again, so {@code nft -f} replaces it in one
 * transaction. (Deleting rather than flushing also removes sets and chains that the new version no longer
 * has, whose types might otherwise clash.) Nothing outside the table is touched. Every line Sekisho adds
 * on its own carries a comment starting with {@code !sekisho:}; every line from an admin's rule names it
 * as {@code #id}.
 */
public final class RulesetCompiler {
  /** The table Sekisho owns. */
  public static final String TABLE = "inet sekisho";
  /** The NFLOG group that logging rules send to. */
  public static final int LOG_GROUP = 1;
  /** Prefix of log messages; followed by {@code r<rule id>:<action> }. */
  public static final String LOG_PREFIX = "sekisho:";

  private RulesetCompiler() {}

  /**
   * Validates the configuration once and, when it is valid, compiles it: the one step every apply goes
   * through. The result carries either the located problems or the ruleset (with the configuration).
   */
  public static Compilation tryCompile(Config config) {
    List<Problem> problems = ConfigValidator.validate(config);
    return problems.isEmpty() ? Compilation.compiled(render(config)) : Compilation.refused(problems);
  }

  /**
   * Compiles a configuration known to be valid, for callers that only want the text (golden tests, the
   * ruleset previews). An invalid one is refused with its problems in the message.
   *
   * @throws IllegalArgumentException when the configuration is not valid
   */
  public static CompiledRuleset compile(Config config) {
    return tryCompile(config).ruleset();
  }

  /** Prints a validated configuration: decisions were made by the validator and {@link ForwardPlan}. */
  private static CompiledRuleset render(Config config) {
    List<String> lan = names(config, Role.LAN);
    List<String> wan = names(config, Role.WAN);
    Settings s = config.settings();
    ForwardPlan plan = new ForwardPlan(config);
    List<Host> bound = config.hosts().stream().filter(h -> h.mac() != null).toList();

    NftText t = new NftText();
    t.line("# Sekisho ruleset, generated from the configuration. Do not edit: the whole table is");
    t.line("# replaced on every apply, and nothing outside it is touched.");
    t.line("table " + TABLE);
    t.line("delete table " + TABLE);
    t.blank();
    t.open("table " + TABLE);

    if (!bound.isEmpty()) {
      hostSets(t, bound);
    }
    for (ForwardPlan.Step step : plan.steps) {
      if (step instanceof ForwardPlan.Lookup l) {
        set(t, l);
      }
    }

    List<ForwardPlan.Step> toGateway = toGateway(plan);
    input(t, s, lan, !toGateway.isEmpty());
    if (!toGateway.isEmpty()) {
      t.open("chain in_lan");
      for (ForwardPlan.Step step : toGateway) {
        step(t, step, true);
      }
      t.close();
      t.blank();
    }
    forward(t, s, lan, plan, !bound.isEmpty());
    if (s.masquerade() && !wan.isEmpty()) {
      t.blank();
      t.open("chain srcnat");
      t.line("type nat hook postrouting priority srcnat; policy accept;");
      t.line("meta nfproto ipv4 oifname " + NftText.interfaces(wan) + " masquerade "
          + NftText.comment("!sekisho: masquerade out of the WAN interface"));
      t.close();
    }
    t.close();
    return t.build(config);
  }

  private static List<String> names(Config c, Role role) {
    return c.interfaces(role).stream().map(NetInterface::name).toList();
  }

  private static void hostSets(NftText t, List<Host> bound) {
    t.open("set host_ips");
    t.line("type ipv4_addr");
    t.line("elements = { " + bound.stream().map(h -> h.ip().toString()).sorted().distinct()
        .collect(Collectors.joining(", ")) + " }");
    t.close();
    t.blank();
    t.open("set host_macs");
    t.line("type ether_addr");
    t.line("elements = { " + bound.stream().map(h -> h.mac().toString()).sorted().distinct()
        .collect(Collectors.joining(", ")) + " }");
    t.close();
    t.blank();
    t.open("set host_pairs");
    t.line("type ether_addr . ipv4_addr");
    t.line("elements = {");
    for (int i = 0; i < bound.size(); i++) {
      Host h = bound.get(i);
      t.line("\t" + h.mac() + " . " + h.ip() + " " + NftText.comment("host " + h.id())
          + (i + 1 < bound.size() ? "," : ""));
    }
    t.line("}");
    t.close();
    t.blank();
  }

  private static void set(NftText t, ForwardPlan.Lookup l) {
    t.open("set " + l.name());
    t.line(l.withPorts() ? "type ipv4_addr . ipv4_addr . inet_proto . inet_service" : "type ipv4_addr . ipv4_addr . inet_proto");
    t.line("flags interval");
    t.line("elements = {");
    List<Match> es = l.elements();
    for (int i = 0; i < es.size(); i++) {
      Match m = es.get(i);
      t.line("\t" + m.element() + " " + NftText.comment("#" + m.ruleId()) + (i + 1 < es.size() ? "," : ""),
          m.ruleId());
    }
    t.line("}");
    t.close();
    t.blank();
  }

  /**
   * The admin's rules also govern LAN traffic to the gateway itself, with one difference: there an "allow"
   * only hands the packet on to the gateway's service list ({@code return}) rather than opening anything,
   * and the LAN default policy does not apply. Only the steps up to the last deny/reject matter there.
   */
  private static List<ForwardPlan.Step> toGateway(ForwardPlan plan) {
    int last = -1;
    for (int i = 0; i < plan.steps.size(); i++) {
      if (action(plan.steps.get(i)) != Action.ALLOW) {
        last = i;
      }
    }
    return plan.steps.subList(0, last + 1);
  }

  private static Action action(ForwardPlan.Step step) {
    if (step instanceof ForwardPlan.Single one) {
      return one.rule().action();
    }
    return ((ForwardPlan.Lookup) step).action();
  }

  private static void input(NftText t, Settings s, List<String> lan, boolean userRules) {
    String lanIf = NftText.interfaces(lan);
    String panel = "iifname " + lanIf + " tcp dport " + s.adminPort() + " accept ";
    t.open("chain input");
    t.line("type filter hook input priority filter; policy drop;");
    if (s.antiLockout()) {
      // SSH is the admin's other way in, so anti-lockout keeps it open too when it is enabled.
      boolean both = s.sshFromLan() && s.adminPort() != 22;
      String ports = both ? "{ 22, " + s.adminPort() + " }" : String.valueOf(s.adminPort());
      t.line("iifname " + lanIf + " tcp dport " + ports + " accept "
          + NftText.comment(s.sshFromLan()
              ? "!sekisho: anti-lockout: the admin panel and SSH from the LAN, whatever the rules say"
              : "!sekisho: anti-lockout: the admin panel from the LAN, whatever the rules say"));
    }
    t.line("iif \"lo\" accept " + NftText.comment("!sekisho: the gateway talking to itself"));
    t.line("ct state vmap { established : accept, related : accept, invalid : drop } "
        + NftText.comment("!sekisho: replies to the gateway's own connections"));
    t.line("iifname " + lanIf + " udp dport 67 accept "
        + NftText.comment("!sekisho: DHCP from the LAN, before the rules so a blocked host keeps its address"));
    t.line("icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept "
        + NftText.comment("!sekisho: IPv6 neighbour discovery"));
    if (userRules) {
      t.line("iifname " + lanIf + " jump in_lan "
          + NftText.comment("!sekisho: the admin's deny and reject rules also cover the gateway itself"));
    }
    if (!s.antiLockout()) {
      t.line(panel + NftText.comment("!sekisho: admin panel from the LAN (anti-lockout is off)"));
    }
    if (s.sshFromLan() && !s.antiLockout()) {
      t.line("iifname " + lanIf + " tcp dport 22 accept " + NftText.comment("!sekisho: SSH from the LAN"));
    }
    t.line("iifname " + lanIf + " meta l4proto { tcp, udp } th dport 53 accept "
        + NftText.comment("!sekisho: DNS from the LAN"));
    t.line("iifname " + lanIf + " icmp type echo-request accept " + NftText.comment("!sekisho: ping from the LAN"));
    t.line("iifname " + lanIf + " reject with icmpx admin-prohibited "
        + NftText.comment("!sekisho: other gateway services are closed to the LAN"));
    t.close();
    t.blank();
  }

  private static void forward(NftText t, Settings s, List<String> lan, ForwardPlan plan, boolean antiSpoof) {
    t.open("chain forward");
    t.line("type filter hook forward priority filter; policy drop;");
    t.line("ct state vmap { established : accept, related : accept, invalid : drop } "
        + NftText.comment("!sekisho: replies of allowed connections"));
    t.line("meta nfproto ipv6 drop "
        + NftText.comment("!sekisho: IPv6 is not forwarded, so it cannot bypass the IPv4 rules"));
    t.line("iifname " + NftText.interfaces(lan) + " jump fwd_lan "
        + NftText.comment("!sekisho: new connections from the LAN"));
    t.close();
    t.blank();

    t.open("chain fwd_lan");
    if (antiSpoof) {
      t.line("ip saddr @host_ips ether saddr . ip saddr != @host_pairs drop "
          + NftText.comment("!sekisho: anti-spoofing: a known host's IP from another MAC"));
      t.line("ether saddr @host_macs ether saddr . ip saddr != @host_pairs drop "
          + NftText.comment("!sekisho: anti-spoofing: a known host's MAC with another IP"));
    }
    for (ForwardPlan.Step step : plan.steps) {
      step(t, step, false);
    }
    boolean allow = s.lanDefault() == Policy.ALLOW;
    t.line((allow ? "accept " : "drop ") + NftText.comment("!sekisho: LAN default policy: " + s.lanDefault().label()));
    t.close();
  }

  private static void step(NftText t, ForwardPlan.Step step, boolean toGateway) {
    if (step instanceof ForwardPlan.Single one) {
      single(t, one.rule(), one.match(), toGateway);
    } else if (step instanceof ForwardPlan.Lookup l) {
      lookup(t, l, toGateway);
    }
  }

  private static void single(NftText t, Rule r, Match m, boolean toGateway) {
    String match = m.expression();
    String note = NftText.comment(r.comment().isEmpty() ? "#" + r.id() : "#" + r.id() + " " + r.comment().text());
    if (r.log()) {
      t.line(match + "limit rate 10/second burst 20 packets log prefix \"" + LOG_PREFIX + "r" + r.id() + ":"
          + r.action().label() + " \" group " + LOG_GROUP + " " + note, r.id());
    }
    for (String verdict : verdicts(r.action(), m.l4proto(), toGateway)) {
      t.line(match + verdict + " " + note, r.id());
    }
  }

  private static void lookup(NftText t, ForwardPlan.Lookup l, boolean toGateway) {
    String key = l.withPorts() ? "ip saddr . ip daddr . meta l4proto . th dport" : "ip saddr . ip daddr . meta l4proto";
    List<Long> ids = l.elements().stream().map(Match::ruleId).distinct().toList();
    String list = ids.stream().map(id -> "#" + id).collect(Collectors.joining(" "));
    String note = list.length() <= 100 ? "rules " + list
        : "rules #" + ids.get(0) + " to #" + ids.get(ids.size() - 1) + " (" + ids.size() + " rules, see set " + l.name() + ")";
    for (String verdict : verdicts(l.action(), Match.ANY_PROTO, toGateway)) {
      t.line(key + " @" + l.name() + " " + verdict + " " + NftText.comment(note));
    }
  }

  /**
   * The verdict statements for an action; a reject answers TCP with a reset and others with ICMP. Towards the
   * gateway an allow returns to the service list instead of accepting.
   */
  private static List<String> verdicts(Action a, int l4proto, boolean toGateway) {
    List<String> out = new ArrayList<>();
    switch (a) {
      case ALLOW -> out.add(toGateway ? "return" : "accept");
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
