package dev.tandem.control.sync;

import dev.tandem.control.sync.adapter.SyncRrSet;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/** Our zone in memory: a version and its journal, changed record by record as a primary is. */
final class MemoryZone implements OurZones {
  final Name origin;
  private ZoneSnapshot current;
  final List<JournalStep> journal = new ArrayList<>();
  int keep = Integer.MAX_VALUE;

  MemoryZone(Name origin, String... records) {
    this.origin = origin;
    ZoneBuilder b = new ZoneBuilder(origin);
    b.add(rr("@ 3600 SOA ns1.example. host.example. 1 3600 600 86400 300"));
    for (String r : records) {
      b.add(rr(r));
    }
    current = b.build();
  }

  Record rr(String text) {
    String[] p = text.split("\\s+", 4);
    try {
      return Record.fromString(
          Name.fromString(p[0], origin),
          org.xbill.DNS.Type.value(p[2]),
          DClass.IN,
          Long.parseLong(p[1]),
          p[3],
          origin);
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** One change: records removed and added, a new serial. */
  synchronized void change(List<String> removed, List<String> added) {
    SOARecord old = current.soa();
    SOARecord next =
        new SOARecord(
            old.getName(),
            DClass.IN,
            old.getTTL(),
            old.getHost(),
            old.getAdmin(),
            old.getSerial() + 1,
            old.getRefresh(),
            old.getRetry(),
            old.getExpire(),
            old.getMinimum());
    List<Record> rem = new ArrayList<>(List.of(old));
    removed.forEach(r -> rem.add(rr(r)));
    List<Record> add = new ArrayList<>(List.of(next));
    added.forEach(r -> add.add(rr(r)));
    ZoneDiff d = new ZoneDiff(rem, add);
    try {
      current = current.apply(d);
    } catch (ZoneDiffException e) {
      throw new IllegalStateException(e);
    }
    journal.add(new JournalStep(old.getSerial(), next.getSerial(), d, Instant.EPOCH));
    while (journal.size() > keep) {
      journal.removeFirst();
    }
  }

  @Override
  public synchronized @Nullable ZoneSnapshot current(Name zone) {
    return current;
  }

  @Override
  public synchronized @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    List<ZoneDiff> out = new ArrayList<>();
    boolean on = false;
    for (JournalStep s : journal) {
      on |= s.from() == from;
      if (on) {
        out.add(s.diff());
      }
    }
    return on ? out : null;
  }

  @Override
  public synchronized List<JournalStep> journal(Name zone) {
    return List.copyOf(journal);
  }

  @Override
  public long adopt(Name zone, List<SyncRrSet> rrsets, String target) {
    List<String> removed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (SyncRrSet r : rrsets) {
      for (Record old : current.recordsAt(r.name())) {
        if (old.getType() == r.type()) {
          removed.add(old.toString().replace("\tIN\t", " ").replace('\t', ' '));
        }
      }
      added.addAll(r.lines());
    }
    change(removed, added.stream().filter(l -> !l.endsWith("(none)")).toList());
    return current.serial();
  }
}
