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
 * @param dnsUpstream the resolver the gateway's DNS forwarder asks on behalf of the LAN (domain rules learn
 *     their addresses from its answers), or {@code null} for no forwarder
 * @param dnsTtlFloor the shortest time, in seconds, a learned address stays in a domain rule's set
 * @param dnsTtlCap the longest time, in seconds, a learned address stays in a domain rule's set, whatever
 *     the answer's TTL says
 * @param dnsRedirect whether all DNS from the LAN (UDP and TCP port 53, to any address) is answered by the
 *     gateway's forwarder, and DNS over TLS (TCP 853) from the LAN is refused
 */
public record Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan,
    boolean antiLockout, Ipv4 dnsUpstream, int dnsTtlFloor, int dnsTtlCap, boolean dnsRedirect) {

  /** Defaults for a new appliance: LAN traffic allowed, NAT on, panel on 8080, SSH from LAN, anti-lockout. */
  public static final Settings DEFAULTS = new Settings(Policy.ALLOW, true, 8080, true, true);
  /** Default floor of a learned address's timeout, in seconds. */
  public static final int DEFAULT_TTL_FLOOR = 30;
  /** Default cap of a learned address's timeout, in seconds. */
  public static final int DEFAULT_TTL_CAP = 3600;
  /** The largest floor or cap accepted (one day). */
  public static final int MAX_TTL = 86_400;

  /** Checks the port and the timeouts. */
  public Settings {
    if (lanDefault == null) {
      throw new ParseException("problem.settings.policy_missing");
    }
    if (adminPort < 1 || adminPort > 65535) {
      throw new ParseException("problem.settings.admin_port_range", adminPort);
    }
    if (dnsTtlFloor < 1 || dnsTtlFloor > MAX_TTL || dnsTtlCap < 1 || dnsTtlCap > MAX_TTL) {
      throw new ParseException("problem.settings.dns_ttl_range", MAX_TTL);
    }
    if (dnsTtlFloor > dnsTtlCap) {
      throw new ParseException("problem.settings.dns_ttl_order");
    }
  }

  /** Settings without a DNS forwarder (the default floor and cap). */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, null, DEFAULT_TTL_FLOOR, DEFAULT_TTL_CAP,
        false);
  }

  /** These settings with the DNS forwarder's choices. */
  public Settings withDns(Ipv4 upstream, int ttlFloor, int ttlCap, boolean redirect) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, upstream, ttlFloor, ttlCap,
        redirect);
  }

  /** The timeout, in seconds, of an address learned from an answer with this TTL: the TTL, floored and capped. */
  public long learnedTimeout(long ttl) {
    return Math.max(dnsTtlFloor, Math.min(dnsTtlCap, ttl));
  }

  /** These settings with another LAN default policy. */
  public Settings withLanDefault(Policy p) {
    return new Settings(p, masquerade, adminPort, sshFromLan, antiLockout, dnsUpstream, dnsTtlFloor,
        dnsTtlCap, dnsRedirect);
  }

  /** These settings with masquerade on or off. */
  public Settings withMasquerade(boolean on) {
    return new Settings(lanDefault, on, adminPort, sshFromLan, antiLockout, dnsUpstream, dnsTtlFloor,
        dnsTtlCap, dnsRedirect);
  }

  /** These settings with another admin panel port. */
  public Settings withAdminPort(int port) {
    return new Settings(lanDefault, masquerade, port, sshFromLan, antiLockout, dnsUpstream, dnsTtlFloor,
        dnsTtlCap, dnsRedirect);
  }

  /** These settings with SSH from the LAN on or off. */
  public Settings withSshFromLan(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, on, antiLockout, dnsUpstream, dnsTtlFloor,
        dnsTtlCap, dnsRedirect);
  }

  /** These settings with the anti-lockout rule on or off. */
  public Settings withAntiLockout(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, on, dnsUpstream, dnsTtlFloor,
        dnsTtlCap, dnsRedirect);
  }
}
