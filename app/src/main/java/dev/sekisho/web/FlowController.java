package dev.sekisho.web;

import dev.sekisho.capture.FlowSource;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live flow page: who talks to whom right now, top talkers, hosts the inventory does not know, and
 * what logged rules blocked. Filtering and sorting run on the server; the first render needs no script, and
 * the page's script then follows {@code /flows/stream} for updates.
 */
final class FlowController {
  private final ConfigService config;
  private final FlowSource source;
  private final Views views;
  private final Times times;
  private final FlowStreams streams;
  private final dev.sekisho.dns.DomainLearner domains;

  FlowController(ConfigService config, FlowSource source, Views views, Times times, FlowStreams streams) {
    this(config, source, views, times, streams, null);
  }

  /** With the DNS forwarder's learner (or null): a flow shows the domain its remote address was learned from. */
  FlowController(ConfigService config, FlowSource source, Views views, Times times, FlowStreams streams,
      dev.sekisho.dns.DomainLearner domains) {
    this.config = config;
    this.source = source;
    this.views = views;
    this.times = times;
    this.streams = streams;
    this.domains = domains;
  }

  void page(Context ctx) {
    FlowFilter filter = FlowFilter.from(ctx);
    Config c = config.load();
    LiveView v = LiveView.build(source, c, filter, times, domains);
    String qs = filter.queryString();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "flows");
    model.put("view", v);
    model.put("form", filter.form());
    model.put("enabled", source != null);
    model.put("stream", "/flows/stream" + (qs.isEmpty() ? "" : "?" + qs));
    model.put("hostNames", c.hosts().stream().map(Host::name).toList());
    model.put("limits", FlowFilter.LIMITS.stream().map(String::valueOf).toList());
    model.put("protocols", List.of("tcp", "udp", "icmp", "icmpv6"));
    model.put("pager", pager(filter, v));
    views.render(ctx, filter.form().hasErrors() ? 400 : 200, "flows/live", model);
  }

  /**
   * The links to the previous and next page of the flow list, and which rows this page shows.
   *
   * @param previous the previous page's URL, or null on the first
   * @param next the next page's URL, or null on the last
   * @param first the number of this page's first row (from 1; 0 when it shows none)
   * @param last the number of its last row
   * @param matched flows that matched
   */
  record Pager(String previous, String next, int first, int last, int matched) {}

  static Pager pager(FlowFilter filter, LiveView v) {
    if (filter.query() == null) {
      return null;
    }
    int page = filter.page();
    long from = (long) (page - 1) * filter.limit();
    String prev = page > 1 ? link(filter.queryString(page - 1)) : null;
    String next = from + v.shown() < v.matched() && page < FlowFilter.MAX_PAGE ? link(filter.queryString(page + 1))
        : null;
    if (prev == null && next == null) {
      return null;
    }
    return new Pager(prev, next, v.shown() == 0 ? 0 : (int) from + 1, (int) from + v.shown(), v.matched());
  }

  private static String link(String qs) {
    return "/flows" + (qs.isEmpty() ? "" : "?" + qs);
  }

  void stream(Context ctx) throws Exception {
    FlowFilter filter = FlowFilter.from(ctx);
    if (filter.form().hasErrors()) {
      ctx.status(400).contentType("text/plain; charset=utf-8").result(Lang.t("flows.invalid_filter",
          String.join("; ", filter.form().errors().entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue()).toList())));
      return;
    }
    streams.handle(ctx, filter);
  }
}
