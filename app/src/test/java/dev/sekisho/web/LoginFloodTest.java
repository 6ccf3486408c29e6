package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.crypto.PasswordHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Guessing in parallel: the throttle must hold when requests race, and the admin (from another address)
 * must still log in in reasonable time. Uses the appliance's real Argon2id costs, since the point is the
 * cost of the hash. Thread counts and waits are bounded.
 */
// "slow": real 64 MiB hashes or a forked JVM; the fast tier (-Pfast) leaves it out, CI runs it.
@Tag("slow")
class LoginFloodTest extends WebTestBase {
  static final String ADMIN_ADDRESS = "127.0.0.2";

  @Test
  void twentyParallelWrongPasswordsFromOneAddressReachTheHashAtMostFiveTimes() throws Exception {
    h.admin.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    long idle = adminLoginMillis();

    List<Browser> attackers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Browser b = h.browser();
      b.get("/login");
      attackers.add(b);
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (Browser b : attackers) {
        results.add(pool.submit(() -> {
          go.await();
          return b.post("/login", Map.of("username", "admin", "password", "wrong password guess")).status();
        }));
      }
      go.countDown();
      Thread.sleep(50);
      long underFlood = adminLoginMillis();
      int hashed = 0;
      int throttled = 0;
      for (Future<Integer> f : results) {
        int status = f.get(60, TimeUnit.SECONDS);
        if (status == 401) {
          hashed++;
        } else if (status == 429) {
          throttled++;
        }
      }
      System.out.printf("login flood: %d wrong passwords reached the hash, %d got 429; admin login idle %d ms,"
          + " under the flood %d ms%n", hashed, throttled, idle, underFlood);
      assertTrue(hashed <= 5, hashed + " parallel wrong passwords were checked (limit 5)");
      assertEquals(20, hashed + throttled, "every other try is refused with 429");
      assertTrue(underFlood < idle + 10_000, "admin login took " + underFlood + " ms");
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void parallelSetupPostsAfterSetupHashNothingAndDoNotSlowTheAdmin() throws Exception {
    h.admin.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    long idle = adminLoginMillis();
    List<Browser> visitors = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Browser b = h.browser();
      b.get("/login");
      visitors.add(b);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Browser.Page>> results = new ArrayList<>();
      for (Browser b : visitors) {
        results.add(pool.submit(() -> {
          go.await();
          return b.post("/setup", Map.of("token", h.token, "password", "another password 123",
              "confirm", "another password 123"));
        }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      Thread.sleep(20);
      long underFlood = adminLoginMillis();
      for (Future<Browser.Page> f : results) {
        Browser.Page p = f.get(60, TimeUnit.SECONDS);
        assertTrue(p.status() == 303 && "/login".equals(p.location()) || p.status() == 429, p.status() + "");
      }
      long flood = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("setup flood: 16 setup posts answered in %d ms; admin login idle %d ms, under the flood"
          + " %d ms%n", flood, idle, underFlood);
      assertTrue(PasswordHasher.DEFAULT.verify(PASSWORD, h.admin.passwordHash().orElseThrow()), "unchanged");
      // Sixteen hashes on two permits take at least eight hash times; without hashing, a fraction of one.
      assertTrue(flood < 2 * idle + 500, "16 setup posts took " + flood + " ms: they were hashed");
      assertTrue(underFlood < 2 * idle + 500, "admin login took " + underFlood + " ms (idle " + idle + ")");
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void parallelWrongSetupTokensAreThrottledBeforeAnyHash() throws Exception {
    List<Browser> guessers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Browser b = h.browser();
      b.get("/setup");
      guessers.add(b);
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (Browser b : guessers) {
        results.add(pool.submit(() -> {
          go.await();
          return b.post("/setup", Map.of("token", "guess", "password", PASSWORD, "confirm", PASSWORD)).status();
        }));
      }
      go.countDown();
      int checked = 0;
      for (Future<Integer> f : results) {
        int status = f.get(60, TimeUnit.SECONDS);
        assertTrue(status == 400 || status == 429, "status " + status);
        checked += status == 400 ? 1 : 0;
      }
      assertTrue(checked <= 5, checked + " parallel wrong tokens were checked (limit 5)");
      assertTrue(h.admin.passwordHash().isEmpty());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /** Logs in from {@link #ADMIN_ADDRESS} and returns how long the form post took. */
  long adminLoginMillis() throws Exception {
    RawClient admin = new RawClient(ADMIN_ADDRESS, h.port, h.tls());
    assertEquals(200, admin.get("/login").status());
    long t0 = System.nanoTime();
    RawClient.Reply r = admin.post("/login", Map.of("username", "admin", "password", PASSWORD));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(303, r.status(), r.body());
    assertEquals("/", r.location());
    return ms;
  }
}
