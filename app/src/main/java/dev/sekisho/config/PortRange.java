package dev.sekisho.config;

/** A destination port or inclusive port range, 1-65535. */
public record PortRange(int from, int to) {

  /** Checks the bounds. */
  public PortRange {
    if (from < 1 || from > 65535) {
      throw new ParseException("problem.port.range", from);
    }
    if (to < 1 || to > 65535) {
      throw new ParseException("problem.port.range", to);
    }
    if (from > to) {
      throw new ParseException("problem.port.backwards", from + "-" + to);
    }
  }

  /** A single port. */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** Parses {@code 443} or {@code 8000-8080}. */
  public static PortRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.port.required");
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
      throw new ParseException("problem.port.syntax", Texts.shown(whole));
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
