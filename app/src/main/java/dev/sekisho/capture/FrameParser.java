package dev.sekisho.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes captured frames (Ethernet with optional 802.1Q/802.1ad tags, IPv4 with options and
 * fragments, IPv6 with extension headers; TCP, UDP, ICMP, ICMPv6) into {@link PacketSummary}
 * records, reading the capture buffer in place. Every length is checked before it is used: a
 * frame that does not hold what its headers claim is counted and skipped, never thrown, so one
 * bad packet cannot stop the capture thread.
 *
 * <p>Two kinds of short frames are told apart: <em>truncated</em> ones were cut by the snap length
 * (the wire length was longer, so the capture settings are to blame) and <em>malformed</em> ones
 * were short or inconsistent on the wire.
 *
 * <p>Not thread-safe: one parser per capture thread.
 */
public final class FrameParser {
  /** pcap link type of Ethernet. */
  public static final int DLT_EN10MB = 1;
  /** pcap link type of raw IP (no link header). */
  public static final int DLT_RAW = 101;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88a8;
  /** More tags than this is not a frame any switch sends; treat it as garbage. */
  private static final int MAX_VLAN_TAGS = 2;
  /** Bounds the extension-header walk, so a crafted chain cannot keep the thread busy. */
  private static final int MAX_IPV6_EXTENSIONS = 8;
  private static final int FRAGMENT_CACHE = 1024;

  private long frames;
  private long decoded;
  private long notIp;
  private long truncated;
  private long malformed;
  private long orphanFragments;

