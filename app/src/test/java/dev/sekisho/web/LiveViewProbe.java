package dev.sekisho.web;

import dev.sekisho.capture.FlowSource;
import dev.sekisho.config.Config;
import java.time.Clock;
import java.util.Map;

/**
 * The live flow page's server-side work without HTTP, for {@code dev.sekisho.bench.FlowBench}: the
 * {@link LiveView} that {@code GET /flows} renders and the JSON that {@code GET /flows/stream} answers. Not
 * a test.
 */
public final class LiveViewProbe {
  private LiveViewProbe() {}

  /** Builds the view for query parameters as the page gets them ({@code sort}, {@code limit}, {@code q}, ...). */
  public static Object view(FlowSource source, Config config, Map<String, String> params) {
    FlowFilter f = FlowFilter.of(params);
    if (f.form().hasErrors()) {
      throw new IllegalArgumentException("bad filter " + params + ": " + f.form().errors());
    }
    LiveView v = LiveView.build(source, config, f, new Times(Clock.systemUTC()));
    if (v.shown() == 0 && v.total() > 0) {
      throw new IllegalStateException("no flows shown for " + params);
    }
    return v;
  }

  /** The view as the stream's JSON document. */
  public static String json(FlowSource source, Config config, Map<String, String> params) {
    return FlowStreams.json((LiveView) view(source, config, params));
  }
}
