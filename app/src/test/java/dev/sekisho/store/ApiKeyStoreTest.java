package dev.sekisho.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API key table against a real H2, migrated by Flyway like the appliance's. */
class ApiKeyStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
  private Database db;
  private ApiKeyStore store;

  @BeforeEach
  void open() {
    db = Database.inMemoryForTests("apikeys-" + System.nanoTime());
    store = new ApiKeyStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void storesFindsByPublicIdAndListsNewestFirst() {
    ApiKey a = store.create("00112233aabbccdd", "a".repeat(64), "ci", ApiKey.Scope.READ, T0);
    ApiKey b = store.create("ffeeddcc00112233", "b".repeat(64), "ansible", ApiKey.Scope.WRITE, T0.plusSeconds(1));
    assertEquals(a, store.byKeyId("00112233aabbccdd").orElseThrow(), "read back exactly, nanoseconds too");
    assertTrue(store.byKeyId("0000000000000000").isEmpty());
    List<ApiKey> all = store.list();
    assertEquals(List.of(b.id(), a.id()), all.stream().map(ApiKey::id).toList());
    assertEquals(ApiKey.Scope.WRITE, all.get(0).scope());
    assertNull(all.get(0).lastUsedAt());
  }

  @Test
  void touchRecordsTheLastUseAndRevokeHappensOnce() {
    ApiKey a = store.create("00112233aabbccdd", "a".repeat(64), "ci", ApiKey.Scope.READ, T0);
    store.touch(a.id(), T0.plusSeconds(5));
    assertEquals(T0.plusSeconds(5), store.byKeyId(a.keyId()).orElseThrow().lastUsedAt());
    assertTrue(store.byKeyId(a.keyId()).orElseThrow().active());
    assertTrue(store.revoke(a.id(), T0.plusSeconds(9)).isPresent());
    assertEquals(T0.plusSeconds(9), store.byKeyId(a.keyId()).orElseThrow().revokedAt());
    assertTrue(store.revoke(a.id(), T0.plusSeconds(10)).isEmpty(), "a second revoke finds nothing to revoke");
    assertTrue(store.revoke(999, T0).isEmpty());
  }

  @Test
  void theDatabaseRefusesADuplicatePublicIdAndAnUnknownScope() {
    store.create("00112233aabbccdd", "a".repeat(64), "ci", ApiKey.Scope.READ, T0);
    assertThrows(RuntimeException.class,
        () -> store.create("00112233aabbccdd", "c".repeat(64), "other", ApiKey.Scope.READ, T0));
    assertThrows(RuntimeException.class, () -> db.dsl().execute("INSERT INTO api_keys (key_id, secret_hash, name, "
        + "scope, created_at) VALUES ('1111111111111111', 'x', 'n', 'admin', CURRENT_TIMESTAMP)"));
  }
}
