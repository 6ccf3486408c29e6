package dev.sekisho.capture;

import static dev.sekisho.capture.Frames.GW_MAC;
import static dev.sekisho.capture.Frames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Flow keys, counts, TCP state, idle expiry, the bounds with eviction, and the queries the page uses. */
class FlowTableTest {
  private static final long S = 1_000_000;
  private static final long T0 = 1_700_000_000L * S;
  private static final IpAddress LAPTOP = IpAddress.parse("192.168.77.10");
  private static final IpAddress GUEST = IpAddress.parse("192.168.77.50");
  private static final long GUEST_MAC = 0x025e6b000132L;
  private static final IpAddress NET = IpAddress.parse("203.0.113.10");

  private static FlowTable table(FlowTable.Settings s) {
    return new FlowTable(s, new LanSide(Set.of(GW_MAC), List.of()));
  }

  private static PacketSummary out(long t, long mac, IpAddress lan, int proto, int lport, int rport, int flags,
      int len) {
    return new PacketSummary(t, mac, GW_MAC, -1, 4, proto, lan, NET, lport, rport, flags, 20, -1, len);
  }

  private static PacketSummary in(long t, long mac, IpAddress lan, int proto, int lport, int rport, int flags,
      int len) {
    return new PacketSummary(t, GW_MAC, mac, -1, 4, proto, NET, lan, rport, lport, flags, 20, -1, len);
  }

  @Test
  void bothDirectionsMergeAndTcpStateFollowsTheFlags() {
    FlowTable t = table(FlowTable.Settings.defaults());
    t.add(out(T0, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.SYN, 60));
    assertEquals(TcpState.SYN_SENT, only(t).tcpState());
    t.add(in(T0 + 1, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.SYN | PacketSummary.ACK, 60));
    assertEquals(TcpState.SYN_RECEIVED, only(t).tcpState());
    t.add(out(T0 + 2, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.ACK, 52));
    assertEquals(TcpState.ESTABLISHED, only(t).tcpState());
    t.add(out(T0 + 3, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.ACK | PacketSummary.FIN, 52));
    assertEquals(TcpState.CLOSING, only(t).tcpState());
    t.add(in(T0 + 4, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.ACK | PacketSummary.FIN, 52));
    Flow f = only(t);
    assertEquals(TcpState.CLOSED, f.tcpState());
    assertEquals(List.of(3L, 164L, 2L, 112L), List.of(f.packetsOut(), f.bytesOut(), f.packetsIn(), f.bytesIn()));
    assertEquals(FlowTable.instant(T0), f.firstSeen());
    assertEquals(FlowTable.instant(T0 + 4), f.lastSeen());

    FlowTable mid = table(FlowTable.Settings.defaults());
    mid.add(in(T0, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.ACK, 52));
    assertEquals(TcpState.MIDSTREAM, only(mid).tcpState());
    mid.add(out(T0, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.RST, 40));
    assertEquals(TcpState.CLOSED, only(mid).tcpState());
  }

