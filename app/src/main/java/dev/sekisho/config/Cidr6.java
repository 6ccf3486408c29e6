package dev.sekisho.config;

/**
 * An IPv6 network in CIDR form. A bare address means a /128. Host bits must be zero, as for {@link Cidr}:
 * {@code 2001:db8::1/32} is refused with the network the admin probably meant.
 */
public record Cidr6(Ipv6 network, int prefix) implements Network {

  /** The whole IPv6 space. */
  public static final Cidr6 ANY = new Cidr6(new Ipv6(0, 0), 0);

  /** Checks the invariants so that no unnormalised network can exist. */
  public Cidr6 {
    if (prefix < 0 || prefix > 128) {
      throw new ParseException("problem.cidr6.prefix_range", prefix);
    }
    Ipv6 masked = masked(network, prefix);
    if (!masked.equals(network)) {
      throw new ParseException("problem.cidr.host_bits", network + "/" + prefix, masked + "/" + prefix);
    }
  }

  /** Parses {@code addr/n} or {@code addr}. */
  public static Cidr6 parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.cidr.required");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      return new Cidr6(Ipv6.parse(s), 128);
    }
    Ipv6 addr = Ipv6.parse(s.substring(0, slash));
    String p = s.substring(slash + 1);
    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParseException("problem.cidr6.prefix_syntax", Texts.shown(s));
    }
    return new Cidr6(addr, Integer.parseInt(p));
  }

  /** The address with everything after the first {@code prefix} bits cleared. */
  static Ipv6 masked(Ipv6 a, int prefix) {
    long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    return new Ipv6(a.hi() & hiMask, a.lo() & loMask);
  }

  /** True when the address lies inside this network. */
  public boolean contains(Ipv6 a) {
    return masked(a, prefix).equals(network);
  }

  @Override
  public boolean contains(IpAddr a) {
    return a instanceof Ipv6 v6 && contains(v6);
  }

  @Override
  public boolean overlaps(Network o) {
    if (!(o instanceof Cidr6 c)) {
      return false;
    }
    int p = Math.min(prefix, c.prefix);
    return masked(network, p).equals(masked(c.network, p));
  }

  @Override
  public boolean ipv6() {
    return true;
  }

  @Override
  public boolean isSingle() {
    return prefix == 128;
  }

  @Override
  public String toString() {
    return prefix == 128 ? network.toString() : network + "/" + prefix;
  }
}
