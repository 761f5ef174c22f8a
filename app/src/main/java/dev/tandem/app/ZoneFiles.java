package dev.tandem.app;

import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zones served from zone files, and their reloading. A zone whose file has errors is not
 * served; on reload, such a zone keeps serving its previous version. Loads run one at a time.
 */
final class ZoneFiles {
  private static final Logger log = LoggerFactory.getLogger(ZoneFiles.class);

  /** The result of loading one zone file. */
  record Outcome(ZoneSource source, String status, List<ZoneProblem> problems, boolean failed) {}

  private final List<ZoneSource> sources;
  private final AtomicReference<ServedZones> served;

  ZoneFiles(List<ZoneSource> sources, AtomicReference<ServedZones> served) {
    this.sources = List.copyOf(sources);
    this.served = served;
  }

  /** Loads every zone and publishes them all, or none if any has an error. */
  synchronized List<Outcome> loadAll() {
    List<Outcome> outcomes = new ArrayList<>();
    List<ZoneSnapshot> zones = new ArrayList<>();
    for (ZoneSource s : sources) {
      long t0 = System.nanoTime();
      ZoneLoader.Result r = ZoneLoader.load(s.origin(), s.file());
      ZoneSnapshot z = r.zone();
      if (z == null) {
        outcomes.add(new Outcome(s, "not loaded", r.problems(), true));
        continue;
      }
      zones.add(z);
      outcomes.add(new Outcome(s, loadedText(z, t0), r.problems(), false));
    }
    if (outcomes.stream().noneMatch(Outcome::failed)) {
      // Only this class's zones: secondary zones share the map.
      served.updateAndGet(
          current -> {
            ServedZones next = current;
            for (ZoneSnapshot z : zones) {
              next = next.with(z);
            }
            return next;
          });
    }
    return outcomes;
  }

  /**
   * Re-reads every zone file (an {@code $INCLUDE}d file may have changed even when the zone file
   * has not). Each valid zone replaces its previous version at once; a zone with errors keeps
   * serving the previous version.
   */
  synchronized List<Outcome> reload() {
    List<Outcome> outcomes = new ArrayList<>();
    for (ZoneSource s : sources) {
      long t0 = System.nanoTime();
      ZoneLoader.Result r = ZoneLoader.load(s.origin(), s.file());
      ZoneSnapshot z = r.zone();
      ZoneSnapshot old = served.get().get(s.origin());
      if (z == null) {
        String keeps = old == null ? "not served" : "still serving serial " + old.serial();
        Outcome o = new Outcome(s, "not reloaded, " + keeps, r.problems(), true);
        report(o);
        outcomes.add(o);
        continue;
      }
      served.updateAndGet(current -> current.with(z));
      String status = loadedText(z, t0);
      if (old != null && serialDecreased(old.serial(), z.serial())) {
        status += " (the serial went back from " + old.serial() + ": secondaries will not follow)";
      }
      Outcome o = new Outcome(s, status, r.problems(), false);
      report(o);
      outcomes.add(o);
    }
    return outcomes;
  }

  /** RFC 1982 serial number arithmetic: is {@code next} behind {@code previous}? */
  static boolean serialDecreased(long previous, long next) {
    return Serial.isNewer(previous, next);
  }

  static void report(Outcome o) {
    for (ZoneProblem p : o.problems()) {
      if (p.isError()) {
        log.error("zone {}: {}", o.source().origin(), p);
      } else {
        log.warn("zone {}: {}", o.source().origin(), p);
      }
    }
    if (o.failed()) {
      log.error("zone {}: {}", o.source().origin(), o.status());
    } else {
      log.info("zone {}: {}", o.source().origin(), o.status());
    }
  }

  private static String loadedText(ZoneSnapshot z, long startNanos) {
    return String.format(
        "loaded serial %d, %d records in %d ms",
        z.serial(), z.recordCount(), (System.nanoTime() - startNanos) / 1_000_000);
  }
}
