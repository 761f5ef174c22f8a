package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Path;

/**
 * The process {@link KillNineTest} kills: writes example.com version after version (changes, with a
 * full replacement every 10th and a compaction every 7th) and prints each serial once its write has
 * returned. Continues from what the store holds. Stops by itself after {@link #MAX_WRITES} writes
 * or a minute, should nobody kill it.
 */
final class KillNineWriter {
  static final int HOSTS = 2_000;
  static final int MAX_WRITES = 20_000;

  private KillNineWriter() {}

  public static void main(String[] args) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    try (ZoneStore store = SqliteZoneStore.open(Path.of(args[0]))) {
      long serial = store.contents(ORIGIN).map(ZoneSnapshot::serial).orElse(0L);
      if (serial == 0) {
        store.replace(numbered(1, HOSTS), state(1));
        serial = 1;
        System.out.println(serial);
      }
      for (int i = 0; i < MAX_WRITES && System.nanoTime() < deadline; i++) {
        long next = serial + 1;
        if (next % 10 == 0) {
          store.replace(numbered(next, HOSTS), state(next));
        } else {
          store.append(ORIGIN, change(serial, next), state(next));
        }
        if (next % 7 == 0) {
          store.compact(numbered(next, HOSTS));
        }
        serial = next;
        System.out.println(serial);
      }
    }
  }
}
