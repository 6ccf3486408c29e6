package dev.sekisho.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final SessionStore store = new SessionStore(clock, Duration.ofMinutes(30));

  @Test
  void idsAreLongRandomAndLoginRotatesThem() {
    Session anon = store.createAnonymous();
    assertEquals(43, anon.id().length());
    assertFalse(anon.authenticated());
    Session admin = store.login(anon);
    assertTrue(admin.authenticated());
    assertNotEquals(anon.id(), admin.id());
    assertNotEquals(anon.csrfToken(), admin.csrfToken());
    assertTrue(store.find(anon.id()).isEmpty(), "the pre-login id is dead");
    assertTrue(store.find(admin.id()).isPresent());
  }

  @Test
  void idleSessionsExpireButUseKeepsThemAlive() {
    Session s = store.login(null);
    clock.advance(Duration.ofMinutes(29));
    assertTrue(store.find(s.id()).isPresent());
    clock.advance(Duration.ofMinutes(29));
    assertTrue(store.find(s.id()).isPresent(), "the previous request renewed it");
    clock.advance(Duration.ofMinutes(31));
    assertTrue(store.find(s.id()).isEmpty());
  }

  @Test
  void anonymousFloodIsCappedAndEvictsAnonymousFirst() {
    Session admin = store.login(null);
    for (int i = 0; i < SessionStore.MAX_SESSIONS + 50; i++) {
      store.createAnonymous();
      clock.advance(Duration.ofMillis(1));
    }
    assertEquals(SessionStore.MAX_SESSIONS, store.size());
    assertTrue(store.find(admin.id()).isPresent());
  }

  @Test
  void throttleLocksAfterFiveFailuresForThirtySeconds() {
    LoginThrottle t = new LoginThrottle(clock, 5, Duration.ofSeconds(30));
    for (int i = 0; i < 4; i++) {
      t.failure("10.0.0.5");
    }
    assertTrue(t.lockedFor("10.0.0.5").isEmpty());
    t.failure("10.0.0.5");
    assertTrue(t.lockedFor("10.0.0.5").isPresent());
    assertTrue(t.lockedFor("10.0.0.6").isEmpty(), "other clients are not affected");
    clock.advance(Duration.ofSeconds(29));
    assertTrue(t.lockedFor("10.0.0.5").isPresent());
    clock.advance(Duration.ofSeconds(2));
    assertTrue(t.lockedFor("10.0.0.5").isEmpty());
    t.failure("10.0.0.5");
    assertTrue(t.lockedFor("10.0.0.5").isEmpty(), "a new round of tries starts after the lock-out");
  }
}
