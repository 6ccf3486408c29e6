package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.store.ApiKey;
import dev.sekisho.store.AuditQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys in the panel, and the API's gate: bearer keys only, scopes, throttling, audit. */
class ApiAuthTest extends ApiTestBase {

  private List<AuditEvent> audited(AuditKind kind) {
    return h.appliance.audit().find(new AuditQuery(kind, null, null, null), 0, 100).events();
  }

  @Test
  void aKeyIsCreatedOnlyWithTheCurrentPasswordShownOnceAndStoredAsAHash() {
    admin.get("/settings/api-keys");
    Browser.Page wrong = admin.post("/settings/api-keys", Map.of("name", "x", "scope", "read",
        PasswordCheck.FIELD, "not my password"));
    assertEquals(400, wrong.status());
    assertFalse(KEY.matcher(wrong.body()).find(), "no key without the right password");
    assertEquals(1, audited(AuditKind.REAUTH_FAILURE).size(), "the wrong password is audited");
    Browser.Page noPassword = admin.post("/settings/api-keys", Map.of("name", "x", "scope", "read"));
    assertEquals(400, noPassword.status());
    Browser.Page badName = admin.post("/settings/api-keys", Map.of("name", "<script>", "scope", "read",
        PasswordCheck.FIELD, PASSWORD));
    assertEquals(400, badName.status());
    assertTrue(badName.body().contains("1 to 60 letters"), badName.body());

    String key = createKey(admin, "backup script", "read");
    String page = admin.get("/settings/api-keys").body();
    assertFalse(page.contains(key), "shown once only");
    assertTrue(page.contains("backup script") && page.contains("never"), page);
    ApiKey stored = h.appliance.apiKeys().list().get(0);
    assertFalse(stored.secretHash().contains(key.substring(20)), "only a hash is stored");
    assertEquals(ApiKeys.sha256(key), stored.secretHash());
    assertTrue(key.contains(stored.keyId()), "the public id is part of the key");
    assertEquals(2, audited(AuditKind.API_KEY_CREATED).size());
    assertFalse(audited(AuditKind.API_KEY_CREATED).get(0).detail().contains(key), "the key is never audited");
  }

  @Test
  void creatingAndRevokingNeedTheFormToken() {
    Browser.Page p = admin.postRaw("/settings/api-keys", Map.of("name", "x", "scope", "read",
        PasswordCheck.FIELD, PASSWORD));
    assertEquals(403, p.status());
    long id = h.appliance.apiKeys().list().get(0).id();
    assertEquals(403, admin.postRaw("/settings/api-keys/" + id + "/revoke", Map.of()).status());
    assertEquals(200, api.get("/api/v1/hosts").status(), "the key still works");
  }

  @Test
  void lastUseIsShownAndARevokedKeyStopsAtOnce() {
    h.clock.advance(Duration.ofMinutes(5));
    assertEquals(200, api.get("/api/v1/rules").status());
    ApiKey k = h.appliance.apiKeys().list().get(0);
    assertEquals(h.clock.instant(), k.lastUsedAt());
    String page = admin.get("/settings/api-keys").body();
    assertFalse(page.contains(">never<"), page);

    assertEquals(303, admin.post("/settings/api-keys/" + k.id() + "/revoke", Map.of()).status());
    ApiClient.Reply r = api.get("/api/v1/rules");
    assertEquals(401, r.status());
    assertEquals("unauthorized", r.problem());
    assertTrue(admin.get("/settings/api-keys").body().contains("revoked"));
    assertEquals(1, audited(AuditKind.API_KEY_REVOKED).size());
    assertTrue(audited(AuditKind.API_KEY_WRONG).get(0).detail().contains("revoked API key 'ci'"));
    assertEquals(404, admin.post("/settings/api-keys/" + k.id() + "/revoke", Map.of()).status(),
        "revoked once");
  }

