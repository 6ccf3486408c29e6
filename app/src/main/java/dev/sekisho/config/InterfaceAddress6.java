package dev.sekisho.config;

/**
 * The IPv6 address of one of the gateway's own interfaces with its prefix (on a LAN, the prefix its hosts
 * take their addresses from, usually a /64).
 */
public record InterfaceAddress6(Ipv6 address, int prefix) {

  /** Checks the prefix range and that the address is one a LAN can be numbered from. */
  public InterfaceAddress6 {
    if (prefix < 1 || prefix > 128) {
      throw new ParseException("problem.ifaddr6.prefix_range", prefix);
    }
    if (address.isSpecial()) {
      throw new ParseException("problem.ifaddr6.special", address.toString());
    }
  }

  /** Parses {@code addr/n}; the prefix is required. */
  public static InterfaceAddress6 parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.ifaddr6.required");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      throw new ParseException("problem.ifaddr6.no_prefix", Texts.shown(s));
    }
    String p = s.substring(slash + 1);
    if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParseException("problem.cidr6.prefix_syntax", Texts.shown(s));
    }
    return new InterfaceAddress6(Ipv6.parse(s.substring(0, slash)), Integer.parseInt(p));
  }

  /** The prefix this address belongs to. */
  public Cidr6 subnet() {
    return new Cidr6(Cidr6.masked(address, prefix), prefix);
  }

  @Override
  public String toString() {
    return address + "/" + prefix;
  }
}
