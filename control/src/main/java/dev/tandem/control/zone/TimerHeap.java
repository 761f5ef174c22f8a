package dev.tandem.control.zone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zones' timers in a binary heap of their own, with one task of a scheduled executor pending
 * for the earliest of them. Each of a catalog's 100,000 members has a refresh timer pending for
 * hours: as the executor's own tasks they cost 84 bytes a member (its task, the handle around it,
 * its queue's slot), here 36 (the entry and its slot).
 *
 * <p>A timer that becomes the earliest moves the executor's task to its instant. A cancelled
 * earliest timer leaves the task where it is: the task, finding nothing due, moves itself to the
 * next one. So whenever the heap holds a timer, {@link #wake} is set, and it is either pending no
 * later than the earliest instant or running and about to look at the heap again; it is cleared
 * only by a run that leaves the heap empty. Timers due at the same instant run in no set order.
 */
final class TimerHeap implements Timers {
  private static final Logger log = LoggerFactory.getLogger(TimerHeap.class);

  private final ScheduledExecutorService executor;
  private final Clock clock;
  // Guarded by this.
  private Entry[] heap = new Entry[16];
  private int size;
  private @Nullable Future<?> wake;
  private long wakeAt; // System.nanoTime() at which wake is due

  TimerHeap(ScheduledExecutorService executor, Clock clock) {
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public Timer at(Instant when, Runnable task) {
    // In nanoseconds: a delay truncated to milliseconds runs the task before its instant.
    long delay = Math.max(0, Duration.between(clock.instant(), when).toNanos());
    Entry e = new Entry(this, System.nanoTime() + delay, task);
    synchronized (this) {
      add(e);
      if (wake == null || e.due - wakeAt < 0) {
        try {
          wakeAt(e.due);
        } catch (RejectedExecutionException shutDown) {
          removeAt(e.index);
          return NONE; // nothing runs after shutdown
        }
      }
    }
    return e;
  }

  /** Timers pending. */
  synchronized int pending() {
    return size;
  }

  /** The executor's task: runs every timer that is due, then waits for the next one. */
  private void run() {
    for (Entry e = next(); e != null; e = next()) {
      try {
        e.task.run();
      } catch (Throwable t) { // as the executor would: the other timers still run
        log.error("a timer's task failed", t);
      }
    }
  }

  /**
   * Takes the earliest timer if it is due; otherwise sets {@link #wake} for it and returns null.
   */
  private synchronized @Nullable Entry next() {
    if (size == 0) {
      wake = null;
      return null;
    }
    Entry first = heap[0];
    if (first.due - System.nanoTime() > 0) {
      try {
        wakeAt(first.due);
      } catch (RejectedExecutionException shutDown) {
        wake = null;
      }
      return null;
    }
    removeAt(0);
    return first;
  }

  private void wakeAt(long due) {
    Future<?> old = wake;
    if (old != null) {
      old.cancel(false);
    }
    wake = executor.schedule(this::run, due - System.nanoTime(), TimeUnit.NANOSECONDS);
    wakeAt = due;
  }

  private synchronized void cancel(Entry e) {
    if (e.index >= 0) {
      removeAt(e.index);
    }
  }

  private void add(Entry e) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, e);
  }

  @SuppressWarnings("NullAway") // slots from size on are unused; cleared, not to keep a task alive
  private void removeAt(int i) {
    Entry gone = heap[i];
    gone.index = -1;
    Entry last = heap[--size];
    heap[size] = null;
    if (i < size) {
      siftDown(i, last);
      if (heap[i] == last) {
        siftUp(i, last);
      }
    }
  }

  private void siftUp(int i, Entry e) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Entry p = heap[parent];
      if (e.due - p.due >= 0) {
        break;
      }
      place(i, p);
      i = parent;
    }
    place(i, e);
  }

  private void siftDown(int i, Entry e) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].due - heap[child].due < 0) {
        child = right;
      }
      if (e.due - heap[child].due <= 0) {
        break;
      }
      place(i, heap[child]);
      i = child;
    }
    place(i, e);
  }

  private void place(int i, Entry e) {
    heap[i] = e;
    e.index = i;
  }

  /** A pending timer: its instant on {@link System#nanoTime()}'s scale, and its place. */
  private static final class Entry implements Timer {
    private final TimerHeap timers;
    private final long due;
    private final Runnable task;
    private int index = -1; // in the heap; -1 once run or cancelled. Guarded by timers.

    Entry(TimerHeap timers, long due, Runnable task) {
      this.timers = timers;
      this.due = due;
      this.task = task;
    }

    @Override
    public void cancel() {
      timers.cancel(this);
    }
  }
}
