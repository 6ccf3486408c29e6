package dev.sekisho.capture;

import java.time.Instant;

/**
 * Totals for one LAN-side host (a MAC and address pair) since the capture started.
 *
 * @param mac the host's Ethernet address as a 48-bit value, 0 if not seen (e.g. NFLOG)
 * @param address its IP address
 * @param name its inventory name, or null when it is not in the inventory
 * @param packetsOut packets it sent
 * @param bytesOut IP bytes it sent
 * @param packetsIn packets sent to it
 * @param bytesIn IP bytes sent to it
 * @param activeFlows flows of it in the table now
 * @param firstSeen its first packet
 * @param lastSeen its latest packet
 */
public record HostTotal(long mac, IpAddress address, String name, long packetsOut, long bytesOut,
    long packetsIn, long bytesIn, int activeFlows, Instant firstSeen, Instant lastSeen) {

  /** Bytes both ways. */
  public long bytes() {
    return bytesOut + bytesIn;
  }

  /** The MAC as text, empty if not seen. */
  public String macText() {
    return Bytes.macText(mac);
  }

  HostTotal named(String n, int flows) {
    return new HostTotal(mac, address, n, packetsOut, bytesOut, packetsIn, bytesIn, flows, firstSeen, lastSeen);
  }
}
