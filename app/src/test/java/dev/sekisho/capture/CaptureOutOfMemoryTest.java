package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * An OutOfMemoryError on a capture thread itself (not in a request) does not end the capture: the status says
 * what happened, the thread opens its source again after a pause, the flows seen before stay and new frames
 * and blocked packets keep arriving. The sources are scripted and throw the error on a chosen read.
 */
class CaptureOutOfMemoryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Delivers one new TCP flow per read, NFLOG records for the log; throws OutOfMemoryError on read 3. */
  private static final class ScriptedSource implements PacketSource {
    final boolean nflog;
    final AtomicInteger reads;

    ScriptedSource(boolean nflog, AtomicInteger reads) {
      this.nflog = nflog;
      this.reads = reads;
    }

    @Override
    public int linkType() {
      return nflog ? NflogParser.DLT_NFLOG : FrameParser.DLT_EN10MB;
    }

    @Override
    public boolean run(int maxPackets, PcapSource.Sink sink) {
      int n = next();
      byte[] f = Frames.ether(Frames.GW_MAC, Frames.HOST_MAC, 0x0800,
          Frames.ipv4("192.168.77.10", "203.0.113.10", 6, Frames.tcp(40000 + n, 443, 0x02, 0, 0)));
      sink.frame(f, f.length, f.length, System.currentTimeMillis() * 1000);
      return false;
    }

    @Override
    public void nonBlocking() {}

    @Override
    public int dispatch(int maxPackets, PcapSource.Sink sink) {
      next();
      byte[] r = NflogParserTest.record("sekisho:r12:deny ",
          Frames.ipv4("192.168.77.10", "203.0.113.10", 17, Frames.udp(5000, 53, 0)));
      sink.frame(r, r.length, r.length, System.currentTimeMillis() * 1000);
      return 1;
    }

    private int next() {
      int n = reads.incrementAndGet();
      if (n == 3) {
        throw new OutOfMemoryError("injected on read 3");
      }
      sleep(10);
      return n;
    }

    @Override
    public void wake() {}

    @Override
    public KernelStats stats() {
      return KernelStats.NONE;
    }

    @Override
    public void close() {}
  }

  @Test
  void bothCaptureThreadsCarryOnAfterAnOutOfMemoryError() {
    AtomicInteger lanReads = new AtomicInteger();
    AtomicInteger logReads = new AtomicInteger();
    AtomicInteger opens = new AtomicInteger();
    CaptureService.Settings d = CaptureService.Settings.defaults("lan0", List.of(Cidr.parse("192.168.77.0/24")));
    CaptureService.Settings settings = new CaptureService.Settings(d.interfaceName(), d.snaplen(),
        d.bufferBytes(), d.filter(), 1, d.flows(), 100, Set.of(Frames.GW_MAC), d.lanNets(), Duration.ofMillis(20));
    ExecutorService[] pool = new ExecutorService[1];
    CaptureService capture = new CaptureService(settings, () -> pool[0] = Executors.newFixedThreadPool(2),
        (device, snaplen, buffer, filter) -> {
          opens.incrementAndGet();
          boolean log = device.startsWith("nflog:");
          return new ScriptedSource(log, log ? logReads : lanReads);
        }, Duration.ofMillis(50));
    try {
      capture.start();
      waitFor(() -> lanReads.get() > 20 && logReads.get() > 20, "both threads read on after read 3");
      assertEquals(2, capture.restarts(), "each thread was started again once");
      assertEquals(4, opens.get(), "each source was opened again");
      waitFor(() -> capture.status().running() && capture.blockedStatus().running(), "both running again");
      assertTrue(capture.status().message().contains("started again after an error"), capture.status().message());
      // Read 1 and 2 came before the error: their flows are still in the table, and later ones were added.
      waitFor(() -> capture.snapshot().flows().size() >= 15, "flows before and after the error");
      assertTrue(capture.snapshot().flows().stream().anyMatch(f -> f.key().lanPort() == 40001),
          () -> "the first flow survived the restart: " + capture.snapshot().flows().get(0).key());
      assertTrue(capture.blockedCounters().events() >= 15, "blocked packets after the error");
    } finally {
      capture.stop();
    }
    assertTrue(pool[0].isShutdown());
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      sleep(10);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
