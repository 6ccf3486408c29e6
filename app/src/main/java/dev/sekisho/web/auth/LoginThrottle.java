package dev.sekisho.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} wrong secrets from one client address, that
 * address gets no further tries until the lock-out has passed, whatever it sends.
 */
public final class LoginThrottle {
  private final Clock clock;
  private final int maxFailures;
  private final Duration lockout;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(int failures, Instant lockedUntil, Instant last) {}

  /** A throttle locking a client for {@code lockout} after {@code maxFailures} consecutive failures. */
  public LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.lockout = lockout;
  }

  /** How much longer the client must wait, or empty when it may try now. */
  public Optional<Duration> lockedFor(String client) {
    Entry e = entries.get(client);
    Instant now = clock.instant();
    if (e == null || e.lockedUntil() == null || !now.isBefore(e.lockedUntil())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, e.lockedUntil()));
  }

  /** Counts a wrong password; the failure that reaches the limit starts the lock-out. */
  public void failure(String client) {
    Instant now = clock.instant();
    purge(now);
    entries.compute(client, (k, e) -> {
      int n = e == null || e.lockedUntil() != null && !now.isBefore(e.lockedUntil()) ? 1 : e.failures() + 1;
      return new Entry(n, n >= maxFailures ? now.plus(lockout) : null, now);
    });
  }

  /** Forgets the client's failures after a successful login. */
  public void success(String client) {
    entries.remove(client);
  }

  private void purge(Instant now) {
    // Old entries are forgotten so that the map cannot grow without bound from many addresses.
    Instant horizon = now.minus(lockout.multipliedBy(10));
    entries.values().removeIf(e -> e.last().isBefore(horizon));
  }
}
