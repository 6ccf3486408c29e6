package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sekisho.capture.FlowSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flows, blocked packets and the audit log over the API, with the pages' server-side filters. */
class ApiReadTest extends ApiTestBase {
  private final FakeFlows fake = new FakeFlows(Harness.START);

  @Override
  FlowSource flows() {
    return fake;
  }

  private static List<String> remotes(JsonNode v) {
    List<String> out = new ArrayList<>();
    v.get("flows").forEach(f -> out.add(f.get("remote").textValue()));
    return out;
  }

  @Test
  void flowsAreFilteredOnTheServerAndABadFilterIs400AtItsParameter() {
    JsonNode all = api.get("/api/v1/flows").json();
    assertEquals(4, all.get("flows").size(), all.toString());
    JsonNode udp = api.get("/api/v1/flows?protocol=udp").json();
    assertEquals(1, udp.get("flows").size());
    assertTrue(remotes(udp).get(0).startsWith("203.0.113.20"), udp.toString());
    JsonNode byHost = api.get("/api/v1/flows?host=laptop&sort=bytes").json();
    assertEquals(2, byHost.get("flows").size());
    ApiClient.Reply bad = api.get("/api/v1/flows?port=99999&address=nope");
    assertEquals(400, bad.status());
    assertEquals(List.of("address", "port"), bad.errors().stream().map(e -> e.substring(0, e.indexOf(':'))).toList());
  }

  @Test
  void blockedPacketsComeWithTheirRule() {
    JsonNode b = api.get("/api/v1/blocked").json();
    assertEquals(1, b.get("blocked").size(), b.toString());
    assertEquals(12, b.get("blocked").get(0).get("ruleId").intValue());
  }

  @Test
  void theAuditLogIsReadWithTheAuditPagesQuery() {
    api.post("/api/v1/hosts", java.util.Map.of("name", "nas", "ip", "192.168.1.30"));
    JsonNode page = api.get("/api/v1/audit").json();
    assertTrue(page.get("total").intValue() >= 3, page.toString());
    JsonNode edits = api.get("/api/v1/audit?kind=config_edit&q=nas").json();
    assertEquals(1, edits.get("total").intValue(), edits.toString());
    assertEquals("api:ci", edits.get("events").get(0).get("user").textValue());
    JsonNode none = api.get("/api/v1/audit?from=2100-01-01T00:00:00Z").json();
    assertEquals(0, none.get("total").intValue());
    ApiClient.Reply bad = api.get("/api/v1/audit?kind=nope&from=yesterday&page=-1");
    assertEquals(400, bad.status());
    assertEquals(List.of("kind", "from", "page"), bad.errors().stream().map(e -> e.substring(0, e.indexOf(':')))
        .toList());
  }
}
