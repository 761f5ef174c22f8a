package dev.tandem.control.transfer;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the heap grow in larger steps while a large zone arrives by transfer. bin/jvm.options keeps
 * 30% of the heap free after a full collection (MinHeapFreeRatio and MaxHeapFreeRatio), which keeps
 * a server's resident memory close to what it holds; but a 1,000,000-record AXFR in grows the heap
 * from almost nothing, and at 30% a step it took 18 full collections to get there. Both ratios are
 * manageable flags of the JVM: set to 60% once a transfer passes {@link #RECORDS} records, and back
 * to what they were when the transfer ends, or, for a secondary's refresh ({@link
 * #holdingThrough}), when its zone is built and stored; the full collection after a large zone is
 * stored then shrinks the heap back (LargeZones). docs/benchmarks.md has the figures. A zone file
 * loads no faster this way (measured), so only transfers ask.
 */
public final class HeapSteps {
  private static final Logger log = LoggerFactory.getLogger(HeapSteps.class);

  /** Transfers of fewer records grow the heap in the usual steps. */
  static final long RECORDS = 100_000;

  private static final int WIDE = 60;

  /** Whether this thread's transfer widened the steps and has not narrowed them yet. */
  private static final ThreadLocal<Boolean> WIDENED = ThreadLocal.withInitial(() -> false);

  /** Whether this thread keeps them wide after its transfer ends ({@link #holdingThrough}). */
  private static final ThreadLocal<Boolean> HELD = ThreadLocal.withInitial(() -> false);

  private static int large; // threads with the steps widened; guarded by HeapSteps.class
  private static int arrivals; // see arriving(); guarded by HeapSteps.class
  private static String usualMin = ""; // empty: nothing to restore
  private static String usualMax = "";

  private HeapSteps() {}

  /**
   * Runs {@code body}, in which a large transfer's wide steps last past the transfer, while the
   * zone it brought is built, served and stored, until {@link #narrow} or the end of {@code body}.
   */
  public static void holdingThrough(Runnable body) {
    HELD.set(true);
    try {
      body.run();
    } finally {
      HELD.set(false);
      narrow();
    }
  }

  /** Back to the usual steps, if this thread's transfer widened them. */
  public static void narrow() {
    if (!WIDENED.get()) {
      return;
    }
    WIDENED.set(false);
    synchronized (HeapSteps.class) {
      if (--large > 0 || usualMin.isEmpty()) {
        return;
      }
      try {
        vm().setVMOption("MinHeapFreeRatio", usualMin); // Min first: it may never exceed Max
        vm().setVMOption("MaxHeapFreeRatio", usualMax);
      } catch (RuntimeException e) {
        log.warn("cannot set the heap's steps back: {}", e.toString());
      }
      usualMin = "";
    }
  }

  /**
   * Many zones are about to arrive at once (a catalog's thousands of new members), and whoever says
   * so will {@link #settle} once they have come ({@link #arrived}): a large zone stored meanwhile
   * (the catalog itself, of 100,000 members) leaves its collection to that one ({@link
   * #arrivalUnderWay}). One stop of every thread instead of two, 0.2 s each at 100,000 members
   * (docs/benchmarks.md).
   */
  public static void arriving() {
    synchronized (HeapSteps.class) {
      arrivals++;
    }
  }

  /** The zones {@link #arriving} announced have come, or will not. */
  public static void arrived() {
    synchronized (HeapSteps.class) {
      arrivals--;
    }
  }

  /** Whether zones {@link #arriving} announced are still coming. */
  public static boolean arrivalUnderWay() {
    synchronized (HeapSteps.class) {
      return arrivals > 0;
    }
  }

  /** The heap's free share after the collection {@link #settle} asks for (percent). */
  static final int SETTLED = 10;

  /**
   * Whether the JVM runs the serial collector (bin/jvm.options), whose old generation is
   * "MarkSweepCompact".
   */
  private static final boolean SERIAL =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .anyMatch(gc -> gc.getName().equals("MarkSweepCompact"));

  /**
   * Collects the garbage a burst of arrivals left (the zones loaded at start, a large zone stored,
   * a catalog's thousands of new members served) and, under the serial collector, shrinks the heap
   * to what stays and {@link #SETTLED}% more, not the usual share: resident memory is what
   * operators see, and a server at rest after the burst needs little room. The usual share is set
   * again after the collection; the old generation grows from there as objects are promoted to it,
   * and the next full collection sizes it the usual way. While a large transfer has widened the
   * steps, and under other collectors (G1 collects concurrently when asked, README), a plain
   * collection.
   */
  public static void settle() {
    if (!SERIAL) {
      System.gc();
      return;
    }
    // Held through the collection, which stops every thread anyway: widen() sees the usual share.
    synchronized (HeapSteps.class) {
      String min = "";
      String max = "";
      if (large == 0) {
        try {
          HotSpotDiagnosticMXBean vm = vm();
          min = vm.getVMOption("MinHeapFreeRatio").getValue();
          max = vm.getVMOption("MaxHeapFreeRatio").getValue();
          if (Integer.parseInt(max) <= SETTLED) {
            min = ""; // as tight already
          } else {
            String settled = Integer.toString(SETTLED);
            if (Integer.parseInt(min) > SETTLED) {
              vm.setVMOption("MinHeapFreeRatio", settled); // Min first: it may never exceed Max
            }
            vm.setVMOption("MaxHeapFreeRatio", settled);
          }
        } catch (RuntimeException e) {
          // a JVM without these flags, or one that will not change them
          log.debug("cannot size the heap tight: {}", e.toString());
          min = "";
        }
      }
      try {
        System.gc();
      } finally {
        if (!min.isEmpty()) {
          try {
            vm().setVMOption("MaxHeapFreeRatio", max); // Max first when raising them
            vm().setVMOption("MinHeapFreeRatio", min);
          } catch (RuntimeException e) {
            log.warn("cannot set the heap's free share back: {}", e.toString());
          }
        }
      }
    }
  }

  /** The transfer on this thread has passed {@link #RECORDS} records: wider steps. */
  static void widen() {
    if (WIDENED.get()) {
      return;
    }
    WIDENED.set(true);
    synchronized (HeapSteps.class) {
      if (large++ > 0) {
        return;
      }
      try {
        HotSpotDiagnosticMXBean vm = vm();
        usualMin = vm.getVMOption("MinHeapFreeRatio").getValue();
        usualMax = vm.getVMOption("MaxHeapFreeRatio").getValue();
        if (Integer.parseInt(usualMin) >= WIDE) {
          usualMin = ""; // as wide already
          return;
        }
        if (Integer.parseInt(usualMax) < WIDE) {
          vm.setVMOption("MaxHeapFreeRatio", Integer.toString(WIDE)); // Min may never exceed Max
        }
        vm.setVMOption("MinHeapFreeRatio", Integer.toString(WIDE));
      } catch (RuntimeException e) { // a JVM without these flags, or one that will not change them
        log.debug("cannot widen the heap's steps: {}", e.toString());
      }
    }
  }

  /** The transfer on this thread has ended: the usual steps, unless its caller holds them. */
  static void transferEnded() {
    if (!HELD.get()) {
      narrow();
    }
  }

  /** The heap's minimum free share after a full collection, as the JVM has it now (percent). */
  static int minFree() {
    return Integer.parseInt(vm().getVMOption("MinHeapFreeRatio").getValue());
  }

  private static HotSpotDiagnosticMXBean vm() {
    return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
  }
}
