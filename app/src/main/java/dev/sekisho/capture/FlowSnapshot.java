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
 */
public record FlowSnapshot(Instant takenAt, List<Flow> flows, List<HostTotal> hosts, FlowTable.Counters table,
    FrameParser.Counters parse, KernelStats kernel, int maxFlows, long internalErrors) {

  /** A snapshot of nothing, before a capture runs. */
  public static FlowSnapshot empty() {
    return new FlowSnapshot(Instant.EPOCH, List.of(), List.of(), new FlowTable.Counters(0, 0, 0, 0, 0),
        new FrameParser.Counters(0, 0, 0, 0, 0, 0), KernelStats.NONE, 0, 0);
  }

  /** Filters, sorts and limits the flows; names come from {@code names}. */
  public FlowPage query(FlowQuery q, HostNames names) {
    IpAddress addr = q.address() == null ? null : IpAddress.parse(q.address());
    int proto = q.protocol() == null ? -1 : IpProtocols.parse(q.protocol());
    if ((q.address() != null && addr == null) || (q.protocol() != null && proto < 0)) {
      // An address or protocol that cannot match anything matches nothing, rather than everything.
      return new FlowPage(List.of(), 0, flows.size(), takenAt);
    }
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
      if (text != null && !searchText(f, name).contains(text)) {
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
    int matched = out.size();
    List<NamedFlow> page = List.copyOf(out.subList(0, Math.min(matched, q.limit())));
    return new FlowPage(page, matched, flows.size(), takenAt);
  }

  private static String searchText(Flow f, String name) {
    FlowKey k = f.key();
    return ((name == null ? "" : name) + " " + k.lanAddress() + ":" + k.lanPort() + " " + k.remoteAddress() + ":"
        + k.remotePort() + " " + f.protocolName() + " " + f.lanMacText() + " " + f.tcpState())
        .toLowerCase(Locale.ROOT);
  }

  /** Hosts by bytes both ways, with names and their current number of flows. */
  public List<HostTotal> topTalkers(int limit, HostNames names) {
    Map<IpAddress, Integer> flowCounts = new HashMap<>();
    for (Flow f : flows) {
      flowCounts.merge(f.key().lanAddress(), 1, Integer::sum);
    }
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
