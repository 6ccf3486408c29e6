package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.APPLIED;
import static dev.sekisho.store.db.Tables.REVISIONS;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.store.db.tables.records.RevisionsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record2;

/**
 * The history of confirmed applies. Ids grow with every revision, so "newest" means the largest id (two
 * applies may share a timestamp; they never share an id).
 *
 * <p>The <em>current</em> revision is the newest one whose configuration and ruleset are what
 * {@link AppliedStore} says is in force. Usually that is simply the newest revision, but not always: a
 * ruleset loaded without a revision (a boot fallback, a state applied before revisions existed) makes no
 * revision current, and the page must not claim otherwise. {@link #prune} never deletes the current one,
 * so the state in force can always be compared with and rolled back to.
 *
 * <p>The applied row keeps the current revision's id ({@code applied.revision_id}): set when a confirmed
 * apply is stored ({@link #recordConfirmed}), so that asking for the current revision reads one row. When
 * the state in force was recorded without a revision (see above, or a database from before the column),
 * {@link #currentId} compares once and remembers what it found.
 */
public final class RevisionStore {
  /** The longest note kept; longer notes are cut, as the apply form already does. */
  public static final int MAX_NOTE = 200;
  /** The longest admin name the column holds. */
  public static final int MAX_ADMIN = 64;

  private final Database db;

  /** A store over the given database; cheap, holds no state of its own. */
  public RevisionStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Stores a revision.
   *
   * @param note the admin's note, or {@code null}; blank counts as none, and it is cut to {@value #MAX_NOTE}
   * @return the new revision's id
   */
  public long add(Instant at, String admin, String note, Config config, String ruleset) {
    return insert(db.dsl(), at, admin, note, config, ruleset);
  }

  /**
   * Stores a confirmed apply as a revision and records it as the one in force, in one transaction. The link
   * is set only while {@code confirmed} is still what the applied row holds (same apply time).
   *
   * @return the new revision's id
   */
  public long recordConfirmed(AppliedState confirmed, String admin, String note) {
    return db.dsl().transactionResult(tx -> {
      long id = insert(tx.dsl(), confirmed.appliedAt(), admin, note, confirmed.config(), confirmed.ruleset());
      tx.dsl().update(APPLIED).set(APPLIED.REVISION_ID, id)
          .where(APPLIED.APPLIED_AT.eq(confirmed.appliedAt()))
          .execute();
      return id;
    });
  }

  /** {@link #add} inside a caller's transaction (the rule-expiry record). */
  static long addIn(DSLContext dsl, Instant at, String admin, String note, Config config, String ruleset) {
    return insert(dsl, at, admin, note, config, ruleset);
  }

