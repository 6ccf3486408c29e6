package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.PENDING_APPLY;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.PendingApply;
import dev.sekisho.apply.PendingApplyStore;
import dev.sekisho.store.db.tables.records.PendingApplyRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * The single apply waiting for confirmation, kept in the database so that a crash cannot forget it. The
 * configurations are stored as JSON snapshots ({@link ConfigJsonConverter}); a corrupt one fails loudly,
 * naming table PENDING_APPLY and its column.
 */
public final class PendingStore implements PendingApplyStore {
  private static final int ID = 1;
  private final Database db;

  /** A store over the given database. */
  public PendingStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** The pending apply, if there is one. */
  public Optional<PendingApply> get() {
    PendingApplyRecord r = db.dsl().selectFrom(PENDING_APPLY).where(PENDING_APPLY.ID.eq(ID)).fetchOne();
    if (r == null) {
      return Optional.empty();
    }
    Optional<AppliedState> previous = Optional.empty();
    if (r.getPrevConfigJson() != null) {
      previous = Optional.of(new AppliedState(r.getPrevAppliedAt(), r.getPrevConfigJson(), r.getPrevRuleset()));
    }
    return Optional.of(new PendingApply(r.getStartedAt(), r.getDeadline(), r.getTokenHash(), r.getAdmin(),
        r.getNote(), r.getNewConfigJson(), r.getNewRuleset(), previous));
  }

  /** Records the pending apply; refuses (by the primary key) when one is already recorded. */
  public void insert(PendingApply p) {
    AppliedState prev = p.previous().orElse(null);
    db.dsl().insertInto(PENDING_APPLY)
        .set(PENDING_APPLY.ID, ID)
        .set(PENDING_APPLY.STARTED_AT, p.startedAt())
        .set(PENDING_APPLY.DEADLINE, p.deadline())
        .set(PENDING_APPLY.TOKEN_HASH, p.tokenHash())
        .set(PENDING_APPLY.ADMIN, p.admin())
        .set(PENDING_APPLY.NOTE, p.note())
        .set(PENDING_APPLY.NEW_CONFIG_JSON, p.config())
        .set(PENDING_APPLY.NEW_RULESET, p.ruleset())
        .set(PENDING_APPLY.PREV_APPLIED_AT, prev == null ? null : prev.appliedAt())
        .set(PENDING_APPLY.PREV_CONFIG_JSON, prev == null ? null : prev.config())
        .set(PENDING_APPLY.PREV_RULESET, prev == null ? null : prev.ruleset())
        .execute();
    // The kernel is changed right after this: the record of how to undo it must survive a crash first.
    db.sync();
  }

  /** Forgets the pending apply (confirmed or rolled back). */
  public void delete() {
    db.dsl().deleteFrom(PENDING_APPLY).execute();
  }
}
