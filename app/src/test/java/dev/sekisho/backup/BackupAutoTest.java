package dev.sekisho.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.TestConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupAutoTest {
  @TempDir Path tmp;

  @Test
  void writesOneRestorableBackupPerConfirmationAndKeepsTheNewestN() throws IOException {
    Path dir = tmp.resolve("backups");
    AutoBackup auto = AutoBackup.fromEnvironment(Map.of(AutoBackup.DIR_ENV, dir.toString(), AutoBackup.KEEP_ENV,
        "3"));
    Files.createDirectories(dir);
    Path foreign = Files.writeString(dir.resolve("notes.json"), "mine");
    Instant t = Instant.parse("2025-03-01T10:15:30Z");
    for (int i = 0; i < 5; i++) {
      auto.write(new AppliedState(t.plusSeconds(i), TestConfigs.inBackupFixtures().withRule(
          TestConfigs.inBackupFixtures().rules().get(0)).withSettings(s -> s.withAdminPort(9000)), "ruleset"));
    }
    auto.write(new AppliedState(t.plusSeconds(4), TestConfigs.inBackupFixtures(), "same millisecond"));
    List<Path> files = auto.files();
    assertEquals(3, files.size(), files.toString());
    assertEquals("sekisho-backup-20250301T101533.000Z-00.json", files.get(0).getFileName().toString());
    assertEquals("sekisho-backup-20250301T101534.000Z-01.json", files.get(2).getFileName().toString());
    assertTrue(Files.exists(foreign), "files Sekisho did not write are never deleted");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(2))));
    BackupCodec.Read read = BackupCodec.read(Files.readAllBytes(files.get(2)), null);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), read.backup().config());
  }

  @Test
  void offUnlessConfiguredAndAFailureNeverThrows() throws IOException {
    assertFalse(AutoBackup.fromEnvironment(Map.of()).enabled());
    assertThrows(IllegalArgumentException.class, () -> AutoBackup.fromEnvironment(Map.of(AutoBackup.KEEP_ENV, "x")));
    assertThrows(IllegalArgumentException.class, () -> new AutoBackup(tmp, 0));
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    new AutoBackup(notADir, 3).write(new AppliedState(Instant.EPOCH, TestConfigs.inBackupFixtures(), "r"));
    assertEquals("x", Files.readString(notADir));
  }
}
