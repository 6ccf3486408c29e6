package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.LockoutCheck;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AppliedStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the panel puts a configuration into the kernel, shared by Apply, Restore and the rollback to
 * a revision (which makes the revision the draft and then applies it like any draft): the preview (what
 * changes, the ruleset diff, lockout warnings), the apply with a confirmation window, the deliberate apply
 * without one, and the failure report. Every call from the web layer into {@link SafeApply} is in this
 * class, so a change to how an apply is started is made here once.
 */
final class ApplyFlow {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyFlow.class);
  private static final String ADMIN = "admin";
  /** Session key of the confirmation token, so only the browser that applied can confirm. */
  static final String TOKEN_KEY = "sekisho.confirm-token";
  /** Form field with the fingerprint of the compiled ruleset the preview showed. */
  static final String PREVIEWED = "previewed";

  private final ConfigService config;
  private final AppliedStore applied;
  private final SafeApply safeApply;
  private final Times times;
  private final AuditTrail audit;

  ApplyFlow(ConfigService config, AppliedStore applied, SafeApply safeApply, Times times, AuditTrail audit) {
    this.audit = audit;
    this.config = config;
    this.applied = applied;
    this.safeApply = safeApply;
    this.times = times;
  }

  /** What a failed apply left for the report page (kept in the session across the redirect). */
  record Failure(String attemptedAt, List<ProblemLinks.Linked> problems, boolean kernelUntouched) {}

  /**
   * What an apply loads: the draft, or (for a restore) a configuration that becomes the draft only once
   * the kernel took its ruleset.
   *
   * @param label names the operation in a failure report ("Apply", "Restore")
   * @param replacement the configuration to load instead of the draft, or null for the draft
   * @param back where a malformed form sends the admin
   */
  record Target(String label, Config replacement, String back) {
    static Target draft() {
      return new Target("Apply", null, "/apply/preview");
    }

    static Target restore(Config restored) {
      return new Target("Restore", restored, "/backup/restore/preview");
    }
  }

  /** Why the draft cannot change now: an apply waits for confirmation (a rollback would undo the edit). */
  static Supplier<Optional<String>> frozenWhileWaiting(SafeApply safeApply, Times times) {
    return () -> safeApply.waiting().map(w -> Lang.t("flash.frozen", times.format(w.deadline())));
  }

  /**
   * Validates and compiles {@code c} once; the same value goes on to the kernel. A compiler failure becomes a
   * problem instead of an error page.
   */
  static Compilation compile(Config c) {
    return compile(c, java.time.Instant.now());
  }

  /** {@link #compile(Config)} as of {@code now} (timed decisions get the time they have left then). */
  static Compilation compile(Config c, java.time.Instant now) {
    try {
      return RulesetCompiler.tryCompile(c, now);
    } catch (RuntimeException e) {
      LOG.warn("compilation failed", e);
      return Compilation.refused(List.of(Problem.of("", "problem.apply.compile_failed",
          String.valueOf(e.getMessage()))));
    }
  }

  /**
   * The compilation, or a refusal when the preview the admin reviewed ({@code previewed}, the fingerprint
   * the preview page sent along) is not what would be loaded now: another edit landed in between. A request
   * without a fingerprint (the failure page's "try again") applies the draft as it is.
   */
  static Compilation asPreviewed(Compilation compiled, String previewed) {
    if (previewed == null || previewed.isEmpty() || !compiled.ok()
        || compiled.ruleset().fingerprint().equals(previewed)) {
      return compiled;
    }
    return Compilation.refused(List.of(CHANGED_AFTER_PREVIEW));
  }

  private java.time.Instant now() {
    return times.clock().instant();
  }

  /** The refusal of an apply whose preview is out of date. */
  static final Problem CHANGED_AFTER_PREVIEW = Problem.of("", "problem.apply.changed_since_preview");

  /**
   * Starts the apply of {@code target} as {@code admin}, the one place both doors (panel and API) start one:
   * the draft only as previewed ({@code previewed}, see {@link #asPreviewed}), a restore's configuration made
   * the draft only once the kernel took it. Refused (never thrown) while the draft is frozen.
   */
  SafeApply.Started begin(Target target, String previewed, String admin, String note, Duration timeout) {
    Config next = target.replacement();
    try {
      return next == null
          ? config.withLock(draft -> safeApply.start(asPreviewed(compile(draft, now()), previewed), admin, note,
              timeout))
          : config.replaceIf(next, () -> safeApply.start(asPreviewed(compile(next, now()), previewed), admin, note,
              timeout), SafeApply.Started::ok).result();
    } catch (ConfigService.Frozen e) {
      return new SafeApply.Started(false, List.of(new Problem("", e.getMessage())), null, null);
    }
  }

  /** Applies the draft as previewed without a confirmation window, as {@code admin} (both doors). */
  ApplyOutcome applyDraftNow(String previewed, String admin, String note) {
    return config.withLock(c -> safeApply.applyUnconfirmed(asPreviewed(compile(c, now()), previewed), admin,
        note));
  }

  /** The API's apply: {@link #begin}, audited like the panel's. */
  SafeApply.Started startForApi(Context ctx, Target target, String previewed, String admin, String note,
      Duration timeout) {
    SafeApply.Started started = begin(target, previewed, admin, note, timeout);
    audit.record(ctx, target.replacement() == null ? AuditKind.APPLY_STARTED : AuditKind.RESTORE,
        started.ok() ? AuditEvent.OK : AuditEvent.REFUSED, noted(note, started.ok() ? List.of()
            : started.problems().isEmpty() ? List.of(new Problem("", "refused")) : started.problems()));
    return started;
  }

  /** The API's apply without confirmation: {@link #applyDraftNow}, audited like the panel's. */
  ApplyOutcome applyNowForApi(Context ctx, String previewed, String admin, String note) {
    ApplyOutcome o = applyDraftNow(previewed, admin, note);
    audit.record(ctx, AuditKind.APPLY_UNCONFIRMED, o.ok() ? AuditEvent.OK : AuditEvent.REFUSED,
        noted(note, o.problems()));
    return o;
  }

  /** The apply waiting for confirmation, if any. */
  Optional<SafeApply.Waiting> waiting() {
    return safeApply.waiting();
  }

  /** What the kernel was last given, if anything. */
  Optional<AppliedState> current() {
    return applied.current();
  }

  /**
   * Puts what every apply preview shows into {@code model}: the problems that stop applying {@code next}
   * (linked to their forms), the changes from {@code from}, the ruleset diff against the ruleset in force,
   * the lockout warnings for this admin's connection, and the confirmation window's bounds.
   */
  void preview(Context ctx, Config from, Config next, Map<String, Object> model) {
    Compilation compiled = compile(next);
    model.put("problems", ProblemLinks.link(next, compiled.problems()));
    model.put("changes", DiffView.groups(ConfigDiff.between(from, next)));
    model.put("rulesetDiff", compiled.ok()
        ? TextDiff.unified(current().map(AppliedState::ruleset).orElse(""), compiled.ruleset().text()) : List.of());
    model.put("previewed", compiled.ok() ? compiled.ruleset().fingerprint() : "");
    model.put("warnings", LockoutCheck.warningTexts(next, ctx.ip(), ctx.req().getLocalPort()).stream()
        .map(Lang::text).toList());
    model.put("applyWaiting", waiting().isPresent());
    model.put("timeout", SafeApply.DEFAULT_TIMEOUT.toSeconds());
    model.put("minTimeout", SafeApply.MIN_TIMEOUT.toSeconds());
    model.put("maxTimeout", SafeApply.MAX_TIMEOUT.toSeconds());
  }

  /**
   * Applies the target with the confirmation window from the form and sends the browser to the waiting
   * page (over a new connection), or to the failure report. A restore's configuration becomes the draft
   * only when the kernel took it; while another apply waits, nothing is tried.
   *
   * @return true when the apply started and waits for confirmation
   */
  boolean start(Context ctx, Target target, String note) {
    List<Problem> refused = startOrRefuse(ctx, target, note);
    if (refused != null) {
      audit.record(ctx, target.replacement() == null ? AuditKind.APPLY_STARTED : AuditKind.RESTORE,
          refused.isEmpty() ? AuditEvent.OK : AuditEvent.REFUSED, noted(note, refused));
    }
    return refused != null && refused.isEmpty();
  }

  /** Null when the form was malformed (nothing tried); empty when the apply started; else why not. */
  private List<Problem> startOrRefuse(Context ctx, Target target, String note) {
    Duration timeout = timeout(ctx, target.back());
    if (timeout == null) {
      return null;
    }
    String attemptedAt = times.format(times.clock().instant());
    SafeApply.Started started;
    try {
      // A restore is applied as uploaded: its preview's fingerprint is not checked in the panel.
      String previewed = target.replacement() == null ? ctx.formParam(PREVIEWED) : null;
      started = begin(target, previewed, ADMIN, note, timeout);
    } catch (RuntimeException e) {
      internalError(ctx, target, attemptedAt, e);
      return List.of(Problem.of("", "problem.apply.internal", e.getClass().getSimpleName()));
    }
    if (!started.ok()) {
      fail(ctx, target, attemptedAt, started.problems(), true);
      return started.problems().isEmpty() ? List.of(Problem.of("", "problem.apply.refused")) : started.problems();
    }
    Web.session(ctx).put(TOKEN_KEY, started.token());
    // The next request must open a new connection: only that one goes through the new rules.
    ctx.header("Connection", "close");
    Web.seeOther(ctx, "/apply/pending");
    return List.of();
  }

  /** Applies the draft with no confirmation window (nothing rolls it back) and says how it went. */
  void applyNow(Context ctx, String note) {
    Target target = Target.draft();
    String attemptedAt = times.format(times.clock().instant());
    ApplyOutcome o;
    try {
      o = applyDraftNow(ctx.formParam(PREVIEWED), ADMIN, note);
    } catch (RuntimeException e) {
      internalError(ctx, target, attemptedAt, e);
      audit.record(ctx, AuditKind.APPLY_UNCONFIRMED, AuditEvent.FAILED, "internal error "
          + e.getClass().getSimpleName());
      return;
    }
    audit.record(ctx, AuditKind.APPLY_UNCONFIRMED, o.ok() ? AuditEvent.OK : AuditEvent.REFUSED,
        noted(note, o.problems()));
    if (!o.ok()) {
      fail(ctx, target, attemptedAt, o.problems(), true);
      return;
    }
    Web.success(ctx, "flash.apply.unconfirmed_done", times.format(o.appliedAt()));
    Web.seeOther(ctx, "/ruleset");
  }

  /** Confirms the waiting apply for the browser holding {@code token}. */
  SafeApply.Confirmation confirm(Context ctx, String token, Instant connectionOpenedAt) {
    SafeApply.Confirmation c = safeApply.confirm(token, connectionOpenedAt);
    // A retry over an old connection or a second click is not an event; a foreign token or a late one is.
    if (c == SafeApply.Confirmation.CONFIRMED || c == SafeApply.Confirmation.WRONG_TOKEN
        || c == SafeApply.Confirmation.EXPIRED) {
      audit.record(ctx, AuditKind.APPLY_CONFIRMED, c == SafeApply.Confirmation.CONFIRMED ? AuditEvent.OK
          : AuditEvent.REFUSED, c.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    return c;
  }

  /** The audit detail of an apply: its note, and the first problems when it was refused. */
  private static String noted(String note, List<Problem> problems) {
    String n = note == null ? "" : "note: " + note;
    if (problems.isEmpty()) {
      return n;
    }
    String why = problems.stream().limit(3).map(p -> p.path().isEmpty() ? p.message() : p.path() + ": "
        + p.message()).collect(java.util.stream.Collectors.joining("; "));
    return (n.isEmpty() ? "" : n + "; ") + "refused: " + why;
  }

  /** The failure report the last apply of this session left, or null (taken: shown once). */
  static Failure takeFailure(Context ctx) {
    return Web.session(ctx).stashed(Failure.class);
  }

  /**
   * The confirmation window from the form (the default when blank), or null after sending the admin back to
   * {@code back} with a message when it is not a number; the range is checked by {@link SafeApply}.
   */
  private static Duration timeout(Context ctx, String back) {
    String t = ctx.formParam("timeout");
    if (t == null || t.isBlank()) {
      return SafeApply.DEFAULT_TIMEOUT;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(t.strip()));
    } catch (NumberFormatException e) {
      Web.error(ctx, "flash.apply.timeout_number");
      Web.seeOther(ctx, back);
      return null;
    }
  }

  private void fail(Context ctx, Target target, String attemptedAt, List<Problem> problems, boolean untouched) {
    List<Problem> ps = problems.isEmpty()
        ? List.of(Problem.of("", "problem.apply.failed_silently", verbText(target))) : problems;
    // A draft's problems link to the forms that fix them; a refused restore never became the draft, so its
    // paths point into the backup and link nowhere.
    List<ProblemLinks.Linked> shown = target.replacement() == null ? ProblemLinks.link(config.load(), ps)
        : ps.stream().map(p -> new ProblemLinks.Linked(p.path().isEmpty() ? labelText(target) : p.path(),
            Lang.text(p.text()), "")).toList();
    report(ctx, new Failure(attemptedAt, shown, untouched));
  }

  private void internalError(Context ctx, Target target, String attemptedAt, RuntimeException e) {
    LOG.error("{} failed unexpectedly", verb(target), e);
    report(ctx, new Failure(attemptedAt, List.of(new ProblemLinks.Linked(labelText(target),
        Lang.t("problem.apply.internal_stopped", verbText(target), e.getClass().getSimpleName()), "")),
        false));
  }

  private static void report(Context ctx, Failure f) {
    Web.session(ctx).stash(f);
    Web.seeOther(ctx, "/apply");
  }

  private static String verb(Target target) {
    return target.label().toLowerCase(java.util.Locale.ROOT);
  }

  /** The operation's name for a heading ("Apply", "Restore"), in the reader's language. */
  private static String labelText(Target target) {
    return Lang.t("target." + verb(target));
  }

  /** The operation's name inside a sentence ("the apply"), in the reader's language. */
  private static String verbText(Target target) {
    return Lang.t("target." + verb(target) + ".verb");
  }
}
