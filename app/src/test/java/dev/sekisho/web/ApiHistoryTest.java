package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Revisions and backups over the API: the panel's rollback-to-draft and checked restore with confirmation. */
class ApiHistoryTest extends ApiTestBase {

  private void applyAndConfirm(String note) {
    String fp = api.get("/api/v1/apply/preview").json().get("fingerprint").textValue();
    ApiClient.Reply s = api.post("/api/v1/apply", Map.of("fingerprint", fp, "note", note));
    assertEquals(202, s.status(), s.body());
    assertEquals(200, api.post("/api/v1/apply/confirm", Map.of("token", s.json().get("token").textValue())).status());
  }

  @Test
  void revisionsAreListedShownComparedAndRolledBackToTheDraft() {
    applyAndConfirm("first");
    Config first = h.configs.load();
    assertEquals(201, api.post("/api/v1/rules", ApiConfigTest.rule(1, "tcp", "80", "deny", "no web")).status());
    applyAndConfirm("second");
    JsonNode list = api.get("/api/v1/revisions").json();
    assertEquals(2, list.size());
    long newer = list.get(0).get("id").longValue();
    long older = list.get(1).get("id").longValue();
    assertTrue(list.get(0).get("current").booleanValue());
    assertEquals("second", list.get(0).get("note").textValue());
    JsonNode shown = api.get("/api/v1/revisions/" + newer).json();
    assertTrue(shown.get("ruleset").textValue().contains("no web"));
    assertEquals(1, shown.get("config").get("rules").size());
    JsonNode diff = api.get("/api/v1/revisions/diff?from=" + older + "&to=" + newer).json();
    assertEquals("Rule #1 (no web)", diff.get("changes").get(0).get("title").textValue());
    assertTrue(diff.get("rulesetDiff").textValue().contains("+"));
    ApiClient.Reply noTo = api.get("/api/v1/revisions/diff?from=" + older);
    assertEquals(400, noTo.status());
    assertEquals("to", noTo.json().get("errors").get(0).get("path").textValue());
    assertEquals(404, api.get("/api/v1/revisions/999").status());

    ApiClient.Reply back = api.post("/api/v1/revisions/" + older + "/rollback", null);
    assertEquals(200, back.status(), back.body());
    assertEquals(first, h.configs.load(), "the older revision is the draft");
    assertFalse(api.get("/api/v1/apply/preview").json().get("changes").isEmpty(), "to be applied like any draft");
  }

  @Test
  void aPlainBackupIsRestoredThroughPreviewAndApplyWithConfirmation() {
    ApiClient.Reply backup = api.get("/api/v1/backup");
    assertEquals(200, backup.status());
    assertEquals("sekisho-backup", backup.json().get("format").textValue());
    assertEquals(200, api.put("/api/v1/policy", Map.of("lanDefault", "deny")).status());

    assertEquals(404, api.get("/api/v1/backup/restore").status(), "nothing uploaded yet");
    ApiClient.Reply preview = api.send("POST", "/api/v1/backup/restore", backup.body());
    assertEquals(200, preview.status(), preview.body());
    assertTrue(preview.json().get("changes").toString().contains("allow"), preview.body());
    assertEquals(Policy.DENY, h.configs.load().settings().lanDefault(), "an upload changes nothing");
    ApiClient.Reply again = api.get("/api/v1/backup/restore");
    assertEquals(preview.json().get("fingerprint"), again.json().get("fingerprint"));
    // Another key has its own pending restore: none.
    assertEquals(404, client(createKey(admin, "other", "write")).get("/api/v1/backup/restore").status());

    ApiClient.Reply started = api.post("/api/v1/backup/restore/apply", Map.of("fingerprint",
        preview.json().get("fingerprint").textValue(), "timeout", 30));
    assertEquals(202, started.status(), started.body());
    assertEquals(Policy.ALLOW, h.configs.load().settings().lanDefault(), "the backup is the draft once loaded");
    assertEquals(200, api.post("/api/v1/apply/confirm", Map.of("token", started.json().get("token").textValue()))
        .status());
    assertEquals(404, api.get("/api/v1/backup/restore").status(), "taken");
  }

  @Test
  void aBrokenBackupIsRefusedWithItsProblemsAndAnUploadCanBeDropped() {
    String good = api.get("/api/v1/backup").body();
    ApiClient.Reply tampered = api.send("POST", "/api/v1/backup/restore", good.replace("\"allow\"", "\"deny\""));
    assertEquals(400, tampered.status(), tampered.body());
    assertFalse(tampered.errors().isEmpty());
    ApiClient.Reply notJson = api.send(api.request("/api/v1/backup/restore").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(good)), "POST", "/api/v1/backup/restore");
    assertEquals(415, notJson.status());
    assertEquals(200, api.send("POST", "/api/v1/backup/restore", good).status());
    assertEquals(204, api.delete("/api/v1/backup/restore").status());
    assertEquals(404, api.delete("/api/v1/backup/restore").status());
  }
}
