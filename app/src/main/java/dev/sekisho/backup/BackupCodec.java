package dev.sekisho.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import dev.sekisho.config.StrictJson;
import dev.sekisho.crypto.HashingPermits;
import dev.sekisho.crypto.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes and reads backup files (see {@link BackupFormat} for the format). Reading goes all the way: size,
 * UTF-8, strict JSON, header, checksum, decryption, migration of older versions, the config's own strict
 * reader and then {@link ConfigValidator}, the same validator the panel's forms and apply use. The result
 * is a configuration that can be applied, or every problem found with its location; never half of each.
 */
public final class BackupCodec {
  static final StrictJson STRICT = StrictJson.limitedTo(BackupFormat.MAX_BYTES, BackupFormat.MAX_DEPTH);
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final ObjectMapper COMPACT = new ObjectMapper();
  private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");

  private BackupCodec() {}

  /**
   * A backup as read.
   *
   * @param config the configuration, parsed and validated
   * @param adminPasswordHash the admin's password hash (PHC string), only from encrypted backups; else null
   * @param formatVersion the version the file was written in (before migration)
   * @param sekishoVersion the Sekisho that wrote it
   * @param createdAt when it was written
   * @param encrypted whether it was encrypted
   * @param auditLog the audit events the backup carries, oldest first (none before format version 3); a
   *     restore never imports them into the live audit log
   */
  public record Backup(Config config, String adminPasswordHash, int formatVersion, String sekishoVersion,
      Instant createdAt, boolean encrypted, List<AuditEvent> auditLog) {

    /** Copies the list. */
    public Backup {
      auditLog = List.copyOf(auditLog);
    }

    @Override
    public String toString() {
      // Keeps the password hash out of logs.
      return "Backup[version=" + formatVersion + ", by=" + sekishoVersion + ", at=" + createdAt + ", encrypted="
          + encrypted + "]";
    }
  }

  /** The outcome of reading: a backup and no problems, or problems and no backup. */
  public record Read(Backup backup, List<Problem> problems) {
    /** True when the backup was read, migrated and validated completely. */
    public boolean ok() {
      return backup != null;
    }

    static Read failed(List<Problem> problems) {
      return new Read(null, List.copyOf(problems));
    }

    static Read failed(String path, String message) {
      return failed(List.of(new Problem(path, message)));
    }
  }

  /** A plain backup of the configuration; secrets are never in a plain backup. */
  public static byte[] write(Config config, Instant createdAt) {
    return write(BackupFormat.CURRENT_VERSION, content(config, null), createdAt, null, null);
  }

  /** A plain backup of the configuration and the audit log (oldest first); audit events hold no secret. */
  public static byte[] write(Config config, List<AuditEvent> auditLog, Instant createdAt) {
    ObjectNode content = content(config, null);
    content.set(AuditSection.NAME, AuditSection.toTree(auditLog));
    return write(BackupFormat.CURRENT_VERSION, content, createdAt, null, null);
  }

  /**
   * An encrypted backup of the configuration and the admin's password hash (may be null), with an Argon2id
   * key from the passphrase.
   *
   * @throws IllegalArgumentException when the passphrase is shorter than
   *     {@link BackupCrypto#MIN_PASSPHRASE_LENGTH}
   */
  public static byte[] writeEncrypted(Config config, String adminPasswordHash, String passphrase,
      Instant createdAt) {
    return writeEncrypted(config, adminPasswordHash, passphrase, createdAt, HashingPermits.standard());
  }

  /**
   * The same, with the key derived under the caller's {@code permits} (the panel shares them with the login).
   *
   * @throws HashingPermits.Busy when no permit came in time
   */
  public static byte[] writeEncrypted(Config config, String adminPasswordHash, String passphrase,
      Instant createdAt, HashingPermits permits) {
    return write(BackupFormat.CURRENT_VERSION, content(config, adminPasswordHash), createdAt, passphrase,
        BackupCrypto.Kdf.argon2id(), permits);
  }

  /** Why a passphrase cannot protect a new backup, or null when it can. */
  public static String passphraseRefusal(String passphrase) {
    if (passphrase == null || passphrase.codePointCount(0, passphrase.length())
        < BackupCrypto.MIN_PASSPHRASE_LENGTH) {
      return "the passphrase must be at least " + BackupCrypto.MIN_PASSPHRASE_LENGTH + " characters long";
    }
    return null;
  }

  static ObjectNode content(Config config, String adminPasswordHash) {
    ObjectNode content = COMPACT.createObjectNode();
    content.set("config", ConfigCodec.toTree(config));
    if (adminPasswordHash != null) {
      content.putObject("secrets").put("adminPasswordHash", adminPasswordHash);
    }
    return content;
  }

