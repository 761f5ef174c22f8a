package dev.tandem.control.sync;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.sync.adapter.SyncRrSet;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Our side of a sync in the server: the registry's zones, and adoption made through the zone
 * service as any change is (one serial, journaled, audited as made by {@code sync TARGET}).
 */
public record PlaneZones(ControlPlane plane, ZoneService zones) implements OurZones {

  @Override
  public @Nullable ZoneSnapshot current(Name zone) {
    return plane.zone(zone).map(ManagedZone::current).orElse(null);
  }

  @Override
  public @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    return plane.zone(zone).map(z -> z.changes(from, to)).orElse(null);
  }

  @Override
  public List<JournalStep> journal(Name zone) {
    return plane.zone(zone).map(ManagedZone::journal).orElse(List.of());
  }

  @Override
  public long adopt(Name zone, List<SyncRrSet> rrsets, String target) {
    List<RrSetChange> changes = new ArrayList<>();
    for (SyncRrSet r : rrsets) {
      changes.add(
          new RrSetChange(
              r.absent() ? RrSetChange.Kind.DELETE : RrSetChange.Kind.REPLACE,
              r.name().toString(),
              Type.string(r.type()),
              r.ttl(),
              r.records(),
              List.of(),
              null));
    }
    return zones.change(zone, changes, new Actor(target, "sync")).toSerial();
  }
}