  @Test
  void withoutAKeyOrWithAWrongOneEveryRouteIs401AndNoCookieCounts() {
    ApiClient none = client(null);
    ApiClient.Reply r = none.get("/api/v1/rules");
    assertEquals(401, r.status());
    assertEquals("unauthorized", r.problem());
    assertEquals("Bearer realm=\"sekisho\"", r.header("WWW-Authenticate"));
    assertEquals(401, none.post("/api/v1/apply", Map.of("fingerprint", "x")).status());
    assertTrue(audited(AuditKind.API_KEY_WRONG).isEmpty(), "a missing key is not a guess");

    ApiClient wrong = client(api.key.substring(0, api.key.length() - 1) + (api.key.endsWith("A") ? "B" : "A"));
    assertEquals(401, wrong.get("/api/v1/rules").status());
    assertEquals(401, client("sk_0000000000000000_" + "A".repeat(43)).get("/api/v1/rules").status());
    assertEquals(401, client("not a key").get("/api/v1/rules").status());
    assertEquals(3, audited(AuditKind.API_KEY_WRONG).size());
    assertEquals("-", audited(AuditKind.API_KEY_WRONG).get(0).user());

    // The panel's session cookie is not a credential for the API.
    ApiClient.Reply withCookie = none.send(none.request("/api/v1/rules")
        .header("Cookie", Web.COOKIE + "=" + admin.session()).GET(), "GET", "/api/v1/rules");
    assertEquals(401, withCookie.status());
    // Nor is a key in the URL.
    assertEquals(401, none.get("/api/v1/rules?access_token=" + api.key).status());
    // Basic instead of Bearer.
    ApiClient.Reply basic = none.send(none.request("/api/v1/rules").header("Authorization", "Basic " + api.key)
        .GET(), "GET", "/api/v1/rules");
    assertEquals(401, basic.status());
  }

  @Test
  void wrongKeysAreThrottledLikeLoginsAndWhileLockedEvenTheRightKeyGets429() {
    ApiClient wrong = client("sk_0000000000000000_" + "B".repeat(43));
    for (int i = 0; i < WebApp.MAX_FAILURES; i++) {
      assertEquals(401, wrong.get("/api/v1/rules").status(), "try " + i);
    }
    ApiClient.Reply locked = wrong.get("/api/v1/rules");
    assertEquals(429, locked.status());
    assertEquals("throttled", locked.problem());
    assertNotNull(locked.header("Retry-After"));
    assertEquals(429, api.get("/api/v1/rules").status(), "a guess is never answered while locked out");
    assertEquals(AuditEvent.REFUSED, audited(AuditKind.API_KEY_WRONG).get(0).outcome());
    // The same throttle as the login form: the admin's address is locked out there too.
    Browser other = h.browser();
    assertEquals(429, other.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD)).status());

    h.clock.advance(WebApp.LOCKOUT.plusSeconds(1));
    assertEquals(200, api.get("/api/v1/rules").status(), "after the lock-out the right key works again");
  }

  @Test
  void aReadKeyReadsButCannotChangeAnything() {
    ApiClient read = client(createKey(admin, "monitor", "read"));
    assertEquals(200, read.get("/api/v1/rules").status());
    assertEquals(200, read.get("/api/v1/apply/preview").status());
    ApiClient.Reply post = read.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.30"));
    assertEquals(403, post.status());
    assertEquals("forbidden", post.problem());
    assertEquals(403, read.delete("/api/v1/hosts/1").status());
    assertEquals(403, read.put("/api/v1/policy", Map.of("lanDefault", "deny")).status());
    assertEquals(403, read.post("/api/v1/apply", Map.of("fingerprint", "x")).status());
    assertEquals(lan(), h.configs.load(), "nothing changed");
    assertEquals(201, api.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.30")).status(),
        "the write key may");
  }

  @Test
  void editsByAKeyAreAuditedUnderItsName() {
    assertEquals(201, api.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.30")).status());
    AuditEvent e = audited(AuditKind.CONFIG_EDIT).get(0);
    assertEquals("api:ci", e.user());
    assertTrue(e.detail().contains("nas"), e.detail());
  }

  @Test
  void theOpenApiDocumentIsPublicAndUnknownRoutesAreProblems() {
    ApiClient none = client(null);
    none.conform = false;
    ApiClient.Reply doc = none.get("/api/openapi.json");
    assertEquals(200, doc.status());
    assertEquals("3.1.0", doc.json().get("openapi").textValue());
    api.conform = false;
    ApiClient.Reply missing = api.get("/api/v1/nothing-here");
    assertEquals(404, missing.status());
    assertEquals("no-such-route", missing.problem());
    ApiClient.Reply noItem = api.get("/api/v1/hosts/99");
    assertEquals(404, noItem.status());
    assertEquals("not-found", noItem.problem(), "a missing item is not a missing route");
  }
}
