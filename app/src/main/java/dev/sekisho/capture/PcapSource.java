package dev.sekisho.capture;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Locale;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * A libpcap handle through pcap4j, used only for what pcap4j is good at: opening a live interface
 * or a file, the BPF filter, the packet loop and the kernel's statistics. Frames are handed on as
 * raw bytes; Sekisho decodes them itself ({@link FrameParser}, {@link NflogParser}).
 *
 * <p>The loop blocks in libpcap while no packet arrives (see STACK-NOTES), so {@link #wake()}
 * ({@code pcap_breakloop}, which libpcap 1.10 on Linux delivers through an eventfd, waking the
 * poll at once) is how another thread gets the capture thread back, to stop it or to let it do
 * periodic work.
 *
 * <p>Not for {@code nflog:} handles: libpcap's NFLOG reader checks the break flag right after
 * {@code recv()} and throws the record it just received away, and a blocking {@code recv()} is
 * not woken by it anyway. Read those with {@link #nonBlocking()} and {@link #dispatch}.
 *
 * <p>A live handle must be opened on a thread inside the namespace whose interface it captures.
 */
public final class PcapSource implements AutoCloseable {
  static {
    // pcap4j logs every loop start and break at INFO; Sekisho breaks the loop a few times a second.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.pcap4j") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
    }
  }

  /** Receives one captured frame; the array is the frame's own, {@code b.length == capLen}. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param b the captured bytes
     * @param capLen bytes captured
     * @param wireLen the frame's length on the wire
     * @param timeMicros capture time in microseconds since the epoch
     */
    void frame(byte[] b, int capLen, int wireLen, long timeMicros);
  }

  private final PcapHandle handle;
  private final boolean live;

  private PcapSource(PcapHandle handle, boolean live) {
    this.handle = handle;
    this.live = live;
  }

  /**
   * Opens a live capture on {@code device} (an interface, or {@code nflog:<group>}).
   *
   * @param snaplen bytes kept of each frame
   * @param bufferBytes kernel ring size; bigger rides out bursts (0 for libpcap's default)
   * @param filter BPF filter expression, or null for none
   */
  public static PcapSource live(String device, int snaplen, int bufferBytes, String filter)
      throws CaptureException {
    PcapHandle h = null;
    try {
      PcapHandle.Builder b = new PcapHandle.Builder(device).snaplen(snaplen).timeoutMillis(100);
      if (!device.startsWith("nflog:")) {
        // The gateway sees its LAN's traffic to and from itself without promiscuous mode.
        b.promiscuousMode(PromiscuousMode.NONPROMISCUOUS);
      }
      if (bufferBytes > 0) {
        b.bufferSize(bufferBytes);
      }
      h = b.build();
      if (filter != null) {
        h.setFilter(filter, BpfCompileMode.OPTIMIZE);
      }
      return new PcapSource(h, true);
    } catch (PcapNativeException | NotOpenException e) {
      if (h != null) {
        h.close();
      }
      throw classify(device, e);
    } catch (LinkageError e) {
      throw new CaptureException(CaptureException.Reason.NO_LIBPCAP,
          "libpcap could not be loaded (install libpcap0.8): " + e.getMessage(), e);
    }
  }

  /** Opens a pcap file. */
  public static PcapSource offline(Path file) throws CaptureException {
    try {
      return new PcapSource(Pcaps.openOffline(file.toString()), false);
    } catch (PcapNativeException e) {
      throw new CaptureException(CaptureException.Reason.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
    } catch (LinkageError e) {
      throw new CaptureException(CaptureException.Reason.NO_LIBPCAP, "libpcap could not be loaded", e);
    }
  }

  private static CaptureException classify(String device, Exception e) {
    String m = String.valueOf(e.getMessage());
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("no such device") || lower.contains("doesn't exist")) {
      return new CaptureException(CaptureException.Reason.NO_SUCH_INTERFACE,
          "interface " + device + " does not exist here", e);
    }
    if (device.startsWith("nflog:") && (lower.contains("permitted") || lower.contains("busy"))) {
      // The kernel lets one socket per namespace read a group; a second reader gets EPERM too.
      return new CaptureException(CaptureException.Reason.NO_PERMISSION, "cannot read " + device
          + ": not root, or another program (ulogd, tcpdump, a second Sekisho) already reads this group", e);
    }
    if (lower.contains("permitted") || lower.contains("permission")) {
      return new CaptureException(CaptureException.Reason.NO_PERMISSION,
          "no permission to capture on " + device + " (run as root or grant CAP_NET_RAW and CAP_NET_ADMIN)", e);
    }
    return new CaptureException(CaptureException.Reason.FAILED, "capture on " + device + " failed: " + m, e);
  }

  /** The pcap link type (1 Ethernet, 239 NFLOG, ...). */
  public int linkType() {
    return handle.getDlt().value();
  }

  /**
   * Hands frames to {@code sink} until {@link #wake()} is called, {@code maxPackets} were read
   * ({@code -1}: no limit), or the end of a file.
   *
   * @return true at the end of a file or the count, false when woken
   */
  public boolean run(int maxPackets, Sink sink) throws CaptureException {
    try {
      handle.loop(maxPackets, listener(sink));
      return true;
    } catch (InterruptedException e) {
      // pcap4j reports pcap_breakloop as InterruptedException; the thread was not interrupted.
      return false;
    } catch (PcapNativeException | NotOpenException e) {
      throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: " + e.getMessage(), e);
    }
  }

  /** Switches to non-blocking mode: {@link #dispatch} then returns 0 at once when nothing is waiting. */
  public void nonBlocking() throws CaptureException {
    try {
      handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
    } catch (PcapNativeException | NotOpenException e) {
      throw new CaptureException(CaptureException.Reason.FAILED, "cannot make the handle non-blocking", e);
    }
  }

  /**
   * Hands at most {@code maxPackets} frames that are already waiting to {@code sink}.
   *
   * @return how many were handed on (0: none waiting in non-blocking mode)
   */
  public int dispatch(int maxPackets, Sink sink) throws CaptureException {
    try {
      return handle.dispatch(maxPackets, listener(sink));
    } catch (InterruptedException e) {
      return 0;
    } catch (PcapNativeException e) {
      // libpcap's NFLOG reader reports a non-blocking recv() with nothing waiting as an error.
      if (String.valueOf(e.getMessage()).contains("Resource temporarily unavailable")) {
        return 0;
      }
      throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: " + e.getMessage(), e);
    } catch (NotOpenException e) {
      throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: " + e.getMessage(), e);
    }
  }

  private RawPacketListener listener(Sink sink) {
    return bytes -> {
      Timestamp ts = handle.getTimestamp();
      Integer wire = handle.getOriginalLength();
      long micros = ts == null ? System.currentTimeMillis() * 1000
          : Math.floorDiv(ts.getTime(), 1000) * 1_000_000 + ts.getNanos() / 1000;
      sink.frame(bytes, bytes.length, wire == null ? bytes.length : wire, micros);
    };
  }

  /** Makes a running {@link #run} return soon; safe from any thread, a no-op once closed. */
  public void wake() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // Closed already: nothing runs that needs waking.
    }
  }

  /** libpcap's counters, or {@link KernelStats#NONE} for a file or on error. */
  public KernelStats stats() {
    if (!live) {
      return KernelStats.NONE;
    }
    try {
      PcapStat s = handle.getStats();
      return new KernelStats(s.getNumPacketsReceived(), s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf());
    } catch (PcapNativeException | NotOpenException e) {
      return KernelStats.NONE;
    }
  }

  @Override
  public void close() {
    if (handle.isOpen()) {
      handle.close();
    }
  }

  /** Reads a whole pcap file (at most {@code maxPackets}) into {@code sink}. */
  public static void readFile(Path file, int maxPackets, Sink sink) throws CaptureException {
    try (PcapSource s = offline(file)) {
      s.run(maxPackets, sink);
    }
  }
}
