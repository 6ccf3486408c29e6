package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Port forwards over the API: the panel's operations and the form's located errors. */
class ApiForwardTest extends ApiTestBase {

  static Map<String, Object> forward(Object wanPorts, Object host, Object target, Object targetPort) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("protocol", "tcp");
    m.put("wanPorts", wanPorts);
    m.put("host", host);
    m.put("target", target);
    m.put("targetPort", targetPort);
    m.put("allowedSources", List.of("203.0.113.0/24"));
    m.put("comment", "NAS web");
    return m;
  }

  @Test
  void forwardsAreListedAddedReplacedAndDeleted() {
    assertEquals(0, api.get("/api/v1/forwards").json().size());
    ApiClient.Reply added = api.post("/api/v1/forwards", forward("8443", 1, null, 443));
    assertEquals(201, added.status(), added.body());
    assertEquals("/api/v1/forwards/1", added.header("Location"));
    assertEquals("192.168.1.20", added.json().get("address").textValue());
    assertTrue(added.json().get("reflection").booleanValue(), "reflection is on by default");
    assertTrue(added.json().get("enabled").booleanValue());
    assertEquals(1, h.configs.load().forwards().size());

    ApiClient.Reply replaced = api.put("/api/v1/forwards/1", forward(8444, null, "192.168.1.40", null));
    assertEquals(200, replaced.status(), replaced.body());
    assertTrue(replaced.json().get("host").isNull());
    assertEquals("192.168.1.40", replaced.json().get("target").textValue());
    assertTrue(replaced.json().get("targetPort").isNull());
    assertEquals("8444", api.get("/api/v1/forwards/1").json().get("wanPorts").textValue());

    assertEquals(204, api.delete("/api/v1/forwards/1").status());
    assertEquals(404, api.get("/api/v1/forwards/1").status());
    assertEquals(List.of(), h.configs.load().forwards());
  }

  @Test
  void badInputIsLocatedAndChangesNothing() {
    assertEquals(201, api.post("/api/v1/forwards", forward("9000", 1, null, null)).status());
    var before = h.configs.load();
    ApiClient.Reply panel = api.post("/api/v1/forwards", forward("8080", 1, null, null));
    assertEquals(400, panel.status());
    assertEquals(List.of("forwards[1].wanPorts: forward #2 would take TCP port 8080, the admin panel's port; the "
        + "panel must never be shadowed, choose another WAN port"), panel.errors());
    ApiClient.Reply overlap = api.post("/api/v1/forwards", forward("8999-9001", 1, null, null));
    assertTrue(overlap.errors().get(0).startsWith("forwards[1].wanPorts: forward #2 takes WAN port(s) 8999-9001"),
        overlap.errors().toString());
    ApiClient.Reply outside = api.post("/api/v1/forwards", forward("81", null, "10.9.9.9", null));
    assertEquals(List.of("forwards[1].target: 10.9.9.9 is not inside a LAN subnet (192.168.1.0/24)"),
        outside.errors());
    Map<String, Object> sources = forward("82", 1, null, null);
    sources.put("allowedSources", List.of("10.0.0.0/33"));
    assertTrue(api.post("/api/v1/forwards", sources).errors().get(0).startsWith("forwards[1].allowedSources: "));
    assertEquals(400, api.post("/api/v1/forwards", Map.of("protocol", "tcp", "wanPorts", "83", "bogus", 1))
        .status());
    assertEquals(before, h.configs.load());
  }

  @Test
  void aHostWithAForwardIsNotDeleted() {
    assertEquals(201, api.post("/api/v1/forwards", forward("8443", 1, null, null)).status());
    ApiClient.Reply refused = api.delete("/api/v1/hosts/1");
    assertEquals(409, refused.status());
    assertTrue(refused.json().get("detail").textValue().contains("port forward #1 goes to it"), refused.body());
  }
}
