package dev.sekisho.store;

import dev.sekisho.crypto.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where {@code serve} leaves the one-time setup token: the file {@value #NAME} in the data directory, owner-only
 * (0600), instead of the console, whose output a service manager keeps in its journal for anyone with journal
 * access to read. It is deleted once the admin password is set (the token dies with its first use), and at
 * any start that finds a password already set.
 */
public final class SetupTokenFile {
  /** The file name inside the data directory. */
  public static final String NAME = "setup-token";

  private final Path file;

  /** The token file of {@code dataDir}. */
  public SetupTokenFile(Path dataDir) {
    this.file = dataDir.resolve(NAME);
  }

  /** Its path. */
  public Path path() {
    return file;
  }

  /**
   * Writes {@code token} (and a newline), owner-only from its creation: a temporary file made 0600 first,
   * then renamed over any old one, so the token is never readable by others, not even for a moment.
   */
  public void write(String token) {
    Path dir = file.getParent();
    try {
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      Path tmp = posix ? Files.createTempFile(dir, ".setup-token-", ".tmp",
          PosixFilePermissions.asFileAttribute(OwnerOnly.FILE)) : Files.createTempFile(dir, ".setup-token-", ".tmp");
      try {
        if (posix) {
          Files.setPosixFilePermissions(tmp, OwnerOnly.FILE); // whatever the umask took away or left
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the setup token to " + file + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the file if it is there; a failure is not fatal (the token it holds is dead already). */
  public boolean delete() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      return false;
    }
  }
}
