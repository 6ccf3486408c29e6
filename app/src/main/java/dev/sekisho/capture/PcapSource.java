package dev.sekisho.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;
import org.slf4j.LoggerFactory;

/**
 * A libpcap handle through pcap4j, used only for what pcap4j is good at: opening a live interface
 * or a file, the BPF filter, the packet loop and the kernel's statistics. Frames are handed on as
 * raw bytes; Sekisho decodes them itself ({@link FrameParser}, {@link NflogParser}).
 *
 * <p>The loop blocks in libpcap while no packet arrives: the handle's 100 ms read timeout does not
 * end a wait on an idle link, because on Linux (TPACKET_V3) the kernel hands a buffer block back
 * only once it holds a packet ({@code pcap(3PCAP)} warns that on some platforms the timer does not
 * start until a packet arrives). So {@link #wake()} ({@code pcap_breakloop}, which libpcap 1.10 on
 * Linux delivers through an eventfd, waking the poll at once) is how another thread gets the
 * capture thread back, to stop it or to let it do periodic work.
 *
 * <p>Not for {@code nflog:} handles: libpcap's NFLOG reader checks the break flag right after
 * {@code recv()} and throws the record it just received away, and a blocking {@code recv()} is
 * not woken by it anyway. Read those with {@link #nonBlocking()} and {@link #dispatch}.
 *
 * <p>A live handle must be opened on a thread inside the namespace whose interface it captures.
 */
public final class PcapSource implements PacketSource {
  static {
    // pcap4j logs every loop start and break at INFO; Sekisho breaks the loop a few times a second.
    if (System.getProperty("org.slf4j.simpleLogger.log.org.pcap4j") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.pcap4j", "warn");
    }
  }

  /**
   * Receives one captured frame. The array is only valid during the call and may be longer than
   * the frame: {@link #run} reuses one buffer for every frame (copy what you keep).
   */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param b the captured bytes, from index 0
     * @param capLen bytes captured ({@code <= b.length})
     * @param wireLen the frame's length on the wire
     * @param timeMicros capture time in microseconds since the epoch
     */
    void frame(byte[] b, int capLen, int wireLen, long timeMicros);
  }

  private final PcapHandle handle;
  private final boolean live;
  /** Frame buffer of {@link #run}, reused for every frame; grown when a frame is longer. */
  private byte[] frame = new byte[2048];

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
    if (NextEx.AVAILABLE) {
      return runNextEx(maxPackets, sink);
    }
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

  /**
   * The per-frame path of {@link #run}: {@code pcap_next_ex} called through a JNA direct mapping,
   * the header and the frame copied into reused arrays. pcap4j's {@code loop} costs about 1.7 us a
   * frame (a JNA callback from native code per frame, plus a {@code Timestamp}, a {@code byte[]}, a
   * {@code Runnable} and two {@code ThreadLocal}s); this costs a few downcalls and no allocation.
   * Holds pcap4j's handle lock (read side) like its own loop does, so a {@code close()} from
   * another thread waits instead of freeing the handle under us.
   */
  private boolean runNextEx(int maxPackets, Sink sink) throws CaptureException {
    ReentrantReadWriteLock.ReadLock lock = NextEx.lock(handle);
    if (!lock.tryLock()) {
      throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: handle closed", null);
    }
    try {
      if (!handle.isOpen()) {
        throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: handle closed", null);
      }
      long pcap = NextEx.address(handle);
      NextEx io = NextEx.forThread();
      for (int n = 0; maxPackets < 0 || n < maxPackets; ) {
        int rc = NextEx.pcap_next_ex(pcap, io.outAddress, io.outAddress + 8);
        if (rc == 1) {
          io.out.read(0, io.ptrs, 0, 2);
          // struct pcap_pkthdr on LP64 Linux: tv_sec, tv_usec (microseconds, pcap4j's default
          // precision), then caplen and len, the two 32-bit fields read as one little-endian long.
          Pointer.nativeValue(io.view, io.ptrs[0]);
          io.view.read(0, io.header, 0, 3);
          long sec = io.header[0];
          long usec = io.header[1];
          int capLen = (int) io.header[2];
          int wireLen = (int) (io.header[2] >>> 32);
          if (capLen < 0 || capLen > (1 << 20)) {
            throw new CaptureException(CaptureException.Reason.FAILED, "libpcap returned caplen " + capLen, null);
          }
          if (capLen > frame.length) {
            frame = new byte[capLen];
          }
          Pointer.nativeValue(io.view, io.ptrs[1]);
          io.view.read(0, frame, 0, capLen);
          sink.frame(frame, capLen, wireLen, sec * 1_000_000 + usec);
          n++;
        } else if (rc == 0) {
          // Live read timeout with nothing captured: keep waiting (wake() ends the wait).
          continue;
        } else if (rc == -2) {
          // pcap_breakloop on a live handle; the end of a file offline.
          return !live;
        } else {
          String why;
          try {
            why = handle.getError();
          } catch (NotOpenException e) {
            why = "handle closed";
          }
          throw new CaptureException(CaptureException.Reason.FAILED, "capture stopped: " + why, null);
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code pcap_next_ex} bound by JNA direct mapping, and pcap4j's private handle pointer and lock
   * (pcap4j is pinned to 1.8.2; if either is missing, or the platform is not 64-bit little-endian
   * Linux, {@link #AVAILABLE} is false and {@link #run} uses pcap4j's loop instead).
   */
  private static final class NextEx {
    static final boolean AVAILABLE;
    private static final Field HANDLE;
    private static final Field LOCK;
    private static final ThreadLocal<NextEx> PER_THREAD = ThreadLocal.withInitial(NextEx::new);

    static {
      boolean ok = false;
      Field h = null;
      Field l = null;
      try {
        if (Platform.isLinux() && Native.POINTER_SIZE == 8 && Native.LONG_SIZE == 8
            && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
          h = PcapHandle.class.getDeclaredField("handle");
          l = PcapHandle.class.getDeclaredField("handleLock");
          h.setAccessible(true);
          l.setAccessible(true);
          if (h.getType() == Pointer.class && l.getType() == ReentrantReadWriteLock.class) {
            // The library pcap4j loaded (same name property, same default).
            Native.register(NextEx.class, NativeLibrary.getInstance(
                System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
            ok = true;
          }
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        LoggerFactory.getLogger(PcapSource.class).warn("using pcap4j's packet loop (slower): {}", e.toString());
      }
      AVAILABLE = ok;
      HANDLE = h;
      LOCK = l;
    }

    /** {@code int pcap_next_ex(pcap_t *, struct pcap_pkthdr **, const u_char **)}. */
    static native int pcap_next_ex(long pcap, long headerOut, long dataOut);

    /** Two out-pointers for pcap_next_ex and reused arrays; one set per capturing thread. */
    final Memory out = new Memory(16);
    final long outAddress = Pointer.nativeValue(out);
    final long[] ptrs = new long[2];
    final long[] header = new long[3];
    final Pointer view = new Pointer(0);

    static NextEx forThread() {
      return PER_THREAD.get();
    }

    static long address(PcapHandle h) {
      try {
        return Pointer.nativeValue((Pointer) HANDLE.get(h));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    static ReentrantReadWriteLock.ReadLock lock(PcapHandle h) {
      try {
        return ((ReentrantReadWriteLock) LOCK.get(h)).readLock();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** True when {@link #run} uses the direct {@code pcap_next_ex} loop rather than pcap4j's. */
  static boolean fastLoop() {
    return NextEx.AVAILABLE;
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
