package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncRrSet;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Tandem's side of a sync: the zone's version served, its journal, and the one change a sync makes
 * here (adopting the other side's RRsets). The registry and the zone service in production; a zone
 * in memory in the engine's tests.
 */
public interface OurZones {

  /** The version served, or null if the zone is not served (or not yet). */
  @Nullable ZoneSnapshot current(Name zone);

  /**
   * The changes from serial {@code from} to {@code to}, oldest first, or null if the journal no
   * longer reaches back to {@code from} (the engine then compares whole zones).
   */
  @Nullable List<ZoneDiff> changes(Name zone, long from, long to);

  /** The journal kept, oldest first: how far behind a target is, and since when. */
  List<JournalStep> journal(Name zone);

  /**
   * Makes our RRsets equal to {@code rrsets} (an absent one is deleted here) as one change, made by
   * the target named {@code target} (audited as such).
   *
   * @return the serial after the change (the one served if nothing changed)
   */
  long adopt(Name zone, List<SyncRrSet> rrsets, String target);
}
