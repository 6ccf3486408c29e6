package dev.sekisho.capture;

import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Network;
import java.util.List;
import java.util.Set;

/**
 * Decides which end of a packet captured on the LAN interface is the LAN host. On that wire every
 * frame either comes from the gateway's own MAC (so its destination is the LAN side) or was sent
 * by a station on the LAN (so its source is). The gateway's MAC is therefore enough; LAN subnets
 * are a fallback for captures where it is not known (offline files, NFLOG payloads).
 */
public final class LanSide {
  private final Set<Long> gatewayMacs;
  private final List<Network> lanNets;

  /**
   * @param gatewayMacs the gateway's MACs on the captured link (48-bit values); may be empty
   * @param lanNets the LAN subnets and IPv6 prefixes, used only for packets the MACs do not decide
   */
  public LanSide(Set<Long> gatewayMacs, List<? extends Network> lanNets) {
    this.gatewayMacs = Set.copyOf(gatewayMacs);
    this.lanNets = List.copyOf(lanNets);
  }

  /** True when the packet goes from the LAN side to the remote side. */
  public boolean outbound(PacketSummary p) {
    if (p.srcMac() != 0 && gatewayMacs.contains(p.srcMac())) {
      return false;
    }
    if (p.dstMac() != 0 && gatewayMacs.contains(p.dstMac())) {
      return true;
    }
    if (!lanNets.isEmpty()) {
      boolean srcLan = inLan(p.src());
      boolean dstLan = inLan(p.dst());
      if (dstLan && !srcLan) {
        return false;
      }
      if (srcLan && !dstLan) {
        return true;
      }
    }
    if (p.srcMac() != 0) {
      // Not from the gateway and no subnet says otherwise: a LAN station sent it.
      return true;
    }
    // No link layer and no subnet decides: order the ends so both directions still meet.
    int c = p.src().compareTo(p.dst());
    return c != 0 ? c < 0 : p.srcPort() <= p.dstPort();
  }

  private boolean inLan(IpAddress a) {
    IpAddr addr = a.isV4() ? new Ipv4(a.v4Bits()) : new Ipv6(a.hi(), a.lo());
    for (Network c : lanNets) {
      if (c.contains(addr)) {
        return true;
      }
    }
    return false;
  }
}
