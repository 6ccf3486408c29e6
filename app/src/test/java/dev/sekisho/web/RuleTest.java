package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.UnknownDevices;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleTest extends WebTestBase {

  static Rule rule(long id) {
    return new Rule(id, null, null, Protocol.TCP, PortRange.of(443), Action.DENY, false, Comment.parse("r" + id), true);
  }

  static Rule ruleFrom(long id, Long host) {
    return new Rule(id, host, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true);
  }

  private static Map<String, String> form(String comment) {
    Map<String, String> f = new HashMap<>();
    f.put("source", "1");
    f.put("destination", "203.0.113.0/24");
    f.put("protocol", "tcp");
    f.put("ports", "8000-8080");
    f.put("action", "reject");
    f.put("log", "on");
    f.put("comment", comment);
    f.put("enabled", "on");
    return f;
  }

  @Test
  void hostileCommentIsRefusedNextToTheFieldAndNothingIsSaved() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Browser.Page p = b.postFrom("/rules/new", "/rules", form("x\"; flush ruleset"));
    assertEquals(400, p.status());
    HostTest.assertFieldError(p.body(), "comment", "comment contains a double quote");
    assertTrue(p.body().contains("value=\"x&quot;; flush ruleset\""), "input kept, escaped");
    assertTrue(p.body().contains("value=\"8000-8080\""));
    assertEquals(lan(), h.configs.load());
  }

  @Test
  void portsOnlyWithTcpOrUdp() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Map<String, String> f = form("ok");
    f.put("protocol", "icmp");
    Browser.Page p = b.postFrom("/rules/new", "/rules", f);
    assertEquals(400, p.status());
    HostTest.assertFieldError(p.body(), "ports", "ports can only be given with tcp, udp or tcp+udp");
    f.put("protocol", "tcp");
    f.put("destination", "10.1.2.3/8");
    f.put("source", "99");
    Browser.Page q = b.post("/rules", f);
    assertEquals(400, q.status());
    HostTest.assertFieldError(q.body(), "destination", "did you mean 10.0.0.0/8");
    HostTest.assertFieldError(q.body(), "source", "choose a host");
    assertEquals(lan(), h.configs.load());
  }

  @Test
  void validRulesAreSavedInOrderAndCanBeMovedToggledEditedAndDeleted() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertEquals(303, b.postFrom("/rules/new", "/rules", form("block uploads")).status());
    Map<String, String> second = form("any to dns");
    second.put("source", "all");
    second.put("destination", "any");
    second.put("protocol", "udp");
    second.put("ports", "53");
    second.put("action", "allow");
    second.remove("log");
    assertEquals(303, b.post("/rules", second).status());

    Config c = h.configs.load();
    assertEquals(List.of(1L, 2L), c.rules().stream().map(Rule::id).toList());
    assertEquals(new Rule(1, 1L, Cidr.parse("203.0.113.0/24"), Protocol.TCP, new PortRange(8000, 8080),
        Action.REJECT, true, Comment.parse("block uploads"), true), c.rules().get(0));
    assertEquals(new Rule(2, null, null, Protocol.UDP, PortRange.of(53), Action.ALLOW, false,
        Comment.parse("any to dns"), true), c.rules().get(1));

    String page = b.get("/rules").body();
    assertTrue(page.contains("first rule that matches decides"));
    assertTrue(page.indexOf("block uploads") < page.indexOf("any to dns"), "shown in order");
    assertTrue(page.contains("All LAN hosts"));
    assertTrue(page.contains(">laptop<"), "source shown by host name");

    assertEquals(303, b.post("/rules/2/move", Map.of("direction", "up")).status());
    assertEquals(List.of(2L, 1L), ids());
    String moved = b.get("/rules").body();
    assertTrue(moved.indexOf("any to dns") < moved.indexOf("block uploads"));
    assertEquals(303, b.post("/rules/2/move", Map.of("direction", "down")).status());
    assertEquals(List.of(1L, 2L), ids());
    b.post("/rules/2/move", Map.of("direction", "down"));
    assertEquals(List.of(1L, 2L), ids(), "the last rule stays last");

    assertEquals(303, b.post("/rules/1/toggle", Map.of()).status());
    assertFalse(h.configs.load().rule(1).orElseThrow().enabled());
    b.post("/rules/1/toggle", Map.of());
    assertTrue(h.configs.load().rule(1).orElseThrow().enabled());

    Browser.Page edit = b.get("/rules/1/edit");
    assertTrue(edit.body().contains("value=\"block uploads\""));
    Map<String, String> changed = form("block uploads v2");
    changed.remove("enabled");
    assertEquals(303, b.post("/rules/1", changed).status());
    Rule r1 = h.configs.load().rule(1).orElseThrow();
    assertEquals("block uploads v2", r1.comment().text());
    assertFalse(r1.enabled());
    assertEquals(List.of(1L, 2L), ids(), "editing keeps the position");

    assertEquals(303, b.post("/rules/1/delete", Map.of()).status());
    assertEquals(List.of(2L), ids());
  }

  @Test
  void lanDefaultPolicyIsSetOnTheRulesPage() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertEquals(303, b.postFrom("/rules", "/settings/policy", Map.of("lanDefault", "deny")).status());
    assertEquals(Policy.DENY, h.configs.load().settings().lanDefault());
    Browser.Page bad = b.post("/settings/policy", Map.of("lanDefault", "maybe"));
    assertEquals(400, bad.status());
    HostTest.assertFieldError(bad.body(), "lanDefault", "unknown policy");
    assertEquals(Policy.DENY, h.configs.load().settings().lanDefault());
  }

  @Test
  void theUnknownDevicesPolicyIsSetOnTheRulesPageWithItsExplanation() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Browser.Page page = b.get("/rules");
    assertTrue(page.body().contains("id=\"unknown-devices\""), page.body());
    assertTrue(page.body().contains("Without a policy of its own it falls to the LAN default"), page.body());
    assertEquals(303, b.postFrom("/rules", "/settings/unknown-devices", Map.of("unknownDevices", "deny")).status());
    assertEquals(UnknownDevices.DENY, h.configs.load().settings().unknownDevices());
    assertTrue(b.get("/rules").body().contains("<option value=\"deny\" selected=\"selected\">deny: registered"),
        "the saved choice is shown");
    Browser.Page bad = b.post("/settings/unknown-devices", Map.of("unknownDevices", "ask me"));
    assertEquals(400, bad.status());
    HostTest.assertFieldError(bad.body(), "unknownDevices", "unknown choice");
    assertEquals(UnknownDevices.DENY, h.configs.load().settings().unknownDevices(), "nothing changed");
    assertEquals(Policy.ALLOW, h.configs.load().settings().lanDefault());
  }

  private List<Long> ids() {
    return h.configs.load().rules().stream().map(Rule::id).toList();
  }
}
