package dev.sekisho.web;

import dev.sekisho.capture.BlockedEvent;
import dev.sekisho.capture.BlockedLog;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.capture.Flow;
import dev.sekisho.capture.FlowKey;
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
import dev.sekisho.capture.NamedFlow;
import dev.sekisho.capture.TcpState;
import java.time.Instant;
import java.util.List;

/**
 * A flow source with fixed flows for web tests. Filtering and sorting go through the real
 * {@link FlowSnapshot#query}, as with a live capture. {@link #forcedName}, when set, replaces every host
 * name it returns: the inventory refuses names with markup, so this is how a test shows the page a hostile
 * one.
 */
final class FakeFlows implements FlowSource {
  static final IpAddress LAPTOP = IpAddress.parse("192.168.1.20");
  static final IpAddress STRANGER = IpAddress.parse("192.168.1.50");
  static final long STRANGER_MAC = 0x02_00_00_00_00_50L;
  static final IpAddress NET1 = IpAddress.parse("203.0.113.10");
  static final IpAddress NET2 = IpAddress.parse("203.0.113.20");
  static final IpAddress WEB = IpAddress.parse("198.51.100.7");

  volatile String forcedName;
  /** While above zero, each {@link #flows} call counts it down and throws an OutOfMemoryError. */
  final java.util.concurrent.atomic.AtomicInteger outOfMemory = new java.util.concurrent.atomic.AtomicInteger();
  volatile CaptureStatus status;
  volatile FlowSnapshot snapshot;
  volatile List<BlockedEvent> blocked;

  FakeFlows(Instant now) {
    status = new CaptureStatus(CaptureStatus.State.RUNNING, null, "capturing on eth0", now);
    List<Flow> flows = List.of(
        flow(IpProtocols.TCP, LAPTOP, 50000, NET1, 443, 0, 6, 4000, 8, 6000, now.minusSeconds(10), 100),
        flow(IpProtocols.TCP, LAPTOP, 50001, WEB, 80, 0, 3, 200, 3, 300, now.minusSeconds(1), 5000),
        flow(IpProtocols.UDP, STRANGER, 40000, NET2, 53, STRANGER_MAC, 10, 1000, 10, 1000, now.minusSeconds(5), 10),
        flow(IpProtocols.ICMP, STRANGER, 0, NET1, 0, STRANGER_MAC, 1, 84, 1, 84, now.minusSeconds(3), 0));
    List<HostTotal> hosts = List.of(
        new HostTotal(0, LAPTOP, null, 9, 4200, 11, 6300, 0, now.minusSeconds(60), now.minusSeconds(1)),
        new HostTotal(STRANGER_MAC, STRANGER, null, 11, 1084, 11, 1084, 0, now.minusSeconds(30),
            now.minusSeconds(3)));
    snapshot = new FlowSnapshot(now, flows, hosts, new FlowTable.Counters(100, 10, 3, 2, 0),
        new FrameParser.Counters(120, 110, 5, 1, 4, 0), new KernelStats(1000, 7, 0), 65_536, 0);
    blocked = List.of(new BlockedEvent(now.minusSeconds(2), 12, "deny", IpProtocols.TCP, LAPTOP, 50010, NET1, 443,
        0, null));
  }

  private static Flow flow(int proto, IpAddress lan, int lanPort, IpAddress remote, int remotePort, long mac,
      long pOut, long bOut, long pIn, long bIn, Instant last, long rate) {
    return new Flow(new FlowKey(proto, lan, lanPort, remote, remotePort), mac, pOut, bOut, pIn, bIn,
        last.minusSeconds(20), last, proto == IpProtocols.TCP ? TcpState.ESTABLISHED : TcpState.NONE, rate);
  }

  private String name(String real) {
    String f = forcedName;
    return f != null ? f : real;
  }

  @Override
  public CaptureStatus status() {
    return status;
  }

  @Override
  public CaptureStatus blockedStatus() {
    return status;
  }

  @Override
  public FlowSnapshot snapshot() {
    return snapshot;
  }

  @Override
  public FlowPage flows(FlowQuery query, HostNames names) {
    if (outOfMemory.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new OutOfMemoryError("injected by the test");
    }
    FlowPage p = snapshot.query(query, names);
    return new FlowPage(p.flows().stream().map(n -> new NamedFlow(n.flow(), name(n.hostName()))).toList(),
        p.matched(), p.total(), p.takenAt());
  }

  @Override
  public List<HostTotal> topTalkers(int limit, HostNames names) {
    return snapshot.topTalkers(limit, names).stream().map(h -> new HostTotal(h.mac(), h.address(),
        name(h.name()), h.packetsOut(), h.bytesOut(), h.packetsIn(), h.bytesIn(), h.activeFlows(), h.firstSeen(),
        h.lastSeen())).toList();
  }

  @Override
  public List<HostTotal> unknownHosts(HostNames names) {
    return snapshot.unknownHosts(names);
  }

  @Override
  public List<BlockedEvent> blocked(int limit, HostNames names) {
    return blocked.stream().limit(limit).map(e -> new BlockedEvent(e.time(), e.ruleId(), e.action(), e.protocol(),
        e.src(), e.srcPort(), e.dst(), e.dstPort(), e.srcMac(), name(names.name(e.srcMac(), e.src())))).toList();
  }

  @Override
  public BlockedLog.Counters blockedCounters() {
    return new BlockedLog.Counters(blocked.size(), blocked.size(), 0, 0, 0);
  }

  @Override
  public KernelStats blockedKernelStats() {
    return new KernelStats(blocked.size(), 0, 0);
  }
}
