package dev.sekisho.web.auth;

import dev.sekisho.crypto.HashingPermits;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The login side of the one set of hashing permits ({@link HashingPermits}, shared with the backup key
 * derivation): bounds how many memory-hard hashes (Argon2id, 64 MiB each) run at once. A request waits for a
 * permit at most the permits' wait; after that it gets the checked {@link Busy} (the panel answers 503 with
 * Retry-After) instead of queueing, so a flood cannot pile up threads behind the hash.
 */
public final class HashPermits {
  private final HashingPermits shared;

  /** Thrown when no permit came free in time (or the hash ran out of memory). */
  public static final class Busy extends Exception {
    private static final long serialVersionUID = 1L;

    Busy() {
      super("the appliance is busy checking other passwords", null, false, false);
    }
  }

  /** Login hashes under {@code shared}, the permits every memory-hard hash of this appliance takes. */
  public HashPermits(HashingPermits shared) {
    this.shared = shared;
  }

  /** {@code count} hashes at once, each caller waiting at most {@code wait} (permits of its own: tests). */
  public HashPermits(int count, Duration wait) {
    this(new HashingPermits(count, wait));
  }

  /** Runs {@code hash} under a permit. */
  public <T> T run(Supplier<T> hash) throws Busy {
    try {
      return shared.run(hash);
    } catch (HashingPermits.Busy e) {
      throw new Busy();
    }
  }

  /** The underlying semaphore, for tests that hold permits. */
  Semaphore semaphore() {
    return shared.semaphore();
  }
}
