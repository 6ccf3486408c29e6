package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Rule;
import dev.sekisho.store.Revision;
import dev.sekisho.store.RevisionSummary;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The revisions pages: recorded on confirmation, listed, compared, shown, and rolled back to. */
class RevisionTest extends WebTestBase {
  private static final Pattern CHANGE = Pattern.compile("<li class=\"change change-(\\w+)\">([^<]*)</li>");
  private static final Pattern DIFF_LINE = Pattern.compile("<span class=\"diff-(add|del)\">([^<]*)</span>");

  /**
   * Five rules, #1 to #5: "deny tcp 443 to 203.0.113.N". Distinct destinations keep them from overlapping,
   * so the compiler puts them in one set, one element each, and a change to one touches only its element.
   */
  static Config fiveRules() {
    Config c = lan();
    for (long id = 1; id <= 5; id++) {
      Rule r = RuleTest.rule(id);
      c = c.withRule(new Rule(id, null, Cidr.parse("203.0.113." + id), r.protocol(), r.ports(), r.action(), r.log(),
          r.comment(), r.enabled()));
    }
    return c;
  }

  static Config withPort(Config c, long ruleId, int port) {
    Rule r = c.rule(ruleId).orElseThrow();
    return c.withRule(new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), PortRange.of(port),
        r.action(), r.log(), r.comment(), r.enabled()));
  }

  /** Applies the draft through the panel with a note and confirms it as the waiting page's script does. */
  static void applyAndConfirm(Browser b, String note) {
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("note", note)).location());
    assertEquals("/ruleset", ApplyTest.confirm(b).location());
  }

  @Test
  void aConfirmedApplyRecordsARevisionAndAnUnconfirmedOneDoesNot() {
    h.configs.save(fiveRules());
    Browser b = loggedIn();
    assertTrue(b.get("/revisions").body().contains("No revisions yet"));
    applyAndConfirm(b, "first");
    List<RevisionSummary> list = h.revisions.list();
    assertEquals(1, list.size());
    Revision r = h.revisions.get(list.get(0).id()).orElseThrow();
    assertEquals("admin", r.admin());
    assertEquals("first", r.note());
    assertEquals(fiveRules(), r.config());
    assertEquals(h.applied.current().orElseThrow().ruleset(), r.ruleset());
    assertEquals(Harness.START, r.appliedAt());

    // An apply that is rolled back instead of confirmed leaves no revision.
    h.configs.save(withPort(fiveRules(), 3, 80));
    assertEquals("/apply/pending", b.post("/apply", Map.of("note", "never confirmed")).location());
    h.safeApply.rollback("the test said so");
    assertEquals(1, h.revisions.list().size());

    String page = b.get("/revisions").body();
    assertTrue(page.contains("<td>2025-03-01 10:15:30 GMT</td>"), page);
    assertTrue(page.contains("<span>first</span>"), page);
    assertTrue(page.contains("in force"), "the only revision is the one in force");
    assertTrue(page.contains("href=\"/revisions\""), "the navigation links to the page");
  }

  @Test
  void theDiffPageShowsExactlyTheChangedRule() {
    h.configs.save(fiveRules());
    Browser b = loggedIn();
    applyAndConfirm(b, "five rules");
    h.configs.save(withPort(fiveRules(), 3, 80));
    applyAndConfirm(b, "rule 3 to port 80");
    List<RevisionSummary> list = h.revisions.list();
    assertEquals(2, list.size());
    long older = list.get(1).id();
    long newer = list.get(0).id();

    String list1 = b.get("/revisions").body();
    assertTrue(checked(list1, "from", older), "the two newest are preselected: " + list1);
    assertTrue(checked(list1, "to", newer), list1);
    assertFalse(checked(list1, "from", newer), list1);

    Browser.Page p = b.get("/revisions/diff?from=" + older + "&to=" + newer);
    assertEquals(200, p.status());
    List<String> changes = matches(CHANGE, p.body());
    assertEquals(List.of("changed: Rule #3 (r3) changed: port 443 → 80"), changes);
    List<String> lines = matches(DIFF_LINE, p.body());
    assertEquals(List.of(
        "del: -\t\t\t203.0.113.3 . tcp . 443 comment \"#3\",",
        "add: +\t\t\t203.0.113.3 . tcp . 80 comment \"#3\","), lines);
  }

  @Test
  void rollbackMakesTheRevisionTheDraftAndGoesThroughPreviewApplyAndConfirm() {
    Config a = fiveRules();
    Config changed = withPort(a, 3, 80);
    h.configs.save(a);
    Browser b = loggedIn();
    applyAndConfirm(b, "a");
    h.configs.save(changed);
    applyAndConfirm(b, "b");
    long first = h.revisions.list().get(1).id();
    int loads = h.nft.calls.size();

    Browser.Page show = b.get("/revisions/" + first);
    assertEquals(200, show.status());
    assertTrue(show.body().contains("action=\"/revisions/" + first + "/rollback\""), show.body());
    assertTrue(show.body().contains("deny tcp port 443 from all LAN hosts to 203.0.113.3"), show.body());
    assertTrue(show.body().contains("tcp . 443 comment &quot;#3&quot;"), "the revision's ruleset, escaped");

    Browser.Page p = b.post("/revisions/" + first + "/rollback", Map.of());
    assertEquals(303, p.status());
    assertEquals("/apply/preview?rollback=" + first, p.location());
    assertEquals(a, h.configs.load(), "the revision is the draft");
    assertEquals(changed, h.applied.current().orElseThrow().config(), "nothing applied yet");
    assertEquals(loads, h.nft.calls.size(), "the kernel was not touched");

    String preview = b.get(p.location()).body();
    assertTrue(preview.contains("Review the changes below and apply them to roll back"), preview);
    assertEquals(List.of("changed: Rule #3 (r3) changed: port 80 → 443"), matches(CHANGE, preview));
    assertTrue(preview.contains("value=\"Rollback to revision " + first + "\""), "the note is suggested");

    assertEquals("/apply/pending", b.post("/apply", Map.of("note", "Rollback to revision " + first)).location());
    assertEquals("/ruleset", ApplyTest.confirm(b).location());
    assertEquals(a, h.applied.current().orElseThrow().config());
    List<RevisionSummary> list = h.revisions.list();
    assertEquals(3, list.size());
    assertEquals("Rollback to revision " + first, list.get(0).note());
    assertEquals(list.get(0).id(), h.revisions.currentId().orElseThrow(), "the newest equal revision is current");
  }

  @Test
  void rollbackIsRefusedWhileAnApplyWaitsAndTheWaitingOneIsUnaffected() {
    h.configs.save(fiveRules());
    Browser b = loggedIn();
    applyAndConfirm(b, "a");
    long first = h.revisions.list().get(0).id();
    Config waiting = withPort(fiveRules(), 3, 80);
    h.configs.save(waiting);
    assertEquals("/apply/pending", b.post("/apply", Map.of()).location());

    b.get("/revisions/" + first);
    Browser.Page p = b.post("/revisions/" + first + "/rollback", Map.of());
    assertEquals(303, p.status());
    assertEquals("/revisions/" + first, p.location());
    String page = b.get(p.location()).body();
    assertTrue(page.contains("Cannot roll back to revision " + first + " now. An apply is waiting for confirmation"),
        page);
    assertEquals(waiting, h.configs.load(), "the draft is frozen");
    assertTrue(h.safeApply.waiting().isPresent(), "the waiting apply still waits");
    assertEquals("/ruleset", ApplyTest.confirm(b).location());
    assertEquals(waiting, h.applied.current().orElseThrow().config());
    assertEquals(2, h.revisions.list().size());
  }

  @Test
  void unknownOrMalformedRevisionsAreRefusedClearly() {
    h.configs.save(fiveRules());
    Browser b = loggedIn();
    applyAndConfirm(b, "a");
    long id = h.revisions.list().get(0).id();
    assertEquals(200, b.get("/revisions/diff?from=" + id + "&to=" + id).status());
    assertTrue(b.get("/revisions/diff?from=" + id + "&to=" + id).body().contains("No configuration changes."));
    assertEquals(404, b.get("/revisions/diff?from=" + id + "&to=999").status());
    assertEquals(404, b.get("/revisions/999").status());
    assertEquals(404, b.get("/revisions/abc").status());
    Browser.Page bad = b.get("/revisions/diff?from=x&to=" + id);
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("Choose two revisions"), bad.body());
    assertEquals(400, b.get("/revisions/diff").status());
    assertEquals(404, b.post("/revisions/999/rollback", Map.of()).status());
    assertEquals(fiveRules(), h.configs.load());
  }

  @Test
  void rollbackNeedsTheCsrfTokenAndNotesAreEscaped() {
    h.configs.save(fiveRules());
    Browser b = loggedIn();
    applyAndConfirm(b, "<script>alert(1)</script>");
    h.configs.save(withPort(fiveRules(), 3, 80));
    applyAndConfirm(b, "b");
    long first = h.revisions.list().get(1).id();
    String list = b.get("/revisions").body();
    assertFalse(list.contains("<script>alert"), list);
    assertTrue(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), list);

    Browser.Page forged = b.postRaw("/revisions/" + first + "/rollback", Map.of("_csrf", "forged"));
    assertEquals(403, forged.status());
    Browser.Page anonymous = h.browser().postRaw("/revisions/" + first + "/rollback", Map.of());
    assertEquals(401, anonymous.status());
    assertEquals("/login", h.browser().get("/revisions/" + first).location());
    assertEquals(withPort(fiveRules(), 3, 80), h.configs.load(), "the draft is unchanged");
  }

  private static boolean checked(String page, String name, long id) {
    return Pattern.compile("name=\"" + name + "\" value=\"" + id + "\"[^>]*checked").matcher(page).find();
  }

  private static List<String> matches(Pattern p, String body) {
    Matcher m = p.matcher(body);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1) + ": " + m.group(2).replace("&quot;", "\"").replace("&gt;", ">"));
    }
    return out;
  }
}
