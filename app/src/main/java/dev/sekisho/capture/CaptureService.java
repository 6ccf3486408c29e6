package dev.sekisho.capture;

import dev.sekisho.config.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;
import org.pcap4j.util.LinkLayerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's live view of its LAN: one thread captures the LAN interface into a
 * {@link FlowTable}, another reads the {@code nflog:<group>} pseudo-device into a
 * {@link BlockedLog}. Both run on threads from the supplied executor, so they can live in the
 * gateway's network namespace (the lab's {@code gw}) or in the process's own (a real gateway).
 *
 * <p>Readers (web handlers) call the query methods from any thread; they read the latest
 * published {@link FlowSnapshot} (at most {@link Settings#publishInterval()} old) and never wait
 * for the capture. When a capture cannot start, {@link #status()} / {@link #blockedStatus()} say
 * why; the other one may still run.
 */
public final class CaptureService implements FlowSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureService.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(3);
  /** Blocked events are rate-limited by the ruleset; 50 ms between polls is well within "a couple of seconds". */
  private static final Duration NFLOG_POLL = Duration.ofMillis(50);
  private static final int NFLOG_BATCH = 256;
  /** Pause before a capture thread opens its handle again after an error such as an OutOfMemoryError. */
  static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

  /**
   * How to capture.
   *
   * @param interfaceName the LAN interface, e.g. {@code lan0}
   * @param snaplen bytes kept per frame: enough for Ethernet, a VLAN tag, IPv4 with options or
   *     IPv6 with a few extension headers and the TCP flags
   * @param bufferBytes kernel capture buffer
   * @param filter BPF filter for the LAN capture
   * @param nflogGroup NFLOG group the log rules send to, or -1 for no blocked-traffic log
   * @param flows flow table bounds and idle times
   * @param blockedCapacity blocked events kept
   * @param gatewayMacs the gateway's MACs on the LAN (48-bit values); empty: read from the interface
   * @param lanNets LAN subnets, the fallback to tell the LAN side when the MAC does not
   * @param publishInterval how often readers get a new snapshot (and idle flows expire)
   */
  public record Settings(String interfaceName, int snaplen, int bufferBytes, String filter, int nflogGroup,
      FlowTable.Settings flows, int blockedCapacity, Set<Long> gatewayMacs, List<Network> lanNets,
      Duration publishInterval) {

    /** Copies the collections. */
    public Settings {
      gatewayMacs = Set.copyOf(gatewayMacs);
      lanNets = List.copyOf(lanNets);
    }

    /**
     * Sensible values for a LAN interface: snaplen 160, 4 MiB buffer, IPv4 and IPv6 (tagged or
     * not), NFLOG group 1, default flow bounds, 1,000 blocked events, snapshots every 250 ms.
     */
    public static Settings defaults(String interfaceName, List<Network> lanNets) {
      return new Settings(interfaceName, 160, 4 << 20, "ip or ip6 or (vlan and (ip or ip6))", 1,
          FlowTable.Settings.defaults(), 1_000, Set.of(), lanNets, Duration.ofMillis(250));
    }

    /** The same with other flow-table settings. */
    public Settings withFlows(FlowTable.Settings f) {
      return new Settings(interfaceName, snaplen, bufferBytes, filter, nflogGroup, f, blockedCapacity, gatewayMacs,
          lanNets, publishInterval);
    }

    /** The same on another interface. */
    public Settings withInterface(String name) {
      return new Settings(name, snaplen, bufferBytes, filter, nflogGroup, flows, blockedCapacity, gatewayMacs,
          lanNets, publishInterval);
    }
  }

  private final Settings settings;
  private final Supplier<ExecutorService> threads;
  private final PacketSource.Opener opener;
  private final Duration restartPause;
  private final BlockedLog blocked;
  private volatile FlowSnapshot latest = FlowSnapshot.empty();
  private volatile CaptureStatus status = CaptureStatus.of(CaptureStatus.State.STOPPED, "not started");
  private volatile CaptureStatus blockedStatus = CaptureStatus.of(CaptureStatus.State.STOPPED, "not started");
  private volatile KernelStats blockedKernel = KernelStats.NONE;
  private volatile PacketSource lanSource;
  private volatile long restarts;
  /** The LAN capture's parser and table; only the capture thread uses it, null until its first start. */
  private LanPipeline lanPipe;
  private volatile boolean stopping;
  private ExecutorService executor;
  private ScheduledExecutorService waker;

  /**
   * @param settings what to capture
   * @param threads makes the executor the two capture threads run on (called at each start;
   *     shut down at stop), e.g. {@code () -> gwNamespace.newExecutor("capture", 2)}
   */
  public CaptureService(Settings settings, Supplier<ExecutorService> threads) {
    this(settings, threads, PcapSource::live, RESTART_PAUSE);
  }

  /** The same reading from {@code opener} instead of libpcap (tests of the threads themselves). */
  CaptureService(Settings settings, Supplier<ExecutorService> threads, PacketSource.Opener opener,
      Duration restartPause) {
    this.settings = settings;
    this.threads = threads;
    this.opener = opener;
    this.restartPause = restartPause;
    this.blocked = new BlockedLog(settings.blockedCapacity(), new NflogParser());
  }

  /** Starts both captures; returns at once, see {@link #status()}. Does nothing if running. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    stopping = false;
    lanPipe = null;
    restarts = 0;
    status = CaptureStatus.of(CaptureStatus.State.STARTING, "opening " + settings.interfaceName());
    executor = threads.get();
    waker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "capture-waker");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(10, settings.publishInterval().toMillis());
    // The capture threads block in libpcap while idle; waking them on a clock lets them expire
    // flows and publish snapshots even when no packet comes.
    waker.scheduleAtFixedRate(this::wakeAll, period, period, TimeUnit.MILLISECONDS);
    executor.execute(() -> supervised("flow capture", this::runLan, s -> status = s));
    if (settings.nflogGroup() >= 0) {
      blockedStatus = CaptureStatus.of(CaptureStatus.State.STARTING, "opening nflog:" + settings.nflogGroup());
      executor.execute(() -> supervised("blocked-traffic log", this::runNflog, s -> blockedStatus = s));
    }
  }

  /** Stops both captures and waits a bounded time for their threads. Idempotent. */
  public synchronized void stop() {
    if (executor == null) {
      return;
    }
    stopping = true;
    waker.shutdownNow();
    wakeAll();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("capture threads did not stop within {}", STOP_WAIT);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
    waker = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Runs a capture loop and, when it ends in an Error such as an OutOfMemoryError (a burst of flows, a huge
   * snapshot, another thread's allocation failing in this one), says so in the status and runs it again after
   * a pause, with its handle opened afresh: the loops handle bad input and libpcap's errors themselves, but an
   * Error would otherwise end the thread while the page still showed "capturing". The tables survive; only
   * the frames of the pause are missed (and counted by the kernel as drops).
   */
  private void supervised(String what, Runnable loop, Consumer<CaptureStatus> report) {
    while (!stopping) {
      try {
        loop.run();
        return;
      } catch (VirtualMachineError e) {
        long n = ++restarts;
        report.accept(CaptureStatus.failed(new CaptureException(CaptureException.Reason.FAILED, what
            + " stopped: " + e + "; starting it again (" + n + (n == 1 ? " restart" : " restarts") + " so far)",
            null)));
        LOG.error("{} stopped ({}); starting it again in {} ms", what, e, restartPause.toMillis());
        try {
          Thread.sleep(restartPause.toMillis());
        } catch (InterruptedException ie) {
          report.accept(CaptureStatus.of(CaptureStatus.State.STOPPED, "stopped"));
          return;
        }
      }
    }
  }

  /** How often a capture thread was started again after an Error (see {@link #status()}). */
  long restarts() {
    return restarts;
  }

  private void wakeAll() {
    PacketSource l = lanSource;
    if (l != null) {
      l.wake();
    }
  }

  private void runLan() {
    try (PacketSource src = opener.open(settings.interfaceName(), settings.snaplen(), settings.bufferBytes(),
        settings.filter())) {
      if (src.linkType() != FrameParser.DLT_EN10MB) {
        throw new CaptureException(CaptureException.Reason.UNSUPPORTED_LINK,
            settings.interfaceName() + " is not Ethernet (link type " + src.linkType() + ")", null);
      }
      Set<Long> macs = settings.gatewayMacs().isEmpty() ? interfaceMacs(settings.interfaceName())
          : settings.gatewayMacs();
      // Kept across a restart after an Error, so the flows seen so far stay on the page.
      if (lanPipe == null) {
        lanPipe = new LanPipeline(new FlowTable(settings.flows(), new LanSide(macs, settings.lanNets())));
      }
      LanPipeline pipe = lanPipe;
      lanSource = src;
      status = CaptureStatus.of(CaptureStatus.State.RUNNING, "capturing on " + settings.interfaceName()
          + (restarts == 0 ? "" : " (started again after an error; see the log)"));
      long period = settings.publishInterval().toNanos();
      long next = System.nanoTime() + period;
      while (!stopping) {
        src.run(-1, pipe::frame);
        long now = System.nanoTime();
        if (now - next >= 0 || stopping) {
          long wall = System.currentTimeMillis() * 1000;
          pipe.table.expire(wall);
          latest = pipe.snapshot(wall, src.stats());
          next = now + period;
        }
      }
      status = CaptureStatus.of(CaptureStatus.State.STOPPED, "stopped");
    } catch (CaptureException e) {
      status = CaptureStatus.failed(e);
      LOG.warn("flow capture: {}", e.getMessage());
    } catch (RuntimeException e) {
      status = CaptureStatus.failed(new CaptureException(CaptureException.Reason.FAILED, e.toString(), e));
      LOG.error("flow capture failed", e);
    } finally {
      lanSource = null;
    }
  }

  /** The interface's own MACs, as libpcap lists them in this thread's namespace. */
  private static Set<Long> interfaceMacs(String name) {
    Set<Long> out = new HashSet<>();
    try {
      PcapNetworkInterface nif = Pcaps.getDevByName(name);
      if (nif != null) {
        for (LinkLayerAddress a : nif.getLinkLayerAddresses()) {
          byte[] m = a.getAddress();
          if (m.length == 6) {
            out.add(Bytes.mac(m, 0));
          }
        }
      }
    } catch (Exception e) {
      LOG.warn("cannot read the MAC of {}; telling the LAN side by subnet only: {}", name, e.toString());
    }
    return out;
  }

  private void runNflog() {
    String dev = "nflog:" + settings.nflogGroup();
    // Headers are all we show; 512 bytes hold the NFLOG TLVs (the prefix comes before the payload).
    try (PacketSource src = opener.open(dev, 512, 0, null)) {
      if (src.linkType() != NflogParser.DLT_NFLOG) {
        throw new CaptureException(CaptureException.Reason.UNSUPPORTED_LINK, dev + " is not NFLOG", null);
      }
      // Polled, not woken: breaking libpcap's NFLOG read loses the record (see PcapSource).
      src.nonBlocking();
      blockedStatus = CaptureStatus.of(CaptureStatus.State.RUNNING, "reading " + dev
          + (restarts == 0 ? "" : " (started again after an error; see the log)"));
      while (!stopping) {
        int n = src.dispatch(NFLOG_BATCH, (b, cap, wire, t) -> blocked.accept(b, cap, t));
        blockedKernel = src.stats();
        if (n == 0) {
          Thread.sleep(NFLOG_POLL.toMillis());
        }
      }
      blockedStatus = CaptureStatus.of(CaptureStatus.State.STOPPED, "stopped");
    } catch (InterruptedException e) {
      blockedStatus = CaptureStatus.of(CaptureStatus.State.STOPPED, "stopped");
    } catch (CaptureException e) {
      blockedStatus = CaptureStatus.failed(e);
      LOG.warn("blocked-traffic log: {}", e.getMessage());
    } catch (RuntimeException e) {
      blockedStatus = CaptureStatus.failed(new CaptureException(CaptureException.Reason.FAILED, e.toString(), e));
      LOG.error("blocked-traffic log failed", e);
    }
  }

  /** The flow capture's state. */
  @Override
  public CaptureStatus status() {
    return status;
  }

  /** The blocked-traffic log's state. */
  @Override
  public CaptureStatus blockedStatus() {
    return blockedStatus;
  }

  /** The latest published snapshot (empty before the first). */
  @Override
  public FlowSnapshot snapshot() {
    return latest;
  }

  /** Filters, sorts and limits the latest snapshot's flows. */
  @Override
  public FlowPage flows(FlowQuery query, HostNames names) {
    return latest.query(query, names);
  }

  /** Hosts with the most bytes, with names. */
  @Override
  public List<HostTotal> topTalkers(int limit, HostNames names) {
    return latest.topTalkers(limit, names);
  }

  /** Hosts seen on the LAN that the inventory does not know. */
  @Override
  public List<HostTotal> unknownHosts(HostNames names) {
    return latest.unknownHosts(names);
  }

  /** Hands the blocked connections of hosts in ask mode to {@code listener} (the decisions inbox). */
  public void onAsk(BlockedLog.AskListener listener) {
    blocked.onAsk(listener);
  }

  /** The latest blocked events, newest first. */
  @Override
  public List<BlockedEvent> blocked(int limit, HostNames names) {
    return blocked.recent(limit, names);
  }

  /** The blocked-traffic log's counters. */
  @Override
  public BlockedLog.Counters blockedCounters() {
    return blocked.counters();
  }

  /** libpcap's counters for the NFLOG handle. */
  @Override
  public KernelStats blockedKernelStats() {
    return blockedKernel;
  }

  /**
   * Runs a pcap file of Ethernet frames through the same parser and flow table as the live
   * capture, reading at most {@code maxPackets}; the snapshot is taken at the last packet's time.
   */
  public static FlowSnapshot analyse(Path pcap, FlowTable.Settings flows, LanSide lanSide, int maxPackets)
      throws CaptureException {
    LanPipeline pipe = new LanPipeline(new FlowTable(flows, lanSide));
    long[] last = {0};
    try (PcapSource src = PcapSource.offline(pcap)) {
      if (src.linkType() != FrameParser.DLT_EN10MB) {
        throw new CaptureException(CaptureException.Reason.UNSUPPORTED_LINK,
            pcap + " is not Ethernet (link type " + src.linkType() + ")", null);
      }
      src.run(maxPackets, (b, cap, wire, t) -> {
        last[0] = Math.max(last[0], t);
        pipe.frame(b, cap, wire, t);
      });
    }
    return pipe.snapshot(last[0], KernelStats.NONE);
  }
}
