package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncRrSet;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Which RRsets a sync keeps equal, and what each should be at the target.
 *
 * <ul>
 *   <li>Never the SOA: each provider keeps its own serial and timers.
 *   <li>Never DNSSEC material (DNSKEY, CDS, CDNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM, and BIND's
 *       private signing-state type 65534): each provider signs with its own keys.
 *   <li>Not the target's exclusions (a name, a type, or a type at a name).
 *   <li>The apex NS set, by default, is the union of ours and the names the target had when it was
 *       added (its own name servers): both providers' servers are listed at both (the parent
 *       delegates to both).
 * </ul>
 */
final class SyncView {
  private static final Set<Integer> NEVER =
      Set.of(
          Type.SOA,
          Type.DNSKEY,
          Type.CDS,
          Type.CDNSKEY,
          Type.RRSIG,
          Type.NSEC,
          Type.NSEC3,
          Type.NSEC3PARAM,
          65534);

  private final SyncTarget target;
  private final SyncRrSet.Key apexNs;

  SyncView(SyncTarget target) {
    this.target = target;
    this.apexNs = new SyncRrSet.Key(target.zone(), Type.NS);
  }

  /** Whether the RRset is synced at all. */
  boolean synced(SyncRrSet.Key k) {
    return !NEVER.contains(k.type()) && !target.excludes(k) && k.name().subdomain(target.zone());
  }

  /** What every synced RRset should be at the target, from our version. */
  Map<SyncRrSet.Key, SyncRrSet> desired(ZoneSnapshot ours) {
    Map<SyncRrSet.Key, List<Record>> byKey = new LinkedHashMap<>();
    ours.forEachRecord(
        r -> {
          SyncRrSet.Key k = new SyncRrSet.Key(r.getName(), r.getType());
          if (synced(k)) {
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
          }
        });
    Map<SyncRrSet.Key, SyncRrSet> out = new TreeMap<>();
    byKey.forEach((k, rs) -> out.put(k, withTheirNs(SyncRrSet.of(rs))));
    if (!out.containsKey(apexNs) && target.unionNs() && !target.theirNs().isEmpty()) {
      out.put(apexNs, withTheirNs(SyncRrSet.absent(apexNs)));
    }
    return out;
  }

  /** What one RRset should be at the target, from our version (absent if we have none). */
  SyncRrSet desired(ZoneSnapshot ours, SyncRrSet.Key k) {
    List<Record> rs = new ArrayList<>();
    for (Record r : ours.recordsAt(k.name())) {
      if (r.getType() == k.type()) {
        rs.add(r);
      }
    }
    return withTheirNs(rs.isEmpty() ? SyncRrSet.absent(k) : SyncRrSet.of(rs));
  }

  /**
   * What one RRset was at our serial {@code from}, from its value now and the changes since (oldest
   * first), undone newest first.
   */
  SyncRrSet before(ZoneSnapshot ours, SyncRrSet.Key k, List<ZoneDiff> since) {
    List<Record> records = new ArrayList<>(ours(ours, k));
    for (int i = since.size() - 1; i >= 0; i--) {
      ZoneDiff d = since.get(i);
      d.added().stream().filter(r -> matches(r, k)).forEach(r -> records.removeIf(r::equals));
      d.removed().stream().filter(r -> matches(r, k)).forEach(records::add);
    }
    return withTheirNs(records.isEmpty() ? SyncRrSet.absent(k) : SyncRrSet.of(records));
  }

  private static List<Record> ours(ZoneSnapshot ours, SyncRrSet.Key k) {
    return ours.recordsAt(k.name()).stream().filter(r -> r.getType() == k.type()).toList();
  }

  /** The synced RRsets the changes touch, in order. */
  Set<SyncRrSet.Key> touched(List<ZoneDiff> changes) {
    Set<SyncRrSet.Key> out = new TreeSet<>();
    for (ZoneDiff d : changes) {
      for (List<Record> side : List.of(d.removed(), d.added())) {
        for (Record r : side) {
          SyncRrSet.Key k = new SyncRrSet.Key(r.getName(), r.getType());
          if (synced(k)) {
            out.add(k);
          }
        }
      }
    }
    return out;
  }

  /** The synced RRsets of the target's list, by key. */
  Map<SyncRrSet.Key, SyncRrSet> theirs(List<SyncRrSet> listed) {
    Map<SyncRrSet.Key, SyncRrSet> out = new TreeMap<>();
    for (SyncRrSet r : listed) {
      if (synced(r.key()) && !r.absent()) {
        out.put(r.key(), r);
      }
    }
    return out;
  }

  /** The target's own apex NS names, as it lists them (learned before the first push). */
  List<String> apexNsOf(List<SyncRrSet> listed) {
    for (SyncRrSet r : listed) {
      if (r.key().equals(apexNs)) {
        return r.records();
      }
    }
    return List.of();
  }

  private SyncRrSet withTheirNs(SyncRrSet r) {
    if (!r.key().equals(apexNs) || !target.unionNs() || target.theirNs().isEmpty()) {
      return r;
    }
    Set<String> union = new TreeSet<>(r.records());
    union.addAll(target.theirNs());
    long ttl = r.absent() ? 3600 : r.ttl();
    return new SyncRrSet(r.name(), r.type(), ttl, List.copyOf(union));
  }

  private static boolean matches(Record r, SyncRrSet.Key k) {
    return r.getType() == k.type() && r.getName().canonicalize().equals(k.name());
  }

  /** The apex of the zone synced. */
  Name zone() {
    return target.zone();
  }
}
