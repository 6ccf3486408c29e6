package dev.sekisho.config;

import java.util.Locale;

/** The side of the gateway an interface is on. */
public enum Role {
  /** The protected local network. */
  LAN,
  /** The uplink towards the internet. */
  WAN;

  /** The short lower-case name used in forms and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code lan} or {@code wan}. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.label().equals(text)) {
        return r;
      }
    }
    throw new ParseException("problem.role.unknown");
  }
}
