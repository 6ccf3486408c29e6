package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.APPLIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.ConfigCodec;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database migrated by an older Sekisho, whose V2 and V3 scripts opened with an issue number, opens with
 * the reworded scripts; the old texts are kept under {@code migrations-before-reword} in the test resources.
 */
class RewordedMigrationsTest {
  @TempDir Path dir;

  private static final Instant AT = Instant.parse("2026-03-01T12:34:56.123456789Z");
  private static final String RULESET = "table inet sekisho {\n}\n";

  private String url() {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve(Database.FILE_NAME);
  }

  /** What an older Sekisho left: V1 to V3 with the old texts, one revision and the applied row, no V4. */
  private long olderSekishoWasHere() throws SQLException {
    Flyway.configure().dataSource(url(), "sa", "").locations("classpath:db/migration").target("1").load().migrate();
    // The old V2 and V3 only; V1 is applied above, so "missing" here.
    Flyway.configure().dataSource(url(), "sa", "").locations("classpath:migrations-before-reword")
        .ignoreMigrationPatterns("*:missing").load().migrate();
    try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
      OffsetDateTime at = OffsetDateTime.ofInstant(AT, ZoneOffset.UTC);
      String json = ConfigCodec.toJson(TestConfigs.rich());
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO revisions (applied_at, admin, note, config_json,"
          + " ruleset) VALUES (?, 'admin', NULL, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        s.setObject(1, at);
        s.setString(2, json);
        s.setString(3, RULESET);
        s.executeUpdate();
        try (ResultSet k = s.getGeneratedKeys()) {
          k.next();
          id = k.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO applied (id, applied_at, config_json, ruleset)"
          + " VALUES (1, ?, ?, ?)")) {
        s.setObject(1, at);
        s.setString(2, json);
        s.setString(3, RULESET);
        s.executeUpdate();
      }
      return id;
    }
  }

  private Map<String, Integer> checksums() throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url(), "sa", "");
        ResultSet r = c.createStatement().executeQuery(
            "SELECT \"version\", \"checksum\" FROM \"flyway_schema_history\" WHERE \"version\" IN ('2', '3')")) {
      while (r.next()) {
        out.put(r.getString(1), r.getInt(2));
      }
    }
    return out;
  }

  private static Map<String, Integer> expected(boolean old) {
    Map<String, Integer> out = new HashMap<>();
    for (RewordedMigrations.Reworded r : RewordedMigrations.ALL) {
      out.put(r.version(), old ? r.oldChecksum() : r.newChecksum());
    }
    return out;
  }

  @Test
  void aDatabaseMigratedWithTheOldTextsOpensAndKeepsItsData() throws SQLException {
    long revision = olderSekishoWasHere();
    assertEquals(expected(true), checksums(), "the old texts' checksums, as RewordedMigrations knows them");
    try (Database db = Database.open(dir)) {
      assertEquals(TestConfigs.rich(), new AppliedStore(db).current().orElseThrow().config());
      // No link yet (V4 adds the column empty): found by comparison once, then remembered.
      assertEquals(null, db.dsl().select(APPLIED.REVISION_ID).from(APPLIED).fetchOne(APPLIED.REVISION_ID));
      assertEquals(Optional.of(revision), new RevisionStore(db).currentId());
      assertEquals(revision, db.dsl().select(APPLIED.REVISION_ID).from(APPLIED).fetchOne(APPLIED.REVISION_ID));
    }
    assertEquals(expected(false), checksums());
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.of(revision), new RevisionStore(db).currentId(), "and it opens again");
    }
  }

  @Test
  void aNewDatabaseRecordsTheNewChecksums() throws SQLException {
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.empty(), new RevisionStore(db).currentId());
    }
    assertEquals(expected(false), checksums(), "RewordedMigrations must know the scripts' current checksums");
  }

  @Test
  void anyOtherChangeOfAnAppliedScriptStillFailsValidation() throws SQLException {
    olderSekishoWasHere();
    try (Connection c = DriverManager.getConnection(url(), "sa", "")) {
      c.createStatement().executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345"
          + " WHERE \"version\" = '2'");
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(dir));
    assertTrue(e.getMessage().contains("checksum mismatch for migration version 2"), e.getMessage());
  }
}
