package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CsrfTest extends WebTestBase {
  private static final Map<String, String> PLAUSIBLE = Map.of("name", "evil", "ip", "192.168.1.66",
      "role", "lan", "protocol", "any", "action", "deny", "source", "all", "direction", "down",
      "masquerade", "off", "lanDefault", "deny", "enabled", "on");

  @Test
  void everyPostWithoutTheRightTokenIsRefusedAndChangesNothing() {
    Config seeded = lan().withRule(RuleTest.rule(1)).withRule(RuleTest.rule(2));
    h.configs.save(seeded);
    Browser b = loggedIn();
    String hash = h.admin.passwordHash().orElseThrow();
    for (String path : AuthTest.POST_ROUTES) {
      Map<String, String> missing = new HashMap<>(PLAUSIBLE);
      Browser.Page p = b.postRaw(path, missing);
      assertEquals(403, p.status(), "missing token on " + path);
      assertTrue(p.body().contains("security token"), p.body());

      Map<String, String> wrong = new HashMap<>(PLAUSIBLE);
      wrong.put("_csrf", b.csrf.substring(1) + "A");
      assertEquals(403, b.postRaw(path, wrong).status(), "wrong token on " + path);

      Map<String, String> empty = new HashMap<>(PLAUSIBLE);
      empty.put("_csrf", "");
      assertEquals(403, b.postRaw(path, empty).status(), "empty token on " + path);
    }
    // Another session's token is no good either.
    Browser other = loggedIn();
    Map<String, String> foreign = new HashMap<>(PLAUSIBLE);
    foreign.put("_csrf", other.csrf);
    assertEquals(403, b.postRaw("/hosts", foreign).status());

    assertEquals(seeded, h.configs.load());
    assertTrue(h.applied.current().isEmpty());
    assertTrue(h.nft.calls.isEmpty());
    assertEquals(hash, h.admin.passwordHash().orElseThrow());
    assertEquals(200, b.get("/").status(), "still logged in: logout was refused too");
  }

  @Test
  void loginAndSetupFormsNeedTheirTokenToo() {
    Browser b = h.browser();
    b.get("/setup");
    assertEquals(403, b.postRaw("/setup", Map.of("token", h.token, "password", PASSWORD,
        "confirm", PASSWORD)).status());
    assertTrue(h.admin.passwordHash().isEmpty());
    assertEquals(403, h.browser().postRaw("/setup", Map.of("token", h.token, "password", PASSWORD,
        "confirm", PASSWORD, "_csrf", "x")).status(), "no session at all");
    assertTrue(h.admin.passwordHash().isEmpty());

    loggedIn();
    Browser c = h.browser();
    c.get("/login");
    Browser.Page p = c.postRaw("/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(403, p.status());
    assertEquals("/login", c.get("/").location());
  }

  @Test
  void everyFormOnEveryPageCarriesTheSessionToken() {
    h.configs.save(lan().withRule(RuleTest.rule(1)));
    Browser b = loggedIn();
    Pattern form = Pattern.compile("<form[^>]*method=\"post\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    for (String path : AuthTest.GET_ROUTES) {
      Browser.Page p = b.get(path);
      Matcher m = form.matcher(p.body());
      int forms = 0;
      while (m.find()) {
        forms++;
        assertTrue(m.group(1).contains("name=\"_csrf\" value=\"" + b.csrf + "\""), path + ": " + m.group());
      }
      boolean page = p.status() == 200 && p.header("Content-Type").startsWith("text/html");
      assertTrue(forms > 0 || !page, path + " has at least the logout form (downloads have none)");
    }
  }
}
