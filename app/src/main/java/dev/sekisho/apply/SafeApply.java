package dev.sekisho.apply;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.audit.AuditSink;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.i18n.Message;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.CompiledRuleset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply, then roll back unless confirmed. An apply loads the new ruleset at once and starts a timer; the
 * admin's browser confirms over a new connection through the new rules, which proves the admin can still
 * reach the gateway. Without a confirmation before the deadline, the ruleset that was in force before and
 * the configuration it came from are put back, and a notice tells the admin why.
 *
 * <p>Everything needed to undo the apply is written to the database <em>before</em> the kernel is
 * touched, so a crash while waiting is rolled back at the next start ({@link #recoverAtStartup}).
 */
public final class SafeApply implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SafeApply.class);
  /** Shortest and longest confirmation windows the admin can choose. */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
  /** The longest confirmation window. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  /** The default confirmation window. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

  /** What happens once an apply is confirmed: record a revision, persist the ruleset for boot, … */
  public interface OnConfirmed {
    /** Called with the confirmed state, inside the apply lock. */
    void confirmed(AppliedState state, String admin, String note);
  }

  /** The outcome of starting an apply. */
  public record Started(boolean ok, List<Problem> problems, String token, Instant deadline) {}

  /** What a confirmation attempt found. */
  public enum Confirmation {
    /** The apply is confirmed and stays. */
    CONFIRMED,
    /** No apply is waiting (already confirmed, rolled back, or never started). */
    NOTHING_PENDING,
    /** The token does not belong to the waiting apply. */
    WRONG_TOKEN,
    /** The request came over a connection opened before the apply, so it proves nothing; retry. */
    OLD_CONNECTION,
    /** Too late: the apply is being rolled back. */
    EXPIRED
  }

  /** What the panel shows about a waiting apply. */
  public record Waiting(Instant startedAt, Instant deadline, String admin, String note) {}

  private final Applier applier;
  private final DraftStore configs;
  private final AppliedStateStore applied;
  private final PendingApplyStore pending;
  private final NoticeSink notices;
  private final OnConfirmed onConfirmed;
  private final Clock clock;
  private final RollbackTimer timer;
  private final AuditSink audit;
  private final SecureRandom random = new SecureRandom();
  private RollbackTimer.Scheduled rollbackTask;

  /**
   * Wires the parts. {@code timer} runs the rollbacks ({@link RollbackTimer#daemon()} in the appliance, a
   * hand-moved one in tests); SafeApply owns it from here on and closes it in {@link #close()}. The rollbacks
   * (by the timer, at start-up, and failed ones) are recorded in {@code audit}.
   */
  public SafeApply(Applier applier, DraftStore configs, AppliedStateStore applied, PendingApplyStore pending,
      NoticeSink notices, OnConfirmed onConfirmed, Clock clock, RollbackTimer timer, AuditSink audit) {
    this.audit = audit;
    this.applier = applier;
    this.configs = configs;
    this.applied = applied;
    this.pending = pending;
    this.notices = notices;
    this.onConfirmed = onConfirmed;
    this.clock = clock;
    this.timer = timer;
  }

  /** The apply waiting for confirmation, if any. */
  public synchronized Optional<Waiting> waiting() {
    return pending.get().map(p -> new Waiting(p.startedAt(), p.deadline(), p.admin(), p.note()));
  }

  /**
   * Applies a compiled configuration and starts the confirmation timer. Refused while another apply waits,
   * and with the compiler's located problems when the configuration was refused. On a failed apply nothing
   * changes (and nothing waits). The configuration is neither validated nor compiled again here.
   */
  public synchronized Started start(Compilation compilation, String admin, String note, Duration timeout) {
    Optional<PendingApply> other = pending.get();
    if (other.isPresent()) {
      return refused(Problem.of("", "problem.apply.another_waiting", other.get().admin(),
          time(other.get().startedAt()), time(other.get().deadline())));
    }
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      return refused(Problem.of("timeout", "problem.apply.timeout_range", MIN_TIMEOUT.toSeconds(),
          MAX_TIMEOUT.toSeconds()));
    }
    if (!compilation.ok()) {
      return new Started(false, compilation.problems(), null, null);
    }
    CompiledRuleset rs = compilation.ruleset();
    String token = newToken();
    Instant now = clock.instant();
    Optional<AppliedState> previous = applied.current();
    pending.insert(new PendingApply(now, now.plus(timeout), hash(token), admin, note, rs.config(), rs.text(),
        previous));
    ApplyOutcome o;
    try {
      o = applier.apply(rs);
    } catch (RuntimeException e) {
      pending.delete();
      throw e;
    }
    if (!o.ok()) {
      pending.delete();
      return new Started(false, o.problems(), null, null);
    }
    rollbackTask = timer.schedule(timeout, () -> rollback(Message.of("notice.reason.timeout",
        timeout.toSeconds())));
    LOG.info("applied by {}; rolled back at {} unless confirmed", admin, now.plus(timeout));
    return new Started(true, List.of(), token, now.plus(timeout));
  }

  /**
   * Confirms the waiting apply. {@code connectionOpenedAt} is when the TCP connection carrying the request
   * was opened: only a connection opened after the apply went through the new rules (an older one is let
   * through by connection tracking whatever the rules say). Null skips that check (command line).
   */
  public synchronized Confirmation confirm(String token, Instant connectionOpenedAt) {
    Optional<PendingApply> p = pending.get();
    if (p.isEmpty()) {
      return Confirmation.NOTHING_PENDING;
    }
    PendingApply a = p.get();
    if (token == null || !MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
        a.tokenHash().getBytes(StandardCharsets.US_ASCII))) {
      return Confirmation.WRONG_TOKEN;
    }
    if (!clock.instant().isBefore(a.deadline())) {
      return Confirmation.EXPIRED;
    }
    if (connectionOpenedAt != null && !connectionOpenedAt.isAfter(a.startedAt())) {
      return Confirmation.OLD_CONNECTION;
    }
    if (rollbackTask != null) {
      rollbackTask.cancel();
      rollbackTask = null;
    }
    AppliedState state = applied.current().orElse(new AppliedState(a.startedAt(), a.config(), a.ruleset()));
    // Confirmed first, then the follow-up steps: a failing step must not leave an apply pending without a timer.
    pending.delete();
    LOG.info("apply of {} confirmed", time(a.startedAt()));
    afterConfirm(state, a.admin(), a.note());
    return Confirmation.CONFIRMED;
  }

  /**
   * Puts back what was in force before the waiting apply, in the kernel and in the database, and leaves a
   * notice saying why. Does nothing when no apply waits.
   */
  public synchronized void rollback(String reason) {
    rollback(Message.plain(reason));
  }

  /** The same, with the reason as a bundle key, shown in the notice's reader's language. */
  public synchronized void rollback(Message reason) {
    Optional<PendingApply> p = pending.get();
    if (p.isEmpty()) {
      return;
    }
    PendingApply a = p.get();
    Instant begun = clock.instant();
    String text = previousText(a);
    ApplyOutcome o = applier.loadText(text);
    if (!o.ok()) {
      // The previous ruleset loaded before; if it no longer does, keep the one in force (never open up) and
      // say so loudly. The pending record is dropped so the admin is not stuck.
      LOG.error("rollback could not load the previous ruleset: {}", o.problems());
      notices.add(begun, Message.of("notice.rollback.failed", time(a.startedAt()), reason,
          o.problems().toString()), null);
      pending.delete();
      audited(AuditEvent.FAILED, a, reason.english() + "; the previous ruleset could not be loaded, the new one stays");
      return;
    }
    if (a.previous().isPresent()) {
      applied.record(a.previous().get());
      configs.save(a.previous().get().config());
    } else {
      applied.clear();
    }
    Message restored = a.previous().map(s -> Message.of("notice.rollback.restored", time(s.appliedAt())))
        .orElse(Message.of("notice.rollback.removed"));
    notices.add(clock.instant(), Message.of("notice.rollback.done", time(a.startedAt()), a.admin(), reason,
        restored), details(a));
    pending.delete();
    audited(AuditEvent.OK, a, reason.english());
    LOG.warn("rolled back the apply of {} in {} ms: {}", time(a.startedAt()),
        Duration.between(begun, clock.instant()).toMillis(), reason.english());
  }

  /**
   * Applies a compiled configuration without waiting for a confirmation: for deliberate changes that cut the
   * admin's own path. Still refused while another apply waits, and when the configuration was refused.
   */
  public synchronized ApplyOutcome applyUnconfirmed(Compilation compilation, String admin, String note) {
    Optional<PendingApply> other = pending.get();
    if (other.isPresent()) {
      return new ApplyOutcome(false, List.of(Problem.of("", "problem.apply.waiting_until",
          time(other.get().deadline()))), null, null);
    }
    if (!compilation.ok()) {
      return ApplyOutcome.refused(compilation.problems());
    }
    ApplyOutcome o = applier.apply(compilation.ruleset());
    if (o.ok()) {
      afterConfirm(applied.current().orElseThrow(), admin, note);
    }
    return o;
  }

  private void afterConfirm(AppliedState state, String admin, String note) {
    try {
      onConfirmed.confirmed(state, admin, note);
    } catch (RuntimeException e) {
      // The ruleset is confirmed and stays; what failed here (a revision, a file) is reported, not undone.
      LOG.error("a step after the confirmation failed", e);
      notices.add(clock.instant(), Message.of("notice.after_confirm_failed", String.valueOf(e.getMessage())),
          null);
    }
  }

  /** What {@link #reloadApplied} did. */
  public enum Reload {
    /** The applied configuration's ruleset was loaded again, changed. */
    RELOADED,
    /** Compiled now it is the ruleset in force: nothing to do. */
    UNCHANGED,
    /** An apply waits for its confirmation; try again later. */
    WAITING,
    /** Nothing was ever applied. */
    NOTHING_APPLIED,
    /** The kernel refused it (or it no longer compiles); the ruleset in force stays. */
    FAILED
  }

  /**
   * Loads the applied configuration again as {@code compile} compiles it now, when that differs from the
   * ruleset in force: schedules' windows are written in UTC, so they move when the zone's UTC offset changes
   * (daylight saving). The same configuration: no confirmation, no new revision (the applied state keeps its
   * revision), recorded in the audit log. Never while an apply waits for its confirmation.
   *
   * @param after called with the new applied state (e.g. to rewrite the boot ruleset file)
   */
  public synchronized Reload reloadApplied(java.util.function.Function<dev.sekisho.config.Config, Compilation> compile,
      String reason, java.util.function.Consumer<AppliedState> after) {
    if (pending.get().isPresent()) {
      return Reload.WAITING;
    }
    Optional<AppliedState> current = applied.current();
    if (current.isEmpty()) {
      return Reload.NOTHING_APPLIED;
    }
    AppliedState a = current.get();
    Compilation c = compile.apply(a.config());
    if (c.ok() && c.ruleset().text().equals(a.ruleset())) {
      return Reload.UNCHANGED;
    }
    ApplyOutcome o = c.ok() ? applier.loadText(c.ruleset().text()) : ApplyOutcome.refused(c.problems());
    if (!o.ok()) {
      String why = o.problems().stream().map(Problem::toString).collect(java.util.stream.Collectors.joining("; "));
      LOG.error("reloading the applied configuration ({}) failed: {}", reason, why);
      audit.record(new AuditEvent(clock.instant(), AuditEvent.SYSTEM, "", AuditKind.SCHEDULE_RELOAD,
          AuditEvent.FAILED, reason + ": " + why));
      return Reload.FAILED;
    }
    AppliedState next = new AppliedState(a.appliedAt(), a.config(), c.ruleset().text());
    applied.reloaded(next);
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SYSTEM, "", AuditKind.SCHEDULE_RELOAD, AuditEvent.OK,
        reason));
    try {
      after.accept(next);
    } catch (RuntimeException e) {
      LOG.error("a step after reloading the applied configuration failed", e);
    }
    return Reload.RELOADED;
  }

  /**
   * Puts a decision of the decisions inbox in force at once, without a confirmation window: it only allows or
   * denies traffic of one LAN host, so it cannot cut the admin's way to the panel (the input chain is not
   * touched). The caller compiles: {@code withDecision} gives, for a configuration that holds a ruleset, that
   * configuration with the decision compiled as of now (empty when the decision does not fit it);
   * {@code draftWithDecision} the same for the draft, uncompiled; {@code elements}, for the configuration in
   * the kernel, the {@link Applier#changeElements} script (empty: nothing to change there now).
   *
   * <p>It changes only what it decides. The kernel gets the element; the configuration in force, the draft
   * (whatever unapplied edits it holds stay unapplied) and a waiting apply's two configurations (what is
   * confirmed, and what a rollback puts back) each get the decision, their ruleset texts recompiled, so
   * whatever is loaded next contains it. Then a revision is recorded for the confirmed state (the waiting
   * apply's earlier state while one waits) with the boot files and the backup, like a confirmed apply.
   *
   * @return the outcome; refused (nothing changed) when nothing is applied yet, when the decision does not fit
   *     the configuration in force, or when nft refused the element
   */
  public synchronized ApplyOutcome applyDecision(Function<Config, Optional<CompiledRuleset>> withDecision,
      UnaryOperator<Optional<Config>> draftWithDecision, Function<Config, Optional<String>> elements, String admin,
      String note) {
    Optional<AppliedState> current = applied.current();
    if (current.isEmpty()) {
      return ApplyOutcome.refused(List.of(Problem.of("", "problem.decision.nothing_applied")));
    }
    Instant now = clock.instant();
    Optional<CompiledRuleset> live = withDecision.apply(current.get().config());
    if (live.isEmpty()) {
      return ApplyOutcome.refused(List.of(Problem.of("", "problem.decision.not_in_force")));
    }
    Optional<String> script = elements.apply(current.get().config());
    if (script.isPresent()) {
      ApplyOutcome o = applier.changeElements(script.get());
      if (!o.ok()) {
        return o;
      }
    }
    AppliedState next = new AppliedState(now, live.get().config(), live.get().text());
    applied.record(next);
    AppliedState confirmedBase = next;
    Optional<PendingApply> waitingApply = pending.get();
    if (waitingApply.isPresent()) {
      PendingApply a = waitingApply.get();
      Optional<AppliedState> previous = a.previous().map(p -> withDecision.apply(p.config())
          .map(rs -> new AppliedState(p.appliedAt(), rs.config(), rs.text())).orElse(p));
      pending.delete();
      pending.insert(new PendingApply(a.startedAt(), a.deadline(), a.tokenHash(), a.admin(), a.note(), next.config(),
          next.ruleset(), previous));
      confirmedBase = previous.orElse(null);
    }
    draftWithDecision.apply(Optional.of(configs.load())).ifPresent(configs::save);
    if (confirmedBase != null) {
      afterConfirm(confirmedBase, admin, note);
    }
    LOG.info("decision by {} in force: {}", admin, note);
    return new ApplyOutcome(true, List.of(), next.ruleset(), now);
  }

  /**
   * How a rollback gets the text of an earlier state that holds timed decisions: compiled again as of the
   * rollback (so their time left is not extended by the time the apply waited). Set by the appliance, which
   * owns the compiler; without it the earlier text is loaded as it was.
   */
  public synchronized void recompileTimed(java.util.function.BiFunction<Config, Instant, Optional<String>> f) {
    this.recompileTimed = f;
  }

  private java.util.function.BiFunction<Config, Instant, Optional<String>> recompileTimed;

  /**
   * The text a rollback loads: what was in force before, as it was; compiled again now only when it holds
   * timed decisions (see {@link #recompileTimed}).
   */
  private String previousText(PendingApply a) {
    if (a.previous().isEmpty()) {
      return Applier.withoutTable();
    }
    AppliedState p = a.previous().get();
    if (recompileTimed == null || p.config().decisions().stream().noneMatch(d -> d.expires() != null)) {
      return p.ruleset();
    }
    return recompileTimed.apply(p.config(), clock.instant()).orElse(p.ruleset());
  }

  /** Rolls back an apply that was waiting when the process stopped: a half-confirmed state must not survive. */
  public synchronized void recoverAtStartup() {
    pending.get().ifPresent(a -> rollback(Message.of("notice.reason.stopped")));
  }

  /** Stops the timer thread; a waiting apply stays recorded and is rolled back at the next start. */
  @Override
  public void close() {
    timer.close();
  }

  private void audited(String outcome, PendingApply a, String reason) {
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SYSTEM, "", AuditKind.APPLY_ROLLED_BACK, outcome,
        "apply of " + time(a.startedAt()) + " by " + a.admin() + ": " + reason));
  }

  private static String details(PendingApply a) {
    return "Rolled back configuration (JSON):\n" + dev.sekisho.config.ConfigCodec.toJson(a.config());
  }

  private Started refused(Problem p) {
    return new Started(false, List.of(p), null, null);
  }

  private String newToken() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String time(Instant i) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone()).format(i);
  }

  private ZoneId zone() {
    return clock.getZone();
  }

  /** How many new connections the kernel has counted for a count-limited rule ({@link Applier#connectionsCounted}). */
  public int connectionsCounted(long ruleId) {
    return applier.connectionsCounted(ruleId);
  }
}
