package dev.sekisho.web;

import dev.sekisho.capture.BlockedEvent;
import dev.sekisho.capture.BlockedLog;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.capture.Flow;
import dev.sekisho.capture.FlowKey;
import dev.sekisho.capture.FlowPage;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.capture.HostNames;
import dev.sekisho.capture.HostTotal;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.capture.KernelStats;
import dev.sekisho.capture.NamedFlow;
import dev.sekisho.capture.TcpState;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything the live flow page shows, already in display form: built once per page load or stream tick and
 * rendered by the template (first load) or sent as JSON to the page's script (updates). Both render every
 * string as text. The counters say how complete the picture is, so it is never silently wrong.
 *
 * @param capture the flow capture's state
 * @param blockedLog the blocked-traffic log's state
 * @param takenAt when the shown snapshot was taken, empty before the first
 * @param shown flows in the table below
 * @param matched flows that matched the filter (more than shown when the row limit cut the list)
 * @param total flows in the snapshot
 * @param counters what the capture counted (shown, matched, expired, evicted, malformed, kernel drops, ...)
 * @param flows the matching flows, in the asked order
 * @param talkers hosts by bytes
 * @param unknown hosts seen on the LAN that the inventory does not know
 * @param unknownTotal how many unknown hosts there are (more than listed when cut)
 * @param blocked the latest blocked packets, newest first
 * @param blockedCounters what the blocked-traffic log counted
 */
