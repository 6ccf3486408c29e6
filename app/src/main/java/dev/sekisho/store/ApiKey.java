package dev.sekisho.store;

import java.time.Instant;
import java.util.Locale;

/**
 * One stored API key: never the key itself, only its public id and the hash of the whole key.
 *
 * @param id the row's number (the panel's revoke button names it)
 * @param keyId the key's public part, unique, used to find the row in one lookup
 * @param secretHash lower-case hex SHA-256 of the whole key
 * @param name what the admin called it (allow-listed characters)
 * @param scope what it may do
 * @param createdAt when it was made
 * @param lastUsedAt when it last opened a request, or null
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record ApiKey(long id, String keyId, String secretHash, String name, Scope scope, Instant createdAt,
    Instant lastUsedAt, Instant revokedAt) {

  /** What a key may do: read only (GET), or read and change. */
  public enum Scope {
    /** GET requests only. */
    READ,
    /** Every request. */
    WRITE;

    /** The stored and shown name: "read" or "write". */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code s} ("read", "write"), or null. */
    public static Scope parse(String s) {
      for (Scope v : values()) {
        if (v.label().equals(s)) {
          return v;
        }
      }
      return null;
    }
  }

  /** True while the key is not revoked. */
  public boolean active() {
    return revokedAt == null;
  }
}
