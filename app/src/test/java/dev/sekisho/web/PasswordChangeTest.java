package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.store.AuditQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordChangeTest extends WebTestBase {
  static final String NEW = "a brand new passphrase 42";

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession() {
    Browser here = loggedIn();
    Browser elsewhere = loggedIn();
    String before = h.admin.passwordHash().orElseThrow();
    assertEquals(200, here.get("/account/password").status());

    Browser.Page wrong = here.post("/account/password", Map.of("currentPassword", "not it at all",
        "password", NEW, "confirm", NEW));
    assertEquals(400, wrong.status());
    assertTrue(wrong.body().contains("not your current password"), wrong.body());
    Browser.Page weak = here.post("/account/password", Map.of("currentPassword", PASSWORD,
        "password", "short", "confirm", "short"));
    assertEquals(400, weak.status());
    assertTrue(weak.body().contains("at least 12 characters"), weak.body());
    Browser.Page mismatch = here.post("/account/password", Map.of("currentPassword", PASSWORD,
        "password", NEW, "confirm", NEW + "x"));
    assertEquals(400, mismatch.status());
    assertTrue(mismatch.body().contains("the two passwords differ"));
    assertTrue(!mismatch.body().contains(NEW) && !mismatch.body().contains(PASSWORD), "never echoed");
    assertEquals(before, h.admin.passwordHash().orElseThrow());

    Browser.Page ok = here.post("/account/password", Map.of("currentPassword", PASSWORD,
        "password", NEW, "confirm", NEW));
    assertEquals(303, ok.status(), ok.body());
    assertTrue(PasswordHasher.DEFAULT.verify(NEW, h.admin.passwordHash().orElseThrow()));
    Browser.Page home = here.get("/");
    assertEquals(200, home.status(), "this session stays");
    assertTrue(home.body().contains("Every other session was logged out"));
    assertEquals("/login", elsewhere.get("/").location(), "the other session ended");
    assertEquals(List.of(AuditEvent.FAILED), audited(AuditKind.REAUTH_FAILURE), "the wrong current password");
    assertEquals(List.of(AuditEvent.OK), audited(AuditKind.PASSWORD_CHANGED));

    Browser old = h.browser();
    old.get("/login");
    assertEquals(401, old.post("/login", Map.of("username", "admin", "password", PASSWORD)).status());
    Browser fresh = h.browser();
    fresh.get("/login");
    assertEquals(303, fresh.post("/login", Map.of("username", "admin", "password", NEW)).status());
  }

  @Test
  void wrongCurrentPasswordsCountTowardTheLockout() {
    Browser b = loggedIn();
    b.get("/account/password");
    for (int i = 0; i < 5; i++) {
      b.post("/account/password", Map.of("currentPassword", "guess " + i, "password", NEW, "confirm", NEW));
    }
    Browser.Page locked = b.post("/account/password", Map.of("currentPassword", PASSWORD, "password", NEW,
        "confirm", NEW));
    assertEquals(429, locked.status());
    assertTrue(locked.body().contains("Too many wrong attempts"));
  }

  private List<String> audited(AuditKind kind) {
    return h.appliance.audit().find(new AuditQuery(kind, null, null, null), 0, 10).events().stream()
        .map(AuditEvent::outcome).toList();
  }
}
