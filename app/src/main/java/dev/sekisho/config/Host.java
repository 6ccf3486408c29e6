package dev.sekisho.config;

import java.util.List;
import java.util.Objects;

/**
 * A machine on the LAN that rules can name.
 *
 * @param id stable identifier; rules refer to hosts by it
 * @param name display name (validated by {@link Names#hostName})
 * @param mac its Ethernet address, or {@code null} when unknown (then its IP is not bound to a MAC)
 * @param ip its IPv4 address; rules match on it
 * @param ipv6 its fixed IPv6 addresses, if any (sorted, no duplicates): the gateway drops them from any other
 *     MAC and names the host by them in the flow view. Over IPv6 a host's rules match its MAC, so they also
 *     cover addresses it picks itself (SLAAC, privacy addresses) without listing them here.
 * @param ask whether the host is in ask mode: its new connections that no rule allows are blocked and become
 *     pending decisions in the decisions inbox
 */
public record Host(long id, String name, Mac mac, Ipv4 ip, List<Ipv6> ipv6, boolean ask) {
  /** At most this many IPv6 addresses per host. */
  public static final int MAX_IPV6 = 8;

  /** Checks the fields. */
  public Host {
    if (id <= 0) {
      throw new ParseException("problem.host.id_positive");
    }
    name = Names.hostName(name);
    Objects.requireNonNull(ip, "ip");
    ipv6 = ipv6 == null ? List.of() : ipv6.stream().sorted().distinct().toList();
    if (ipv6.size() > MAX_IPV6) {
      throw new ParseException("problem.host.ipv6_count", MAX_IPV6);
    }
  }

  /** A host without IPv6 addresses. */
  public Host(long id, String name, Mac mac, Ipv4 ip) {
    this(id, name, mac, ip, List.of());
  }

  /** A host not in ask mode. */
  public Host(long id, String name, Mac mac, Ipv4 ip, List<Ipv6> ipv6) {
    this(id, name, mac, ip, ipv6, false);
  }

  /** This host with other IPv6 addresses. */
  public Host withIpv6(List<Ipv6> addresses) {
    return new Host(id, name, mac, ip, addresses, ask);
  }

  /** This host in ask mode or not. */
  public Host withAsk(boolean on) {
    return new Host(id, name, mac, ip, ipv6, on);
  }

  /**
   * Parses a list of IPv6 addresses as typed: separated by commas, spaces or new lines; blank is none. The
   * result is sorted, without duplicates.
   *
   * @throws ParseException at the first bad one
   */
  public static List<Ipv6> parseIpv6List(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    if (text.length() > MAX_IPV6 * (Ipv6.MAX_TEXT + 2)) {
      throw new ParseException("problem.host.ipv6_count", MAX_IPV6);
    }
    List<Ipv6> out = new java.util.ArrayList<>();
    for (String part : text.strip().split("[\\s,]+")) {
      if (!part.isEmpty()) {
        out.add(Ipv6.parse(part));
      }
    }
    List<Ipv6> sorted = out.stream().sorted().distinct().toList();
    if (sorted.size() > MAX_IPV6) {
      throw new ParseException("problem.host.ipv6_count", MAX_IPV6);
    }
    return sorted;
  }
}
