package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The zones' timers on a real scheduler: run at their instant, cancelled ones gone at once. */
class TimersTest {
  @Test
  void aTaskRunsAtItsInstantAndNotBefore() throws Exception {
    var executor = Timers.scheduler("timers-test", 1);
    try {
      Clock clock = Clock.systemUTC();
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
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aCancelledTaskNeverRunsAndLeavesTheQueueAtOnce() throws Exception {
    var executor = (ScheduledThreadPoolExecutor) Timers.scheduler("timers-test", 1);
    try {
      Clock clock = Clock.systemUTC();
      AtomicInteger runs = new AtomicInteger();
      Timers timers = Timers.on(executor, clock);
      for (int i = 0; i < 1000; i++) {
        timers.at(clock.instant().plus(Duration.ofDays(7)), runs::incrementAndGet).cancel();
      }
      Timers.Timer soon =
          timers.at(clock.instant().plus(Duration.ofMillis(50)), runs::incrementAndGet);
      assertThat(executor.getQueue()).hasSize(1);
      soon.cancel();
      assertThat(executor.getQueue()).isEmpty();
      Thread.sleep(200);
      assertThat(runs.get()).isZero();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void afterShutdownNothingIsScheduled() {
    var executor = Timers.scheduler("timers-test", 1);
    executor.shutdownNow();
    Timers.Timer t =
        Timers.on(executor, Clock.systemUTC()).at(Clock.systemUTC().instant(), () -> {});
    assertThat(t).isSameAs(Timers.NONE);
  }
}
