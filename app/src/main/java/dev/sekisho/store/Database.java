package dev.sekisho.store;

import dev.sekisho.crypto.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's embedded H2 database: one file in the data directory, migrated to the current schema
 * on open. Only one {@code Database} may have a data directory open at a time, in this process or any
 * other; the owner must {@link #close()} it (e.g. from a shutdown hook), because H2 is told not to close
 * itself at JVM exit so that closing stays in the application's order.
 */
public final class Database implements AutoCloseable {

  /** The file name H2 is given inside the data directory (it adds {@code .mv.db}). */
  static final String FILE_NAME = "sekisho";

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Data directories open in this JVM: H2 would silently share them, hiding a second owner. */
  private static final Set<Path> OPEN_DIRS = ConcurrentHashMap.newKeySet();

  private final JdbcConnectionPool pool;
  private final DSLContext dsl;
  private final Path openDir;
  private final String description;
  private final ReadWriteLock configLock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private Database(JdbcConnectionPool pool, Path openDir, String description) {
    this.pool = pool;
    DefaultConfiguration c = new DefaultConfiguration();
    c.setDataSource(pool);
    c.setSQLDialect(SQLDialect.H2);
    c.setExecuteListener(ConfigJsonConverter.SURFACE_UNREADABLE);
    this.dsl = DSL.using(c);
    this.openDir = openDir;
    this.description = description;
  }

  /**
   * Opens (creating if needed) the database in {@code dataDir} and migrates it to the current schema.
   * The directory is created with mode 0700 when missing; an existing one and everything in it is made
   * owner-only ({@link OwnerOnly}) before and again after H2 creates its files, whatever the umask was.
   *
   * @throws IllegalStateException when the directory is already in use by this or another process, or
   *     the database cannot be opened or migrated; the message names the path
   * @throws java.io.UncheckedIOException when the directory cannot be created
   */
  public static Database open(Path dataDir) {
    Path dir = createDir(dataDir.toAbsolutePath().normalize());
    String path = dir.toString();
    if (path.indexOf(';') >= 0) {
      // H2 would read everything after ';' as connection settings.
      throw new IllegalArgumentException("data directory " + path + " contains ';', which H2 cannot handle");
    }
    if (!OPEN_DIRS.add(dir)) {
      throw new IllegalStateException("the data directory " + dir + " is already open in this process");
    }
    try {
      JdbcConnectionPool pool = JdbcConnectionPool.create(
          "jdbc:h2:file:" + dir.resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE;WRITE_DELAY=0", "sa", "");
      Database db = start(pool, dir, "database in " + dir);
      // H2 created its files under the process umask (often 0644): owner-only from the first start on.
      ownerOnly(dir);
      return db;
    } catch (RuntimeException e) {
      OPEN_DIRS.remove(dir);
      throw e;
    }
  }

  /**
   * Opens a private in-memory database with the current schema, gone when closed. Databases of the same
   * name in one JVM are the same database, so tests should use distinct names.
   */
  public static Database inMemoryForTests(String name) {
    // DB_CLOSE_DELAY=-1 keeps it alive between pooled connections; close() shuts it down.
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    return start(pool, null, "in-memory database " + name);
  }

  private static Database start(JdbcConnectionPool pool, Path dir, String description) {
    // Connect once before Flyway does, so that a locked file gives our message, not Flyway's.
    try (Connection c = pool.getConnection()) {
      c.isValid(1);
    } catch (SQLException e) {
      pool.dispose();
      throw new IllegalStateException(openFailure(e, dir, description), e);
    }
    try {
      try (Connection c = pool.getConnection()) {
        RewordedMigrations.acceptOn(c);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read the migration history: " + e.getMessage(), e);
      }
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.dispose();
      throw new IllegalStateException("cannot migrate the " + description + ": " + e.getMessage(), e);
    }
    return new Database(pool, dir, description);
  }

  private static String openFailure(SQLException e, Path dir, String description) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
        return "the data directory " + dir + " is in use by another process (is another sekisho running?)";
      }
    }
    return "cannot open the " + description + ": " + e.getMessage();
  }

  private static void ownerOnly(Path dir) {
    List<Path> changed = OwnerOnly.secureTree(dir);
    if (!changed.isEmpty()) {
      LOG.info("made {} path(s) in the data directory {} owner-only (0700/0600), e.g. {}", changed.size(), dir,
          changed.get(0).getFileName());
    }
  }

  private static Path createDir(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        try {
          if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // The directory will hold the admin's password hash: nobody else needs to look inside.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          } else {
            Files.createDirectories(dir);
          }
        } catch (FileAlreadyExistsException e) {
          // Lost a race with another creator, or it is a file: the check below tells which.
        }
      }
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException("the data directory " + dir + " exists but is not a directory");
      }
      Path real = dir.toRealPath();
      ownerOnly(real);
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Forces everything committed so far onto the disk ({@code CHECKPOINT SYNC}). Commits already reach the
   * file at once ({@code WRITE_DELAY=0}: H2's default half-second delay would lose a commit to a crash);
   * this also survives a power cut, for the records the kernel's state depends on.
   */
  public void sync() {
    dsl().execute("CHECKPOINT SYNC");
  }

  /** The jOOQ context for this database; each statement borrows a pooled connection. */
  public DSLContext dsl() {
    if (closed) {
      throw new IllegalStateException("the " + description + " is closed");
    }
    return dsl;
  }

  /** Guards multi-statement reads of the configuration against a concurrent save replacing it. */
  ReadWriteLock configLock() {
    return configLock;
  }

  /**
   * Shuts the database down and releases its files, so that the same directory can be opened again (by
   * this or another process). Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // Closing idle pooled connections would close the database only if none were leaked; SHUTDOWN
      // closes it regardless, which is what a restart needs.
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot shut down the " + description + ": " + e.getMessage(), e);
    } finally {
      pool.dispose();
      if (openDir != null) {
        OPEN_DIRS.remove(openDir);
      }
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
