package dev.tandem.control.zone;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What is served but needs an operator's eye: a name server of the zone's own NS set, inside the
 * zone, without an address record (RFC 1034 section 4.2.2's glue). A zone created through the API
 * may start so (PowerDNS clients create the zone, then add the addresses); resolvers cannot reach
 * that server through this zone until they are added. Worked out once per version served.
 */
public final class ZoneWarnings {
  private @Nullable ZoneSnapshot seen;
  private List<String> warnings = List.of();

  /** The warnings of {@code zone} (none before it is served). */
  public synchronized List<String> of(@Nullable ZoneSnapshot zone) {
    if (zone == null) {
      return List.of();
    }
    if (zone != seen) {
      warnings = missingGlue(zone);
      seen = zone;
    }
    return warnings;
  }

  /** The apex name servers inside {@code zone} that have no A or AAAA record there. */
  static List<String> missingGlue(ZoneSnapshot zone) {
    Name origin = zone.origin();
    List<String> out = new ArrayList<>();
    for (Record r : zone.recordsAt(origin)) {
      if (r instanceof NSRecord ns && ns.getTarget().subdomain(origin)) {
        Name target = ns.getTarget();
        boolean address =
            zone.recordsAt(target).stream()
                .anyMatch(a -> a.getType() == Type.A || a.getType() == Type.AAAA);
        if (!address) {
          out.add(
              "name server "
                  + target
                  + " is in the zone but has no address record (A or AAAA): add one, or"
                  + " resolvers cannot reach it through this zone");
        }
      }
    }
    return List.copyOf(out);
  }
}
