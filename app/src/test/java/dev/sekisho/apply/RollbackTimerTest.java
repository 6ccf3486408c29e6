package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
