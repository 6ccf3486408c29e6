package dev.sekisho.capture;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Ipv4;
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
  private final List<Cidr> lanNets;

  /**
   * @param gatewayMacs the gateway's MACs on the captured link (48-bit values); may be empty
   * @param lanNets the LAN subnets, used only for packets the MACs do not decide
   */
  public LanSide(Set<Long> gatewayMacs, List<Cidr> lanNets) {
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
    if (!a.isV4()) {
      return false;
    }
    Ipv4 v4 = new Ipv4(a.v4Bits());
    for (Cidr c : lanNets) {
      if (c.contains(v4)) {
        return true;
      }
    }
    return false;
  }
}
