package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The columnar snapshot and its one-pass top-k query give exactly what filtering every flow, sorting all
 * matches and cutting (the former implementation, kept here as the reference) gives, on random flows with
 * many ties; the table's per-address flow counts follow creation, expiry and eviction; the default bound
 * holds 200,000 flows without evicting one.
 */
class FlowQueryScaleTest {
  private static final long S = 1_000_000;
  private static final long T0 = 1_700_000_000L * S;
  private static final long GW = 0x025e6b000001L;

  private static IpAddress lan(int h) {
    return IpAddress.ofV4((192 << 24) | (168 << 16) | (77 << 8) | h);
  }

  private static long mac(int h) {
    return 0x025e6b000100L + h;
  }

  /** The former query: filter every flow, build its search text, sort all matches, cut. */
  private static List<NamedFlow> reference(List<Flow> flows, FlowQuery q, HostNames names) {
    IpAddress addr = q.address() == null ? null : IpAddress.parse(q.address());
    int proto = q.protocol() == null ? -1 : IpProtocols.parse(q.protocol());
    String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
    List<NamedFlow> out = new ArrayList<>();
    for (Flow f : flows) {
      FlowKey k = f.key();
      if (proto >= 0 && k.protocol() != proto) {
        continue;
      }
      if (q.port() != null && k.lanPort() != q.port() && k.remotePort() != q.port()) {
        continue;
      }
      if (addr != null && !addr.equals(k.lanAddress()) && !addr.equals(k.remoteAddress())) {
        continue;
      }
      String name = names.name(f.lanMac(), k.lanAddress());
      if (q.host() != null && (name == null || !name.equalsIgnoreCase(q.host()))) {
        continue;
      }
      if (text != null && !FlowSnapshot.searchText(f, name).contains(text)) {
        continue;
      }
      out.add(new NamedFlow(f, name));
    }
    Comparator<NamedFlow> recent = Comparator.comparing(n -> n.flow().lastSeen());
    Comparator<NamedFlow> order = switch (q.sort()) {
      case BYTES -> Comparator.<NamedFlow>comparingLong(n -> n.flow().bytes()).thenComparing(recent);
      case RATE -> Comparator.<NamedFlow>comparingLong(n -> n.flow().bytesPerSecond()).thenComparing(recent);
      case RECENT -> recent;
    };
    out.sort(order.reversed());
    return out;
  }

  @Test
  void theTopKQueryAnswersWhatSortingEverythingAnswers() {
    Random r = new Random(15);
    FlowTable table = new FlowTable(FlowTable.Settings.defaults(), new LanSide(Set.of(GW),
        List.of(dev.sekisho.config.Cidr.parse("192.168.77.0/24"))));
    long t = T0;
    for (int i = 0; i < 5_000; i++) {
      int h = 1 + r.nextInt(40);
      int proto = r.nextInt(3) == 0 ? IpProtocols.UDP : IpProtocols.TCP;
      IpAddress remote = r.nextInt(10) == 0 ? IpAddress.parse("2001:db8::" + Integer.toHexString(1 + r.nextInt(30)))
          : IpAddress.ofV4((203 << 24) | (113 << 8) | r.nextInt(50));
      IpAddress local = remote.isV4() ? lan(h) : IpAddress.parse("fd00::" + Integer.toHexString(h));
      int lport = 40_000 + r.nextInt(300);
      int rport = new int[] {443, 80, 53, 8443, 4430}[r.nextInt(5)];
      // Few distinct sizes and times, so that many flows tie on bytes and on time.
      int len = 100 * (1 + r.nextInt(3));
      t += r.nextInt(3) * S / 2;
      boolean out = r.nextBoolean();
      table.add(out
          ? new PacketSummary(t, mac(h), GW, -1, remote.isV4() ? 4 : 6, proto, local, remote, lport, rport,
              r.nextInt(4) == 0 ? 0x02 : 0x10, 20, -1, len)
          : new PacketSummary(t, GW, mac(h), -1, remote.isV4() ? 4 : 6, proto, remote, local, rport, lport, 0x12, 20,
              -1, len));
    }
    FlowSnapshot snap = table.snapshot(t + S / 3, new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE);
    List<Flow> records = List.copyOf(snap.flows());
    // The same flows as a plain list (what web tests build): the columns are then made from the records.
    FlowSnapshot plain = new FlowSnapshot(snap.takenAt(), records, snap.hosts(), snap.table(), snap.parse(),
        snap.kernel(), snap.maxFlows(), 0);
    List<Host> hosts = new ArrayList<>();
    for (int h = 1; h <= 40; h += 3) {
      // Some hosts by MAC, some whose MAC the inventory does not have (matched by address), and a name twice.
      hosts.add(new Host(h, h == 4 ? "printer" : "pc-" + h, h % 2 == 0 ? null : new Mac(mac(h)), new Ipv4(
          (192 << 24) | (168 << 16) | (77 << 8) | (h == 7 ? 8 : h))));
    }
    hosts.add(new Host(100, "PRINTER", new Mac(mac(37) + 1000), new Ipv4((192 << 24) | (168 << 16) | (77 << 8) | 37)));
    HostNames names = HostNames.of(Config.of(List.of(), hosts, List.of(), dev.sekisho.config.Settings.DEFAULTS));
    List<FlowQuery> queries = new ArrayList<>();
    for (FlowQuery.Sort s : FlowQuery.Sort.values()) {
      for (int limit : new int[] {0, 1, 7, 50, 5_000}) {
        queries.add(new FlowQuery(null, null, null, null, null, s, limit));
      }
      for (String host : new String[] {"pc-1", "pc-10", "printer", "pc-7", "nobody"}) {
        queries.add(new FlowQuery(host, null, null, null, null, s, 20));
      }
      for (String a : new String[] {"203.0.113.7", "192.168.77.5", "2001:db8::3", "10.9.9.9"}) {
        queries.add(new FlowQuery(null, a, null, null, null, s, 20));
      }
      for (int p : new int[] {443, 53, 40_010, 1}) {
        queries.add(new FlowQuery(null, null, p, "tcp", null, s, 20));
        queries.add(new FlowQuery(null, null, p, null, null, s, 20));
      }
      for (String q : new String[] {"192.168.77.1", "pc-", "PRINTER", ":443", "53 udp", "established", "syn",
          "2001:db8::1", "02:5e:6b", "4430", ":8443 tcp 02", "zzz", "udp"}) {
        queries.add(new FlowQuery(null, null, null, null, q, s, 30));
      }
      queries.add(new FlowQuery("pc-1", null, 443, "tcp", "203.0.113", s, 10));
    }
    for (FlowQuery q : queries) {
      List<NamedFlow> all = reference(records, q, names);
      List<NamedFlow> want = all.subList(0, Math.min(all.size(), q.limit()));
      for (FlowSnapshot s : List.of(snap, plain)) {
        FlowPage got = s.query(q, names);
        assertEquals(want, got.flows(), q.toString());
        assertEquals(all.size(), got.matched(), q.toString());
        assertEquals(records.size(), got.total());
      }
    }
    assertTrue(reference(records, new FlowQuery("printer", null, null, null, null, null, 50), names).size() > 0);
    assertTrue(reference(records, new FlowQuery(null, null, null, null, ":443", null, 50), names).size() > 0);
    // The table's flow counts per LAN address are the flows' own.
    Map<IpAddress, Integer> counts = new HashMap<>();
    records.forEach(f -> counts.merge(f.key().lanAddress(), 1, Integer::sum));
    for (HostTotal h : snap.topTalkers(Integer.MAX_VALUE, names)) {
      assertEquals(counts.getOrDefault(h.address(), 0), h.activeFlows(), h.address().toString());
    }
    assertEquals(snap.topTalkers(100, names), plain.topTalkers(100, names));
  }

