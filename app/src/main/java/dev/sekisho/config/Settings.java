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
 * @param timeZone the gateway's time zone, in which schedules' windows are read, or {@code null} for the
 *     system's zone
 * @param askMaxPerHost at most this many pending decisions are kept per host (the oldest is dropped)
 * @param askMaxTotal at most this many pending decisions are kept in all (the oldest is dropped)
 * @param dnsUpstream the resolver the gateway's DNS forwarder asks on behalf of the LAN (domain rules learn
 *     their addresses from its answers), or {@code null} for no forwarder
 * @param dnsTtlFloor the shortest time, in seconds, a learned address stays in a domain rule's set
 * @param dnsTtlCap the longest time, in seconds, a learned address stays in a domain rule's set, whatever
 *     the answer's TTL says
 * @param dnsRedirect whether all DNS from the LAN (UDP and TCP port 53, to any address) is answered by the
 *     gateway's forwarder, and DNS over TLS (TCP 853) from the LAN is refused
 */
public record Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan,
    boolean antiLockout, UnknownDevices unknownDevices, java.time.ZoneId timeZone, int askMaxPerHost,
    int askMaxTotal, Ipv4 dnsUpstream, int dnsTtlFloor, int dnsTtlCap, boolean dnsRedirect) {

  /** Default of {@link #askMaxPerHost}. */
  public static final int ASK_MAX_PER_HOST = 50;
  /** Default of {@link #askMaxTotal}. */
  public static final int ASK_MAX_TOTAL = 500;
  /** The largest bound the admin may set for pending decisions. */
  public static final int ASK_MAX_LIMIT = 10_000;
  /** Default floor of a learned address's timeout, in seconds. */
  public static final int DEFAULT_TTL_FLOOR = 30;
  /** Default cap of a learned address's timeout, in seconds. */
  public static final int DEFAULT_TTL_CAP = 3600;
  /** The largest floor or cap accepted (one day). */
  public static final int MAX_TTL = 86_400;

  /**
   * Defaults for a new appliance: LAN traffic allowed, NAT on, panel on 8080, SSH from LAN, anti-lockout,
   * unknown devices treated like the others, the system's time zone, the default bounds of pending decisions,
   * no DNS forwarder.
   */
  public static final Settings DEFAULTS = new Settings(Policy.ALLOW, true, 8080, true, true);

  /** Checks the port, the bounds of pending decisions and the DNS timeouts. */
  public Settings {
    if (lanDefault == null) {
      throw new ParseException("problem.settings.policy_missing");
    }
    if (unknownDevices == null) {
      throw new ParseException("problem.unknown_devices.unknown");
    }
    if (adminPort < 1 || adminPort > 65535) {
      throw new ParseException("problem.settings.admin_port_range", adminPort);
    }
    if (askMaxPerHost < 1 || askMaxPerHost > ASK_MAX_LIMIT) {
      throw new ParseException("problem.settings.ask_max_range", 1, ASK_MAX_LIMIT);
    }
    if (askMaxTotal < 1 || askMaxTotal > ASK_MAX_LIMIT) {
      throw new ParseException("problem.settings.ask_max_range", 1, ASK_MAX_LIMIT);
    }
    if (dnsTtlFloor < 1 || dnsTtlFloor > MAX_TTL || dnsTtlCap < 1 || dnsTtlCap > MAX_TTL) {
      throw new ParseException("problem.settings.dns_ttl_range", MAX_TTL);
    }
    if (dnsTtlFloor > dnsTtlCap) {
      throw new ParseException("problem.settings.dns_ttl_order");
    }
  }

  /** Settings whose unknown devices are treated like the others, in the system's time zone. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, UnknownDevices.ALLOW, null);
  }

  /** Settings in the system's time zone, with the default bounds for pending decisions. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      UnknownDevices unknownDevices) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, null);
  }

  /** Settings whose unknown devices are treated like the others. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      java.time.ZoneId timeZone) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, UnknownDevices.ALLOW, timeZone);
  }

  /** Settings with the default bounds for pending decisions and no DNS forwarder. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      UnknownDevices unknownDevices, java.time.ZoneId timeZone) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone, ASK_MAX_PER_HOST,
        ASK_MAX_TOTAL);
  }

  /** Settings in the system's time zone with these bounds for pending decisions. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      UnknownDevices unknownDevices, int askMaxPerHost, int askMaxTotal) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, null, askMaxPerHost,
        askMaxTotal);
  }

  /** Settings without a DNS forwarder (the default floor and cap). */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      UnknownDevices unknownDevices, java.time.ZoneId timeZone, int askMaxPerHost, int askMaxTotal) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone, askMaxPerHost,
        askMaxTotal, null, DEFAULT_TTL_FLOOR, DEFAULT_TTL_CAP, false);
  }

  /** Settings with the DNS forwarder's choices and the defaults of the other later choices. */
  public Settings(Policy lanDefault, boolean masquerade, int adminPort, boolean sshFromLan, boolean antiLockout,
      Ipv4 dnsUpstream, int dnsTtlFloor, int dnsTtlCap, boolean dnsRedirect) {
    this(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, UnknownDevices.ALLOW, null, ASK_MAX_PER_HOST,
        ASK_MAX_TOTAL, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with another LAN default policy. */
  public Settings withLanDefault(Policy p) {
    return new Settings(p, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with masquerade on or off. */
  public Settings withMasquerade(boolean on) {
    return new Settings(lanDefault, on, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with another admin panel port. */
  public Settings withAdminPort(int port) {
    return new Settings(lanDefault, masquerade, port, sshFromLan, antiLockout, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with SSH from the LAN on or off. */
  public Settings withSshFromLan(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, on, antiLockout, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with the anti-lockout rule on or off. */
  public Settings withAntiLockout(boolean on) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, on, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with another policy for unknown devices. */
  public Settings withUnknownDevices(UnknownDevices u) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, u, timeZone, askMaxPerHost,
        askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with other bounds for pending decisions. */
  public Settings withAskBounds(int perHost, int total) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone,
        perHost, total, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with another time zone ({@code null}: the system's). */
  public Settings withTimeZone(java.time.ZoneId zone) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, zone,
        askMaxPerHost, askMaxTotal, dnsUpstream, dnsTtlFloor, dnsTtlCap, dnsRedirect);
  }

  /** These settings with the DNS forwarder's choices. */
  public Settings withDns(Ipv4 upstream, int ttlFloor, int ttlCap, boolean redirect) {
    return new Settings(lanDefault, masquerade, adminPort, sshFromLan, antiLockout, unknownDevices, timeZone,
        askMaxPerHost, askMaxTotal, upstream, ttlFloor, ttlCap, redirect);
  }

  /** The timeout, in seconds, of an address learned from an answer with this TTL: the TTL, floored and capped. */
  public long learnedTimeout(long ttl) {
    return Math.max(dnsTtlFloor, Math.min(dnsTtlCap, ttl));
  }

  /**
   * Parses an IANA time zone id such as {@code Asia/Tokyo} or {@code Europe/Berlin} (ids the Java runtime's
   * zone database knows; no bare offsets).
   */
  public static java.time.ZoneId parseZone(String text) {
    String s = text == null ? "" : text.strip();
    if (s.length() > 64 || !java.time.ZoneId.getAvailableZoneIds().contains(s)) {
      throw new ParseException("problem.settings.time_zone", Texts.shown(s));
    }
    return java.time.ZoneId.of(s);
  }

  /** The zone schedules are read in: the configured one, or {@code systemZone} when none is set. */
  public java.time.ZoneId zoneOr(java.time.ZoneId systemZone) {
    return timeZone != null ? timeZone : systemZone;
  }
}
