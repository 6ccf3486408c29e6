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
    views.render(ctx, "dashboard/index", Map.of(
        "nav", "dashboard",
        "interfaces", InterfaceController.rows(c),
        "hostCount", c.hosts().size(),
        "ruleCount", c.rules().size(),
        "enabledCount", c.rules().stream().filter(r -> r.enabled()).count(),
        "lanDefault", c.settings().lanDefault().label(),
        "masquerade", c.settings().masquerade(),
        "lastApplied", current.map(a -> times.format(a.appliedAt())).orElse(""),
        "problems", ProblemLinks.link(c, ConfigValidator.validate(c))));
  }
}
