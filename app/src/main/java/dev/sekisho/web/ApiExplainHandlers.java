package dev.sekisho.web;

import dev.sekisho.config.Explanation;
import dev.sekisho.config.Explanation.Code;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/explain}: "Why is this blocked?" over the API, with the explain page's parameters and
 * located problems ({@link ExplainQuery}). The answer is codes with arguments, as the engine gives them.
 */
final class ApiExplainHandlers {
  private final ConfigService config;
  private final ApplyFlow flow;

  ApiExplainHandlers(ConfigService config, ApplyFlow flow) {
    this.config = config;
    this.flow = flow;
  }

  /** GET /api/v1/explain?source=&amp;mac=&amp;destination=&amp;protocol=&amp;port=&amp;direction=&amp;config=. */
  void explain(Context ctx) {
    ExplainQuery.Answer a = ExplainQuery.run(config::load, flow::current, ctx::queryParam, flow.now(), flow::usedUp);
    if (!a.problems().isEmpty()) {
      throw ApiProblem.invalid("the query has " + a.problems().size()
          + (a.problems().size() == 1 ? " error" : " errors"), a.problems());
    }
    if (a.nothingApplied()) {
      throw new ApiProblem(409, "conflict", "nothing has been applied yet; ask with config=draft to explain the"
          + " saved draft");
    }
    ApiJson.send(ctx, 200, body(a.target(), a.explanation()));
  }

  /** The answer's JSON: lower-case codes, arguments as strings, the deciding rule's id when a rule decides. */
  static Map<String, Object> body(String target, Explanation e) {
    Map<String, Object> decided = new LinkedHashMap<>();
    decided.put("code", e.decidedBy().code().name().toLowerCase(Locale.ROOT));
    decided.put("args", e.decidedBy().args());
    if (e.decidedBy().code() == Code.RULE_DECIDES) {
      decided.put("ruleId", Long.parseLong(e.decidedBy().args().get(0)));
    }
    List<Map<String, Object>> rules = e.rules().stream().map(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ruleId", r.ruleId());
      m.put("position", r.position());
      m.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
      if (!r.args().isEmpty()) {
        m.put("args", r.args());
      }
      return m;
    }).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("config", target);
    out.put("verdict", e.verdict().name().toLowerCase(Locale.ROOT));
    out.put("decidedBy", decided);
    out.put("rules", rules);
    return out;
  }
}
