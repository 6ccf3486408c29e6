package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
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
    List<ForwardPlan.Step> toGateway = PlanPrinter.toGateway(plan.steps);
    PlanPrinter.declarations(t, plan.steps, toGateway);

    input(t, s, lan, !toGateway.isEmpty());
    if (!toGateway.isEmpty()) {
      t.open("chain in_lan");
      PlanPrinter.steps(t, toGateway, true);
      t.close();
      PlanPrinter.hostChains(t, toGateway, true);
      t.blank();
    }
    lanServices(t, s);
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

  private static void input(NftText t, Settings s, List<String> lan, boolean userRules) {
    String lanIf = NftText.interfaces(lan);
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
    t.line("iifname " + lanIf + " goto " + PlanPrinter.LAN_SERVICES + " "
        + NftText.comment("!sekisho: what the gateway offers the LAN"));
    t.close();
    t.blank();
  }

  /** The gateway's services for the LAN; always ends in a verdict, so an allow can hand over with a goto. */
  private static void lanServices(NftText t, Settings s) {
    t.open("chain " + PlanPrinter.LAN_SERVICES);
    if (!s.antiLockout()) {
      t.line("tcp dport " + s.adminPort() + " accept "
          + NftText.comment("!sekisho: admin panel from the LAN (anti-lockout is off)"));
    }
    if (s.sshFromLan() && !s.antiLockout()) {
      t.line("tcp dport 22 accept " + NftText.comment("!sekisho: SSH from the LAN"));
    }
    t.line("meta l4proto { tcp, udp } th dport 53 accept " + NftText.comment("!sekisho: DNS from the LAN"));
    t.line("icmp type echo-request accept " + NftText.comment("!sekisho: ping from the LAN"));
    t.line("reject with icmpx admin-prohibited "
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
    PlanPrinter.steps(t, plan.steps, false);
    boolean allow = s.lanDefault() == Policy.ALLOW;
    t.line((allow ? "accept " : "drop ") + NftText.comment("!sekisho: LAN default policy: " + s.lanDefault().label()));
    t.close();
    PlanPrinter.hostChains(t, plan.steps, false);
  }
}
