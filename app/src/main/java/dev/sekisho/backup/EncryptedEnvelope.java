package dev.sekisho.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Problem;
import dev.sekisho.config.StrictJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The encrypted form of a backup: the header that describes the encryption (authenticated together with the
 * file's identifying fields) and the checked decryption. {@link BackupCodec} reads and writes the rest.
 */
final class EncryptedEnvelope {
  private EncryptedEnvelope() {}

  /** The encryption header written into the file (and authenticated): scheme, cipher, nonce and KDF. */
  static ObjectNode header(BackupCrypto.Kdf kdf, byte[] nonce) {
    ObjectNode e = BackupCodec.COMPACT.createObjectNode();
    e.put("scheme", BackupCrypto.SCHEME);
    e.put("cipher", BackupCrypto.CIPHER);
    e.put("nonce", Base64.getEncoder().encodeToString(nonce));
    ObjectNode k = e.putObject("kdf");
    k.put("name", kdf.name());
    if (BackupCrypto.ARGON2ID.equals(kdf.name())) {
      k.put("memoryKiB", kdf.memoryKiB());
      k.put("iterations", kdf.iterations());
      k.put("parallelism", kdf.parallelism());
    } else {
      k.put("iterations", kdf.iterations());
    }
    k.put("salt", Base64.getEncoder().encodeToString(kdf.salt()));
    return e;
  }

  /** The authenticated header: rebuilt in a fixed order, so member order in the file does not matter. */
  static byte[] aad(JsonNode root, ObjectNode encryption) {
    ObjectNode a = BackupCodec.COMPACT.createObjectNode();
    a.put("format", root.get("format").textValue());
    a.put("formatVersion", root.get("formatVersion").intValue());
    a.put("sekishoVersion", root.get("sekishoVersion").textValue());
    a.put("createdAt", root.get("createdAt").textValue());
    a.set("encryption", encryption);
    return BackupCodec.compact(a);
  }

  /**
   * Where the key comes from once the header passed its checks: the passphrase through the KDF under the
   * hashing permits, or (for the fuzz target, which must not spend its time in Argon2id) a fixture key.
   */
  @FunctionalInterface
  interface KeySource {
    /** The AES key for {@code passphrase} and a KDF whose {@link BackupCrypto.Kdf#refusal()} is null. */
    byte[] key(String passphrase, BackupCrypto.Kdf kdf);
  }

  /** The decrypted content, or the problems that stop it. */
  record Decrypted(ObjectNode content, List<Problem> problems) {}

  /**
   * Checks the envelope of an encrypted backup (scheme, cipher, nonce, KDF within the bounds Sekisho writes,
   * checksum) and decrypts it with a key from {@code keys}; nothing is derived for a refused file.
   */
  static Decrypted decrypt(JsonNode root, String checksum, String passphrase, KeySource keys) {
    List<Problem> problems = new ArrayList<>();
    JsonNode e = root.get("encryption");
    JsonNode ct = root.get("ciphertext");
    if (e == null || !e.isObject()) {
      return new Decrypted(null, List.of(new Problem("encryption", "is missing or not an object")));
    }
    if (ct == null || !ct.isTextual()) {
      return new Decrypted(null, List.of(new Problem("ciphertext", "is missing or not text")));
    }
    BackupCodec.members(e, "encryption", Set.of("scheme", "cipher", "nonce", "kdf"), problems);
    JsonNode scheme = e.get("scheme");
    if (scheme != null && !(scheme.isIntegralNumber() && scheme.intValue() == BackupCrypto.SCHEME)) {
      problems.add(new Problem("encryption.scheme", "only scheme " + BackupCrypto.SCHEME + " is known"));
    }
    JsonNode cipher = e.get("cipher");
    if (cipher != null && !BackupCrypto.CIPHER.equals(cipher.textValue())) {
      problems.add(new Problem("encryption.cipher", "only " + BackupCrypto.CIPHER + " is known"));
    }
    byte[] nonce = BackupCodec.base64(e, "nonce", "encryption.nonce", problems);
    if (nonce != null && nonce.length != BackupCrypto.NONCE_BYTES) {
      problems.add(new Problem("encryption.nonce", "must be " + BackupCrypto.NONCE_BYTES + " bytes"));
    }
    BackupCrypto.Kdf kdf = kdf(e.get("kdf"), problems);
    byte[] ciphertext = BackupCodec.base64(root, "ciphertext", "ciphertext", problems);
    if (!problems.isEmpty()) {
      return new Decrypted(null, problems);
    }
    if (!BackupCodec.checksum(ciphertext).equals(checksum)) {
      return new Decrypted(null, List.of(new Problem("checksum",
          "does not match the encrypted data: the file is damaged or was edited")));
    }
    if (passphrase == null || passphrase.isEmpty()) {
      return new Decrypted(null, List.of(new Problem("passphrase",
          "this backup is encrypted: give the passphrase it was made with")));
    }
    byte[] key = keys.key(passphrase, kdf);
    byte[] plain = BackupCrypto.decrypt(key, nonce, aad(root, header(kdf, nonce)), ciphertext);
    java.util.Arrays.fill(key, (byte) 0);
    if (plain == null) {
      return new Decrypted(null, List.of(new Problem("passphrase", "wrong passphrase (or the encrypted data was "
          + "deliberately altered); nothing was decrypted")));
    }
    JsonNode content;
    try {
      content = BackupCodec.STRICT.read(plain, "the file");
    } catch (StrictJson.Refused ex) {
      return new Decrypted(null, List.of(new Problem("content", ex.getMessage())));
    }
    if (!content.isObject()) {
      return new Decrypted(null, List.of(new Problem("content", "must be an object")));
    }
    return new Decrypted((ObjectNode) content, null);
  }

  private static BackupCrypto.Kdf kdf(JsonNode k, List<Problem> problems) {
    if (k == null || !k.isObject()) {
      problems.add(new Problem("encryption.kdf", "is missing or not an object"));
      return null;
    }
    String name = k.path("name").textValue();
    boolean argon = BackupCrypto.ARGON2ID.equals(name);
    BackupCodec.members(k, "encryption.kdf", argon ? Set.of("name", "memoryKiB", "iterations", "parallelism", "salt")
        : Set.of("name", "iterations", "salt"), problems);
    byte[] salt = BackupCodec.base64(k, "salt", "encryption.kdf.salt", problems);
    int memory = argon ? BackupCodec.integer(k, "memoryKiB", problems) : 0;
    int iterations = BackupCodec.integer(k, "iterations", problems);
    int parallelism = argon ? BackupCodec.integer(k, "parallelism", problems) : 0;
    if (!problems.isEmpty()) {
      return null;
    }
    BackupCrypto.Kdf kdf = new BackupCrypto.Kdf(name == null ? "" : name, memory, iterations, parallelism, salt);
    String refusal = kdf.refusal();
    if (refusal != null) {
      // Located at the field, and before any derivation: nothing is allocated for a refused file.
      problems.add(new Problem("encryption.kdf." + kdf.refusedField(), refusal));
      return null;
    }
    return kdf;
  }
}
