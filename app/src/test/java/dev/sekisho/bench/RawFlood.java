package dev.sekisho.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.net.InetAddress;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's fast packet generator: the same 60-byte UDP frames as {@link UdpFlood}, built
 * once and written straight to the LAN host's {@code eth0} with an {@code AF_PACKET} socket and
 * {@code sendmmsg} (up to 64 frames per system call, through JNA), skipping the sender's own UDP
 * and IP layers. Run by {@link CaptureBench} as its own JVM inside a lab LAN host's namespace.
 *
 * <p>Bounded like {@link UdpFlood}: at most {@code rate * seconds} frames and never past the
 * deadline. Prints {@code sent=N nanos=T}.
 *
 * <p>Arguments: interface, source MAC, destination MAC, source IPv4, destination IPv4, UDP port,
 * rate (frames/s), seconds, flows (distinct source ports).
 */
public final class RawFlood {
  private static final int AF_PACKET = 17;
  private static final int SOCK_RAW = 3;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_QDISC_BYPASS = 20;
  private static final int FRAME = 60;
  private static final int BATCH = 64;
  /** struct mmsghdr on x86-64/aarch64: struct msghdr (56 bytes), unsigned msg_len, padding. */
  private static final int MMSGHDR = 64;
  private static final int IOVEC = 16;
  private static final int SOCKADDR_LL = 20;

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer addr, int len) throws LastErrorException;

    int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

    int sendmmsg(int fd, Pointer msgvec, int vlen, int flags) throws LastErrorException;

    int if_nametoindex(String name);

    int close(int fd);
  }

  private RawFlood() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      System.err.println("usage: RawFlood IF SRC_MAC DST_MAC SRC_IP DST_IP PORT RATE SECONDS FLOWS");
      System.exit(2);
    }
    String ifName = args[0];
    byte[] srcMac = mac(args[1]);
    byte[] dstMac = mac(args[2]);
    byte[] srcIp = InetAddress.getByName(args[3]).getAddress();
    byte[] dstIp = InetAddress.getByName(args[4]).getAddress();
    int port = Integer.parseInt(args[5]);
    long rate = Long.parseLong(args[6]);
    double seconds = Double.parseDouble(args[7]);
    int flows = Integer.parseInt(args[8]);
    if (rate <= 0 || seconds <= 0 || seconds > 60 || flows < 1 || flows > 4096) {
      throw new IllegalArgumentException("rate > 0, 0 < seconds <= 60, 1 <= flows <= 4096");
    }
    LibC c = LibC.INSTANCE;
    int ifindex = c.if_nametoindex(ifName);
    if (ifindex == 0) {
      throw new IllegalArgumentException("no interface " + ifName);
    }
    // Protocol 0: this socket sends only, it receives nothing (not even its own frames).
    int fd = c.socket(AF_PACKET, SOCK_RAW, 0);
    long sent = 0;
    long start = System.nanoTime();
    try {
      Memory sll = new Memory(SOCKADDR_LL);
      sll.clear();
      sll.setShort(0, (short) AF_PACKET);
      sll.setShort(2, (short) 0x0008); // htons(ETH_P_IP) on a little-endian machine
      sll.setInt(4, ifindex);
      c.bind(fd, sll, SOCKADDR_LL);
      Memory one = new Memory(4);
      one.setInt(0, 1);
      try {
        c.setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, one, 4);
      } catch (LastErrorException e) {
        // Older kernels: the (empty) qdisc path is only a little slower.
      }

      Memory frames = new Memory((long) FRAME * flows);
      for (int i = 0; i < flows; i++) {
        frames.write((long) i * FRAME, frame(srcMac, dstMac, srcIp, dstIp, 40000 + i, port, i), 0, FRAME);
      }
      // One vector of BATCH messages; message i sends frame i % flows.
      Memory iov = new Memory((long) IOVEC * BATCH);
      Memory msgs = new Memory((long) MMSGHDR * BATCH);
      msgs.clear();
      for (int i = 0; i < BATCH; i++) {
        iov.setPointer((long) i * IOVEC, frames.share((long) (i % flows) * FRAME));
        iov.setLong((long) i * IOVEC + 8, FRAME);
        long m = (long) i * MMSGHDR;
        msgs.setPointer(m + 16, iov.share((long) i * IOVEC)); // msg_iov
        msgs.setLong(m + 24, 1); // msg_iovlen
      }

      long total = (long) (rate * seconds);
      start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      while (sent < total) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          break;
        }
        long due = Math.min(total, (long) ((now - start) / 1e9 * rate) + 1);
        if (sent >= due) {
          long waitNanos = (long) (1e9 / rate);
          if (waitNanos > 100_000) {
            LockSupport.parkNanos(waitNanos / 2);
          } else {
            Thread.onSpinWait();
          }
          continue;
        }
        int n = (int) Math.min(BATCH, due - sent);
        try {
          sent += c.sendmmsg(fd, msgs, n, 0);
        } catch (LastErrorException e) {
          // ENOBUFS and the like: the frames were not sent; try again on the next round.
          LockSupport.parkNanos(10_000);
        }
      }
    } finally {
      long nanos = System.nanoTime() - start;
      c.close(fd);
      System.out.println("sent=" + sent + " nanos=" + nanos);
    }
  }

  static byte[] frame(byte[] srcMac, byte[] dstMac, byte[] srcIp, byte[] dstIp, int srcPort, int dstPort,
      int id) {
    byte[] f = new byte[FRAME];
    System.arraycopy(dstMac, 0, f, 0, 6);
    System.arraycopy(srcMac, 0, f, 6, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    int ip = 14;
    int total = FRAME - 14; // 20 IP + 8 UDP + 18 payload
    f[ip] = 0x45;
    f[ip + 2] = (byte) (total >>> 8);
    f[ip + 3] = (byte) total;
    f[ip + 4] = (byte) (id >>> 8);
    f[ip + 5] = (byte) id;
    f[ip + 6] = 0x40; // DF
    f[ip + 8] = 64;
    f[ip + 9] = 17;
    System.arraycopy(srcIp, 0, f, ip + 12, 4);
    System.arraycopy(dstIp, 0, f, ip + 16, 4);
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((f[ip + i] & 0xff) << 8) | (f[ip + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    sum = ~sum & 0xffff;
    f[ip + 10] = (byte) (sum >>> 8);
    f[ip + 11] = (byte) sum;
    int udp = ip + 20;
    f[udp] = (byte) (srcPort >>> 8);
    f[udp + 1] = (byte) srcPort;
    f[udp + 2] = (byte) (dstPort >>> 8);
    f[udp + 3] = (byte) dstPort;
    int ulen = total - 20;
    f[udp + 4] = (byte) (ulen >>> 8);
    f[udp + 5] = (byte) ulen;
    // UDP checksum 0: "none", legal over IPv4.
    return f;
  }

  static byte[] mac(String s) {
    String[] p = s.split(":");
    if (p.length != 6) {
      throw new IllegalArgumentException("bad MAC " + s);
    }
    byte[] m = new byte[6];
    for (int i = 0; i < 6; i++) {
      m[i] = (byte) Integer.parseInt(p[i], 16);
    }
    return m;
  }
}
