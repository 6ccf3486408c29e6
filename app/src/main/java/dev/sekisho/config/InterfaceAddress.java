package dev.sekisho.config;

/** The address of one of the gateway's own interfaces together with the subnet it sits in. */
public record InterfaceAddress(Ipv4 address, int prefix) {

  /** Checks the prefix range. */
  public InterfaceAddress {
    if (prefix < 1 || prefix > 32) {
      throw new ParseException("problem.ifaddr.prefix_range", prefix);
    }
  }

  /** Parses {@code a.b.c.d/n}; the prefix is required. */
  public static InterfaceAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.ifaddr.required");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new ParseException("problem.ifaddr.no_prefix", Texts.shown(s));
    }
    String p = s.substring(slash + 1);
    if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParseException("problem.ifaddr.prefix_syntax", Texts.shown(s));
    }
    return new InterfaceAddress(Ipv4.parse(s.substring(0, slash)), Integer.parseInt(p));
  }

  /** The subnet this address belongs to. */
  public Cidr subnet() {
    return new Cidr(new Ipv4(address.bits() & Cidr.mask(prefix)), prefix);
  }

  @Override
  public String toString() {
    return address + "/" + prefix;
  }
}
