package dev.tandem.app;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.StartingFile;
import dev.tandem.control.zone.Change;
import dev.tandem.dns.zone.ZoneLimits;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The zone files of the primary zones given in the configuration, and their reading. At start every
 * file must read without errors (then {@link ControlPlane#start} serves them); on reload each file
 * is read again and handed to its primary zone, which journals what changed as one new serial; a
 * file with errors leaves its zone serving what it served. Loads run one at a time.
 */
final class ZoneFiles {
  private static final Logger log = LoggerFactory.getLogger(ZoneFiles.class);

  /** The result of loading one zone file. */
  record Outcome(ZoneSource source, String status, List<ZoneProblem> problems, boolean failed) {}

  private final List<ZoneSource> sources;
  private final ZoneLimits limits;
  private @Nullable ControlPlane zones;

  /**
   * @param limits how large each zone may be (the transfer limits' records and bytes)
   */
  ZoneFiles(List<ZoneSource> sources, ZoneLimits limits) {
    this.sources = List.copyOf(sources);
    this.limits = limits;
  }

  List<ZoneSource> sources() {
    return sources;
  }

  /** Where reloaded files go from now on. */
  synchronized void reloadInto(ControlPlane zones) {
    this.zones = zones;
  }

  /**
   * Reads every zone file, but those whose bytes are the ones last taken in ({@code taken}: the
   * digest of those bytes by zone, from the store; see {@link StartingFile}); the zones come back
   * only if all read without errors.
   */
  synchronized Loaded loadAll(Function<Name, @Nullable String> taken) {
    List<Outcome> outcomes = new ArrayList<>();
    Map<Name, StartingFile> zones = new LinkedHashMap<>();
    for (ZoneSource s : sources) {
      long t0 = System.nanoTime();
      String before = StartingFile.stamp(s.file());
      // With a digest stored, this file's is needed now; without, only once the zone is stored.
      String stored = taken.apply(s.origin());
      String bytes = stored == null ? null : StartingFile.bytesDigest(s.file());
      if (bytes != null && bytes.equals(stored)) {
        zones.put(s.origin(), new StartingFile.Unchanged(() -> readAgain(s)));
        outcomes.add(new Outcome(s, "unchanged since it was taken in, not read", List.of(), false));
        continue;
      }
      ZoneLoader.Result r = ZoneLoader.load(s.origin(), s.file(), limits);
      ZoneSnapshot z = r.zone();
      if (z == null) {
        outcomes.add(new Outcome(s, "not loaded", r.problems(), true));
        continue;
      }
      Supplier<@Nullable String> digest;
      if (before == null || !before.equals(StartingFile.stamp(s.file()))) {
        digest = () -> null; // written to while it was read: what was read may not be what is
      } else if (bytes != null) {
        String known = bytes;
        digest = () -> known;
      } else {
        digest = StartingFile.later(s.file(), before);
      }
      zones.put(s.origin(), new StartingFile.Read(z, digest));
      outcomes.add(new Outcome(s, loadedText(z, t0), r.problems(), false));
    }
    boolean ok = outcomes.stream().noneMatch(Outcome::failed);
    return new Loaded(outcomes, ok ? zones : Map.of());
  }

  /** Reads a file found unchanged after all (its zone's stored copy was unreadable). */
  private @Nullable ZoneSnapshot readAgain(ZoneSource s) {
    long t0 = System.nanoTime();
    ZoneLoader.Result r = ZoneLoader.load(s.origin(), s.file(), limits);
    ZoneSnapshot z = r.zone();
    report(new Outcome(s, z == null ? "not loaded" : loadedText(z, t0), r.problems(), z == null));
    return z;
  }

  /** What {@link #loadAll} found: each file's outcome, and the zones if all loaded. */
  record Loaded(List<Outcome> outcomes, Map<Name, StartingFile> zones) {}

  /**
   * Re-reads every zone file (an {@code $INCLUDE}d file may have changed even when the zone file
   * has not). A valid file becomes its zone's contents, journaled as one new serial if it changed;
   * a file with errors leaves the zone serving what it served.
   */
  synchronized List<Outcome> reload() {
    List<Outcome> outcomes = new ArrayList<>();
    ControlPlane plane = zones;
    for (ZoneSource s : sources) {
      long t0 = System.nanoTime();
      ZoneLoader.Result r = ZoneLoader.load(s.origin(), s.file(), limits);
      ZoneSnapshot z = r.zone();
      PrimaryZone into =
          plane == null
              ? null
              : plane.zone(s.origin()).orElse(null) instanceof PrimaryZone p ? p : null;
      ZoneSnapshot old = into == null ? null : into.current();
      if (z == null || into == null) {
        String keeps = old == null ? "not served" : "still serving serial " + old.serial();
        Outcome o = new Outcome(s, "not reloaded, " + keeps, r.problems(), true);
        report(o);
        outcomes.add(o);
        continue;
      }
      String status = loadedText(z, t0);
      Change taken = into.reload(z);
      Outcome o = new Outcome(s, status + "; " + taken.message(), r.problems(), !taken.ok());
      report(o);
      outcomes.add(o);
    }
    return outcomes;
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
