package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.LockoutCheck;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply with confirm-or-rollback: the preview (what changes, the ruleset diff, lockout warnings), the
 * apply itself, the waiting page whose script confirms over a new connection, the deliberate unconfirmed
 * apply, the report of a failed apply, and the ruleset page.
 */
final class ApplyController {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyController.class);
  private static final String ADMIN = "admin";
  /** Session key of the confirmation token, so only the browser that applied can confirm. */
  static final String TOKEN_KEY = "sekisho.confirm-token";

  private final ConfigService config;
  private final AppliedStore applied;
  private final SafeApply safeApply;
  private final NoticeStore notices;
  private final Views views;
  private final Times times;

  ApplyController(ConfigService config, AppliedStore applied, SafeApply safeApply, NoticeStore notices, Views views,
      Times times) {
    this.config = config;
    this.applied = applied;
    this.safeApply = safeApply;
    this.notices = notices;
    this.views = views;
    this.times = times;
  }

  /** What a failed apply left for the report page (kept in the session across the redirect). */
  record Failure(String attemptedAt, List<ProblemLinks.Linked> problems, boolean kernelUntouched) {}

  /** GET /apply/preview: what would change, and whether it could lock the admin out. */
  void preview(Context ctx) {
    Config draft = config.load();
    Optional<AppliedState> current = applied.current();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "");
    List<Problem> problems = ConfigValidator.validate(draft);
    String next = "";
    if (problems.isEmpty()) {
      next = RulesetCompiler.compile(draft).text();
    }
    model.put("problems", ProblemLinks.link(draft, problems));
    model.put("firstApply", current.isEmpty());
    model.put("changes", DiffView.groups(ConfigDiff.between(current.map(AppliedState::config)
        .orElse(Config.empty()), draft)));
    model.put("rulesetDiff", problems.isEmpty()
        ? TextDiff.unified(current.map(AppliedState::ruleset).orElse(""), next) : List.of());
    model.put("note", RevisionController.rollbackNote(ctx));
    model.put("warnings", LockoutCheck.warnings(draft, ctx.ip(), ctx.req().getLocalPort()));
    model.put("same", current.isPresent() && current.get().config().equals(draft));
    model.put("timeout", SafeApply.DEFAULT_TIMEOUT.toSeconds());
    model.put("minTimeout", SafeApply.MIN_TIMEOUT.toSeconds());
    model.put("maxTimeout", SafeApply.MAX_TIMEOUT.toSeconds());
    views.render(ctx, "apply/preview", model);
  }

  /**
   * The confirmation window from the form (the default when blank), or null after sending the admin back to
   * {@code back} with a message when it is not a number; the range is checked by {@link SafeApply}.
   */
  static Duration timeout(Context ctx, String back) {
    String t = ctx.formParam("timeout");
    if (t == null || t.isBlank()) {
      return SafeApply.DEFAULT_TIMEOUT;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(t.strip()));
    } catch (NumberFormatException e) {
      Web.error(ctx, "The confirmation window must be a number of seconds.");
      Web.seeOther(ctx, back);
      return null;
    }
  }

  /** POST /apply: applies and starts the confirmation timer. */
  void apply(Context ctx) {
    String attemptedAt = times.format(times.clock().instant());
    Duration timeout = timeout(ctx, "/apply/preview");
    if (timeout == null) {
      return;
    }
    String note = note(ctx);
    Duration window = timeout;
    try {
      SafeApply.Started started =
          config.withLock(c -> safeApply.start(RulesetCompiler.tryCompile(c), ADMIN, note, window));
      if (started.ok()) {
        Web.session(ctx).put(TOKEN_KEY, started.token());
        // The next request must open a new connection: only that one goes through the new rules.
        ctx.header("Connection", "close");
        Web.seeOther(ctx, "/apply/pending");
        return;
      }
      fail(ctx, attemptedAt, started.problems(), true);
    } catch (RuntimeException e) {
      LOG.error("apply failed unexpectedly", e);
      Web.session(ctx).stash(new Failure(attemptedAt, List.of(new ProblemLinks.Linked("Apply",
          "an internal error stopped the apply (" + e.getClass().getSimpleName() + "); see the appliance log",
          "")), false));
      Web.seeOther(ctx, "/apply");
    }
  }

  /** POST /apply/now: applies without a confirmation window, for changes that cut the admin's own path. */
  void applyNow(Context ctx) {
    if (!"on".equals(ctx.formParam("understood"))) {
      Web.error(ctx, "Tick the box to confirm that you understand this apply is not rolled back automatically.");
      Web.seeOther(ctx, "/apply/preview");
      return;
    }
    String attemptedAt = times.format(times.clock().instant());
    String note = note(ctx);
    ApplyOutcome o = config.withLock(c -> safeApply.applyUnconfirmed(RulesetCompiler.tryCompile(c), ADMIN, note));
    if (o.ok()) {
      Web.success(ctx, "Applied at " + times.format(o.appliedAt()) + " without confirmation.");
      Web.seeOther(ctx, "/ruleset");
      return;
    }
    fail(ctx, attemptedAt, o.problems(), true);
  }

  private void fail(Context ctx, String attemptedAt, List<Problem> problems, boolean untouched) {
    List<Problem> ps = problems.isEmpty() ? List.of(new Problem("", "the apply failed without saying why")) : problems;
    Web.session(ctx).stash(new Failure(attemptedAt, ProblemLinks.link(config.load(), ps), untouched));
    Web.seeOther(ctx, "/apply");
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
    Optional<SafeApply.Waiting> w = safeApply.waiting();
    if (w.isEmpty()) {
      Web.seeOther(ctx, "/ruleset");
      return;
    }
    ctx.header("Connection", "close");
    String token = Web.session(ctx).get(TOKEN_KEY, String.class);
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
    SafeApply.Confirmation c = safeApply.confirm(ctx.formParam("token"), connectionOpenedAt(ctx));
    boolean json = "fetch".equals(ctx.header("X-Requested-With"));
    if (c == SafeApply.Confirmation.CONFIRMED) {
      Web.session(ctx).put(TOKEN_KEY, null);
    }
    if (json) {
      if (c == SafeApply.Confirmation.CONFIRMED) {
        Web.success(ctx, "Confirmed: the new ruleset stays.");
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
      case CONFIRMED -> Web.success(ctx, "Confirmed: the new ruleset stays.");
      case OLD_CONNECTION -> Web.error(ctx, "That request used a connection opened before the apply; press Confirm again.");
      case WRONG_TOKEN -> Web.error(ctx, "That confirmation does not belong to the waiting apply.");
      default -> Web.error(ctx, "Nothing is waiting for confirmation any more.");
    }
    Web.seeOther(ctx, c == SafeApply.Confirmation.OLD_CONNECTION ? "/apply/pending" : "/ruleset");
  }

  /**
   * When the TCP connection carrying this request was opened. Connection tracking lets an old connection
   * through whatever the new rules say, so only a newer one proves the admin can still reach the panel.
   */
  private static Instant connectionOpenedAt(Context ctx) {
    try {
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(ctx.req());
      return Instant.ofEpochMilli(r.getConnectionMetaData().getConnection().getEndPoint().getCreatedTimeStamp());
    } catch (RuntimeException e) {
      LOG.warn("cannot tell when the connection was opened; refusing the confirmation", e);
      return Instant.EPOCH;
    }
  }

  /** POST /notices/{id}/dismiss. */
  void dismiss(Context ctx) {
    Long id = Web.idParam(ctx);
    notices.dismiss(id);
    String back = ctx.formParam("back");
    Web.seeOther(ctx, back != null && back.startsWith("/") && !back.startsWith("//") ? back : "/");
  }

  void report(Context ctx) {
    Failure f = Web.session(ctx).stashed(Failure.class);
    if (f == null) {
      Web.seeOther(ctx, "/");
      return;
    }
    views.render(ctx, "apply/failed", Map.of("nav", "", "failure", f));
  }

  void ruleset(Context ctx) {
    Config draft = config.load();
    Optional<AppliedState> current = applied.current();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "ruleset");
    model.put("appliedAt", current.map(a -> times.format(a.appliedAt())).orElse(""));
    model.put("appliedRuleset", current.map(AppliedState::ruleset).orElse(""));
    List<Problem> problems = ConfigValidator.validate(draft);
    String preview = "";
    if (problems.isEmpty()) {
      try {
        preview = RulesetCompiler.compile(draft).text();
      } catch (RuntimeException e) {
        LOG.warn("preview compilation failed", e);
        problems = List.of(new Problem("", "the draft could not be compiled: " + e.getMessage()));
      }
    }
    model.put("previewProblems", ProblemLinks.link(draft, problems));
    model.put("preview", preview);
    model.put("same", current.isPresent() && current.get().config().equals(draft));
    views.render(ctx, "ruleset/show", model);
  }
}
