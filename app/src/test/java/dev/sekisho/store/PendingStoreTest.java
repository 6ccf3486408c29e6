package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.PENDING_APPLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.PendingApply;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pending apply's snapshots and times, carried by the generated record, against a real H2 file database. */
class PendingStoreTest {
  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-03-01T12:34:56.123456789Z");
  private static final PendingApply PENDING = new PendingApply(T0, T0.plusSeconds(90), "ab".repeat(32), "admin",
      "note", TestConfigs.rich(), "new\n",
      Optional.of(new AppliedState(T0.minusSeconds(3600), TestConfigs.small(), "old\n")));

  @Test
  void readsBackEqualAcrossARestart() {
    try (Database db = Database.open(dir)) {
      new PendingStore(db).insert(PENDING);
    }
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.of(PENDING), new PendingStore(db).get());
    }
  }

  @Test
  void anUnreadableSnapshotFailsLoudlyNamingItsColumn() {
    try (Database db = Database.open(dir)) {
      PendingStore store = new PendingStore(db);
      store.insert(PENDING);
      // Past the converter, as a damaged file or a hand edit would write it.
      db.dsl().update(PENDING_APPLY).set(DSL.field(PENDING_APPLY.PREV_CONFIG_JSON.getQualifiedName(), String.class),
          "{\"rules\": []} trailing").execute();
      IllegalStateException e = assertThrows(IllegalStateException.class, store::get);
      assertTrue(e.getMessage().contains("table PENDING_APPLY column PREV_CONFIG_JSON"), e.getMessage());
    }
  }
}
