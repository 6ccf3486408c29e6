package dev.sekisho.web.auth;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many memory-hard hashes (Argon2id, 64 MiB each) run at once. A request waits for a permit at
 * most {@code wait}; after that it gets {@link Busy} (the panel answers 503 with Retry-After) instead of
 * queueing, so a flood cannot pile up threads behind the hash.
 */
public final class HashPermits {
  private final Semaphore permits;
  private final Duration wait;

  /** Thrown when no permit came free in time. */
  public static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("the appliance is busy checking other passwords", null, false, false);
    }
  }

  /** {@code count} hashes at once, each caller waiting at most {@code wait}. */
  public HashPermits(int count, Duration wait) {
    this.permits = new Semaphore(count, true);
    this.wait = wait;
  }

  /** Runs {@code hash} under a permit. */
  public <T> T run(Supplier<T> hash) throws Busy {
    boolean got;
    try {
      got = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    if (!got) {
      throw new Busy();
    }
    try {
      return hash.get();
    } finally {
      permits.release();
    }
  }

  /** The underlying semaphore, for tests that hold permits. */
  Semaphore semaphore() {
    return permits;
  }
}
