package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin's password hash, against a real H2 file database. */
class AdminStoreTest {
  @TempDir Path dir;

  private static final String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g";
  private static final String OTHER = "$argon2id$v=19$m=65536,t=3,p=1$b3RoZXJzYWx0$b3RoZXJoYXNob3RoZXJoYXNo";

  @Test
  void noPasswordAtFirst() {
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.empty(), new AdminStore(db).passwordHash());
    }
  }

  @Test
  void setHashReadsBackAndReplacesTheSingleAdmin() {
    try (Database db = Database.open(dir)) {
      AdminStore store = new AdminStore(db);
      store.setPasswordHash(HASH);
      assertEquals(Optional.of(HASH), store.passwordHash());
      store.setPasswordHash(OTHER);
      assertEquals(Optional.of(OTHER), store.passwordHash());
      assertEquals(List.of("admin"), db.dsl().select(ADMIN.USERNAME).from(ADMIN).fetch(ADMIN.USERNAME));
    }
  }

  @Test
  void restartKeepsThePasswordHash() {
    try (Database db = Database.open(dir)) {
      new AdminStore(db).setPasswordHash(HASH);
    }
    try (Database db = Database.open(dir)) {
      assertEquals(Optional.of(HASH), new AdminStore(db).passwordHash());
    }
  }

  @Test
  void blankHashIsRefusedAndChangesNothing() {
    try (Database db = Database.open(dir)) {
      AdminStore store = new AdminStore(db);
      store.setPasswordHash(HASH);
      assertThrows(IllegalArgumentException.class, () -> store.setPasswordHash(" "));
      assertEquals(Optional.of(HASH), store.passwordHash());
    }
  }
}
