package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.PENDING_DECISIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions inbox's pending decisions and the configuration's decisions against a real H2 database. */
class PendingDecisionStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  @TempDir Path dir;
  Database db;
  PendingDecisionStore store;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    store = new PendingDecisionStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static Ipv4 ip(int i) {
    return Ipv4.parse("203.0." + (i / 250) + "." + (1 + i % 250));
  }

  @Test
  void theSameQuestionIsCountedNotRepeated() {
    store.record(2, ip(1), Protocol.TCP, 443, null, T0, 10, 100);
    store.record(2, ip(1), Protocol.TCP, 443, "example.com", T0.plusSeconds(5), 10, 100);
    PendingDecision p = store.record(2, ip(1), Protocol.TCP, 443, null, T0.plusSeconds(3), 10, 100);
    assertEquals(1, store.count());
    assertEquals(3, p.hits());
    assertEquals(T0, p.firstSeen());
    assertEquals(T0.plusSeconds(5), p.lastSeen());
    assertEquals("example.com", p.domain());
    // another port or protocol is another question
    store.record(2, ip(1), Protocol.UDP, 443, null, T0, 10, 100);
    store.record(2, ip(1), Protocol.TCP, 80, null, T0, 10, 100);
    assertEquals(3, store.count());
    assertEquals(0, store.dropped());
  }

  @Test
  void aFloodingHostKeepsItsBoundAndTheDropsAreCounted() {
    int perHost = 20;
    int total = 50;
    // one quiet host with a question from before the flood
    store.record(7, ip(9999), Protocol.TCP, 22, null, T0, perHost, total);
    for (int i = 0; i < 1000; i++) {
      store.record(2, ip(i), Protocol.TCP, 443, null, T0.plusMillis(i + 1), perHost, total);
      assertTrue(store.count() <= total);
    }
    List<PendingDecision> all = store.all();
    List<PendingDecision> flooder = all.stream().filter(p -> p.hostId() == 2).toList();
    assertEquals(perHost, flooder.size(), "the flooding host keeps at most its bound");
    // the newest survive: the last 20 destinations
    assertEquals(ip(999), flooder.get(0).destination());
    assertEquals(ip(980), flooder.get(perHost - 1).destination());
    assertTrue(all.stream().anyMatch(p -> p.hostId() == 7), "the quiet host's question is not pushed out by it");
    assertEquals(1000 - perHost, store.dropped());
    assertEquals(perHost + 1, db.dsl().fetchCount(PENDING_DECISIONS));
  }

  @Test
  void theTotalBoundPushesOutTheLeastRecentlySeenOfAnyHost() {
    for (long h = 1; h <= 10; h++) {
      for (int i = 0; i < 5; i++) {
        store.record(h, ip(i), Protocol.UDP, 53, null, T0.plusSeconds(h * 10 + i), 5, 30);
      }
    }
    assertEquals(30, store.count());
    assertEquals(20, store.dropped());
    // hosts 1 to 4 were seen longest ago: gone
    assertTrue(store.all().stream().allMatch(p -> p.hostId() >= 5));
    PendingDecision one = store.all().get(0);
    assertTrue(store.delete(one.id()));
    assertFalse(store.delete(one.id()));
    store.deleteKey(one.hostId(), ip(0), Protocol.UDP, 53);
    assertEquals(28, store.count());
  }

  @Test
  void askModeAndDecisionsAreStoredWithTheConfiguration() {
    ConfigStore configs = new ConfigStore(db);
    Config c = TestConfigs.rich();
    long host = c.hosts().get(0).id();
    c = c.withHost(c.hosts().get(0).withAsk(true))
        .withSettings(s -> s.withAskBounds(7, 70))
        .withDecisions(List.of(
            new Decision(1, host, ip(1), Protocol.TCP, 443, Action.ALLOW, T0.plusSeconds(3600)),
            new Decision(2, host, ip(2), Protocol.UDP, 123, Action.DENY, null)));
    configs.save(c);
    Config back = configs.load();
    assertEquals(c, back);
    assertTrue(back.hosts().get(0).ask());
    assertEquals(7, back.settings().askMaxPerHost());
    assertEquals(T0.plusSeconds(3600), back.decisions().get(0).expires());
    // deleting the host takes its decisions with it
    assertTrue(c.withoutHost(host).decisions().isEmpty());
  }
}
