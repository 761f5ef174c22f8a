package dev.tandem.dns.zone;

import dev.tandem.dns.zone.EncodedNode.PendingRrSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Applies a {@link ZoneDiff} to a snapshot, touching only the owners it names and their ancestors
 * (which may appear or disappear as empty non-terminals).
 */
final class ZoneDiffApplier {
  private static final byte[] TOMBSTONE = EncodedNode.encode(List.of(), true);
  private static final byte[] EMPTY_NON_TERMINAL = EncodedNode.encode(List.of(), false);

  private ZoneDiffApplier() {}

  static ZoneSnapshot apply(ZoneSnapshot zone, ZoneDiff diff) throws ZoneDiffException {
    Name origin = zone.origin();
    int originLength = zone.originLength();
    TreeMap<NameKey, List<Record>> removed = groupByOwner(diff.removed(), origin, originLength);
    TreeMap<NameKey, List<Record>> added = groupByOwner(diff.added(), origin, originLength);
    TreeMap<NameKey, byte[]> changes = new TreeMap<>();
    List<NameKey> emptied = new ArrayList<>();
    ZoneContents contents = zone.contents();
    int records = zone.recordCount();
    long serial = zone.serial();

    TreeMap<NameKey, Boolean> owners = new TreeMap<>();
    removed.keySet().forEach(k -> owners.put(k, true));
    added.keySet().forEach(k -> owners.put(k, true));
    for (NameKey key : owners.keySet()) {
      List<MutableRrSet> rrsets = decode(contents.lookup(key));
      for (Record r : removed.getOrDefault(key, List.of())) {
        byte[] rd = RecordWire.rdata(r);
        MutableRrSet set = find(rrsets, EncodedNode.sortKey(r.getType(), rd, 0, rd.length));
        int i = set == null ? -1 : set.indexOf(rd);
        if (set == null || i < 0) {
          throw new ZoneDiffException("the change removes a record the zone does not have: " + r);
        }
        set.rdata.remove(i);
        records--;
      }
      for (Record r : added.getOrDefault(key, List.of())) {
        byte[] rd = RecordWire.rdata(r);
        long sortKey = EncodedNode.sortKey(r.getType(), rd, 0, rd.length);
        MutableRrSet set = find(rrsets, sortKey);
        if (set == null) {
          set = new MutableRrSet(r.getType(), sortKey, r.getTTL());
          int at = 0;
          while (at < rrsets.size() && rrsets.get(at).sortKey < sortKey) {
            at++;
          }
          rrsets.add(at, set); // RRsets stay in order (RRSIGs by type covered)
        }
        set.ttl = r.getTTL(); // RFC 2181 section 5.2: the RRset takes the new TTL
        if (set.indexOf(rd) < 0) {
          set.rdata.add(rd);
          records++;
        }
        if (r instanceof SOARecord soa && key.isApex()) {
          serial = soa.getSerial();
        }
      }
      rrsets.removeIf(s -> s.rdata.isEmpty());
      if (rrsets.isEmpty()) {
        emptied.add(key);
      } else {
        List<PendingRrSet> pending = new ArrayList<>(rrsets.size());
        for (MutableRrSet s : rrsets) {
          pending.add(new PendingRrSet(s.type, s.ttl, s.rdata));
        }
        changes.put(key, EncodedNode.encode(pending, false));
      }
    }

    // Names that gained data need all their ancestors to exist.
    for (NameKey key : List.copyOf(changes.keySet())) {
      for (NameKey p = key.parent(); p != null; p = p.parent()) {
        byte[] pending = changes.get(p);
        if (pending != null && pending != TOMBSTONE) {
          break;
        }
        if (pending == null && contents.lookup(p) != null) {
          break;
        }
        changes.put(p, EMPTY_NON_TERMINAL);
      }
    }

    // Names that lost all data stay as empty non-terminals if something lives below them, and
    // otherwise go, and so do their ancestors that were only there for them. Deepest first:
    // descendants follow their ancestors in canonical order, so reverse order visits them first.
    emptied.sort(null);
    for (int i = emptied.size() - 1; i >= 0; i--) {
      NameKey key = emptied.get(i);
      if (key.isApex() || contents.hasLiveDescendant(key, changes)) {
        changes.put(key, EMPTY_NON_TERMINAL);
        continue;
      }
      changes.put(key, TOMBSTONE);
      for (NameKey p = key.parent(); p != null && !p.isApex(); p = p.parent()) {
        if (!isEmptyNonTerminal(p, changes, contents) || contents.hasLiveDescendant(p, changes)) {
          break;
        }
        changes.put(p, TOMBSTONE);
      }
    }
    return zone.with(contents.withChanges(changes), serial, records);
  }

  private static boolean isEmptyNonTerminal(
      NameKey key, Map<NameKey, byte[]> changes, ZoneContents contents) {
    byte[] pending = changes.get(key);
    if (pending != null) {
      return pending == EMPTY_NON_TERMINAL;
    }
    ZoneContents.NodeSlice node = contents.lookup(key);
    return node != null && EncodedNode.rrsetCount(node.data(), node.start()) == 0;
  }

  private static TreeMap<NameKey, List<Record>> groupByOwner(
      List<Record> records, Name origin, int originLength) throws ZoneDiffException {
    TreeMap<NameKey, List<Record>> byOwner = new TreeMap<>();
    for (Record r : records) {
      if (!r.getName().subdomain(origin)) {
        throw new ZoneDiffException("the change names " + r.getName() + ", outside " + origin);
      }
      byte[] w = r.getName().toWireCanonical();
      NameKey key = new NameKey(Arrays.copyOf(w, w.length - originLength));
      byOwner.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    return byOwner;
  }

  private static List<MutableRrSet> decode(ZoneContents.@Nullable NodeSlice node) {
    List<MutableRrSet> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    byte[] d = node.data();
    int n = EncodedNode.rrsetCount(d, node.start());
    int rrset = EncodedNode.firstRrset(d, node.start());
    for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
      int type = EncodedNode.type(d, rrset);
      long sortKey = ((long) type << 16) | EncodedNode.covered(d, rrset);
      MutableRrSet s = new MutableRrSet(type, sortKey, EncodedNode.ttl(d, rrset));
      int count = EncodedNode.rdataCount(d, rrset);
      int rd = EncodedNode.firstRdata(d, rrset);
      for (int j = 0; j < count; j++, rd = EncodedNode.nextRdata(d, rd)) {
        s.rdata.add(Arrays.copyOfRange(d, rd + 2, rd + 2 + EncodedNode.rdataLength(d, rd)));
      }
      out.add(s);
    }
    return out;
  }

  private static @Nullable MutableRrSet find(List<MutableRrSet> sets, long sortKey) {
    for (MutableRrSet s : sets) {
      if (s.sortKey == sortKey) {
        return s;
      }
    }
    return null;
  }

  private static final class MutableRrSet {
    final int type;
    final long sortKey; // EncodedNode.sortKey: RRSIGs are one RRset per type covered
    long ttl;
    final List<byte[]> rdata = new ArrayList<>();

    MutableRrSet(int type, long sortKey, long ttl) {
      this.type = type;
      this.sortKey = sortKey;
      this.ttl = ttl;
    }

    int indexOf(byte[] rd) {
      for (int i = 0; i < rdata.size(); i++) {
        if (Arrays.equals(rdata.get(i), rd)) {
          return i;
        }
      }
      return -1;
    }
  }
}
