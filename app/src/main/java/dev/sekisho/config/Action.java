package dev.sekisho.config;

import java.util.Locale;

/** What happens to a new connection that a rule matches. */
public enum Action {
  /** Let it through. */
  ALLOW,
  /** Drop it silently; the client waits for a timeout. */
  DENY,
  /** Refuse it: a TCP reset, or an ICMP "administratively prohibited" for other protocols. */
  REJECT;

  /** The short lower-case name used in forms and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code allow}, {@code deny} or {@code reject}. */
  public static Action parse(String text) {
    for (Action a : values()) {
      if (a.label().equals(text)) {
        return a;
      }
    }
    throw new ParseException("problem.action.unknown");
  }
}
