package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.store.ConfigStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The only way the panel changes the draft configuration: the forms' edits, a rollback to a revision and a
 * restore from a backup all come through here. Every change is a read-modify-write of the whole
 * {@link Config} under one lock, so two admins editing at the same time each see the other's saved work
 * instead of overwriting it with a stale copy. Checks that depend on the rest of the configuration run
 * inside the change, against the freshly loaded value. While an apply waits for confirmation every change
 * is refused ({@link Frozen}), because a rollback would silently undo it.
 */
public final class ConfigService {
  private final ConfigStore store;
  private final Supplier<Optional<String>> blocked;
  private final AuditTrail audit;
  private final ReentrantLock lock = new ReentrantLock();

  /** Refused edit: the draft is frozen while an apply waits for confirmation (a rollback would undo it). */
  public static final class Frozen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Frozen(String message) {
      super(message);
    }
  }

  /**
   * What a change makes of the draft, and what it tells its caller (the new item's id, why it left the
   * draft as it was, ...).
   *
   * @param next the draft to save; the same value saves nothing
   * @param result anything the caller needs afterwards; may be null
   * @param <R> the result's type
   */
  public record Change<R>(Config next, R result) {
    /** Checks that there is a next draft. */
    public Change {
      Objects.requireNonNull(next, "next");
    }

    /** The draft becomes {@code next}; nothing else to report. */
    public static Change<Void> to(Config next) {
      return new Change<>(next, null);
    }

    /** The draft becomes {@code next}, and the caller learns {@code result}. */
    public static <R> Change<R> of(Config next, R result) {
      return new Change<>(next, result);
    }
  }

  /**
   * One finished edit: the draft before and after (equal when nothing changed), and the change's result.
   *
   * @param <R> the result's type
   */
  public record Edit<R>(Config before, Config after, R result) {
    /** True when the draft was saved with a different value. */
    public boolean changed() {
      return !before.equals(after);
    }
  }

  /** Wraps the store; edits are always allowed. */
  public ConfigService(ConfigStore store) {
    this(store, Optional::empty);
  }

  /** Wraps the store; while {@code blocked} gives a reason, every edit is refused with it. */
  public ConfigService(ConfigStore store, Supplier<Optional<String>> blocked) {
    this(store, blocked, null);
  }

  /** Wraps the store; every saved edit is also recorded in {@code audit} (null: not recorded). */
  ConfigService(ConfigStore store, Supplier<Optional<String>> blocked, AuditTrail audit) {
    this.store = store;
    this.blocked = blocked;
    this.audit = audit;
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
   * The edit operation: applies {@code change} to the current draft and saves its next value (unless it is
   * equal). An exception thrown by {@code change} (e.g. {@link Form.Invalid}) aborts without saving anything.
   *
   * @throws Frozen while an apply waits for confirmation; {@code change} is not run
   */
  public <R> Edit<R> edit(Function<Config, Change<R>> change) {
    return locked(before -> {
      Change<R> c = change.apply(before);
      save(before, c.next());
      return new Edit<>(before, c.next(), c.result());
    });
  }

  /** {@link #edit} for a change that only computes the next draft. */
  public Edit<Void> update(UnaryOperator<Config> change) {
    return edit(c -> Change.to(change.apply(c)));
  }

  /** Replaces the whole draft (a rollback to a revision), refused like every edit while an apply waits. */
  public Edit<Void> replace(Config next) {
    return update(c -> next);
  }

  /**
   * Replaces the whole draft with {@code next} only if {@code gate}, run first under the same lock, comes
   * back {@code accepted}: a restore makes the backup the draft only once the kernel took its ruleset, so a
   * refused apply leaves the draft as it was. Refused like every edit while an apply waits.
   *
   * @return the edit, whose result is the gate's answer
   * @throws Frozen while an apply waits for confirmation; {@code gate} is not run
   */
  public <T> Edit<T> replaceIf(Config next, Supplier<T> gate, Predicate<T> accepted) {
    return locked(before -> {
      T answer = gate.get();
      Config after = accepted.test(answer) ? next : before;
      save(before, after);
      return new Edit<>(before, after, answer);
    });
  }

  /**
   * Runs {@code action} on the current draft while holding the lock, so no edit lands half-way through
   * (an apply reads the draft this way). Changes nothing, so it is allowed while an apply waits.
   */
  public <T> T withLock(Function<Config, T> action) {
    lock.lock();
    try {
      return action.apply(store.load());
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(Function<Config, T> edit) {
    lock.lock();
    try {
      Optional<String> reason = blocked.get();
      if (reason.isPresent()) {
        throw new Frozen(reason.get());
      }
      return edit.apply(store.load());
    } finally {
      lock.unlock();
    }
  }

  private void save(Config before, Config after) {
    if (!after.equals(before)) {
      store.save(after);
      if (audit != null) {
        audit.edit(before, after);
      }
    }
  }
}
