package dev.sekisho.config;

/**
 * Gateway-wide choices.
 *
 * @param lanDefault what happens to outbound LAN traffic no rule matched
 * @param masquerade whether LAN traffic leaving through the WAN interface gets the WAN address (NAT)
 * @param adminPort the TCP port of this admin panel
 * @param sshFromLan whether SSH (TCP 22) to the gateway is allowed from the LAN
 * @param antiLockout whether the admin panel stays reachable from the LAN whatever the rules say (the first
 *     rule of the input chain); turning it off lets rules block the panel, and the admin with it
 * @param unknownDevices what happens to a LAN device the inventory knows neither by MAC nor by address
 * @param askMaxPerHost at most this many pending decisions are kept per host (the oldest is dropped)
 * @param askMaxTotal at most this many pending decisions are kept in all (the oldest is dropped)
 */
public record Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan,
    boolean antiLockout, UnknownDevices unknownDevices, int askMaxPerHost, int askMaxTotal) {

  /** Default of {@link #askMaxPerHost}. */
  public static final int ASK_MAX_PER_HOST = 50;
  /** Default of {@link #askMaxTotal}. */
  public static final int ASK_MAX_TOTAL = 500;
  /** The largest bound the admin may set for pending decisions. */
  public static final int ASK_MAX_LIMIT = 10_000;

  /**
   * Defaults for a new appliance: LAN traffic allowed, NAT on, panel on 8080, SSH from LAN, anti-lockout,
   * unknown devices treated like the others.
   */
  public static final Settings DEFAULTS = new Settings(Policy.ALLOW, true, 8080, true, true);

  /** Checks the port and the bounds of pending decisions. */
  public Settings {
    if (askMaxPerHost < 1 || askMaxPerHost > ASK_MAX_LIMIT) {
      throw new ParseException("problem.settings.ask_max_range", 1, ASK_MAX_LIMIT);
    }
    if (askMaxTotal < 1 || askMaxTotal > ASK_MAX_LIMIT) {
      throw new ParseException("problem.settings.ask_max_range", 1, ASK_MAX_LIMIT);
    }
    if (lanDefault == null) {
      throw new ParseException("problem.settings.policy_missing");
    }
    if (unknownDevices == null) {
      throw new ParseException("problem.unknown_devices.unknown");
    }
    if (adminPort < 1 || adminPort > 65535) {
      throw new ParseException("problem.settings.admin_port_range", adminPort);
    }
  }

  /** Settings whose unknown devices are treated like the others. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, UnknownDevices.ALLOW);
  }

  /** Settings with the default bounds for pending decisions (decisions inbox). */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      UnknownDevices unknownDevices) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, ASK_MAX_PER_HOST,
        ASK_MAX_TOTAL);
  }

  /** These settings with another LAN default policy. */
  public Settings withLanDefault(Policy p) {
    return new Settings(p, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with masquerade on or off. */
  public Settings withMasquerade(boolean on) {
    return new Settings(lanDefault, on, adminPort, sshFromLan, antiLockout, unknownDevices,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with another admin panel port. */
  public Settings withAdminPort(int port) {
    return new Settings(lanDefault, masquerade, port, sshFromLan, antiLockout, unknownDevices,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with SSH from the LAN on or off. */
  public Settings withSshFromLan(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, on, antiLockout, unknownDevices,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with the anti-lockout rule on or off. */
  public Settings withAntiLockout(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, on, unknownDevices,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with another policy for unknown devices. */
  public Settings withUnknownDevices(UnknownDevices u) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, u,
        askMaxPerHost, askMaxTotal);
  }

  /** These settings with other bounds for pending decisions. */
  public Settings withAskBounds(int perHost, int total) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices,
        perHost, total);
  }
}
