package dev.sekisho.config;

import java.util.Locale;

/**
 * What happens to a LAN device that is in the inventory neither by its MAC nor by its IPv4 address (over IPv6:
 * whose MAC is not a host's). Without its own policy an unknown device falls to the LAN default, so a
 * restricted host could escape its rules by taking an unused MAC and address.
 */
public enum UnknownDevices {
  /** Unknown devices are treated like any LAN device: the rules for all hosts and the LAN default apply. */
  ALLOW,
  /**
   * Unknown devices reach nothing through the gateway and none of its services (DHCP and the anti-lockout
   * rule excepted): a MAC allow-list.
   */
  DENY,
  /**
   * Unknown devices are blocked as with {@link #DENY}, and their new connections through the gateway (TCP and
   * UDP) are logged so that each new device waits in the decisions inbox as "unknown device MAC/address",
   * from where it can be added to the inventory (or dismissed).
   */
  ASK;

  /** True when unknown devices are kept out (deny, or ask). */
  public boolean blocks() {
    return this != ALLOW;
  }

  /** The short lower-case name used in forms and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code allow}, {@code deny} or {@code ask}. */
  public static UnknownDevices parse(String text) {
    for (UnknownDevices p : values()) {
      if (p.label().equals(text)) {
        return p;
      }
    }
    throw new ParseException("problem.unknown_devices.unknown");
  }
}
