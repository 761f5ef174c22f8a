package dev.tandem.dns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A change to a zone: records to remove, then records to add, as one IXFR sequence (RFC 1995) or
 * one UPDATE (RFC 2136) delivers them. The SOA of the new version, if among the added records, sets
 * the new serial.
 */
public record ZoneDiff(List<Record> removed, List<Record> added) {
  public ZoneDiff {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }

  public boolean isEmpty() {
    return removed.isEmpty() && added.isEmpty();
  }

  /**
   * What takes {@code from} to {@code to}, the apex SOA aside (the caller decides the serial): the
   * records only in {@code from}, then those only in {@code to}. A record in both with another TTL
   * is removed and added again. Costs memory in proportion to {@code from}.
   */
  public static ZoneDiff between(ZoneSnapshot from, ZoneSnapshot to) {
    Name origin = from.origin();
    // dnsjava's Record.equals compares owner (case-insensitively), type, class and rdata, not TTL.
    Map<Record, Record> old = new HashMap<>();
    from.forEachRecord(r -> old.put(r, r));
    List<Record> added = new ArrayList<>();
    to.forEachRecord(
        r -> {
          if (r.getType() == Type.SOA && r.getName().equals(origin)) {
            return;
          }
          Record before = old.remove(r);
          if (before == null) {
            added.add(r);
          } else if (before.getTTL() != r.getTTL()) {
            old.put(before, before); // removed and added again with the new TTL
            added.add(r);
          }
        });
    List<Record> removed = new ArrayList<>();
    for (Record r : old.values()) {
      if (!(r.getType() == Type.SOA && r.getName().equals(origin))) {
        removed.add(r);
      }
    }
    removed.sort(null);
    return new ZoneDiff(removed, added);
  }
}