  /**
   * Writes any version's content; encrypted when {@code passphrase} is given. Package-private so that tests
   * can make files of older versions and hostile files with correct checksums.
   */
  static byte[] write(int version, ObjectNode content, Instant createdAt, String passphrase,
      BackupCrypto.Kdf kdf) {
    return write(version, content, createdAt, passphrase, kdf, HashingPermits.standard());
  }

  private static byte[] write(int version, ObjectNode content, Instant createdAt, String passphrase,
      BackupCrypto.Kdf kdf, HashingPermits permits) {
    ObjectNode root = PRETTY.createObjectNode();
    root.put("format", BackupFormat.NAME);
    root.put("formatVersion", version);
    root.put("sekishoVersion", BackupFormat.sekishoVersion());
    root.put("createdAt", createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    if (passphrase == null) {
      if (content.has("secrets")) {
        throw new IllegalArgumentException("secrets are only written to encrypted backups");
      }
      root.put("checksum", checksum(compact(content)));
      root.set("content", content);
    } else {
      String refusal = passphraseRefusal(passphrase);
      if (refusal != null) {
        throw new IllegalArgumentException(refusal);
      }
      byte[] nonce = BackupCrypto.newNonce();
      ObjectNode encryption = EncryptedEnvelope.header(kdf, nonce);
      byte[] key = BackupCrypto.deriveKey(passphrase, kdf, permits);
      byte[] ciphertext = BackupCrypto.encrypt(key, nonce, EncryptedEnvelope.aad(root, encryption), compact(content));
      java.util.Arrays.fill(key, (byte) 0);
      root.put("checksum", checksum(ciphertext));
      root.set("encryption", encryption);
      root.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
    }
    try {
      return (PRETTY.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a backup file; see the type's documentation. {@code passphrase} may be null for plain backups.
   * Touches nothing outside this call. The key of an encrypted backup is derived under a permit of its own;
   * the panel passes the process's shared permits instead ({@link #read(byte[], String, HashingPermits)}).
   */
  public static Read read(byte[] file, String passphrase) {
    return read(file, passphrase, HashingPermits.standard());
  }

  /**
   * The same, with the key derivation of an encrypted backup run under {@code permits}.
   *
   * @throws HashingPermits.Busy when no permit came in time, or the derivation ran out of memory
   */
  public static Read read(byte[] file, String passphrase, HashingPermits permits) {
    return read(file, passphrase, (p, kdf) -> BackupCrypto.deriveKey(p, kdf, permits));
  }

  /** The same, with the key of an encrypted backup from {@code keys} (the fuzz target's fixture key). */
  static Read read(byte[] file, String passphrase, EncryptedEnvelope.KeySource keys) {
    if (file.length > BackupFormat.MAX_BYTES) {
      return Read.failed("", "the file is " + file.length + " bytes; a backup is at most " + BackupFormat.MAX_BYTES
          + " bytes");
    }
    if (file.length == 0) {
      return Read.failed("", "the file is empty");
    }
    JsonNode root;
    try {
      root = STRICT.read(file, "the file");
    } catch (StrictJson.Refused e) {
      return Read.failed("", e.getMessage());
    }
    if (!root.isObject()) {
      return Read.failed("", "not a Sekisho backup: the file is not a JSON object");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !format.textValue().equals(BackupFormat.NAME)) {
      return Read.failed("format", format == null ? "is missing: this is not a Sekisho backup"
          : shown(format) + " is not a Sekisho backup (expected \"" + BackupFormat.NAME + "\")");
    }
    JsonNode v = root.get("formatVersion");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      return Read.failed("formatVersion", "must be a whole number");
    }
    int version = v.intValue();
    if (version > BackupFormat.CURRENT_VERSION) {
      return Read.failed("formatVersion", version + " is newer than this Sekisho understands (up to "
          + BackupFormat.CURRENT_VERSION + "); restore it with a newer Sekisho");
    }
    if (version < BackupFormat.OLDEST_VERSION) {
      return Read.failed("formatVersion", version + " is not a known format version");
    }
    boolean encrypted = root.has("encryption") || root.has("ciphertext");
    List<Problem> problems = new ArrayList<>();
    members(root, "", encrypted
        ? Set.of("format", "formatVersion", "sekishoVersion", "createdAt", "checksum", "encryption", "ciphertext")
        : Set.of("format", "formatVersion", "sekishoVersion", "createdAt", "checksum", "content"), problems);
    String sekishoVersion = text(root, "sekishoVersion", 64, problems);
    String created = text(root, "createdAt", 64, problems);
    Instant createdAt = null;
    if (created != null) {
      try {
        createdAt = Instant.parse(created);
      } catch (DateTimeParseException e) {
        problems.add(new Problem("createdAt", "'" + cut(created) + "' is not a time such as 2025-03-01T10:15:30Z"));
      }
    }
    String checksum = text(root, "checksum", 71, problems);
    if (checksum != null && !CHECKSUM.matcher(checksum).matches()) {
      problems.add(new Problem("checksum", "must be sha256: and 64 lower-case hex digits"));
    }
    if (!problems.isEmpty()) {
      return Read.failed(problems);
    }
    ObjectNode content;
    if (encrypted) {
      EncryptedEnvelope.Decrypted d = EncryptedEnvelope.decrypt(root, checksum, passphrase, keys);
      if (d.problems() != null) {
        return Read.failed(d.problems());
      }
      content = d.content();
    } else {
      JsonNode c = root.get("content");
      if (!c.isObject()) {
        return Read.failed("content", "must be an object");
      }
      if (!checksum(compact(c)).equals(checksum)) {
        return Read.failed("checksum", "does not match the content: the file is damaged or was edited");
      }
      content = (ObjectNode) c;
    }
    return readContent(version, content, encrypted, sekishoVersion, createdAt);
  }

  private static Read readContent(int version, ObjectNode content, boolean encrypted, String sekishoVersion,
      Instant createdAt) {
    List<Problem> problems = new ArrayList<>();
    members(content, "content", Set.of("config"), Set.of("secrets", AuditSection.NAME), problems);
    if (!encrypted && content.has("secrets")) {
      problems.add(new Problem("content.secrets", "secrets are only accepted from an encrypted backup"));
    }
    String hash = null;
    JsonNode secrets = content.get("secrets");
    if (encrypted && secrets != null) {
      if (!secrets.isObject()) {
        problems.add(new Problem("content.secrets", "must be an object"));
      } else {
        members(secrets, "content.secrets", Set.of("adminPasswordHash"), problems);
        JsonNode h = secrets.get("adminPasswordHash");
        if (h != null && !h.isNull()) {
          if (!h.isTextual() || !PasswordHasher.wellFormed(h.textValue())) {
            problems.add(new Problem("content.secrets.adminPasswordHash", "is not an Argon2id password hash"));
          } else {
            hash = h.textValue();
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      return Read.failed(problems);
    }
    problems.addAll(Migrations.toCurrent(version, content));
    List<AuditEvent> auditLog = AuditSection.fromTree(content.get(AuditSection.NAME), problems);
    if (!problems.isEmpty()) {
      return Read.failed(problems);
    }
    ConfigCodec.Parsed parsed = ConfigCodec.fromTree(content.get("config"));
    if (!parsed.ok()) {
      return Read.failed(parsed.problems());
    }
    List<Problem> invalid = ConfigValidator.validate(parsed.config());
    if (!invalid.isEmpty()) {
      return Read.failed(invalid);
    }
    return new Read(new Backup(parsed.config(), hash, version, sekishoVersion, createdAt, encrypted,
        auditLog), List.of());
  }

  static int integer(JsonNode n, String field, List<Problem> problems) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      problems.add(new Problem("encryption.kdf." + field, "must be a whole number"));
      return 0;
    }
    return v.intValue();
  }

  static byte[] base64(JsonNode n, String field, String path, List<Problem> problems) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      problems.add(new Problem(path, "must be Base64 text"));
      return null;
    }
    try {
      return Base64.getDecoder().decode(v.textValue());
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, "is not valid Base64"));
      return null;
    }
  }

