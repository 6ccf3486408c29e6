package dev.sekisho.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Problem;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions inbox over the API: {@code GET /api/v1/decisions} lists the pending decisions (as the page
 * shows them) and {@code POST /api/v1/decisions/{id}} / {@code POST /api/v1/decisions/hosts/{id}} answer one,
 * or all of a host's, with {@code {"choice": "once" | "always" | "deny" | "dismiss"}} through the same
 * {@link DecisionService} as the panel.
 */
final class ApiDecisionHandlers {
  private final ConfigService config;
  private final DecisionService decisions;
  private final Times times;

  ApiDecisionHandlers(ConfigService config, DecisionService decisions, Times times) {
    this.config = config;
    this.decisions = decisions;
    this.times = times;
  }

  /** GET /api/v1/decisions. */
  void list(Context ctx) {
    ApiJson.send(ctx, 200, DecisionController.view(decisions, config.load(), times));
  }

  /** POST /api/v1/decisions/{id}. */
  void decide(Context ctx) {
    DecisionService.Choice c = choice(ctx);
    long id = Web.requireId(ctx);
    if (decisions.pending().get(id).isEmpty()) {
      throw ApiProblem.notFound("pending decision " + id);
    }
    answer(ctx, decisions.decide(ctx, id, c));
  }

  /** POST /api/v1/decisions/hosts/{id}. */
  void decideHost(Context ctx) {
    DecisionService.Choice c = choice(ctx);
    answer(ctx, decisions.decideHost(ctx, Web.requireId(ctx), c));
  }

  private static DecisionService.Choice choice(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("choice"), "");
    List<Problem> errors = new ArrayList<>();
    String text = ApiJson.text(body, "choice", errors, "");
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("the request has errors", errors);
    }
    return DecisionService.Choice.parse(text).orElseThrow(() -> ApiProblem.invalid("the request has 1 error",
        List.of(new Problem("choice", "must be once, always, deny or dismiss"))));
  }

  private static void answer(Context ctx, DecisionService.Outcome o) {
    if (!o.ok()) {
      throw new ApiProblem(409, "conflict", String.join("; ", o.problems().stream()
          .map(p -> p.path() + ": " + p.message()).toList()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decided", o.decided());
    out.put("inForceAt", o.decidedAt() == null ? null : o.decidedAt().toString());
    ApiJson.send(ctx, 200, out);
  }
}
