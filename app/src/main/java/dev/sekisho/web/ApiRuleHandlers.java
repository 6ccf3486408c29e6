package dev.sekisho.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Rule;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The API's outbound rules: list, read, create (optionally above another rule), replace, delete, move up or
 * down, reorder all at once, and enable/disable. The body's members are the rule form's fields and go through
 * the same {@link RuleController#save}, so the checks and messages are the form's, located as
 * {@code rules[3].ports} (the index the rule has, or would have, in the list).
 *
 * <p>In the body, {@code source} is a host id or {@code "all"} (also when absent), {@code destination} an
 * address, a CIDR or {@code "any"} (also when absent), {@code enabled} defaults to true and {@code log} to false.
 * Objects: {@code sourceGroup} a group id instead of {@code source}, {@code destinationList} an address list id
 * instead of {@code destination}, {@code service} a service id instead of {@code protocol} and {@code ports}.
 * Temporary and count-limited rules: {@code expiresAt} an ISO-8601 instant in the future (or the form's
 * {@code duration}: {@code 30m}, {@code 1h}, {@code until} with {@code until} HH:MM, {@code date} with {@code
 * untilDate}), {@code connectionLimit} 1 to 10,000 on an allow rule.
 */
final class ApiRuleHandlers {
  private static final List<String> CREATE_FIELDS;
  private static final List<String> UPDATE_FIELDS;

  static {
    List<String> f = new ArrayList<>(RuleController.FIELDS);
    f.add("sourceGroup");
    UPDATE_FIELDS = List.copyOf(f);
    f.add("before");
    CREATE_FIELDS = List.copyOf(f);
  }

  private final ConfigService config;
  private final java.time.Clock clock;

  ApiRuleHandlers(ConfigService config) {
    this(config, java.time.Clock.systemDefaultZone());
  }

  /** The handlers; {@code clock} is what a temporary rule's new end must lie after. */
  ApiRuleHandlers(ConfigService config, java.time.Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  void list(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.rules(config.load()));
  }

  void get(Context ctx) {
    Config c = config.load();
    ApiJson.send(ctx, 200, ApiShapes.of(c, find(c, Web.requireId(ctx))));
  }

  void create(Context ctx) {
    Form f = ruleForm(ctx, CREATE_FIELDS);
    long[] id = new long[1];
    Config saved = edit(f, c -> {
      id[0] = c.nextRuleId();
      Long above = RuleController.position(c, f);
      Config next = RuleController.save(c, f, id[0], clock.instant(), clock.getZone());
      return above == null ? next : RuleController.placeAbove(next, id[0], above);
    }, c -> "rules[" + placeOf(c, f) + "]");
    ctx.header("Location", "/api/v1/rules/" + id[0]);
    ApiJson.send(ctx, 201, ApiShapes.of(saved, saved.rule(id[0]).orElseThrow()));
  }

  void update(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = ruleForm(ctx, UPDATE_FIELDS);
    Config saved = edit(f, c -> {
      find(c, id);
      return RuleController.save(c, f, id, clock.instant(), clock.getZone());
    }, c -> "rules[" + indexOf(c, id) + "]");
    ApiJson.send(ctx, 200, ApiShapes.of(saved, saved.rule(id).orElseThrow()));
  }

  void delete(Context ctx) {
    long id = Web.requireId(ctx);
    config.update(c -> {
      find(c, id);
      return c.withoutRule(id);
    });
    ctx.status(204);
  }

  /** POST /api/v1/rules/{id}/move {"direction": "up" | "down"}: one place, as the panel's arrows. */
  void move(Context ctx) {
    long id = Web.requireId(ctx);
    ObjectNode body = ApiJson.object(ctx, Set.of("direction"), "");
    JsonNode d = body.get("direction");
    String direction = d != null && d.isTextual() ? d.textValue() : "";
    int delta = "up".equals(direction) ? -1 : "down".equals(direction) ? 1 : 0;
    if (delta == 0) {
      throw ApiProblem.invalid("choose up or down", List.of(new Problem("direction", "Choose up or down.")));
    }
    Config saved = config.update(c -> {
      find(c, id);
      return c.withRuleMoved(id, delta);
    }).after();
    ApiJson.send(ctx, 200, ApiShapes.rules(saved));
  }

  /** PUT /api/v1/rules/order {"order": [ids]}: every rule's id once, first checked first. */
  void reorder(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("order"), "");
    JsonNode order = body.get("order");
    List<Long> ids = new ArrayList<>();
    if (order == null || !order.isArray()) {
      throw ApiProblem.invalid("order must be a list of rule ids", List.of(new Problem("order",
          "must be a list of every rule's id")));
    }
    for (int i = 0; i < order.size(); i++) {
      JsonNode n = order.get(i);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw ApiProblem.invalid("order must hold rule ids", List.of(new Problem("order[" + i + "]",
            "must be a rule id")));
      }
      ids.add(n.longValue());
    }
    Config saved = config.update(c -> {
      Set<Long> have = new HashSet<>();
      c.rules().forEach(r -> have.add(r.id()));
      if (ids.size() != have.size() || !have.equals(new HashSet<>(ids))) {
        throw ApiProblem.invalid("the order must name every rule exactly once", List.of(new Problem("order",
            "must name each of the " + have.size() + " rules exactly once")));
      }
      List<Rule> rules = ids.stream().map(i -> c.rule(i).orElseThrow()).toList();
      return c.withRules(rules);
    }).after();
    ApiJson.send(ctx, 200, ApiShapes.rules(saved));
  }

  /** POST /api/v1/rules/{id}/toggle: enabled becomes disabled and back, as in the panel. */
  void toggle(Context ctx) {
    long id = Web.requireId(ctx);
    Config saved = config.update(c -> {
      Rule r = find(c, id);
      return c.withRule(r.withEnabled(!r.enabled()));
    }).after();
    ApiJson.send(ctx, 200, ApiShapes.of(saved, saved.rule(id).orElseThrow()));
  }

  /** The body as the rule form: defaults as the new-rule form has them. */
  private static Form ruleForm(Context ctx, List<String> fields) {
    ObjectNode body = ApiJson.object(ctx, Set.copyOf(fields), "");
    Form f = ApiConfigHandlers.form(body, fields, Set.of("log", "enabled"));
    if (!body.has("enabled")) {
      // The form's unticked box is absent; the API's absent member means "as a new rule": enabled.
      f.set("enabled", "on");
    }
    if (!f.value("sourceGroup").isEmpty()) {
      if (!f.value("source").isEmpty() && !f.value("source").equals(RuleController.ALL_HOSTS)) {
        f.reject("source", Lang.t("problem.rule.host_and_group"));
      }
      f.set("source", RuleController.GROUP + f.value("sourceGroup"));
    }
    if (f.value("source").isEmpty()) {
      f.set("source", RuleController.ALL_HOSTS);
    }
    if (!f.value("service").isEmpty() && f.value("protocol").isEmpty()) {
      f.set("protocol", "any");
    }
    if (f.value("destination").isEmpty()) {
      f.set("destination", "any");
    }
    return f;
  }

  /** Runs the edit; a form error becomes a 400 located at {@code prefix}. */
  private Config edit(Form f, java.util.function.UnaryOperator<Config> change,
      java.util.function.Function<Config, String> prefix) {
    return new ApiConfigHandlers(config).located(() -> config.update(change).after(), prefix, f);
  }

  private static Rule find(Config c, long id) {
    return c.rule(id).orElseThrow(() -> ApiProblem.notFound("no rule #" + id));
  }

  private static int indexOf(Config c, long id) {
    for (int i = 0; i < c.rules().size(); i++) {
      if (c.rules().get(i).id() == id) {
        return i;
      }
    }
    return c.rules().size();
  }

  /** Where a new rule lands: above {@code before}, or at the end. */
  private static int placeOf(Config c, Form f) {
    String b = f.value("before");
    if (b.matches("[0-9]{1,18}") && c.rule(Long.parseLong(b)).isPresent()) {
      return indexOf(c, Long.parseLong(b));
    }
    return c.rules().size();
  }
}
