package dev.sekisho.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Migrations whose comments were reworded after databases had applied them. Flyway's checksum covers every
 * line, comments included, so a reworded script fails validation on such a database. Flyway's own remedy,
 * {@code repair}, realigns every checksum with whatever the scripts say now, which would also hide a change
 * that is not cosmetic. Instead, before Flyway validates, exactly the old checksum of each reworded version
 * is replaced by the new one: a history row with any other checksum is left alone and still fails.
 */
final class RewordedMigrations {
  /**
   * One reworded script: its version, the checksum Flyway recorded for the old text and the one it computes
   * for the new text (both checked by RewordedMigrationsTest).
   */
  record Reworded(String version, int oldChecksum, int newChecksum) {}

  /** V2 and V3 opened with "Issue 3:" instead of saying what they do. */
  static final List<Reworded> ALL = List.of(
      new Reworded("2", -465371920, -1721492935),
      new Reworded("3", -933653787, -677681509));

  /** Flyway's history table in H2 (its default name, quoted lower case, in the default schema). */
  private static final String HISTORY = "flyway_schema_history";

  private RewordedMigrations() {}

  /**
   * Accepts the reworded scripts on a database that applied their old text; does nothing on a new database.
   *
   * @return how many history rows were updated
   */
  static int acceptOn(Connection c) throws SQLException {
    try (ResultSet t = c.getMetaData().getTables(null, null, HISTORY, new String[] {"TABLE"})) {
      if (!t.next()) {
        return 0;
      }
    }
    int updated = 0;
    try (PreparedStatement s = c.prepareStatement("UPDATE \"" + HISTORY + "\" SET \"checksum\" = ?"
        + " WHERE \"version\" = ? AND \"checksum\" = ?")) {
      for (Reworded r : ALL) {
        s.setInt(1, r.newChecksum());
        s.setString(2, r.version());
        s.setInt(3, r.oldChecksum());
        updated += s.executeUpdate();
      }
    }
    return updated;
  }
}