  @Test
  void idleFlowsExpirePerProtocolAndAreCounted() {
    FlowTable.Settings s = new FlowTable.Settings(100, 100, Duration.ofSeconds(600), Duration.ofSeconds(10),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60));
    FlowTable t = table(s);
    t.add(out(T0, HOST_MAC, LAPTOP, 6, 1, 443, PacketSummary.SYN, 60));
    t.add(out(T0, HOST_MAC, LAPTOP, 6, 2, 443, PacketSummary.RST, 40));
    t.add(out(T0, HOST_MAC, LAPTOP, 17, 3, 53, 0, 60));
    t.add(out(T0, HOST_MAC, LAPTOP, 1, 0, 0, 0, 84));
    assertEquals(0, t.expire(T0 + 10 * S), "nothing is idle for longer than its time yet");
    assertEquals(1, t.expire(T0 + 11 * S), "the reset TCP flow goes after 10 s");
    assertEquals(1, t.expire(T0 + 31 * S), "ICMP after 30 s");
    // A new packet keeps the UDP flow alive past its first minute.
    t.add(in(T0 + 50 * S, HOST_MAC, LAPTOP, 17, 3, 53, 0, 80));
    assertEquals(0, t.expire(T0 + 61 * S));
    assertEquals(1, t.expire(T0 + 111 * S), "UDP 60 s after its last packet");
    assertEquals(0, t.expire(T0 + 599 * S));
    assertEquals(1, t.expire(T0 + 601 * S), "open TCP after 10 minutes");
    assertEquals(0, t.size());
    assertEquals(4, t.counters().flowsExpired());
    assertEquals(0, t.counters().flowsEvicted());
  }

  @Test
  void theFlowBoundEvictsTheLeastRecentlySeenAndCountsIt() {
    int max = 1_000;
    FlowTable t = table(FlowTable.Settings.defaults().withMaxFlows(max).withMaxHosts(50));
    // One flow that keeps talking: it must survive while 10x the bound of one-packet flows pass by.
    for (int i = 0; i < 10 * max; i++) {
      t.add(out(T0 + i, HOST_MAC, LAPTOP, 6, 50000, 443, PacketSummary.ACK, 52));
      IpAddress src = IpAddress.ofV4(0xc0a84d00 | (i % 200));
      t.add(out(T0 + i, 0x020000000000L | i % 200, src, 17, 1024 + i % 60000, 53, 0, 60));
      assertTrue(t.size() <= max, "never more than the bound");
    }
    assertEquals(max, t.size());
    FlowTable.Counters c = t.counters();
    assertEquals(10 * max + 1, c.flowsCreated());
    assertEquals(c.flowsCreated() - max, c.flowsEvicted(), "every flow that is gone was counted as evicted");
    FlowSnapshot s = t.snapshot(T0 + 10 * max, new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE);
    Flow busy = s.query(new FlowQuery(null, null, 443, null, null, FlowQuery.Sort.BYTES, 10), HostNames.NONE)
        .flows().get(0).flow();
    assertEquals(10 * max, busy.packetsOut(), "the busy flow was never evicted and lost no packet");
    assertEquals(50, s.hosts().size(), "host totals are bounded too");
    // 200 hosts in turn through a bound of 50: each comes back evicted, so all but the last 50 of the
    // 10,001 host entries made (laptop once, the others at every turn) were evicted and counted.
    assertEquals(10 * max + 1 - 50, c.hostsEvicted());
  }

  @Test
  void queriesFilterSortAndNameFromTheInventoryPassedIn() {
    FlowTable t = table(FlowTable.Settings.defaults());
    t.add(out(T0, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.SYN, 60));
    t.add(in(T0 + S, HOST_MAC, LAPTOP, 6, 40000, 443, PacketSummary.ACK, 5000));
    t.add(out(T0 + 2 * S, GUEST_MAC, GUEST, 17, 5000, 53, 0, 70));
    t.add(out(T0 + 3 * S, GUEST_MAC, GUEST, 6, 40001, 80, PacketSummary.SYN, 60));
    FlowSnapshot s = t.snapshot(T0 + 3 * S, new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE);
    Config c = Config.empty().withHost(new Host(1, "laptop", new Mac(HOST_MAC), Ipv4.parse("192.168.77.10")));
    HostNames names = HostNames.of(c);

    FlowPage all = s.query(FlowQuery.all(10), names);
    assertEquals(3, all.matched());
    assertEquals("laptop", all.flows().get(0).hostName(), "most bytes first");
    assertNull(all.flows().get(1).hostName());

    FlowPage recent = s.query(new FlowQuery(null, null, null, null, null, FlowQuery.Sort.RECENT, 1), names);
    assertEquals(1, recent.flows().size());
    assertEquals(3, recent.matched());
    assertEquals(80, recent.flows().get(0).flow().key().remotePort());

    assertEquals(1, s.query(new FlowQuery("LAPTOP", null, null, null, null, null, 10), names).matched());
    assertEquals(1, s.query(new FlowQuery(null, null, null, "udp", null, null, 10), names).matched());
    assertEquals(2, s.query(new FlowQuery(null, "192.168.77.50", null, null, null, null, 10), names).matched());
    assertEquals(0, s.query(new FlowQuery(null, "not-an-address", null, null, null, null, 10), names).matched());
    assertEquals(1, s.query(new FlowQuery(null, null, 53, null, null, null, 10), names).matched());
    assertEquals(1, s.query(new FlowQuery(null, null, null, null, "lapt", null, 10), names).matched());
    assertEquals(2, s.query(new FlowQuery(null, null, null, null, "02:5e:6b:00:01:32", null, 10), names).matched());

    List<HostTotal> top = s.topTalkers(5, names);
    assertEquals("laptop", top.get(0).name());
    assertEquals(5060, top.get(0).bytes());
    assertEquals(1, top.get(0).activeFlows());
    List<HostTotal> unknown = s.unknownHosts(names);
    assertEquals(1, unknown.size());
    assertEquals(GUEST, unknown.get(0).address());
    assertEquals("02:5e:6b:00:01:32", unknown.get(0).macText());
    assertEquals(2, unknown.get(0).activeFlows());
  }

  private static Flow only(FlowTable t) {
    List<Flow> fs = t.snapshot(T0, new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE).flows();
    assertEquals(1, fs.size());
    return fs.get(0);
  }
}