record LiveView(State capture, State blockedLog, String takenAt, int shown, int matched, int total,
    List<Counter> counters, List<FlowRow> flows, List<TalkerRow> talkers, List<UnknownRow> unknown,
    int unknownTotal, List<BlockedRow> blocked, List<Counter> blockedCounters) {

  static final int TALKERS = 10;
  static final int UNKNOWN = 50;
  static final int BLOCKED = 50;
  /** A running capture publishes every 250 ms; a snapshot older than this means it has stalled. */
  static final Duration STALE = Duration.ofSeconds(5);

  /**
   * A capture's state for the page.
   *
   * @param kind "ok", "warn" or "error" (a CSS suffix)
   * @param text what to tell the admin
   */
  record State(String kind, String text) {}

  /**
   * One counter.
   *
   * @param key stable name, for tests and the script
   * @param label what it counts
   * @param value the number as shown ("n/a" when unknown)
   * @param warn true when it means the view is incomplete (drops, evictions, a cut list)
   */
  record Counter(String key, String label, String value, boolean warn) {}

  /** One flow row. "Out" is from the LAN host. */
  record FlowRow(String host, boolean known, String mac, String lan, String remote, String protocol,
      String state, long packetsOut, long packetsIn, long bytesOut, long bytesIn, String bytes, String rate,
      String lastSeen, String allowHref, String blockHref) {}

  /** One top-talker row. */
  record TalkerRow(String host, boolean known, String address, String mac, long bytesOut, long bytesIn,
      String bytes, int flows) {}

  /** One host not in the inventory. */
  record UnknownRow(String mac, String address, String lastSeen, String bytes, String addHref) {}

  /** One blocked packet with the rule that logged it. */
  record BlockedRow(String time, long ruleId, String rule, String action, String host, boolean known,
      String source, String destination, String port, String protocol, String allowHref) {}

  /** The view of {@code source} for {@code filter}; {@code source} may be null (no capture configured). */
  static LiveView build(FlowSource source, Config config, FlowFilter filter, Times times) {
    if (source == null) {
      State off = new State("warn", "Live capture is not enabled on this appliance.");
      return new LiveView(off, off, "", 0, 0, 0, List.of(), List.of(), List.of(), List.of(), 0, List.of(),
          List.of());
    }
    HostNames names = HostNames.of(config);
    FlowSnapshot snap = source.snapshot();
    Instant now = times.clock().instant();
    State capture = state(source.status(), "Flow capture", snap.takenAt(), now);
    State blockedLog = state(source.blockedStatus(), "Blocked-traffic log", null, now);

    FlowPage page = filter.query() == null ? new FlowPage(List.of(), 0, snap.flows().size(), snap.takenAt())
        : source.flows(filter.query(), names);
    Instant at = page.takenAt();
    Long top = config.rules().isEmpty() ? null : config.rules().get(0).id();
    List<FlowRow> flows = new ArrayList<>();
    for (NamedFlow nf : page.flows()) {
      Flow f = nf.flow();
      FlowKey k = f.key();
      Host host = names.host(f.lanMac(), k.lanAddress());
      boolean ports = IpProtocols.hasPorts(k.protocol());
      flows.add(new FlowRow(nf.hostName() == null ? "unknown" : nf.hostName(), nf.hostName() != null,
          f.lanMacText(), endpoint(k.lanAddress(), k.lanPort(), ports), endpoint(k.remoteAddress(), k.remotePort(),
          ports), f.protocolName(), state(f), f.packetsOut(), f.packetsIn(), f.bytesOut(), f.bytesIn(),
          bytes(f.bytes()), bytes(f.bytesPerSecond()) + "/s", ago(f.lastSeen(), at),
          RuleLinks.rule("allow", host, k.lanAddress(), f.lanMacText(), k.remoteAddress(), k.protocol(),
              k.remotePort(), top, false, "allowed from the live flows"),
          RuleLinks.rule("deny", host, k.lanAddress(), f.lanMacText(), k.remoteAddress(), k.protocol(),
              k.remotePort(), top, true, "blocked from the live flows")));
    }

    List<TalkerRow> talkers = source.topTalkers(TALKERS, names).stream()
        .map(h -> new TalkerRow(h.name() == null ? "unknown" : h.name(), h.name() != null, h.address().toString(),
            h.macText(), h.bytesOut(), h.bytesIn(), bytes(h.bytes()), h.activeFlows()))
        .toList();
    List<HostTotal> unknownAll = source.unknownHosts(names);
    List<UnknownRow> unknown = unknownAll.stream().limit(UNKNOWN)
        .map(h -> new UnknownRow(h.macText(), h.address().toString(), ago(h.lastSeen(), at), bytes(h.bytes()),
            RuleLinks.addHost(h.macText(), h.address())))
        .toList();

    List<BlockedRow> blocked = new ArrayList<>();
    for (BlockedEvent e : source.blocked(BLOCKED, names)) {
      Host host = names.host(e.srcMac(), e.src());
      String mac = e.srcMacText();
      blocked.add(new BlockedRow(times.format(e.time()), e.ruleId(), ruleLabel(config, e.ruleId()), e.action(),
          e.hostName() == null ? "unknown" : e.hostName(), e.hostName() != null, e.src().toString(),
          e.dst().toString(), e.dstPort() == 0 ? "" : Integer.toString(e.dstPort()), e.protocolName(),
          "allow".equals(e.action()) ? null : RuleLinks.rule("allow", host, e.src(), mac, e.dst(), e.protocol(),
              e.dstPort(), config.rule(e.ruleId()).isPresent() ? Long.valueOf(e.ruleId()) : top, false,
              "allow what rule " + e.ruleId() + " blocked")));
    }

    return new LiveView(capture, blockedLog, snap.takenAt().equals(Instant.EPOCH) ? "" : times.format(snap.takenAt()),
        page.flows().size(), page.matched(), page.total(), counters(snap, page, filter), flows, talkers, unknown,
        unknownAll.size(), blocked, blockedCounters(source.blockedCounters(), source.blockedKernelStats()));
  }

  private static State state(CaptureStatus s, String what, Instant takenAt, Instant now) {
    return switch (s.state()) {
      case RUNNING -> takenAt != null && !takenAt.equals(Instant.EPOCH) && Duration.between(takenAt, now)
          .compareTo(STALE) > 0
          ? new State("warn", what + ": " + s.message() + ", but the latest snapshot is "
              + Duration.between(takenAt, now).toSeconds() + " s old (the capture may be stuck).")
          : new State("ok", what + ": " + s.message() + ".");
      case STARTING -> new State("warn", what + ": starting (" + s.message() + ").");
      case STOPPED -> new State("warn", what + ": not running (" + s.message() + ").");
      case FAILED -> new State("error", what + " cannot run: " + s.message() + reason(s) + ".");
    };
  }

  private static String reason(CaptureStatus s) {
    if (s.reason() == null) {
      return "";
    }
    return switch (s.reason()) {
      case NO_SUCH_INTERFACE -> " (no such interface: check the LAN interface's name)";
      case NO_PERMISSION -> " (no permission: Sekisho needs root or CAP_NET_RAW and CAP_NET_ADMIN)";
      case NO_LIBPCAP -> " (libpcap is missing: install libpcap0.8)";
      case UNSUPPORTED_LINK -> " (not an Ethernet interface)";
      case FAILED -> "";
    };
  }

  private static List<Counter> counters(FlowSnapshot snap, FlowPage page, FlowFilter filter) {
    List<Counter> c = new ArrayList<>();
    c.add(new Counter("shown", "shown", num(page.flows().size()), page.flows().size() < page.matched()));
    c.add(new Counter("matched", filter.query() == null ? "matched (filter invalid)" : "matched",
        num(page.matched()), filter.query() == null));
    c.add(new Counter("total", "flows in the table", num(page.total()), false));
    c.add(new Counter("max", "table bound", num(snap.maxFlows()), false));
    c.add(new Counter("expired", "expired", num(snap.table().flowsExpired()), false));
    c.add(new Counter("evicted", "evicted (table full)", num(snap.table().flowsEvicted()),
        snap.table().flowsEvicted() > 0));
    c.add(new Counter("malformed", "malformed frames", num(snap.parse().malformed()), snap.parse().malformed() > 0));
    c.add(new Counter("truncated", "truncated frames", num(snap.parse().truncated()), snap.parse().truncated() > 0));
    KernelStats k = snap.kernel();
    c.add(new Counter("kernelDropped", "kernel drops", stat(k.dropped()), k.dropped() > 0));
    c.add(new Counter("ifDropped", "interface drops", stat(k.interfaceDropped()), k.interfaceDropped() > 0));
    if (snap.internalErrors() > 0) {
      c.add(new Counter("internal", "internal errors", num(snap.internalErrors()), true));
    }
    return c;
  }

  private static List<Counter> blockedCounters(BlockedLog.Counters b, KernelStats k) {
    return List.of(
        new Counter("events", "events", num(b.events()), false),
        new Counter("overwritten", "older events dropped from the list", num(b.overwritten()), false),
        new Counter("malformed", "malformed records", num(b.malformed()), b.malformed() > 0),
        new Counter("kernelDropped", "kernel drops", stat(k.dropped()), k.dropped() > 0));
  }

  private static String ruleLabel(Config c, long id) {
    return c.rule(id).map(Rule::comment).map(cm -> cm.text().isEmpty() ? "#" + id : "#" + id + " '" + cm.text() + "'")
        .orElse("#" + id + " (no longer in the draft)");
  }

  private static String state(Flow f) {
    return f.tcpState() == TcpState.NONE ? "" : f.tcpState().name().toLowerCase(Locale.ROOT);
  }

  private static String endpoint(IpAddress a, int port, boolean ports) {
    String addr = a.isV4() ? a.toString() : "[" + a + "]";
    return ports ? addr + ":" + port : addr;
  }

  static String ago(Instant t, Instant now) {
    if (t == null || now == null) {
      return "";
    }
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    return s < 60 ? s + " s ago" : s < 3600 ? s / 60 + " min ago" : s / 3600 + " h ago";
  }

  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String stat(long n) {
    return n < 0 ? "n/a" : num(n);
  }
}
