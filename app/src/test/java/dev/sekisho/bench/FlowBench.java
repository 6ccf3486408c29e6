package dev.sekisho.bench;

import dev.sekisho.capture.BlockedEvent;
import dev.sekisho.capture.BlockedLog;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.capture.FlowPage;
import dev.sekisho.capture.FlowQuery;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.capture.FlowTable;
import dev.sekisho.capture.FrameParser;
import dev.sekisho.capture.HostNames;
import dev.sekisho.capture.HostTotal;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.capture.KernelStats;
import dev.sekisho.capture.LanSide;
import dev.sekisho.capture.PacketSummary;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.web.LiveViewProbe;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live flow view at campus scale, without a network or root: a synthetic feed of
 * {@link PacketSummary} (what the parser hands the flow table; the parser and libpcap are
 * {@link PipelineBench}'s and {@link CaptureBench}'s) builds N distinct flows of 2,000 LAN hosts
 * (TCP and UDP, a few packets each) in a {@link FlowTable} with a bound of at least N; then, in rounds,
 * more packets arrive, a snapshot is published as the capture thread does every 250 ms, and each query
 * kind of the page runs once against it, interleaved: {@code LiveView} as {@code GET /flows} renders it
 * (query, top talkers, unknown hosts; without Thymeleaf and HTTP) and its JSON as
 * {@code GET /flows/stream} answers it. So the first query after a publish pays whatever a snapshot
 * computes lazily. Reported: feed ns/packet, publish (snapshot) p50/p99, p50/p99 per query kind, heap
 * per flow (used heap after full GCs with the table and its latest snapshot, minus before, divided by
 * flows) and the process's RSS. Each time is given as wall time and as the thread's CPU time: on a machine
 * that other work shares, the wall time includes waiting for a core, the CPU time does not (nor the
 * collector's threads). Run it under the service's flags ({@code -Xmx256m}, docker/sekisho.service).
 *
 * <pre>
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.sekisho.bench.FlowBench \
 *     [flows,...] [--rounds 40]
 * java -Xmx256m ... dev.sekisho.bench.FlowBench --soak 600 [flows]   # steady mix, RSS/heap every 10 s
 * </pre>
 */
public final class FlowBench {
  private static final int HOSTS = 2_000;
  private static final long GATEWAY = 0x025e6b000001L;
  private static final long T0 = 1_780_000_000_000_000L;

  private FlowBench() {}

  /** A flow source over one published snapshot, as {@code CaptureService} is. */
  static final class Source implements FlowSource {
    volatile FlowSnapshot latest = FlowSnapshot.empty();
    private final CaptureStatus running = new CaptureStatus(CaptureStatus.State.RUNNING, null, "bench",
        Instant.now());

    @Override
    public CaptureStatus status() {
      return running;
    }

    @Override
    public CaptureStatus blockedStatus() {
      return running;
    }

    @Override
    public FlowSnapshot snapshot() {
      return latest;
    }

    @Override
    public FlowPage flows(FlowQuery query, HostNames names) {
      return latest.query(query, names);
    }

    @Override
    public List<HostTotal> topTalkers(int limit, HostNames names) {
      return latest.topTalkers(limit, names);
    }

    @Override
    public List<HostTotal> unknownHosts(HostNames names) {
      return latest.unknownHosts(names);
    }

    @Override
    public List<BlockedEvent> blocked(int limit, HostNames names) {
      return List.of();
    }

    @Override
    public BlockedLog.Counters blockedCounters() {
      return new BlockedLog.Counters(0, 0, 0, 0, 0);
    }

    @Override
    public KernelStats blockedKernelStats() {
      return KernelStats.NONE;
    }
  }

  static int lanIp(int host) {
    return (10 << 24) | (20 << 16) | ((host >> 8) << 8) | (host & 0xff);
  }

  static long lanMac(int host) {
    return 0x020000000000L | (host + 1);
  }

  /** Packet {@code seq} of flow {@code i}: even seq out, odd in; TCP for 3 flows of 4, else UDP. */
  static PacketSummary packet(int i, int seq, long t) {
    int host = i % HOSTS;
    int lan = lanIp(host + 1);
    int remote = (198 << 24) | (18 << 16) | ((i / HOSTS) & 0xffff);
    int lanPort = 10_000 + (i / HOSTS / 65536) * 97 + host % 50_000;
    int remotePort = (i & 3) == 3 ? 53 : (i & 1) == 0 ? 443 : 80;
    int proto = (i & 3) == 3 ? IpProtocols.UDP : IpProtocols.TCP;
    int len = 60 + (int) ((i * 2654435761L >>> 7) % 1400);
    int flags = proto == IpProtocols.TCP ? (seq == 0 ? 0x02 : seq == 1 ? 0x12 : 0x10) : 0;
    boolean out = (seq & 1) == 0;
    IpAddress l = IpAddress.ofV4(lan);
    IpAddress r = IpAddress.ofV4(remote);
    return out
        ? new PacketSummary(t, lanMac(host), GATEWAY, -1, 4, proto, l, r, lanPort, remotePort, flags, 20, -1, len)
        : new PacketSummary(t, GATEWAY, lanMac(host), -1, 4, proto, r, l, remotePort, lanPort, flags, 20, -1, len);
  }

  static Config config() {
    List<Host> hosts = new ArrayList<>();
    // Half of the LAN hosts are in the inventory, as in an office where guests are not.
    for (int h = 0; h < HOSTS; h += 2) {
      hosts.add(new Host(h + 1, "host-" + h, new Mac(lanMac(h)), new Ipv4(lanIp(h + 1))));
    }
    return Config.of(List.of(), hosts, List.of(), dev.sekisho.config.Settings.DEFAULTS);
  }

  static final FrameParser.Counters NO_PARSE = new FrameParser.Counters(0, 0, 0, 0, 0, 0);

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    int rounds = 40;
    long soak = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--soak" -> soak = Long.parseLong(args[++i]);
        default -> Arrays.stream(args[i].split(",")).map(Integer::parseInt).forEach(sizes::add);
      }
    }
    if (sizes.isEmpty()) {
      sizes = soak > 0 ? List.of(200_000) : List.of(65_536, 200_000);
    }
    System.out.printf(Locale.ROOT, "# FlowBench: java %s, args %s, max heap %d MB, %d cpus, load %s%n",
        System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(),
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), load());
    if (soak > 0) {
      soak(sizes.get(0), soak);
      return;
    }
    for (int n : sizes) {
      run(n, rounds);
    }
  }

  static void run(int n, int rounds) {
    LanSide lan = new LanSide(Set.of(GATEWAY), List.of(Cidr.parse("10.20.0.0/16")));
    long before = usedHeap();
    FlowTable table = new FlowTable(FlowTable.Settings.defaults().withMaxFlows(Math.max(n, 1)), lan);
    long t = T0;
    long f0 = System.nanoTime();
    long packets = 0;
    for (int seq = 0; seq < 4; seq++) {
      for (int i = 0; i < n; i++) {
        table.add(packet(i, seq, t));
        t += 2;
        packets++;
      }
    }
    long feedNs = System.nanoTime() - f0;
    Source src = new Source();
    src.latest = table.snapshot(t, NO_PARSE, KernelStats.NONE);
    long after = usedHeap();
    double perFlow = (after - before) / (double) table.size();
    Config config = config();
    Map<String, Map<String, String>> kinds = new LinkedHashMap<>();
    kinds.put("page sort=bytes", Map.of("sort", "bytes", "limit", "50"));
    kinds.put("page sort=rate", Map.of("sort", "rate", "limit", "50"));
    kinds.put("page sort=recent", Map.of("sort", "recent", "limit", "50"));
    kinds.put("json sort=bytes", Map.of("sort", "bytes", "limit", "50"));
    kinds.put("page host=host-42", Map.of("host", "host-42", "limit", "50"));
    kinds.put("page address=198.18.0.7", Map.of("address", "198.18.0.7", "limit", "50"));
    kinds.put("page port=53", Map.of("port", "53", "limit", "50"));
    kinds.put("page q=10.20.1.7", Map.of("q", "10.20.1.7", "limit", "50"));
    Map<String, long[]> times = new LinkedHashMap<>();
    Map<String, long[]> cpus = new LinkedHashMap<>();
    kinds.keySet().forEach(k -> times.put(k, new long[rounds]));
    kinds.keySet().forEach(k -> cpus.put(k, new long[rounds]));
    long[] publishCpu = new long[rounds];
    long[] publish = new long[rounds];
    int next = 0;
    for (int r = 0; r < rounds; r++) {
      // 250 ms of a busy LAN: packets on existing flows (the table keeps its size), then a publish.
      for (int j = 0; j < 2_000; j++) {
        table.add(packet(next, 4 + r, t));
        next = (next + 7919) % n;
        t += 100;
      }
      long p0 = System.nanoTime();
      long pc = cpu();
      src.latest = table.snapshot(t, NO_PARSE, KernelStats.NONE);
      publish[r] = System.nanoTime() - p0;
      publishCpu[r] = cpu() - pc;
      for (Map.Entry<String, Map<String, String>> k : kinds.entrySet()) {
        long q0 = System.nanoTime();
        long qc = cpu();
        if (k.getKey().startsWith("json")) {
          sink += LiveViewProbe.json(src, config, k.getValue()).length();
        } else {
          sink += LiveViewProbe.view(src, config, k.getValue()).hashCode() & 1;
        }
        times.get(k.getKey())[r] = System.nanoTime() - q0;
        cpus.get(k.getKey())[r] = cpu() - qc;
      }
    }
    FlowTable.Counters c = table.counters();
    System.out.printf(Locale.ROOT, "flows %,d (asked %,d, bound %,d): created %,d, evicted %,d; feed %.0f ns/packet"
        + " (%,d packets)%n", table.size(), n, table.settings().maxFlows(), c.flowsCreated(), c.flowsEvicted(),
        feedNs / (double) packets, packets);
    System.out.printf(Locale.ROOT, "  heap per flow %.0f B (table + latest snapshot), used heap %d MB, RSS %d MB,"
        + " load %s%n", perFlow, usedHeap() >> 20, rssKb() >> 10, load());
    System.out.printf(Locale.ROOT, "  %-28s wall p50 %7.2f ms  p99 %7.2f ms | thread cpu p50 %7.2f ms  p99 %7.2f ms%n",
        "publish (snapshot)", pct(publish, 50), pct(publish, 99), pct(publishCpu, 50), pct(publishCpu, 99));
    times.forEach((k, v) -> System.out.printf(Locale.ROOT,
        "  %-28s wall p50 %7.2f ms  p99 %7.2f ms | thread cpu p50 %7.2f ms  p99 %7.2f ms%n", k, pct(v, 50),
        pct(v, 99), pct(cpus.get(k), 50), pct(cpus.get(k), 99)));
    src.latest = FlowSnapshot.empty();
  }

  /**
   * A steady mix for {@code seconds}: {@code n / 2} long-lived flows that keep sending, and short flows
   * that start at a steady rate and expire after the UDP idle time (here scaled: the table expires them by
   * virtual time). Every 250 ms of virtual time a snapshot is published and one page query runs; every 10 s
   * of real time the flow count, used heap after GC and RSS are printed.
   */
  static void soak(int n, long seconds) {
    LanSide lan = new LanSide(Set.of(GATEWAY), List.of(Cidr.parse("10.20.0.0/16")));
    FlowTable table = new FlowTable(FlowTable.Settings.defaults().withMaxFlows(n), lan);
    Source src = new Source();
    Config config = config();
    int longLived = n / 2;
    long t = T0;
    for (int i = 0; i < longLived; i++) {
      table.add(packet(i, 0, t));
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long nextSample = System.nanoTime();
    int shortNext = 0;
    int ticks = 0;
    System.out.println("  elapsed_s flows created expired evicted used_heap_MB rss_MB page_ms load");
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      // 250 ms of virtual time: 1,000 packets on long-lived flows, 250 new short flows (2 packets each).
      for (int j = 0; j < 1_000; j++) {
        table.add(packet((ticks * 1_000 + j) % longLived, 2, t));
        t += 100;
      }
      for (int j = 0; j < 250; j++) {
        // UDP (id % 4 == 3), so they expire after the UDP idle time of one minute.
        int id = longLived + 4 * (shortNext++ % n) + 3;
        table.add(packet(id, 0, t));
        table.add(packet(id, 1, t + 50));
        t += 300;
      }
      t += 250_000 - 1_000 * 100 - 250 * 300;
      table.expire(t);
      src.latest = table.snapshot(t, NO_PARSE, KernelStats.NONE);
      long q0 = System.nanoTime();
      sink += LiveViewProbe.view(src, config, Map.of("sort", "bytes", "limit", "50")).hashCode() & 1;
      long q = System.nanoTime() - q0;
      ticks++;
      if (System.nanoTime() >= nextSample) {
        FlowTable.Counters c = table.counters();
        System.out.printf(Locale.ROOT, "  %9d %,d %,d %,d %,d %d %d %.1f %s%n",
            (System.nanoTime() - start) / 1_000_000_000L, table.size(), c.flowsCreated(), c.flowsExpired(),
            c.flowsEvicted(), usedHeap() >> 20, rssKb() >> 10, q / 1e6, load());
        nextSample = System.nanoTime() + 10_000_000_000L;
      }
    }
  }

  static long sink;

  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time: on a shared machine, what a query costs apart from waiting for a core. */
  static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static double pct(long[] ns, int p) {
    long[] s = ns.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
  }

  static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
