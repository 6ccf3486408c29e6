package dev.sekisho.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Owner-only modes for the data directory, which holds the admin's password hash, the database, the rulesets
 * and the keys: the directory and its subdirectories 0700, its files 0600. Java cannot set the process umask,
 * so {@link #secureTree} is its equivalent at start: it also repairs looser modes that an older version, a
 * restore with tar or a chmod left behind. Symbolic links are neither followed nor changed: what they point
 * at is not Sekisho's to change. On a file system without POSIX modes it does nothing.
 */
public final class OwnerOnly {
  /** rw-------. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  /** rwx------. */
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  /** How deep below the data directory modes are repaired (it has files and one level of folders). */
  static final int MAX_DEPTH = 3;

  private OwnerOnly() {}

  /**
   * Sets {@code dir}, every directory below it 0700 and every regular file 0600.
   *
   * @return the paths whose mode was changed (for the log), empty when all were owner-only already
   * @throws UncheckedIOException when a mode cannot be read or set
   */
  public static List<Path> secureTree(Path dir) {
    List<Path> changed = new ArrayList<>();
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix") || !Files.isDirectory(dir)) {
      return changed;
    }
    try {
      // walkFileTree does not follow links unless asked; links are visited as files and skipped below. The
      // depth bound keeps a mistaken --data (a home directory, say) from a walk through everything below it.
      Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          set(d, DIR, changed);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile()) {
            set(f, FILE, changed);
          } else if (attrs.isDirectory()) {
            set(f, DIR, changed); // at the depth bound: closed, not entered
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          // A file that vanished while walking (H2's temporary files) is no longer anyone's to read.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + dir + " owner-only: " + e.getMessage(), e);
    }
    return changed;
  }

  private static void set(Path p, Set<PosixFilePermission> mode, List<Path> changed) throws IOException {
    if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
      Files.setPosixFilePermissions(p, mode);
      changed.add(p);
    }
  }
}
