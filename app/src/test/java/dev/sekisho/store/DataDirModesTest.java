package dev.sekisho.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 of issue 9: the data directory is 0700 and every file in it 0600, whatever the process umask and
 * whatever modes an older version or a careless copy left behind. Real files on the real file system.
 */
class DataDirModesTest {
  @TempDir Path tmp;

  @Test
  void theDatabaseFilesAreOwnerOnlyAndLooserModesAreRepairedAtOpen() throws Exception {
    Path dir = tmp.resolve("data");
    // First start: H2 creates its files under the process umask (022 here: 0644).
    try (Database db = Database.open(dir)) {
      new AdminStore(db).setPasswordHash("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g");
      db.sync();
      assertOwnerOnly(dir);
    }
    // What an older version, a restore with tar or an admin's chmod may have left.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sub = Files.createDirectory(dir.resolve("certs"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxr-x"));
    Path key = Files.writeString(sub.resolve("panel.key"), "secret");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    for (Path f : files(dir)) {
      if (Files.isRegularFile(f)) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
      }
    }
    // A link inside is not followed: what it points at is not Sekisho's to change.
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "not ours");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(dir.resolve("link"), outside);

    try (Database db = Database.open(dir)) {
      assertTrue(new AdminStore(db).passwordHash().isPresent(), "still readable by its owner");
      assertOwnerOnly(dir);
    }
    assertEquals("rw-r--r--", mode(outside));
  }

  private static void assertOwnerOnly(Path dir) throws Exception {
    List<Path> all = files(dir);
    assertFalse(all.stream().noneMatch(p -> p.getFileName().toString().endsWith(".mv.db")), "H2 file: " + all);
    assertEquals("rwx------", mode(dir), dir.toString());
    for (Path p : all) {
      if (Files.isSymbolicLink(p)) {
        continue;
      }
      assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
    }
  }

  private static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> out = new ArrayList<>(s.filter(p -> !p.equals(dir)).toList());
      return out;
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}