  /** Ports of first fragments, so later fragments of the same datagram count for the same flow. */
  private final Map<FragmentKey, Integer> fragmentPorts = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<FragmentKey, Integer> e) {
      return size() > FRAGMENT_CACHE;
    }
  };

  private record FragmentKey(IpAddress src, IpAddress dst, int protocol, long id) {}

  /** What became of the frames handed to this parser. */
  public record Counters(long frames, long decoded, long notIp, long truncated, long malformed,
      long orphanFragments) {}

  /** The counters so far (call on the parsing thread and publish the copy). */
  public Counters counters() {
    return new Counters(frames, decoded, notIp, truncated, malformed, orphanFragments);
  }

  /**
   * Decodes one Ethernet frame.
   *
   * @param b buffer holding the captured bytes from index 0
   * @param capLen bytes captured (at most {@code b.length})
   * @param wireLen length of the frame on the wire
   * @return the summary, or null when the frame is not IP or could not be decoded (counted)
   */
  public PacketSummary parseEthernet(byte[] b, int capLen, int wireLen, long timeMicros) {
    frames++;
    capLen = Math.min(capLen, b.length);
    if (capLen < 14) {
      return fail(capLen, wireLen);
    }
    long dstMac = Bytes.mac(b, 0);
    long srcMac = Bytes.mac(b, 6);
    int type = Bytes.u16(b, 12);
    int off = 14;
    int vlan = -1;
    for (int tags = 0; type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ; tags++) {
      if (tags == MAX_VLAN_TAGS) {
        malformed++;
        return null;
      }
      if (capLen < off + 4) {
        return fail(capLen, wireLen);
      }
      // The innermost tag is the one the host is on.
      vlan = Bytes.u16(b, off) & 0x0fff;
      type = Bytes.u16(b, off + 2);
      off += 4;
    }
    if (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6) {
      notIp++;
      return null;
    }
    return ip(b, off, capLen, wireLen, timeMicros, srcMac, dstMac, vlan, type == ETHERTYPE_IPV4 ? 4 : 6);
  }

  /**
   * Decodes an IP packet without link header (raw-IP captures, NFLOG payloads).
   *
   * @param off where the IP header starts in {@code b}
   * @param capLen index one past the last captured byte
   * @param wireLen index one past the packet's last byte on the wire
   */
  public PacketSummary parseIp(byte[] b, int off, int capLen, int wireLen, long timeMicros) {
    frames++;
    capLen = Math.min(capLen, b.length);
    if (capLen < off + 1) {
      return fail(capLen, wireLen);
    }
    int version = Bytes.u8(b, off) >>> 4;
    if (version != 4 && version != 6) {
      malformed++;
      return null;
    }
    return ip(b, off, capLen, wireLen, timeMicros, 0, 0, -1, version);
  }

  private PacketSummary ip(byte[] b, int off, int capLen, int wireLen, long t, long srcMac, long dstMac,
      int vlan, int version) {
    return version == 4 ? ipv4(b, off, capLen, wireLen, t, srcMac, dstMac, vlan)
        : ipv6(b, off, capLen, wireLen, t, srcMac, dstMac, vlan);
  }

  private PacketSummary ipv4(byte[] b, int off, int capLen, int wireLen, long t, long srcMac, long dstMac,
      int vlan) {
    if (capLen < off + 20) {
      return fail(capLen, wireLen);
    }
    int vihl = Bytes.u8(b, off);
    int ihl = (vihl & 0x0f) * 4;
    int total = Bytes.u16(b, off + 2);
    // The IP datagram must fit in what was on the wire; less is fine (Ethernet pads short frames).
    if (vihl >>> 4 != 4 || ihl < 20 || total < ihl || off + total > wireLen) {
      malformed++;
      return null;
    }
    int id = Bytes.u16(b, off + 4);
    int fragField = Bytes.u16(b, off + 6);
    boolean moreFragments = (fragField & 0x2000) != 0;
    int fragOffset = fragField & 0x1fff;
    int protocol = Bytes.u8(b, off + 9);
    IpAddress src = IpAddress.ofV4(Bytes.s32(b, off + 12));
    IpAddress dst = IpAddress.ofV4(Bytes.s32(b, off + 16));
    Fragment frag = fragOffset != 0 ? Fragment.LATER : moreFragments ? Fragment.FIRST : Fragment.NONE;
    return transport(b, off + ihl, off + total, capLen, wireLen, t, srcMac, dstMac, vlan, 4, protocol, src,
        dst, total, frag, id);
  }

  private PacketSummary ipv6(byte[] b, int off, int capLen, int wireLen, long t, long srcMac, long dstMac,
      int vlan) {
    if (capLen < off + 40) {
      return fail(capLen, wireLen);
    }
    int payload = Bytes.u16(b, off + 4);
    int total = 40 + payload;
    // Payload length 0 means a jumbogram (or garbage); neither is a packet a LAN carries.
    if (Bytes.u8(b, off) >>> 4 != 6 || payload == 0 || off + total > wireLen) {
      malformed++;
      return null;
    }
    IpAddress src = IpAddress.ofV6(b, off + 8);
    IpAddress dst = IpAddress.ofV6(b, off + 24);
    if (src.isV4() || dst.isV4()) {
      // An IPv4-mapped address (::ffff:a.b.c.d) is an API notation, not an address on the wire (RFC 4291
      // 2.5.5.2; RFC 4942 on their misuse). IpAddress keeps IPv4 in exactly that form, so such a packet would be
      // shown and counted as IPv4 traffic of a.b.c.d, e.g. as a LAN host it is not (found by CaptureFuzzTest).
      malformed++;
      return null;
    }
    int next = Bytes.u8(b, off + 6);
    int end = off + total;
    int p = off + 40;
    Fragment frag = Fragment.NONE;
    long fragId = 0;
    for (int n = 0; ; n++) {
      boolean ext = next == 0 || next == 43 || next == 60 || next == 44 || next == 51;
      if (!ext) {
        break;
      }
      if (n == MAX_IPV6_EXTENSIONS) {
        malformed++;
        return null;
      }
      if (p + 8 > end) {
        malformed++;
        return null;
      }
      if (capLen < p + 8) {
        return fail(capLen, wireLen);
      }
      int len;
      if (next == 44) {
        int fo = Bytes.u16(b, p + 2);
        fragId = Bytes.s32(b, p + 4) & 0xffff_ffffL;
        frag = (fo & 0xfff8) != 0 ? Fragment.LATER : (fo & 1) != 0 ? Fragment.FIRST : Fragment.NONE;
        len = 8;
      } else if (next == 51) {
        len = (Bytes.u8(b, p + 1) + 2) * 4;
      } else {
        len = (Bytes.u8(b, p + 1) + 1) * 8;
      }
      next = Bytes.u8(b, p);
      p += len;
      if (frag == Fragment.LATER) {
        // Later fragments carry no transport header, whatever "next header" claims.
        break;
      }
    }
    if (p > end) {
      malformed++;
      return null;
    }
    return transport(b, p, end, capLen, wireLen, t, srcMac, dstMac, vlan, 6, next, src, dst, total, frag,
        fragId);
  }

  private enum Fragment { NONE, FIRST, LATER }

  private PacketSummary transport(byte[] b, int p, int end, int capLen, int wireLen, long t, long srcMac,
      long dstMac, int vlan, int version, int protocol, IpAddress src, IpAddress dst, int ipLength,
      Fragment frag, long fragId) {
    int srcPort = 0;
    int dstPort = 0;
    int flags = 0;
    int tcpHeader = 0;
    int icmpType = -1;
    if (frag == Fragment.LATER) {
      if (IpProtocols.hasPorts(protocol)) {
        Integer ports = fragmentPorts.get(new FragmentKey(src, dst, protocol, fragId));
        if (ports == null) {
          orphanFragments++;
          return null;
        }
        srcPort = ports >>> 16;
        dstPort = ports & 0xffff;
      }
      decoded++;
      return new PacketSummary(t, srcMac, dstMac, vlan, version, protocol, src, dst, srcPort, dstPort, 0, 0, -1,
          ipLength);
    }
    int avail = end - p;
    switch (protocol) {
      case IpProtocols.TCP -> {
        if (avail < 20) {
          malformed++;
          return null;
        }
        if (capLen < p + 14) {
          return fail(capLen, wireLen);
        }
        tcpHeader = (Bytes.u8(b, p + 12) >>> 4) * 4;
        // A first fragment may legally end inside the TCP options; a whole segment may not.
        if (tcpHeader < 20 || (frag == Fragment.NONE && tcpHeader > avail)) {
          malformed++;
          return null;
        }
        srcPort = Bytes.u16(b, p);
        dstPort = Bytes.u16(b, p + 2);
        flags = Bytes.u8(b, p + 13);
      }
      case IpProtocols.UDP -> {
        if (avail < 8) {
          malformed++;
          return null;
        }
        if (capLen < p + 4) {
          return fail(capLen, wireLen);
        }
        srcPort = Bytes.u16(b, p);
        dstPort = Bytes.u16(b, p + 2);
      }
      case IpProtocols.ICMP, IpProtocols.ICMPV6 -> {
        if (avail < 4) {
          malformed++;
          return null;
        }
        if (capLen < p + 1) {
          return fail(capLen, wireLen);
        }
        icmpType = Bytes.u8(b, p);
      }
      default -> {
        // Other protocols (ESP, GRE, ...) are flows by address only.
      }
    }
    if (frag == Fragment.FIRST && IpProtocols.hasPorts(protocol)) {
      fragmentPorts.put(new FragmentKey(src, dst, protocol, fragId), (srcPort << 16) | dstPort);
    }
    decoded++;
    return new PacketSummary(t, srcMac, dstMac, vlan, version, protocol, src, dst, srcPort, dstPort, flags,
        tcpHeader, icmpType, ipLength);
  }

  private PacketSummary fail(int capLen, int wireLen) {
    if (capLen < wireLen) {
      truncated++;
    } else {
      malformed++;
    }
    return null;
  }
}