  static String text(JsonNode root, String field, int max, List<Problem> problems) {
    JsonNode v = root.get(field);
    if (v == null) {
      return null; // reported by members()
    }
    if (!v.isTextual() || v.textValue().length() > max || v.textValue().chars().anyMatch(Character::isISOControl)) {
      problems.add(new Problem(field, "must be text of at most " + max + " characters"));
      return null;
    }
    return v.textValue();
  }

  /** Reports unknown and missing members of an object. */
  static void members(JsonNode n, String path, Set<String> fields, List<Problem> problems) {
    members(n, path, fields, Set.of(), problems);
  }

  static void members(JsonNode n, String path, Set<String> required, Set<String> optional,
      List<Problem> problems) {
    String prefix = path.isEmpty() ? "" : path + ".";
    for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
      String f = names.next();
      if (!required.contains(f) && !optional.contains(f)) {
        problems.add(new Problem(prefix + shownName(f), "unknown field"));
      }
    }
    for (String f : required) {
      if (!n.has(f)) {
        problems.add(new Problem(prefix + f, "is missing"));
      }
    }
  }

  static byte[] compact(JsonNode n) {
    try {
      return COMPACT.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String checksum(byte[] data) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shown(JsonNode n) {
    return cut(n.toString());
  }

  private static String shownName(String name) {
    return cut(name).replaceAll("\\p{Cntrl}", "?");
  }

  private static String cut(String s) {
    return StrictJson.cut(s);
  }
}
