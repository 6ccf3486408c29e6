package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.APPLIED;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.AppliedStateStore;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.store.db.tables.records.AppliedRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel was last given, kept as a single row. The configuration is stored as its
 * {@link ConfigCodec} JSON so that it stays a faithful snapshot even after the config tables change
 * ({@link ConfigJsonConverter} maps it). Recording a state clears the link to its revision: a new state
 * is linked only when its confirmation is stored as a revision ({@link RevisionStore#recordConfirmed}).
 */
public final class AppliedStore implements AppliedStateStore {
  private static final int ID = 1;

  private final Database db;

  /** A store over the given database; cheap, holds no state of its own. */
  public AppliedStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * The last recorded state, or empty when nothing was applied yet.
   *
   * @throws ConfigJsonConverter.Unreadable when the stored JSON is no longer a valid configuration; the
   *     message names table APPLIED and its column
   */
  public Optional<AppliedState> current() {
    AppliedRecord r = db.dsl().selectFrom(APPLIED).where(APPLIED.ID.eq(ID)).fetchOne();
    return r == null ? Optional.empty()
        : Optional.of(new AppliedState(r.getAppliedAt(), r.getConfigJson(), r.getRuleset()));
  }

  /** Replaces the recorded state. */
  public void record(AppliedState s) {
    Objects.requireNonNull(s, "state");
    Objects.requireNonNull(s.appliedAt(), "appliedAt");
    Objects.requireNonNull(s.config(), "config");
    Objects.requireNonNull(s.ruleset(), "ruleset");
    db.dsl().transaction(tx -> {
      tx.dsl().deleteFrom(APPLIED).execute();
      tx.dsl().insertInto(APPLIED)
          .set(APPLIED.ID, ID)
          .set(APPLIED.APPLIED_AT, s.appliedAt())
          .set(APPLIED.CONFIG_JSON, s.config())
          .set(APPLIED.RULESET, s.ruleset())
          .execute();
    });
  }

  /** Replaces the ruleset of the recorded state and nothing else: its revision link stays. */
  @Override
  public void reloaded(AppliedState s) {
    Objects.requireNonNull(s.ruleset(), "ruleset");
    int n = db.dsl().update(APPLIED).set(APPLIED.RULESET, s.ruleset()).where(APPLIED.ID.eq(ID)).execute();
    if (n == 0) {
      record(s);
    }
  }

  /** Forgets the recorded state, as when a first apply is rolled back and nothing was applied before. */
  public void clear() {
    db.dsl().deleteFrom(APPLIED).execute();
  }
}
