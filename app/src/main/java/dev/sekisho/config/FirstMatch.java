package dev.sekisho.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The meaning of the admin's rule list, written from the rules alone and not from any compiled form: the
 * first enabled rule that matches a new LAN connection decides, otherwise the LAN default policy does.
 *
 * <p>This is the reference the compiler is checked against (the property test compares every compiled plan
 * with it), and the base an "why is this blocked?" explanation builds on: {@link #matches} says for one rule
 * whether it applies, {@link #decide} which rule wins. Pure: no I/O, no state beyond the configuration.
 */
public final class FirstMatch {
  /** IP protocol numbers a packet can carry that rules name. */
  public static final int TCP = 6;
  /** UDP's IP protocol number. */
  public static final int UDP = 17;
  /** ICMP's IP protocol number. */
  public static final int ICMP = 1;
  /** ICMPv6's IP protocol number (a rule's {@code icmp} means it for IPv6 packets). */
  public static final int ICMPV6 = 58;

  private final Config config;
  private final java.time.Instant now;
  private final java.time.ZoneId zone;
  private final Map<Long, Host> hosts = new HashMap<>();
  private final Map<Long, HostGroup> groups = new HashMap<>();
  private final Map<Long, AddressList> lists = new HashMap<>();
  private final Map<Long, Service> services = new HashMap<>();
  private final Learned learned;

  /**
   * What DNS answers taught the gateway: whether an address is, right now, in a domain rule's set. The
   * configuration alone knows no such address, so without this a domain rule matches nothing (as its empty
   * sets do in the kernel).
   */
  @FunctionalInterface
  public interface Learned {
    /** Nothing learned. */
    Learned NOTHING = (ruleId, address) -> false;

    /** True when {@code address} was learned for the domain rule {@code ruleId} and has not expired. */
    boolean has(long ruleId, IpAddr address);
  }

  /**
   * A packet that opens a new connection from the LAN.
   *
   * @param src the LAN source address (IPv4 or IPv6; both addresses are of one family)
   * @param dst where it goes
   * @param protocol the IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6, others)
   * @param dstPort the destination port for TCP and UDP; ignored for other protocols
   * @param srcMac the source MAC, which names the host over IPv6; {@code null} when unknown, then an IPv6
   *     packet is from the host that lists its source address
   */
  public record Packet(IpAddr src, IpAddr dst, int protocol, int dstPort, Mac srcMac) {
    /** Checks that both addresses are of one family. */
    public Packet {
      if (src.ipv6() != dst.ipv6()) {
        throw new IllegalArgumentException("source and destination of different families: " + src + " " + dst);
      }
    }

    /** An IPv4 packet, or an IPv6 one whose host is known by its address. */
    public Packet(IpAddr src, IpAddr dst, int protocol, int dstPort) {
      this(src, dst, protocol, dstPort, null);
    }
  }

  /**
   * What decides a packet.
   *
   * @param rule the deciding rule, or empty when no rule matched and the LAN default policy applies
   * @param allowed whether the packet is let through (for the default policy: whether it is "allow")
   */
  public record Decision(Optional<Rule> rule, boolean allowed) {
    /** The deciding action: the rule's, or ALLOW/DENY from the default policy. */
    public Action action() {
      return rule.map(Rule::action).orElse(allowed ? Action.ALLOW : Action.DENY);
    }
  }

  /**
   * An evaluator for one configuration at the current time (indexes its hosts once, so many packets are
   * cheap); a rule whose schedule is closed now does not decide.
   */
  public FirstMatch(Config config) {
    this(config, java.time.Instant.now(), java.time.ZoneId.systemDefault(), Learned.NOTHING);
  }

  /** An evaluator at a given moment (pure); schedules are read in the settings' zone, else {@code systemZone}. */
  public FirstMatch(Config config, java.time.Instant now, java.time.ZoneId systemZone) {
    this(config, now, systemZone, Learned.NOTHING);
  }

  /** An evaluator at the current time that knows the addresses learned for domain rules. */
  public FirstMatch(Config config, Learned learned) {
    this(config, java.time.Instant.now(), java.time.ZoneId.systemDefault(), learned);
  }

  /** An evaluator at a given moment that knows the addresses learned for domain rules. */
  public FirstMatch(Config config, java.time.Instant now, java.time.ZoneId systemZone, Learned learned) {
    this.now = now;
    this.zone = config.settings().zoneOr(systemZone);
    this.config = config;
    this.learned = learned;
    config.hosts().forEach(h -> hosts.putIfAbsent(h.id(), h));
    config.groups().forEach(g -> groups.putIfAbsent(g.id(), g));
    config.addressLists().forEach(l -> lists.putIfAbsent(l.id(), l));
    config.allServices().forEach(x -> services.putIfAbsent(x.id(), x));
  }

  /** Which rule decides the packet: the first enabled one in force that matches, in list order. */
  public Decision decide(Packet p) {
    for (Rule r : config.rules()) {
      if (r.enabled() && matches(r, p) && inSchedule(r)) {
        return new Decision(Optional.of(r), r.action() == Action.ALLOW);
      }
    }
    return new Decision(Optional.empty(), config.settings().lanDefault() == Policy.ALLOW);
  }

  /** Whether the rule is in force at this evaluator's moment: it has no schedule, or its schedule is open. */
  public boolean inSchedule(Rule r) {
    return r.scheduleId() == null || config.schedule(r.scheduleId())
        .map(x -> ScheduleStatus.openAt(x, zone, now)).orElse(false);
  }

  /**
   * Whether the rule covers the packet, ignoring whether it is enabled: source, destination, protocol and
   * destination ports must all fit. Over IPv6 the source host is the one with the packet's MAC (a host without
   * a MAC has no IPv6 rules: the validator refuses one while IPv6 is forwarded). A group source fits any
   * member, a list destination any entry of the packet's family, a service any of its entries.
   */
  public boolean matches(Rule r, Packet p) {
    return sourceMatches(r, p) && destinationMatches(r, p) && serviceMatches(r, p, false)
        && serviceMatches(r, p, true);
  }

  /** Whether the packet comes from the rule's source: all hosts, its host, or a member of its group. */
  public boolean sourceMatches(Rule r, Packet p) {
    if (r.sourceHostId() != null) {
      Host h = hosts.get(r.sourceHostId());
      return h != null && isFrom(h, p);
    }
    if (r.sourceGroupId() != null) {
      HostGroup g = groups.get(r.sourceGroupId());
      if (g == null) {
        return false;
      }
      for (Long id : g.members()) {
        Host h = hosts.get(id);
        if (h != null && isFrom(h, p)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  /** Whether the packet's destination is in the rule's network or list (of the packet's family), or any. */
  public boolean destinationMatches(Rule r, Packet p) {
    if (r.destination() != null) {
      return r.destination().contains(p.dst());
    }
    if (r.destinationListId() != null) {
      AddressList l = lists.get(r.destinationListId());
      // a list's domain names match what the forwarder learned for them, in the rule's own set
      return l != null && (l.entries().stream().anyMatch(n -> n.contains(p.dst()))
          || !l.domains().isEmpty() && learned.has(r.id(), p.dst()));
    }
    if (r.destinationDomain() != null) {
      return learned.has(r.id(), p.dst());
    }
    return true;
  }

  /**
   * Whether the packet's protocol (with {@code ports} false) or its protocol and port (with {@code ports} true)
   * fit the rule's protocol and ports, or any entry of its service.
   */
  public boolean serviceMatches(Rule r, Packet p, boolean ports) {
    if (r.serviceId() == null) {
      return fits(r.protocol(), ports ? r.ports() : null, p);
    }
    Service svc = services.get(r.serviceId());
    return svc != null && svc.entries().stream().anyMatch(e -> fits(e.protocol(), ports ? e.ports() : null, p));
  }

  private static boolean fits(Protocol protocol, PortRange range, Packet p) {
    boolean proto = switch (protocol) {
      case ANY -> true;
      case TCP -> p.protocol() == TCP;
      case UDP -> p.protocol() == UDP;
      case TCP_UDP -> p.protocol() == TCP || p.protocol() == UDP;
      case ICMP -> p.protocol() == (p.dst().ipv6() ? ICMPV6 : ICMP);
    };
    return proto && (range == null || (p.dstPort() >= range.from() && p.dstPort() <= range.to()));
  }

  /** Whether the packet comes from the host: by IPv4 address, or over IPv6 by MAC. */
  public static boolean isFrom(Host h, Packet p) {
    if (!p.src().ipv6()) {
      return h.ip().equals(p.src());
    }
    if (h.mac() == null) {
      return false;
    }
    return p.srcMac() != null ? h.mac().equals(p.srcMac()) : h.ipv6().contains(p.src());
  }
}
