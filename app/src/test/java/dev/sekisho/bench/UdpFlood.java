package dev.sekisho.bench;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's packet generator, run by {@link CaptureBench} as its own JVM inside a lab LAN
 * host's namespace ({@code ip netns exec <ns> java ... UdpFlood ...}), so the capture under test
 * and the sender never share a heap, a garbage collector or a JIT.
 *
 * <p>Sends small UDP datagrams (18-byte payload: a 60-byte Ethernet frame, the minimum) from
 * {@code flows} sockets in turn, paced to {@code rate} per second for {@code seconds}. Bounded
 * twice: it stops after {@code rate * seconds} datagrams and at the deadline, whichever comes
 * first. When it cannot keep up it sends as fast as it can and says so in what it prints:
 *
 * <pre>sent=N nanos=T unreachable=U</pre>
 *
 * <p>Not a test; not run by surefire.
 */
public final class UdpFlood {
  private static final int PAYLOAD = 18;
  /** Never send more than this many datagrams "owed" from a stall in one burst. */
  private static final long MAX_BURST = 2_000;

  private UdpFlood() {}

  /** Arguments: destination address, destination port, rate (packets/s), seconds, flows. */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: UdpFlood ADDRESS PORT RATE SECONDS FLOWS");
      System.exit(2);
    }
    InetSocketAddress to = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    long rate = Long.parseLong(args[2]);
    double seconds = Double.parseDouble(args[3]);
    int flows = Integer.parseInt(args[4]);
    if (rate <= 0 || seconds <= 0 || seconds > 60 || flows < 1 || flows > 4096) {
      throw new IllegalArgumentException("rate > 0, 0 < seconds <= 60, 1 <= flows <= 4096");
    }
    long total = (long) (rate * seconds);
    DatagramChannel[] ch = new DatagramChannel[flows];
    for (int i = 0; i < flows; i++) {
      ch[i] = DatagramChannel.open();
      ch[i].connect(to);
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(PAYLOAD);
    long sent = 0;
    long unreachable = 0;
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int next = 0;
    try {
      while (sent < total) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          break;
        }
        long due = Math.min(total, (long) ((now - start) / 1e9 * rate) + 1);
        if (due - sent > MAX_BURST) {
          due = sent + MAX_BURST;
        }
        if (sent >= due) {
          // Ahead of schedule: wait about until the next datagram is due.
          long waitNanos = (long) (1e9 / rate);
          if (waitNanos > 100_000) {
            LockSupport.parkNanos(waitNanos / 2);
          } else {
            Thread.onSpinWait();
          }
          continue;
        }
        while (sent < due) {
          buf.clear();
          buf.putLong(0, sent);
          try {
            ch[next].write(buf);
            sent++;
          } catch (PortUnreachableException e) {
            // The gateway's (rate-limited) ICMP port unreachable for an earlier datagram; go on.
            unreachable++;
          }
          if (++next == flows) {
            next = 0;
          }
        }
      }
    } finally {
      long nanos = System.nanoTime() - start;
      for (DatagramChannel c : ch) {
        c.close();
      }
      System.out.println("sent=" + sent + " nanos=" + nanos + " unreachable=" + unreachable);
    }
  }
}
