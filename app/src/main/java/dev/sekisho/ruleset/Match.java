package dev.sekisho.ruleset;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.PortRange;

/**
 * One box in match space that a rule covers: source network, destination network, transport protocol and,
 * for TCP/UDP rules with ports, a destination port range. A rule becomes one match, or two for tcp+udp.
 *
 * @param l4proto the IP protocol number (6 tcp, 17 udp, 1 icmp), or -1 for any protocol
 * @param ports destination ports, or null when the rule names none
 */
record Match(long ruleId, Cidr src, Cidr dst, int l4proto, PortRange ports) {
  static final int ANY_PROTO = -1;
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMP = 1;

  /** True when some packet could match both (same kind assumed: both with ports, or both without). */
  boolean overlaps(Match o) {
    if (!src.overlaps(o.src) || !dst.overlaps(o.dst)) {
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
      default -> throw new IllegalArgumentException("protocol " + p);
    };
  }

  /** The same match written as plain nft expressions, for a rule of its own. */
  String expression() {
    StringBuilder b = new StringBuilder();
    if (src.prefix() > 0) {
      b.append("ip saddr ").append(src).append(' ');
    }
    if (dst.prefix() > 0) {
      b.append("ip daddr ").append(dst).append(' ');
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
