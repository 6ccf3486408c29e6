package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.PendingApply;
import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.store.PendingDecision;
import dev.sekisho.store.PendingDecisionStore;
import dev.sekisho.store.PendingStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decisions inbox through the panel: page, nav count, answers by POST with CSRF, and what an answer changes. */
class DecisionsWebTest extends WebTestBase {
  private static final Ipv4 DST = Ipv4.parse("203.0.113.5");

  private static Config asking() {
    Config c = lan();
    return c.withHost(c.host(1).orElseThrow().withAsk(true));
  }

  private PendingDecisionStore inbox() {
    return h.appliance.pendingDecisions();
  }

  /** Applies {@link #asking()} with confirmation, so the ask sets are in the kernel. */
  private Browser applied() {
    h.configs.save(asking());
    Browser b = loggedIn();
    assertEquals(303, b.post("/apply", Map.of()).status());
    assertEquals(303, ApplyTest.confirm(b).status());
    return b;
  }

  private PendingDecision asked(int port, String domain) {
    return inbox().record(1, DST, Protocol.TCP, port, domain, h.clock.instant(), 50, 500);
  }

  @Test
  void thePageAndTheNavShowPendingDecisionsAsText() {
    Browser b = applied();
    assertTrue(b.get("/").body().contains("id=\"nav-decisions-count\""), "the nav has the count");
    asked(443, "<b>evil</b>.example");
    String page = b.get("/decisions").body();
    assertTrue(page.contains("203.0.113.5"), page);
    assertTrue(page.contains("&lt;b&gt;evil&lt;/b&gt;.example"), "a name from packets is text");
    assertFalse(page.contains("<b>evil</b>"));
    assertTrue(page.contains("In ask mode: laptop"), page);
    String dashboard = b.get("/").body();
    assertTrue(dashboard.matches("(?s).*id=\"nav-decisions-count\"[^>]*>1</span>.*"), "1 pending on every page");
    String hosts = b.get("/hosts").body();
    assertTrue(hosts.contains("asks"), "the hosts page shows ask mode");
    // the stream's JSON form (what the live page receives)
    Browser.Page json = b.get("/decisions/stream");
    assertEquals(200, json.status());
    assertTrue(json.body().contains("\"destination\":\"203.0.113.5\""), json.body());
    assertTrue(json.body().contains("\\u003Cb\\u003Eevil") || json.body().contains("\\u003cb\\u003eevil"),
        "HTML-safe JSON: " + json.body());
  }

  @Test
  void anAnswerNeedsTheCsrfTokenAndAValidChoice() {
    Browser b = applied();
    PendingDecision p = asked(443, null);
    b.get("/decisions");
    assertEquals(403, b.postRaw("/decisions/" + p.id() + "/once", Map.of()).status());
    assertEquals(403, b.postRaw("/decisions/" + p.id() + "/once", Map.of("_csrf", "wrong")).status());
    assertEquals(404, b.post("/decisions/" + p.id() + "/forever", Map.of()).status());
    assertEquals(404, b.post("/decisions/999/once", Map.of()).status());
    assertEquals(1, inbox().count(), "nothing answered");
    assertTrue(h.applied.current().orElseThrow().config().decisions().isEmpty());
  }

  @Test
  void allowOnceIsInForceAtOnceAsARevisionAndLeavesUnappliedEditsUnapplied() {
    Browser b = applied();
    long revisions = h.revisions.count();
    // an unapplied edit of the draft: a new host
    assertEquals(303, b.postFrom("/hosts/new", "/hosts", Map.of("name", "tv", "mac", "", "ip", "192.168.1.30"))
        .status());
    PendingDecision p = asked(443, null);
    h.nft.calls.clear();
    b.get("/decisions");
    Browser.Page answered = b.post("/decisions/" + p.id() + "/once", Map.of());
    assertEquals(303, answered.status(), answered.body());
    assertTrue(b.get("/decisions").body().contains("allowed for 1 hour"), "flash");

    // the kernel got one element, with an hour's timeout, as an element change (no reload, no confirmation)
    assertEquals(1, h.nft.calls.size(), h.nft.calls.toString());
    String script = h.nft.calls.get(0).stdin();
    assertEquals(List.of("-f", "-"), h.nft.calls.get(0).args());
    assertTrue(script.endsWith("add element inet sekisho ask_allow4 { 192.168.1.20 . 203.0.113.5 . tcp . 443 "
        + "timeout 3600s }\n"), script);
    assertFalse(script.contains("table inet sekisho {"), "not a full load");
    assertTrue(h.safeApply.waiting().isEmpty(), "no confirmation cycle");

    Decision d = h.applied.current().orElseThrow().config().decisions().get(0);
    assertEquals(new Decision(d.id(), 1, DST, Protocol.TCP, 443, Action.ALLOW, h.clock.instant().plus(Duration
        .ofHours(1))), d);
    assertTrue(h.applied.current().orElseThrow().ruleset().contains("timeout 3600s comment \"decision " + d.id()),
        "the applied text has it for the next boot and rollback");
    Config draft = h.configs.load();
    assertTrue(draft.decisions().contains(d), "the draft has it");
    assertTrue(draft.hosts().stream().anyMatch(x -> x.name().equals("tv")), "the draft edit stays");
    assertFalse(h.applied.current().orElseThrow().config().hosts().stream().anyMatch(x -> x.name().equals("tv")),
        "and stays unapplied");
    assertEquals(revisions + 1, h.revisions.count(), "a revision with who and when");
    assertEquals(0, inbox().count());

    // a later full apply keeps the remaining time
    h.clock.advance(Duration.ofMinutes(20));
    h.nft.calls.clear();
    assertEquals(303, b.post("/apply", Map.of()).status());
    String load = h.nft.calls.get(h.nft.calls.size() - 1).stdin();
    assertTrue(load.contains("192.168.1.20 . 203.0.113.5 . tcp . 443 timeout 2400s"), load);
  }

