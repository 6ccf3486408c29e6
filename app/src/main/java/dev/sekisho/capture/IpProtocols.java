package dev.sekisho.capture;

import java.util.Locale;

/** IP protocol numbers Sekisho names, and their display names. */
public final class IpProtocols {
  /** ICMP. */
  public static final int ICMP = 1;
  /** TCP. */
  public static final int TCP = 6;
  /** UDP. */
  public static final int UDP = 17;
  /** ICMPv6. */
  public static final int ICMPV6 = 58;

  private IpProtocols() {}

  /** "tcp", "udp", "icmp", "icmpv6", or the number for others. */
  public static String name(int protocol) {
    return switch (protocol) {
      case ICMP -> "icmp";
      case TCP -> "tcp";
      case UDP -> "udp";
      case ICMPV6 -> "icmpv6";
      default -> Integer.toString(protocol);
    };
  }

  /** The protocol number for a name or number, or -1 if the text is neither. */
  public static int parse(String text) {
    if (text == null) {
      return -1;
    }
    String s = text.strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "icmp" -> ICMP;
      case "tcp" -> TCP;
      case "udp" -> UDP;
      case "icmpv6", "ipv6-icmp" -> ICMPV6;
      default -> s.matches("\\d{1,3}") && Integer.parseInt(s) <= 255 ? Integer.parseInt(s) : -1;
    };
  }

  /** True for protocols whose flows are keyed by ports. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP;
  }
}
