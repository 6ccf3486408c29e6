package dev.sekisho.apply;

import dev.sekisho.web.auth.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link RollbackTimer} that runs its tasks only when the test moves the clock past their time, on the
 * test's own thread: a rollback deadline is tested in microseconds instead of seconds of real waiting.
 */
public final class ManualTimer implements RollbackTimer {
  private final MutableClock clock;
  private final List<Task> tasks = new ArrayList<>();

  /** Times tasks by {@code clock}. */
  public ManualTimer(MutableClock clock) {
    this.clock = clock;
  }

  private final class Task implements Scheduled {
    final Instant due;
    final Runnable run;

    Task(Instant due, Runnable run) {
      this.due = due;
      this.run = run;
    }

    @Override
    public void cancel() {
      synchronized (ManualTimer.this) {
        tasks.remove(this);
      }
    }
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.instant().plus(delay), task);
    tasks.add(t);
    return t;
  }

  /** Moves the clock forward, then runs every task that is due, earliest first. */
  public void advance(Duration d) {
    clock.advance(d);
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.due.isAfter(clock.instant()))
            .min(Comparator.comparing(t -> t.due)).orElse(null);
        if (next == null) {
          return;
        }
        tasks.remove(next);
      }
      // Outside the lock, as a real timer thread would run it: the task may schedule or cancel others.
      next.run.run();
    }
  }

  /** How many tasks wait. */
  public synchronized int waiting() {
    return tasks.size();
  }

  @Override
  public synchronized void close() {
    tasks.clear();
  }
}
