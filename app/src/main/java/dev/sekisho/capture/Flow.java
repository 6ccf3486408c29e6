package dev.sekisho.capture;

import java.time.Instant;

/**
 * An immutable view of one flow at the time of a snapshot. "Out" is from the LAN side to the
 * remote side, "in" the other way. Bytes are IP bytes (see {@link PacketSummary#ipLength()}).
 *
 * @param key protocol and endpoints
 * @param lanMac Ethernet address of the LAN-side host as a 48-bit value, 0 if not seen
 * @param packetsOut packets from the LAN side
 * @param bytesOut IP bytes from the LAN side
 * @param packetsIn packets to the LAN side
 * @param bytesIn IP bytes to the LAN side
 * @param firstSeen time of the first packet
 * @param lastSeen time of the latest packet
 * @param tcpState TCP state as seen on the wire
 * @param bytesPerSecond recent rate, both directions (see {@link FlowTable})
 */
public record Flow(
    FlowKey key,
    long lanMac,
    long packetsOut,
    long bytesOut,
    long packetsIn,
    long bytesIn,
    Instant firstSeen,
    Instant lastSeen,
    TcpState tcpState,
    long bytesPerSecond) {

  /** Bytes both ways. */
  public long bytes() {
    return bytesOut + bytesIn;
  }

  /** Packets both ways. */
  public long packets() {
    return packetsOut + packetsIn;
  }

  /** The LAN host's MAC as text, empty if not seen. */
  public String lanMacText() {
    return Bytes.macText(lanMac);
  }

  /** "tcp", "udp", "icmp", ... */
  public String protocolName() {
    return IpProtocols.name(key.protocol());
  }
}
