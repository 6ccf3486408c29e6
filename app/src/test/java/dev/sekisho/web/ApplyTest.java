package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.ruleset.RulesetCompiler;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApplyTest extends WebTestBase {

  @Test
  void applyChecksThenLoadsAndShowsTheTime() {
    Config c = lan().withRule(RuleTest.rule(1));
    h.configs.save(c);
    Browser b = loggedIn();
    assertTrue(b.get("/").body().contains("Unapplied changes"));
    Browser.Page p = b.post("/apply", Map.of());
    assertEquals(303, p.status());
    assertEquals("/apply/pending", p.location());
    assertEquals("close", p.header("Connection"), "the confirmation must come over a new connection");
    assertEquals("/ruleset", confirm(b).location());
    assertEquals(1, h.revisions.count(), "the confirmation recorded one revision");

    String expected = RulesetCompiler.compile(c).text();
    assertEquals(2, h.nft.calls.size());
    assertEquals(List.of("-c", "-f", "-"), h.nft.calls.get(0).args());
    assertEquals(expected, h.nft.calls.get(0).stdin());
    assertEquals(List.of("-f", "-"), h.nft.calls.get(1).args());
    assertEquals(expected, h.nft.calls.get(1).stdin());
    AppliedState state = h.applied.current().orElseThrow();
    assertEquals(c, state.config());
    assertEquals(Harness.START, state.appliedAt());

    Browser.Page ruleset = b.get("/ruleset");
    assertTrue(ruleset.body().contains("Confirmed: the new ruleset stays."), ruleset.body());
    assertTrue(ruleset.body().contains("Applied 2025-03-01 10:15:30 GMT."), ruleset.body());
    assertTrue(ruleset.body().contains("<pre class=\"ruleset\">"));
    assertFalse(b.get("/").body().contains("Unapplied changes"));
    assertTrue(b.get("/").body().contains("2025-03-01 10:15:30"));

    // A new edit makes the draft differ again.
    b.post("/rules/1/toggle", Map.of());
    assertTrue(b.get("/").body().contains("Unapplied changes"));
  }

  @Test
  void failingCheckLeavesTheKernelAndAppliedStateAloneAndShowsTheError() {
    Config old = lan();
    h.configs.save(old);
    Browser b = loggedIn();
    b.post("/apply", Map.of());
    confirm(b);
    AppliedState before = h.applied.current().orElseThrow();
    h.nft.calls.clear();

    h.configs.save(lan().withRule(RuleTest.rule(1)));
    h.nft.failCheckWith = "/dev/stdin:12:3-20: Error: Could not process rule: No such file or directory";
    Browser.Page p = b.post("/apply", Map.of());
    assertEquals(303, p.status());
    assertEquals("/apply", p.location());
    assertEquals(1, h.nft.calls.size(), "only the check ran");
    assertEquals(List.of("-c", "-f", "-"), h.nft.calls.get(0).args());
    assertEquals(before, h.applied.current().orElseThrow());

    Browser.Page report = b.get("/apply");
    assertEquals(200, report.status());
    assertTrue(report.body().contains("Nothing in the kernel changed"));
    assertTrue(report.body().contains("nft refused line 12: Error: Could not process rule"), report.body());
    assertTrue(report.body().contains("Attempted 2025-03-01 10:15:30 GMT."));
  }

  @Test
  void nftErrorOnARuleLineLinksToThatRule() {
    Config c = lan().withRule(RuleTest.rule(4)).withRule(RuleTest.rule(9));
    h.configs.save(c);
    List<Long> origin = RulesetCompiler.compile(c).lineRuleIds();
    int line = origin.indexOf(9L) + 1;
    assertTrue(line > 0, "rule #9 has a line");
    h.nft.failCheckWith = "/dev/stdin:" + line + ":1-5: Error: Could not process rule: Invalid argument";
    Browser b = loggedIn();
    assertEquals("/apply", b.post("/apply", Map.of()).location());
    String report = b.get("/apply").body();
    assertTrue(report.contains("<a href=\"/rules/9/edit\">Rule #9 (position 2)</a>"), report);
    assertTrue(report.contains("Invalid argument"));
    assertTrue(h.applied.current().isEmpty());
  }

  @Test
  void anUnexpectedFailureDuringApplyShowsNoInternals() {
    h.configs.save(lan());
    h.nft.explodeWith = new IllegalStateException("secret-internal-detail");
    Browser b = loggedIn();
    assertEquals("/apply", b.post("/apply", Map.of()).location());
    Browser.Page report = b.get("/apply");
    assertTrue(report.body().contains("an internal error stopped the apply"), report.body());
    assertFalse(report.body().contains("secret-internal-detail"));
    assertFalse(report.body().contains("at dev.sekisho"));
    assertTrue(h.applied.current().isEmpty());
  }

  @Test
  void invalidDraftIsRefusedWithProblemsLinkedToTheirForms() {
    // Host 1 outside the LAN subnet (index 0) and masquerade without a WAN interface.
    Config bad = Config.of(List.of(lan().interfaces().get(0)),
        List.of(new dev.sekisho.config.Host(1, "laptop", null, dev.sekisho.config.Ipv4.parse("10.0.0.5"))),
        List.of(RuleTest.rule(3)), dev.sekisho.config.Settings.DEFAULTS);
    h.configs.save(bad);
    Browser b = loggedIn();
    assertEquals("/apply", b.post("/apply", Map.of()).location());
    String report = b.get("/apply").body();
    assertTrue(report.contains("<a href=\"/hosts/1/edit#ip\">Host laptop, ip</a>"), report);
    assertTrue(report.contains("<a href=\"/nat\">NAT</a>"), report);
    assertTrue(h.nft.calls.isEmpty());
    assertTrue(h.applied.current().isEmpty());

    // The same problems show on the dashboard and instead of the preview.
    assertTrue(b.get("/").body().contains("href=\"/hosts/1/edit#ip\""));
    String ruleset = b.get("/ruleset").body();
    assertTrue(ruleset.contains("cannot be compiled yet"));
    assertTrue(ruleset.contains("Nothing has been applied yet."));
  }

  @Test
  void problemPathsLinkToTheFormThatFixesThem() {
    Config c = lan().withRule(RuleTest.rule(8)).withRule(RuleTest.rule(3)).withRule(RuleTest.rule(5));
    var comment = ProblemLinks.link(c, new dev.sekisho.config.Problem("rules[2].comment", "bad"));
    assertEquals("/rules/5/edit#comment", comment.href());
    assertEquals("Rule #5 (position 3), comment", comment.where());
    assertEquals("/rules/3/edit", ProblemLinks.link(c, new dev.sekisho.config.Problem("rules[1]", "x")).href());
    assertEquals("/interfaces/eth1/edit#address",
        ProblemLinks.link(c, new dev.sekisho.config.Problem("interfaces[1].address", "x")).href());
    assertEquals("", ProblemLinks.link(c, new dev.sekisho.config.Problem("rules[9]", "x")).href());
    assertEquals("/rules#policy", ProblemLinks.link(c, new dev.sekisho.config.Problem("settings.lanDefault", "x")).href());
  }

  @Test
  void rulesetPageShowsAppliedTextEscapedAndAPreview() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/apply", Map.of());
    confirm(b);
    h.configs.save(lan().withRule(RuleTest.rule(1)));
    String page = b.get("/ruleset").body();
    assertTrue(page.contains("Preview of the draft"));
    assertTrue(page.contains("<pre class=\"ruleset preview\">"));
    assertTrue(page.contains("r1"), "preview shows the new rule");
  }

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("data-token=\"([^\"]+)\"");

  /** Does what the waiting page's script does: confirm with the one-time token. */
  static Browser.Page confirm(Browser b) {
    String page = b.get("/apply/pending").body();
    java.util.regex.Matcher m = TOKEN.matcher(page);
    assertTrue(m.find(), "the waiting page carries the token: " + page);
    return b.post("/apply/confirm", Map.of("token", m.group(1)));
  }

  @Test
  void previewShowsTheChangesTheDiffAndLockoutWarnings() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/apply", Map.of());
    confirm(b);
    h.configs.save(lan().withRule(RuleTest.rule(1)).withSettings(s -> s.withAntiLockout(false)));
    String page = b.get("/apply/preview").body();
    assertTrue(page.contains("Rule #1 (r1) added: deny tcp port 443 from all LAN hosts to any"), page);
    assertTrue(page.contains("NAT and settings changed: anti-lockout on → off"), page);
    assertTrue(page.contains("class=\"diff-add\""), "the ruleset diff shows added lines");
    assertTrue(page.contains("could cut your own access"), "the test client (127.0.0.1) is not on the LAN");
    assertTrue(page.contains("action=\"/apply\""));
  }

  @Test
  void whileAnApplyWaitsASecondOneAndEditsAreRefusedAndTheFirstIsUnaffected() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertEquals("/apply/pending", b.post("/apply", Map.of()).location());
    int calls = h.nft.calls.size();

    Browser.Page second = b.post("/apply", Map.of());
    assertEquals("/apply", second.location());
    assertTrue(b.get("/apply").body().contains("waiting for confirmation"));
    assertEquals(calls, h.nft.calls.size(), "nothing was loaded for the refused apply");

    Browser.Page edit = b.post("/settings/policy", Map.of("lanDefault", "deny"));
    assertEquals("/apply/pending", edit.location());
    assertEquals(lan(), h.configs.load(), "the draft is frozen while an apply waits");
    assertTrue(b.get("/").body().contains("An apply is waiting for confirmation"));

    assertEquals("/ruleset", confirm(b).location());
    assertEquals(lan(), h.applied.current().orElseThrow().config());
  }

  @Test
  void aWrongTokenIsRefusedAndARollbackIsAnnouncedUntilDismissed() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/apply", Map.of());
    b.get("/apply/pending");
    Browser.Page wrong = b.postWithHeader("/apply/confirm", Map.of("token", "forged"), "X-Requested-With", "fetch");
    assertEquals(403, wrong.status());
    assertTrue(wrong.body().contains("WRONG_TOKEN"));

    h.safeApply.rollback("the test said so");
    String page = b.get("/hosts").body();
    assertTrue(page.contains("was rolled back because the test said so"), page);
    assertTrue(h.applied.current().isEmpty(), "a first apply rolls back to nothing applied");
    long id = h.notices.open().get(0).id();
    assertEquals(303, b.post("/notices/" + id + "/dismiss", Map.of("back", "/hosts")).status());
    assertFalse(b.get("/hosts").body().contains("was rolled back"));
  }

  @Test
  void dismissingANoticeByANameThatIsNotANumberIsNotFound() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.get("/hosts");
    assertEquals(404, b.post("/notices/abc/dismiss", Map.of("back", "/hosts")).status());
    assertEquals(404, b.post("/notices/99999999999999999999/dismiss", Map.of()).status());
    assertEquals(303, b.post("/notices/12345/dismiss", Map.of()).status(), "an unknown number is ignored");
  }

  @Test
  void applyingWithoutConfirmationNeedsTheExplicitTick() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertEquals("/apply/preview", b.post("/apply/now", Map.of()).location());
    assertTrue(h.nft.calls.isEmpty());
    assertEquals("/ruleset", b.post("/apply/now", Map.of("understood", "on")).location());
    assertEquals(lan(), h.applied.current().orElseThrow().config());
    assertEquals(1, h.revisions.count(), "an unconfirmed apply is recorded like a confirmed one");
  }

  @Test
  void anApplyLoadsWhatThePreviewShowedAndNothingIfTheDraftChangedSince() {
    h.configs.save(lan().withRule(RuleTest.rule(1)));
    Browser b = loggedIn();
    String previewed = previewed(b.get("/apply/preview").body());
    assertEquals(64, previewed.length(), "the preview carries the fingerprint of what it showed");

    // Another admin's edit lands between the preview and the click on Apply.
    b.post("/rules/1/toggle", Map.of());
    Browser.Page p = b.post("/apply", Map.of("previewed", previewed));
    assertEquals("/apply", p.location());
    assertTrue(h.nft.calls.isEmpty(), "nothing reached nft");
    assertTrue(h.applied.current().isEmpty());
    assertTrue(b.get("/apply").body().contains("the configuration changed after you reviewed it"));
    assertEquals("/apply", b.post("/apply/now", Map.of("understood", "on", "previewed", previewed)).location());
    assertTrue(h.nft.calls.isEmpty(), "nor without confirmation");

    // Reviewed again: the new fingerprint applies exactly that draft.
    String again = previewed(b.get("/apply/preview").body());
    assertFalse(again.equals(previewed));
    assertEquals("/apply/pending", b.post("/apply", Map.of("previewed", again)).location());
    assertEquals(h.configs.load(), h.applied.current().orElseThrow().config());
  }

  private static String previewed(String body) {
    Matcher m = Pattern.compile("name=\"previewed\" value=\"([0-9a-f]*)\"").matcher(body);
    assertTrue(m.find(), "no fingerprint on the preview page");
    return m.group(1);
  }
}
