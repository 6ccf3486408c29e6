package dev.sekisho.config;

/**
 * An IPv4 network in CIDR form. A bare address means a /32. Host bits must be zero: {@code 10.1.2.3/8}
 * is refused with the network the admin probably meant, rather than silently widened.
 */
public record Cidr(Ipv4 network, int prefix) implements Network, Comparable<Cidr> {

  /** The whole IPv4 space. */
  public static final Cidr ANY = new Cidr(new Ipv4(0), 0);

  /** Checks the invariants so that no unnormalised network can exist. */
  public Cidr {
    if (prefix < 0 || prefix > 32) {
      throw new ParseException("problem.cidr.prefix_range", prefix);
    }
    if ((network.bits() & ~mask(prefix)) != 0) {
      throw new ParseException("problem.cidr.host_bits", network + "/" + prefix,
          new Ipv4(network.bits() & mask(prefix)) + "/" + prefix);
    }
  }

  /** Parses {@code a.b.c.d/n} or {@code a.b.c.d}. */
  public static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.cidr.required");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      return new Cidr(Ipv4.parse(s), 32);
    }
    Ipv4 addr = Ipv4.parse(s.substring(0, slash));
    String p = s.substring(slash + 1);
    if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParseException("problem.cidr.prefix_syntax", Texts.shown(s));
    }
    return new Cidr(addr, Integer.parseInt(p));
  }

  /** The netmask for a prefix length, as bits. */
  static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** First address of the network, as unsigned bits in a long. */
  public long first() {
    return Integer.toUnsignedLong(network.bits());
  }

  /** Last address of the network, as unsigned bits in a long. */
  public long last() {
    return first() | (~Integer.toUnsignedLong(mask(prefix)) & 0xffffffffL);
  }

  /** True when the address lies inside this network. */
  public boolean contains(Ipv4 a) {
    long v = Integer.toUnsignedLong(a.bits());
    return v >= first() && v <= last();
  }

  /** True when this network and the other share at least one address. */
  public boolean overlaps(Cidr o) {
    return first() <= o.last() && o.first() <= last();
  }

  @Override
  public boolean contains(IpAddr a) {
    return a instanceof Ipv4 v4 && contains(v4);
  }

  @Override
  public boolean overlaps(Network o) {
    return o instanceof Cidr c && overlaps(c);
  }

  @Override
  public boolean ipv6() {
    return false;
  }

  @Override
  public boolean isSingle() {
    return prefix == 32;
  }

  @Override
  public int compareTo(Cidr o) {
    int c = network.compareTo(o.network);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  @Override
  public String toString() {
    return prefix == 32 ? network.toString() : network + "/" + prefix;
  }
}
