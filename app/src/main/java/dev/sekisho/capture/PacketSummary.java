package dev.sekisho.capture;

/**
 * What Sekisho keeps of one captured IP packet: addresses, ports and sizes, no payload.
 *
 * @param timeMicros capture time, microseconds since the epoch
 * @param srcMac Ethernet source as a 48-bit value, 0 when the link has none (NFLOG payloads)
 * @param dstMac Ethernet destination, 0 when unknown
 * @param vlan the 802.1Q VLAN id, or -1 for an untagged frame
 * @param ipVersion 4 or 6
 * @param protocol IP protocol number of the transport (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...)
 * @param src source address
 * @param dst destination address
 * @param srcPort TCP/UDP source port; 0 for protocols without ports
 * @param dstPort TCP/UDP destination port; 0 for protocols without ports
 * @param tcpFlags TCP flag bits (FIN 0x01 ... CWR 0x80), or 0 for non-TCP
 * @param tcpHeaderLength TCP header length in bytes including options; 0 for non-TCP or a
 *     non-first fragment
 * @param icmpType ICMP/ICMPv6 type, or -1
 * @param ipLength the bytes this packet counts for: the IPv4 total length, or 40 plus the IPv6
 *     payload length. That is the packet as the IP layer sent it, without the Ethernet header,
 *     VLAN tag, padding or FCS, and independent of the capture's snap length.
 */
public record PacketSummary(
    long timeMicros,
    long srcMac,
    long dstMac,
    int vlan,
    int ipVersion,
    int protocol,
    IpAddress src,
    IpAddress dst,
    int srcPort,
    int dstPort,
    int tcpFlags,
    int tcpHeaderLength,
    int icmpType,
    int ipLength) {

  /** TCP FIN flag. */
  public static final int FIN = 0x01;
  /** TCP SYN flag. */
  public static final int SYN = 0x02;
  /** TCP RST flag. */
  public static final int RST = 0x04;
  /** TCP ACK flag. */
  public static final int ACK = 0x10;
}
