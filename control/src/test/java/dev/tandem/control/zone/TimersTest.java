package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The zones' timers on a real scheduler: run at their instant, cancelled ones gone at once, none
 * lost when set from many threads.
 */
class TimersTest {
  private final ScheduledThreadPoolExecutor executor =
      (ScheduledThreadPoolExecutor) Timers.scheduler("timers-test", 1);
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void aTaskRunsAtItsInstantAndNotBefore() throws Exception {
    var due = clock.instant().plus(Duration.ofMillis(200));
    CountDownLatch ran = new CountDownLatch(1);
    var at = new java.util.concurrent.atomic.AtomicReference<java.time.Instant>();
    Timers.on(executor, clock)
        .at(
            due,
            () -> {
              at.set(clock.instant());
              ran.countDown();
            });
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(at.get()).isAfterOrEqualTo(due);
  }

  @Test
  void aCancelledTaskNeverRunsAndLeavesTheQueueAtOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    TimerHeap timers = (TimerHeap) Timers.on(executor, clock);
    for (int i = 0; i < 1000; i++) {
      timers.at(clock.instant().plus(Duration.ofDays(7)), runs::incrementAndGet).cancel();
    }
    Timers.Timer soon =
        timers.at(clock.instant().plus(Duration.ofMillis(50)), runs::incrementAndGet);
    assertThat(timers.pending()).isEqualTo(1);
    assertThat(executor.getQueue()).hasSize(1); // one task of the executor's for all of them
    soon.cancel();
    assertThat(timers.pending()).isZero();
    Thread.sleep(200);
    assertThat(runs.get()).isZero();
    assertThat(executor.getQueue()).isEmpty();
  }

  @Test
  void aTimerSoonerThanThePendingOnesRunsAtItsOwnInstant() throws Exception {
    Timers timers = Timers.on(executor, clock);
    CountDownLatch ran = new CountDownLatch(1);
    timers.at(clock.instant().plus(Duration.ofMinutes(10)), () -> {});
    timers.at(clock.instant().plusMillis(50), ran::countDown);
    assertThat(ran.await(5, TimeUnit.SECONDS)).as("ran long before the pending one").isTrue();
  }

  /**
   * Timers set and cancelled from eight threads at once, and from the timer thread itself: each
   * runs once, never before its instant, and a cancelled one never. A lost wake-up shows as a timer
   * that does not run within the wait.
   */
  @Test
  void timersSetFromManyThreadsAndFromTimersEachRunOnceAtTheirInstant() throws Exception {
    Timers timers = Timers.on(executor, clock);
    int threads = 8;
    int each = 500;
    AtomicIntegerArray runs = new AtomicIntegerArray(threads * each * 2);
    AtomicInteger early = new AtomicInteger();
    int kept = threads * each - (threads * each + 2) / 3; // every third is cancelled
    CountDownLatch due = new CountDownLatch(2 * kept); // each kept one and its follower
    Tally tally = new Tally(clock, runs, early, due);
    ExecutorService setters = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int first = t * each;
      setters.execute(
          () -> {
            for (int i = first; i < first + each; i++) {
              int id = i;
              boolean cancelled = i % 3 == 0;
              var when = clock.instant().plusMillis(cancelled ? 500 : random().nextInt(300));
              // Its follower is set from the timer's own thread, sooner than most pending ones.
              Runnable follow =
                  () -> {
                    var soon = clock.instant().plusMillis(random().nextInt(5));
                    timers.at(soon, tally.task(threads * each + id, soon, () -> {}));
                  };
              Timers.Timer timer = timers.at(when, tally.task(id, when, follow));
              if (cancelled) {
                timer.cancel();
              }
            }
          });
    }
    setters.shutdown();
    assertThat(due.await(30, TimeUnit.SECONDS)).as("every timer ran").isTrue();
    Thread.sleep(600); // the cancelled ones' instant passes
    for (int i = 0; i < threads * each; i++) {
      int expected = i % 3 == 0 ? 0 : 1;
      assertThat(runs.get(i)).as("runs of timer %d", i).isEqualTo(expected);
      assertThat(runs.get(threads * each + i)).as("runs of its follower").isEqualTo(expected);
    }
    assertThat(early.get()).as("timers run before their instant").isZero();
    assertThat(((TimerHeap) timers).pending()).isZero();
  }

  /** Counts each timer's runs, and the runs that came before their instant. */
  private record Tally(
      Clock clock, AtomicIntegerArray runs, AtomicInteger early, CountDownLatch due) {
    /** The task of timer {@code id}, due at {@code when}; {@code then} runs after it is counted. */
    Runnable task(int id, Instant when, Runnable then) {
      return () -> {
        if (clock.instant().isBefore(when)) {
          early.incrementAndGet();
        }
        runs.incrementAndGet(id);
        due.countDown();
        then.run();
      };
    }
  }

  private static java.util.Random random() {
    return java.util.concurrent.ThreadLocalRandom.current(); // the calling thread's own
  }

  @Test
  void aFailingTaskLeavesTheOthersRunning() throws Exception {
    Timers timers = Timers.on(executor, clock);
    CountDownLatch ran = new CountDownLatch(2);
    timers.at(
        clock.instant(),
        () -> {
          throw new IllegalStateException("a timer's task failing, on purpose");
        });
    timers.at(clock.instant().plusMillis(20), ran::countDown);
    timers.at(clock.instant().plusMillis(40), ran::countDown);
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void afterShutdownNothingIsScheduled() {
    executor.shutdownNow();
    Timers.Timer t = Timers.on(executor, clock).at(clock.instant(), () -> {});
    assertThat(t).isSameAs(Timers.NONE);
  }
}
