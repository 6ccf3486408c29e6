package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.APPLIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording what was applied, against a real H2 file database. */
class AppliedStoreTest {
  @TempDir Path dir;

  // Nanoseconds on purpose: the column must not round them away.
  private static final AppliedState FIRST = new AppliedState(Instant.parse("2026-03-01T12:34:56.123456789Z"),
      TestConfigs.rich(), "table inet sekisho {\n  # 子供のタブレット\n}\n");
  private static final AppliedState SECOND = new AppliedState(Instant.parse("2026-03-02T08:00:00Z"),
      TestConfigs.small(), "table inet sekisho {\n}\n");

  @Test
  void nothingRecordedAtFirst() {
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.empty(), new AppliedStore(db).current());
    }
  }

  @Test
  void recordedStateReadsBackEqual() {
    try (Database db = Database.open(dir)) {
      AppliedStore store = new AppliedStore(db);
      store.record(FIRST);
      assertEquals(Optional.of(FIRST), store.current());
    }
  }

  @Test
  void recordReplacesTheSingleRow() {
    try (Database db = Database.open(dir)) {
      AppliedStore store = new AppliedStore(db);
      store.record(FIRST);
      store.record(SECOND);
      assertEquals(Optional.of(SECOND), store.current());
      assertEquals(1, db.dsl().fetchCount(APPLIED));
    }
  }

  @Test
  void restartKeepsTheRecordedState() {
    try (Database db = Database.open(dir)) {
      new AppliedStore(db).record(FIRST);
    }
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.of(FIRST), new AppliedStore(db).current());
    }
  }

  @Test
  void unreadableStoredConfigFailsLoudly() {
    try (Database db = Database.open(dir)) {
      AppliedStore store = new AppliedStore(db);
      store.record(FIRST);
      // Past the converter, as a damaged file or a hand edit would write it.
      db.dsl().update(APPLIED).set(DSL.field(APPLIED.CONFIG_JSON.getQualifiedName(), String.class),
          "{\"interfaces\": 1}").execute();
      IllegalStateException e = assertThrows(IllegalStateException.class, store::current);
      assertTrue(e.getMessage().contains("APPLIED"), e.getMessage());
    }
  }
}
