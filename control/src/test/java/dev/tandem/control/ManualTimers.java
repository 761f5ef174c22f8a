package dev.tandem.control;

import dev.tandem.control.zone.Timers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A clock that moves only when a test says, and the timers set against it: {@link #advance} moves
 * the time and runs, in order, every task that falls due on the way (tasks may set new timers).
 * With a direct executor for the zone events, a whole refresh state machine runs in the test's
 * thread, in milliseconds, with no sleeping.
 */
public final class ManualTimers implements Timers {
  private record Pending(Instant at, long seq, Runnable task, boolean[] cancelled) {}

  private final FakeClock clock;
  private final List<Pending> pending = new ArrayList<>();
  private long seq;
  private long fastPpm;

  public ManualTimers(Instant start) {
    this.clock = new FakeClock(start);
  }

  /**
   * From now on each task runs early by {@code ppm} millionths of its delay, as on a real scheduled
   * executor, which counts delays on a clock of its own (NTP may slew the wall clock by 500 ppm).
   */
  public void runFastBy(long ppm) {
    this.fastPpm = ppm;
  }

  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  @Override
  public synchronized Timer at(Instant when, Runnable task) {
    boolean[] cancelled = {false};
    long delay = Math.max(0, Duration.between(clock.instant(), when).toNanos());
    Instant runAt = when.minusNanos(delay / 1_000_000 * fastPpm);
    pending.add(new Pending(runAt, seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Runs what is due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the clock by {@code d}, running each task that falls due, at its own time. */
  public void advance(Duration d) {
    Instant until = clock.instant().plus(d);
    while (true) {
      Pending next;
      synchronized (this) {
        pending.removeIf(p -> p.cancelled()[0]);
        next =
            pending.stream()
                .filter(p -> !p.at().isAfter(until))
                .min(Comparator.comparing(Pending::at).thenComparing(Pending::seq))
                .orElse(null);
        if (next == null) {
          break;
        }
        pending.remove(next);
      }
      if (next.at().isAfter(clock.instant())) {
        clock.set(next.at());
      }
      next.task().run();
    }
    clock.set(until);
  }

  /** How many tasks wait (cancelled ones left out). */
  public synchronized int pendingCount() {
    pending.removeIf(p -> p.cancelled()[0]);
    return pending.size();
  }

  /** When the earliest pending task is due, or null if none is. */
  public synchronized @Nullable Instant nextDue() {
    pending.removeIf(p -> p.cancelled()[0]);
    return pending.stream().map(Pending::at).min(Comparator.naturalOrder()).orElse(null);
  }

  private static final class FakeClock extends Clock {
    private volatile Instant now;

    FakeClock(Instant now) {
      this.now = now;
    }

    void set(Instant t) {
      now = t;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
