package dev.sekisho.web;

import dev.sekisho.store.ApiKey;
import dev.sekisho.store.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys: made here, shown once, stored as a hash, checked on every API request.
 *
 * <p>A key reads {@code sk_<16 hex id>_<43 characters>}: the id is public and finds the stored row through a
 * unique index (one lookup, whatever the number of keys); the rest is 256 random bits. Only the SHA-256 of the
 * whole key is stored and compared in constant time. A fast hash is enough here, unlike for passwords: Argon2id
 * exists to make guessing a <em>low-entropy</em> secret from a stolen hash expensive, but a 256-bit random key
 * cannot be guessed from its SHA-256 at any cost (2^256 tries), so the memory-hard hash would only cost 64 MiB
 * and tens of milliseconds per API request and let a flood of requests exhaust the shared hashing permits.
 */
final class ApiKeys {
  /** What names of keys may contain: they are shown and audited, so a short allow-list. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}");
  private static final Pattern KEY = Pattern.compile("sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiKeyStore store;
  private final Clock clock;

  ApiKeys(ApiKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A new key: the stored row and the key itself, which exists only in this value and the one response. */
  record Created(ApiKey stored, String key) {
    @Override
    public String toString() {
      return "Created[" + stored.keyId() + "]"; // never the key
    }
  }

  /** The result of checking a bearer key: the key, or why not (a key that is not ours names nothing). */
  record Check(ApiKey key, String refusal) {
    boolean ok() {
      return key != null;
    }
  }

  /** Makes a key called {@code name} (already checked against {@link #NAME}) with {@code scope}. */
  Created create(String name, ApiKey.Scope scope) {
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String keyId = HexFormat.of().formatHex(id);
    String key = "sk_" + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return new Created(store.create(keyId, sha256(key), name, scope, clock.instant()), key);
  }

  /**
   * Checks a key sent as a bearer token and records its use. Refused (with the audit detail) when it is
   * malformed, unknown, revoked or its hash differs.
   */
  Check check(String key) {
    var m = key == null ? null : KEY.matcher(key);
    if (m == null || !m.matches()) {
      return new Check(null, "malformed API key");
    }
    Optional<ApiKey> found = store.byKeyId(m.group(1));
    // The hash is compared even for an unknown id, so timing does not tell known ids from unknown ones.
    String stored = found.map(ApiKey::secretHash).orElse("0".repeat(64));
    boolean same = MessageDigest.isEqual(sha256(key).getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
    if (found.isEmpty() || !same) {
      return new Check(null, "unknown API key");
    }
    ApiKey k = found.get();
    if (!k.active()) {
      return new Check(null, "revoked API key '" + k.name() + "'");
    }
    store.touch(k.id(), clock.instant());
    return new Check(k, null);
  }

  /** Every key, newest first. */
  List<ApiKey> list() {
    return store.list();
  }

  /** Revokes the key with row id {@code id}; empty when there is none to revoke. */
  Optional<ApiKey> revoke(long id) {
    return store.revoke(id, clock.instant());
  }

  /** The user the audit log and revisions name for requests with this key. */
  static String user(ApiKey k) {
    return "api:" + k.name();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
