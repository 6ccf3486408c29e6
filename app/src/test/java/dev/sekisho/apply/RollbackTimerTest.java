package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The real timer runs a task by itself (the deadline itself is tested with {@link ManualTimer}). */
class RollbackTimerTest {

  @Test
  void theDaemonTimerRunsADueTaskOnItsOwnThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    try (RollbackTimer timer = RollbackTimer.daemon()) {
      timer.schedule(Duration.ZERO, () -> {
        if (Thread.currentThread().isDaemon()) {
          ran.countDown();
        }
      });
      assertTrue(ran.await(10, TimeUnit.SECONDS), "the task ran on a daemon thread");
    }
  }

  @Test
  void aTaskThatRunsOutOfMemoryIsTriedAgainAndTheThreadLivesOn() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (RollbackTimer timer = RollbackTimer.daemon(Duration.ofMillis(10), 5)) {
      timer.schedule(Duration.ZERO, () -> {
        int n = attempts.incrementAndGet();
        if (n == 1) {
          throw new OutOfMemoryError("injected");
        }
        if (n == 2) {
          throw new IllegalStateException("the database is busy");
        }
        done.countDown();
      });
      assertTrue(done.await(10, TimeUnit.SECONDS), "the third attempt ran the rollback");
      assertEquals(3, attempts.get());
      CountDownLatch later = new CountDownLatch(1);
      timer.schedule(Duration.ZERO, later::countDown);
      assertTrue(later.await(10, TimeUnit.SECONDS), "the timer thread still runs later tasks");
    }
  }

  @Test
  void retriesAreBoundedAndEndWithCancel() throws Exception {
    AtomicInteger bounded = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    try (RollbackTimer timer = RollbackTimer.daemon(Duration.ofMillis(5), 4)) {
      timer.schedule(Duration.ZERO, () -> {
        bounded.incrementAndGet();
        throw new OutOfMemoryError("always");
      });
      RollbackTimer.Scheduled s = timer.schedule(Duration.ZERO, () -> {
        cancelled.incrementAndGet();
        throw new OutOfMemoryError("always");
      });
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cancelled.get() < 2 && System.nanoTime() < end) {
        Thread.sleep(1);
      }
      s.cancel();
      int atCancel = cancelled.get();
      Thread.sleep(300);
      assertEquals(4, bounded.get(), "four attempts in all");
      assertTrue(cancelled.get() <= atCancel + 1, "no retry after cancel: " + cancelled.get());
    }
  }
}
