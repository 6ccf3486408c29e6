package dev.sekisho.apply;

import dev.sekisho.ruleset.SafeRuleset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The files in the data directory that the boot restore reads, so that it needs neither the database nor the
 * web server:
 *
 * <ul>
 *   <li>{@value #CURRENT}: the last confirmed ruleset, exactly as it was loaded;
 *   <li>{@value #PREVIOUS}: the one confirmed before it (the fallback when the current one no longer loads);
 *   <li>{@value #MANAGEMENT}: LAN interfaces, admin port and SSH flag of the last confirmed configuration,
 *       from which the safe ruleset is built ({@link SafeRuleset.Management#toText()}).
 * </ul>
 *
 * <p>Every file is replaced atomically: the new content goes to a temporary file in the same directory
 * (mode 0600), is fsync'ed and renamed over the old name, then the directory is fsync'ed. A reader, or a
 * boot after a power cut, sees the old file or the new one, never a half-written one. Writes are not
 * synchronised across processes; Sekisho writes them from inside its apply lock only.
 */
public final class RulesetFile {
  /** The last confirmed ruleset. */
  public static final String CURRENT = "ruleset.nft";
  /** The ruleset confirmed before the current one. */
  public static final String PREVIOUS = "ruleset.prev.nft";
  /** What the safe ruleset needs. */
  public static final String MANAGEMENT = "management.properties";
  private static final String TEMP_PREFIX = ".sekisho-";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  /** The boot files in this data directory. */
  public RulesetFile(Path dataDir) {
    this.dir = dataDir;
  }

  /** The data directory. */
  public Path dir() {
    return dir;
  }

  /** Path of one of the files ({@link #CURRENT}, {@link #PREVIOUS}, {@link #MANAGEMENT}). */
  public Path path(String name) {
    return dir.resolve(name);
  }

  /**
   * Saves what a confirmed apply leaves for the next boot: the management facts first, then the ruleset (the
   * order does not matter for correctness; each file is atomic on its own).
   */
  public void persist(AppliedState state) throws IOException {
    writeManagement(SafeRuleset.Management.of(state.config()));
    write(state.ruleset());
  }

  /**
   * Makes {@code ruleset} the current ruleset; the current one becomes the previous one. Writing the text that
   * is already current changes nothing, so the previous file keeps a different ruleset to fall back to.
   */
  public void write(String ruleset) throws IOException {
    Optional<String> old = current();
    if (old.isPresent() && old.get().equals(ruleset)) {
      return;
    }
    prepare();
    if (Files.exists(path(CURRENT))) {
      Path copy = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, ownerOnly());
      try {
        Files.copy(path(CURRENT), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, OWNER_ONLY);
        force(copy);
        Files.move(copy, path(PREVIOUS), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(copy);
      }
    }
    replace(CURRENT, ruleset);
  }

  /** Replaces the management facts. */
  public void writeManagement(SafeRuleset.Management m) throws IOException {
    prepare();
    replace(MANAGEMENT, m.toText());
  }

  /** The last confirmed ruleset, if one was saved; an unreadable file (e.g. not UTF-8) throws. */
  public Optional<String> current() throws IOException {
    return read(CURRENT);
  }

  /** The ruleset confirmed before the current one, if any. */
  public Optional<String> previous() throws IOException {
    return read(PREVIOUS);
  }

  /**
   * The saved management facts, if any.
   *
   * @throws IOException when the file cannot be read
   * @throws dev.sekisho.config.ParseException when its content is not valid
   */
  public Optional<SafeRuleset.Management> management() throws IOException {
    return read(MANAGEMENT).map(SafeRuleset.Management::parse);
  }

  private Optional<String> read(String name) throws IOException {
    try {
      return Optional.of(Files.readString(path(name), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Creates the directory (owner only) when missing, and removes temporary files a crash left behind. */
  private void prepare() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void replace(String name, String text) throws IOException {
    Path tmp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, ownerOnly());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, path(name), StandardCopyOption.ATOMIC_MOVE);
      // The rename is durable only once the directory entry is on disk.
      force(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void force(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  }
}
