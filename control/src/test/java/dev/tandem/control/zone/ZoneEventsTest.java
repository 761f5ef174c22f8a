package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** One zone's event queue: a flood of NOTIFYs costs one pending refresh, never two at once. */
class ZoneEventsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  @Test
  void aFloodOfRefreshesDuringARefreshLeavesOneToRunAfterIt() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(4);
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    List<Integer> overlaps = new ArrayList<>();
    ZoneEvents events =
        events(
            workers,
            e -> {
              if (concurrent.incrementAndGet() > 1) {
                synchronized (overlaps) {
                  overlaps.add(runs.get());
                }
              }
              if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
              }
              concurrent.decrementAndGet();
            });

    events.post(ZoneEvent.REFRESH);
    assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 10_000; i++) {
      events.post(ZoneEvent.REFRESH); // as a NOTIFY flood does
    }
    release.countDown();
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(runs.get()).isEqualTo(2);
    assertThat(overlaps).isEmpty();
  }

  @Test
  void aClosedQueueRunsNothingMore() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    AtomicInteger runs = new AtomicInteger();
    ZoneEvents events = events(workers, e -> runs.incrementAndGet());

    events.close();
    events.post(ZoneEvent.REFRESH);
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(runs.get()).isZero();
  }

  @Test
  void closedWhileAnEventRunsThatOneEndsAndThosePendingAreDropped() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<ZoneEvent> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    ZoneEvents events =
        events(
            workers,
            e -> {
              ran.add(e);
              started.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
            });

    events.post(ZoneEvent.REFRESH);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    events.post(ZoneEvent.NOTIFY_OUT);
    events.post(ZoneEvent.FLUSH);
    events.close();
    events.post(ZoneEvent.LOAD);
    release.countDown();
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(ran).containsExactly(ZoneEvent.REFRESH);
  }

  @Test
  void pendingEventsRunOneAtATimeInTheOrderTheyAreDeclared() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<ZoneEvent> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    ZoneEvents events =
        events(
            workers,
            e -> {
              ran.add(e);
              if (ran.size() == 1) {
                started.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                }
              }
            });

    events.post(ZoneEvent.REFRESH);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    events.post(ZoneEvent.FLUSH);
    events.post(ZoneEvent.LOAD);
    events.post(ZoneEvent.FLUSH);
    release.countDown();
    workers.shutdown();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

    assertThat(ran).containsExactly(ZoneEvent.REFRESH, ZoneEvent.LOAD, ZoneEvent.FLUSH);
  }

  private static ZoneEvents events(
      java.util.concurrent.Executor workers, java.util.function.Consumer<ZoneEvent> handler) {
    return new ZoneEvents() {
      @Override
      protected void handle(ZoneEvent event) {
        handler.accept(event);
      }

      @Override
      protected org.xbill.DNS.Name zone() {
        return ZONE;
      }

      @Override
      protected java.util.concurrent.Executor workers() {
        return workers;
      }
    };
  }
}
