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
  private ConfigValidator() {}

  /** Every problem found, in a stable order; empty when the configuration can be compiled. */
  public static List<Problem> validate(Config c) {
    List<Problem> out = new ArrayList<>();
    checkInterfaces(c, out);
    checkHosts(c, out);
    checkRules(c, out);
    return out;
  }

  private static void checkInterfaces(Config c, List<Problem> out) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < c.interfaces().size(); i++) {
      NetInterface ni = c.interfaces().get(i);
      Integer before = seen.putIfAbsent(ni.name(), i);
      if (before != null) {
        out.add(new Problem("interfaces[" + i + "].name", "interface " + ni.name() + " is listed twice"));
      }
    }
    if (c.interfaces(Role.LAN).isEmpty()) {
      out.add(new Problem("interfaces", "at least one interface must have the LAN role"));
    }
    if (c.interfaces(Role.WAN).size() > 1) {
      out.add(new Problem("interfaces", "only one interface can have the WAN role"));
    }
    if (c.settings().masquerade() && c.interfaces(Role.WAN).isEmpty()) {
      out.add(new Problem("settings.masquerade", "masquerade needs an interface with the WAN role"));
    }
  }

  private static void checkHosts(Config c, List<Problem> out) {
    Map<Long, Integer> ids = new HashMap<>();
    Map<String, Integer> names = new HashMap<>();
    Map<Ipv4, Integer> ips = new HashMap<>();
    Map<Mac, Integer> macs = new HashMap<>();
    List<Cidr> lanSubnets = c.interfaces(Role.LAN).stream()
        .filter(i -> i.address() != null).map(i -> i.address().subnet()).toList();
    for (int i = 0; i < c.hosts().size(); i++) {
      Host h = c.hosts().get(i);
      String at = "hosts[" + i + "]";
      if (ids.putIfAbsent(h.id(), i) != null) {
        out.add(new Problem(at + ".id", "host id " + h.id() + " is used twice"));
      }
      Integer other = names.putIfAbsent(h.name().toLowerCase(java.util.Locale.ROOT), i);
      if (other != null) {
        out.add(new Problem(at + ".name", "another host is already called '" + h.name() + "'"));
      }
      other = ips.putIfAbsent(h.ip(), i);
      if (other != null) {
        out.add(new Problem(at + ".ip", h.ip() + " already belongs to " + c.hosts().get(other).name()));
      }
      if (h.mac() != null) {
        other = macs.putIfAbsent(h.mac(), i);
        if (other != null) {
          out.add(new Problem(at + ".mac", h.mac() + " already belongs to " + c.hosts().get(other).name()));
        }
      }
      if (h.ip().isSpecial()) {
        out.add(new Problem(at + ".ip", h.ip() + " cannot be a LAN host's address"));
      } else if (!lanSubnets.isEmpty() && lanSubnets.stream().noneMatch(s -> s.contains(h.ip()))) {
        out.add(new Problem(at + ".ip", h.ip() + " is not inside a LAN subnet (" + lanSubnets.stream()
            .map(Cidr::toString).reduce((a, b) -> a + ", " + b).orElse("") + ")"));
      }
      for (NetInterface ni : c.interfaces()) {
        if (ni.address() != null && ni.address().address().equals(h.ip())) {
          out.add(new Problem(at + ".ip", h.ip() + " is the gateway's own address on " + ni.name()));
        }
      }
    }
  }

  private static void checkRules(Config c, List<Problem> out) {
    Map<Long, Integer> ids = new HashMap<>();
    // A set of host ids, not Config.host() per rule: that scan made 50,000 rules over 50,000 hosts take 15 s.
    Set<Long> hostIds = new HashSet<>();
    c.hosts().forEach(h -> hostIds.add(h.id()));
    for (int i = 0; i < c.rules().size(); i++) {
      Rule r = c.rules().get(i);
      String at = "rules[" + i + "]";
      if (ids.putIfAbsent(r.id(), i) != null) {
        out.add(new Problem(at + ".id", "rule id " + r.id() + " is used twice"));
      }
      if (r.sourceHostId() != null && !hostIds.contains(r.sourceHostId())) {
        out.add(new Problem(at + ".source", "rule #" + r.id() + " names host id " + r.sourceHostId()
            + ", which does not exist"));
      }
    }
  }
}
