package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a {@link Config} into the complete nftables text for Sekisho's own table, {@code inet sekisho}.
 * A pure function: no I/O, no clock, no environment; the same Config and {@link TimeBasis} (the moment, for
 * schedules, temporary rules and timed decisions) always give the same bytes.
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

  /** The ICMPv6 errors that must pass for IPv6 to work (RFC 4890, section 4.3.1). */
  static final String ICMPV6_ERRORS = "{ destination-unreachable, packet-too-big, time-exceeded, parameter-problem }";

  private RulesetCompiler() {}

  /**
   * Validates the configuration once and, when it is valid, compiles it: the one step every apply goes
   * through. The result carries either the located problems or the ruleset (with the configuration).
   */
  public static Compilation tryCompile(Config config) {
    return tryCompile(config, TimeBasis.current());
  }

  /**
   * {@link #tryCompile(Config)} for a moment: schedules' windows are turned into the kernel's UTC terms with
   * the gateway zone's offset at {@code time.now()} (see {@link TimeBasis}); temporary rules that have ended by
   * then are left out, and the others' kernel timeouts count from it ({@link TemporaryRules}). The same Config
   * and moment always give the same bytes.
   */
  public static Compilation tryCompile(Config config, TimeBasis time) {
    List<Problem> problems = ConfigValidator.validate(config);
    return problems.isEmpty() ? Compilation.compiled(render(config, time)) : Compilation.refused(problems);
  }

  /**
   * {@link #compile(Config)} for a moment.
   *
   * @throws IllegalArgumentException when the configuration is not valid
   */
  public static CompiledRuleset compile(Config config, TimeBasis time) {
    return tryCompile(config, time).ruleset();
  }

  /** {@link #tryCompile(Config, TimeBasis)} at an instant, schedules read in the system's zone. */
  public static Compilation tryCompile(Config config, Instant now) {
    return tryCompile(config, TimeBasis.at(now));
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

  /**
   * {@link #compile(Config)} at a given instant (see {@link #tryCompile(Config, Instant)}).
   *
   * @throws IllegalArgumentException when the configuration is not valid
   */
  public static CompiledRuleset compile(Config config, Instant now) {
    return compile(config, TimeBasis.at(now));
  }

  /**
   * Prints a validated configuration at an instant: rules that have ended by then are left out (an ended rule
   * matches nothing), the line mapping still uses the whole configuration.
   */
  private static CompiledRuleset render(Config whole, TimeBasis time) {
    Instant now = time.now();
    Config config = whole.rules().stream().anyMatch(r -> r.expiredAt(now))
        ? whole.withRules(whole.rules().stream().filter(r -> !r.expiredAt(now)).toList()) : whole;
    return render(config, whole, time);
  }

  /**
   * The generated name of the set of addresses learned from DNS for a domain rule ({@code dom4_<id>} or
   * {@code dom6_<id>}): what the DNS forwarder adds elements to. Built from the rule's id alone.
   */
  public static String domainSetName(long ruleId, boolean ipv6) {
    return ForwardPlan.domainSet(ruleId, ipv6 ? Family.V6 : Family.V4);
  }

  /** Prints a validated configuration: decisions were made by the validator and {@link ForwardPlan}. */
  private static CompiledRuleset render(Config config, Config whole, TimeBasis time) {
    Instant now = time.now();
    AskPrinter ask = new AskPrinter(config, now);
    List<String> lan = names(config, Role.LAN);
    List<String> wan = names(config, Role.WAN);
    Settings s = config.settings();
    ForwardPlan plan = new ForwardPlan(config, Family.V4, time);
    List<Host> bound = config.hosts().stream().filter(h -> h.mac() != null).toList();
    // IPv6 only when a LAN interface has a prefix; otherwise the text is exactly what it was before IPv6.
    ForwardPlan plan6 = config.ipv6Forwarding() ? new ForwardPlan(config, Family.V6, time) : null;

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
    if (s.unknownDevices().blocks()) {
      UnknownDevicesPrinter.unboundSet(t, config);
    }
    // the address lists forwards admit their sources from are declared with the rules' lists
    config.forwards().stream().filter(PortForward::enabled).map(PortForward::allowedListId)
        .filter(java.util.Objects::nonNull).forEach(plan.usedLists::add);
    objectSets(t, config, plan, Family.V4);
    TemporaryRules.sets(t, config.rules().stream().filter(Rule::enabled).toList(), now, plan6 != null);
    if (plan6 != null) {
      objectSets(t, config, plan6, Family.V6);
    }
    ask.sets(t, Family.V4);
    if (plan6 != null) {
      ask.sets(t, Family.V6);
    }
    List<ForwardPlan.Step> toGateway = PlanPrinter.toGateway(plan.steps);
    PlanPrinter.declarations(t, plan.steps, toGateway);
    List<ForwardPlan.Step> toGateway6 = List.of();
    if (plan6 != null) {
      hostSets6(t, bound);
      toGateway6 = PlanPrinter.toGateway(plan6.steps);
      PlanPrinter.declarations(t, plan6.steps, toGateway6);
    }

    input(t, s, lan, wan, !toGateway.isEmpty(), plan6 != null, !toGateway6.isEmpty(), config);
    gatewayRules(t, "in_lan", toGateway);
    gatewayRules(t, "in6_lan", toGateway6);
    lanServices(t, s, plan6 != null);
    ForwardPrinter forwards = new ForwardPrinter(config);
    forward(t, config, lan, plan, !bound.isEmpty(), plan6 != null, forwards, ask);
    if (plan6 != null) {
      forward6(t, s, plan6, config, ask);
    }
    // Without port forwards nothing here changes: the text is exactly what it was before them.
    if (forwards.any()) {
      t.blank();
      forwards.dstnat(t);
    }
    if (s.dnsRedirect() && s.dnsUpstream() != null) {
      t.blank();
      t.open("chain dns_redirect");
      t.line("type nat hook prerouting priority dstnat; policy accept;");
      t.line("meta nfproto ipv4 iifname " + NftText.interfaces(lan) + " meta l4proto { tcp, udp } th dport 53 redirect "
          + "to :53 " + NftText.comment("!sekisho: all DNS from the LAN is answered by the gateway's forwarder"));
      t.close();
    }
    boolean masquerade = s.masquerade() && !wan.isEmpty();
    if (masquerade || forwards.reflects()) {
      t.blank();
      t.open("chain srcnat");
      t.line("type nat hook postrouting priority srcnat; policy accept;");
      if (forwards.reflects()) {
        forwards.reflectionMasquerade(t);
      }
      if (masquerade) {
        t.line("meta nfproto ipv4 oifname " + NftText.interfaces(wan) + " masquerade "
            + NftText.comment("!sekisho: masquerade out of the WAN interface"));
      }
      t.close();
    }
    t.close();
    return t.build(whole);
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

  /**
   * The named sets of the host groups and address lists the plan's rules use: a group's members' source keys,
   * a list's networks (contained entries merged away, as interval sets refuse overlaps). Changing a group or
   * a list changes these elements only, never a rule.
   */
  private static void objectSets(NftText t, Config config, ForwardPlan plan, Family f) {
    for (long id : plan.usedGroups) {
      t.open("set " + ForwardPlan.groupSet(id, f));
      t.line("type " + f.srcType);
      t.line("elements = { " + String.join(", ", plan.groupKeys(id, f)) + " }");
      t.close();
      t.blank();
    }
    for (long id : plan.usedLists) {
      List<String> entries = config.addressList(id).orElseThrow().merged(f == Family.V6).stream()
          .map(Object::toString).toList();
      t.open("set " + ForwardPlan.listSet(id, f));
      t.line("type " + f.dstType);
      t.line("flags interval");
      if (entries.size() <= 8) {
        t.line("elements = { " + String.join(", ", entries) + " }");
      } else {
        t.line("elements = {");
        for (int i = 0; i < entries.size(); i++) {
          t.line("\t" + entries.get(i) + (i + 1 < entries.size() ? "," : ""));
        }
        t.line("}");
      }
      t.close();
      t.blank();
    }
    // Addresses learned from DNS answers, each with the timeout of its answer (the forwarder adds them)
    for (long id : plan.usedDomains) {
      t.open("set " + ForwardPlan.domainSet(id, f));
      t.line("type " + f.dstType);
      t.line("flags timeout");
      t.close();
      t.blank();
    }
  }

  private static void gatewayRules(NftText t, String chain, List<ForwardPlan.Step> steps) {
    if (!steps.isEmpty()) {
      t.open("chain " + chain);
      PlanPrinter.steps(t, steps, true);
      t.close();
      PlanPrinter.hostChains(t, steps, true);
      t.blank();
    }
  }

  /** The IPv6 addresses hosts list, bound to their MACs (the validator requires a MAC with them). */
  private static void hostSets6(NftText t, List<Host> bound) {
    List<Host> with = bound.stream().filter(h -> !h.ipv6().isEmpty()).toList();
    if (with.isEmpty()) {
      return;
    }
    t.open("set host6_ips");
    t.line("type ipv6_addr");
    t.line("elements = { " + with.stream().flatMap(h -> h.ipv6().stream()).sorted().map(Object::toString)
        .collect(Collectors.joining(", ")) + " }");
    t.close();
    t.blank();
    t.open("set host6_pairs");
    t.line("type ether_addr . ipv6_addr");
    t.line("elements = {");
    List<String> pairs = new java.util.ArrayList<>();
    for (Host h : with) {
      for (var a : h.ipv6()) {
        pairs.add(h.mac() + " . " + a + " " + NftText.comment("host " + h.id()));
      }
    }
    for (int i = 0; i < pairs.size(); i++) {
      t.line("\t" + pairs.get(i) + (i + 1 < pairs.size() ? "," : ""));
    }
    t.line("}");
    t.close();
    t.blank();
  }

  private static void input(NftText t, Settings s, List<String> lan, List<String> wan, boolean userRules,
      boolean v6, boolean userRules6, Config config) {
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
    if (v6) {
      t.line("icmpv6 type " + ICMPV6_ERRORS + " accept "
          + NftText.comment("!sekisho: ICMPv6 errors IPv6 cannot work without (RFC 4890)"));
      if (!wan.isEmpty()) {
        t.line("iifname " + NftText.interfaces(wan) + " ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept "
            + NftText.comment("!sekisho: DHCPv6 answers to the gateway's own WAN client"));
      }
    }
    if (s.unknownDevices().blocks()) {
      UnknownDevicesPrinter.toGateway(t, lanIf, config);
    }
    // after the unknown-devices policy: a stranger gets no answers either
    if (s.dnsUpstream() != null) {
      t.line("iifname " + lanIf + " meta l4proto { tcp, udp } th dport 53 accept "
          + NftText.comment("!sekisho: DNS to the gateway's forwarder, before the rules: domain rules learn from it"));
    }
    if (v6) {
      if (userRules6) {
        t.line("meta nfproto ipv6 iifname " + lanIf + " jump in6_lan "
            + NftText.comment("!sekisho: the admin's deny and reject rules also cover the gateway itself (IPv6)"));
      }
    }
    if (userRules) {
      t.line((v6 ? "meta nfproto ipv4 " : "") + "iifname " + lanIf + " jump in_lan "
          + NftText.comment("!sekisho: the admin's deny and reject rules also cover the gateway itself"));
    }
    t.line("iifname " + lanIf + " goto " + PlanPrinter.LAN_SERVICES + " "
        + NftText.comment("!sekisho: what the gateway offers the LAN"));
    t.close();
    t.blank();
  }

  /** The gateway's services for the LAN; always ends in a verdict, so an allow can hand over with a goto. */
  private static void lanServices(NftText t, Settings s, boolean v6) {
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
    if (v6) {
      t.line("icmpv6 type echo-request accept " + NftText.comment("!sekisho: ping from the LAN (IPv6)"));
      // Linux takes ICMPv6 "administratively prohibited" as a soft error while a TCP connection opens, so the
      // client would wait for its timeout; a reset refuses at once (as over IPv4, where the ICMP error does).
      t.line("meta nfproto ipv6 meta l4proto tcp reject with tcp reset "
          + NftText.comment("!sekisho: other gateway services are closed to the LAN (IPv6 TCP)"));
    }
    t.line("reject with icmpx admin-prohibited "
        + NftText.comment("!sekisho: other gateway services are closed to the LAN"));
    t.close();
    t.blank();
  }

  private static void forward(NftText t, Config config, List<String> lan, ForwardPlan plan, boolean antiSpoof,
      boolean v6, ForwardPrinter forwards, AskPrinter ask) {
    Settings s = config.settings();
    t.open("chain forward");
    t.line("type filter hook forward priority filter; policy drop;");
    if (v6) {
      // Before connection tracking: an error about a connection the tracker no longer knows must pass too.
      t.line("icmpv6 type " + ICMPV6_ERRORS + " accept "
          + NftText.comment("!sekisho: ICMPv6 errors IPv6 cannot work without (RFC 4890)"));
    }
    t.line("ct state vmap { established : accept, related : accept, invalid : drop } "
        + NftText.comment("!sekisho: replies of allowed connections"));
    if (s.dnsRedirect() && s.dnsUpstream() != null) {
      // IPv4 DNS was redirected to the gateway in dstnat; what still goes elsewhere (IPv6 DNS) is refused
      t.line("iifname " + NftText.interfaces(lan) + " meta l4proto { tcp, udp } th dport 53 reject "
          + NftText.comment("!sekisho: DNS from the LAN goes to the gateway's forwarder only"));
      t.line("iifname " + NftText.interfaces(lan) + " tcp dport 853 reject with tcp reset "
          + NftText.comment("!sekisho: no DNS over TLS from the LAN: it would get around domain rules"));
    }
    if (v6) {
      t.line("meta nfproto ipv6 iifname " + NftText.interfaces(lan) + " jump fwd6_lan "
          + NftText.comment("!sekisho: new IPv6 connections from the LAN; none are opened from the WAN, no NAT66"));
    } else {
      t.line("meta nfproto ipv6 drop "
          + NftText.comment("!sekisho: IPv6 is not forwarded, so it cannot bypass the IPv4 rules"));
    }
    if (forwards.any()) {
      forwards.forwardAccepts(t);
    }
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
    UnknownDevicesPrinter.forward(t, config, false);
    forwards.reflectionAccepts(t);
    PlanPrinter.steps(t, plan.steps, false);
    ask.steps(t, Family.V4);
    boolean allow = s.lanDefault() == Policy.ALLOW;
    t.line((allow ? "accept " : "drop ") + NftText.comment("!sekisho: LAN default policy: " + s.lanDefault().label()));
    t.close();
    PlanPrinter.hostChains(t, plan.steps, false);
  }

  /**
   * The IPv6 forward rules: sources outside the LAN prefixes and listed addresses from another MAC are
   * dropped, then the same rules as over IPv4 keyed by the host's MAC, then the LAN default policy.
   */
  private static void forward6(NftText t, Settings s, ForwardPlan plan6, Config config, AskPrinter ask) {
    t.blank();
    t.open("chain fwd6_lan");
    t.line("ip6 saddr != { " + config.lanPrefixes6().stream().map(Object::toString).collect(Collectors.joining(", "))
        + " } drop " + NftText.comment("!sekisho: anti-spoofing: an IPv6 source outside the LAN prefixes"));
    if (config.hosts().stream().anyMatch(h -> h.mac() != null && !h.ipv6().isEmpty())) {
      t.line("ip6 saddr @host6_ips ether saddr . ip6 saddr != @host6_pairs drop "
          + NftText.comment("!sekisho: anti-spoofing: a known host's IPv6 address from another MAC"));
    }
    UnknownDevicesPrinter.forward(t, config, true);
    PlanPrinter.steps(t, plan6.steps, false);
    ask.steps(t, Family.V6);
    boolean allow = s.lanDefault() == Policy.ALLOW;
    t.line((allow ? "accept " : "drop ") + NftText.comment("!sekisho: LAN default policy: " + s.lanDefault().label()));
    t.close();
    PlanPrinter.hostChains(t, plan6.steps, false);
  }
}
