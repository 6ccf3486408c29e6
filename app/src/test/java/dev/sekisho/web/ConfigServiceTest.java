package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
      Config same = service.update(c -> c);
      assertEquals(WebTestBase.lan(), same);
    }
  }
}
