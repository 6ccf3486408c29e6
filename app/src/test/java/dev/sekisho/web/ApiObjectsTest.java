package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Groups, address lists and services over the API, with the panel's checks; rules that name them. */
class ApiObjectsTest extends ApiTestBase {

  @Test
  void objectsAreCreatedUsedByRulesAndProtectedFromDeletion() {
    ApiClient.Reply g = api.post("/api/v1/groups", Map.of("name", "kids", "members", List.of(1)));
    assertEquals(201, g.status(), g.body());
    assertEquals("/api/v1/groups/100", g.header("Location"));
    ApiClient.Reply l = api.post("/api/v1/address-lists", Map.of("name", "updates",
        "entries", "203.0.113.0/24 # vendor\n2001:db8:113::/48"));
    assertEquals(201, l.status(), l.body());
    assertEquals("[\"203.0.113.0/24\",\"2001:db8:113::/48\"]", l.json().get("entries").toString());
    ApiClient.Reply badList = api.post("/api/v1/address-lists", Map.of("name", "bad",
        "entries", List.of("10.0.0.0/8", "10.0.0.0/33")));
    assertEquals(400, badList.status());
    assertEquals(List.of("addressLists[1].entries: line 2: prefix length 33 is out of range 0-32"), badList.errors());
    ApiClient.Reply s = api.post("/api/v1/services", Map.of("name", "games", "entries", List.of("udp 27015")));
    assertEquals(201, s.status(), s.body());
    ApiClient.Reply badSvc = api.post("/api/v1/services", Map.of("name", "x;y", "entries", List.of("tcp 0")));
    assertEquals(400, badSvc.status());
    assertTrue(badSvc.errors().toString().contains("services[1].name: name contains ';'"), badSvc.errors().toString());
    assertEquals(11, api.get("/api/v1/services").json().size(), "ten built-in and one own");
    assertEquals(404, api.put("/api/v1/services/1", Map.of("name", "HTTPS", "entries", "tcp 8443")).status(),
        "the built-in catalogue cannot be changed");
    assertEquals("tcp 443", api.get("/api/v1/services/1").json().get("entries").get(0).textValue());

    ApiClient.Reply rule = api.post("/api/v1/rules", Map.of("sourceGroup", 100, "destinationList", 101,
        "service", 102, "action", "deny"));
    assertEquals(201, rule.status(), rule.body());
    assertEquals(100, rule.json().get("sourceGroup").asInt());
    assertEquals(101, rule.json().get("destinationList").asInt());
    assertEquals(102, rule.json().get("service").asInt());
    assertEquals("any", rule.json().get("protocol").textValue());
    ApiClient.Reply refused = api.delete("/api/v1/groups/100");
    assertEquals(409, refused.status());
    assertTrue(refused.body().contains("1 rule(s) use it"), refused.body());
    assertEquals("[" + rule.json().get("id").asInt() + "]", api.get("/api/v1/groups/100").json().get("usedBy")
        .toString());
    ApiClient.Reply renamed = api.put("/api/v1/groups/100", Map.of("name", "children", "members", "1"));
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals(100L, h.configs.load().rules().get(0).sourceGroupId());
    assertEquals(409, api.delete("/api/v1/services/102").status(), "in use: refused");
    assertEquals(201, api.post("/api/v1/address-lists", Map.of("name", "spare", "entries", List.of())).status());
    assertEquals(204, api.delete("/api/v1/address-lists/103").status());
    assertEquals(404, api.get("/api/v1/address-lists/103").status());
  }

  @Test
  void schedulesRulesWithThemAndTheTimeZone() {
    ApiClient.Reply bad = api.post("/api/v1/schedules", Map.of("name", "late", "windows", List.of("mon 25:00-26:00")));
    assertEquals(400, bad.status());
    assertTrue(bad.errors().toString().contains("schedules[0].windows: '25:00' is not a time of day"),
        bad.errors().toString());
    ApiClient.Reply backwards = api.post("/api/v1/schedules", Map.of("name", "b", "windows", "mon 20:00-16:00"));
    assertEquals(400, backwards.status());
    assertTrue(backwards.errors().toString().contains("not after the start"), backwards.errors().toString());
    ApiClient.Reply s = api.post("/api/v1/schedules", Map.of("name", "school days",
        "windows", List.of("mon-fri 16:00-20:00", "fri 22:00-02:00+1")));
    assertEquals(201, s.status(), s.body());
    long id = s.json().get("id").asLong();
    assertEquals("[\"mon-fri 16:00-20:00\",\"fri 22:00-02:00+1\"]", s.json().get("windows").toString());
    assertTrue(s.json().has("openNow") && s.json().has("nextChange"), s.body());
    ApiClient.Reply rule = api.post("/api/v1/rules", Map.of("source", 1, "protocol", "tcp", "ports", 443,
        "action", "allow", "schedule", id));
    assertEquals(201, rule.status(), rule.body());
    assertEquals(id, rule.json().get("schedule").asLong());
    assertEquals(id, h.configs.load().rules().get(0).scheduleId());
    assertEquals(400, api.post("/api/v1/rules", Map.of("protocol", "tcp", "action", "allow", "schedule", 999))
        .status(), "no such schedule");
    assertEquals(409, api.delete("/api/v1/schedules/" + id).status(), "in use: refused");
    ApiClient.Reply zone = api.put("/api/v1/settings", Map.of("timeZone", "Asia/Tokyo"));
    assertEquals(200, zone.status(), zone.body());
    assertEquals("Asia/Tokyo", zone.json().get("timeZone").textValue());
    ApiClient.Reply badZone = api.put("/api/v1/settings", Map.of("timeZone", "Mars/Olympus_Mons"));
    assertEquals(400, badZone.status());
    assertTrue(badZone.errors().toString().contains("settings.timeZone"), badZone.errors().toString());
    assertEquals("Asia/Tokyo", h.configs.load().settings().timeZone().getId(), "unchanged");
  }
}
