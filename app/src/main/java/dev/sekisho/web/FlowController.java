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
    views.render(ctx, filter.form().hasErrors() ? 400 : 200, "flows/live", model);
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
