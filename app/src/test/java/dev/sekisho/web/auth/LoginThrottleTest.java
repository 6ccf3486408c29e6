package dev.sekisho.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void slotsAreReservedBeforeTheCheckAndRefundedOnSuccess() {
    LoginThrottle t = new LoginThrottle(clock, 5, Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      assertTrue(t.reserve("10.0.0.5").isEmpty(), "slot " + i);
    }
    assertTrue(t.reserve("10.0.0.5").isPresent(), "the sixth try waits, before any result is known");
    t.refund("10.0.0.5");
    assertTrue(t.reserve("10.0.0.5").isEmpty(), "a right password forgets the failures");
    t.release("10.0.0.5");
    assertTrue(t.lockedFor("10.0.0.5").isEmpty());
  }

  @Test
  void repeatedLockoutsDoubleUpToTheCap() {
    LoginThrottle t = new LoginThrottle(clock, 5, Duration.ofSeconds(30));
    long[] expected = {30, 60, 120, 240, 480, 900, 900};
    for (long seconds : expected) {
      for (int i = 0; i < 5; i++) {
        t.failure("10.0.0.5");
      }
      assertEquals(Duration.ofSeconds(seconds), t.lockedFor("10.0.0.5").orElseThrow());
      clock.advance(Duration.ofSeconds(seconds));
    }
  }

  @Test
  void ipv6ClientsAreCountedPerSlash64() {
    LoginThrottle t = new LoginThrottle(clock, 5, Duration.ofSeconds(30));
    for (int i = 1; i <= 5; i++) {
      t.failure("2001:db8:1:2::" + Integer.toHexString(i));
    }
    assertTrue(t.lockedFor("2001:db8:1:2:ffff:1:2:3").isPresent(), "the whole /64 is one client");
    assertTrue(t.lockedFor("[2001:db8:1:2::99]").isPresent());
    assertTrue(t.lockedFor("2001:db8:1:3::1").isEmpty(), "the next /64 is another client");
    assertEquals("2001:0db8:0001:0002::/64", ClientKey.of("2001:db8:1:2:a:b:c:d%eth0"));
    assertEquals("192.0.2.7", ClientKey.of("::ffff:192.0.2.7"));
  }

  @Test
  void manyAddressesTogetherHitTheGlobalLimit() {
    LoginThrottle t = new LoginThrottle(clock, 5, Duration.ofSeconds(30), 20, Duration.ofMinutes(10));
    for (int i = 0; i < 20; i++) {
      assertTrue(t.reserve("10.0.1." + i).isEmpty());
    }
    assertTrue(t.reserve("10.0.2.1").isPresent(), "a fresh address is refused while the panel is locked");
    clock.advance(Duration.ofSeconds(31));
    assertTrue(t.reserve("10.0.2.1").isEmpty());
  }

  @Test
  void hashPermitsGiveUpAfterTheirWait() throws Exception {
    HashPermits p = new HashPermits(2, Duration.ofMillis(100));
    assertEquals(1, p.run(() -> 1));
    p.semaphore().acquire(2);
    long t0 = System.nanoTime();
    assertThrows(HashPermits.Busy.class, () -> p.run(() -> 1));
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
    p.semaphore().release(2);
    assertEquals(2, p.run(() -> 2));
  }
}
