package dev.sekisho.backup;

import dev.sekisho.apply.AppliedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a plain backup of every confirmed configuration to a directory and keeps the newest N. Configured
 * by the appliance's environment ({@value #DIR_ENV}, {@value #KEEP_ENV}), not by the Config: where backups
 * go is a property of the machine, and a restored backup must not be able to redirect them.
 *
 * <p>A failure to write is logged and never stops the confirmation it follows: the firewall matters more
 * than its copy. Only files whose names this class makes are ever deleted.
 */
public final class AutoBackup {
  /** The directory for automatic backups; unset or blank turns them off. */
  public static final String DIR_ENV = "SEKISHO_BACKUP_DIR";
  /** How many automatic backups to keep (default {@value #DEFAULT_KEEP}). */
  public static final String KEEP_ENV = "SEKISHO_BACKUP_KEEP";
  /** Backups kept when {@value #KEEP_ENV} is not set. */
  public static final int DEFAULT_KEEP = 30;
  static final int MAX_KEEP = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(AutoBackup.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** The names written here; sorting them sorts by time. */
  static final Pattern NAME = Pattern.compile("sekisho-backup-\\d{8}T\\d{6}\\.\\d{3}Z-\\d{2}\\.json");

  private final Path dir;
  private final int keep;

  /** Backups into {@code dir} (null: off), keeping the newest {@code keep}. */
  public AutoBackup(Path dir, int keep) {
    if (keep < 1 || keep > MAX_KEEP) {
      throw new IllegalArgumentException(KEEP_ENV + " must be between 1 and " + MAX_KEEP + ", not " + keep);
    }
    this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
    this.keep = keep;
  }

  /**
   * From the environment.
   *
   * @throws IllegalArgumentException when {@value #KEEP_ENV} is not a number in range, so that a typo stops
   *     the start instead of silently keeping everything or nothing
   */
  public static AutoBackup fromEnvironment(Map<String, String> env) {
    String d = env.get(DIR_ENV);
    String k = env.get(KEEP_ENV);
    int keep = DEFAULT_KEEP;
    if (k != null && !k.isBlank()) {
      try {
        keep = Integer.parseInt(k.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(KEEP_ENV + " must be a number, not '" + k + "'", e);
      }
    }
    return new AutoBackup(d == null || d.isBlank() ? null : Path.of(d.strip()), keep);
  }

  /** True when a directory is configured. */
  public boolean enabled() {
    return dir != null;
  }

  /** Writes a backup of the confirmed state and prunes old ones; logs instead of throwing. */
  public void write(AppliedState state) {
    if (dir == null) {
      return;
    }
    try {
      Path file = writeFile(BackupCodec.write(state.config(), state.appliedAt()), STAMP.format(state.appliedAt()));
      prune();
      LOG.info("automatic backup written to {}", file);
    } catch (IOException | RuntimeException e) {
      LOG.error("could not write the automatic backup to {}: {}", dir, e.toString());
    }
  }

  /** The automatic backups in the directory, oldest first. */
  public List<Path> files() throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
          .sorted().toList();
    }
  }

  private Path writeFile(byte[] bytes, String stamp) throws IOException {
    if (!Files.isDirectory(dir)) {
      // Plain backups show the whole network layout: only root needs to read them.
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = Files.createTempFile(dir, ".sekisho-backup-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, bytes);
      for (int n = 0; n < 100; n++) {
        Path target = dir.resolve(String.format("sekisho-backup-%s-%02d.json", stamp, n));
        // rename(2) would replace an existing file: two backups in the same millisecond get different numbers.
        // Writes come one at a time (inside the apply lock), so the check cannot race with another writer.
        if (!Files.exists(target)) {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          return target;
        }
      }
      throw new IOException("100 backups with the time stamp " + stamp + " exist already");
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void prune() throws IOException {
    List<Path> all = new ArrayList<>(files());
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
  }
}
