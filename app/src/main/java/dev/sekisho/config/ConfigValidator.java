package dev.sekisho.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks what single fields cannot: references, uniqueness and the shape of the network. The same checks
 * run for a form, an apply and a restored backup, so nothing reaches the compiler unchecked.
 */
public final class ConfigValidator {
  /** A range forwarded to other server ports maps port by port; more than this many is refused. */
  public static final int MAX_SHIFTED_RANGE = 256;

  private ConfigValidator() {}

  /** Every problem found, in a stable order; empty when the configuration can be compiled. */
  public static List<Problem> validate(Config c) {
    List<Problem> out = new ArrayList<>();
    checkInterfaces(c, out);
    checkHosts(c, out);
    checkObjects(c, out);
    checkRules(c, out);
    checkForwards(c, out);
    checkDecisions(c, out);
    return out;
  }

  private static void checkInterfaces(Config c, List<Problem> out) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < c.interfaces().size(); i++) {
      NetInterface ni = c.interfaces().get(i);
      Integer before = seen.putIfAbsent(ni.name(), i);
      if (before != null) {
        out.add(Problem.of("interfaces[" + i + "].name", "problem.interface.twice", ni.name()));
      }
    }
    if (c.interfaces(Role.LAN).isEmpty()) {
      out.add(Problem.of("interfaces", "problem.interface.no_lan"));
    }
    if (c.interfaces(Role.WAN).size() > 1) {
      out.add(Problem.of("interfaces", "problem.interface.two_wan"));
    }
    List<Cidr6> prefixes = new ArrayList<>();
    for (int i = 0; i < c.interfaces().size(); i++) {
      NetInterface ni = c.interfaces().get(i);
      if (ni.address6() == null) {
        continue;
      }
      Cidr6 p = ni.address6().subnet();
      for (Cidr6 q : prefixes) {
        if (p.overlaps(q)) {
          out.add(Problem.of("interfaces[" + i + "].address6", "problem.interface.prefix6_overlap", p.toString(),
              q.toString()));
        }
      }
      prefixes.add(p);
    }
    if (c.settings().masquerade() && c.interfaces(Role.WAN).isEmpty()) {
      out.add(Problem.of("settings.masquerade", "problem.masquerade.no_wan"));
    }
  }

  private static void checkHosts(Config c, List<Problem> out) {
    Map<Long, Integer> ids = new HashMap<>();
    Map<String, Integer> names = new HashMap<>();
    Map<Ipv4, Integer> ips = new HashMap<>();
    Map<Mac, Integer> macs = new HashMap<>();
    List<Cidr> lanSubnets = c.interfaces(Role.LAN).stream()
        .filter(i -> i.address() != null).map(i -> i.address().subnet()).toList();
    List<Cidr6> lan6 = c.lanPrefixes6();
    Map<Ipv6, Host> ips6 = new HashMap<>();
    for (int i = 0; i < c.hosts().size(); i++) {
      Host h = c.hosts().get(i);
      String at = "hosts[" + i + "]";
      if (ids.putIfAbsent(h.id(), i) != null) {
        out.add(Problem.of(at + ".id", "problem.host.id_twice", h.id()));
      }
      Integer other = names.putIfAbsent(h.name().toLowerCase(java.util.Locale.ROOT), i);
      if (other != null) {
        out.add(Problem.of(at + ".name", "problem.host.name_taken", h.name()));
      }
      other = ips.putIfAbsent(h.ip(), i);
      if (other != null) {
        out.add(Problem.of(at + ".ip", "problem.host.ip_taken", h.ip().toString(),
            c.hosts().get(other).name()));
      }
      if (h.mac() != null) {
        other = macs.putIfAbsent(h.mac(), i);
        if (other != null) {
          out.add(Problem.of(at + ".mac", "problem.host.mac_taken", h.mac().toString(),
              c.hosts().get(other).name()));
        }
      }
      if (h.ip().isSpecial()) {
        out.add(Problem.of(at + ".ip", "problem.host.ip_special", h.ip().toString()));
      } else if (!lanSubnets.isEmpty() && lanSubnets.stream().noneMatch(s -> s.contains(h.ip()))) {
        out.add(Problem.of(at + ".ip", "problem.host.ip_outside", h.ip().toString(), lanSubnets.stream()
            .map(Cidr::toString).reduce((a, b) -> a + ", " + b).orElse("")));
      }
      for (NetInterface ni : c.interfaces()) {
        if (ni.address() != null && ni.address().address().equals(h.ip())) {
          out.add(Problem.of(at + ".ip", "problem.host.ip_gateway", h.ip().toString(), ni.name()));
        }
      }
      checkHostIpv6(c, h, at, lan6, ips6, out);
    }
  }

  /**
   * A host's IPv6 addresses: global addresses inside a LAN prefix (others would be dropped as spoofed),
   * bound to a MAC (the gateway binds them to it), each on one host only and none the gateway's own.
   */
  private static void checkHostIpv6(Config c, Host h, String at, List<Cidr6> lan6, Map<Ipv6, Host> ips6,
      List<Problem> out) {
    if (!h.ipv6().isEmpty() && h.mac() == null) {
      out.add(Problem.of(at + ".ipv6", "problem.host.ipv6_needs_mac"));
    }
    for (Ipv6 a : h.ipv6()) {
      Host other = ips6.putIfAbsent(a, h);
      if (other != null) {
        out.add(Problem.of(at + ".ipv6", "problem.host.ip_taken", a.toString(), other.name()));
      } else if (a.isSpecial()) {
        out.add(Problem.of(at + ".ipv6", "problem.host.ip_special", a.toString()));
      } else if (lan6.stream().noneMatch(p -> p.contains(a))) {
        out.add(Problem.of(at + ".ipv6", "problem.host.ipv6_outside", a.toString(), lan6.isEmpty() ? "-"
            : lan6.stream().map(Cidr6::toString).reduce((x, y) -> x + ", " + y).orElse("")));
      }
      for (NetInterface ni : c.interfaces()) {
        if (ni.address6() != null && ni.address6().address().equals(a)) {
          out.add(Problem.of(at + ".ipv6", "problem.host.ip_gateway", a.toString(), ni.name()));
        }
      }
    }
  }

  /** Groups, lists and services: unique ids and names, members that exist, custom services above the catalogue. */
  private static void checkObjects(Config c, List<Problem> out) {
    Map<Long, String> ids = new HashMap<>();
    Map<String, String> names = new HashMap<>();
    Set<Long> hostIds = new HashSet<>();
    c.hosts().forEach(h -> hostIds.add(h.id()));
    Service.BUILT_IN.forEach(x -> names.put("s:" + x.name().toLowerCase(java.util.Locale.ROOT), x.name()));
    for (int i = 0; i < c.groups().size(); i++) {
      HostGroup g = c.groups().get(i);
      String at = "groups[" + i + "]";
      objectId(ids, g.id(), at, out);
      objectName(names, "g:", g.name(), at, out);
      for (int k = 0; k < g.members().size(); k++) {
        if (!hostIds.contains(g.members().get(k))) {
          out.add(Problem.of(at + ".members", "problem.group.no_such_host", g.members().get(k)));
        }
      }
    }
    for (int i = 0; i < c.addressLists().size(); i++) {
      AddressList l = c.addressLists().get(i);
      String at = "addressLists[" + i + "]";
      objectId(ids, l.id(), at, out);
      objectName(names, "l:", l.name(), at, out);
    }
    for (int i = 0; i < c.services().size(); i++) {
      Service x = c.services().get(i);
      String at = "services[" + i + "]";
      if (x.builtIn()) {
        out.add(Problem.of(at + ".id", "problem.service.id_range", x.id(), Service.FIRST_CUSTOM_ID));
      }
      objectId(ids, x.id(), at, out);
      objectName(names, "s:", x.name(), at, out);
    }
    for (int i = 0; i < c.schedules().size(); i++) {
      Schedule x = c.schedules().get(i);
      String at = "schedules[" + i + "]";
      objectId(ids, x.id(), at, out);
      objectName(names, "t:", x.name(), at, out);
    }
  }

  private static void objectId(Map<Long, String> ids, long id, String at, List<Problem> out) {
    if (ids.putIfAbsent(id, at) != null) {
      out.add(Problem.of(at + ".id", "problem.object.id_twice", id));
    }
  }

  private static void objectName(Map<String, String> names, String kind, String name, String at,
      List<Problem> out) {
    if (names.putIfAbsent(kind + name.toLowerCase(java.util.Locale.ROOT), name) != null) {
      out.add(Problem.of(at + ".name", "problem.object.name_taken", name));
    }
  }

  /** The furthest end a temporary rule may have, in days from when it is set. */
  public static final int MAX_TEMPORARY_DAYS = 366;

  /**
   * Checks a temporary rule's end as the admin sets it (form or API), at {@code now}: it must lie in the
   * future and within {@value #MAX_TEMPORARY_DAYS} days. Stored rules whose end has passed are valid (they
   * have expired), so this is not part of {@link #validate}.
   *
   * @param at the field's path, e.g. {@code rules[3].expiresAt}
   * @return the problem, or empty
   */
  public static List<Problem> checkNewEnd(java.time.Instant end, java.time.Instant now, String at) {
    if (end == null) {
      return List.of();
    }
    if (!end.isAfter(now)) {
      return List.of(Problem.of(at, "problem.rule.ends_in_past"));
    }
    if (end.isAfter(now.plus(java.time.Duration.ofDays(MAX_TEMPORARY_DAYS)))) {
      return List.of(Problem.of(at, "problem.rule.ends_too_late", MAX_TEMPORARY_DAYS));
    }
    return List.of();
  }

  private static void checkRules(Config c, List<Problem> out) {
    Map<Long, Integer> ids = new HashMap<>();
    // A set of host ids, not Config.host() per rule: that scan made 50,000 rules over 50,000 hosts take 15 s.
    Map<Long, Host> hostIds = new HashMap<>();
    c.hosts().forEach(h -> hostIds.putIfAbsent(h.id(), h));
    boolean v6 = c.ipv6Forwarding();
    for (int i = 0; i < c.rules().size(); i++) {
      Rule r = c.rules().get(i);
      String at = "rules[" + i + "]";
      if (ids.putIfAbsent(r.id(), i) != null) {
        out.add(Problem.of(at + ".id", "problem.rule.id_twice", r.id()));
      }
      Host h = r.sourceHostId() == null ? null : hostIds.get(r.sourceHostId());
      if (r.sourceHostId() != null && h == null) {
        out.add(Problem.of(at + ".source", "problem.rule.no_such_host", r.id(),
            r.sourceHostId()));
      } else if (h != null && v6 && h.mac() == null && (r.destination() == null || r.destination().ipv6())) {
        // Over IPv6 a host is known by its MAC; without one its rules would not cover its IPv6 traffic.
        out.add(Problem.of(at + ".source", "problem.rule.ipv6_needs_mac", r.id(), h.name()));
      }
      if (r.destination() != null && r.destination().ipv6() && !v6) {
        out.add(Problem.of(at + ".destination", "problem.rule.ipv6_not_forwarded", r.id()));
      }
      if (r.sourceGroupId() != null) {
        HostGroup g = c.group(r.sourceGroupId()).orElse(null);
        if (g == null) {
          out.add(Problem.of(at + ".source", "problem.rule.no_such_group", r.id(), r.sourceGroupId()));
        } else if (v6 && (r.destination() == null || r.destination().ipv6())
            && g.members().stream().map(hostIds::get).anyMatch(m -> m != null && m.mac() == null)) {
          out.add(Problem.of(at + ".source", "problem.rule.group_needs_mac", r.id(), g.name()));
        }
      }
      if (r.destinationListId() != null && c.addressList(r.destinationListId()).isEmpty()) {
        out.add(Problem.of(at + ".destination", "problem.rule.no_such_list", r.id(), r.destinationListId()));
      }
      if (r.serviceId() != null && c.service(r.serviceId()).isEmpty()) {
        out.add(Problem.of(at + ".service", "problem.rule.no_such_service", r.id(), r.serviceId()));
      }
      if (r.scheduleId() != null && c.schedule(r.scheduleId()).isEmpty()) {
        out.add(Problem.of(at + ".schedule", "problem.rule.no_such_schedule", r.id(), r.scheduleId()));
      }
      if (r.destinationDomain() != null && r.enabled() && c.settings().dnsUpstream() == null) {
        // the sets of a domain rule are filled by the forwarder alone; without it they stay empty
        out.add(Problem.of(at + ".destinationDomain", "problem.rule.domain_needs_forwarder", r.id()));
      }
      if (r.destinationListId() != null && r.enabled() && c.settings().dnsUpstream() == null
          && !c.domainsOf(r).isEmpty()) {
        out.add(Problem.of(at + ".destination", "problem.rule.list_domains_need_forwarder", r.id(),
            c.addressList(r.destinationListId()).map(AddressList::name).orElse("")));
      }
    }
  }

  /**
   * Port forwards: a WAN interface to come in on, a target on a LAN, server ports that exist, no two enabled
   * forwards on one WAN port, and never the admin panel's or SSH's port (the panel must not be shadowed).
   */
  private static void checkForwards(Config c, List<Problem> out) {
    if (c.forwards().isEmpty()) {
      return;
    }
    Map<Long, Host> hostIds = new HashMap<>();
    c.hosts().forEach(h -> hostIds.putIfAbsent(h.id(), h));
    List<Cidr> lanSubnets = c.interfaces(Role.LAN).stream()
        .filter(i -> i.address() != null).map(i -> i.address().subnet()).toList();
    String lans = lanSubnets.isEmpty() ? "-"
        : lanSubnets.stream().map(Cidr::toString).reduce((a, b) -> a + ", " + b).orElse("");
    Map<Long, Integer> ids = new HashMap<>();
    Settings s = c.settings();
    boolean noWan = c.interfaces(Role.WAN).isEmpty();
    for (int i = 0; i < c.forwards().size(); i++) {
      PortForward f = c.forwards().get(i);
      String at = "forwards[" + i + "]";
      if (ids.putIfAbsent(f.id(), i) != null) {
        out.add(Problem.of(at + ".id", "problem.forward.id_twice", f.id()));
      }
      if (noWan) {
        out.add(Problem.of(at, "problem.forward.no_wan", f.id()));
      }
      boolean tcp = f.protocol() != Protocol.UDP;
      if (tcp && contains(f.wanPorts(), s.adminPort())) {
        out.add(Problem.of(at + ".wanPorts", "problem.forward.admin_port", f.id(), s.adminPort()));
      }
      // (with the panel itself on 22 the line above already said so)
      if (tcp && s.sshFromLan() && contains(f.wanPorts(), 22) && s.adminPort() != 22) {
        out.add(Problem.of(at + ".wanPorts", "problem.forward.ssh", f.id()));
      }
      if (f.lastTargetPort() > 65535) {
        out.add(Problem.of(at + ".targetPort", "problem.forward.target_port_overflow", f.id(),
            f.firstTargetPort() + "-" + f.lastTargetPort()));
      }
      if (f.shiftsPorts() && !f.wanPorts().isSingle()
          && f.wanPorts().to() - f.wanPorts().from() + 1 > MAX_SHIFTED_RANGE) {
        out.add(Problem.of(at + ".targetPort", "problem.forward.shift_too_long", f.id(), MAX_SHIFTED_RANGE));
      }
      if (f.hostId() != null) {
        Host h = hostIds.get(f.hostId());
        if (h == null) {
          out.add(Problem.of(at + ".host", "problem.forward.no_such_host", f.id(), f.hostId()));
        }
      } else {
        Ipv4 t = f.target();
        if (t.isSpecial()) {
          out.add(Problem.of(at + ".target", "problem.host.ip_special", t.toString()));
        } else if (lanSubnets.stream().noneMatch(n -> n.contains(t))) {
          out.add(Problem.of(at + ".target", "problem.forward.target_outside", t.toString(), lans));
        } else if (c.interfaces().stream().anyMatch(n -> n.address() != null && n.address().address().equals(t))) {
          out.add(Problem.of(at + ".target", "problem.forward.target_gateway", t.toString()));
        }
      }
      if (f.allowedListId() != null) {
        AddressList l = c.addressList(f.allowedListId()).orElse(null);
        if (l == null) {
          out.add(Problem.of(at + ".allowedList", "problem.forward.no_such_list", f.id(), f.allowedListId()));
        } else if (!l.domains().isEmpty()) {
          // WAN sources are matched by address: a name's answers reach LAN hosts, not the WAN side
          out.add(Problem.of(at + ".allowedList", "problem.forward.list_domains", f.id(), l.name()));
        } else if (l.entries(false).isEmpty()) {
          out.add(Problem.of(at + ".allowedList", "problem.forward.list_no_ipv4", f.id(), l.name()));
        }
      }
      if (!f.enabled()) {
        continue;
      }
      for (int j = 0; j < i; j++) {
        PortForward g = c.forwards().get(j);
        if (g.enabled() && sharesProtocol(f.protocol(), g.protocol()) && overlaps(f.wanPorts(), g.wanPorts())) {
          out.add(Problem.of(at + ".wanPorts", "problem.forward.overlap", f.id(), g.id(),
              f.wanPorts().toString()));
          break;
        }
      }
    }
  }

  private static boolean contains(PortRange r, int port) {
    return r.from() <= port && port <= r.to();
  }

  private static boolean overlaps(PortRange a, PortRange b) {
    return a.from() <= b.to() && b.from() <= a.to();
  }

  private static boolean sharesProtocol(Protocol a, Protocol b) {
    return a == b || a == Protocol.TCP_UDP || b == Protocol.TCP_UDP;
  }

  /** At most this many decisions of the decisions inbox are kept in a configuration. */
  public static final int MAX_DECISIONS = 10_000;

  /** Decisions: unique ids and keys, a host that exists, an IPv6 destination only where IPv6 is forwarded. */
  private static void checkDecisions(Config c, List<Problem> out) {
    if (c.decisions().size() > MAX_DECISIONS) {
      out.add(Problem.of("decisions", "problem.decision.count", MAX_DECISIONS));
      return;
    }
    Map<Long, Integer> ids = new HashMap<>();
    Map<Long, Host> hostIds = new HashMap<>();
    c.hosts().forEach(h -> hostIds.putIfAbsent(h.id(), h));
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < c.decisions().size(); i++) {
      Decision d = c.decisions().get(i);
      String at = "decisions[" + i + "]";
      if (ids.putIfAbsent(d.id(), i) != null) {
        out.add(Problem.of(at + ".id", "problem.decision.id_twice", d.id()));
      }
      Host h = hostIds.get(d.hostId());
      if (h == null) {
        out.add(Problem.of(at + ".host", "problem.decision.no_such_host", d.id(), d.hostId()));
      } else if (d.ipv6() && (!c.ipv6Forwarding() || h.mac() == null)) {
        out.add(Problem.of(at + ".destination", "problem.decision.ipv6", d.id()));
      }
      if (!keys.add(d.hostId() + " " + d.destination() + " " + d.protocol() + " " + d.port())) {
        out.add(Problem.of(at, "problem.decision.twice", d.id()));
      }
    }
  }
}
