package dev.sekisho.capture;

import dev.sekisho.config.Mac;

/** Big-endian reads from a byte array; callers check bounds first (the parsers count, never throw). */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  static int s32(byte[] b, int i) {
    return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
  }

  static long u64(byte[] b, int i) {
    return ((long) s32(b, i) << 32) | (s32(b, i + 4) & 0xffff_ffffL);
  }

  /** Six bytes as a 48-bit MAC value. */
  static long mac(byte[] b, int i) {
    return ((long) u16(b, i) << 32) | (s32(b, i + 2) & 0xffff_ffffL);
  }

  /** A 48-bit MAC value as {@code aa:bb:cc:dd:ee:ff}; empty for 0 (no MAC known). */
  static String macText(long mac) {
    return mac == 0 ? "" : Mac.format(mac);
  }
}
