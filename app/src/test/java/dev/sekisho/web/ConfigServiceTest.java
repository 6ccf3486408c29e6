package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigServiceTest {
  @TempDir Path dir;

  @Test
  void concurrentEditsAreNotLost() throws Exception {
    try (Database db = Database.open(dir)) {
      ConfigStore store = new ConfigStore(db);
      store.save(WebTestBase.lan());
      ConfigService service = new ConfigService(store);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        done.add(pool.submit(() -> service.update(c -> {
          Thread.yield(); // widen the read-modify-write window
          return c.withHost(new Host(c.nextHostId(), "h" + n, null, Ipv4.parse("192.168.1." + (100 + n))));
        })));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      assertEquals(41, store.load().hosts().size());
    }
  }

  @Test
  void aFailingChangeSavesNothing() {
    try (Database db = Database.open(dir)) {
      ConfigStore store = new ConfigStore(db);
      store.save(WebTestBase.lan());
      ConfigService service = new ConfigService(store);
      assertThrows(IllegalStateException.class, () -> service.update(c -> {
        c.withoutHost(1);
        throw new IllegalStateException("abort");
      }));
      assertEquals(WebTestBase.lan(), store.load());
      Config same = service.update(c -> c).after();
      assertEquals(WebTestBase.lan(), same);
    }
  }

  @Test
  void anEditReportsBeforeAfterAndItsResult() {
    try (Database db = Database.open(dir)) {
      ConfigStore store = new ConfigStore(db);
      store.save(WebTestBase.lan());
      ConfigService service = new ConfigService(store);
      ConfigService.Edit<Long> added = service.edit(c -> {
        long id = c.nextHostId();
        return ConfigService.Change.of(c.withHost(new Host(id, "new", null, Ipv4.parse("192.168.1.99"))), id);
      });
      assertEquals(WebTestBase.lan(), added.before());
      assertEquals(store.load(), added.after());
      assertTrue(added.changed());
      assertEquals("new", added.after().host(added.result()).orElseThrow().name());
    }
  }

  @Test
  void aReplacementIsSavedOnlyWhenItsGateAccepts() {
    try (Database db = Database.open(dir)) {
      ConfigStore store = new ConfigStore(db);
      store.save(WebTestBase.lan());
      ConfigService service = new ConfigService(store);
      ConfigService.Edit<Boolean> refused = service.replaceIf(Config.empty(), () -> false, ok -> ok);
      assertFalse(refused.changed());
      assertEquals(WebTestBase.lan(), store.load());
      ConfigService.Edit<Boolean> taken = service.replaceIf(Config.empty(), () -> true, ok -> ok);
      assertTrue(taken.changed());
      assertEquals(Config.empty(), store.load());
    }
  }

  @Test
  void whileFrozenNoEditRunsAndNothingIsReplaced() {
    try (Database db = Database.open(dir)) {
      ConfigStore store = new ConfigStore(db);
      store.save(WebTestBase.lan());
      ConfigService service = new ConfigService(store, () -> Optional.of("an apply waits"));
      boolean[] ran = new boolean[1];
      assertEquals("an apply waits", assertThrows(ConfigService.Frozen.class, () -> service.update(c -> {
        ran[0] = true;
        return Config.empty();
      })).getMessage());
      assertThrows(ConfigService.Frozen.class, () -> service.replace(Config.empty()));
      assertThrows(ConfigService.Frozen.class, () -> service.replaceIf(Config.empty(), () -> {
        ran[0] = true;
        return true;
      }, ok -> ok));
      assertFalse(ran[0], "a frozen edit never runs its change");
      assertEquals(WebTestBase.lan(), store.load());
      assertEquals(WebTestBase.lan(), service.withLock(c -> c), "reading is allowed");
    }
  }
}
