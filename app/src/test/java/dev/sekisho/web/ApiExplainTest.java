package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Why is this blocked?" over the API: the engine's codes as JSON, bad input as a 400 at its parameter. */
class ApiExplainTest extends ApiTestBase {
  private static final String BLOCKED = "/api/v1/explain?source=%231&destination=203.0.113.10&protocol=tcp"
      + "&port=443&direction=forward";

  @Test
  void theAppliedConfigurationIsExplainedAsCodes() {
    h.configs.save(FlowsWebTest.config());
    ApiClient.Reply before = api.get(BLOCKED);
    assertEquals(409, before.status(), before.body());
    assertEquals("conflict", before.problem());
    // The draft can be explained before anything is applied.
    assertEquals("drop", api.get(BLOCKED + "&config=draft").json().get("verdict").textValue());

    assertEquals(303, admin.post("/apply/now", Map.of("understood", "on")).status());
    ApiClient.Reply r = api.get(BLOCKED);
    assertEquals(200, r.status(), r.body());
    JsonNode e = r.json();
    assertEquals("applied", e.get("config").textValue());
    assertEquals("drop", e.get("verdict").textValue());
    assertEquals("rule_decides", e.get("decidedBy").get("code").textValue());
    assertEquals(12, e.get("decidedBy").get("ruleId").intValue());
    assertEquals("[\"12\",\"2\",\"deny\"]", e.get("decidedBy").get("args").toString());
    assertEquals("[{\"ruleId\":5,\"position\":1,\"outcome\":\"skipped_destination\"},"
        + "{\"ruleId\":12,\"position\":2,\"outcome\":\"matched\"}]", e.get("rules").toString());

    JsonNode ping = api.get("/api/v1/explain?source=192.168.1.20&destination=192.168.1.1&protocol=icmp"
        + "&direction=gateway").json();
    assertEquals("accept", ping.get("verdict").textValue());
    assertEquals("gateway_service", ping.get("decidedBy").get("code").textValue());
    assertEquals("[\"ping\"]", ping.get("decidedBy").get("args").toString());
    assertFalse(ping.get("decidedBy").has("ruleId"), ping.toString());

    // A read-only key may ask: it changes nothing.
    ApiClient reader = client(createKey(admin, "reader", "read"));
    assertEquals(200, reader.get(BLOCKED).status());
  }

  @Test
  void badInputIsA400WithEachParameterLocated() {
    ApiClient.Reply bad = api.get("/api/v1/explain?source=%2399&mac=zz&destination=203.0.113&protocol=icmp"
        + "&port=80&direction=sideways&config=yesterday");
    assertEquals(400, bad.status(), bad.body());
    assertEquals("invalid", bad.problem());
    assertEquals(List.of("config: choose the applied configuration or the saved draft",
        "source: '#99' is no host of the inventory",
        "mac: 'zz' is not a MAC address (expected six hex pairs like 02:5e:6b:00:01:0a)",
        "destination: '203.0.113' is not an IPv4 address (expected four numbers like 192.168.1.10)",
        "port: icmp has no ports; leave the port empty",
        "direction: choose forward, gateway or wan"), bad.errors());
    ApiClient.Reply range = api.get("/api/v1/explain?source=192.168.1.20&destination=203.0.113.10&protocol=tcp"
        + "&port=70000&direction=forward&config=draft");
    assertEquals(400, range.status());
    assertEquals(List.of("port: port 70000 is out of range 1-65535"), range.errors());
    ApiClient.Reply empty = api.get("/api/v1/explain?config=draft");
    assertEquals(400, empty.status());
    assertEquals(List.of("source", "destination", "protocol", "direction"), empty.errors().stream()
        .map(s -> s.substring(0, s.indexOf(':'))).toList());
  }
}
