package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.TestTrust;
import dev.sekisho.store.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Preview → apply → confirm-or-rollback over the API, with the panel's contract. */
class ApiApplyTest extends ApiTestBase {

  private String fingerprint() {
    ApiClient.Reply p = api.get("/api/v1/apply/preview");
    assertEquals(200, p.status(), p.body());
    assertTrue(p.json().get("problems").isEmpty(), p.body());
    return p.json().get("fingerprint").textValue();
  }

  private void addRule() {
    assertEquals(201, api.post("/api/v1/rules", ApiConfigTest.rule(1, "tcp", "80", "deny", "no web")).status());
  }

  @Test
  void previewApplyAndConfirmOverANewConnectionMakeARevisionByTheKey() {
    addRule();
    ApiClient.Reply preview = api.get("/api/v1/apply/preview");
    JsonNode p = preview.json();
    assertTrue(p.get("rulesetDiff").textValue().contains("no web"), preview.body());
    assertTrue(p.get("changes").toString().contains("Rule #1 (no web)"), preview.body());
    assertFalse(p.get("applyWaiting").booleanValue());
    ApiClient.Reply started = api.post("/api/v1/apply", Map.of("fingerprint", p.get("fingerprint").textValue(),
        "timeout", 60, "note", "via api"));
    assertEquals(202, started.status(), started.body());
    assertEquals("close", started.header("Connection"), "the next request opens a new connection");
    assertTrue(h.nft.calls.stream().anyMatch(c -> c.stdin() != null && c.stdin().contains("no web")), "loaded into the kernel");
    ApiClient.Reply status = api.get("/api/v1/apply/status");
    assertTrue(status.json().get("waiting").booleanValue());
    assertEquals("api:ci", status.json().get("admin").textValue());

    ApiClient.Reply confirmed = api.post("/api/v1/apply/confirm", Map.of("token",
        started.json().get("token").textValue()));
    assertEquals(200, confirmed.status(), confirmed.body());
    assertTrue(h.safeApply.waiting().isEmpty());
    assertEquals("api:ci", h.revisions.list().get(0).admin());
    assertEquals("via api", h.revisions.list().get(0).note());
    assertFalse(api.get("/api/v1/apply/status").json().get("waiting").booleanValue());
    ApiClient.Reply again = api.post("/api/v1/apply/confirm", Map.of("token", started.json().get("token").textValue()));
    assertEquals(410, again.status());
    assertEquals("gone", again.problem());
    ApiClient.Reply rs = api.get("/api/v1/ruleset");
    assertTrue(rs.json().get("applied").textValue().contains("no web"));
    List<String> kinds = h.appliance.audit().find(AuditQuery.ALL, 0, 50).events().stream()
        .filter(e -> e.user().equals("api:ci")).map(e -> e.kind().label()).toList();
    assertTrue(kinds.containsAll(List.of("apply_started", "apply_confirmed")), kinds.toString());
  }

  @Test
  void anApplyWhoseDraftChangedAfterThePreviewIsRefusedAndNothingIsLoaded() {
    addRule();
    String fp = fingerprint();
    assertEquals(200, api.put("/api/v1/policy", Map.of("lanDefault", "deny")).status());
    h.nft.calls.clear();
    ApiClient.Reply r = api.post("/api/v1/apply", Map.of("fingerprint", fp));
    assertEquals(409, r.status());
    assertEquals("draft-changed", r.problem());
    assertTrue(h.nft.calls.isEmpty(), "the kernel is untouched");
    assertEquals(400, api.post("/api/v1/apply", Map.of()).status(), "the fingerprint is required");
    assertEquals(List.of("note: must be a string"), api.post("/api/v1/apply", Map.of("fingerprint", fp, "note", 5))
        .errors());
    ApiClient.Reply window = api.post("/api/v1/apply", Map.of("fingerprint", fingerprint(), "timeout", 5));
    assertEquals(400, window.status());
    assertTrue(window.errors().get(0).startsWith("timeout: the confirmation window must be between"),
        window.errors().toString());
  }

  @Test
  void aRefusedConfigurationIs422WithItsLocatedProblems() {
    h.configs.save(lan().withInterface(new dev.sekisho.config.NetInterface("eth1", dev.sekisho.config.Role.LAN,
        null)));
    ApiClient.Reply p = api.get("/api/v1/apply/preview");
    assertTrue(p.json().get("fingerprint").isNull());
    assertFalse(p.json().get("problems").isEmpty());
    ApiClient.Reply r = api.post("/api/v1/apply", Map.of("fingerprint", "anything"));
    assertEquals(422, r.status(), r.body());
    assertEquals("apply-failed", r.problem());
    assertFalse(r.errors().isEmpty());
  }

