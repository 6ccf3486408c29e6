package dev.sekisho.config;

import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.Reason;
import dev.sekisho.config.Explanation.RuleCheck;
import dev.sekisho.config.Explanation.RuleOutcome;
import dev.sekisho.config.Explanation.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * "Why is this blocked?": explains what the compiled ruleset does with the first packet of a new IPv4 or
 * IPv6 connection, from the configuration alone. Builds on {@link FirstMatch} for the admin's rules and adds the
 * steps the compiler puts around them (see {@code RulesetCompiler}): towards the gateway the anti-lockout
 * rule, DHCP, the admin's rules (a matching allow hands over to the gateway's services, so the LAN default
 * policy does not apply) and the service list; through the gateway anti-spoofing of bound hosts, then the
 * rules and the LAN default policy. Packets of established or related connections always pass and invalid
 * ones are dropped before any of this, so they are not the subject of an explanation. Pure.
 *
 * <p>The kernel test {@code ExplainKernelTest} sends real packets through a lab gateway and checks the
 * verdict for a few hundred random cases.
 */
public final class Explain {
  private final Config config;
  private final FirstMatch firstMatch;
  private final java.time.Instant now;
  private final java.time.ZoneId zone;
  /** The moment schedules are read at: {@code now}, or the current time when that is null. */
  private final java.time.Instant at;
  private final java.util.function.LongPredicate usedUp;

  /** Which way the connection goes. */
  public enum Direction {
    /** From the LAN through the gateway (the forward chain). */
    FORWARD,
    /** From the LAN to the gateway itself (the input chain). */
    TO_GATEWAY,
    /** A new connection arriving on the WAN interface. */
    FROM_WAN
  }

  /**
   * The connection to explain.
   *
   * @param src the source address, IPv4 or IPv6
   * @param srcMac the source MAC, or {@code null} when unknown: then the packet is taken to come from the MAC
   *     the inventory binds to its address (no spoofing)
   * @param dst the destination address, of the source's family
   * @param protocol IP protocol number ({@link FirstMatch#TCP}, {@link FirstMatch#UDP}, {@link FirstMatch#ICMP}
   *     for an echo request, others)
   * @param port destination port for TCP and UDP, 0 otherwise
   * @param direction which chain sees it
   */
  public record Query(IpAddr src, Mac srcMac, IpAddr dst, int protocol, int port, Direction direction) {
    /** The packet part, for {@link FirstMatch}. */
    public FirstMatch.Packet packet() {
      return new FirstMatch.Packet(src, dst, protocol, port, srcMac);
    }

    /** True for an IPv6 connection. */
    public boolean ipv6() {
      return src.ipv6();
    }
  }

  /**
   * An explainer for one configuration at the current time: a rule with a schedule matches only while one of
   * its windows is open, as in the kernel.
   */
  public Explain(Config config) {
    this(config, java.time.Instant.now(), java.time.ZoneId.systemDefault(), id -> false, FirstMatch.Learned.NOTHING);
  }

  /** An explainer at the current time that knows the addresses learned for domain rules (what their sets hold). */
  public Explain(Config config, FirstMatch.Learned learned) {
    this(config, java.time.Instant.now(), java.time.ZoneId.systemDefault(), id -> false, learned);
  }

  /**
   * An explainer for one configuration at a given moment (pure): schedules are read in the settings' zone, or
   * {@code systemZone} when none is set; temporary rules that have ended by {@code now} match nothing.
   */
  public Explain(Config config, java.time.Instant now, java.time.ZoneId systemZone) {
    this(config, now, systemZone, id -> false, FirstMatch.Learned.NOTHING);
  }

  /**
   * An explainer that also knows the time and the kernel's counts: a temporary rule whose end has come by
   * {@code now} (null: never; schedules are then read at the current time) and a count-limited rule for which
   * {@code usedUp} says its connections are used up match nothing, as in the kernel.
   */
  public Explain(Config config, java.time.Instant now, java.util.function.LongPredicate usedUp) {
    this(config, now, java.time.ZoneId.systemDefault(), usedUp, FirstMatch.Learned.NOTHING);
  }

  /** The explainer with every part given: see the other constructors. */
  public Explain(Config config, java.time.Instant now, java.time.ZoneId systemZone,
      java.util.function.LongPredicate usedUp, FirstMatch.Learned learned) {
    this.config = config;
    this.at = now == null ? java.time.Instant.now() : now;
    this.firstMatch = new FirstMatch(config, at, systemZone, learned);
    this.now = now;
    this.zone = config.settings().zoneOr(systemZone);
    this.usedUp = usedUp;
  }

