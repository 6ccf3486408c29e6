package dev.sekisho.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.LockoutCheck;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.ruleset.Compilation;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API's apply, with the panel's contract: a preview (configuration changes, ruleset diff, lockout warnings
 * and the ruleset's fingerprint); an apply of exactly that fingerprint (refused with 409 when the draft changed
 * since, or while another apply waits) which loads the ruleset and starts the rollback timer; a confirmation
 * with the one-time token that counts only over a TCP connection opened after the apply (the apply's answer
 * closes its connection, and {@link ApplyController#connectionOpenedAt} tells an old one), so a confirmation
 * proves the client still reaches the gateway under the new rules; the deliberate apply without confirmation;
 * and the waiting apply's status. All of it through {@link ApplyFlow}, the panel's own door to SafeApply.
 */
final class ApiApplyHandlers {
  private final ConfigService config;
  private final ApplyFlow flow;
  private final Times times;

  ApiApplyHandlers(ConfigService config, ApplyFlow flow, Times times) {
    this.config = config;
    this.flow = flow;
    this.times = times;
  }

  /** GET /api/v1/apply/preview. */
  void preview(Context ctx) {
    Config draft = config.load();
    Optional<AppliedState> current = flow.current();
    Map<String, Object> out = preview(ctx, current.map(AppliedState::config).orElse(Config.empty()), draft);
    out.put("same", current.isPresent() && current.get().config().equals(draft));
    ApiJson.send(ctx, 200, out);
  }

  /** What every API preview shows: the apply preview and the restore preview alike. */
  Map<String, Object> preview(Context ctx, Config from, Config next) {
    Compilation compiled = ApplyFlow.compile(next, times.clock().instant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", compiled.ok() ? compiled.ruleset().fingerprint() : null);
    out.put("problems", ApiShapes.problems(compiled.problems()));
    out.put("changes", ApiShapes.changes(from, next));
    out.put("rulesetDiff", compiled.ok() ? TextDiff.unified(flow.current().map(AppliedState::ruleset).orElse(""),
        compiled.ruleset().text()).stream().map(TextDiff.Line::shown).collect(Collectors.joining("\n")) : "");
    out.put("warnings", LockoutCheck.warnings(next, ctx.ip(), ctx.req().getLocalPort()));
    out.put("applyWaiting", flow.waiting().isPresent());
    return out;
  }

  /** POST /api/v1/apply {"fingerprint", "timeout"?, "note"?}: 202 with the token, or the refusal. */
  void apply(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("fingerprint", "timeout", "note"), "");
    start(ctx, ApplyFlow.Target.draft(), body);
  }

  /** Starts {@code target} (the draft or a restore) as asked by {@code body}, and answers. */
  void start(Context ctx, ApplyFlow.Target target, ObjectNode body) {
    String fingerprint = fingerprint(body);
    Duration timeout = timeout(body);
    String note = note(body);
    refuseWhileWaiting();
    SafeApply.Started s = flow.startForApi(ctx, target, fingerprint, ApiKeys.user(ApiGuard.key(ctx)), note, timeout);
    if (!s.ok()) {
      throw refused(s.problems());
    }
    // The confirmation must come over a new connection: only that one went through the new rules.
    ctx.header("Connection", "close");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", s.token());
    out.put("deadline", s.deadline().toString());
    out.put("confirm", "/api/v1/apply/confirm");
    ApiJson.send(ctx, 202, out);
  }

  /** POST /api/v1/apply/confirm {"token"}: over a connection opened after the apply. */
  void confirm(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("token"), "");
    JsonNode t = body.get("token");
    String token = t != null && t.isTextual() ? t.textValue() : null;
    ctx.header("Connection", "close");
    SafeApply.Confirmation c = flow.confirm(ctx, token, ApplyController.connectionOpenedAt(ctx));
    switch (c) {
      case CONFIRMED -> ApiJson.send(ctx, 200, Map.of("result", "confirmed"));
      case OLD_CONNECTION -> throw new ApiProblem(409, "old-connection", "this connection was opened before the "
          + "apply, so it proves nothing about the new rules; send the confirmation again over a new connection");
      case WRONG_TOKEN -> throw new ApiProblem(403, "wrong-token", "that token does not belong to the waiting apply");
      default -> throw new ApiProblem(410, "gone", "nothing is waiting for confirmation any more (confirmed, "
          + "rolled back, or too late)");
    }
  }

  /** POST /api/v1/apply/now {"fingerprint", "understood": true, "note"?}: no confirmation, no rollback. */
  void applyNow(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("fingerprint", "understood", "note"), "");
    String fingerprint = fingerprint(body);
    JsonNode u = body.get("understood");
    if (u == null || !u.isBoolean() || !u.booleanValue()) {
      throw ApiProblem.invalid("this apply is not rolled back automatically", List.of(new Problem("understood",
          "Tick the box to confirm that you understand this apply is not rolled back automatically.")));
    }
    refuseWhileWaiting();
    ApplyOutcome o = flow.applyNowForApi(ctx, fingerprint, ApiKeys.user(ApiGuard.key(ctx)), note(body));
    if (!o.ok()) {
      throw refused(o.problems());
    }
    ApiJson.send(ctx, 200, Map.of("appliedAt", o.appliedAt().toString()));
  }

  /** GET /api/v1/apply/status: the waiting apply, if any, and what is in force. */
  void status(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<SafeApply.Waiting> w = flow.waiting();
    out.put("waiting", w.isPresent());
    if (w.isPresent()) {
      out.put("startedAt", w.get().startedAt().toString());
      out.put("deadline", w.get().deadline().toString());
      out.put("secondsLeft", Math.max(0, Duration.between(times.clock().instant(), w.get().deadline()).toSeconds()));
      out.put("admin", w.get().admin());
      out.put("note", w.get().note());
    }
    out.put("appliedAt", flow.current().map(a -> a.appliedAt().toString()).orElse(null));
    ApiJson.send(ctx, 200, out);
  }

  /** GET /api/v1/ruleset: the ruleset in force and the draft's. */
  void ruleset(Context ctx) {
    Optional<AppliedState> current = flow.current();
    Compilation compiled = ApplyFlow.compile(config.load(), times.clock().instant());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("appliedAt", current.map(a -> a.appliedAt().toString()).orElse(null));
    out.put("applied", current.map(AppliedState::ruleset).orElse(null));
    out.put("draft", compiled.ok() ? compiled.ruleset().text() : null);
    out.put("draftProblems", ApiShapes.problems(compiled.problems()));
    ApiJson.send(ctx, 200, out);
  }

  private void refuseWhileWaiting() {
    flow.waiting().ifPresent(w -> {
      throw waiting(w);
    });
  }

  private ApiProblem waiting(SafeApply.Waiting w) {
    return new ApiProblem(409, "apply-waiting", "an apply by " + w.admin() + " is waiting for confirmation until "
        + times.format(w.deadline()) + "; it must be confirmed or rolled back first");
  }

  /** Why a refused apply was refused, as the right status. */
  private ApiProblem refused(List<Problem> problems) {
    Optional<SafeApply.Waiting> w = flow.waiting();
    if (w.isPresent()) {
      return waiting(w.get()); // another apply won the race
    }
    if (problems.contains(ApplyFlow.CHANGED_AFTER_PREVIEW)) {
      return new ApiProblem(409, "draft-changed", ApplyFlow.CHANGED_AFTER_PREVIEW.message());
    }
    if (!problems.isEmpty() && problems.stream().allMatch(p -> p.path().equals("timeout"))) {
      return ApiProblem.invalid("the confirmation window is out of range", problems);
    }
    return new ApiProblem(422, "apply-failed", "nothing was applied; the kernel's ruleset is unchanged", problems, 0);
  }

  private static String fingerprint(ObjectNode body) {
    JsonNode f = body.get("fingerprint");
    if (f == null || !f.isTextual() || f.textValue().isEmpty()) {
      throw ApiProblem.invalid("apply what the preview showed", List.of(new Problem("fingerprint",
          "required: the fingerprint from GET /api/v1/apply/preview")));
    }
    return f.textValue();
  }

  private static Duration timeout(ObjectNode body) {
    JsonNode t = body.get("timeout");
    if (t == null || t.isNull()) {
      return SafeApply.DEFAULT_TIMEOUT;
    }
    if (!t.isIntegralNumber() || !t.canConvertToLong()) {
      throw ApiProblem.invalid("the confirmation window must be a number of seconds", List.of(new Problem(
          "timeout", "The confirmation window must be a number of seconds.")));
    }
    return Duration.ofSeconds(t.longValue());
  }

  /** The note as the panel keeps it: control characters out, at most 200 characters. */
  private static String note(ObjectNode body) {
    JsonNode n = body.get("note");
    if (n != null && !n.isNull() && !n.isTextual()) {
      throw ApiProblem.invalid("the note must be text", List.of(new Problem("note", "must be a string")));
    }
    if (n == null || n.isNull() || n.textValue().isBlank()) {
      return null;
    }
    String s = n.textValue().strip().replaceAll("\\p{Cntrl}", " ");
    return s.length() > 200 ? s.substring(0, 200) : s;
  }
}
