package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Host;
import dev.sekisho.store.PendingDecision;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions inbox page: the pending decisions of the hosts in ask mode, updated live over the same event
 * stream mechanism as the live flows ({@link FlowStreams}), with one button per answer and bulk answers for a
 * host. Every answer is a POST with the session's CSRF token.
 */
final class DecisionController {
  /** The event name the inbox page's script listens for. */
  static final String EVENT = "decisions";

  private final ConfigService config;
  private final DecisionService decisions;
  private final Views views;
  private final Times times;
  private final FlowStreams streams;

  DecisionController(ConfigService config, DecisionService decisions, Views views, Times times,
      FlowStreams streams) {
    this.config = config;
    this.decisions = decisions;
    this.views = views;
    this.times = times;
    this.streams = streams;
  }

  /**
   * The inbox as the page and its stream show it: every value is text (the page's script sets it as text).
   *
   * @param pending how many are pending
   * @param dropped how many were dropped to keep the bounds
   * @param rows the pending decisions, by host
   */
  record InboxView(int pending, long dropped, List<Row> rows, List<HostCount> hosts) {}

  /** A host with pending decisions, for the bulk answers. */
  record HostCount(long hostId, String host, long count) {}

  /** One pending decision as shown. */
  record Row(long id, long hostId, String host, String destination, String domain, String protocol, int port,
      String firstSeen, String lastSeen, long hits, boolean unknown, String mac) {}

  /** One decision in force, as shown. */
  record Decided(String host, String destination, String protocol, int port, String verdict, String until) {}

  static InboxView view(DecisionService decisions, Config c, Times times) {
    Map<Long, String> names = new HashMap<>();
    c.hosts().forEach(h -> names.putIfAbsent(h.id(), h.name()));
    List<Row> rows = decisions.pending().all().stream().map(p -> row(p, names, times)).toList();
    Map<Long, HostCount> hosts = new java.util.LinkedHashMap<>();
    for (Row r : rows) {
      hosts.merge(r.hostId(), new HostCount(r.hostId(), r.host(), 1),
          (a, b) -> new HostCount(a.hostId(), a.host(), a.count() + 1));
    }
    return new InboxView(rows.size(), decisions.pending().dropped(), rows, List.copyOf(hosts.values()));
  }

  private static Row row(PendingDecision p, Map<Long, String> names, Times times) {
    String host = p.unknownDevice() ? "" : names.getOrDefault(p.hostId(), "#" + p.hostId());
    return new Row(p.id(), p.hostId(), host, p.destination().toString(),
        p.domain() == null ? "" : p.domain(), p.protocol().label(), p.port(), times.format(p.firstSeen()),
        times.format(p.lastSeen()), p.hits(), p.unknownDevice(), p.mac() == null ? "" : p.mac());
  }

  /** GET /decisions. */
  void page(Context ctx) {
    Config c = config.load();
    render(ctx, 200, c, new Form().set("askMaxPerHost", Integer.toString(c.settings().askMaxPerHost()))
        .set("askMaxTotal", Integer.toString(c.settings().askMaxTotal())));
  }

  /**
   * POST /decisions/bounds: the bounds of pending decisions (settings of the draft, in force once applied).
   * A bad number is an error at its field and changes nothing.
   */
  void bounds(Context ctx) {
    Form f = Form.posted(ctx, "askMaxPerHost", "askMaxTotal");
    Integer perHost = f.parse("askMaxPerHost", DecisionController::bound);
    Integer total = f.parse("askMaxTotal", DecisionController::bound);
    if (f.hasErrors()) {
      render(ctx, 400, config.load(), f);
      return;
    }
    config.update(c -> c.withSettings(s -> s.withAskBounds(perHost, total)));
    Web.success(ctx, "flash.decision.bounds");
    Web.seeOther(ctx, "/decisions");
  }

  private static int bound(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.matches("[0-9]{1,6}")) {
      throw new dev.sekisho.config.ParseException("problem.settings.ask_max_range", 1,
          dev.sekisho.config.Settings.ASK_MAX_LIMIT);
    }
    int n = Integer.parseInt(t);
    if (n < 1 || n > dev.sekisho.config.Settings.ASK_MAX_LIMIT) {
      throw new dev.sekisho.config.ParseException("problem.settings.ask_max_range", 1,
          dev.sekisho.config.Settings.ASK_MAX_LIMIT);
    }
    return n;
  }

  private void render(Context ctx, int status, Config c, Form bounds) {
    Map<String, Object> model = new HashMap<>();
    model.put("boundsForm", bounds);
    model.put("nav", "decisions");
    model.put("view", view(decisions, c, times));
    model.put("stream", "/decisions/stream");
    model.put("choices", java.util.Arrays.stream(DecisionService.Choice.values()).map(DecisionService.Choice::label)
        .toList());
    model.put("asking", c.hosts().stream().filter(Host::ask).map(Host::name).toList());
    model.put("decided", c.decisions().stream().filter(d -> !d.expiredAt(times.clock().instant()))
        .map(d -> decided(c, d)).toList());
    views.render(ctx, status, "decisions/inbox", model);
  }

  private Decided decided(Config c, Decision d) {
    return new Decided(c.host(d.hostId()).map(Host::name).orElse("#" + d.hostId()), d.destination().toString(),
        d.protocol().label(), d.port(), d.verdict().label(), d.expires() == null ? "" : times.format(d.expires()));
  }

  /** GET /decisions/stream: the live inbox (an event stream, or the view once as JSON). */
  void stream(Context ctx) throws Exception {
    streams.handle(ctx, null);
  }

  /** POST /decisions/{id}/{choice}. */
  void decide(Context ctx) {
    DecisionService.Choice choice = choice(ctx);
    flash(ctx, decisions.decide(ctx, Web.requireId(ctx), choice), choice);
    Web.seeOther(ctx, "/decisions");
  }

  /** POST /decisions/hosts/{id}/{choice}: every pending decision of the host. */
  void decideHost(Context ctx) {
    DecisionService.Choice choice = choice(ctx);
    flash(ctx, decisions.decideHost(ctx, Web.requireId(ctx), choice), choice);
    Web.seeOther(ctx, "/decisions");
  }

  static DecisionService.Choice choice(Context ctx) {
    return DecisionService.Choice.parse(ctx.pathParam("choice")).orElseThrow(NotFound::new);
  }

  private static void flash(Context ctx, DecisionService.Outcome o, DecisionService.Choice choice) {
    if (o.ok()) {
      Web.success(ctx, "flash.decision." + choice.label(), o.decided());
    } else {
      Web.error(ctx, "flash.decision.failed", String.join("; ", o.problems().stream()
          .map(p -> Lang.text(p.text())).toList()));
    }
  }
}
