package dev.sekisho.config;

import java.util.Objects;

/**
 * One of the gateway's network interfaces and its role.
 *
 * @param name the kernel's interface name (validated by {@link Names#interfaceName})
 * @param role LAN or WAN
 * @param address the gateway's own address on it, or {@code null} when it is configured elsewhere (DHCP)
 * @param address6 its IPv6 address and prefix, or {@code null}; on a LAN interface this turns IPv6
 *     forwarding on (see {@link Config#ipv6Forwarding()})
 */
public record NetInterface(String name, Role role, InterfaceAddress address, InterfaceAddress6 address6) {

  /** Checks the name and role. */
  public NetInterface {
    name = Names.interfaceName(name);
    Objects.requireNonNull(role, "role");
  }

  /** An interface without IPv6. */
  public NetInterface(String name, Role role, InterfaceAddress address) {
    this(name, role, address, null);
  }
}
