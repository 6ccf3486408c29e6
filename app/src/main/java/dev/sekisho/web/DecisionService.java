package dev.sekisho.web;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Host;
import dev.sekisho.config.Problem;
import dev.sekisho.ruleset.AskPrinter;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.PendingDecision;
import dev.sekisho.store.PendingDecisionStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The decisions inbox's one contract for both doors (panel and API): answer a pending decision, or all of a
 * host's. An answer that allows or denies becomes a {@link Decision} of the configuration, put in force at once
 * by {@link SafeApply#applyDecision} (an element added to the live table, the stored configurations updated);
 * a dismissal only forgets the question.
 */
final class DecisionService {
  /** The four answers. */
  enum Choice {
    /** Allow for {@link Decision#ONCE}. */
    ONCE,
    /** Allow for good. */
    ALWAYS,
    /** Deny for good (and stop asking). */
    DENY,
    /** Forget the question; it comes back with the next blocked connection. */
    DISMISS;

    /** The lower-case name used in URLs and JSON ({@code once}, {@code always}, {@code deny}, {@code dismiss}). */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The choice of this label, if any. */
    static Optional<Choice> parse(String text) {
      for (Choice c : values()) {
        if (c.label().equals(text)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * What an answer did.
   *
   * @param ok whether it was done
   * @param problems why not
   * @param decided how many questions were answered
   * @param decidedAt when the decision was in force (null for a dismissal)
   */
  record Outcome(boolean ok, List<Problem> problems, int decided, Instant decidedAt) {}

  private final ConfigService config;
  private final AppliedStore applied;
  private final SafeApply safeApply;
  private final PendingDecisionStore pending;
  private final Clock clock;
  private final AuditTrail audit;

  DecisionService(ConfigService config, AppliedStore applied, SafeApply safeApply, PendingDecisionStore pending,
      Clock clock, AuditTrail audit) {
    this.config = config;
    this.applied = applied;
    this.safeApply = safeApply;
    this.pending = pending;
    this.clock = clock;
    this.audit = audit;
  }

  /** The store of pending decisions. */
  PendingDecisionStore pending() {
    return pending;
  }

  /**
   * Answers one pending decision.
   *
   * @throws NotFound when it is not pending (answered already, or pushed out)
   */
  Outcome decide(Context ctx, long id, Choice choice) {
    PendingDecision p = pending.get(id).orElseThrow(NotFound::new);
    return answer(ctx, List.of(p), choice);
  }

  /** Answers every pending decision of one host. */
  Outcome decideHost(Context ctx, long hostId, Choice choice) {
    List<PendingDecision> mine = pending.all().stream().filter(p -> p.hostId() == hostId).toList();
    return answer(ctx, mine, choice);
  }

  private Outcome answer(Context ctx, List<PendingDecision> questions, Choice choice) {
    if (choice == Choice.DISMISS) {
      questions.forEach(p -> pending.delete(p.id()));
      audit.record(ctx, AuditKind.CONFIG_EDIT, AuditEvent.OK, "decisions inbox: " + questions.size()
          + " pending decision(s) dismissed");
      return new Outcome(true, List.of(), questions.size(), null);
    }
    if (questions.stream().anyMatch(PendingDecision::unknownDevice)) {
      return new Outcome(false, List.of(Problem.of("", "problem.decision.unknown_device")), 0, null);
    }
    String who = AuditTrail.who(ctx);
    int done = 0;
    Instant at = null;
    List<Problem> problems = new ArrayList<>();
    for (PendingDecision p : questions) {
      // Under the draft's lock, as an apply: no edit or apply lands half-way through.
      Optional<ApplyOutcome> o = config.withLock(draft -> {
        Instant now = clock.instant();
        long id = Math.max(draft.nextDecisionId(), applied.current().map(a -> a.config().nextDecisionId()).orElse(1L));
        Decision d = new Decision(id, p.hostId(), p.destination(), p.protocol(), p.port(),
            choice == Choice.DENY ? Action.DENY : Action.ALLOW, choice == Choice.ONCE ? now.plus(Decision.ONCE) : null);
        String note = note(draft, d, choice);
        ApplyOutcome out = put(safeApply, d, now, who, note);
        if (out.ok()) {
          audit.record(ctx, AuditKind.CONFIG_EDIT, AuditEvent.OK, note);
        }
        return Optional.of(out);
      });
      ApplyOutcome out = o.orElseThrow();
      if (out.ok()) {
        pending.deleteKey(p.hostId(), p.destination(), p.protocol(), p.port());
        done++;
        at = out.appliedAt();
      } else {
        problems.addAll(out.problems());
        break;
      }
    }
    return new Outcome(problems.isEmpty(), problems, done, at);
  }

  /**
   * Puts one decision in force as of {@code now} (see {@link SafeApply#applyDecision}): compiled here, the web
   * layer being the caller that owns the compiler. The caller holds the draft's lock.
   */
  static ApplyOutcome put(SafeApply safeApply, Decision d, Instant now, String who, String note) {
    return safeApply.applyDecision(c -> {
      Compilation compiled = RulesetCompiler.tryCompile(c.withDecision(d, now), now);
      return compiled.ok() ? Optional.of(compiled.ruleset()) : Optional.empty();
    }, drafted -> drafted.map(c -> c.withDecision(d, now)).filter(c -> ConfigValidator.validate(c).isEmpty()),
        live -> AskPrinter.elementScript(live, d, now), who, note);
  }

  /** The revision's note: what was decided, for whom (the host's name as text). */
  static String note(Config c, Decision d, Choice choice) {
    String host = c.host(d.hostId()).map(Host::name).orElse("host " + d.hostId());
    String what = switch (choice) {
      case ONCE -> "allowed for 1 h";
      case ALWAYS -> "allowed";
      case DENY -> "denied";
      default -> choice.label();
    };
    return "decisions inbox: " + host + " " + d.protocol().label() + " to " + d.destination() + " port " + d.port()
        + " " + what;
  }
}
