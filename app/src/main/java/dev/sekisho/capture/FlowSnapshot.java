package dev.sekisho.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable picture of the flow table, with the counters that say how complete it is. All
 * queries run here, on the reader's thread, never on the capture thread.
 *
 * @param takenAt when the writer took it
 * @param flows every flow in the table then
 * @param hosts totals of every LAN-side host kept then (names not filled in)
 * @param table flow table counters (created, expired, evicted)
 * @param parse frame parser counters (truncated, malformed, not IP)
 * @param kernel libpcap's counters (received, dropped)
 * @param maxFlows the table's bound
 * @param internalErrors frames whose handling failed on a bug (not bad input); should stay 0
 * @param derived what queries compute from the flows once per snapshot
 */
public record FlowSnapshot(Instant takenAt, List<Flow> flows, List<HostTotal> hosts, FlowTable.Counters table,
    FrameParser.Counters parse, KernelStats kernel, int maxFlows, long internalErrors, Derived derived) {

  /** A snapshot with nothing derived yet (what every caller outside this record makes). */
  public FlowSnapshot(Instant takenAt, List<Flow> flows, List<HostTotal> hosts, FlowTable.Counters table,
      FrameParser.Counters parse, KernelStats kernel, int maxFlows, long internalErrors) {
    this(takenAt, flows, hosts, table, parse, kernel, maxFlows, internalErrors, new Derived());
  }

  /**
   * What is computed from a snapshot's flows at most once, on the first request that needs it, and then
   * shared by every request on the same snapshot: flows per LAN address for the top talkers and unknown
   * hosts, and the flows as columns for queries (the flow table hands both over ready). Not part of a
   * snapshot's value: every one is equal to every other.
   */
  public static final class Derived {
    private volatile Map<IpAddress, Integer> flowCounts;
    private volatile FlowColumns columns;

    /** Nothing computed yet. */
    public Derived() {}

    /** With the flows per LAN address already counted (the flow table keeps them as flows come and go). */
    Derived(Map<IpAddress, Integer> flowCounts) {
      this.flowCounts = java.util.Collections.unmodifiableMap(flowCounts);
    }

    /** The flows as columns: the capture's own, or made once from a list of records. */
    FlowColumns columns(List<Flow> flows) {
      if (flows instanceof FlowColumns.Records r) {
        return r.columns;
      }
      FlowColumns c = columns;
      if (c == null) {
        synchronized (this) {
          c = columns;
          if (c == null) {
            c = FlowColumns.of(flows);
            columns = c;
          }
        }
      }
      return c;
    }

    synchronized Map<IpAddress, Integer> flowCounts(List<Flow> flows) {
      Map<IpAddress, Integer> m = flowCounts;
      if (m == null) {
        Map<IpAddress, int[]> counts = new HashMap<>();
        for (Flow f : flows) {
          counts.computeIfAbsent(f.key().lanAddress(), a -> new int[1])[0]++;
        }
        Map<IpAddress, Integer> done = new HashMap<>(counts.size() * 2);
        counts.forEach((a, c) -> done.put(a, c[0]));
        m = java.util.Collections.unmodifiableMap(done);
        flowCounts = m;
      }
      return m;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Derived;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public String toString() {
      return "Derived";
    }
  }

  /** A snapshot of nothing, before a capture runs. */
  public static FlowSnapshot empty() {
    return new FlowSnapshot(Instant.EPOCH, List.of(), List.of(), new FlowTable.Counters(0, 0, 0, 0, 0),
        new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE, 0, 0);
  }

  /**
   * Filters, sorts and limits the flows; names come from {@code names}. One pass over the flows with
   * primitive tests (protocol, port, address; a host name first narrowed to its inventory MAC and address),
   * keeping only the best {@code limit} in a bounded heap instead of sorting every match, and names looked up
   * only for flows a host or text filter needs and for the rows returned. Ties go to the more recent flow,
   * then to the one earlier in the table, as a stable sort would.
   */
  public FlowPage query(FlowQuery q, HostNames names) {
    IpAddress addr = q.address() == null ? null : IpAddress.parse(q.address());
    int proto = q.protocol() == null ? -1 : IpProtocols.parse(q.protocol());
    if ((q.address() != null && addr == null) || (q.protocol() != null && proto < 0)) {
      // An address or protocol that cannot match anything matches nothing, rather than everything.
      return new FlowPage(List.of(), 0, flows.size(), takenAt);
    }
    String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
    int port = q.port() == null ? -1 : q.port();
    long[] hostMacs = null;
    int[] hostIps = null;
    if (q.host() != null) {
      List<dev.sekisho.config.Host> named = names.named(q.host());
      hostMacs = named.stream().filter(h -> h.mac() != null).mapToLong(h -> h.mac().value()).toArray();
      hostIps = named.stream().mapToInt(h -> h.ip().bits()).toArray();
      if (named.isEmpty()) {
        return new FlowPage(List.of(), 0, flows.size(), takenAt);
      }
    }
    TextMatch tm = text == null ? null : new TextMatch(text);
    FlowColumns c = derived.columns(flows);
    TopK top = new TopK(c, q.sort(), q.offset() + q.limit());
    long addrHi = addr == null ? 0 : addr.hi();
    long addrLo = addr == null ? 0 : addr.lo();
    int matched = 0;
    // Newest first: the table is in order of last use, so later flows mostly win on recency and ties, and
    // going backwards most candidates lose to the heap's root at once (the result does not depend on it).
    for (int i = c.size - 1; i >= 0; i--) {
      if (proto >= 0 && c.protocol(i) != proto) {
        continue;
      }
      if (port >= 0 && c.lanPort[i] != port && c.remotePort[i] != port) {
        continue;
      }
      if (addr != null && !(c.lanHi[i] == addrHi && c.lanLo[i] == addrLo)
          && !(c.remoteHi[i] == addrHi && c.remoteLo[i] == addrLo)) {
        continue;
      }
      if (hostMacs != null && !contains(hostMacs, c.lanMac[i])
          && !(c.lanHi[i] == 0 && (c.lanLo[i] >>> 32) == 0xffffL && contains(hostIps, (int) c.lanLo[i]))) {
        continue;
      }
      if (hostMacs == null && tm != null && tm.simple) {
        if (!tm.matchesSimple(c, i, names)) {
          continue;
        }
      } else if (hostMacs != null || tm != null) {
        String name = names.name(c.lanMac[i], c.keys[i].lanAddress());
        if (q.host() != null && (name == null || !name.equalsIgnoreCase(q.host()))) {
          continue;
        }
        if (tm != null && !tm.matches(c, i, name)) {
          continue;
        }
      }
      matched++;
      top.offer(i);
    }
    List<NamedFlow> page = new ArrayList<>();
    List<Integer> best = top.best();
    for (int i : best.subList(Math.min(best.size(), q.offset()), best.size())) {
      Flow f = c.flow(i);
      page.add(new NamedFlow(f, names.name(f.lanMac(), f.key().lanAddress())));
    }
    return new FlowPage(List.copyOf(page), matched, flows.size(), takenAt);
  }

  private static boolean contains(long[] a, long v) {
    for (long x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** The best {@code k} flow indexes seen so far, in a heap whose root is the worst of them. */
  private static final class TopK {
    private final FlowColumns c;
    private final FlowQuery.Sort sort;
    private final int[] heap;
    private int size;

    TopK(FlowColumns c, FlowQuery.Sort sort, int k) {
      this.c = c;
      this.sort = sort;
      this.heap = new int[Math.max(0, k)];
    }

    private long primary(int i) {
      return switch (sort) {
        case BYTES -> c.bytesOut[i] + c.bytesIn[i];
        case RATE -> c.rate[i];
        case RECENT -> 0;
      };
    }

    /** Positive when flow {@code i} goes before flow {@code j}. */
    private int better(int i, int j) {
      int r = Long.compare(primary(i), primary(j));
      if (r == 0) {
        r = Long.compare(c.last[i], c.last[j]);
      }
      return r != 0 ? r : Integer.compare(j, i);
    }

    void offer(int i) {
      if (heap.length == 0) {
        return;
      }
      if (size < heap.length) {
        heap[size] = i;
        up(size++);
      } else if (better(i, heap[0]) > 0) {
        heap[0] = i;
        down(0);
      }
    }

    private void up(int c) {
      while (c > 0) {
        int p = (c - 1) / 2;
        if (better(heap[p], heap[c]) <= 0) {
          return;
        }
        swap(p, c);
        c = p;
      }
    }

    private void down(int p) {
      while (true) {
        int l = 2 * p + 1;
        if (l >= size) {
          return;
        }
        int w = l + 1 < size && better(heap[l + 1], heap[l]) < 0 ? l + 1 : l;
        if (better(heap[w], heap[p]) >= 0) {
          return;
        }
        swap(p, w);
        p = w;
      }
    }

    private void swap(int a, int b) {
      int t = heap[a];
      heap[a] = heap[b];
      heap[b] = t;
    }

    /** The kept indexes, best first. */
    List<Integer> best() {
      List<Integer> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(heap[i]);
      }
      out.sort((x, y) -> better(y, x));
      return out;
    }
  }

  /**
   * The free-text filter: the text is searched in the flow's line as {@link #searchText} writes it, built in
   * one reused buffer with address, MAC and name texts remembered for the query (at most {@link #CACHED}
   * each), so a query over the whole table does not allocate a string per flow.
   */
  private static final class TextMatch {
    private static final int CACHED = 65_536;
    private final String text;
    private final StringBuilder line = new StringBuilder(128);
    private final Map<IpAddress, String> addresses = new HashMap<>();
    private final Map<Long, String> macs = new HashMap<>();
    private final Map<String, String> hostNames = new HashMap<>();

    final boolean simple;
    // For IPv4 flows, answers by the columns alone: the LAN side (MAC and address: its name, address and MAC
    // text) and the remote address, in open-addressing tables (0 = empty, 1 = hit, 2 = miss).
    private final PairAnswers lanSides = new PairAnswers();
    private final PairAnswers remotes = new PairAnswers();

    /** {@link #matches} for a simple text, looking up the host name only for a LAN side not seen before. */
    boolean matchesSimple(FlowColumns c, int i, HostNames names) {
      if (portHit(c.lanPort[i]) || portHit(c.remotePort[i])
          || IpProtocols.name(c.protocol(i)).contains(text) || STATES[c.state[i]].contains(text)) {
        return true;
      }
      boolean lanV4 = c.lanHi[i] == 0 && (c.lanLo[i] >>> 32) == 0xffffL;
      boolean remoteV4 = c.remoteHi[i] == 0 && (c.remoteLo[i] >>> 32) == 0xffffL;
      if (!lanV4 || !remoteV4) {
        return matches(c, i, names.name(c.lanMac[i], c.keys[i].lanAddress()));
      }
      long mac = c.lanMac[i];
      long lanBits = c.lanLo[i];
      int lan = lanSides.get(mac, lanBits);
      if (lan == 0) {
        FlowKey k = c.keys[i];
        String name = names.name(mac, k.lanAddress());
        boolean hit = (name != null && name.toLowerCase(Locale.ROOT).contains(text)) || addressHit(k.lanAddress())
            || (mac != 0 && Bytes.macText(mac).toLowerCase(Locale.ROOT).contains(text));
        lan = lanSides.put(mac, lanBits, hit);
      }
      if (lan == 1) {
        return true;
      }
      int remote = remotes.get(0, c.remoteLo[i]);
      if (remote == 0) {
        remote = remotes.put(0, c.remoteLo[i], addressHit(c.keys[i].remoteAddress()));
      }
      return remote == 1;
    }
    private final Map<IpAddress, Boolean> addressHits = new HashMap<>();
    private final Map<Long, Boolean> macHits = new HashMap<>();
    private final Map<String, Boolean> nameHits = new HashMap<>();
    private final byte[] portHits = new byte[65_536];

    TextMatch(String text) {
      this.text = text;
      this.simple = text.indexOf(' ') < 0 && text.indexOf(':') < 0;
    }

    private boolean addressHit(IpAddress a) {
      return cached(addressHits, a, x -> x.toString().toLowerCase(Locale.ROOT).contains(text));
    }

    private boolean portHit(int port) {
      if (port < 0 || port > 65_535) {
        return Integer.toString(port).contains(text);
      }
      if (portHits[port] == 0) {
        portHits[port] = (byte) (Integer.toString(port).contains(text) ? 1 : 2);
      }
      return portHits[port] == 1;
    }

    boolean matches(FlowColumns c, int i, String name) {
      FlowKey k = c.keys[i];
      long lanMac = c.lanMac[i];
      TcpState st = c.tcpState(i);
      if (simple) {
        // A text without ' ' or ':' lies within one part of the line: test the parts, remembering each answer.
        return (name != null && cached(nameHits, name, n -> n.toLowerCase(Locale.ROOT).contains(text)))
            || addressHit(k.lanAddress()) || addressHit(k.remoteAddress()) || portHit(k.lanPort())
            || portHit(k.remotePort()) || IpProtocols.name(k.protocol()).contains(text)
            || (lanMac != 0 && cached(macHits, lanMac, m -> Bytes.macText(m).toLowerCase(Locale.ROOT)
                .contains(text)))
            || STATES[st.ordinal()].contains(text);
      }
      line.setLength(0);
      line.append(name == null ? "" : cached(hostNames, name, n -> n.toLowerCase(Locale.ROOT))).append(' ')
          .append(address(k.lanAddress())).append(':').append(k.lanPort()).append(' ')
          .append(address(k.remoteAddress())).append(':').append(k.remotePort()).append(' ')
          .append(IpProtocols.name(k.protocol())).append(' ')
          .append(cached(macs, lanMac, m -> Bytes.macText(m).toLowerCase(Locale.ROOT))).append(' ')
          .append(STATES[st.ordinal()]);
      return line.indexOf(text) >= 0;
    }

    private String address(IpAddress a) {
      return cached(addresses, a, x -> x.toString().toLowerCase(Locale.ROOT));
    }

    private static <K, V> V cached(Map<K, V> m, K key, java.util.function.Function<K, V> f) {
      V v = m.get(key);
      if (v == null) {
        v = f.apply(key);
        if (m.size() < CACHED) {
          m.put(key, v);
        }
      }
      return v;
    }
  }

  /** Answers (1 hit, 2 miss, 0 not known) by a pair of longs, open addressing, at most 1 << 20 kept. */
  private static final class PairAnswers {
    private long[] a = new long[1 << 12];
    private long[] b = new long[1 << 12];
    private byte[] v = new byte[1 << 12];
    private int used;

    private static int slot(long x, long y, int mask) {
      long h = (x * 0x9E3779B97F4A7C15L) ^ (y * 0xC2B2AE3D27D4EB4FL);
      return (int) (h ^ (h >>> 29)) & mask;
    }

    int get(long x, long y) {
      int mask = v.length - 1;
      for (int s = slot(x, y, mask); ; s = (s + 1) & mask) {
        if (v[s] == 0 || (a[s] == x && b[s] == y)) {
          return v[s];
        }
      }
    }

    int put(long x, long y, boolean hit) {
      byte answer = (byte) (hit ? 1 : 2);
      if (used >= 1 << 20) {
        return answer;
      }
      int mask = v.length - 1;
      int s = slot(x, y, mask);
      while (v[s] != 0) {
        s = (s + 1) & mask;
      }
      a[s] = x;
      b[s] = y;
      v[s] = answer;
      if (++used * 2 > v.length) {
        long[] oa = a;
        long[] ob = b;
        byte[] ov = v;
        a = new long[oa.length * 2];
        b = new long[oa.length * 2];
        v = new byte[oa.length * 2];
        int m = v.length - 1;
        for (int j = 0; j < ov.length; j++) {
          if (ov[j] != 0) {
            int t = slot(oa[j], ob[j], m);
            while (v[t] != 0) {
              t = (t + 1) & m;
            }
            a[t] = oa[j];
            b[t] = ob[j];
            v[t] = ov[j];
          }
        }
      }
      return answer;
    }
  }

  private static final String[] STATES = java.util.Arrays.stream(TcpState.values())
      .map(t -> t.toString().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  /** The text a free-text filter searches (kept for reference; {@link TextMatch} writes the same). */
  static String searchText(Flow f, String name) {
    FlowKey k = f.key();
    return ((name == null ? "" : name) + " " + k.lanAddress() + ":" + k.lanPort() + " " + k.remoteAddress() + ":"
        + k.remotePort() + " " + f.protocolName() + " " + f.lanMacText() + " " + f.tcpState())
        .toLowerCase(Locale.ROOT);
  }

  /** Hosts by bytes both ways, with names and their current number of flows. */
  public List<HostTotal> topTalkers(int limit, HostNames names) {
    Map<IpAddress, Integer> flowCounts = derived.flowCounts(flows);
    return hosts.stream()
        .map(h -> h.named(names.name(h.mac(), h.address()), flowCounts.getOrDefault(h.address(), 0)))
        .sorted(Comparator.comparingLong(HostTotal::bytes).reversed())
        .limit(Math.max(0, limit))
        .toList();
  }

  /**
   * LAN hosts seen on the wire that the inventory knows neither by MAC nor by IP: unicast MAC and
   * an ordinary IPv4 address (what the host form needs), most recently seen first.
   */
  public List<HostTotal> unknownHosts(HostNames names) {
    return topTalkers(Integer.MAX_VALUE, names).stream()
        .filter(h -> h.name() == null && h.mac() != 0 && h.address().isV4() && ordinary(h.address()))
        .sorted(Comparator.comparing(HostTotal::lastSeen).reversed())
        .toList();
  }

  private static boolean ordinary(IpAddress a) {
    int first = a.v4Bits() >>> 24;
    return first != 0 && first != 127 && first < 224 && a.v4Bits() != -1;
  }
}
