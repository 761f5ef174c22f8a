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
    HeldFirst q = HeldFirst.running(ZoneEvent.REFRESH);

    q.events.post(ZoneEvent.NOTIFY_OUT);
    q.events.post(ZoneEvent.FLUSH);
    q.events.close();
    q.events.post(ZoneEvent.LOAD);

    assertThat(q.releaseAndFinish()).containsExactly(ZoneEvent.REFRESH);
  }

  @Test
  void pendingEventsRunOneAtATimeInTheOrderTheyAreDeclared() throws Exception {
    HeldFirst q = HeldFirst.running(ZoneEvent.REFRESH);

    q.events.post(ZoneEvent.FLUSH);
    q.events.post(ZoneEvent.LOAD);
    q.events.post(ZoneEvent.FLUSH);

    assertThat(q.releaseAndFinish())
        .containsExactly(ZoneEvent.REFRESH, ZoneEvent.LOAD, ZoneEvent.FLUSH);
  }

  /** A queue on one worker whose first event waits to be released: what comes meanwhile waits. */
  private static final class HeldFirst {
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<ZoneEvent> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    final ZoneEvents events =
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

    /** A queue whose event {@code first} runs, held, on its one worker. */
    static HeldFirst running(ZoneEvent first) throws InterruptedException {
      HeldFirst q = new HeldFirst();
      q.events.post(first);
      assertThat(q.started.await(5, TimeUnit.SECONDS)).isTrue();
      return q;
    }

    /** Releases the first event, waits for the queue to run dry, and says what ran. */
    List<ZoneEvent> releaseAndFinish() throws InterruptedException {
      release.countDown();
      workers.shutdown();
      assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      return List.copyOf(ran);
    }
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
