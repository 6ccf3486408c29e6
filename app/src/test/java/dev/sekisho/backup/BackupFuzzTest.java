package dev.sekisho.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.FuzzChecks;
import dev.sekisho.config.StrictJson;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of backup files, which come from anywhere (an upload, a file given to
 * {@code sekisho restore}): the plain format and the encrypted envelope. Reading returns a backup or located
 * problems and throws nothing, whatever the bytes, so any exception is a finding; an accepted backup holds a
 * configuration that validates and compiles; a refusal is short and shows no invisible character raw.
 *
 * <p>A file's checksum (and for the encrypted form its GCM tag) stops almost every mutation at the door, so
 * each target has two modes: the input is the whole file, or (after a zero byte and a version byte) it is the
 * content and the target wraps it in a correct envelope (checksum, and for the encrypted form header, nonce and
 * tag), so that the fuzzer also reaches the migrations, the audit section, the secrets and the configuration. The
 * encrypted target never runs Argon2id: the key comes from {@link #FIXTURE_KEY} through the reader's key
 * seam, which also checks that no key is asked for a header the bounds refuse.
 */
class BackupFuzzTest {
  /** The one AES key of the encrypted target's inputs (not derived from anything). */
  static final byte[] FIXTURE_KEY = "sekisho-fuzz-fixture-key-32bytes".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NONCE = Arrays.copyOf("fuzz-nonce12".getBytes(StandardCharsets.US_ASCII), 12);
  static final BackupCrypto.Kdf KDF = new BackupCrypto.Kdf(BackupCrypto.ARGON2ID, 8192, 1, 1,
      "fuzz-fixture-salt".getBytes(StandardCharsets.US_ASCII));
  static final String PASSPHRASE = "fuzz passphrase";
  private static final EncryptedEnvelope.KeySource KEYS = (passphrase, kdf) -> {
    assertNull(kdf.refusal(), "a key is only derived for a header within the bounds");
    return FIXTURE_KEY.clone();
  };

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"\"format\"", "\"sekisho-backup\"", "\"formatVersion\"", "\"sekishoVersion\"",
      "\"createdAt\"", "\"checksum\"", "\"content\"", "\"config\"", "\"auditLog\"", "\"secrets\"",
      "\"adminPasswordHash\"", "\"at\"", "\"user\"", "\"source\"", "\"kind\"", "\"outcome\"", "\"detail\"",
      "\"2025-03-01T10:15:30Z\"", "\"login_success\"", "\"antiLockout\"", "\"settings\"", "\"interfaces\"",
      "\"sha256:\""})
  void plainBackup(byte[] input) {
    plain(input);
  }

  private static boolean plain(byte[] input) {
    return wrapped(input) ? check(plainFile(Arrays.copyOfRange(input, 2, input.length), input[1]), false)
        : check(input, false);
  }

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"\"encryption\"", "\"ciphertext\"", "\"scheme\"", "\"cipher\"", "\"AES-256-GCM\"",
      "\"nonce\"", "\"kdf\"", "\"name\"", "\"argon2id\"", "\"pbkdf2-hmac-sha256\"", "\"memoryKiB\"",
      "\"iterations\"", "\"parallelism\"", "\"salt\"", "\"secrets\"", "\"adminPasswordHash\"",
      "\"$argon2id$v=19$m=65536,t=3,p=1$\"", "\"config\"", "\"auditLog\"", "\"formatVersion\""})
  void encryptedBackup(byte[] input) {
    encrypted(input);
  }

  private static boolean encrypted(byte[] input) {
    return wrapped(input) ? check(encryptedFile(Arrays.copyOfRange(input, 2, input.length), input[1]), true)
        : check(input, true);
  }

  /** The seeds are accepted in both modes, so the targets start deep in the reader, not at its door. */
  @Test
  void everySeedIsAcceptedBackup() throws IOException {
    for (String method : List.of("plainBackup", "encryptedBackup")) {
      Path dir = Path.of("app/src/test/resources/dev/sekisho/backup/BackupFuzzTestInputs", method);
      List<Path> seeds;
      try (Stream<Path> s = Files.list(dir)) {
        seeds = s.filter(p -> p.getFileName().toString().startsWith("seed-")).sorted().toList();
      }
      assertEquals(6, seeds.size(), method);
      for (Path seed : seeds) {
        byte[] in = Files.readAllBytes(seed);
        assertTrue(method.equals("plainBackup") ? plain(in) : encrypted(in), seed.toString());
      }
    }
  }

  /** Content mode: a zero byte (no file starts with one), then the version byte, then the content. */
  static boolean wrapped(byte[] input) {
    return input.length >= 2 && input[0] == 0;
  }

  /** The properties for one file; true when it was accepted. */
  private static boolean check(byte[] file, boolean withPassphrase) {
    BackupCodec.Read read = BackupCodec.read(file, withPassphrase ? PASSPHRASE : null, KEYS);
    if (!read.ok()) {
      assertNull(read.backup(), "nothing is half-read");
      assertFalse(read.problems().isEmpty(), "a refusal says why");
      read.problems().forEach(FuzzChecks::assertShownSafely);
      return false;
    }
    BackupCodec.Backup b = read.backup();
    assertTrue(read.problems().isEmpty());
    assertEquals(List.of(), ConfigValidator.validate(b.config()));
    assertTrue(RulesetCompiler.tryCompile(b.config()).ok(), "an accepted backup compiles");
    assertNotNull(b.createdAt());
    if (!b.encrypted()) {
      assertNull(b.adminPasswordHash(), "no secret from a plain backup");
      BackupCodec.Read again = BackupCodec.read(BackupCodec.write(b.config(), b.auditLog(), b.createdAt()), null);
      assertTrue(again.ok(), () -> again.problems().toString());
      assertEquals(b.config(), again.backup().config(), "what was accepted is written back the same");
      assertEquals(b.auditLog(), again.backup().auditLog());
    }
    return true;
  }

  /** A version 1–3 plain file around {@code content} with the checksum it needs (when it is JSON at all). */
  static byte[] plainFile(byte[] content, int versionByte) {
    String checksum = "sha256:" + "0".repeat(64);
    try {
      checksum = BackupCodec.checksum(BackupCodec.compact(BackupCodec.STRICT.read(content, "the content")));
    } catch (StrictJson.Refused e) {
      // left wrong: the reader refuses the content either way
    }
    String head = "{\"format\":\"sekisho-backup\",\"formatVersion\":" + version(versionByte)
        + ",\"sekishoVersion\":\"fuzz\",\"createdAt\":\"2025-03-01T10:15:30Z\",\"checksum\":\"" + checksum
        + "\",\"content\":";
    return concat(head.getBytes(StandardCharsets.UTF_8), content, "}".getBytes(StandardCharsets.UTF_8));
  }

  /** A version 1–3 encrypted file whose ciphertext is {@code plaintext} under the fixture key. */
  static byte[] encryptedFile(byte[] plaintext, int versionByte) {
    ObjectNode root = BackupCodec.COMPACT.createObjectNode();
    root.put("format", BackupFormat.NAME);
    root.put("formatVersion", version(versionByte));
    root.put("sekishoVersion", "fuzz");
    root.put("createdAt", "2025-03-01T10:15:30Z");
    ObjectNode encryption = EncryptedEnvelope.header(KDF, NONCE);
    byte[] ciphertext = BackupCrypto.encrypt(FIXTURE_KEY, NONCE, EncryptedEnvelope.aad(root, encryption),
        plaintext);
    root.put("checksum", BackupCodec.checksum(ciphertext));
    root.set("encryption", encryption);
    root.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
    return BackupCodec.compact(root);
  }

  private static int version(int b) {
    return BackupFormat.OLDEST_VERSION + Math.floorMod(b, BackupFormat.CURRENT_VERSION - BackupFormat.OLDEST_VERSION
        + 1);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