  /** Explains one connection. */
  public Explanation explain(Query q) {
    return switch (q.direction()) {
      case FROM_WAN -> fromWan(q);
      case TO_GATEWAY -> toGateway(q);
      case FORWARD -> forward(q);
    };
  }

  /**
   * A new connection arriving on the WAN interface: only an enabled port forward on its protocol and port
   * opens anything (IPv4 only), and then only from its allowed sources. The compiled DNAT matches the
   * interface, protocol and port, not the destination address, so neither does this.
   */
  private Explanation fromWan(Query q) {
    boolean tcp = q.protocol() == FirstMatch.TCP;
    boolean udp = q.protocol() == FirstMatch.UDP;
    if (!q.ipv6() && (tcp || udp) && !config.interfaces(Role.WAN).isEmpty()) {
      for (PortForward f : config.forwards()) {
        boolean proto = f.protocol() == Protocol.TCP_UDP || (tcp ? f.protocol() == Protocol.TCP
            : f.protocol() == Protocol.UDP);
        if (!f.enabled() || !proto || q.port() < f.wanPorts().from() || q.port() > f.wanPorts().to()) {
          continue;
        }
        Ipv4 src = (Ipv4) q.src();
        if (config.restrictsSources(f) && config.allowedSourcesOf(f).stream().noneMatch(n -> n.contains(src))) {
          return new Explanation(Verdict.DROP, Reason.of(Code.FORWARD_SOURCE_NOT_ALLOWED, f.id()), List.of());
        }
        int port = f.firstTargetPort() + (q.port() - f.wanPorts().from());
        return new Explanation(Verdict.ACCEPT, Reason.of(Code.FORWARD_ADMITS, f.id(),
            config.targetOf(f).map(Object::toString).orElse("?"), port), List.of());
      }
    }
    return new Explanation(Verdict.DROP, Reason.of(Code.FROM_WAN_NOT_OPENED), List.of());
  }

  private Explanation forward(Query q) {
    if (q.ipv6() && !config.ipv6Forwarding()) {
      return new Explanation(Verdict.DROP, Reason.of(Code.NOT_FORWARDED_IPV6), List.of());
    }
    Reason spoof = q.ipv6() ? antiSpoof6(q) : antiSpoof(q);
    if (spoof != null) {
      return new Explanation(Verdict.DROP, spoof, List.of());
    }
    if (unknownDenied(q)) {
      // with ask, the compiler refuses TCP with a reset (and logs it for the inbox); the rest is dropped
      boolean ask = config.settings().unknownDevices() == UnknownDevices.ASK;
      return ask ? new Explanation(q.protocol() == FirstMatch.TCP ? Verdict.REJECT : Verdict.DROP,
          Reason.of(Code.UNKNOWN_DEVICE, "ask"), List.of())
          : new Explanation(Verdict.DROP, Reason.of(Code.UNKNOWN_DEVICE), List.of());
    }
    List<RuleCheck> checks = new ArrayList<>();
    Rule r = walk(q.packet(), checks);
    if (r != null) {
      return new Explanation(verdict(r.action()), decides(r, checks), checks);
    }
    Explanation asked = decisionsInbox(q, checks);
    if (asked != null) {
      return asked;
    }
    Policy p = config.settings().lanDefault();
    return new Explanation(p == Policy.ALLOW ? Verdict.ACCEPT : Verdict.DROP,
        Reason.of(Code.DEFAULT_POLICY, p.label()), checks);
  }

