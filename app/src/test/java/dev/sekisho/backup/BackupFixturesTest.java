package dev.sekisho.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Backups written by every format version must stay restorable. The files under
 * {@code src/test/resources/backup/} are kept, one per version and kind; regenerate them only for a new
 * version, with {@code -Dbackup.fixtures.update=true}, and never rewrite an old version's file.
 */
class BackupFixturesTest {
  /** The passphrase of the encrypted fixtures. */
  static final String PASS = "fixture passphrase 2025";
  private static final Path DIR = Path.of("app/src/test/resources/backup");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void version1PlainIsMigratedWithAntiLockoutOn() throws IOException {
    BackupCodec.Read read = BackupCodec.read(fixture("v1-plain.json"), null);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(1, read.backup().formatVersion());
    assertEquals(TestConfigs.inBackupFixtures(), read.backup().config());
    assertTrue(read.backup().config().settings().antiLockout());
  }

  @Test
  void version1EncryptedIsMigratedAndCarriesTheHash() throws IOException {
    BackupCodec.Read read = BackupCodec.read(fixture("v1-encrypted.json"), PASS);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(1, read.backup().formatVersion());
    assertEquals(TestConfigs.inBackupFixtures(), read.backup().config());
    assertEquals(BackupCodecTest.HASH, read.backup().adminPasswordHash());
  }

  @Test
  void version2PlainAndEncrypted() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v2-plain.json"), null);
    assertTrue(plain.ok(), plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), plain.backup().config());
    assertNull(plain.backup().adminPasswordHash());
    BackupCodec.Read enc = BackupCodec.read(fixture("v2-encrypted.json"), PASS);
    assertTrue(enc.ok(), enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), enc.backup().config());
    assertEquals(BackupCodecTest.HASH, enc.backup().adminPasswordHash());
  }

  @Test
  void theCurrentWriterStillWritesWhatTheVersion2FixtureHolds() throws IOException {
    // Catches a format change made without a new version number.
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v2-plain.json")).get("content")),
        JSON.writeValueAsString(BackupCodec.content(TestConfigs.inBackupFixtures(), null)));
  }

  @Test
  void aVersion1FileCannotCarryLaterFields() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("v1-plain.json"));
    ObjectNode content = (ObjectNode) root.get("content");
    ((ObjectNode) content.get("config").get("settings")).put("antiLockout", false);
    byte[] file = BackupCodec.write(1, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "settings.antiLockout", "format version 1 has no antiLockout");
  }

  @Test
  void regenerate() throws IOException {
    if (!Boolean.getBoolean("backup.fixtures.update")) {
      assertFalse(Files.exists(DIR.resolve("v3-plain.json")), "no fixture for a version that does not exist");
      return;
    }
    ObjectNode v1 = BackupCodec.content(TestConfigs.inBackupFixtures(), null);
    ((ObjectNode) v1.get("config").get("settings")).remove("antiLockout");
    ObjectNode v1secret = v1.deepCopy();
    v1secret.putObject("secrets").put("adminPasswordHash", BackupCodecTest.HASH);
    Files.write(DIR.resolve("v1-plain.json"), BackupCodec.write(1, v1, BackupCodecTest.AT, null, null));
    Files.write(DIR.resolve("v1-encrypted.json"), BackupCodec.write(1, v1secret, BackupCodecTest.AT, PASS,
        BackupCrypto.Kdf.argon2id()));
    Config c = TestConfigs.inBackupFixtures();
    Files.write(DIR.resolve("v2-plain.json"), BackupCodec.write(c, BackupCodecTest.AT));
    Files.write(DIR.resolve("v2-encrypted.json"), BackupCodec.writeEncrypted(c, BackupCodecTest.HASH, PASS,
        BackupCodecTest.AT));
  }

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = BackupFixturesTest.class.getResourceAsStream("/backup/" + name)) {
      if (in == null) {
        throw new IOException("missing fixture " + name);
      }
      return in.readAllBytes();
    }
  }
}
