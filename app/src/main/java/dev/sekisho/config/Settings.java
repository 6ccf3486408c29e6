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
 */
public record Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan,
    boolean antiLockout) {

  /** Defaults for a new appliance: LAN traffic allowed, NAT on, panel on 8080, SSH from LAN, anti-lockout. */
  public static final Settings DEFAULTS = new Settings(Policy.ALLOW, true, 8080, true, true);

  /** Checks the port. */
  public Settings {
    if (lanDefault == null) {
      throw new ParseException("problem.settings.policy_missing");
    }
    if (adminPort < 1 || adminPort > 65535) {
      throw new ParseException("problem.settings.admin_port_range", adminPort);
    }
  }

  /** These settings with another LAN default policy. */
  public Settings withLanDefault(Policy p) {
    return new Settings(p, masquerade, adminPort, sshFromLan, antiLockout);
  }

  /** These settings with masquerade on or off. */
  public Settings withMasquerade(boolean on) {
    return new Settings(lanDefault, on, adminPort, sshFromLan, antiLockout);
  }

  /** These settings with another admin panel port. */
  public Settings withAdminPort(int port) {
    return new Settings(lanDefault, masquerade, port, sshFromLan, antiLockout);
  }

  /** These settings with SSH from the LAN on or off. */
  public Settings withSshFromLan(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, on, antiLockout);
  }

  /** These settings with the anti-lockout rule on or off. */
  public Settings withAntiLockout(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, on);
  }
}
