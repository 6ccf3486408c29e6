package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapingTest extends WebTestBase {

  @Test
  void markupInNamesAndCommentsIsRefusedByTheValidators() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Browser.Page host = b.postFrom("/hosts/new", "/hosts",
        Map.of("name", "<script>alert(1)</script>", "mac", "", "ip", "192.168.1.40"));
    assertEquals(400, host.status());
    HostTest.assertFieldError(host.body(), "name", "name contains &#39;&lt;&#39;");
    assertFalse(host.body().contains("<script>alert(1)</script>"), "echoed input is escaped");
    assertTrue(host.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    Browser.Page rule = b.post("/rules", Map.of("source", "all", "destination", "any", "protocol", "any",
        "action", "deny", "comment", "<img src=x onerror=alert(1)>", "enabled", "on"));
    assertEquals(400, rule.status());
    HostTest.assertFieldError(rule.body(), "comment", "comment contains the character &#39;&lt;&#39;");
    assertFalse(rule.body().contains("<img src=x"));
    assertEquals(lan(), h.configs.load());
  }

  @Test
  void textThatIsStoredIsAlwaysRenderedEscaped() {
    // Allowed by the validators yet meaningful to HTML: an apostrophe and an ampersand.
    Config c = Config.of(lan().interfaces(),
        List.of(new Host(1, "Bob's PC", null, Ipv4.parse("192.168.1.20"))),
        List.of(new Rule(1, 1L, null, Protocol.ANY, null, Action.DENY, false, Comment.parse("a&b='x'"), true)),
        lan().settings());
    h.configs.save(c);
    // The applied ruleset text comes from elsewhere (the compiler, a restored backup): escape it too.
    h.applied.record(new AppliedState(Instant.EPOCH, c, "table inet x { <script>alert(1)</script> }"));
    Browser b = loggedIn();
    String hosts = b.get("/hosts").body();
    assertTrue(hosts.contains("Bob&#39;s PC"), hosts);
    String rules = b.get("/rules").body();
    assertTrue(rules.contains("a&amp;b=&#39;x&#39;"), rules);
    String edit = b.get("/rules/1/edit").body();
    assertTrue(edit.contains("value=\"a&amp;b=&#39;x&#39;\""), edit);
    String ruleset = b.get("/ruleset").body();
    assertFalse(ruleset.contains("<script>alert(1)</script>"));
    assertTrue(ruleset.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  }
}
