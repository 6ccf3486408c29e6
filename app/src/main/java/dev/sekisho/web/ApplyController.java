package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.config.Config;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.store.NoticeStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply with confirm-or-rollback, as the admin sees it: the preview, the apply itself, the waiting page
 * whose script confirms over a new connection, the deliberate unconfirmed apply, the report of a failed
 * apply, and the ruleset page. The flow itself (shared with restore) is {@link ApplyFlow}.
 */
final class ApplyController {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyController.class);

  private final ConfigService config;
  private final ApplyFlow flow;
  private final NoticeStore notices;
  private final Views views;
  private final Times times;

  ApplyController(ConfigService config, ApplyFlow flow, NoticeStore notices, Views views, Times times) {
    this.config = config;
    this.flow = flow;
    this.notices = notices;
    this.views = views;
    this.times = times;
  }

  /** GET /apply/preview: what would change, and whether it could lock the admin out. */
  void preview(Context ctx) {
    Config draft = config.load();
    Optional<AppliedState> current = flow.current();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "");
    flow.preview(ctx, current.map(AppliedState::config).orElse(Config.empty()), draft, model);
    model.put("firstApply", current.isEmpty());
    model.put("note", RevisionController.rollbackNote(ctx));
    model.put("same", current.isPresent() && current.get().config().equals(draft));
    views.render(ctx, "apply/preview", model);
  }

  /** POST /apply: applies the draft and starts the confirmation timer. */
  void apply(Context ctx) {
    flow.start(ctx, ApplyFlow.Target.draft(), note(ctx));
  }

  /** POST /apply/now: applies without a confirmation window, for changes that cut the admin's own path. */
  void applyNow(Context ctx) {
    if (!"on".equals(ctx.formParam("understood"))) {
      Web.error(ctx, "flash.apply.tick_unconfirmed");
      Web.seeOther(ctx, "/apply/preview");
      return;
    }
    flow.applyNow(ctx, note(ctx));
  }

  private static String note(Context ctx) {
    String n = ctx.formParam("note");
    if (n == null || n.isBlank()) {
      return null;
    }
    String s = n.strip().replaceAll("\\p{Cntrl}", " ");
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  /** GET /apply/pending: the countdown; its script confirms through the new rules. */
  void pending(Context ctx) {
    Optional<SafeApply.Waiting> w = flow.waiting();
    if (w.isEmpty()) {
      Web.seeOther(ctx, "/ruleset");
      return;
    }
    ctx.header("Connection", "close");
    String token = Web.session(ctx).get(ApplyFlow.TOKEN_KEY, String.class);
    Map<String, Object> model = new HashMap<>();
    model.put("deadline", times.format(w.get().deadline()));
    model.put("deadlineEpochMs", w.get().deadline().toEpochMilli());
    model.put("secondsLeft", Math.max(0, Duration.between(times.clock().instant(), w.get().deadline()).toSeconds()));
    model.put("token", token == null ? "" : token);
    views.render(ctx, "apply/pending", model);
  }

  /** POST /apply/confirm: JSON answer for the waiting page's script (or a redirect for the plain form). */
  void confirm(Context ctx) {
    ctx.header("Connection", "close");
    SafeApply.Confirmation c = flow.confirm(ctx, ctx.formParam("token"), connectionOpenedAt(ctx));
    boolean json = "fetch".equals(ctx.header("X-Requested-With"));
    if (c == SafeApply.Confirmation.CONFIRMED) {
      Web.session(ctx).put(ApplyFlow.TOKEN_KEY, null);
    }
    if (json) {
      if (c == SafeApply.Confirmation.CONFIRMED) {
        Web.success(ctx, "flash.apply.confirmed");
      }
      int status = switch (c) {
        case CONFIRMED -> 200;
        case OLD_CONNECTION -> 409;
        case NOTHING_PENDING, EXPIRED -> 410;
        case WRONG_TOKEN -> 403;
      };
      ctx.status(status).contentType("application/json").result("{\"result\":\"" + c.name() + "\"}");
      return;
    }
    switch (c) {
      case CONFIRMED -> Web.success(ctx, "flash.apply.confirmed");
      case OLD_CONNECTION -> Web.error(ctx, "flash.apply.old_connection");
      case WRONG_TOKEN -> Web.error(ctx, "flash.apply.wrong_token");
      default -> Web.error(ctx, "flash.apply.nothing_waiting");
    }
    Web.seeOther(ctx, c == SafeApply.Confirmation.OLD_CONNECTION ? "/apply/pending" : "/ruleset");
  }

  /**
   * When the TCP connection carrying this request was opened. Connection tracking lets an old connection
   * through whatever the new rules say, so only a newer one proves the admin can still reach the panel.
   */
  static Instant connectionOpenedAt(Context ctx) {
    try {
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(ctx.req());
      return Instant.ofEpochMilli(Https.openedAtMillis(r.getConnectionMetaData().getConnection().getEndPoint()));
    } catch (RuntimeException e) {
      LOG.warn("cannot tell when the connection was opened; refusing the confirmation", e);
      return Instant.EPOCH;
    }
  }

  /** POST /notices/{id}/dismiss; an id that is not a number names no notice (404). */
  void dismiss(Context ctx) {
    notices.dismiss(Web.requireId(ctx));
    String back = ctx.formParam("back");
    Web.seeOther(ctx, LocalRedirect.orElse(back, "/"));
  }

  /** GET /apply: the report of this session's last failed apply (shown once). */
  void report(Context ctx) {
    ApplyFlow.Failure f = ApplyFlow.takeFailure(ctx);
    if (f == null) {
      Web.seeOther(ctx, "/");
      return;
    }
    views.render(ctx, "apply/failed", Map.of("nav", "", "failure", f));
  }

  /** GET /ruleset: the ruleset in force and the draft's, side by side. */
  void ruleset(Context ctx) {
    Config draft = config.load();
    Optional<AppliedState> current = flow.current();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "ruleset");
    model.put("appliedAt", current.map(a -> times.format(a.appliedAt())).orElse(""));
    model.put("appliedRuleset", current.map(AppliedState::ruleset).orElse(""));
    Compilation compiled = ApplyFlow.compile(draft, times.clock().instant());
    model.put("previewProblems", ProblemLinks.link(draft, compiled.problems()));
    model.put("preview", compiled.ok() ? compiled.ruleset().text() : "");
    model.put("same", current.isPresent() && current.get().config().equals(draft));
    views.render(ctx, "ruleset/show", model);
  }
}
