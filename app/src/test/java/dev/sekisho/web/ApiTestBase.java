package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;

/** A fresh panel with the small LAN as its draft, an admin browser, and API keys made through the panel. */
abstract class ApiTestBase extends WebTestBase {
  static final Pattern KEY = Pattern.compile("<code id=\"api-key\">(sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43})</code>");

  Browser admin;
  /** A client with a write key. */
  ApiClient api;

  /** A live flow source for the panel, or null (then the flows are "not enabled"). */
  dev.sekisho.capture.FlowSource flows() {
    return null;
  }

  @BeforeEach
  void keys() {
    if (flows() != null) {
      h.close();
      h = new Harness(dir, flows());
    }
    h.configs.save(lan());
    admin = loggedIn();
    api = client(createKey(admin, "ci", "write"));
  }

  ApiClient client(String key) {
    return new ApiClient(h.port, h.tls(), key);
  }

  /** Creates a key on the panel's page (with the current password) and reads it from the one answer. */
  static String createKey(Browser b, String name, String scope) {
    b.get("/settings/api-keys");
    Browser.Page p = b.post("/settings/api-keys", Map.of("name", name, "scope", scope,
        PasswordCheck.FIELD, PASSWORD));
    assertEquals(200, p.status(), p.body());
    Matcher m = KEY.matcher(p.body());
    assertTrue(m.find(), "the new key is shown: " + p.body());
    return m.group(1);
  }
}
