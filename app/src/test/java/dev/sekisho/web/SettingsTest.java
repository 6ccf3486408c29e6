package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest extends WebTestBase {

  @Test
  void turningAntiLockoutOffNeedsTheExplicitTickAndLosesNothing() {
    h.configs.save(lan());
    Browser b = loggedIn();
    String page = b.get("/settings").body();
    assertTrue(page.contains("id=\"antiLockout\" name=\"antiLockout\" value=\"on\" checked"), page);

    Browser.Page refused = b.post("/settings", Map.of("sshFromLan", "on"));
    assertEquals(400, refused.status());
    assertTrue(refused.body().contains("Tick the box"), refused.body());
    assertTrue(h.configs.load().settings().antiLockout(), "nothing changed");

    Browser.Page noPassword = b.post("/settings", Map.of("sshFromLan", "on", "understood", "on"));
    assertEquals(400, noPassword.status(), "turning it off asks for the current password again");
    assertTrue(noPassword.body().contains("enter your current password"), noPassword.body());
    assertEquals(400, b.post("/settings", Map.of("sshFromLan", "on", "understood", "on",
        "currentPassword", "wrong password here")).status());
    assertTrue(h.configs.load().settings().antiLockout(), "nothing changed");
    assertEquals("/settings", b.post("/settings", Map.of("sshFromLan", "on", "understood", "on",
        "currentPassword", PASSWORD)).location());
    assertFalse(h.configs.load().settings().antiLockout());
    assertTrue(h.configs.load().settings().sshFromLan());

    assertEquals("/settings", b.post("/settings", Map.of("antiLockout", "on")).location(),
        "turning it back on needs no tick");
    assertTrue(h.configs.load().settings().antiLockout());
    assertFalse(h.configs.load().settings().sshFromLan(), "SSH unticked is off");
  }
}
