package dev.sekisho.web;

import dev.sekisho.capture.BlockedEvent;
import dev.sekisho.capture.BlockedLog;
import dev.sekisho.capture.CaptureException;
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
import dev.sekisho.i18n.Messages;
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
      String lastSeen, String allowHref, String blockHref, String explainHref, String forwardedVia,
      String learnedFrom) {}

  /** One top-talker row. */
  record TalkerRow(String host, boolean known, String address, String mac, long bytesOut, long bytesIn,
      String bytes, int flows) {}

  /** One host not in the inventory. */
  record UnknownRow(String mac, String address, String lastSeen, String bytes, String addHref) {}

  /** One blocked packet with the rule that logged it; {@code blockedBy} is the sentence ("blocked by rule #3"). */
  record BlockedRow(String time, long ruleId, String rule, String action, String blockedBy, String host, boolean known,
      String source, String destination, String port, String protocol, String allowHref, String explainHref) {}

  /** The view of {@code source} for {@code filter}; {@code source} may be null (no capture configured). */
  static LiveView build(FlowSource source, Config config, FlowFilter filter, Times times) {
    return build(source, config, filter, times, null);
  }

  /**
   * The view, with the names the DNS forwarder learned each remote address from ({@code domains} may be null:
   * none). The names are text from the network, shown as text.
   */
  static LiveView build(FlowSource source, Config config, FlowFilter filter, Times times,
      dev.sekisho.dns.DomainLearner domains) {
    Locale lang = filter.language().locale();
    if (source == null) {
      State off = new State("warn", Messages.format(lang, "live.state.disabled"));
      return new LiveView(off, off, "", 0, 0, 0, List.of(), List.of(), List.of(), List.of(), 0, List.of(),
          List.of());
    }
    HostNames names = HostNames.of(config);
    FlowSnapshot snap = source.snapshot();
    Instant now = times.clock().instant();
    State capture = state(lang, source.status(), Messages.format(lang, "live.what.capture"), snap.takenAt(), now);
    State blockedLog = state(lang, source.blockedStatus(), Messages.format(lang, "live.what.blocked"), null, now);
    String unknownHost = Messages.format(lang, "live.unknown_host");

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
      flows.add(new FlowRow(nf.hostName() == null ? unknownHost : nf.hostName(), nf.hostName() != null,
          f.lanMacText(), endpoint(k.lanAddress(), k.lanPort(), ports), endpoint(k.remoteAddress(), k.remotePort(),
          ports), f.protocolName(), state(f), f.packetsOut(), f.packetsIn(), f.bytesOut(), f.bytesIn(),
          bytes(f.bytes()), Messages.format(lang, "live.rate", bytes(f.bytesPerSecond())), ago(lang, f.lastSeen(), at),
          RuleLinks.rule("allow", host, k.lanAddress(), f.lanMacText(), k.remoteAddress(), k.protocol(),
              k.remotePort(), top, false, Messages.format(lang, "live.comment.allowed")),
          RuleLinks.rule("deny", host, k.lanAddress(), f.lanMacText(), k.remoteAddress(), k.protocol(),
              k.remotePort(), top, true, Messages.format(lang, "live.comment.blocked")),
          RuleLinks.explain(config, k.lanAddress(), f.lanMacText(), k.remoteAddress(), k.protocol(), k.remotePort()),
          forwardedVia(lang, config, k), learnedFrom(lang, domains, k)));
    }

    List<TalkerRow> talkers = source.topTalkers(TALKERS, names).stream()
        .map(h -> new TalkerRow(h.name() == null ? unknownHost : h.name(), h.name() != null, h.address().toString(),
            h.macText(), h.bytesOut(), h.bytesIn(), bytes(h.bytes()), h.activeFlows()))
        .toList();
    List<HostTotal> unknownAll = source.unknownHosts(names);
    List<UnknownRow> unknown = unknownAll.stream().limit(UNKNOWN)
        .map(h -> new UnknownRow(h.macText(), h.address().toString(), ago(lang, h.lastSeen(), at), bytes(h.bytes()),
            RuleLinks.addHost(h.macText(), h.address())))
        .toList();

    List<BlockedRow> blocked = new ArrayList<>();
    for (BlockedEvent e : source.blocked(BLOCKED, names)) {
      Host host = names.host(e.srcMac(), e.src());
      String mac = e.srcMacText();
      String rule = ruleLabel(lang, config, e.ruleId());
      blocked.add(new BlockedRow(times.format(e.time(), filter.language()), e.ruleId(), rule, e.action(),
          Messages.format(lang, "reject".equals(e.action()) ? "live.rejected_by" : "live.blocked_by", rule),
          e.hostName() == null ? unknownHost : e.hostName(), e.hostName() != null, e.src().toString(),
          e.dst().toString(), e.dstPort() == 0 ? "" : Integer.toString(e.dstPort()), e.protocolName(),
          "allow".equals(e.action()) ? null : RuleLinks.rule("allow", host, e.src(), mac, e.dst(), e.protocol(),
              e.dstPort(), config.rule(e.ruleId()).isPresent() ? Long.valueOf(e.ruleId()) : top, false,
              Messages.format(lang, "live.comment.allow_blocked", e.ruleId())),
          RuleLinks.explain(config, e.src(), mac, e.dst(), e.protocol(), e.dstPort())));
    }

    return new LiveView(capture, blockedLog,
        snap.takenAt().equals(Instant.EPOCH) ? "" : times.format(snap.takenAt(), filter.language()),
        page.flows().size(), page.matched(), page.total(), counters(lang, snap, page, filter), flows, talkers,
        unknown, unknownAll.size(), blocked,
        blockedCounters(lang, source.blockedCounters(), source.blockedKernelStats()));
  }

  /**
   * For a flow to a LAN server that a port forward publishes, the public side: "forward #1: WAN port 8443"
   * (with the WAN address when the configuration has one); null for other flows. The capture sees the LAN
   * side of the connection, after the gateway translated it, so the public side comes from the configuration.
   */
  static String forwardedVia(java.util.Locale lang, Config config, FlowKey k) {
    if (!k.lanAddress().isV4() || !IpProtocols.hasPorts(k.protocol())) {
      return null;
    }
    for (dev.sekisho.config.PortForward f : config.forwards()) {
      boolean proto = switch (f.protocol()) {
        case TCP -> k.protocol() == IpProtocols.TCP;
        case UDP -> k.protocol() == IpProtocols.UDP;
        default -> k.protocol() == IpProtocols.TCP || k.protocol() == IpProtocols.UDP;
      };
      String target = config.targetOf(f).map(Object::toString).orElse(null);
      int port = k.lanPort();
      if (!f.enabled() || !proto || target == null || !target.equals(k.lanAddress().toString())
          || port < f.firstTargetPort() || port > f.lastTargetPort()) {
        continue;
      }
      int wanPort = f.wanPorts().from() + (port - f.firstTargetPort());
      String wan = config.interfaces(dev.sekisho.config.Role.WAN).stream().filter(i -> i.address() != null)
          .map(i -> i.address().address() + ":" + wanPort).findFirst().orElse("WAN:" + wanPort);
      return Messages.format(lang, "live.forwarded_via", f.id(), wan);
    }
    return null;
  }

  /** The state's sentence; {@code s.message()} is what the capture said (technical, not translated). */
  /** "learned from www.example.org (www.example.org -> edge.example.net)" for an address a domain rule holds. */
  static String learnedFrom(Locale lang, dev.sekisho.dns.DomainLearner domains, FlowKey k) {
    if (domains == null) {
      return null;
    }
    dev.sekisho.config.IpAddr a;
    try {
      String text = k.remoteAddress().toString();
      a = text.indexOf(':') >= 0 ? dev.sekisho.config.Ipv6.parse(text) : dev.sekisho.config.Ipv4.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
    List<dev.sekisho.dns.DomainLearner.Learned> ls = domains.learnedFor(a);
    if (ls.isEmpty()) {
      return null;
    }
    return Messages.format(lang, "live.learned_from", ls.get(0).chain());
  }

  private static State state(Locale l, CaptureStatus s, String what, Instant takenAt, Instant now) {
    return switch (s.state()) {
      case RUNNING -> takenAt != null && !takenAt.equals(Instant.EPOCH) && Duration.between(takenAt, now)
          .compareTo(STALE) > 0
          ? new State("warn", Messages.format(l, "live.state.stale", what, s.message(),
              Duration.between(takenAt, now).toSeconds()))
          : new State("ok", Messages.format(l, "live.state.running", what, s.message()));
      case STARTING -> new State("warn", Messages.format(l, "live.state.starting", what, s.message()));
      case STOPPED -> new State("warn", Messages.format(l, "live.state.stopped", what, s.message()));
      case FAILED -> new State("error", Messages.format(l, "live.state.failed", what, s.message(), reason(l, s)));
    };
  }

  private static String reason(Locale l, CaptureStatus s) {
    if (s.reason() == null || s.reason() == CaptureException.Reason.FAILED) {
      return "";
    }
    return Messages.format(l, "live.reason." + s.reason().name().toLowerCase(Locale.ROOT));
  }



  /** The flow counters; labels from {@code live.counter.<key>}, numbers grouped for the reader's locale. */
  private static List<Counter> counters(Locale l, FlowSnapshot snap, FlowPage page, FlowFilter filter) {
    List<Counter> c = new ArrayList<>();
    c.add(counter(l, "shown", page.flows().size(), page.flows().size() < page.matched()));
    c.add(new Counter("matched", Messages.format(l, filter.query() == null ? "live.counter.matched_invalid"
        : "live.counter.matched"), num(l, page.matched()), filter.query() == null));
    c.add(counter(l, "total", page.total(), false));
    c.add(counter(l, "max", snap.maxFlows(), false));
    c.add(counter(l, "expired", snap.table().flowsExpired(), false));
    c.add(counter(l, "evicted", snap.table().flowsEvicted(), snap.table().flowsEvicted() > 0));
    c.add(counter(l, "malformed", snap.parse().malformed(), snap.parse().malformed() > 0));
    c.add(counter(l, "truncated", snap.parse().truncated(), snap.parse().truncated() > 0));
    KernelStats k = snap.kernel();
    c.add(counter(l, "kernelDropped", k.dropped(), k.dropped() > 0));
    c.add(counter(l, "ifDropped", k.interfaceDropped(), k.interfaceDropped() > 0));
    if (snap.internalErrors() > 0) {
      c.add(counter(l, "internal", snap.internalErrors(), true));
    }
    return c;
  }

  private static List<Counter> blockedCounters(Locale l, BlockedLog.Counters b, KernelStats k) {
    return List.of(
        blockedCounter(l, "events", b.events(), false),
        blockedCounter(l, "overwritten", b.overwritten(), false),
        blockedCounter(l, "malformed", b.malformed(), b.malformed() > 0),
        blockedCounter(l, "kernelDropped", k.dropped(), k.dropped() > 0));
  }

  private static Counter counter(Locale l, String key, long n, boolean warn) {
    return new Counter(key, Messages.format(l, "live.counter." + key), stat(l, n), warn);
  }

  private static Counter blockedCounter(Locale l, String key, long n, boolean warn) {
    return new Counter(key, Messages.format(l, "live.blocked_counter." + key), stat(l, n), warn);
  }

  private static String ruleLabel(Locale l, Config c, long id) {
    return c.rule(id).map(Rule::comment)
        .map(cm -> cm.text().isEmpty() ? "#" + id : Messages.format(l, "live.rule_comment", id, cm.text()))
        .orElse(Messages.format(l, "live.rule_gone", id));
  }

  private static String state(Flow f) {
    return f.tcpState() == TcpState.NONE ? "" : f.tcpState().name().toLowerCase(Locale.ROOT);
  }

  private static String endpoint(IpAddress a, int port, boolean ports) {
    String addr = a.isV4() ? a.toString() : "[" + a + "]";
    return ports ? addr + ":" + port : addr;
  }

  static String ago(Instant t, Instant now) {
    return ago(Locale.ENGLISH, t, now);
  }

  static String ago(Locale l, Instant t, Instant now) {
    if (t == null || now == null) {
      return "";
    }
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    return s < 60 ? Messages.format(l, "live.ago.s", s) : s < 3600 ? Messages.format(l, "live.ago.min", s / 60)
        : Messages.format(l, "live.ago.h", s / 3600);
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

  private static String num(Locale l, long n) {
    return java.text.NumberFormat.getIntegerInstance(l).format(n);
  }

  private static String stat(Locale l, long n) {
    return n < 0 ? Messages.format(l, "live.not_available") : num(l, n);
  }
}
