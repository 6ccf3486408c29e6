package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.PENDING_APPLY;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.PendingApply;
import dev.sekisho.apply.PendingApplyStore;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.store.db.tables.records.PendingApplyRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/** The single apply waiting for confirmation, kept in the database so that a crash cannot forget it. */
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
      previous = Optional.of(new AppliedState(r.getPrevAppliedAt().toInstant(), config(r.getPrevConfigJson(),
          "prev_config_json"), r.getPrevRuleset()));
    }
    return Optional.of(new PendingApply(r.getStartedAt().toInstant(), r.getDeadline().toInstant(), r.getTokenHash(),
        r.getAdmin(), r.getNote(), config(r.getNewConfigJson(), "new_config_json"), r.getNewRuleset(), previous));
  }

  /** Records the pending apply; refuses (by the primary key) when one is already recorded. */
  public void insert(PendingApply p) {
    AppliedState prev = p.previous().orElse(null);
    db.dsl().insertInto(PENDING_APPLY)
        .set(PENDING_APPLY.ID, ID)
        .set(PENDING_APPLY.STARTED_AT, utc(p.startedAt()))
        .set(PENDING_APPLY.DEADLINE, utc(p.deadline()))
        .set(PENDING_APPLY.TOKEN_HASH, p.tokenHash())
        .set(PENDING_APPLY.ADMIN, p.admin())
        .set(PENDING_APPLY.NOTE, p.note())
        .set(PENDING_APPLY.NEW_CONFIG_JSON, ConfigCodec.toJson(p.config()))
        .set(PENDING_APPLY.NEW_RULESET, p.ruleset())
        .set(PENDING_APPLY.PREV_APPLIED_AT, prev == null ? null : utc(prev.appliedAt()))
        .set(PENDING_APPLY.PREV_CONFIG_JSON, prev == null ? null : ConfigCodec.toJson(prev.config()))
        .set(PENDING_APPLY.PREV_RULESET, prev == null ? null : prev.ruleset())
        .execute();
    // The kernel is changed right after this: the record of how to undo it must survive a crash first.
    db.sync();
  }

  /** Forgets the pending apply (confirmed or rolled back). */
  public void delete() {
    db.dsl().deleteFrom(PENDING_APPLY).execute();
  }

  private static OffsetDateTime utc(java.time.Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Config config(String json, String column) {
    ConfigCodec.Parsed parsed = ConfigCodec.parse(json);
    if (!parsed.ok()) {
      throw new IllegalStateException("stored pending apply is corrupt: table PENDING_APPLY column " + column
          + " is unreadable: " + parsed.problems());
    }
    return parsed.config();
  }
}
