package dev.sekisho.crypto;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The permits every memory-hard hash in one process runs under: password checks at login and setup, and the
 * key derivation of encrypted backups (restore and encrypted export). Each Argon2id run holds up to
 * {@value #MAX_MEMORY_KIB} KiB; {@value #DEFAULT_PERMITS} permits keep the sum (about 130 MiB) inside the
 * service's {@code -Xmx256m} with room for the rest of the appliance, so a flood of hashing requests
 * queues instead of exhausting the heap that capture, live streams and the rollback timer also live in.
 *
 * <p>A permit is waited for at most {@link #maxWait()}: a caller that gets none is told {@link Busy} (the
 * panel answers 503) rather than piling up threads. An {@link OutOfMemoryError} inside the work is turned
 * into {@link Busy} too: the allocation that failed was the hash's own, it is garbage once the error
 * unwinds, and one request's failure must not escape into the server.
 */
public final class HashingPermits {
  /** Concurrent memory-hard hashes. */
  public static final int DEFAULT_PERMITS = 2;
  /** The longest wait for a permit before answering "busy". */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
  /**
   * The most memory one hash run under a permit may use: what Sekisho itself uses for passwords and
   * backups (64 MiB). Readers of stored or uploaded parameters refuse anything above it before deriving.
   */
  public static final int MAX_MEMORY_KIB = 64 * 1024;

  private final Semaphore permits;
  private final int total;
  private final Duration wait;

  /** {@code permits} concurrent runs; a caller waits at most {@code wait} for one. */
  public HashingPermits(int permits, Duration wait) {
    if (permits < 1) {
      throw new IllegalArgumentException("at least one permit");
    }
    this.permits = new Semaphore(permits, true);
    this.total = permits;
    this.wait = Objects.requireNonNull(wait, "wait");
  }

  /** {@value #DEFAULT_PERMITS} permits, waited for at most {@link #DEFAULT_WAIT}. */
  public static HashingPermits standard() {
    return new HashingPermits(DEFAULT_PERMITS, DEFAULT_WAIT);
  }

  /**
   * Runs {@code work} under a permit.
   *
   * @throws Busy when no permit came within {@link #maxWait()}, the thread was interrupted while waiting, or the
   *     work ran out of memory
   */
  public <T> T run(Supplier<T> work) {
    boolean got;
    try {
      got = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy("interrupted while waiting for a hashing permit", e);
    }
    if (!got) {
      throw new Busy("all " + total + " hashing permits stayed busy for " + wait.toSeconds() + " s", null);
    }
    try {
      return work.get();
    } catch (OutOfMemoryError e) {
      throw new Busy("not enough memory for the hash right now", e);
    } finally {
      permits.release();
    }
  }

  /**
   * The underlying semaphore, for callers that still acquire it themselves (login and setup, until they
   * move to {@link #run}), so that they share these permits.
   */
  public Semaphore semaphore() {
    return permits;
  }

  /** The longest wait for a permit. */
  public Duration maxWait() {
    return wait;
  }

  /** No permit was available in time (or the hash ran out of memory): try again later. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
