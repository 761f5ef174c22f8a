package dev.tandem.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back when the old generation has filled with garbage.
 *
 * <p>Tandem runs on the serial collector (bin/jvm.options): with it the query path answered 12%
 * more queries per second on the 1M-record zone than with G1 (docs/benchmarks.md). But the serial
 * collector grows its old generation to take every promotion and collects it only when the heap
 * reaches its maximum, a quarter of the machine's memory. The cross-provider checks' in-flight
 * queries and per-round results live seconds to a minute, are promoted, and die there: 10,000 zones
 * checked every 60 s grew the resident size by 100 MB a minute, with no end short of that maximum.
 *
 * <p>Every {@link #PERIOD_SECONDS} seconds this looks at the old generation: once it holds more
 * than twice what was live after the last full collection, and {@link #SLACK_BYTES} more, it asks
 * for a full collection, after which the collector shrinks the heap (MaxHeapFreeRatio). Under
 * another collector (G1, ZGC: chosen with TANDEM_JAVA_OPTS) it does nothing; they collect their old
 * generation concurrently.
 */
final class HeapKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeapKeeper.class);
  static final long PERIOD_SECONDS = 30;
  static final long SLACK_BYTES = 64L << 20;

  private final ScheduledExecutorService timer;

  private HeapKeeper(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts watching the serial collector's old generation; null under any other collector. */
  static @Nullable HeapKeeper start() {
    MemoryPoolMXBean old = tenured();
    if (old == null) {
      return null;
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tandem-heap").daemon().unstarted(r));
    timer.scheduleWithFixedDelay(
        () -> check(old), PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    return new HeapKeeper(timer);
  }

  /** True when the old generation, {@code used} bytes, is due a collection. */
  static boolean due(long used, long liveAfterLastFull) {
    return used > 2 * liveAfterLastFull + SLACK_BYTES;
  }

  private static void check(MemoryPoolMXBean old) {
    long used = old.getUsage().getUsed();
    var after = old.getCollectionUsage();
    long live = after == null ? 0 : after.getUsed();
    if (due(used, live)) {
      long start = System.nanoTime();
      System.gc();
      log.debug(
          "old generation {} MB, {} MB live after the last full collection: collected in {} ms,"
              + " now {} MB",
          used >> 20,
          live >> 20,
          (System.nanoTime() - start) / 1_000_000,
          old.getUsage().getUsed() >> 20);
    }
  }

  private static @Nullable MemoryPoolMXBean tenured() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getName().equals("Tenured Gen")) {
        return p;
      }
    }
    return null;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
