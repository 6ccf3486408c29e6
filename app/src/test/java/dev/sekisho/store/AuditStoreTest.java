package dev.sekisho.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private Database db;

  @BeforeEach
  void open() {
    db = Database.inMemoryForTests("audit-" + System.nanoTime());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static AuditEvent event(int i, AuditKind kind, String user, String detail) {
    return new AuditEvent(T0.plusSeconds(i), user, "192.0.2." + i, kind, AuditEvent.OK, detail);
  }

  @Test
  void keepsTheNewestUpToTheBoundAndCountsWhatItPruned() {
    AuditStore store = new AuditStore(db, 10);
    for (int i = 0; i < 25; i++) {
      store.record(event(i, AuditKind.LOGIN_SUCCESS, "admin", "n" + i));
    }
    List<AuditEvent> all = store.all();
    assertEquals(10, all.size());
    assertEquals("n15", all.get(0).detail(), "oldest first, the oldest kept is the 16th");
    assertEquals("n24", all.get(9).detail());
    assertEquals(15, store.pruned());
    assertEquals(10, store.find(AuditQuery.ALL, 0, 100).total());
  }

  @Test
  void theDefaultBoundIsTenThousand() {
    assertEquals(10_000, new AuditStore(db).bound());
  }

  @Test
  void storesEveryFieldAndReadsItBackEqual() {
    AuditStore store = new AuditStore(db);
    AuditEvent e = new AuditEvent(Instant.parse("2025-03-01T10:00:00.123456789Z"), "子供\nx", "fd00::1",
        AuditKind.CONFIG_EDIT, AuditEvent.OK, "Host nas (#1) changed");
    store.record(e);
    assertEquals(List.of(e), store.all());
  }

  @Test
  void filtersByKindTextAndTimeNewestFirstAndPages() {
    AuditStore store = new AuditStore(db);
    store.record(event(1, AuditKind.LOGIN_FAILURE, "mallory", "wrong password"));
    store.record(event(2, AuditKind.LOGIN_SUCCESS, "admin", ""));
    store.record(event(3, AuditKind.CONFIG_EDIT, "admin", "Host 100%_done (#2) added"));
    store.record(event(4, AuditKind.LOGIN_FAILURE, "admin", "wrong password"));
    store.record(event(5, AuditKind.APPLY_STARTED, "admin", "note: Weekly"));

    assertEquals(List.of("192.0.2.4", "192.0.2.1"), sources(store.find(
        new AuditQuery(AuditKind.LOGIN_FAILURE, null, null, null), 0, 10)));
    assertEquals(List.of("192.0.2.1"), sources(store.find(new AuditQuery(null, "MALLORY", null, null), 0, 10)),
        "text matches the user, ignoring case");
    assertEquals(List.of("192.0.2.3"), sources(store.find(new AuditQuery(null, "192.0.2.3", null, null), 0, 10)),
        "and the source");
    assertEquals(List.of("192.0.2.5"), sources(store.find(new AuditQuery(null, "weekly", null, null), 0, 10)),
        "and the detail");
    assertEquals(List.of("192.0.2.3"), sources(store.find(new AuditQuery(null, "100%_", null, null), 0, 10)),
        "% and _ are literal");
    assertEquals(0, store.find(new AuditQuery(null, "1_0%", null, null), 0, 10).total());
    assertEquals(List.of("192.0.2.3", "192.0.2.2"), sources(store.find(
        new AuditQuery(null, null, T0.plusSeconds(2), T0.plusSeconds(4)), 0, 10)), "from inclusive, to exclusive");

    AuditPage first = store.find(AuditQuery.ALL, 0, 2);
    assertEquals(List.of("192.0.2.5", "192.0.2.4"), sources(first));
    assertEquals(5, first.total());
    assertEquals(3, first.pages());
    assertEquals(List.of("192.0.2.1"), sources(store.find(AuditQuery.ALL, 2, 2)));
  }

  private static List<String> sources(AuditPage p) {
    return p.events().stream().map(AuditEvent::source).toList();
  }
}
