package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Temporary and count-limited rules in the panel and the API: 30 min, until HH:MM (tomorrow when past), a
 * date; the rule list shows what remains and moves an ended rule to "Expired rules"; bad input is refused at
 * its field and nothing changes. The API: {@link TemporaryRuleApiTest}.
 */
class TemporaryRuleWebTest extends WebTestBase {

  private static Map<String, String> form() {
    Map<String, String> f = new HashMap<>();
    f.put("source", "1");
    f.put("destination", "any");
    f.put("protocol", "tcp");
    f.put("ports", "443");
    f.put("action", "allow");
    f.put("comment", "web for a while");
    f.put("enabled", "on");
    return f;
  }

  private Rule only() {
    List<Rule> rules = h.configs.load().rules();
    assertEquals(1, rules.size(), rules.toString());
    return rules.get(0);
  }

  @Test
  void thirtyMinutesThenTheListShowsWhatRemainsAndMovesItToExpiredAtItsEnd() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Map<String, String> f = form();
    f.put("duration", "30m");
    f.put("connectionLimit", "3");
    assertEquals(303, b.postFrom("/rules/new", "/rules", f).status());
    Rule r = only();
    assertEquals(Harness.START.plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        r.expiresAt());
    assertEquals(3, r.connectionLimit());
    Browser.Page lp = b.get("/rules");
    assertEquals(200, lp.status(), "location " + lp.header("Location"));
    String list = lp.body();
    assertTrue(list.contains("ends in 30 min"), list);
    assertTrue(list.contains("next 3 connections"), list);
    assertFalse(list.contains("Expired rules"));
    // in steps, so the admin's session stays alive (it ends after 30 idle minutes)
    h.clock.advance(Duration.ofMinutes(20));
    assertTrue(b.get("/rules").body().contains("ends in 10 min"));
    h.clock.advance(Duration.ofMinutes(11));
    String later = b.get("/rules").body();
    assertTrue(later.contains("Expired rules"), later);
    assertTrue(later.contains("expired 2025-03-01"), later);
  }

  @Test
  void untilAPassedTimeOfDayMeansTomorrowAndAnEditKeepsTheEnd() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Map<String, String> f = form();
    f.put("duration", "until");
    // the harness clock is 10:15:30 UTC; 09:00 has passed today, so it is tomorrow's 09:00
    f.put("until", "09:00");
    assertEquals(303, b.postFrom("/rules/new", "/rules", f).status());
    Instant end = only().expiresAt();
    assertTrue(end.isAfter(Harness.START) && end.isBefore(Harness.START.plus(Duration.ofHours(24))), end.toString());
    assertEquals(0, end.atZone(java.time.ZoneId.systemDefault()).getMinute());
    // editing with the end kept (the form's default for a temporary rule) does not move it
    String edit = b.get("/rules/" + only().id() + "/edit").body();
    assertTrue(edit.contains("value=\"keep\""), edit);
    Map<String, String> g = form();
    g.put("comment", "renamed");
    g.put("duration", "keep");
    g.put("expiresAt", end.toString());
    h.clock.advance(Duration.ofMinutes(10));
    assertEquals(303, b.postFrom("/rules/" + only().id() + "/edit", "/rules/" + only().id(), g).status());
    assertEquals(end, only().expiresAt());
    assertEquals("renamed", only().comment().text());
  }

  @Test
  void badInputIsRefusedAtItsFieldAndNothingChanges() {
    h.configs.save(lan());
    Config before = h.configs.load();
    Browser b = loggedIn();
    Map<String, String> past = form();
    past.put("duration", "date");
    past.put("untilDate", "2025-03-01T09:00");
    Browser.Page p = b.postFrom("/rules/new", "/rules", past);
    assertEquals(400, p.status());
    HostTest.assertFieldError(p.body(), "untilDate", "this end has already passed");
    Map<String, String> zero = form();
    zero.put("connectionLimit", "0");
    HostTest.assertFieldError(b.post("/rules", zero).body(), "connectionLimit", "from 1 to 10000");
    Map<String, String> huge = form();
    huge.put("connectionLimit", "10001");
    HostTest.assertFieldError(b.post("/rules", huge).body(), "connectionLimit", "from 1 to 10000");
    Map<String, String> deny = form();
    deny.put("action", "deny");
    deny.put("connectionLimit", "3");
    HostTest.assertFieldError(b.post("/rules", deny).body(), "connectionLimit", "only an allow rule");
    Map<String, String> hour = form();
    hour.put("duration", "until");
    hour.put("until", "25:00");
    HostTest.assertFieldError(b.post("/rules", hour).body(), "until", "HH:MM");
    Map<String, String> far = form();
    far.put("duration", "date");
    far.put("untilDate", "2027-03-01 09:00");
    HostTest.assertFieldError(b.post("/rules", far).body(), "untilDate", "within 366 days");
    assertEquals(before, h.configs.load());
  }

  @Test
  void anExpiryOfARuleInForceIsRecordedOnceInTheHistory() {
    Instant end = Harness.START.plus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    h.configs.save(lan().withRule(new Rule(7, 1L, null, dev.sekisho.config.Protocol.TCP, null,
        dev.sekisho.config.Action.ALLOW, false, dev.sekisho.config.Comment.parse("web"), true).withLimits(end, null)));
    Browser b = loggedIn();
    RevisionTest.applyAndConfirm(b, "temporary web");
    assertTrue(h.appliance.applied().current().orElseThrow().ruleset().contains("meta nfproto @tmp_7 accept"));
    int before = h.revisions.list().size();
    assertEquals(List.of(), h.appliance.recordExpiries(), "not expired yet");
    h.clock.advance(Duration.ofMinutes(11));
    List<Long> recorded = h.appliance.recordExpiries();
    assertEquals(1, recorded.size());
    assertEquals(List.of(), h.appliance.recordExpiries(), "recorded once");
    assertEquals(before + 1, h.revisions.list().size());
    var rev = h.revisions.get(recorded.get(0)).orElseThrow();
    assertEquals("sekisho", rev.admin());
    assertEquals("rule #7 (web) expired at " + end, rev.note());
    assertTrue(b.get("/revisions").body().contains("rule #7 (web) expired at"));
    assertTrue(b.get("/rules").body().contains("Expired rules"));
  }

  @Test
  void explainSaysAnEndedRuleMatchesNothing() {
    Instant end = Harness.START.plus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    h.configs.save(lan().withSettings(s -> s.withLanDefault(dev.sekisho.config.Policy.DENY)).withRule(new Rule(7, 1L,
        null, dev.sekisho.config.Protocol.TCP, null, dev.sekisho.config.Action.ALLOW, false,
        dev.sekisho.config.Comment.parse("web"), true).withLimits(end, null)));
    Browser b = loggedIn();
    String q = "/explain?config=draft&source=192.168.1.20&mac=&destination=198.51.100.7&protocol=tcp&port=443"
        + "&direction=forward";
    String before = b.get(q).body();
    assertFalse(before.contains("has ended (temporary rule)"), before);
    h.clock.advance(Duration.ofMinutes(11));
    String after = b.get(q).body();
    assertTrue(after.contains("has ended (temporary rule)"), after);
  }
}
