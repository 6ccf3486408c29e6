package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.store.ConfigStore;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The only way the panel changes the draft configuration. Every change is a read-modify-write of the whole
 * {@link Config} under one lock, so two admins editing at the same time each see the other's saved work
 * instead of overwriting it with a stale copy. Checks that depend on the rest of the configuration run
 * inside the change, against the freshly loaded value.
 */
public final class ConfigService {
  private final ConfigStore store;
  private final Supplier<Optional<String>> blocked;
  private final ReentrantLock lock = new ReentrantLock();

  /** Refused edit: the draft is frozen while an apply waits for confirmation (a rollback would undo it). */
  public static final class Frozen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Frozen(String message) {
      super(message);
    }
  }

  /** Wraps the store; edits are always allowed. */
  public ConfigService(ConfigStore store) {
    this(store, Optional::empty);
  }

  /** Wraps the store; while {@code blocked} gives a reason, every edit is refused with it. */
  public ConfigService(ConfigStore store, Supplier<Optional<String>> blocked) {
    this.store = store;
    this.blocked = blocked;
  }

  /** The current draft. */
  public Config load() {
    lock.lock();
    try {
      return store.load();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies {@code change} to the current draft and saves the result (unless it is equal). An exception
   * thrown by {@code change} aborts without saving anything.
   *
   * @return the configuration as saved
   */
  public Config update(UnaryOperator<Config> change) {
    lock.lock();
    try {
      Optional<String> reason = blocked.get();
      if (reason.isPresent()) {
        throw new Frozen(reason.get());
      }
      Config before = store.load();
      Config after = change.apply(before);
      if (!after.equals(before)) {
        store.save(after);
      }
      return after;
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code action} on the current draft while holding the lock, so no edit lands half-way through. */
  public <T> T withLock(Function<Config, T> action) {
    lock.lock();
    try {
      return action.apply(store.load());
    } finally {
      lock.unlock();
    }
  }
}
