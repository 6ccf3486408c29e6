package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.store.AuditQuery;
import dev.sekisho.store.AuditStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit log as the panel records and shows it: one event per security event or change, with its source. */
class AuditWebTest extends WebTestBase {

  private AuditStore audit() {
    return h.appliance.audit();
  }

  private List<AuditEvent> events(AuditKind kind) {
    return audit().find(new AuditQuery(kind, null, null, null), 0, 100).events();
  }

  private static String kinds(List<AuditEvent> events) {
    return events.stream().map(e -> e.kind().label() + "/" + e.outcome()).toList().toString();
  }

  @Test
  void loginFailureLockoutSuccessAndLogoutAreRecordedWithTheSourceAddress() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser b = h.browser();
    for (int i = 0; i < WebApp.MAX_FAILURES; i++) {
      assertEquals(401, b.postFrom("/login", "/login", Map.of("username", "admin", "password", "wrong")).status());
    }
    assertEquals(429, b.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD)).status());
    List<AuditEvent> failures = events(AuditKind.LOGIN_FAILURE);
    assertEquals(WebApp.MAX_FAILURES, failures.size());
    AuditEvent f = failures.get(0);
    assertEquals("127.0.0.1", f.source());
    assertEquals("admin", f.user());
    assertEquals(AuditEvent.FAILED, f.outcome());
    assertEquals(Harness.START, f.at());
    assertEquals(1, events(AuditKind.LOCKOUT).size());
    assertEquals(AuditEvent.REFUSED, events(AuditKind.LOCKOUT).get(0).outcome());

    h.clock.advance(WebApp.LOCKOUT.plusSeconds(1));
    Browser in = loggedIn();
    AuditEvent ok = events(AuditKind.LOGIN_SUCCESS).get(0);
    assertEquals("admin", ok.user());
    assertEquals("127.0.0.1", ok.source());
    in.post("/logout", Map.of());
    assertEquals(1, events(AuditKind.LOGOUT).size());
    assertEquals("admin", events(AuditKind.LOGOUT).get(0).user());
  }

  @Test
  void aHostileUserNameIsStoredEscapedAndShownAsText() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    String hostile = "<script>alert(1)</script>\r\nkind=login_success";
    Browser anon = h.browser();
    assertEquals(401, anon.postFrom("/login", "/login", Map.of("username", hostile, "password", "x")).status());
    AuditEvent e = events(AuditKind.LOGIN_FAILURE).get(0);
    assertFalse(e.user().contains("\n") || e.user().contains("\r"), e.user());
    assertEquals("<script>alert(1)</script>\\u000d\\u000akind=login_success", e.user());
    assertFalse(e.logLine().contains("\n"), "one line in the journal");

    String page = loggedIn().get("/audit?kind=login_failure").body();
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\u000d\\u000akind=login_success"), page);
    assertFalse(page.contains("<script>alert"), page);
  }

  @Test
  void setupRecordsAWrongTokenAndTheFirstPassword() {
    Browser b = h.browser();
    b.get("/setup");
    assertEquals(400, b.post("/setup", Map.of("token", "guess", "password", PASSWORD, "confirm", PASSWORD))
        .status());
    assertEquals(1, events(AuditKind.SETUP_TOKEN_WRONG).size());
    assertEquals(303, b.post("/setup", Map.of("token", h.token, "password", PASSWORD, "confirm", PASSWORD))
        .status());
    assertEquals(1, events(AuditKind.SETUP_DONE).size());
    assertEquals("127.0.0.1", events(AuditKind.SETUP_DONE).get(0).source());
  }

  @Test
  void editsApplyConfirmAndTimerRollbackAreRecorded() {
    h.configs.save(lan());
    Browser b = loggedIn();
    assertEquals(303, b.post("/hosts", Map.of("name", "printer", "mac", "", "ip", "192.168.1.40")).status());
    List<AuditEvent> edits = events(AuditKind.CONFIG_EDIT);
    assertEquals(1, edits.size());
    assertEquals("Host printer (#2) added", edits.get(0).detail());
    assertEquals("admin", edits.get(0).user());
    assertEquals("127.0.0.1", edits.get(0).source());

    b.post("/apply", Map.of("note", "first"));
    ApplyTest.confirm(b);
    assertEquals("note: first", events(AuditKind.APPLY_STARTED).get(0).detail());
    assertEquals(AuditEvent.OK, events(AuditKind.APPLY_CONFIRMED).get(0).outcome());

    b.post("/hosts/2/delete", Map.of());
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "30")).location());
    h.timer.advance(Duration.ofSeconds(31));
    AuditEvent rb = events(AuditKind.APPLY_ROLLED_BACK).get(0);
    assertEquals(AuditEvent.SYSTEM, rb.user());
    assertEquals(AuditEvent.OK, rb.outcome());
    assertTrue(rb.detail().contains("by admin: it was not confirmed within 30 seconds"), rb.detail());

    String order = kinds(audit().find(AuditQuery.ALL, 0, 100).events());
    assertEquals("[apply_rolled_back/ok, apply_started/ok, config_edit/ok, apply_confirmed/ok, apply_started/ok, "
        + "config_edit/ok, login_success/ok]", order, "newest first");
  }

  @Test
  void aRollbackAtStartUpIsRecordedWithItsReason() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/apply", Map.of());
    h.close();
    h = new Harness(dir);
    AuditEvent rb = events(AuditKind.APPLY_ROLLED_BACK).get(0);
    assertTrue(rb.detail().contains("Sekisho stopped before it was confirmed"), rb.detail());
  }

  @Test
  void applyWithoutConfirmationAndRevisionRollbackAreRecorded() {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.post("/apply/now", Map.of("understood", "on", "note", "cut over"));
    assertEquals("note: cut over", events(AuditKind.APPLY_UNCONFIRMED).get(0).detail());
    b.post("/hosts/1/delete", Map.of());
    long rev = h.revisions.list().get(0).id();
    b.post("/revisions/" + rev + "/rollback", Map.of());
    assertEquals("the draft is now revision " + rev, events(AuditKind.REVISION_ROLLBACK).get(0).detail());
  }

  @Test
  void thePageFiltersByKindTextAndTimeAndPages() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    for (int i = 0; i < AuditController.PAGE_SIZE + 5; i++) {
      audit().record(new AuditEvent(Harness.START.minusSeconds(3600 - i), "user" + i, "192.0.2.1",
          AuditKind.LOGIN_FAILURE, AuditEvent.FAILED, "wrong password"));
    }
    Browser b = loggedIn();
    String all = b.get("/audit").body();
    assertTrue(all.contains("page 1 of 2 (56 events)"), all);
    String loginRow = "class=\"audit-kind\">login_success<";
    assertTrue(all.contains(loginRow), "newest first: the login is on page 1");
    String older = b.get("/audit?page=1").body();
    assertTrue(older.contains(">user0<") && !older.contains(loginRow), older);

    String kind = b.get("/audit?kind=login_success").body();
    assertTrue(kind.contains(">1 event<") && !kind.contains(">user3<"), kind);
    String text = b.get("/audit?q=USER42").body();
    assertTrue(text.contains(">user42<") && text.contains(">1 event<"), text);
    // 09:15:30..09:15:40 in the clock's zone (GMT): user0 to user9.
    String range = b.get("/audit?from=2025-03-01T09:15:30&to=2025-03-01T09:15:40").body();
    assertTrue(range.contains("10 events") && range.contains(">user9<") && !range.contains(">user10<"), range);
    String bad = b.get("/audit?from=yesterday").body();
    assertTrue(bad.contains("From must be a time"), bad);
    assertTrue(b.get("/").body().contains("href=\"/audit\""), "the nav links to the page");
  }
}
