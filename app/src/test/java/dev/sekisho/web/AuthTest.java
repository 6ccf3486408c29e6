package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.UnknownDevices;
import dev.sekisho.crypto.PasswordHasher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthTest extends WebTestBase {

  /** Every GET page behind the login, with ids that exist in {@link #lan()} where an id is needed. */
  static final List<String> GET_ROUTES = List.of("/", "/interfaces", "/interfaces/new", "/interfaces/eth0/edit",
      "/hosts", "/hosts/new", "/hosts/1/edit", "/rules", "/rules/new", "/rules/1/edit", "/nat", "/settings", "/apply",
      "/apply/preview", "/apply/pending", "/settings/certificate",
      "/ruleset", "/ruleset/export", "/backup", "/backup/export", "/backup/restore/preview",
      "/revisions", "/revisions/1", "/revisions/diff?from=1&to=1", "/no-such-page",
      "/account/password",
      "/flows", "/flows/stream", "/explain", "/objects", "/objects/lists/new", "/explain?source=%231&destination=192.168.1.1&protocol=tcp&port=22"
      + "&direction=gateway&config=draft");

  /** Every POST route behind the login. */
  static final List<String> POST_ROUTES = List.of("/logout", "/interfaces", "/interfaces/eth0",
      "/interfaces/eth0/delete", "/hosts", "/hosts/1", "/hosts/1/delete", "/rules", "/rules/1",
      "/rules/1/delete", "/rules/1/move", "/rules/1/toggle", "/settings/policy", "/settings", "/settings/certificate",
      "/nat", "/apply",
      "/apply/now",
      "/apply/confirm", "/notices/1/dismiss", "/backup/export", "/backup/restore", "/backup/restore/apply",
      "/backup/restore/cancel", "/revisions/1/rollback", "/account/password");

  @Test
  void firstStartSendsEveryPageToSetup() {
    Browser b = h.browser();
    for (String path : GET_ROUTES) {
      Browser.Page p = b.get(path);
      assertEquals(303, p.status(), path);
      assertEquals("/setup", p.location(), path);
    }
    assertEquals(303, b.get("/login").status(), "no login before a password exists");
    assertEquals(200, b.get("/setup").status());
    assertTrue(b.post("/hosts", Map.of("name", "x", "ip", "192.168.1.5")).status() >= 400);
    assertTrue(h.configs.load().hosts().isEmpty(), "nothing stored");
  }

  @Test
  void setupRefusesWrongTokenAndWeakPasswords() {
    Browser b = h.browser();
    b.get("/setup");
    Browser.Page wrong = b.post("/setup", Map.of("token", "guess", "password", PASSWORD, "confirm", PASSWORD));
    assertEquals(400, wrong.status());
    assertTrue(wrong.body().contains("not the setup token"), wrong.body());
    Browser.Page shortPw = b.post("/setup", Map.of("token", h.token, "password", "short", "confirm", "short"));
    assertEquals(400, shortPw.status());
    assertTrue(shortPw.body().contains("at least 12 characters"));
    Browser.Page mismatch = b.post("/setup", Map.of("token", h.token, "password", PASSWORD,
        "confirm", PASSWORD + "x"));
    assertEquals(400, mismatch.status());
    assertTrue(mismatch.body().contains("the two passwords differ"));
    assertFalse(mismatch.body().contains(PASSWORD), "passwords are never echoed back");
    assertTrue(h.admin.passwordHash().isEmpty());
  }

  @Test
  void setupAsksWhatHappensToUnknownDevices() {
    Browser b = h.browser();
    Browser.Page form = b.get("/setup");
    assertTrue(form.body().contains("name=\"unknownDevices\" value=\"allow\" checked"), form.body());
    Browser.Page bad = b.post("/setup", Map.of("token", h.token, "password", PASSWORD, "confirm", PASSWORD,
        "unknownDevices", "ask me"));
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("unknown choice"), bad.body());
    assertTrue(h.admin.passwordHash().isEmpty(), "nothing set");
    assertEquals(UnknownDevices.ALLOW, h.configs.load().settings().unknownDevices());
    Browser.Page ok = b.post("/setup", Map.of("token", h.token, "password", PASSWORD, "confirm", PASSWORD,
        "unknownDevices", "deny"));
    assertEquals(303, ok.status(), ok.body());
    assertEquals(UnknownDevices.DENY, h.configs.load().settings().unknownDevices(), "saved in the draft");
  }

  @Test
  void setupWithTheTokenSetsAnArgon2idHashOnce() {
    Browser b = h.browser();
    b.get("/setup");
    String anonymous = b.session();
    Browser.Page ok = b.post("/setup", Map.of("token", h.token, "password", PASSWORD, "confirm", PASSWORD));
    assertEquals(303, ok.status(), ok.body());
    String hash = h.admin.passwordHash().orElseThrow();
    assertTrue(hash.startsWith("$argon2id$v=19$m=65536,t=3,p=1$"), hash);
    assertTrue(PasswordHasher.DEFAULT.verify(PASSWORD, hash));
    assertNotEquals(anonymous, b.session(), "logged in with a fresh session id");
    assertEquals(200, b.get("/").status());

    // The token is dead: another visitor cannot use it to replace the password.
    Browser other = h.browser();
    assertEquals("/login", other.get("/setup").location());
    other.get("/login");
    Browser.Page again = other.post("/setup", Map.of("token", h.token, "password", "another password 123",
        "confirm", "another password 123"));
    assertEquals(303, again.status());
    assertEquals("/login", again.location());
    assertEquals(hash, h.admin.passwordHash().orElseThrow());
  }

  @Test
  void withoutSessionEveryGetRedirectsToLoginAndEveryPostIsRefused() {
    h.configs.save(lan().withRule(RuleTest.rule(1)));
    h.admin.setPasswordHash(PASSWORD_HASH);
    var before = h.configs.load();
    Browser b = h.browser();
    for (String path : GET_ROUTES) {
      Browser.Page p = b.get(path);
      assertEquals(303, p.status(), path);
      assertEquals("/login", p.location(), path);
    }
    b.get("/login"); // an anonymous session with a valid token: still not enough
    for (String path : POST_ROUTES) {
      Browser.Page p = b.post(path, Map.of("name", "evil", "ip", "192.168.1.66", "direction", "up",
          "masquerade", "off", "lanDefault", "deny"));
      assertEquals(401, p.status(), path);
      Browser.Page raw = h.browser().postRaw(path, Map.of("name", "evil"));
      assertEquals(401, raw.status(), path);
    }
    assertEquals(before, h.configs.load());
    assertTrue(h.nft.calls.isEmpty());
  }

  @Test
  void loginRotatesTheSessionAndSetsAStrictCookie() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser b = h.browser();
    Browser.Page form = b.get("/login");
    String cookie = form.header("Set-Cookie");
    assertNotNull(cookie);
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    // Before login there is no server session, only the signed form token (FormCsrf); it is no session id.
    assertNull(b.session(), "no session before login");
    String anonymous = b.cookies.get(FormCsrf.COOKIE);
    assertNotNull(anonymous);

    Browser.Page ok = b.post("/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(303, ok.status());
    String sessionCookie = ok.headers("Set-Cookie").stream().filter(c -> c.startsWith(Web.COOKIE + "="))
        .findFirst().orElseThrow();
    assertTrue(sessionCookie.contains("HttpOnly"), sessionCookie);
    assertTrue(sessionCookie.contains("SameSite=Strict"), sessionCookie);
    assertTrue(sessionCookie.contains("Path=/"), sessionCookie);
    assertEquals(43, b.session().length(), "256-bit id");
    assertNotEquals(anonymous, b.session(), "new id on login");
    assertEquals(200, b.get("/hosts").status());

    // Fixation: the pre-login id is dead, it does not share the login.
    Browser planted = h.browser();
    planted.cookies.put(Web.COOKIE, anonymous);
    assertEquals("/login", planted.get("/hosts").location());

    // Logging out ends the session on the server, not just in this browser.
    String live = b.session();
    b.get("/");
    assertEquals(303, b.post("/logout", Map.of()).status());
    Browser replay = h.browser();
    replay.cookies.put(Web.COOKIE, live);
    assertEquals("/login", replay.get("/").location());
  }

  @Test
  void wrongPasswordIsRefusedAndFiveFailuresLockTheClientOut() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser b = h.browser();
    b.get("/login");
    for (int i = 1; i <= 5; i++) {
      Browser.Page p = b.post("/login", Map.of("username", "admin", "password", "wrong password " + i));
      assertEquals(401, p.status());
      assertTrue(p.body().contains("Wrong password."));
      assertEquals("/login", b.get("/").location(), "not logged in");
      b.get("/login");
    }
    // Locked: even the right password is not checked now.
    Browser.Page locked = b.post("/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(429, locked.status());
    assertTrue(locked.body().contains("Too many wrong attempts"), locked.body());
    assertTrue(locked.body().contains("30 seconds"), locked.body());
    assertEquals("/login", b.get("/").location());

    h.clock.advance(Duration.ofSeconds(31));
    b.get("/login");
    Browser.Page ok = b.post("/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(303, ok.status());
    assertEquals(200, b.get("/").status());
  }

  @Test
  void idleSessionsExpire() {
    Browser b = loggedIn();
    h.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, b.get("/").status());
    h.clock.advance(Duration.ofMinutes(31));
    assertEquals("/login", b.get("/").location());
  }

  @Test
  void sessionsEndAfterTwelveHoursHoweverBusy() {
    Browser b = loggedIn();
    for (int i = 0; i < 24; i++) {
      h.clock.advance(Duration.ofMinutes(29));
      assertEquals(200, b.get("/").status(), "used every 29 minutes: alive after " + (i + 1) * 29 + " min");
    }
    h.clock.advance(Duration.ofMinutes(29)); // 12 h 5 min after login
    assertEquals("/login", b.get("/").location(), "the absolute lifetime is over");
  }

  @Test
  void securityHeadersOnPagesRedirectsErrorsAndStaticFiles() {
    Browser b = loggedIn();
    for (String path : List.of("/", "/hosts", "/no-such-page", "/static/sekisho.css", "/static/sekisho.js")) {
      Browser.Page p = b.get(path);
      assertEquals(Guard.CSP, p.header("Content-Security-Policy"), path);
      assertEquals("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'", p.header("Content-Security-Policy"));
      assertEquals("nosniff", p.header("X-Content-Type-Options"), path);
      assertEquals("no-referrer", p.header("Referrer-Policy"), path);
      assertEquals("DENY", p.header("X-Frame-Options"), path);
    }
    assertEquals("no-store", b.get("/").header("Cache-Control"));
    assertEquals("no-store", b.get("/no-such-page").header("Cache-Control"));
    assertEquals("no-store", h.browser().get("/login").header("Cache-Control"));
    Browser.Page redirect = h.browser().get("/hosts");
    assertEquals(303, redirect.status());
    assertEquals("DENY", redirect.header("X-Frame-Options"));
    assertEquals(404, b.get("/no-such-page").status());
    assertEquals(404, b.get("/hosts/999/edit").status());
    assertEquals(404, b.get("/hosts/abc/edit").status());
  }
}
