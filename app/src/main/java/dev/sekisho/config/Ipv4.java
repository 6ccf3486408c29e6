package dev.sekisho.config;

/**
 * An IPv4 address, parsed strictly from dotted-quad text (four decimal octets, no leading zeros, no
 * shorthand) and always rendered the same way, so that no user text ever reaches the ruleset.
 */
public record Ipv4(int bits) implements IpAddr, Comparable<Ipv4> {

  /** Parses {@code a.b.c.d}; throws {@link ParseException} with a message fit for the admin. */
  public static Ipv4 parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.ipv4.required");
    }
    String s = text.strip();
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new ParseException("problem.ipv4.syntax", Texts.shown(s));
    }
    int bits = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new ParseException("problem.ipv4.syntax", Texts.shown(s));
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        throw new ParseException("problem.ipv4.leading_zero", Texts.shown(s));
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new ParseException("problem.ipv4.part_range", Texts.shown(s), v);
      }
      bits = (bits << 8) | v;
    }
    return new Ipv4(bits);
  }

  /** True when the address lies in {@code 0.0.0.0/8}, {@code 127.0.0.0/8}, multicast or reserved space. */
  public boolean isSpecial() {
    int first = bits >>> 24;
    return first == 0 || first == 127 || first >= 224;
  }

  @Override
  public boolean ipv6() {
    return false;
  }

  @Override
  public int compareTo(Ipv4 o) {
    return Integer.compareUnsigned(bits, o.bits);
  }

  @Override
  public String toString() {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
  }
}