  @Test
  void aWaitingApplyIsNotDisturbedAndItsRollbackKeepsTheDecision() {
    Browser b = applied();
    // an apply waits: a new host, not confirmed
    b.postFrom("/hosts/new", "/hosts", Map.of("name", "tv", "mac", "", "ip", "192.168.1.30"));
    assertEquals(303, b.post("/apply", Map.of()).status());
    PendingApply before = new PendingStore(h.configs.database()).get().orElseThrow();
    PendingDecision p = asked(8443, null);
    b.get("/decisions");
    assertEquals(303, b.post("/decisions/" + p.id() + "/deny", Map.of()).status());

    PendingApply after = new PendingStore(h.configs.database()).get().orElseThrow();
    assertEquals(before.deadline(), after.deadline(), "the same apply still waits, same deadline");
    assertEquals(before.tokenHash(), after.tokenHash());
    Decision d = after.config().decisions().get(0);
    assertEquals(Action.DENY, d.verdict());
    assertTrue(after.config().hosts().stream().anyMatch(x -> x.name().equals("tv")), "the waiting change stays");
    assertTrue(after.ruleset().contains("192.168.1.20 . 203.0.113.5 . tcp . 8443 comment \"decision"));
    assertTrue(after.previous().orElseThrow().config().decisions().contains(d), "what a rollback restores has it");
    assertFalse(after.previous().orElseThrow().config().hosts().stream().anyMatch(x -> x.name().equals("tv")));

    h.nft.calls.clear();
    h.safeApply.rollback("test");
    String restored = h.nft.calls.get(h.nft.calls.size() - 1).stdin();
    assertTrue(restored.contains("ask_deny4"), restored);
    assertTrue(restored.contains("192.168.1.20 . 203.0.113.5 . tcp . 8443"), "the rollback loads the decision");
    assertFalse(restored.contains("192.168.1.30"), "and not the rolled-back host");
    assertTrue(h.applied.current().orElseThrow().config().decisions().contains(d));
    assertTrue(h.configs.load().decisions().contains(d), "the draft keeps it after the rollback");
    Host laptop = h.configs.load().host(1).orElseThrow();
    assertTrue(laptop.ask());
  }

  @Test
  void dismissForgetsTheQuestionOnlyAndBulkAnswersAHost() {
    Browser b = applied();
    PendingDecision one = asked(443, null);
    asked(80, null);
    asked(22, null);
    b.get("/decisions");
    assertEquals(303, b.post("/decisions/" + one.id() + "/dismiss", Map.of()).status());
    assertEquals(2, inbox().count());
    assertTrue(h.applied.current().orElseThrow().config().decisions().isEmpty(), "a dismissal decides nothing");
    assertEquals(303, b.post("/decisions/hosts/1/always", Map.of()).status());
    assertEquals(0, inbox().count());
    List<Decision> ds = h.applied.current().orElseThrow().config().decisions();
    assertEquals(2, ds.size());
    assertTrue(ds.stream().allMatch(x -> x.verdict() == Action.ALLOW && x.expires() == null));
  }

  @Test
  void theBoundsAreADraftSettingRefusedAtTheirFieldWhenBad() {
    Browser b = applied();
    Config before = h.configs.load();
    Browser.Page bad = b.postFrom("/decisions", "/decisions/bounds", Map.of("askMaxPerHost", "0",
        "askMaxTotal", "10001"));
    assertEquals(400, bad.status());
    HostTest.assertFieldError(bad.body(), "askMaxPerHost", "between 1 and 10000");
    HostTest.assertFieldError(bad.body(), "askMaxTotal", "between 1 and 10000");
    assertEquals(before, h.configs.load(), "nothing changed");
    Browser.Page ok = b.post("/decisions/bounds", Map.of("askMaxPerHost", "5", "askMaxTotal", "40"));
    assertEquals(303, ok.status(), ok.body());
    assertEquals(5, h.configs.load().settings().askMaxPerHost());
    assertEquals(40, h.configs.load().settings().askMaxTotal());
    assertEquals(50, h.applied.current().orElseThrow().config().settings().askMaxPerHost(), "in force once applied");
    assertTrue(b.get("/apply/preview").body().contains("pending decisions per host"), "the diff names it");
  }
}
