package dev.tandem.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
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
 *
 * <p>It also says when a full collection stopped the server for long ({@link #LONG_PAUSE_MILLIS}):
 * the serial collector's pauses grow with the live heap, 0.2-0.3 s at 100,000 catalog members and 5
 * to 7 s at 1,000,000 (bench/catalog), long enough for resolvers to give up on every query
 * meanwhile and for a primary to drop a transfer. The warning names the collector to run instead.
 */
final class HeapKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeapKeeper.class);
  static final long PERIOD_SECONDS = 30;
  static final long SLACK_BYTES = 64L << 20;

  /** A full collection that stopped the server this long is worth an operator's attention. */
  static final long LONG_PAUSE_MILLIS = 300;

  /**
   * The options that run G1 instead (README, "Many zones"): short pauses for a larger heap. A
   * System.gc() (after a catalog's thousands of new members are served) starts a concurrent cycle
   * rather than a full collection: at 1,000,000 members that one paused 2.7 s.
   */
  static final String G1_OPTIONS =
      "-XX:-UseSerialGC -XX:+UseG1GC -XX:GCTimeRatio=4 -XX:G1PeriodicGCInterval=10000"
          + " -XX:+ExplicitGCInvokesConcurrent";

  /** How often the long-pause warning may be repeated. */
  private static final long ADVICE_EVERY_NANOS = TimeUnit.HOURS.toNanos(1);

  private final ScheduledExecutorService timer;
  private final List<Runnable> unlisten = new ArrayList<>();
  private volatile long nextAdvice = System.nanoTime();

  private HeapKeeper(ScheduledExecutorService timer) {
    this.timer = timer;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().equals("MarkSweepCompact") && gc instanceof NotificationEmitter e) {
        NotificationListener l = (n, handback) -> collected(n);
        e.addNotificationListener(l, null, null);
        unlisten.add(
            () -> {
              try {
                e.removeNotificationListener(l);
              } catch (ListenerNotFoundException gone) {
                // already removed
              }
            });
      }
    }
  }

  /** A full collection ended: warns if it stopped the server for long (at most once an hour). */
  private void collected(Notification n) {
    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
    long live = 0;
    for (MemoryUsage u : gc.getMemoryUsageAfterGc().values()) {
      live += u.getUsed();
    }
    String advice = advice(gc.getDuration(), live);
    long now = System.nanoTime();
    if (advice != null && now - nextAdvice >= 0) {
      nextAdvice = now + ADVICE_EVERY_NANOS;
      log.warn("{}", advice);
    }
  }

  /**
   * What to tell the operator of a full collection that took {@code millis} and left {@code live}
   * bytes, or null if it was short.
   */
  static @Nullable String advice(long millis, long live) {
    if (millis < LONG_PAUSE_MILLIS) {
      return null;
    }
    return "a full garbage collection stopped the server for "
        + millis
        + " ms ("
        + (live >> 20)
        + " MB live after it; no query was answered meanwhile): at this size run the G1 collector,"
        + " whose pauses stay near 50 ms for about 1.5 times the memory: TANDEM_JAVA_OPTS=\""
        + G1_OPTIONS
        + "\" (README, Many zones)";
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
    unlisten.forEach(Runnable::run);
  }
}
