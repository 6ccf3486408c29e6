package dev.sekisho.apply;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay: {@link SafeApply}'s rollback deadline. It is passed in rather than built by
 * SafeApply so that tests move time by hand instead of waiting for it; the appliance uses {@link #daemon()}.
 */
public interface RollbackTimer extends AutoCloseable {

  /** A task waiting for its time. */
  interface Scheduled {
    /** Drops the task if it has not started; a running task is not interrupted. */
    void cancel();
  }

  /** Runs {@code task} once, {@code delay} from now. */
  Scheduled schedule(Duration delay, Runnable task);

  /** Drops every waiting task and stops the timer. */
  @Override
  void close();

  /** The real timer: one daemon thread, so a waiting rollback never keeps the process alive. */
  static RollbackTimer daemon() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sekisho-rollback-timer");
      t.setDaemon(true);
      return t;
    });
    return new RollbackTimer() {
      @Override
      public Scheduled schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
