package dev.sekisho.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Config;
import dev.sekisho.config.TestConfigs;
import dev.sekisho.config.UnknownDevices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backups written by every format version must stay restorable. The files under
 * {@code src/test/resources/backup/} are kept, one per version and kind; regenerate them only for a new
 * version, with {@code -Dbackup.fixtures.update=true}, and never rewrite an old version's file.
 */
class BackupFixturesTest {
  /** The passphrase of the encrypted fixtures. */
  static final String PASS = "fixture passphrase 2025";
  /** The audit events of the version 3 plain fixture: a hostile name comes back exactly as stored. */
  static final List<AuditEvent> AUDIT = List.of(
      new AuditEvent(Instant.parse("2025-03-01T10:00:00Z"), "root\nkind=logout", "192.0.2.9", AuditKind.LOGIN_FAILURE,
          AuditEvent.FAILED, "wrong password"),
      new AuditEvent(Instant.parse("2025-03-01T10:01:00Z"), "admin", "192.168.1.20", AuditKind.LOGIN_SUCCESS,
          AuditEvent.OK, ""),
      new AuditEvent(Instant.parse("2025-03-01T10:02:00.123456789Z"), "admin", "fd00::1", AuditKind.CONFIG_EDIT,
          AuditEvent.OK, "Host 子供のタブレット (#3) changed"));
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
  void version2HasNoAuditLog() throws IOException {
    assertEquals(List.of(), BackupCodec.read(fixture("v2-plain.json"), null).backup().auditLog());
    assertEquals(List.of(), BackupCodec.read(fixture("v1-plain.json"), null).backup().auditLog());
  }

