package dev.sekisho.capture;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address in two longs, cheap to hash and compare. IPv4 is stored IPv4-mapped
 * ({@code ::ffff:a.b.c.d}) so one type serves both families and flow keys stay small.
 *
 * @param hi the first 64 bits of the IPv6 form
 * @param lo the last 64 bits of the IPv6 form
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {
  private static final long V4_MAPPED = 0x0000_ffff_0000_0000L;

  /** An IPv4 address from its 32 bits. */
  public static IpAddress ofV4(int bits) {
    return new IpAddress(0, V4_MAPPED | (bits & 0xffff_ffffL));
  }

  /** An IPv6 address from 16 bytes at {@code off}; the caller has checked the bounds. */
  static IpAddress ofV6(byte[] b, int off) {
    return new IpAddress(Bytes.u64(b, off), Bytes.u64(b, off + 8));
  }

  /**
   * Parses an address literal, IPv4 dotted quad or IPv6; null if it is not one. Never resolves a
   * name: only hex digits, dots and colons reach {@link InetAddress}, which then cannot do DNS.
   */
  public static IpAddress parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.isEmpty() || s.length() > 45 || !s.matches("[0-9A-Fa-f:.]+") || !s.matches(".*[.:].*")) {
      return null;
    }
    if (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    try {
      byte[] a = InetAddress.getByName(s).getAddress();
      if (a.length == 4) {
        return ofV4(Bytes.s32(a, 0));
      }
      return ofV6(a, 0);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True for an IPv4 address. */
  public boolean isV4() {
    return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED;
  }

  /** The 32 bits of an IPv4 address (meaningless for IPv6). */
  public int v4Bits() {
    return (int) lo;
  }

  @Override
  public int compareTo(IpAddress o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    if (isV4()) {
      int b = v4Bits();
      return (b >>> 24) + "." + ((b >>> 16) & 0xff) + "." + ((b >>> 8) & 0xff) + "." + (b & 0xff);
    }
    byte[] a = new byte[16];
    for (int i = 0; i < 8; i++) {
      a[i] = (byte) (hi >>> (56 - 8 * i));
      a[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    try {
      return compress(Inet6Address.getByAddress(null, a).getHostAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JDK prints {@code 0:0:0:...}; shorten the longest zero run to {@code ::} as people write it. */
  private static String compress(String full) {
    String[] g = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < g.length; i++) {
      int j = i;
      while (j < g.length && g[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
    return left + "::" + right;
  }
}
