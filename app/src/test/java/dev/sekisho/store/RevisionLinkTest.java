package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.APPLIED;
import static dev.sekisho.store.db.Tables.REVISIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key from the applied row to the revision in force, against a real H2 file database. */
class RevisionLinkTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-03-01T12:34:56.123456789Z");
  private static final AppliedState RICH = new AppliedState(T0, TestConfigs.rich(), "rich\n");
  private static final AppliedState SMALL = new AppliedState(T0.plusSeconds(60), TestConfigs.small(), "small\n");

  private static Long link(Database db) {
    return db.dsl().select(APPLIED.REVISION_ID).from(APPLIED).fetchOne(APPLIED.REVISION_ID);
  }

  /** Makes a revision's ruleset differ from what is in force, so only the link can still name it. */
  private static void disguise(Database db, long revision) {
    db.dsl().update(REVISIONS).set(REVISIONS.RULESET, "edited\n").where(REVISIONS.ID.eq(revision)).execute();
  }

  @Test
  void theConfirmedRevisionIsLinkedAndReadWithoutComparing() {
    try (Database db = Database.open(dir)) {
      RevisionStore revisions = new RevisionStore(db);
      new AppliedStore(db).record(RICH);
      new RevisionRecorder(revisions).confirmed(RICH, "admin", "the real step after a confirm");
      long id = revisions.newest().orElseThrow().id();
      assertEquals(id, link(db));
      disguise(db, id);
      assertEquals(Optional.of(id), revisions.currentId(), "read from the link, not by comparing");
    }
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.of(new RevisionStore(db).newest().orElseThrow().id()), new RevisionStore(db).currentId(),
          "the link survives a restart");
    }
  }

  @Test
  void recordingAnotherStateDropsTheLink() {
    try (Database db = Database.open(dir)) {
      RevisionStore revisions = new RevisionStore(db);
      AppliedStore applied = new AppliedStore(db);
      applied.record(RICH);
      revisions.recordConfirmed(RICH, "admin", null);
      applied.record(SMALL); // e.g. the next apply, not confirmed yet
      assertNull(link(db));
      assertEquals(Optional.empty(), revisions.currentId(), "no revision holds the state in force");
      assertNull(link(db));
    }
  }

  @Test
  void aStateWithoutLinkIsComparedOnceThenRemembered() {
    try (Database db = Database.open(dir)) {
      RevisionStore revisions = new RevisionStore(db);
      long older = revisions.add(T0, "admin", null, RICH.config(), RICH.ruleset());
      revisions.add(T0, "admin", null, SMALL.config(), SMALL.ruleset());
      // A rollback or boot fallback puts an older state back without confirming it again.
      new AppliedStore(db).record(RICH);
      assertNull(link(db));
      assertEquals(Optional.of(older), revisions.currentId());
      assertEquals(older, link(db));
      disguise(db, older);
      assertEquals(Optional.of(older), revisions.currentId(), "remembered, not compared again");
    }
  }

  @Test
  void aConfirmationOfAStateNoLongerInForceIsKeptButNotLinked() {
    try (Database db = Database.open(dir)) {
      RevisionStore revisions = new RevisionStore(db);
      new AppliedStore(db).record(SMALL);
      long id = revisions.recordConfirmed(RICH, "admin", null);
      assertEquals(RICH.config(), revisions.get(id).orElseThrow().config());
      assertNull(link(db));
    }
  }

  @Test
  void deletingTheLinkedRevisionClearsTheLink() {
    try (Database db = Database.open(dir)) {
      RevisionStore revisions = new RevisionStore(db);
      new AppliedStore(db).record(RICH);
      long id = revisions.recordConfirmed(RICH, "admin", null);
      db.dsl().deleteFrom(REVISIONS).where(REVISIONS.ID.eq(id)).execute();
      assertNull(link(db));
      assertEquals(Optional.empty(), revisions.currentId());
    }
  }
}
