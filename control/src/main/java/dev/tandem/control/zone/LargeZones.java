package dev.tandem.control.zone;

import dev.tandem.control.transfer.HeapSteps;

/**
 * Gives back the memory a large zone's arrival leaves behind. Reading, packing and storing a zone
 * of a million records makes several times its packed size in garbage (a transfer's records, the
 * store's encoded copy). Under the serial collector (bin/jvm.options) that garbage is promoted and
 * stays in the old generation, and the heap grown to hold it stays resident, until the heap fills
 * or the periodic check finds it worth a collection. One full collection once such a zone is stored
 * lets the heap shrink back at once: the 1,000,000-record zone served from its file, 323 → 261 MB
 * resident (docs/benchmarks.md). Small zones, however many (a catalog's members), never ask for
 * one: their garbage is young and dies young. While a catalog's thousands of new members arrive, a
 * large zone stored (the catalog itself) leaves its collection to the one after them ({@link
 * HeapSteps#arriving}).
 */
public final class LargeZones {
  /** Zones of fewer records leave too little behind to be worth a full collection. */
  public static final int RECORDS = 100_000;

  private LargeZones() {}

  /** A zone of {@code records} records was stored whole: collects if it was a large one. */
  public static void stored(long records) {
    HeapSteps.narrow(); // the usual free share again, below which the collection shrinks the heap
    if (records >= RECORDS && !HeapSteps.arrivalUnderWay()) {
      HeapSteps.settle();
    }
  }
}
