package dev.sekisho.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates packets into flows, both directions of a conversation in one {@link FlowKey}.
 *
 * <p><b>Threads.</b> One writer (the capture thread) calls {@link #add}, {@link #expire} and
 * {@link #snapshot}; the table itself is not synchronised. Readers never touch it: they get an
 * immutable {@link FlowSnapshot} that the writer publishes, so a slow web request cannot stall
 * the capture.
 *
 * <p><b>Memory.</b> At most {@link Settings#maxFlows()} flows and {@link Settings#maxHosts()}
 * host totals are kept. When a new flow would exceed the bound, the least recently seen flow is
 * evicted and counted; idle flows expire after a per-protocol time and are counted too. Both maps
 * are in access order, so finding the least recently seen is O(1) and expiry only walks the old
 * end.
 *
 * <p><b>What is counted.</b> Packets, and bytes as the IP length of each packet
 * ({@link PacketSummary#ipLength()}), each direction separately. The rate is the bytes both ways
 * of the latest window of at least one second, or of the current window once that has lasted a
 * second, so an idle flow decays to 0.
 */
public final class FlowTable {
  private static final long RATE_WINDOW_MICROS = 1_000_000;

  /**
   * Limits and idle times.
   *
   * @param maxFlows most flows kept at once
   * @param maxHosts most LAN-side hosts with totals kept at once
   * @param tcpIdle idle time after which an open TCP flow expires
   * @param tcpClosedIdle idle time after which a closed (FIN both ways or RST) TCP flow expires
   * @param udpIdle idle time of UDP flows
   * @param icmpIdle idle time of ICMP and ICMPv6 flows
   * @param otherIdle idle time of other protocols
   */
  public record Settings(int maxFlows, int maxHosts, Duration tcpIdle, Duration tcpClosedIdle, Duration udpIdle,
      Duration icmpIdle, Duration otherIdle) {

    /** Checks the values. */
    public Settings {
      if (maxFlows < 1 || maxHosts < 1) {
        throw new IllegalArgumentException("maxFlows and maxHosts must be positive");
      }
      for (Duration d : List.of(tcpIdle, tcpClosedIdle, udpIdle, icmpIdle, otherIdle)) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("idle times must be positive");
        }
      }
    }

    /**
     * 200,000 flows and 4,096 hosts (about 80 MB with the published snapshot, see FlowBench); TCP 10 minutes
     * open and 10 seconds closed, UDP 1 minute (DNS and most UDP are one exchange, but keep QUIC and
     * VoIP together), ICMP 30 seconds, others 1 minute.
     */
    public static Settings defaults() {
      return new Settings(DEFAULT_MAX_FLOWS, 4_096, Duration.ofMinutes(10), Duration.ofSeconds(10),
          Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    /**
     * The default flow bound: 200,000, or the system property {@code sekisho.capture.maxFlows} when set
     * (1,000 to 2,000,000; the service's 256 MB heap holds about 400 bytes a flow with its snapshot).
     */
    public static final int DEFAULT_MAX_FLOWS = Integer.getInteger("sekisho.capture.maxFlows", 200_000) < 1_000
        ? 1_000 : Math.min(2_000_000, Integer.getInteger("sekisho.capture.maxFlows", 200_000));

    /** The same with another flow bound. */
    public Settings withMaxFlows(int n) {
      return new Settings(n, maxHosts, tcpIdle, tcpClosedIdle, udpIdle, icmpIdle, otherIdle);
    }

    /** The same with another host bound. */
    public Settings withMaxHosts(int n) {
      return new Settings(maxFlows, n, tcpIdle, tcpClosedIdle, udpIdle, icmpIdle, otherIdle);
    }

    long minIdleMicros() {
      long m = Long.MAX_VALUE;
      for (Duration d : List.of(tcpIdle, tcpClosedIdle, udpIdle, icmpIdle, otherIdle)) {
        m = Math.min(m, micros(d));
      }
      return m;
    }
  }

  /**
   * What happened to flows and host totals so far.
   *
   * @param packets packets counted into flows
   * @param flowsCreated flows started
   * @param flowsExpired flows removed after their idle time
   * @param flowsEvicted flows removed early because the table was full
   * @param hostsEvicted host totals removed because the host bound was reached
   */
  public record Counters(long packets, long flowsCreated, long flowsExpired, long flowsEvicted,
      long hostsEvicted) {}

  private static final class Entry {
    final FlowKey key;
    long lanMac;
    long packetsOut;
    long bytesOut;
    long packetsIn;
    long bytesIn;
    final long first;
    long last;
    // TCP flags seen per direction, enough to derive the state.
    int flagsOut;
    int flagsIn;
    boolean synAckSeen;
    boolean ackAfterSynAck;
    long windowStart;
    long windowBytes;
    long lastRate;

    Entry(FlowKey key, long t) {
      this.key = key;
      this.first = t;
      this.last = t;
      this.windowStart = t;
    }
  }

  private record HostKey(long mac, IpAddress address) {}

  private static final class HostEntry {
    long packetsOut;
    long bytesOut;
    long packetsIn;
    long bytesIn;
    final long first;
    long last;

    HostEntry(long t) {
      first = t;
      last = t;
    }
  }

  private final Settings settings;
  private final LanSide lanSide;
  private final long minIdle;
  private long packets;
  private long created;
  private long expired;
  private long evicted;
  private long hostsEvicted;

  private final LinkedHashMap<FlowKey, Entry> flows;
  private final LinkedHashMap<HostKey, HostEntry> hosts;
  /** Flows in the table per LAN address, kept as flows come and go (for the top talkers' flow counts). */
  private final Map<IpAddress, int[]> lanFlows = new java.util.HashMap<>();

  /** An empty table. */
  public FlowTable(Settings settings, LanSide lanSide) {
    this.settings = settings;
    this.lanSide = lanSide;
    this.minIdle = settings.minIdleMicros();
    int cap = Math.min(settings.maxFlows(), 1 << 16);
    // The table grows by rehashing as flows arrive; a quiet LAN never pays for the bound.
    this.flows = new LinkedHashMap<>(cap, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<FlowKey, Entry> e) {
        if (size() > settings.maxFlows()) {
          evicted++;
          forget(e.getKey());
          return true;
        }
        return false;
      }
    };
    this.hosts = new LinkedHashMap<>(Math.min(settings.maxHosts(), 1 << 12), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<HostKey, HostEntry> e) {
        if (size() > settings.maxHosts()) {
          hostsEvicted++;
          return true;
        }
        return false;
      }
    };
  }

  /** The limits this table was made with. */
  public Settings settings() {
    return settings;
  }

  /** Flows in the table now. */
  public int size() {
    return flows.size();
  }

  /** Counts one packet into its flow, creating (and if need be evicting) as necessary. */
  public void add(PacketSummary p) {
    boolean out = lanSide.outbound(p);
    long t = p.timeMicros();
    FlowKey key = out
        ? new FlowKey(p.protocol(), p.src(), p.srcPort(), p.dst(), p.dstPort())
        : new FlowKey(p.protocol(), p.dst(), p.dstPort(), p.src(), p.srcPort());
    Entry e = flows.get(key);
    if (e == null) {
      e = new Entry(key, t);
      created++;
      lanFlows.computeIfAbsent(key.lanAddress(), a -> new int[1])[0]++;
      flows.put(key, e);
    }
    long lanMac = unicast(out ? p.srcMac() : p.dstMac());
    if (lanMac != 0) {
      e.lanMac = lanMac;
    }
    packets++;
    int len = p.ipLength();
    if (out) {
      e.packetsOut++;
      e.bytesOut += len;
      e.flagsOut |= p.tcpFlags();
    } else {
      e.packetsIn++;
      e.bytesIn += len;
      e.flagsIn |= p.tcpFlags();
    }
    if (p.protocol() == IpProtocols.TCP) {
      trackHandshake(e, p.tcpFlags());
    }
    e.last = Math.max(e.last, t);
    if (t - e.windowStart >= RATE_WINDOW_MICROS) {
      e.lastRate = e.windowBytes * 1_000_000 / (t - e.windowStart);
      e.windowStart = t;
      e.windowBytes = 0;
    }
    e.windowBytes += len;

    HostKey hk = new HostKey(lanMac, key.lanAddress());
    HostEntry h = hosts.get(hk);
    if (h == null) {
      h = new HostEntry(t);
      hosts.put(hk, h);
    }
    h.last = Math.max(h.last, t);
    if (out) {
      h.packetsOut++;
      h.bytesOut += len;
    } else {
      h.packetsIn++;
      h.bytesIn += len;
    }
  }

  private void forget(FlowKey key) {
    int[] c = lanFlows.get(key.lanAddress());
    if (c != null && --c[0] <= 0) {
      lanFlows.remove(key.lanAddress());
    }
  }

  private static void trackHandshake(Entry e, int flags) {
    boolean syn = (flags & PacketSummary.SYN) != 0;
    boolean ack = (flags & PacketSummary.ACK) != 0;
    if (syn && ack) {
      e.synAckSeen = true;
    } else if (ack && e.synAckSeen) {
      e.ackAfterSynAck = true;
    }
  }

  private static long unicast(long mac) {
    // Broadcast and multicast destinations are not a host.
    return ((mac >>> 40) & 1) == 1 ? 0 : mac;
  }

  /** Removes flows idle for longer than their protocol's idle time; returns how many. */
  public int expire(long nowMicros) {
    int n = 0;
    Iterator<Entry> it = flows.values().iterator();
    // Access order: the oldest "last seen" first. Past the shortest idle time nothing can expire.
    while (it.hasNext()) {
      Entry e = it.next();
      long idle = nowMicros - e.last;
      if (idle <= minIdle) {
        break;
      }
      if (idle > idleMicros(e)) {
        it.remove();
        forget(e.key);
        n++;
      }
    }
    expired += n;
    return n;
  }

  private long idleMicros(Entry e) {
    return switch (e.key.protocol()) {
      case IpProtocols.TCP -> micros(state(e).finished() ? settings.tcpClosedIdle() : settings.tcpIdle());
      case IpProtocols.UDP -> micros(settings.udpIdle());
      case IpProtocols.ICMP, IpProtocols.ICMPV6 -> micros(settings.icmpIdle());
      default -> micros(settings.otherIdle());
    };
  }

  private static TcpState state(Entry e) {
    if (e.key.protocol() != IpProtocols.TCP) {
      return TcpState.NONE;
    }
    int all = e.flagsOut | e.flagsIn;
    if ((all & PacketSummary.RST) != 0
        || ((e.flagsOut & PacketSummary.FIN) != 0 && (e.flagsIn & PacketSummary.FIN) != 0)) {
      return TcpState.CLOSED;
    }
    if ((all & PacketSummary.FIN) != 0) {
      return TcpState.CLOSING;
    }
    boolean syn = (all & PacketSummary.SYN) != 0;
    if (!syn) {
      return TcpState.MIDSTREAM;
    }
    if (e.ackAfterSynAck) {
      return TcpState.ESTABLISHED;
    }
    return e.synAckSeen ? TcpState.SYN_RECEIVED : TcpState.SYN_SENT;
  }

  /** Counters so far. */
  public Counters counters() {
    return new Counters(packets, created, expired, evicted, hostsEvicted);
  }

  /**
   * An immutable copy of the table for readers, with the parser's and the kernel's counters of
   * the same moment.
   */
  public FlowSnapshot snapshot(long nowMicros, FrameParser.Counters parse, KernelStats kernel) {
    return snapshot(nowMicros, parse, kernel, 0);
  }

  FlowSnapshot snapshot(long nowMicros, FrameParser.Counters parse, KernelStats kernel, long internalErrors) {
    FlowColumns fs = new FlowColumns(flows.size());
    for (Entry e : flows.values()) {
      long elapsed = nowMicros - e.windowStart;
      if (elapsed >= RATE_WINDOW_MICROS) {
        // The current window has lasted a second: it becomes the latest window, as a packet would make it.
        e.lastRate = e.windowBytes * 1_000_000 / elapsed;
        e.windowStart = nowMicros;
        e.windowBytes = 0;
      }
      fs.add(e.key, e.lanMac, e.packetsOut, e.bytesOut, e.packetsIn, e.bytesIn, e.first, e.last, state(e),
          e.lastRate);
    }
    List<HostTotal> hs = new ArrayList<>(hosts.size());
    for (Map.Entry<HostKey, HostEntry> m : hosts.entrySet()) {
      HostEntry h = m.getValue();
      hs.add(new HostTotal(m.getKey().mac(), m.getKey().address(), null, h.packetsOut, h.bytesOut, h.packetsIn,
          h.bytesIn, 0, instant(h.first), instant(h.last)));
    }
    Map<IpAddress, Integer> counts = new java.util.HashMap<>(lanFlows.size() * 2);
    lanFlows.forEach((a, c) -> counts.put(a, c[0]));
    return new FlowSnapshot(instant(nowMicros), fs.list(), List.copyOf(hs), counters(), parse, kernel,
        settings.maxFlows(), internalErrors, new FlowSnapshot.Derived(counts));
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
  }

  static long micros(Duration d) {
    return d.toNanos() / 1000;
  }
}
