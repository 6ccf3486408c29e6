package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API reads and writes a rule's {@code expiresAt} and {@code connectionLimit}, refusing bad ones located. */
class TemporaryRuleApiTest extends ApiTestBase {

  @Test
  void theApiReadsAndWritesTheEndAndTheLimitWithLocatedErrors() {
    ApiClient.Reply ok = api.post("/api/v1/rules", Map.of("source", 1, "protocol", "tcp", "ports", "443",
        "action", "allow", "comment", "api temp", "expiresAt", "2025-03-01T12:00:00Z", "connectionLimit", 5));
    assertEquals(201, ok.status(), ok.body());
    assertEquals("2025-03-01T12:00:00Z", ok.json().get("expiresAt").textValue());
    assertEquals(5, ok.json().get("connectionLimit").intValue());
    Config saved = h.configs.load();
    ApiClient.Reply past = api.post("/api/v1/rules", Map.of("protocol", "tcp", "action", "allow",
        "expiresAt", "2025-03-01T10:00:00Z"));
    assertEquals(400, past.status(), past.body());
    assertTrue(past.body().contains("rules[1].expiresAt"), past.body());
    ApiClient.Reply zero = api.post("/api/v1/rules", Map.of("protocol", "tcp", "action", "allow",
        "connectionLimit", 0));
    assertEquals(400, zero.status(), zero.body());
    assertTrue(zero.body().contains("rules[1].connectionLimit"), zero.body());
    assertEquals(saved, h.configs.load());
    assertEquals("2025-03-01T12:00:00Z", api.get("/api/v1/rules").json().get(0).get("expiresAt").textValue());
  }
}
