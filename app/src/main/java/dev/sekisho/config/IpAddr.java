package dev.sekisho.config;

/** An IP address of either family, as the configuration holds them: {@link Ipv4} or {@link Ipv6}. */
public sealed interface IpAddr permits Ipv4, Ipv6 {

  /** True for an IPv6 address. */
  boolean ipv6();

  /** Parses either family: text with a colon is IPv6, anything else IPv4. */
  static IpAddr parse(String text) {
    return text != null && text.indexOf(':') >= 0 ? Ipv6.parse(text) : Ipv4.parse(text);
  }
}
