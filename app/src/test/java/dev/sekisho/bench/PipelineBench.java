package dev.sekisho.bench;

import dev.sekisho.capture.CaptureService;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.FlowTable;
import dev.sekisho.capture.FrameParser;
import dev.sekisho.capture.LanSide;
import dev.sekisho.capture.PacketSummary;
import dev.sekisho.capture.PcapSource;
import dev.sekisho.config.Cidr;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the capture's per-packet time goes, without a network or root: the flood's frames (60-byte
 * UDP, 64 flows) are written to a pcap file and read back through libpcap, timing (a) pcap4j's
 * packet loop with an empty sink, (b) Sekisho's parser and flow table on frames already in memory,
 * and (c) both together ({@link CaptureService#analyse}). Best of five rounds each, nanoseconds per
 * frame of one thread. Companion of {@link CaptureBench}; not a test.
 *
 * <pre>java -cp target/sekisho.jar:target/test-classes dev.sekisho.bench.PipelineBench [frames]</pre>
 */
public final class PipelineBench {
  private static final int FLOWS = 64;

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    if (n < 1 || n > 20_000_000) {
      throw new IllegalArgumentException("1 <= frames <= 20,000,000");
    }
    byte[] srcMac = RawFlood.mac("02:5e:6b:00:01:0a");
    byte[] gwMac = RawFlood.mac("02:5e:6b:00:00:01");
    byte[] src = InetAddress.getByName("192.168.77.10").getAddress();
    byte[] dst = InetAddress.getByName("192.168.77.1").getAddress();
    byte[][] frames = new byte[FLOWS][];
    for (int i = 0; i < FLOWS; i++) {
      frames[i] = RawFlood.frame(srcMac, gwMac, src, dst, 40000 + i, 9, i);
    }
    Path file = Files.createTempFile("sekisho-pipeline", ".pcap");
    try {
      long t0 = System.currentTimeMillis() * 1000;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          long t = t0 + i * 5L;
          byte[] f = frames[i % FLOWS];
          r.clear();
          r.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(f.length).putInt(f.length);
          out.write(r.array());
          out.write(f);
        }
      }
      LanSide lan = new LanSide(Set.of(0x025e6b000001L), List.of(Cidr.parse("192.168.77.0/24")));
      System.out.printf(Locale.ROOT, "# %d frames of 60 bytes, %d flows; best of 5 rounds, ns per frame%n", n, FLOWS);
      long[] sink = {0};
      report("pcap4j loop, empty sink", best(() -> PcapSource.readFile(file, -1, (b, c, w, t) -> sink[0] += c)), n);
      report("parser + flow table (in memory)", best(() -> {
        FrameParser p = new FrameParser();
        FlowTable table = new FlowTable(FlowTable.Settings.defaults(), lan);
        for (int i = 0; i < n; i++) {
          PacketSummary s = p.parseEthernet(frames[i % FLOWS], 60, 60, t0 + i * 5L);
          if (s != null) {
            table.add(s);
          }
        }
        sink[0] += table.size();
      }), n);
      report("both (CaptureService.analyse)", best(() -> {
        FlowSnapshot s = CaptureService.analyse(file, FlowTable.Settings.defaults(), lan, -1);
        sink[0] += s.table().packets();
      }), n);
      System.out.println("# (checksum " + sink[0] + ")");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private static long best(Body b) throws Exception {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      b.run();
      best = Math.min(best, System.nanoTime() - t);
    }
    return best;
  }

  private static void report(String what, long nanos, int n) {
    System.out.printf(Locale.ROOT, "%-34s %7.0f ns/frame  (%.2f M frames/s on one thread)%n", what,
        (double) nanos / n, n * 1e3 / nanos);
  }
}
