package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.ADMIN;
import static dev.sekisho.store.db.Tables.APPLIED;
import static dev.sekisho.store.db.Tables.HOSTS;
import static dev.sekisho.store.db.Tables.INTERFACES;
import static dev.sekisho.store.db.Tables.RULES;
import static dev.sekisho.store.db.Tables.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating, closing and locking the file database. */
class DatabaseTest {
  @TempDir Path tmp;

  @Test
  void migrationsApplyFromEmptyAndAreRecordedOnce() {
    Path dir = tmp.resolve("data");
    try (Database db = Database.open(dir)) {
      assertEquals(ALL_VERSIONS, successfulVersions(db));
      for (var table : List.of(INTERFACES, HOSTS, RULES, SETTINGS, APPLIED, ADMIN)) {
        assertEquals(0, db.dsl().fetchCount(table), table.getName());
      }
    }
    assertTrue(Files.isRegularFile(dir.resolve(Database.FILE_NAME + ".mv.db")), "H2 file inside the data dir");
    try (Database db = Database.open(dir)) {
      assertEquals(ALL_VERSIONS, successfulVersions(db), "reopening must not migrate again");
    }
  }

  @Test
  void createsMissingDataDirectoryPrivate() throws IOException {
    Path dir = tmp.resolve("a/b/data");
    try (Database db = Database.open(dir)) {
      assertEquals(ALL_VERSIONS, successfulVersions(db));
      assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }
  }

  @Test
  void closedDatabaseCanBeOpenedAgainInTheSameProcess() {
    Path dir = tmp.resolve("data");
    Database first = Database.open(dir);
    first.close();
    assertThrows(IllegalStateException.class, first::dsl);
    first.close(); // a second close is harmless
    try (Database again = Database.open(dir)) {
      assertEquals(ALL_VERSIONS, successfulVersions(again));
    }
  }

  @Test
  void secondOpenInTheSameProcessIsRefusedNamingThePath() throws IOException {
    Path dir = tmp.resolve("data");
    try (Database db = Database.open(dir)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(dir));
      assertTrue(e.getMessage().contains(dir.toRealPath().toString()), e.getMessage());
      // The refused open must not have disturbed the first one.
      assertEquals(ALL_VERSIONS, successfulVersions(db));
    }
  }

  @Test
  void secondProcessIsRefusedNamingThePath() throws Exception {
    Path dir = tmp.resolve("data");
    try (Database db = Database.open(dir)) {
      Child child = runChild(dir);
      assertEquals(3, child.exitCode, child.output);
      assertTrue(child.output.contains(dir.toRealPath().toString()), child.output);
      assertTrue(child.output.contains("in use by another process"), child.output);
      assertEquals(ALL_VERSIONS, successfulVersions(db), "the refused process must not disturb the owner");
    }
    // Once released, another process can open it: proves the refusal above was the lock, not the setup.
    Child child = runChild(dir);
    assertEquals(0, child.exitCode, child.output);
  }

  @Test
  void inMemoryDatabasesAreMigratedAndSeparate() {
    try (Database a = Database.inMemoryForTests("db-test-a"); Database b = Database.inMemoryForTests("db-test-b")) {
      new AdminStore(a).setPasswordHash("$argon2id$a");
      assertEquals(ALL_VERSIONS, successfulVersions(a));
      assertTrue(new AdminStore(b).passwordHash().isEmpty());
    }
  }

  /**
   * Every migration in {@code db/migration}, by version, read from the directory itself so that a new
   * migration cannot be forgotten here and a missing one is noticed.
   */
  private static final List<String> ALL_VERSIONS = migrationVersions();

  private static List<String> migrationVersions() {
    try (var files = Files.list(Path.of("db/migration"))) {
      List<String> versions =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+(_\\d+)?__.+\\.sql"))
              .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.'))
              .sorted(java.util.Comparator.comparing(java.math.BigDecimal::new))
              .toList();
      assertTrue(versions.size() >= 2, "migrations found: " + versions);
      return versions;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Versions of the migrations Flyway applied successfully (its other bookkeeping rows left out). */
  private static List<String> successfulVersions(Database db) {
    return db.dsl()
        .select(DSL.field(DSL.name("version"), String.class), DSL.field(DSL.name("success"), Boolean.class))
        .from(DSL.table(DSL.name("flyway_schema_history")))
        .where(DSL.field(DSL.name("type"), String.class).eq("SQL"))
        .orderBy(DSL.field(DSL.name("installed_rank")))
        .fetch()
        .stream()
        .filter(Record2::value2)
        .map(Record2::value1)
        .toList();
  }

  private record Child(int exitCode, String output) {}

  private static Child runChild(Path dir) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classpath, OpenInOtherProcess.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
    // Read before waiting so a chatty child cannot block on a full pipe.
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
    return new Child(p.exitValue(), output);
  }

  /** Opens a data directory in a separate JVM: exit 0 when it could, 3 (message on stdout) when refused. */
  static final class OpenInOtherProcess {
    private OpenInOtherProcess() {}

    public static void main(String[] args) {
      try (Database db = Database.open(Path.of(args[0]))) {
        System.out.println("opened " + db);
      } catch (IllegalStateException e) {
        System.out.println("REFUSED: " + e.getMessage());
        System.exit(3);
      }
    }
  }
}
