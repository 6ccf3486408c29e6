package dev.sekisho.ruleset;

import dev.sekisho.config.Network;
import dev.sekisho.config.PortRange;

/**
 * One box in match space that a rule covers in one address family: source host, destination network,
 * transport protocol and, for TCP/UDP rules with ports, a destination port range. A rule becomes one match,
 * or two for tcp+udp.
 *
 * @param family the address family
 * @param src the source host's key in that family (its IPv4 address, or over IPv6 its MAC) as printed, or
 *     {@code null} for every LAN host
 * @param dst the destination network of the family; prefix 0 for anywhere
 * @param l4proto the IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6), or -1 for any protocol
 * @param ports destination ports, or null when the rule names none
 * @param srcSet a named set holding the source keys of a host group ({@code @grp_3}), or null
 * @param dstSet a named set holding the destinations of an address list ({@code @list_5}), or null; then
 *     {@code dst} is the whole family
 */
record Match(long ruleId, Family family, String src, Network dst, int l4proto, PortRange ports, String srcSet,
    String dstSet) {
  static final int ANY_PROTO = -1;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMP = 1;
  static final int ICMP6 = 58;

  /** True when the match names an object's set, so it is printed as a rule of its own. */
  boolean usesSet() {
    return srcSet != null || dstSet != null;
  }

  /** True when some packet could match both (same kind assumed: both with ports, or both without). */
  boolean overlaps(Match o) {
    if (src != null && o.src != null && !src.equals(o.src)) {
      return false;
    }
    if (!dst.overlaps(o.dst)) {
      return false;
    }
    if (l4proto != ANY_PROTO && o.l4proto != ANY_PROTO && l4proto != o.l4proto) {
      return false;
    }
    if (ports == null || o.ports == null) {
      return true;
    }
    return ports.from() <= o.ports.to() && o.ports.from() <= ports.to();
  }

  static String protoName(int p) {
    return switch (p) {
      case TCP -> "tcp";
      case UDP -> "udp";
      case ICMP -> "icmp";
      case ICMP6 -> "ipv6-icmp";
      default -> throw new IllegalArgumentException("protocol " + p);
    };
  }

  /** The same match written as plain nft expressions, for a rule of its own. */
  String expression() {
    StringBuilder b = new StringBuilder();
    if (src != null) {
      b.append(family.srcKey).append(' ').append(src).append(' ');
    }
    if (srcSet != null) {
      b.append(family.srcKey).append(' ').append(srcSet).append(' ');
    }
    if (dst.prefix() > 0) {
      b.append(family.dstKey).append(' ').append(dst).append(' ');
    }
    if (dstSet != null) {
      b.append(family.dstKey).append(' ').append(dstSet).append(' ');
    }
    if (l4proto != ANY_PROTO) {
      if (ports != null) {
        b.append(protoName(l4proto)).append(" dport ").append(ports).append(' ');
      } else {
        b.append("meta l4proto ").append(protoName(l4proto)).append(' ');
      }
    }
    return b.toString();
  }
}
