package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Anonymous visitors hold no server state, so no number of them can push the admin's login form out. */
// "slow": real 64 MiB hashes or a forked JVM; the fast tier (-Pfast) leaves it out, CI runs it.
@Tag("slow")
class SessionFloodTest extends WebTestBase {

  @Test
  void twoThousandOneHundredAnonymousVisitsDoNotBreakTheAdminsLoginForm() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser admin = h.browser();
    assertEquals(200, admin.get("/login").status());

    Browser flood = h.browser();
    long t0 = System.nanoTime();
    for (int i = 0; i < 2100; i++) {
      flood.cookies.clear();
      h.clock.advance(Duration.ofMillis(1)); // time passes as in a real flood: the admin's form is the oldest
      assertEquals(200, flood.get("/login").status());
    }
    System.out.printf("session flood: 2100 anonymous GET /login in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    Browser.Page p = admin.post("/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(303, p.status(), p.body());
    assertEquals(200, admin.get("/").status());
  }

  @Test
  void theLoginFormCreatesNoSessionAndItsTokenIsSigned() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser b = h.browser();
    b.get("/login");
    assertNull(b.session(), "no server session before login");
    // A token the attacker made up (cookie and field agree, but the server did not sign it) is refused.
    Browser forger = h.browser();
    forger.cookies.put(FormCsrf.COOKIE, "AAAA.BBBB");
    forger.csrf = "AAAA.BBBB";
    assertEquals(403, forger.post("/login", Map.of("username", "admin", "password", PASSWORD)).status());
    // A signed token from one browser sent without its cookie is refused too (double submit).
    Browser thief = h.browser();
    thief.csrf = b.csrf;
    assertEquals(403, thief.post("/login", Map.of("username", "admin", "password", PASSWORD)).status());
    assertTrue(b.csrf.contains("."));
    assertEquals(303, b.post("/login", Map.of("username", "admin", "password", PASSWORD)).status());
  }
}