  @Test
  void version3PlainCarriesTheAuditLogAndEncryptedStillReads() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v3-plain.json"), null);
    assertTrue(plain.ok(), plain.problems().toString());
    assertEquals(3, plain.backup().formatVersion());
    assertEquals(TestConfigs.inBackupFixtures(), plain.backup().config());
    assertEquals(AUDIT, plain.backup().auditLog());
    assertNull(plain.backup().adminPasswordHash());
    BackupCodec.Read enc = BackupCodec.read(fixture("v3-encrypted.json"), PASS);
    assertTrue(enc.ok(), enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), enc.backup().config());
    assertEquals(BackupCodecTest.HASH, enc.backup().adminPasswordHash());
  }

  @Test
  void theCurrentWriterStillWritesWhatTheVersion3FixtureHolds() throws IOException {
    // Version 4 only added optional fields: an IPv4-only configuration is written as version 3 wrote it.
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v3-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixtures(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void version4FixturesCarryIpv6() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v4-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV4(), plain.backup().config());
    assertEquals(4, plain.backup().formatVersion());
    BackupCodec.Read enc = BackupCodec.read(fixture("v4-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV4(), enc.backup().config());
  }

  @Test
  void version5FixturesCarryObjects() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v5-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV5(), plain.backup().config());
    BackupCodec.Read enc = BackupCodec.read(fixture("v5-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV5(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v5-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV5(), AUDIT,
            BackupCodecTest.AT)).get("content")));
    // Version 5 only added optional fields: the version 4 content is still written as it was.
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v4-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV4(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void aVersion4FileCannotCarryObjects() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v5-plain.json")).get("content");
    byte[] file = BackupCodec.write(4, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "groups", "format versions before 5 have no objects");
    BackupCodecTest.assertProblem(file, null, "addressLists", "format versions before 5 have no objects");
    BackupCodecTest.assertProblem(file, null, "services", "format versions before 5 have no objects");
  }

  @Test
  void version6FixturesCarryForwards() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v6-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV6(), plain.backup().config());
    assertEquals(6, plain.backup().formatVersion());
    assertEquals(2, plain.backup().config().forwards().size());
    BackupCodec.Read enc = BackupCodec.read(fixture("v6-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV6(), enc.backup().config());
    assertEquals(BackupCodecTest.HASH, enc.backup().adminPasswordHash());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v6-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV6(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void version7FixturesCarryTheUnknownDevicesPolicy() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v7-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV7(), plain.backup().config());
    assertEquals(7, plain.backup().formatVersion());
    assertEquals(UnknownDevices.DENY, plain.backup().config().settings().unknownDevices());
    BackupCodec.Read enc = BackupCodec.read(fixture("v7-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV7(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v7-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV7(), AUDIT,
            BackupCodecTest.AT)).get("content")));
    // a version 6 file reads with unknown devices allowed, as version 6 did
    assertEquals(UnknownDevices.ALLOW, BackupCodec.read(fixture("v6-plain.json"), null).backup().config().settings()
        .unknownDevices());
  }

  @Test
  void version10FixturesCarryAskModeAndDecisions() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v10-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV10(), plain.backup().config());
    assertEquals(10, plain.backup().formatVersion());
    assertEquals(2, plain.backup().config().decisions().size());
    assertTrue(plain.backup().config().hosts().get(0).ask());
    BackupCodec.Read enc = BackupCodec.read(fixture("v10-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV10(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v10-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV10(), AUDIT,
            BackupCodecTest.AT)).get("content")));
    // a version 9 file reads without ask mode or decisions
    Config v7 = BackupCodec.read(fixture("v9-plain.json"), null).backup().config();
    assertTrue(v7.decisions().isEmpty());
    assertTrue(v7.hosts().stream().noneMatch(h -> h.ask()));
  }

  @Test
  void aVersion9FileCannotCarryTheDecisionsInbox() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v10-plain.json")).get("content");
    byte[] file = BackupCodec.write(9, content, BackupCodecTest.AT, null, null);
    String why = "format versions before 10 have no decisions inbox";
    BackupCodecTest.assertProblem(file, null, "config.decisions", why);
    BackupCodecTest.assertProblem(file, null, "hosts[0].ask", why);
    BackupCodecTest.assertProblem(file, null, "settings.askMaxPerHost", why);
    assertTrue(BackupCodec.read(BackupCodec.write(10, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void aVersion6FileCannotCarryTheUnknownDevicesPolicy() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v7-plain.json")).get("content");
    byte[] file = BackupCodec.write(6, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "settings.unknownDevices",
        "format versions before 7 have no unknown-devices policy");
    assertTrue(BackupCodec.read(BackupCodec.write(7, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void aVersion5FileCannotCarryForwards() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v6-plain.json")).get("content");
    byte[] file = BackupCodec.write(5, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "config.forwards", "format versions before 6 have no port forwards");
    // the same content claiming version 6 is read
    assertTrue(BackupCodec.read(BackupCodec.write(6, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void version8FixturesCarrySchedules() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v8-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV8(), plain.backup().config());
    assertEquals(8, plain.backup().formatVersion());
    assertEquals(2, plain.backup().config().schedules().size());
    BackupCodec.Read enc = BackupCodec.read(fixture("v8-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV8(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v8-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV8(), AUDIT,
            BackupCodecTest.AT)).get("content")));
    // Version 8 only added optional fields: the version 7 content is still written as it was.
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v7-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV7(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void aVersion7FileCannotCarrySchedules() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v8-plain.json")).get("content");
    byte[] file = BackupCodec.write(7, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "config.schedules", "format versions before 8 have no schedules");
    int scheduled = TestConfigs.inBackupFixturesV8().rules().indexOf(TestConfigs.inBackupFixturesV8().rule(20)
        .orElseThrow());
    BackupCodecTest.assertProblem(file, null, "rules[" + scheduled + "].schedule",
        "format versions before 8 have no schedules");
    BackupCodecTest.assertProblem(file, null, "settings.timeZone", "format versions before 8 have no schedules");
    assertTrue(BackupCodec.read(BackupCodec.write(8, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void version9FixturesCarryTemporaryAndCountLimitedRules() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v9-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV9(), plain.backup().config());
    assertEquals(9, plain.backup().formatVersion());
    assertTrue(plain.backup().config().rules().stream().anyMatch(r -> r.expiresAt() != null));
    assertTrue(plain.backup().config().rules().stream().anyMatch(r -> r.connectionLimit() != null));
    BackupCodec.Read enc = BackupCodec.read(fixture("v9-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV9(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v9-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV9(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void aVersion8FileCannotCarryTemporaryOrCountLimitedRules() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v9-plain.json")).get("content");
    byte[] file = BackupCodec.write(8, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "rules[0].expiresAt", "format versions before 9 have no temporary");
    assertTrue(BackupCodec.read(BackupCodec.write(9, content, BackupCodecTest.AT, null, null), null).ok());
    // the version 8 fixture, which has neither, still reads
    assertTrue(BackupCodec.read(fixture("v8-plain.json"), null).ok());
  }

  @Test
  void version11FixturesCarryDomainRulesAndTheForwardersSettings() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v11-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV11(), plain.backup().config());
    assertEquals(11, plain.backup().formatVersion());
    assertEquals("*.example.org", plain.backup().config().rule(30).orElseThrow().destinationDomain().toString());
    BackupCodec.Read enc = BackupCodec.read(fixture("v11-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV11(), enc.backup().config());
    // Version 11 only added optional fields: the version 10 content is still written as it was.
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v10-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV10(), AUDIT,
            BackupCodecTest.AT)).get("content")));
  }

  @Test
  void aVersion10FileCannotCarryDomainRules() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v11-plain.json")).get("content");
    byte[] file = BackupCodec.write(10, content, BackupCodecTest.AT, null, null);
    Config v11 = TestConfigs.inBackupFixturesV11();
    int at = v11.rules().indexOf(v11.rule(30).orElseThrow());
    BackupCodecTest.assertProblem(file, null, "rules[" + at + "].destinationDomain",
        "format versions before 11 have no domain rules");
    BackupCodecTest.assertProblem(file, null, "settings.dnsUpstream", "format versions before 11 have no domain rules");
    assertTrue(BackupCodec.read(BackupCodec.write(11, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void version12FixturesCarryDomainNamesInAnAddressList() throws IOException {
    BackupCodec.Read plain = BackupCodec.read(fixture("v12-plain.json"), null);
    assertTrue(plain.ok(), () -> plain.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV12(), plain.backup().config());
    assertEquals(12, plain.backup().formatVersion());
    assertEquals(2, plain.backup().config().addressLists().get(0).domains().size());
    BackupCodec.Read enc = BackupCodec.read(fixture("v12-encrypted.json"), PASS);
    assertTrue(enc.ok(), () -> enc.problems().toString());
    assertEquals(TestConfigs.inBackupFixturesV12(), enc.backup().config());
    assertEquals(JSON.writeValueAsString(JSON.readTree(fixture("v11-plain.json")).get("content")),
        JSON.writeValueAsString(JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixturesV11(), AUDIT,
            BackupCodecTest.AT)).get("content")), "version 11 content is written as it was");
  }

  @Test
  void aVersion11FileCannotCarryDomainNamesInAList() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v12-plain.json")).get("content");
    byte[] file = BackupCodec.write(11, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "addressLists[0].entries",
        "format versions before 12 have no domain names in address lists");
    assertTrue(BackupCodec.read(BackupCodec.write(12, content, BackupCodecTest.AT, null, null), null).ok());
  }

  @Test
  void aVersion3FileCannotCarryIpv6() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v4-plain.json")).get("content");
    byte[] file = BackupCodec.write(3, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "interfaces[0].address6", "format versions before 4 have no IPv6");
    BackupCodecTest.assertProblem(file, null, "hosts[0].ipv6", "format versions before 4 have no IPv6");
    BackupCodecTest.assertProblem(file, null, "rules[5].destination", "format versions before 4 have no IPv6");
  }

  @Test
  void aVersion2FileCannotCarryAnAuditLog() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v3-plain.json")).get("content");
    byte[] file = BackupCodec.write(2, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "content.auditLog", "format versions before 3 have no audit log");
  }

  @Test
  void aHostileAuditLogIsRefusedWithItsLocation() throws IOException {
    ObjectNode content = (ObjectNode) JSON.readTree(fixture("v3-plain.json")).get("content");
    ObjectNode first = (ObjectNode) content.get("auditLog").get(0);
    first.put("kind", "drop_tables");
    first.put("extra", "x");
    byte[] file = BackupCodec.write(3, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "content.auditLog[0].kind", "not an audit event kind");
    BackupCodecTest.assertProblem(file, null, "content.auditLog[0].extra", "unknown field");
  }

  @Test
  void aVersion1FileCannotCarryLaterFields() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(fixture("v1-plain.json"));
    ObjectNode content = (ObjectNode) root.get("content");
    ((ObjectNode) content.get("config").get("settings")).put("antiLockout", false);
    byte[] file = BackupCodec.write(1, content, BackupCodecTest.AT, null, null);
    BackupCodecTest.assertProblem(file, null, "settings.antiLockout", "format version 1 has no antiLockout");
  }

  /**
   * Writes the current version's fixtures. Older versions' files are never rewritten (their encrypted files
   * have a random salt and nonce, and their content must stay what that version wrote); the commented-out
   * code below is how they were made.
   */
  @Test
  void regenerate() throws IOException {
    if (!Boolean.getBoolean("backup.fixtures.update")) {
      assertFalse(Files.exists(DIR.resolve("v13-plain.json")), "no fixture for a version that does not exist");
      return;
    }
    Config c = TestConfigs.inBackupFixturesV12();
    Files.write(DIR.resolve("v12-plain.json"), BackupCodec.write(c, AUDIT, BackupCodecTest.AT));
    Files.write(DIR.resolve("v12-encrypted.json"), BackupCodec.writeEncrypted(c, BackupCodecTest.HASH, PASS,
        BackupCodecTest.AT));
  }

  /** How the version 1 and 2 fixtures were written (kept for the record; not run). */
  static void writtenOnce() throws IOException {
    ObjectNode v1 = BackupCodec.content(TestConfigs.inBackupFixtures(), null);
    ((ObjectNode) v1.get("config").get("settings")).remove("antiLockout");
    ObjectNode v1secret = v1.deepCopy();
    v1secret.putObject("secrets").put("adminPasswordHash", BackupCodecTest.HASH);
    Files.write(DIR.resolve("v1-plain.json"), BackupCodec.write(1, v1, BackupCodecTest.AT, null, null));
    Files.write(DIR.resolve("v1-encrypted.json"), BackupCodec.write(1, v1secret, BackupCodecTest.AT, PASS,
        BackupCrypto.Kdf.argon2id()));
    Files.write(DIR.resolve("v2-plain.json"), BackupCodec.write(2, BackupCodec.content(
        TestConfigs.inBackupFixtures(), null), BackupCodecTest.AT, null, null));
    ObjectNode v2secret = BackupCodec.content(TestConfigs.inBackupFixtures(), BackupCodecTest.HASH);
    Files.write(DIR.resolve("v2-encrypted.json"), BackupCodec.write(2, v2secret, BackupCodecTest.AT, PASS,
        BackupCrypto.Kdf.argon2id()));
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
