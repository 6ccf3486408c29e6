package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the panel's forms: a schedule on the Objects page, a rule limited to it, the rule list
 * saying whether it is open now and when that changes (the harness's clock: Saturday 2025-03-01 10:15:30 UTC,
 * 19:15:30 in Tokyo), the gateway's time zone on the settings page; bad windows and an unknown zone refused at
 * their fields with nothing changed, deleting a schedule a rule uses refused; both languages.
 */
class ScheduleWebTest extends WebTestBase {

  @Test
  void aScheduleARuleWithItAndTheRuleListsStateNow() {
    h.configs.save(ObjectsWebTest.twoHosts());
    Browser b = loggedIn();
    Browser.Page zone = b.postFrom("/settings", "/settings/time-zone", Map.of("timeZone", "Asia/Tokyo"));
    assertEquals(303, zone.status(), zone.body());
    assertEquals("Asia/Tokyo", h.configs.load().settings().timeZone().getId());
    assertTrue(b.get("/settings").body().contains("value=\"Asia/Tokyo\""));

    Browser.Page s = b.postFrom("/objects/schedules/new", "/objects/schedules", Map.of("name", "saturday evening",
        "windows", "sat 19:00-20:00\nfri 22:00-02:00+1"));
    assertEquals(303, s.status(), s.body());
    long id = h.configs.load().schedules().get(0).id();
    assertEquals(2, h.configs.load().schedule(id).orElseThrow().windows().size());
    String objects = b.get("/objects").body();
    assertTrue(objects.contains("sat 19:00-20:00; fri 22:00-02:00+1") && objects.contains("open now, until"),
        objects);

    Browser.Page rule = b.post("/rules", Map.of("source", "2", "destination", "any", "protocol", "tcp", "ports", "443",
        "action", "allow", "comment", "tablet: web on saturday evening", "enabled", "on", "schedule",
        Long.toString(id)));
    assertEquals(303, rule.status(), rule.body());
    var r = h.configs.load().rules().get(0);
    assertEquals(id, r.scheduleId());
    String rules = b.get("/rules").body();
    // open now (Saturday 19:15 in Tokyo), closing at 20:00 in Tokyo = 11:00 UTC
    assertTrue(rules.contains("saturday evening") && rules.contains("schedule-open")
        && rules.contains("open now, until 2025-03-01 11:00:00"), rules);
    assertTrue(b.get("/rules/" + r.id() + "/edit").body().contains("<option value=\"" + id
        + "\" selected=\"selected\">"), "the edit form shows the schedule");
    // the preview's ruleset holds the window in UTC (Sat 10:00-11:00)
    String preview = b.get("/apply/preview").body();
    assertTrue(preview.contains("meta day &quot;Saturday&quot; meta hour &quot;10:00&quot;-&quot;10:59:59&quot;"),
        preview);

    // 50 minutes later (the session kept alive) it is closed, opening on Friday 22:00 in Tokyo (13:00 UTC)
    for (int i = 0; i < 5; i++) {
      h.clock.advance(Duration.ofMinutes(10));
      b.get("/rules");
    }
    String later = b.get("/rules").body();
    assertTrue(later.contains("schedule-closed") && later.contains("closed now, opens 2025-03-07 13:00:00"), later);
    b.acceptLanguage = "ja";
    assertTrue(b.get("/rules").body().contains("現在無効、2025/03/07 13:00:00"), "Japanese");
    b.acceptLanguage = "en";

    // a schedule a rule uses is not deleted
    Config before = h.configs.load();
    assertEquals(303, b.post("/objects/schedules/" + id + "/delete", Map.of()).status());
    assertEquals(before, h.configs.load());
    assertTrue(b.get("/objects").body().contains("Object #" + id + " is not deleted: 1 rule(s) use it"));
  }

  @Test
  void badWindowsAndAnUnknownZoneAreRefusedAtTheirFieldsWithNothingChanged() {
    h.configs.save(ObjectsWebTest.twoHosts());
    Browser b = loggedIn();
    Config before = h.configs.load();
    Browser.Page late = b.postFrom("/objects/schedules/new", "/objects/schedules", Map.of("name", "late",
        "windows", "mon 25:00-26:00"));
    assertEquals(400, late.status());
    assertTrue(late.body().contains("&#39;25:00&#39; is not a time of day"), late.body());
    assertTrue(late.body().contains("id=\"windows-error\"") || late.body().contains("windows"), late.body());
    Browser.Page backwards = b.post("/objects/schedules", Map.of("name", "backwards", "windows", "mon 20:00-16:00"));
    assertEquals(400, backwards.status());
    assertTrue(backwards.body().contains("the end 16:00 is not after the start 20:00 on the same day"),
        backwards.body());
    b.acceptLanguage = "ja";
    Browser.Page ja = b.post("/objects/schedules", Map.of("name", "backwards", "windows", "mon 20:00-16:00"));
    assertTrue(ja.body().contains("終了 16:00 が同じ日の開始 20:00 より後ではありません"), ja.body());
    b.acceptLanguage = "en";
    Browser.Page zone = b.postFrom("/settings", "/settings/time-zone", Map.of("timeZone", "Mars/Olympus_Mons"));
    assertEquals(400, zone.status());
    assertTrue(zone.body().contains("id=\"timeZone-error\"") && zone.body().contains("is not a time zone"),
        zone.body());
    assertEquals(before, h.configs.load(), "nothing was saved");
    assertNull(h.configs.load().settings().timeZone());
    // a rule naming a schedule that does not exist is refused at its field too
    Browser.Page rule = b.post("/rules", Map.of("source", "2", "destination", "any", "protocol", "tcp", "ports", "443",
        "action", "allow", "comment", "", "enabled", "on", "schedule", "999"));
    assertEquals(400, rule.status());
    assertEquals(before, h.configs.load());
  }
}