  private Explanation toGateway(Query q) {
    Settings s = config.settings();
    boolean tcp = q.protocol() == FirstMatch.TCP;
    if (s.antiLockout() && tcp && (q.port() == s.adminPort() || (s.sshFromLan() && q.port() == 22))) {
      return new Explanation(Verdict.ACCEPT, Reason.of(Code.ANTI_LOCKOUT, q.port()), List.of());
    }
    if (q.protocol() == FirstMatch.UDP && q.port() == 67) {
      return new Explanation(Verdict.ACCEPT, Reason.of(Code.GATEWAY_SERVICE, "dhcp"), List.of());
    }
    if (unknownDenied(q)) {
      return new Explanation(Verdict.DROP, Reason.of(Code.UNKNOWN_DEVICE), List.of());
    }
    if (s.dnsUpstream() != null && (tcp || q.protocol() == FirstMatch.UDP) && q.port() == 53) {
      // the forwarder is accepted before the rules, as the compiler prints it: domain rules learn from it
      return new Explanation(Verdict.ACCEPT, Reason.of(Code.GATEWAY_SERVICE, "dns"), List.of());
    }
    List<RuleCheck> checks = new ArrayList<>();
    Rule r = walk(q.packet(), checks);
    if (r != null && r.action() != Action.ALLOW) {
      return new Explanation(verdict(r.action()), decides(r, checks), checks);
    }
    boolean udp = q.protocol() == FirstMatch.UDP;
    String service = null;
    if (!s.antiLockout() && tcp && q.port() == s.adminPort()) {
      service = "panel";
    } else if (!s.antiLockout() && s.sshFromLan() && tcp && q.port() == 22) {
      service = "ssh";
    } else if ((tcp || udp) && q.port() == 53) {
      service = "dns";
    } else if (q.protocol() == (q.ipv6() ? FirstMatch.ICMPV6 : FirstMatch.ICMP)) {
      service = "ping";
    }
    return service == null
        ? new Explanation(Verdict.REJECT, Reason.of(Code.GATEWAY_CLOSED), checks)
        : new Explanation(Verdict.ACCEPT, Reason.of(Code.GATEWAY_SERVICE, service), checks);
  }

