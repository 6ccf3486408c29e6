package dev.sekisho.capture;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inventory names for what the capture sees, built from a {@link Config} at query time (the
 * capture itself stores no names, so renaming a host shows at once). A MAC match wins over an IP
 * match, because the MAC is what the anti-spoofing rules bind.
 */
public final class HostNames {
  /** No inventory: every host is unknown. */
  public static final HostNames NONE = new HostNames(Map.of(), Map.of());

  private final Map<Long, Host> byMac;
  private final Map<Integer, Host> byIp;

  private HostNames(Map<Long, Host> byMac, Map<Integer, Host> byIp) {
    this.byMac = byMac;
    this.byIp = byIp;
  }

  /** The names of the hosts in {@code config}. */
  public static HostNames of(Config config) {
    Map<Long, Host> mac = new HashMap<>();
    Map<Integer, Host> ip = new HashMap<>();
    for (Host h : config.hosts()) {
      if (h.mac() != null) {
        mac.putIfAbsent(h.mac().value(), h);
      }
      ip.putIfAbsent(h.ip().bits(), h);
    }
    return new HostNames(Map.copyOf(mac), Map.copyOf(ip));
  }

  /** The inventory host for a MAC (0 = none) and address, or null. */
  public Host host(long mac, IpAddress address) {
    Host h = mac == 0 ? null : byMac.get(mac);
    if (h == null && address != null && address.isV4()) {
      h = byIp.get(address.v4Bits());
    }
    return h;
  }

  /**
   * The inventory hosts named {@code name} (case-insensitive): a flow or host whose {@link #name} is that
   * name has the MAC or the address of one of them.
   */
  public List<Host> named(String name) {
    List<Host> out = new ArrayList<>();
    for (Host h : byMac.values()) {
      if (h.name().equalsIgnoreCase(name)) {
        out.add(h);
      }
    }
    for (Host h : byIp.values()) {
      if (h.name().equalsIgnoreCase(name) && !out.contains(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /** The inventory name for a MAC and address, or null when the host is not in the inventory. */
  public String name(long mac, IpAddress address) {
    Host h = host(mac, address);
    return h == null ? null : h.name();
  }
}
