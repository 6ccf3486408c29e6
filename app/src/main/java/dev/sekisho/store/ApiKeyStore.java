package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.API_KEYS;

import dev.sekisho.store.db.tables.records.ApiKeysRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The stored API keys (table {@code api_keys}): create, find by public id, list, mark used, revoke. */
public final class ApiKeyStore {
  private final Database db;

  /** A store over the given database; holds no state of its own. */
  public ApiKeyStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Stores a new key and returns it with its row id. */
  public ApiKey create(String keyId, String secretHash, String name, ApiKey.Scope scope, Instant at) {
    long id = db.dsl().insertInto(API_KEYS)
        .set(API_KEYS.KEY_ID, keyId)
        .set(API_KEYS.SECRET_HASH, secretHash)
        .set(API_KEYS.NAME, name)
        .set(API_KEYS.SCOPE, scope.label())
        .set(API_KEYS.CREATED_AT, at)
        .returningResult(API_KEYS.ID).fetchOne(API_KEYS.ID);
    return new ApiKey(id, keyId, secretHash, name, scope, at, null, null);
  }

  /** The key with public id {@code keyId} (revoked or not), found through the unique index. */
  public Optional<ApiKey> byKeyId(String keyId) {
    return db.dsl().selectFrom(API_KEYS).where(API_KEYS.KEY_ID.eq(keyId)).fetchOptional(ApiKeyStore::key);
  }

  /** Every key, newest first. */
  public List<ApiKey> list() {
    return db.dsl().selectFrom(API_KEYS).orderBy(API_KEYS.ID.desc()).fetch(ApiKeyStore::key);
  }

  /** Records that the key opened a request at {@code at}. */
  public void touch(long id, Instant at) {
    db.dsl().update(API_KEYS).set(API_KEYS.LAST_USED_AT, at).where(API_KEYS.ID.eq(id)).execute();
  }

  /**
   * Revokes the key from {@code at} on; every later request with it is refused. Empty when there is no such
   * key or it was revoked already; otherwise the key as it was.
   */
  public Optional<ApiKey> revoke(long id, Instant at) {
    return db.dsl().transactionResult(tx -> {
      Optional<ApiKey> k = tx.dsl().selectFrom(API_KEYS).where(API_KEYS.ID.eq(id)).and(API_KEYS.REVOKED_AT.isNull())
          .forUpdate().fetchOptional(ApiKeyStore::key);
      k.ifPresent(x -> tx.dsl().update(API_KEYS).set(API_KEYS.REVOKED_AT, at).where(API_KEYS.ID.eq(id)).execute());
      return k;
    });
  }

  private static ApiKey key(ApiKeysRecord r) {
    ApiKey.Scope scope = ApiKey.Scope.parse(r.getScope());
    if (scope == null) {
      // The table's check allows only the two; anything else is a corrupt row, never a wider right.
      throw new IllegalStateException("API key " + r.getId() + " has an unknown scope");
    }
    return new ApiKey(r.getId(), r.getKeyId(), r.getSecretHash(), r.getName(), scope, r.getCreatedAt(),
        r.getLastUsedAt(), r.getRevokedAt());
  }
}