  @Test
  void whileAnApplyWaitsEditsAndApplies409AndTwoConcurrentAppliesOnlyOneStarts() throws Exception {
    addRule();
    String fp = fingerprint();
    int n = 4;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ApiClient.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ApiClient c = client(api.key);
      replies.add(pool.submit(() -> {
        go.await();
        return c.post("/api/v1/apply", Map.of("fingerprint", fp, "timeout", 60));
      }));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<ApiClient.Reply> f : replies) {
      ApiClient.Reply r = f.get();
      statuses.add(r.status());
      if (r.status() == 409) {
        assertEquals("apply-waiting", r.problem());
      }
    }
    pool.shutdown();
    assertEquals(1, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
    assertEquals(n - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());

    ApiClient.Reply edit = api.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.30"));
    assertEquals(409, edit.status());
    assertEquals("apply-waiting", edit.problem());
    ApiClient.Reply now = api.post("/api/v1/apply/now", Map.of("fingerprint", fp, "understood", true));
    assertEquals(409, now.status());
    assertTrue(h.safeApply.waiting().isPresent());
  }

  @Test
  void aConfirmationOverAConnectionOpenedBeforeTheApplyIsRefusedAndAWrongTokenToo() throws Exception {
    // Real time: the check compares the socket's open time with the apply's start.
    h.clock.advance(Duration.between(h.clock.instant(), Instant.now()));
    addRule();
    String fp = fingerprint();
    String token;
    try (SSLSocket old = TestTrust.socket(h.tls(), "127.0.0.1", h.port)) {
      Thread.sleep(20);
      h.clock.advance(Duration.between(h.clock.instant(), Instant.now()));
      ApiClient.Reply started = api.post("/api/v1/apply", Map.of("fingerprint", fp));
      assertEquals(202, started.status());
      token = started.json().get("token").textValue();
      assertEquals(403, api.post("/api/v1/apply/confirm", Map.of("token", "x" + token)).status());
      String body = "{\"token\":\"" + token + "\"}";
      String request = "POST /api/v1/apply/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.key
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
      old.setSoTimeout(10_000);
      old.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      old.getOutputStream().flush();
      String answer = new String(old.getInputStream().readNBytes(16 * 1024), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 409 "), answer);
      assertTrue(answer.contains("old-connection"), answer);
    }
    assertTrue(h.safeApply.waiting().isPresent(), "still waiting");
    assertEquals(200, api.post("/api/v1/apply/confirm", Map.of("token", token)).status(),
        "a connection opened after the apply confirms");
  }

  @Test
  void withoutAConfirmationTheApplyIsRolledBack() {
    addRule();
    ApiClient.Reply started = api.post("/api/v1/apply", Map.of("fingerprint", fingerprint(), "timeout", 10));
    assertEquals(202, started.status());
    h.nft.calls.clear();
    h.timer.advance(Duration.ofSeconds(11));
    assertTrue(h.safeApply.waiting().isEmpty());
    assertFalse(h.nft.calls.isEmpty(), "the previous ruleset was loaded again");
    assertFalse(api.get("/api/v1/apply/status").json().get("waiting").booleanValue());
    ApiClient.Reply late = api.post("/api/v1/apply/confirm", Map.of("token", started.json().get("token").textValue()));
    assertEquals(410, late.status());
    assertEquals(1, h.appliance.audit().find(new AuditQuery(AuditKind.APPLY_ROLLED_BACK, null, null, null), 0, 10)
        .total());
    assertTrue(h.revisions.list().isEmpty(), "nothing confirmed");
  }

  @Test
  void applyNowNeedsUnderstoodAndAppliesWithoutAWindow() {
    addRule();
    String fp = fingerprint();
    ApiClient.Reply no = api.post("/api/v1/apply/now", Map.of("fingerprint", fp));
    assertEquals(400, no.status());
    assertEquals("understood", no.json().get("errors").get(0).get("path").textValue());
    ApiClient.Reply yes = api.post("/api/v1/apply/now", Map.of("fingerprint", fp, "understood", true, "note", "now"));
    assertEquals(200, yes.status(), yes.body());
    assertTrue(h.safeApply.waiting().isEmpty());
    assertEquals(1, h.revisions.list().size());
  }
}
