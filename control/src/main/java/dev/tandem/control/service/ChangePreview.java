package dev.tandem.control.service;

import dev.tandem.dns.zone.ZoneDiff;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A change worked out but not made: the serial it would make and its records, counted as an
 * operator reads a change set ("this becomes serial N: 2 added, 1 changed"). A record removed and
 * one added in the same RRset count as one changed.
 *
 * @param fromSerial the serial served now
 * @param toSerial the serial the change would make
 * @param removed the records it would take out (SOA not included)
 * @param added the records it would put in (SOA not included)
 */
public record ChangePreview(
    long fromSerial,
    long toSerial,
    List<Record> removed,
    List<Record> added,
    int addedCount,
    int changedCount,
    int removedCount) {

  public ChangePreview {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }

  static ChangePreview of(long from, long to, ZoneDiff diff) {
    List<Record> removed = diff.removed().stream().filter(r -> r.getType() != Type.SOA).toList();
    List<Record> added = diff.added().stream().filter(r -> r.getType() != Type.SOA).toList();
    record Set(Name name, int type) {}
    Map<Set, int[]> counts = new HashMap<>();
    removed.forEach(
        r -> counts.computeIfAbsent(new Set(r.getName(), r.getType()), k -> new int[2])[0]++);
    added.forEach(
        r -> counts.computeIfAbsent(new Set(r.getName(), r.getType()), k -> new int[2])[1]++);
    int a = 0;
    int c = 0;
    int d = 0;
    for (int[] n : counts.values()) {
      int both = Math.min(n[0], n[1]);
      c += both;
      d += n[0] - both;
      a += n[1] - both;
    }
    return new ChangePreview(from, to, removed, added, a, c, d);
  }

  /** Whether it changes nothing. */
  public boolean isEmpty() {
    return removed.isEmpty() && added.isEmpty();
  }

  /** "this becomes serial N: 2 added, 1 changed" (or "changes nothing"). */
  public String summary() {
    if (isEmpty()) {
      return "this changes nothing: the zone stays at serial " + fromSerial;
    }
    List<String> parts = new java.util.ArrayList<>();
    if (addedCount > 0) {
      parts.add(addedCount + " added");
    }
    if (changedCount > 0) {
      parts.add(changedCount + " changed");
    }
    if (removedCount > 0) {
      parts.add(removedCount + " removed");
    }
    return "this becomes serial " + toSerial + ": " + String.join(", ", parts);
  }
}
