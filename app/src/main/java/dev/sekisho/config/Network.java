package dev.sekisho.config;

/** A destination network of either family: {@link Cidr} (IPv4) or {@link Cidr6}. */
public sealed interface Network permits Cidr, Cidr6 {

  /** The prefix length; 0 is the whole address space of the family. */
  int prefix();

  /** True for an IPv6 network. */
  boolean ipv6();

  /** True when it is one address (/32 or /128). */
  boolean isSingle();

  /** True when the address is of this family and inside the network. */
  boolean contains(IpAddr a);

  /** True when both are of one family and share at least one address. */
  boolean overlaps(Network o);

  /** Parses either family: text with a colon is IPv6, anything else IPv4. */
  static Network parse(String text) {
    return text != null && text.indexOf(':') >= 0 ? Cidr6.parse(text) : Cidr.parse(text);
  }
}
