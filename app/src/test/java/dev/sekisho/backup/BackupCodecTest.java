package dev.sekisho.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.config.TestConfigs;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

public class BackupCodecTest {
  public static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");
  public static final String PASS = "correct horse battery staple";
  public static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
      + "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void plainRoundTripOverGeneratedConfigsThroughAnEmptyStore() throws Exception {
    Random rnd = new Random(20250301);
    try (Database db = Database.inMemoryForTests("backup-roundtrip")) {
      ConfigStore store = new ConfigStore(db);
      for (int round = 0; round < 50; round++) {
        Config c = TestConfigs.random(rnd);
        byte[] first = BackupCodec.write(c, AT);
        BackupCodec.Read read = BackupCodec.read(first, null);
        assertTrue(read.ok(), "round " + round + ": " + read.problems());
        // save() replaces everything, so each round restores into what is, for the store, a fresh appliance.
        store.save(read.backup().config());
        Config restored = store.load();
        assertEquals(c, restored, "round " + round);
        byte[] second = BackupCodec.write(restored, AT);
        assertEquals(new String(first, StandardCharsets.UTF_8), new String(second, StandardCharsets.UTF_8),
            "round " + round + ": export, restore, export gives the same file");
      }
    }
  }

  @Test
  void encryptedRoundTripCarriesTheAdminHashAndNoPlainText() {
    Config c = TestConfigs.inBackupFixtures();
    byte[] file = BackupCodec.writeEncrypted(c, HASH, PASS, AT);
    String text = new String(file, StandardCharsets.UTF_8);
    assertFalse(text.contains("eth1") || text.contains("argon2id$") || text.contains("Living room"), text);
    BackupCodec.Read read = BackupCodec.read(file, PASS);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(c, read.backup().config());
    assertEquals(HASH, read.backup().adminPasswordHash());
    assertTrue(read.backup().encrypted());
    assertEquals(AT, read.backup().createdAt());
    assertFalse(read.backup().toString().contains(HASH), "the hash stays out of logs");
  }

  @Test
  void plainBackupsHaveNoSecretsAndRefuseThem() throws Exception {
    byte[] file = BackupCodec.write(TestConfigs.inBackupFixtures(), AT);
    assertFalse(new String(file, StandardCharsets.UTF_8).contains("secrets"));
    assertThrows(IllegalArgumentException.class, () -> BackupCodec.write(2,
        BackupCodec.content(TestConfigs.inBackupFixtures(), HASH), AT, null, null));
    // Made by hand, since the writer refuses: a plain file claiming to carry the password hash.
    ObjectNode content = BackupCodec.content(TestConfigs.inBackupFixtures(), HASH);
    ObjectNode root = (ObjectNode) JSON.readTree(file);
    root.put("checksum", BackupCodec.checksum(BackupCodec.compact(content)));
    root.set("content", content);
    assertProblem(JSON.writeValueAsBytes(root), null, "content.secrets", "only accepted from an encrypted backup");
  }

  @Test
  void pbkdf2BackupsAreReadToo() {
    byte[] file = BackupCodec.write(2, BackupCodec.content(TestConfigs.inBackupFixtures(), null), AT, PASS,
        BackupCrypto.Kdf.pbkdf2(600_000));
    BackupCodec.Read read = BackupCodec.read(file, PASS);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), read.backup().config());
  }

  @Test
  void weakPassphrasesAreRefusedForNewBackups() {
    assertThrows(IllegalArgumentException.class,
        () -> BackupCodec.writeEncrypted(TestConfigs.inBackupFixtures(), null, "short", AT));
    assertTrue(BackupCodec.passphraseRefusal("eleven char").contains("at least 12"));
    assertNull(BackupCodec.passphraseRefusal("twelve chars"));
  }

  // ---- hostile and broken input: every one is refused with a located problem and yields no config ----

  @Test
  void truncatedJson() {
    byte[] file = BackupCodec.write(TestConfigs.inBackupFixtures(), AT);
    assertProblem(Arrays.copyOf(file, file.length / 2), null, "", "not valid JSON at line");
  }

  @Test
  void invisibleCharactersInARefusedValueAreShownEscaped() {
    // Found by BackupFuzzTest: a byte order mark or a right-to-left override was echoed raw.
    assertProblem(edit(root -> root.put("createdAt", "2\ufeff025-03-01T10:15:30Z")), null, "createdAt",
        "'2\\ufeff025-03-01T10:15:30Z' is not a time");
    assertProblem(plain(c -> ((ObjectNode) c).putArray("auditLog").addObject().put("at", "x\u202ey")
        .put("user", "u").put("source", "s").put("kind", "login_success").put("outcome", "ok").put("detail", "d")),
        null, "content.auditLog[0].at", "'x\\u202ey' is not a time");
  }

  @Test
  void wrongFormatName() {
    assertProblem(edit(root -> root.put("format", "opnsense")), null, "format", "is not a Sekisho backup");
    assertProblem("[1,2,3]".getBytes(StandardCharsets.UTF_8), null, "", "not a JSON object");
  }

  @Test
  void futureVersion() {
    int next = BackupFormat.CURRENT_VERSION + 1;
    assertProblem(edit(root -> root.put("formatVersion", next)), null, "formatVersion",
        next + " is newer than this Sekisho understands");
  }

  @Test
  void badChecksum() {
    String text = new String(BackupCodec.write(TestConfigs.inBackupFixtures(), AT), StandardCharsets.UTF_8);
    assertProblem(text.replace("\"ping\"", "\"pong\"").getBytes(StandardCharsets.UTF_8), null, "checksum",
        "does not match the content");
  }

  @Test
  void wrongPassphraseIsAClearErrorNotGarbage() {
    byte[] file = cheapEncrypted();
    assertProblem(file, PASS + "!", "passphrase", "wrong passphrase");
    assertProblem(file, null, "passphrase", "this backup is encrypted");
  }

  @Test
  void tamperedCiphertextOrHeaderFailsAuthentication() throws Exception {
    byte[] file = cheapEncrypted();
    assertTrue(BackupCodec.read(file, PASS).ok(), "untouched, it reads");
    ObjectNode root = (ObjectNode) JSON.readTree(file);
    byte[] ct = Base64.getDecoder().decode(root.get("ciphertext").textValue());
    ct[5] ^= 1;
    root.put("ciphertext", Base64.getEncoder().encodeToString(ct));
    assertProblem(JSON.writeValueAsBytes(root), PASS, "checksum", "does not match the encrypted data");
    root.put("checksum", BackupCodec.checksum(ct));
    assertProblem(JSON.writeValueAsBytes(root), PASS, "passphrase", "deliberately altered");

    ObjectNode header = (ObjectNode) JSON.readTree(file);
    header.put("createdAt", "2030-01-01T00:00:00Z");
    assertProblem(JSON.writeValueAsBytes(header), PASS, "passphrase", "deliberately altered");
  }

  @Test
  void hostileKeyDerivationParametersAreRefusedBeforeAnyWork() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(cheapEncrypted());
    ((ObjectNode) root.get("encryption").get("kdf")).put("memoryKiB", 4 * 1024 * 1024);
    long t0 = System.nanoTime();
    assertProblem(JSON.writeValueAsBytes(root), PASS, "encryption.kdf.memoryKiB", "memoryKiB must be between");
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused without deriving a 4 GiB key");
    ((ObjectNode) root.get("encryption").get("kdf")).put("name", "scrypt");
    assertProblem(JSON.writeValueAsBytes(root), PASS, "encryption.kdf.memoryKiB", "unknown field");
  }

  @Test
  void ruleCommentThatTriesToEndTheRulesetIsRefusedNotEscaped() {
    assertProblem(plainRule(0, r -> r.put("comment", "\"; flush ruleset")), null, "rules[0].comment",
        "comment contains");
  }

  @Test
  void interfaceNameWithAWildcard() {
    assertProblem(plain(c -> ((ObjectNode) c.get("config").get("interfaces").get(0)).put("name", "eth*")), null,
        "interfaces[0].name", "contains '*'");
  }

  @Test
  void fiftyMegabytes() {
    byte[] big = new byte[50 * 1024 * 1024];
    Arrays.fill(big, (byte) ' ');
    assertProblem(big, null, "", "a backup is at most");
  }

  @Test
  void deeplyNestedJson() {
    String deep = "{\"format\":\"sekisho-backup\",\"formatVersion\":2,\"content\":" + "[".repeat(100_000)
        + "]".repeat(100_000) + "}";
    assertProblem(deep.getBytes(StandardCharsets.UTF_8), null, "", "nested deeper than 8 levels");
  }

  @Test
  void duplicateIdsAndDuplicateKeys() {
    assertProblem(plain(c -> ((ObjectNode) c.get("config").get("hosts").get(1)).put("id", 3)), null, "hosts[1].id",
        "host id 3 is used twice");
    assertProblem(plainRule(1, r -> r.put("id", 5)), null, "rules[1].id", "rule id 5 is used twice");
    String dup = new String(BackupCodec.write(TestConfigs.inBackupFixtures(), AT), StandardCharsets.UTF_8)
        .replace("\"formatVersion\" : " + BackupFormat.CURRENT_VERSION + ",",
            "\"formatVersion\" : " + BackupFormat.CURRENT_VERSION + ", \"formatVersion\" : 1,");
    assertProblem(dup.getBytes(StandardCharsets.UTF_8), null, "", "Duplicate field 'formatVersion'");
  }

  @Test
  void referencesToHostsThatDoNotExist() {
    assertProblem(plainRule(0, r -> r.put("source", 99)), null, "rules[0].source", "host id 99, which does not exist");
  }

  @Test
  void outOfRangeValuesAndUnknownFieldsAreLocated() {
    assertProblem(plainRule(3, r -> r.put("protocol", "tcp").put("ports", "70000")), null, "rules[3].ports",
        "70000");
    assertProblem(plainRule(2, r -> r.put("script", "rm -rf /")), null, "rules[2].script", "unknown field");
    assertProblem(edit(root -> root.put("path", "/etc/shadow")), null, "path", "unknown field");
    assertProblem(plain(c -> ((ObjectNode) c).put("file", "/etc/passwd")), null, "content.file", "unknown field");
    assertProblem(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b}, null, "", "not UTF-8");
    assertProblem(new byte[0], null, "", "empty");
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    BackupCodec.Read read = BackupCodec.read(plain(c -> {
      ((ObjectNode) c.get("config").get("interfaces").get(0)).put("name", "eth*");
      ((ObjectNode) c.get("config").get("rules").get(0)).put("comment", "\"; flush ruleset");
    }), null);
    assertEquals(List.of("interfaces[0].name", "rules[0].comment"), read.problems().stream().map(Problem::path)
        .toList(), read.problems().toString());
  }

  // ---- helpers ----

  /** A small valid LAN that shares nothing with the rich configuration. */
  public static Config lan() {
    return Config.of(List.of(new dev.sekisho.config.NetInterface("lan0", dev.sekisho.config.Role.LAN,
        dev.sekisho.config.InterfaceAddress.parse("10.9.0.1/16"))), List.of(), List.of(),
        dev.sekisho.config.Settings.DEFAULTS.withMasquerade(false));
  }

  /** Encrypted with the cheapest parameters the reader accepts, for tests that are not about the defaults. */
  static byte[] cheapEncrypted() {
    return cheapEncrypted(TestConfigs.inBackupFixtures(), HASH, PASS, AT);
  }

  /**
   * {@link BackupCodec#writeEncrypted} with the cheapest key derivation the reader accepts (Argon2id, 8 MiB,
   * one pass), for tests that are about the passphrase and not about the default costs.
   */
  public static byte[] cheapEncrypted(Config c, String adminHash, String passphrase, Instant at) {
    return BackupCodec.write(BackupFormat.CURRENT_VERSION, BackupCodec.content(c, adminHash), at, passphrase,
        new BackupCrypto.Kdf(BackupCrypto.ARGON2ID, 8192, 1, 1, BackupCrypto.random(16)));
  }

  static void assertProblem(byte[] file, String passphrase, String path, String text) {
    BackupCodec.Read read = BackupCodec.read(file, passphrase);
    assertFalse(read.ok(), "should be refused: " + path);
    assertNull(read.backup());
    assertTrue(read.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(text)),
        "expected " + path + ": …" + text + "… in " + read.problems());
  }

  /** A plain current-version backup of {@link TestConfigs#inBackupFixtures()}, content edited, checksum redone. */
  static byte[] plain(Consumer<JsonNode> editContent) {
    ObjectNode content = BackupCodec.content(TestConfigs.inBackupFixtures(), null);
    editContent.accept(content);
    return BackupCodec.write(BackupFormat.CURRENT_VERSION, content, AT, null, null);
  }

  public static byte[] plainRule(int index, Consumer<ObjectNode> editRule) {
    return plain(c -> editRule.accept((ObjectNode) ((ArrayNode) c.get("config").get("rules")).get(index)));
  }

  /** A plain backup with its envelope edited (the checksum covers only the content). */
  public static byte[] edit(Consumer<ObjectNode> editRoot) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(BackupCodec.write(TestConfigs.inBackupFixtures(), AT));
      editRoot.accept(root);
      return JSON.writeValueAsBytes(root);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
