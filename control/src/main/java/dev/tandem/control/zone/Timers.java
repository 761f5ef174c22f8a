package dev.tandem.control.zone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task at an instant of the control plane's clock: the zones' REFRESH and EXPIRE timers. A
 * seam of its own so that the whole refresh state machine runs on a fake clock in tests, with no
 * sleeping; in the server it is a scheduled executor.
 */
public interface Timers {

  /**
   * Runs {@code task} at {@code when} (at once if it has passed), on a control-plane thread; the
   * handle cancels it. A task may still find the clock a little short of {@code when} (the
   * executor's clock is not the control plane's): one that must not run early checks and re-arms.
   * After shutdown nothing runs and a cancelled handle is returned.
   */
  Timer at(Instant when, Runnable task);

  /** A pending task. */
  interface Timer {
    /** Cancels the task if it has not run yet. */
    void cancel();
  }

  /** A timer that is not pending. */
  Timer NONE = () -> {};

  /**
   * A scheduler of {@code threads} daemon threads named {@code name} that drops a task when it is
   * cancelled: by default a cancelled task stays queued until it falls due, and the control plane
   * cancels and sets again timers that lie weeks ahead (EXPIRE, each refresh) or come by the
   * thousand (the checks' follow-ups, each new serial).
   */
  static ScheduledExecutorService scheduler(String name, int threads) {
    java.util.concurrent.ScheduledThreadPoolExecutor s =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            threads, r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** Timers on {@code executor}, with delays measured against {@code clock}. */
  static Timers on(ScheduledExecutorService executor, Clock clock) {
    return (when, task) -> {
      // In nanoseconds: a delay truncated to milliseconds runs the task before its instant.
      long delay = Math.max(0, Duration.between(clock.instant(), when).toNanos());
      Scheduled s = new Scheduled(task);
      try {
        s.future = executor.schedule(s, delay, TimeUnit.NANOSECONDS);
        return s;
      } catch (RejectedExecutionException e) {
        return NONE; // shutting down: no next one
      }
    };
  }

  /**
   * A task as the executor runs it and its handle, one object: a {@code Runnable} given to the
   * executor is wrapped in one more, and a handle over the future is another (32 bytes for each of
   * a catalog's 100,000 members, whose refresh timers are all pending).
   */
  final class Scheduled implements Callable<@Nullable Void>, Timer {
    private final Runnable task;
    private volatile @Nullable Future<?> future;

    private Scheduled(Runnable task) {
      this.task = task;
    }

    @Override
    public @Nullable Void call() {
      task.run();
      return null;
    }

    @Override
    public void cancel() {
      Future<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
