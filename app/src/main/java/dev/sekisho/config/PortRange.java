package dev.sekisho.config;

/** A destination port or inclusive port range, 1-65535. */
public record PortRange(int from, int to) {

  /** Checks the bounds. */
  public PortRange {
    if (from < 1 || from > 65535) {
      throw new ParseException("port " + from + " is out of range 1-65535");
    }
    if (to < 1 || to > 65535) {
      throw new ParseException("port " + to + " is out of range 1-65535");
    }
    if (from > to) {
      throw new ParseException("port range " + from + "-" + to + " is backwards; write the lower port first");
    }
  }

  /** A single port. */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** Parses {@code 443} or {@code 8000-8080}. */
  public static PortRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("a port or port range is required");
    }
    String s = text.strip();
    int dash = s.indexOf('-');
    if (dash < 0) {
      return of(number(s, s));
    }
    return new PortRange(number(s.substring(0, dash).strip(), s), number(s.substring(dash + 1).strip(), s));
  }

  private static int number(String p, String whole) {
    if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ParseException("'" + Texts.shown(whole) + "' is not a port or port range (e.g. 443 or 8000-8080)");
    }
    return Integer.parseInt(p);
  }

  /** True for a single port. */
  public boolean isSingle() {
    return from == to;
  }

  @Override
  public String toString() {
    return isSingle() ? Integer.toString(from) : from + "-" + to;
  }
}