  /** The rules in order up to the first enabled match, which is returned (null when none matches). */
  private Rule walk(FirstMatch.Packet p, List<RuleCheck> checks) {
    List<Rule> rules = config.rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      RuleOutcome o = r.enabled() ? check(r, p) : RuleOutcome.SKIPPED_DISABLED;
      Schedule closed = o == RuleOutcome.MATCHED && r.scheduleId() != null
          ? config.schedule(r.scheduleId()).filter(x -> !ScheduleStatus.openAt(x, zone, at)).orElse(null) : null;
      if (closed != null) {
        java.time.Instant opens = ScheduleStatus.of(closed, zone, at).nextChange();
        checks.add(new RuleCheck(r.id(), i + 1, RuleOutcome.SKIPPED_SCHEDULE, List.of(Long.toString(closed.id()),
            opens == null ? "" : opens.toString())));
        continue;
      }
      checks.add(new RuleCheck(r.id(), i + 1, o));
      if (o == RuleOutcome.MATCHED) {
        return r;
      }
    }
    return null;
  }

  /**
   * The first field of the rule the packet fails, in {@link FirstMatch#matches}'s order, or MATCHED. Each
   * field is tested with FirstMatch's own check of that field, so the two cannot drift apart.
   */
  RuleOutcome check(Rule r, FirstMatch.Packet p) {
    if (now != null && r.expiredAt(now)) {
      return RuleOutcome.SKIPPED_EXPIRED;
    }
    if (!firstMatch.sourceMatches(r, p)) {
      return RuleOutcome.SKIPPED_SOURCE;
    }
    boolean v6 = p.dst().ipv6();
    if (r.destination() != null && r.destination().ipv6() != v6) {
      return RuleOutcome.SKIPPED_FAMILY;
    }
    if (r.destinationListId() != null && config.addressList(r.destinationListId())
        .map(l -> l.entries(v6).isEmpty() && l.domains().isEmpty()).orElse(true)) {
      return RuleOutcome.SKIPPED_FAMILY;
    }
    if (!firstMatch.destinationMatches(r, p)) {
      return RuleOutcome.SKIPPED_DESTINATION;
    }
    if (!firstMatch.serviceMatches(r, p, false)) {
      return RuleOutcome.SKIPPED_PROTOCOL;
    }
    if (!firstMatch.serviceMatches(r, p, true)) {
      return RuleOutcome.SKIPPED_PORT;
    }
    return r.connectionLimit() != null && usedUp.test(r.id()) ? RuleOutcome.SKIPPED_USED_UP : RuleOutcome.MATCHED;
  }

  /**
   * The compiler's IPv6 anti-spoofing: a source outside the LAN prefixes, or a host's listed address from
   * another MAC. (A host may use any other address of the prefix: its rules follow its MAC.)
   */
  private Reason antiSpoof6(Query q) {
    if (config.lanPrefixes6().stream().noneMatch(p -> p.contains(q.src()))) {
      return Reason.of(Code.ANTI_SPOOF_PREFIX6, config.lanPrefixes6().stream().map(Object::toString)
          .reduce((a, b) -> a + ", " + b).orElse(""));
    }
    if (q.srcMac() == null) {
      return null;
    }
    for (Host h : config.hosts()) {
      if (h.mac() != null && h.ipv6().contains(q.src()) && !h.mac().equals(q.srcMac())) {
        return Reason.of(Code.ANTI_SPOOF_IP, h.id(), h.mac());
      }
    }
    return null;
  }

  /**
   * Whether the unknown-devices policy drops the source, as the compiler's line does: over IPv4 neither its MAC
   * nor its address is a host's, over IPv6 its MAC is no host's. Without a MAC the packet is taken to come from
   * the MAC the inventory binds to its address, so it is unknown exactly when no host has (or lists) it.
   */
  private boolean unknownDenied(Query q) {
    if (!config.settings().unknownDevices().blocks()) {
      return false;
    }
    List<Host> hosts = config.hosts();
    if (q.ipv6()) {
      return q.srcMac() == null
          ? hosts.stream().noneMatch(h -> h.mac() != null && h.ipv6().contains(q.src()))
          : hosts.stream().noneMatch(h -> q.srcMac().equals(h.mac()));
    }
    boolean byMac = q.srcMac() != null && hosts.stream().anyMatch(h -> q.srcMac().equals(h.mac()));
    return !byMac && hosts.stream().noneMatch(h -> h.ip().equals(q.src()));
  }

  /**
   * The decisions inbox's steps after the admin's rules, as the compiler prints them: an allow or deny
   * decision for the host, destination, protocol and port (TCP and UDP, not ended at the moment explained),
   * then a host in ask mode refuses everything else. The source host is the one with its address over IPv4,
   * its MAC over IPv6 (or, without a MAC, the one listing the address). Null when none of them applies.
   */
  private Explanation decisionsInbox(Query q, List<RuleCheck> checks) {
    Host h = null;
    for (Host x : config.hosts()) {
      boolean mine = q.ipv6()
          ? x.mac() != null && (q.srcMac() != null ? q.srcMac().equals(x.mac()) : x.ipv6().contains(q.src()))
          : x.ip().equals(q.src());
      if (mine) {
        h = x;
        break;
      }
    }
    if (h == null) {
      return null;
    }
    boolean ports = q.protocol() == FirstMatch.TCP || q.protocol() == FirstMatch.UDP;
    for (Decision d : config.decisions()) {
      boolean proto = d.protocol() == (q.protocol() == FirstMatch.TCP ? Protocol.TCP : Protocol.UDP);
      if (ports && d.hostId() == h.id() && d.ipv6() == q.ipv6() && d.destination().equals(q.dst()) && proto
          && d.port() == q.port() && !d.expiredAt(at)) {
        return d.verdict() == Action.ALLOW
            ? new Explanation(Verdict.ACCEPT, Reason.of(Code.DECISION_ALLOWS, d.id()), checks)
            : new Explanation(Verdict.DROP, Reason.of(Code.DECISION_DENIES, d.id()), checks);
      }
    }
    return h.ask() ? new Explanation(Verdict.REJECT, Reason.of(Code.ASK_MODE, h.id()), checks) : null;
  }

  /** The compiler's two anti-spoofing lines, which only exist when some host is bound to a MAC. */
  private Reason antiSpoof(Query q) {
    if (q.srcMac() == null) {
      return null;
    }
    List<Host> bound = config.hosts().stream().filter(h -> h.mac() != null).toList();
    boolean pairKnown = bound.stream().anyMatch(h -> h.mac().equals(q.srcMac()) && h.ip().equals(q.src()));
    if (pairKnown) {
      return null;
    }
    for (Host h : bound) {
      if (h.ip().equals(q.src())) {
        return Reason.of(Code.ANTI_SPOOF_IP, h.id(), h.mac());
      }
    }
    for (Host h : bound) {
      if (h.mac().equals(q.srcMac())) {
        return Reason.of(Code.ANTI_SPOOF_MAC, h.id(), h.ip());
      }
    }
    return null;
  }

  private static Reason decides(Rule r, List<RuleCheck> checks) {
    return Reason.of(Code.RULE_DECIDES, r.id(), checks.get(checks.size() - 1).position(), r.action().label());
  }

  private static Verdict verdict(Action a) {
    return switch (a) {
      case ALLOW -> Verdict.ACCEPT;
      case DENY -> Verdict.DROP;
      case REJECT -> Verdict.REJECT;
    };
  }
}
