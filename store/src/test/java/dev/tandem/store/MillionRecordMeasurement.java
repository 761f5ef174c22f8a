package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the store takes with a million-record zone: a full replacement (an AXFR), reading it
 * back (a restart), a small change (an IXFR) and a compaction. Prints the times; asserts only that
 * the results are right, never how fast. Not run by default:
 *
 * <pre>
 * bin/mvn -B -pl store -am verify -Dstore.excludedGroups= -Dgroups=measure \
 *     -Dtest=MillionRecordMeasurement -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("measure")
class MillionRecordMeasurement {
  private static final int RECORDS = 1_000_000;
  private static final int ROUNDS = 3;

  @TempDir Path dir;

  @Test
  void replaceReadAppendCompact() throws Exception {
    Path file = dir.resolve("tandem.db");
    ZoneSnapshot first = numbered(1, RECORDS - 4); // SOA, NS, ns1 A and a TXT besides the hosts
    assertThat(first.recordCount()).isEqualTo(RECORDS);
    byte[] blob = time("encode alone (no I/O)", () -> RecordBlob.encode(first));
    report("encoded base", blob.length / 1e6, "MB");
    long crc = RecordBlob.crc(blob);
    time(
        "decode alone (CRC, records, build)",
        () -> RecordBlob.decodeZone(ORIGIN, blob, crc, "base"));

    long serial = 1;
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      for (int i = 0; i < ROUNDS; i++) {
        ZoneSnapshot zone = i == 0 ? first : numbered(serial + 1, RECORDS - 4);
        long s = zone.serial();
        time("replace", () -> store.replace(zone, state(s)));
        serial = s;
      }
    }
    report("file after replace", Files.size(file) / 1e6, "MB");

    for (int i = 0; i < ROUNDS; i++) {
      try (ZoneStore store = SqliteZoneStore.open(file)) {
        ZoneSnapshot back = time("contents (reopened)", () -> store.contents(ORIGIN).orElseThrow());
        assertThat(back.recordCount()).isEqualTo(RECORDS);
      }
    }

    try (ZoneStore store = SqliteZoneStore.open(file)) {
      for (int i = 0; i < 10; i++) {
        long from = serial;
        time(
            "append (4-record change)",
            () -> store.append(ORIGIN, change(from, from + 1), state(from + 1)));
        serial++;
      }
      ZoneSnapshot current =
          time("contents (base + 10 journal entries)", () -> store.contents(ORIGIN).orElseThrow());
      assertThat(current.serial()).isEqualTo(serial);
      time("compact", () -> store.compact(current));
      long at = serial;
      time("append after compact", () -> store.append(ORIGIN, change(at, at + 1), state(at + 1)));
    }
  }

  private static void time(String what, Runnable work) {
    time(
        what,
        () -> {
          work.run();
          return null;
        });
  }

  private static <T> T time(String what, Supplier<T> work) {
    long t0 = System.nanoTime();
    T result = work.get();
    report(what, (System.nanoTime() - t0) / 1e6, "ms");
    return result;
  }

  private static void report(String what, double value, String unit) {
    System.out.println(
        String.format(Locale.ROOT, "store, 1M records: %-38s %10.1f %s", what, value, unit));
  }
}
