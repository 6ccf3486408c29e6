package dev.sekisho.apply;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** Pause before a task that failed runs again. */
  Duration RETRY_PAUSE = Duration.ofSeconds(1);
  /** Attempts at most (five minutes at one a second); after that the next start rolls back. */
  int MAX_ATTEMPTS = 300;

  /** The real timer: one daemon thread, so a waiting rollback never keeps the process alive. */
  static RollbackTimer daemon() {
    return daemon(RETRY_PAUSE, MAX_ATTEMPTS);
  }

  /**
   * The real timer, retrying a task that ends in a RuntimeException or an Error such as an OutOfMemoryError
   * after {@code retryPause}, at most {@code maxAttempts} times in all. A rollback that did not happen leaves
   * the new, unconfirmed rules in force; the executor would swallow the throw (it only fails the task's
   * future) and nothing would try again until the next start. A rollback can safely run twice: it does
   * nothing once the pending apply is gone.
   */
  static RollbackTimer daemon(Duration retryPause, int maxAttempts) {
    Logger log = LoggerFactory.getLogger(RollbackTimer.class);
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sekisho-rollback-timer");
      t.setDaemon(true);
      return t;
    });
    return new RollbackTimer() {
      @Override
      public Scheduled schedule(Duration delay, Runnable task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<ScheduledFuture<?>> next = new AtomicReference<>();
        Runnable attempt = new Runnable() {
          private int attempts;

          @Override
          public void run() {
            if (cancelled.get()) {
              return;
            }
            try {
              task.run();
            } catch (RuntimeException | VirtualMachineError e) {
              attempts++;
              if (attempts >= maxAttempts) {
                log.error("timer task failed {} times; giving up (a waiting apply is rolled back at the next "
                    + "start)", attempts, e);
                return;
              }
              log.error("timer task failed (attempt {} of {}); trying again in {} ms", attempts, maxAttempts,
                  retryPause.toMillis(), e);
              try {
                next.set(executor.schedule(this, retryPause.toMillis(), TimeUnit.MILLISECONDS));
              } catch (RejectedExecutionException stopped) {
                // the timer was closed meanwhile
              }
            }
          }
        };
        next.set(executor.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS));
        return () -> {
          cancelled.set(true);
          next.get().cancel(false);
        };
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
