package dev.sekisho.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds frames byte by byte, and pcap files of them, for parser tests (no capture library involved). */
final class Frames {
  static final long GW_MAC = 0x025e6b000001L;
  static final long HOST_MAC = 0x025e6b00010aL;

  private Frames() {}

  /** One record of a pcap file: the bytes kept and the length on the wire. */
  record Rec(byte[] data, int wireLen, long micros) {
    static Rec whole(byte[] d, long micros) {
      return new Rec(d, d.length, micros);
    }

    /** The first {@code keep} bytes, as a capture with that snap length would store them. */
    static Rec cut(byte[] d, int keep, long micros) {
      return new Rec(java.util.Arrays.copyOf(d, keep), d.length, micros);
    }
  }

  /** Writes a classic little-endian pcap file with microsecond timestamps. */
  static Path pcap(Path file, int linkType, List<Rec> recs) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
          .putInt(linkType);
      out.write(h.array());
      for (Rec r : recs) {
        ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rh.putInt((int) (r.micros() / 1_000_000)).putInt((int) (r.micros() % 1_000_000)).putInt(r.data().length)
            .putInt(r.wireLen());
        out.write(rh.array());
        out.write(r.data());
      }
    }
    return file;
  }

  static byte[] ether(long dst, long src, int type, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    mac(b, dst);
    mac(b, src);
    u16(b, type);
    b.writeBytes(payload);
    return b.toByteArray();
  }

  static byte[] vlan(long dst, long src, int vid, int type, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    mac(b, dst);
    mac(b, src);
    u16(b, 0x8100);
    u16(b, vid);
    u16(b, type);
    b.writeBytes(payload);
    return b.toByteArray();
  }

  /** IPv4 header (with {@code options}, a multiple of 4 bytes) and payload; total length as given or computed. */
  static byte[] ipv4(String src, String dst, int proto, byte[] options, int fragField, int id, byte[] payload) {
    int ihl = 20 + options.length;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x40 | (ihl / 4));
    b.write(0);
    u16(b, ihl + payload.length);
    u16(b, id);
    u16(b, fragField);
    b.write(64);
    b.write(proto);
    u16(b, 0);
    b.writeBytes(v4(src));
    b.writeBytes(v4(dst));
    b.writeBytes(options);
    b.writeBytes(payload);
    return b.toByteArray();
  }

  static byte[] ipv4(String src, String dst, int proto, byte[] payload) {
    return ipv4(src, dst, proto, new byte[0], 0x4000, 1, payload);
  }

  /** IPv6 header; {@code chain} is the bytes after it (extension headers and transport). */
  static byte[] ipv6(String src, String dst, int next, byte[] chain) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, 0x6000);
    u16(b, 0);
    u16(b, chain.length);
    b.write(next);
    b.write(64);
    b.writeBytes(v6(src));
    b.writeBytes(v6(dst));
    b.writeBytes(chain);
    return b.toByteArray();
  }

  /** An 8-byte IPv6 extension header (hop-by-hop, routing or destination options) before {@code rest}. */
  static byte[] ext8(int next, byte[] rest) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(next);
    b.write(0);
    b.writeBytes(new byte[] {1, 4, 0, 0, 0, 0});
    b.writeBytes(rest);
    return b.toByteArray();
  }

  /** TCP segment with {@code optionBytes} of NOP options (a multiple of 4) and {@code data} bytes of payload. */
  static byte[] tcp(int sport, int dport, int flags, int optionBytes, int data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, sport);
    u16(b, dport);
    b.writeBytes(new byte[8]);
    b.write(((20 + optionBytes) / 4) << 4);
    b.write(flags);
    u16(b, 65535);
    u16(b, 0);
    u16(b, 0);
    for (int i = 0; i < optionBytes; i++) {
      b.write(1);
    }
    b.writeBytes(new byte[data]);
    return b.toByteArray();
  }

  static byte[] udp(int sport, int dport, int data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, sport);
    u16(b, dport);
    u16(b, 8 + data);
    u16(b, 0);
    b.writeBytes(new byte[data]);
    return b.toByteArray();
  }

  static byte[] icmpEcho(int type, int data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(type);
    b.write(0);
    u16(b, 0);
    u16(b, 0x1234);
    u16(b, 1);
    b.writeBytes(new byte[data]);
    return b.toByteArray();
  }

  static byte[] v4(String s) {
    String[] p = s.split("\\.");
    byte[] a = new byte[4];
    for (int i = 0; i < 4; i++) {
      a[i] = (byte) Integer.parseInt(p[i]);
    }
    return a;
  }

  static byte[] v6(String s) {
    IpAddress a = IpAddress.parse(s);
    return ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo()).array();
  }

  private static void mac(ByteArrayOutputStream b, long m) {
    for (int i = 5; i >= 0; i--) {
      b.write((int) (m >>> (8 * i)));
    }
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }
}
