package dev.sekisho.apply;

import java.util.Optional;

/** Where the applier records what the kernel was last given; {@code store.AppliedStore} keeps it in the database. */
public interface AppliedStateStore {

  /** The last recorded state, or empty when nothing was applied yet. */
  Optional<AppliedState> current();

  /** Replaces the recorded state. */
  void record(AppliedState state);

  /**
   * Replaces the recorded ruleset of the same applied configuration (loaded again after a UTC offset change
   * moved its schedules), keeping whatever links the state has (its revision).
   */
  default void reloaded(AppliedState state) {
    record(state);
  }

  /** Forgets the recorded state, as when a first apply is rolled back and nothing was applied before. */
  void clear();
}
