package dev.sekisho.capture;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Parses libpcap's {@code DLT_NFLOG} records: a 4-byte header (address family, version, group in
 * network order) and then TLVs whose 16-bit length and type are in the capturing host's byte
 * order, each padded to 4 bytes; values themselves are in network order. Every length is checked
 * against the buffer; a bad record is counted by the caller, never thrown.
 */
public final class NflogParser {
  /** pcap link type of NFLOG captures. */
  public static final int DLT_NFLOG = 239;

  static final int NFULA_PACKET_HDR = 1;
  static final int NFULA_HWADDR = 8;
  static final int NFULA_PAYLOAD = 9;
  static final int NFULA_PREFIX = 10;
  /** Kernel prefixes are at most 64 bytes; more is not a record the kernel wrote. */
  static final int MAX_PREFIX = 128;
  /** Bounds the TLV walk (the kernel emits about 20 kinds). */
  static final int MAX_TLVS = 64;

  private final boolean littleEndian;

  /** A parser for records captured on this machine. */
  public NflogParser() {
    this(ByteOrder.nativeOrder());
  }

  /** A parser for records whose TLV headers are in {@code order}. */
  public NflogParser(ByteOrder order) {
    this.littleEndian = order == ByteOrder.LITTLE_ENDIAN;
  }

  /**
   * One NFLOG record's fields Sekisho uses.
   *
   * @param family address family (2 IPv4, 10 IPv6)
   * @param group the NFLOG group
   * @param prefix the log prefix (printable ASCII only), or null if absent or not printable
   * @param srcMac the hardware source address if it was a 6-byte one, else 0
   * @param payloadOffset where the packet (from its IP header) starts in the buffer, -1 if absent
   * @param payloadEnd one past the payload's last captured byte
   */
  public record Record(int family, int group, String prefix, long srcMac, int payloadOffset, int payloadEnd) {}

  /** Parses {@code b[0..len)}; null if the record is malformed. */
  public Record parse(byte[] b, int len) {
    len = Math.min(len, b.length);
    if (len < 4) {
      return null;
    }
    int family = Bytes.u8(b, 0);
    int version = Bytes.u8(b, 1);
    int group = Bytes.u16(b, 2);
    if (version != 0) {
      return null;
    }
    String prefix = null;
    long mac = 0;
    int payloadOff = -1;
    int payloadEnd = -1;
    int p = 4;
    for (int n = 0; p < len; n++) {
      if (n == MAX_TLVS || p + 4 > len) {
        return null;
      }
      int tlvLen = u16h(b, p);
      int type = u16h(b, p + 2) & 0x7fff;
      if (tlvLen < 4) {
        return null;
      }
      int valueOff = p + 4;
      int valueEnd = p + tlvLen;
      if (type == NFULA_PAYLOAD) {
        // The payload is last and may be cut by the snap length: keep what was captured.
        payloadOff = valueOff;
        payloadEnd = Math.min(valueEnd, len);
      } else {
        if (valueEnd > len) {
          return null;
        }
        if (type == NFULA_PREFIX) {
          prefix = text(b, valueOff, valueEnd);
        } else if (type == NFULA_HWADDR && tlvLen >= 4 + 4 + 6 && Bytes.u16(b, valueOff) == 6) {
          mac = Bytes.mac(b, valueOff + 4);
        }
      }
      p += (tlvLen + 3) & ~3;
    }
    return new Record(family, group, prefix, mac, payloadOff, payloadEnd);
  }

  private int u16h(byte[] b, int i) {
    return littleEndian ? (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) : Bytes.u16(b, i);
  }

  /** The NUL-terminated value as ASCII text, or null if it holds anything but printable ASCII. */
  private static String text(byte[] b, int from, int to) {
    int end = from;
    while (end < to && b[end] != 0) {
      end++;
    }
    if (end - from > MAX_PREFIX) {
      return null;
    }
    for (int i = from; i < end; i++) {
      if (b[i] < 0x20 || b[i] > 0x7e) {
        return null;
      }
    }
    return new String(b, from, end - from, StandardCharsets.US_ASCII);
  }
}
