package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.store.AppliedStore;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** The overview: what the gateway looks like and whether the draft still has to be applied. */
final class DashboardController {
  private final ConfigService config;
  private final AppliedStore applied;
  private final Views views;
  private final Times times;

  DashboardController(ConfigService config, AppliedStore applied, Views views, Times times) {
    this.config = config;
    this.applied = applied;
    this.views = views;
    this.times = times;
  }

  void show(Context ctx) {
    Config c = config.load();
    Optional<AppliedState> current = applied.current();
    views.render(ctx, "dashboard/index", Map.ofEntries(
        Map.entry("nav", "dashboard"),
        Map.entry("interfaces", InterfaceController.rows(c)),
        Map.entry("hostCount", c.hosts().size()),
        Map.entry("ruleCount", c.rules().size()),
        Map.entry("enabledCount", c.rules().stream().filter(r -> r.enabled()).count()),
        Map.entry("forwardCount", c.forwards().size()),
        Map.entry("forwardsEnabled", c.forwards().stream().filter(f -> f.enabled()).count()),
        Map.entry("lanDefault", c.settings().lanDefault().label()),
        Map.entry("unknownDevices", c.settings().unknownDevices().label()),
        Map.entry("masquerade", c.settings().masquerade()),
        Map.entry("lastApplied", current.map(a -> times.format(a.appliedAt())).orElse("")),
        Map.entry("problems", ProblemLinks.link(c, ConfigValidator.validate(c)))));
  }
}
