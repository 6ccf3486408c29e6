package dev.sekisho.web;

import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Links from what the capture saw to the forms that act on it: "Allow this" / "Block this" open the rule
 * form prefilled with exactly that traffic (the admin widens it before saving), "Add host" opens the host
 * form with the MAC and address. Every link is a relative URL with encoded query values, so whatever came
 * from the network can only ever end up as a form field's text.
 */
final class RuleLinks {
  /** The rule form's source value for an address that is not in the inventory: the admin must choose. */
  static final String UNKNOWN_SOURCE = "unknown";

  private RuleLinks() {}

  /**
   * The rule form for outbound traffic from a LAN host to {@code remote}, or null when rules cannot express it
   * (a source and destination of different families, which no flow has).
   *
   * @param action "allow" or "deny"
   * @param host the LAN host from the inventory, or null when it is not there (the form then asks for a source)
   * @param lanAddress the LAN host's address as seen
   * @param lanMac its MAC as text, or empty
   * @param remote the destination
   * @param protocol IP protocol number
   * @param port destination port, 0 for none
   * @param before id of the rule the new one should go above, or null for the end of the list
   * @param log whether to tick "log"
   * @param comment the suggested comment
   */
  static String rule(String action, Host host, IpAddress lanAddress, String lanMac, IpAddress remote, int protocol,
      int port, Long before, boolean log, String comment) {
    if (remote == null || lanAddress == null || remote.isV4() != lanAddress.isV4()) {
      return null;
    }
    Map<String, String> p = new LinkedHashMap<>();
    if (host != null) {
      p.put("source", Long.toString(host.id()));
    } else {
      p.put("source", UNKNOWN_SOURCE);
      p.put("sourceIp", lanAddress.toString());
      p.put("sourceMac", lanMac);
    }
    // the destination in the configuration's own canonical form (over IPv6 a bare address is a /128)
    p.put("destination", remote.isV4() ? remote + "/32" : Ipv6.parse(remote.toString()).toString());
    String proto = switch (protocol) {
      case IpProtocols.TCP -> "tcp";
      case IpProtocols.UDP -> "udp";
      case IpProtocols.ICMP, IpProtocols.ICMPV6 -> "icmp";
      default -> "any";
    };
    p.put("protocol", proto);
    if (IpProtocols.hasPorts(protocol) && port > 0) {
      p.put("ports", Integer.toString(port));
    }
    p.put("action", action);
    if (log) {
      p.put("log", "on");
    }
    p.put("comment", comment);
    if (before != null) {
      p.put("before", Long.toString(before));
    }
    return "/rules/new?" + query(p);
  }

  /** The host form with the MAC and the IPv4 or IPv6 address filled in and the name left for the admin. */
  static String addHost(String mac, IpAddress address) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("mac", mac);
    p.put("ip", address == null || !address.isV4() ? "" : address.toString());
    p.put("ipv6", address == null || address.isV4() ? "" : address.toString());
    return "/hosts/new?" + query(p);
  }

  /**
   * The explain page for a connection the capture saw, prefilled so that it runs at once, or null when it
   * cannot be explained (a protocol other than tcp, udp, icmp and icmpv6). The source is the address as seen
   * and its MAC, so anti-spoofing is judged on what was on the wire; towards one of the gateway's own
   * addresses the direction is "to the gateway".
   */
  static String explain(Config c, IpAddress src, String mac, IpAddress dst, int protocol, int port) {
    if (src == null || dst == null || src.isV4() != dst.isV4()) {
      return null;
    }
    String proto = switch (protocol) {
      case IpProtocols.TCP -> "tcp";
      case IpProtocols.UDP -> "udp";
      case IpProtocols.ICMP, IpProtocols.ICMPV6 -> "icmp";
      default -> null;
    };
    if (proto == null) {
      return null;
    }
    String to = dst.isV4() ? dst.toString() : Ipv6.parse(dst.toString()).toString();
    boolean gateway = c.interfaces().stream()
        .anyMatch(i -> i.address() != null && i.address().address().toString().equals(to)
            || i.address6() != null && i.address6().address().toString().equals(to));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("source", src.isV4() ? src.toString() : Ipv6.parse(src.toString()).toString());
    p.put("mac", mac);
    p.put("destination", to);
    p.put("protocol", proto);
    p.put("port", IpProtocols.hasPorts(protocol) && port > 0 ? Integer.toString(port) : "");
    p.put("direction", gateway ? "gateway" : "forward");
    return "/explain?" + query(p, true);
  }

  /**
   * The explain page prefilled from a rule of the draft: its host, its destination when that is one address, its
   * protocol (tcp for tcp+udp and any) and first port, through the gateway, against the draft the rule list
   * shows. What the rule leaves open (all hosts, any destination, all ports) is left for the admin to fill in,
   * so the page then shows the form instead of an answer.
   */
  static String explain(Rule r) {
    Map<String, String> p = new LinkedHashMap<>();
    if (r.sourceHostId() != null) {
      p.put("source", "#" + r.sourceHostId());
    }
    if (r.destination() != null && r.destination().isSingle()) {
      p.put("destination", r.destination().toString());
    }
    String proto = switch (r.protocol()) {
      case UDP -> "udp";
      case ICMP -> "icmp";
      default -> "tcp";
    };
    p.put("protocol", proto);
    if (r.protocol() == Protocol.ICMP) {
      p.put("port", "");
    } else if (r.ports() != null) {
      p.put("port", Integer.toString(r.ports().from()));
    }
    p.put("direction", "forward");
    p.put("config", ExplainQuery.DRAFT);
    return "/explain?" + query(p, true);
  }

  private static String query(Map<String, String> p) {
    return query(p, false);
  }

  /** The encoded query; {@code keepEmpty} keeps empty values (a present but empty field means "blank"). */
  private static String query(Map<String, String> p, boolean keepEmpty) {
    return p.entrySet().stream().filter(e -> e.getValue() != null && (keepEmpty || !e.getValue().isEmpty()))
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