  private static long insert(DSLContext dsl, Instant at, String admin, String note, Config config,
      String ruleset) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(ruleset, "ruleset");
    if (admin.length() > MAX_ADMIN) {
      throw new IllegalArgumentException("admin name is longer than " + MAX_ADMIN + " characters");
    }
    String n = note == null || note.isBlank() ? null : note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE) : note;
    return dsl.insertInto(REVISIONS)
        .set(REVISIONS.APPLIED_AT, at)
        .set(REVISIONS.ADMIN, admin)
        .set(REVISIONS.NOTE, n)
        .set(REVISIONS.CONFIG_JSON, config)
        .set(REVISIONS.RULESET, ruleset)
        .returning(REVISIONS.ID)
        .fetchOne()
        .getId();
  }

  /** Every revision without its bodies, newest first. */
  public List<RevisionSummary> list() {
    return db.dsl().select(REVISIONS.ID, REVISIONS.APPLIED_AT, REVISIONS.ADMIN, REVISIONS.NOTE)
        .from(REVISIONS)
        .orderBy(REVISIONS.ID.desc())
        .fetch(r -> new RevisionSummary(r.value1(), r.value2(), r.value3(), r.value4()));
  }

  /**
   * The revision with this id, or empty when there is none (never was, or pruned).
   *
   * @throws IllegalStateException when its stored configuration can no longer be read; the message names it
   */
  public Optional<Revision> get(long id) {
    RevisionsRecord r = readable(id, () -> db.dsl().selectFrom(REVISIONS).where(REVISIONS.ID.eq(id)).fetchOne());
    if (r == null) {
      return Optional.empty();
    }
    return Optional.of(new Revision(r.getId(), r.getAppliedAt(), r.getAdmin(), r.getNote(), r.getConfigJson(),
        r.getRuleset()));
  }

  /** The newest revision, or empty when none was stored yet. */
  public Optional<Revision> newest() {
    Long id = db.dsl().select(REVISIONS.ID).from(REVISIONS).orderBy(REVISIONS.ID.desc()).limit(1)
        .fetchOne(REVISIONS.ID);
    return id == null ? Optional.empty() : get(id);
  }

  /** The number of revisions stored. */
  public int count() {
    return db.dsl().fetchCount(REVISIONS);
  }

  /**
   * The id of the current revision (see the type's documentation): the newest whose configuration and
   * ruleset equal what is recorded as in force; empty when nothing is applied or no revision matches.
   * Read from the applied row's link when it has one; otherwise found by comparison and then linked.
   */
  public Optional<Long> currentId() {
    Record1<Long> link = db.dsl().select(APPLIED.REVISION_ID).from(APPLIED).fetchOne();
    if (link == null) {
      return Optional.empty(); // nothing applied
    }
    if (link.value1() != null) {
      return Optional.of(link.value1());
    }
    Optional<AppliedState> inForce = new AppliedStore(db).current();
    if (inForce.isEmpty()) {
      return Optional.empty();
    }
    Optional<Long> found = newestMatching(inForce.get());
    // Remembered only while the same state is in force and nobody linked it meanwhile.
    found.ifPresent(id -> db.dsl().update(APPLIED).set(APPLIED.REVISION_ID, id)
        .where(APPLIED.APPLIED_AT.eq(inForce.get().appliedAt()).and(APPLIED.REVISION_ID.isNull()))
        .execute());
    return found;
  }

  /** The newest revision whose configuration and ruleset equal {@code inForce}'s, by comparing them all. */
  private Optional<Long> newestMatching(AppliedState inForce) {
    String ruleset = inForce.ruleset();
    Config config = inForce.config();
    // Rulesets first: cheap to compare, and they almost always tell revisions apart; only a match needs
    // its configuration parsed. Newest first, so the usual case reads one row.
    try (Cursor<Record2<Long, String>> c = db.dsl().select(REVISIONS.ID, REVISIONS.RULESET).from(REVISIONS)
        .orderBy(REVISIONS.ID.desc()).fetchLazy()) {
      for (Record2<Long, String> r : c) {
        if (r.value2().equals(ruleset)) {
          long id = r.value1();
          Config stored = readable(id, () -> db.dsl().select(REVISIONS.CONFIG_JSON).from(REVISIONS)
              .where(REVISIONS.ID.eq(id)).fetchOne(REVISIONS.CONFIG_JSON));
          if (config.equals(stored)) {
            return Optional.of(id);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes all but the newest {@code keep} revisions, except the current one, which always stays.
   *
   * @return how many revisions were deleted
   */
  public int prune(int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, not " + keep);
    }
    Long oldestKept = db.dsl().select(REVISIONS.ID).from(REVISIONS).orderBy(REVISIONS.ID.desc())
        .offset(keep - 1).limit(1).fetchOne(REVISIONS.ID);
    if (oldestKept == null) {
      return 0; // fewer than keep revisions
    }
    Optional<Long> current = currentId();
    var condition = REVISIONS.ID.lt(oldestKept);
    if (current.isPresent()) {
      condition = condition.and(REVISIONS.ID.ne(current.get()));
    }
    return db.dsl().deleteFrom(REVISIONS).where(condition).execute();
  }

  /** Runs a read of revision {@code id}, naming the row when its stored configuration cannot be read. */
  private static <T> T readable(long id, Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigJsonConverter.Unreadable e) {
      throw new IllegalStateException("stored revision is corrupt: table REVISIONS row id " + id + ": "
          + e.getMessage(), e);
    }
  }
}
