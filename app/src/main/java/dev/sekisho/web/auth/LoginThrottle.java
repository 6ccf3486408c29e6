package dev.sekisho.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password (and setup token) guessing, per client and for the whole panel.
 *
 * <p>A try is paid for before the secret is checked: {@link #reserve} counts it as a failure atomically, and
 * only a try that got a slot may run the hash; a right secret gives the slot back ({@link #refund}). Checking
 * first and counting afterwards would let N parallel requests all pass the check before any failure is
 * counted. After {@code maxFailures} slots one client (an IPv4 address, an IPv6 /64, see {@link ClientKey})
 * is locked out; every further lock-out of the same client doubles the wait, up to {@link #MAX_LOCKOUT}.
 * The panel as a whole also accepts at most {@code globalMax} failures per {@code globalWindow}, with the
 * same doubling backoff, so that many addresses together cannot guess at full speed either.
 */
public final class LoginThrottle {
  /** The longest lock-out the doubling reaches. */
  public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
  private static final String GLOBAL = "*";

  private final Clock clock;
  private final Policy client;
  private final Policy global;
  private final Map<String, Bucket> buckets = new HashMap<>();

  private record Policy(int max, Duration window, Duration lockout) {}

  /** Failures, lock and backoff level of one key; guarded by the throttle's lock. */
  private static final class Bucket {
    int failures;
    Instant windowStart;
    Instant lockedUntil;
    int strikes;
    Instant last;
  }

  /**
   * A throttle locking a client for {@code lockout} (doubling on repeats) after {@code maxFailures} failures,
   * and everyone after {@code globalMax} failures within {@code globalWindow}.
   */
  public LoginThrottle(Clock clock, int maxFailures, Duration lockout, int globalMax, Duration globalWindow) {
    this.clock = clock;
    // A client's failures are forgotten after the window of quiet; a lock-out always ends them.
    this.client = new Policy(maxFailures, lockout.multipliedBy(10), lockout);
    this.global = new Policy(globalMax, globalWindow, lockout);
  }

  /** A per-client throttle with a generous global limit (tests). */
  public LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
    this(clock, maxFailures, lockout, 1000, Duration.ofMinutes(10));
  }

  /**
   * Reserves one failure slot for {@code address} and the panel before a secret is checked. Empty when the
   * try may go ahead (the slot is taken); otherwise how long to wait, and nothing was counted.
   */
  public synchronized Optional<Duration> reserve(String address) {
    Instant now = clock.instant();
    purge(now);
    String key = ClientKey.of(address);
    Bucket c = buckets.computeIfAbsent(key, k -> new Bucket());
    Bucket g = buckets.computeIfAbsent(GLOBAL, k -> new Bucket());
    Optional<Duration> wait = wait(c, now).or(() -> wait(g, now));
    if (wait.isPresent()) {
      return wait;
    }
    take(c, client, now);
    take(g, global, now);
    return Optional.empty();
  }

  /** The try succeeded: the client's failures (and its slot of the global count) are forgotten. */
  public synchronized void refund(String address) {
    buckets.remove(ClientKey.of(address));
    Bucket g = buckets.get(GLOBAL);
    if (g != null) {
      giveBack(g, global);
    }
  }

  /** The reserved try never ran (e.g. no hashing capacity): its slot is given back, nothing else. */
  public synchronized void release(String address) {
    Bucket c = buckets.get(ClientKey.of(address));
    if (c != null) {
      giveBack(c, client);
    }
    Bucket g = buckets.get(GLOBAL);
    if (g != null) {
      giveBack(g, global);
    }
  }

  /** Counts a failure without a reservation (same as a reservation that is kept). */
  public void failure(String address) {
    reserve(address);
  }

  /** How much longer the client (or everyone) must wait, or empty when it may try now. */
  public synchronized Optional<Duration> lockedFor(String address) {
    Instant now = clock.instant();
    Bucket c = buckets.get(ClientKey.of(address));
    Bucket g = buckets.get(GLOBAL);
    return (c == null ? Optional.<Duration>empty() : wait(c, now)).or(() -> g == null ? Optional.empty()
        : wait(g, now));
  }

  private static Optional<Duration> wait(Bucket b, Instant now) {
    if (b.lockedUntil != null && now.isBefore(b.lockedUntil)) {
      return Optional.of(Duration.between(now, b.lockedUntil));
    }
    return Optional.empty();
  }

  private static void take(Bucket b, Policy p, Instant now) {
    if (b.lockedUntil != null || b.windowStart == null || !now.isBefore(b.windowStart.plus(p.window()))) {
      // A passed lock-out or a quiet window starts the count afresh; the backoff level stays.
      b.failures = 0;
      b.lockedUntil = null;
      b.windowStart = now;
    }
    b.failures++;
    b.last = now;
    if (b.failures >= p.max()) {
      Duration lock = p.lockout().multipliedBy(1L << Math.min(b.strikes, 20));
      b.lockedUntil = now.plus(lock.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lock);
      b.strikes++;
    }
  }

  private static void giveBack(Bucket b, Policy p) {
    if (b.failures == 0) {
      return;
    }
    if (b.failures >= p.max() && b.lockedUntil != null) {
      // The slot that started the lock-out is returned: so is the lock-out.
      b.lockedUntil = null;
      b.strikes = Math.max(0, b.strikes - 1);
    }
    b.failures--;
  }

  private void purge(Instant now) {
    // Forgotten after a long quiet time, so that the map cannot grow without bound from many addresses.
    Instant horizon = now.minus(MAX_LOCKOUT.multipliedBy(2)).minus(client.window());
    buckets.values().removeIf(b -> b.last == null || b.last.isBefore(horizon));
  }
}
