package dev.sekisho.config;

import java.util.Objects;

/**
 * One of the gateway's network interfaces and its role.
 *
 * @param name the kernel's interface name (validated by {@link Names#interfaceName})
 * @param role LAN or WAN
 * @param address the gateway's own address on it, or {@code null} when it is configured elsewhere (DHCP)
 */
public record NetInterface(String name, Role role, InterfaceAddress address) {

  /** Checks the name and role. */
  public NetInterface {
    name = Names.interfaceName(name);
    Objects.requireNonNull(role, "role");
  }
}