  @Test
  void flowCountsFollowExpiryAndEviction() {
    FlowTable table = new FlowTable(FlowTable.Settings.defaults().withMaxFlows(3), new LanSide(Set.of(GW),
        List.of(dev.sekisho.config.Cidr.parse("192.168.77.0/24"))));
    IpAddress net = IpAddress.parse("203.0.113.10");
    for (int p = 0; p < 5; p++) {
      table.add(new PacketSummary(T0 + p, mac(1), GW, -1, 4, IpProtocols.UDP, lan(1), net, 5000 + p, 53, 0, 0, -1,
          60));
    }
    table.add(new PacketSummary(T0 + 10, mac(2), GW, -1, 4, IpProtocols.UDP, lan(2), net, 6000, 53, 0, 0, -1, 60));
    FrameParser.Counters none = new FrameParser.Counters(0, 0, 0, 0, 0, 0);
    Map<IpAddress, Integer> got = new HashMap<>();
    table.snapshot(T0 + 20, none, KernelStats.NONE).topTalkers(10, HostNames.NONE)
        .forEach(h -> got.put(h.address(), h.activeFlows()));
    // Three flows kept of six: host 1's last two and host 2's one.
    assertEquals(Map.of(lan(1), 2, lan(2), 1), got);
    assertEquals(3, table.counters().flowsEvicted());
    table.expire(T0 + 20 + 2 * 60 * S);
    assertEquals(0, table.size());
    FlowSnapshot after = table.snapshot(T0 + 21 + 2 * 60 * S, none, KernelStats.NONE);
    after.topTalkers(10, HostNames.NONE).forEach(h -> assertEquals(0, h.activeFlows()));
    assertEquals(2, after.topTalkers(10, HostNames.NONE).size());
  }

  @Test
  void theDefaultBoundHolds200kFlowsWithoutEvicting() {
    assertEquals(200_000, FlowTable.Settings.defaults().maxFlows());
    FlowTable table = new FlowTable(FlowTable.Settings.defaults(), new LanSide(Set.of(GW),
        List.of(dev.sekisho.config.Cidr.parse("10.20.0.0/16"))));
    IpAddress net = IpAddress.parse("198.51.100.1");
    for (int i = 0; i < 200_000; i++) {
      table.add(new PacketSummary(T0 + i, 0x020000000000L | (i % 2000), GW, -1, 4, IpProtocols.UDP,
          IpAddress.ofV4((10 << 24) | (20 << 16) | (i % 2000)), net, 1024 + i / 2000, 53, 0, 0, -1, 60));
    }
    assertEquals(200_000, table.size());
    assertEquals(0, table.counters().flowsEvicted());
    FlowSnapshot s = table.snapshot(T0 + 200_000, new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE);
    assertEquals(200_000, s.flows().size());
    FlowPage p = s.query(new FlowQuery(null, null, 1024, null, null, FlowQuery.Sort.RECENT, 3), HostNames.NONE);
    assertEquals(2_000, p.matched());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L, 1_999_000L), p.flows().get(0).flow().lastSeen());
  }
}
