package dev.sekisho.config;

import java.util.Locale;

/** What happens to LAN traffic that no rule matched. */
public enum Policy {
  /** Unmatched outbound traffic is allowed (rules list exceptions to block). */
  ALLOW,
  /** Unmatched outbound traffic is dropped (rules list what is allowed). */
  DENY;

  /** The short lower-case name used in forms and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code allow} or {@code deny}. */
  public static Policy parse(String text) {
    for (Policy p : values()) {
      if (p.label().equals(text)) {
        return p;
      }
    }
    throw new ParseException("problem.policy.unknown");
  }
}
