package dev.tandem.control.zone;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a task at an instant of the control plane's clock: the zones' REFRESH and EXPIRE timers. A
 * seam of its own so that the whole refresh state machine runs on a fake clock in tests, with no
 * sleeping; in the server a heap of timers over a scheduled executor's thread.
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

  /**
   * Timers on {@code executor}, with delays measured against {@code clock}: a heap of our own with
   * one of the executor's tasks pending for the earliest ({@link TimerHeap}).
   */
  static Timers on(ScheduledExecutorService executor, Clock clock) {
    return new TimerHeap(executor, clock);
  }
}
