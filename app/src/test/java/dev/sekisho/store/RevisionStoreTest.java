package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.REVISIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The revision history against a real H2 file database. */
class RevisionStoreTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-03-01T12:34:56.123456789Z");
  private static final String RULESET = "table inet sekisho {\n  # 子供のタブレット\n}\n";

  @Test
  void addedRevisionReadsBackEqualAndSurvivesAReopen() {
    long id;
    try (Database db = Database.open(dir)) {
      id = new RevisionStore(db).add(T0, "admin", "first: 子供", TestConfigs.rich(), RULESET);
    }
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      Revision r = store.get(id).orElseThrow();
      assertEquals(new Revision(id, T0, "admin", "first: 子供", TestConfigs.rich(), RULESET), r);
      assertEquals(List.of(r.summary()), store.list());
      assertEquals(Optional.empty(), store.get(id + 1));
    }
  }

  @Test
  void listIsNewestFirstEvenWithEqualTimes() {
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      long a = store.add(T0, "admin", null, TestConfigs.small(), "a\n");
      long b = store.add(T0, "admin", "  ", TestConfigs.rich(), "b\n");
      long c = store.add(T0.minusSeconds(60), "admin", "clock went back", TestConfigs.small(), "c\n");
      assertEquals(List.of(c, b, a), store.list().stream().map(RevisionSummary::id).toList());
      assertNull(store.get(b).orElseThrow().note(), "a blank note is no note");
      assertEquals(c, store.newest().orElseThrow().id());
    }
  }

  @Test
  void longNotesAreCutAndLongAdminNamesRefused() {
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      long id = store.add(T0, "admin", "n".repeat(300), TestConfigs.small(), "x\n");
      assertEquals(RevisionStore.MAX_NOTE, store.get(id).orElseThrow().note().length());
      assertThrows(IllegalArgumentException.class,
          () -> store.add(T0, "a".repeat(65), null, TestConfigs.small(), "x\n"));
    }
  }

  @Test
  void currentIsTheNewestRevisionMatchingWhatIsInForce() {
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      AppliedStore applied = new AppliedStore(db);
      assertEquals(Optional.empty(), store.currentId(), "nothing applied");
      long a = store.add(T0, "admin", null, TestConfigs.small(), "a\n");
      long b = store.add(T0.plusSeconds(1), "admin", null, TestConfigs.rich(), "b\n");
      long a2 = store.add(T0.plusSeconds(2), "admin", null, TestConfigs.small(), "a\n");
      assertEquals(Optional.empty(), store.currentId(), "still nothing applied");
      applied.record(new AppliedState(T0, TestConfigs.rich(), "b\n"));
      assertEquals(Optional.of(b), store.currentId());
      applied.record(new AppliedState(T0, TestConfigs.small(), "a\n"));
      assertEquals(Optional.of(a2), store.currentId(), "the newest of two equal revisions");
      assertTrue(a < a2);
      applied.record(new AppliedState(T0, TestConfigs.small(), "b\n"));
      assertEquals(Optional.empty(), store.currentId(), "ruleset alone is not enough");
    }
  }

  @Test
  void pruneKeepsTheNewestAndSurvivesAReopen() {
    List<Long> ids;
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      ids = LongStream.range(0, 130)
          .mapToObj(i -> store.add(T0.plusSeconds(i), "admin", "n" + i, TestConfigs.small(), "r" + i + "\n"))
          .toList();
      assertEquals(0, new RevisionStore(db).prune(200));
      assertEquals(30, store.prune(100));
      assertEquals(0, store.prune(100), "nothing more to prune");
    }
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      List<Long> left = store.list().stream().map(RevisionSummary::id).toList();
      assertEquals(100, left.size());
      List<Long> expected = new ArrayList<>(ids.subList(30, 130));
      Collections.reverse(expected);
      assertEquals(expected, left);
      assertEquals("n129", store.get(ids.get(129)).orElseThrow().note());
      assertEquals(Optional.empty(), store.get(ids.get(29)));
    }
  }

  @Test
  void pruneNeverDeletesTheCurrentRevision() {
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      Config inForce = TestConfigs.rich();
      long current = store.add(T0, "admin", "in force", inForce, "current\n");
      for (int i = 0; i < 120; i++) {
        store.add(T0.plusSeconds(i + 1), "admin", null, TestConfigs.small(), "r" + i + "\n");
      }
      // e.g. a boot fallback loaded an older revision: it is in force, so it is current and must stay.
      new AppliedStore(db).record(new AppliedState(T0, inForce, "current\n"));
      assertEquals(Optional.of(current), store.currentId());
      assertEquals(20, store.prune(100));
      assertEquals(101, store.count());
      assertEquals("in force", store.get(current).orElseThrow().note());
      assertEquals(99, store.prune(1), "keeps the newest one and the current one");
      assertEquals(2, db.dsl().fetchCount(REVISIONS));
      assertThrows(IllegalArgumentException.class, () -> store.prune(0));
    }
  }

  @Test
  void unreadableStoredConfigFailsLoudly() {
    try (Database db = Database.open(dir)) {
      RevisionStore store = new RevisionStore(db);
      long id = store.add(T0, "admin", null, TestConfigs.small(), "x\n");
      // Past the converter, as a damaged file or a hand edit would write it.
      db.dsl().update(REVISIONS).set(DSL.field(REVISIONS.CONFIG_JSON.getQualifiedName(), String.class),
          "{\"interfaces\": 1}").execute();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.get(id));
      assertTrue(e.getMessage().contains("REVISIONS row id " + id), e.getMessage());
    }
  }
}
