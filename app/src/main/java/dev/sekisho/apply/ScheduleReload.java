package dev.sekisho.apply;

import dev.sekisho.config.Config;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps schedules right across daylight saving switches. The kernel matches {@code meta hour} in UTC, so the
 * compiler writes each window at the gateway zone's UTC offset of the moment; when the offset changes
 * ({@link java.time.zone.ZoneRules#nextTransition}) the applied configuration is compiled again and loaded
 * through {@link SafeApply#reloadApplied} (same configuration, no confirmation, no new revision, audited).
 * While an apply waits for its confirmation the reload is tried again a little later.
 */
public final class ScheduleReload implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleReload.class);
  /** How long after the switch the reload runs (the offset has surely changed by then). */
  static final Duration AFTER_SWITCH = Duration.ofSeconds(1);
  /** How soon a reload is tried again while an apply waits. */
  static final Duration RETRY = Duration.ofSeconds(30);

  private final SafeApply safeApply;
  private final AppliedStateStore applied;
  private final Clock clock;
  private final Consumer<AppliedState> after;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> next;
  private Instant nextAt;

  /**
   * @param after what follows a reload (the boot ruleset file is rewritten)
   */
  public ScheduleReload(SafeApply safeApply, AppliedStateStore applied, Clock clock, Consumer<AppliedState> after) {
    this.safeApply = safeApply;
    this.applied = applied;
    this.clock = clock;
    this.after = after;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "schedule-reload");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reloads now when the ruleset in force was compiled at another offset, then waits for the next switch. */
  public synchronized void start() {
    timer.execute(this::fire);
  }

  /** When the next reload is planned, if any (tests and the log). */
  public synchronized Optional<Instant> nextAt() {
    return Optional.ofNullable(nextAt);
  }

  /** One reload now (on the caller's thread) and the plan of the next; what it did. */
  public SafeApply.Reload reloadNow() {
    Optional<AppliedState> a = applied.current();
    if (a.isEmpty() || !usesSchedules(a.get().config())) {
      // nothing in force depends on the time: the ruleset in force is left exactly as it is
      return a.isEmpty() ? SafeApply.Reload.NOTHING_APPLIED : SafeApply.Reload.UNCHANGED;
    }
    SafeApply.Reload r = safeApply.reloadApplied(c -> RulesetCompiler.tryCompile(c, KernelTime.basis(clock)),
        "the UTC offset of the gateway's time zone changed: schedules reloaded", after);
    if (r == SafeApply.Reload.RELOADED) {
      LOG.info("schedules: the applied configuration was loaded again for the new UTC offset");
    }
    return r;
  }

  private void fire() {
    SafeApply.Reload r;
    try {
      r = reloadNow();
    } catch (RuntimeException e) {
      LOG.error("schedules: reloading failed", e);
      r = SafeApply.Reload.FAILED;
    }
    plan(r == SafeApply.Reload.WAITING ? clock.instant().plus(RETRY) : nextSwitch(clock.instant()));
  }

  /**
   * The instant just after the next UTC offset change of the zone the applied configuration's schedules use,
   * or null when it has no scheduled rule or the zone has no further change.
   */
  Instant nextSwitch(Instant now) {
    Optional<AppliedState> a = applied.current();
    if (a.isEmpty() || !usesSchedules(a.get().config())) {
      return null;
    }
    ZoneId zone = a.get().config().settings().zoneOr(clock.getZone());
    ZoneOffsetTransition t = zone.getRules().nextTransition(now);
    return t == null ? null : t.getInstant().plus(AFTER_SWITCH);
  }

  /** True when an enabled rule has a schedule. */
  static boolean usesSchedules(Config c) {
    return c.rules().stream().anyMatch(r -> r.enabled() && r.scheduleId() != null);
  }

  /**
   * Plans the check after the next switch again: an apply may have changed the zone or the schedules. Called
   * after every confirmed apply.
   */
  public void replan() {
    plan(nextSwitch(clock.instant()));
  }

  private synchronized void plan(Instant at) {
    if (next != null) {
      next.cancel(false);
    }
    nextAt = at;
    if (at == null || timer.isShutdown()) {
      next = null;
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    // A long wait is cut into days, so a clock that was set meanwhile is noticed.
    long step = Math.min(delay, Duration.ofDays(1).toMillis());
    next = timer.schedule(step == delay ? this::fire : () -> plan(at), step, TimeUnit.MILLISECONDS);
    LOG.debug("schedules: next reload check at {}", at);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
