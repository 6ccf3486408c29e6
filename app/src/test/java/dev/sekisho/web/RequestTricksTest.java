package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests that try to look like something else: a foreign redirect target, a method override header. */
class RequestTricksTest extends WebTestBase {

  @Test
  void backslashAndForeignRedirectTargetsStayOnThePanel() {
    Browser b = loggedIn();
    b.get("/");
    for (String evil : new String[] {"/\\evil.example", "//evil.example", "/\\/evil.example", "/\t/evil.example",
        "https://evil.example", "/a\\b"}) {
      Browser.Page p = b.post("/notices/1/dismiss", Map.of("back", evil));
      assertEquals(303, p.status(), evil);
      assertEquals("/", p.location(), evil);
    }
    assertEquals("/hosts?x=1", b.post("/notices/1/dismiss", Map.of("back", "/hosts?x=1")).location());
  }

  @Test
  void methodOverrideHeadersAreRefused() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.get("/hosts/new");
    var before = h.configs.load();
    String token = b.csrf;
    b.csrf = null;
    // A POST calling itself GET would otherwise skip the CSRF check.
    Browser.Page p = b.postWithHeader("/hosts", Map.of("name", "evil", "ip", "192.168.1.66"),
        "X-HTTP-Method-Override", "GET");
    assertEquals(400, p.status(), p.body());
    b.csrf = token;
    assertEquals(400, b.postWithHeader("/hosts", Map.of("name", "evil", "ip", "192.168.1.66"),
        "X-HTTP-Method-Override", "DELETE").status());
    assertEquals(before, h.configs.load());
  }
}
