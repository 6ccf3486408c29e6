package dev.sekisho.config;

import java.util.Objects;

/**
 * A machine on the LAN that rules can name.
 *
 * @param id stable identifier; rules refer to hosts by it
 * @param name display name (validated by {@link Names#hostName})
 * @param mac its Ethernet address, or {@code null} when unknown (then its IP is not bound to a MAC)
 * @param ip its IPv4 address; rules match on it
 */
public record Host(long id, String name, Mac mac, Ipv4 ip) {

  /** Checks the fields. */
  public Host {
    if (id <= 0) {
      throw new ParseException("problem.host.id_positive");
    }
    name = Names.hostName(name);
    Objects.requireNonNull(ip, "ip");
  }
}
