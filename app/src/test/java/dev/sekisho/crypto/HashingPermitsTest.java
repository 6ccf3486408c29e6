package dev.sekisho.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HashingPermitsTest {

  @Test
  void aCallerWithoutAPermitIsToldBusyAfterTheWaitInsteadOfPilingUp() throws Exception {
    HashingPermits permits = new HashingPermits(1, Duration.ofMillis(200));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> permits.run(() -> {
      holding.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }));
    holder.start();
    holding.await();
    long t0 = System.nanoTime();
    HashingPermits.Busy busy = assertThrows(HashingPermits.Busy.class, () -> permits.run(() -> 1));
    long waited = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(waited >= 150 && waited < 5_000, "waited " + waited + " ms");
    assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
    done.countDown();
    holder.join(5_000);
    assertEquals(2, permits.run(() -> 2), "the permit came back");
  }

  @Test
  void anOutOfMemoryErrorInTheWorkBecomesBusyAndReturnsThePermit() {
    HashingPermits permits = new HashingPermits(1, Duration.ofMillis(100));
    HashingPermits.Busy busy = assertThrows(HashingPermits.Busy.class, () -> permits.run(() -> {
      throw new OutOfMemoryError("Java heap space");
    }));
    assertTrue(busy.getCause() instanceof OutOfMemoryError);
    assertEquals(1, permits.semaphore().availablePermits());
  }
}
