package dev.sekisho.ruleset;

/**
 * The address family a plan is built for, and how its packets are keyed. Over IPv4 a host's rules match its
 * address (anti-spoofing binds it to the host's MAC); over IPv6 they match its MAC, so they also cover every
 * address the host picks itself. A rule whose destination is of one family is left out of the other's plan;
 * a rule without a destination is in both.
 */
enum Family {
  /** IPv4: the forward chain {@code fwd_lan}. */
  V4("ip saddr", "ipv4_addr", "ip daddr", "ipv4_addr", Match.ICMP, ""),
  /** IPv6: the forward chain {@code fwd6_lan}. */
  V6("ether saddr", "ether_addr", "ip6 daddr", "ipv6_addr", Match.ICMP6, "v6");

  /** The packet expression for a host source. */
  final String srcKey;
  /** Its set type. */
  final String srcType;
  /** The packet expression for the destination address. */
  final String dstKey;
  /** Its set type. */
  final String dstType;
  /** The protocol number a rule's {@code icmp} means in this family. */
  final int icmp;
  /** Generated-name prefix of this family's sets, maps and chains ({@code ""} for IPv4, as before). */
  final String names;

  Family(String srcKey, String srcType, String dstKey, String dstType, int icmp, String names) {
    this.srcKey = srcKey;
    this.srcType = srcType;
    this.dstKey = dstKey;
    this.dstType = dstType;
    this.icmp = icmp;
    this.names = names;
  }
}
