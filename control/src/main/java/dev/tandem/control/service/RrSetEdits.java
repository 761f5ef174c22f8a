package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.service.RrSetChange.Kind;
import dev.tandem.control.service.RrSetNotes.Key;
import dev.tandem.control.service.RrSetNotes.Note;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RRset changes through the API or the CLI, worked out against the zone as served: exactly what
 * they say, at the apex as anywhere (a REPLACE of the apex NS RRset leaves exactly the NS records
 * given), checked as a zone needs ({@link ZoneRules}, {@link CnameRules}) and made as one change.
 *
 * <p>Not an RFC 2136 UPDATE: an UPDATE protects the apex (section 3.4.2.4: its NS RRset cannot be
 * deleted, an SOA not newer is ignored) and drops what conflicts (section 3.4.2.2) while answering
 * NOERROR, which is right for UPDATE clients and wrong for an API whose client reads 204 as done.
 * Here every change does what it says or the whole request is refused, naming the RRset.
 *
 * <p>Changes apply in order (PowerDNS's semantics: a DELETE then a REPLACE of one RRset in one
 * request leaves the new RRset; several EXTENDs add several records); one RRset may be replaced or
 * deleted once per request. Disabled records and comments are kept beside the zone ({@link
 * RrSetNotes}), never served.
 */
final class RrSetEdits implements PrimaryZone.Edit {
  /** The most RRsets one request may change: a change is one journal entry, one IXFR step. */
  static final int MAX_RRSETS = 50_000;

  private record Parsed(
      int index,
      Kind kind,
      Name owner,
      int type,
      long ttl,
      @Nullable List<Record> records,
      List<Record> disabled,
      @Nullable List<Comment> comments,
      String field) {}

  /** One RRset as the changes leave it. */
  private static final class Working {
    long ttl;
    final List<Record> served = new ArrayList<>();
    final List<Record> disabled = new ArrayList<>();
    final List<Comment> comments = new ArrayList<>();
    boolean notesChanged;
    String field = "rrsets";

    boolean holds(Record r) {
      return served.contains(r) || disabled.contains(r);
    }

    boolean isEmpty() {
      return served.isEmpty() && disabled.isEmpty();
    }
  }

  private final Name zone;
  private final List<Parsed> parsed;
  private final Map<Key, Note> notes;
  private final boolean replaceAll;
  private final Map<Key, Note> notesAfter = new LinkedHashMap<>();
  private ZoneDiff planned = new ZoneDiff(List.of(), List.of());

  /** The most records the audit log quotes of one change, each way. */
  private static final int AUDITED = 1000;

  private RrSetEdits(Name zone, List<Parsed> parsed, Map<Key, Note> notes, boolean replaceAll) {
    this.zone = zone;
    this.parsed = parsed;
    this.notes = notes;
    this.replaceAll = replaceAll;
  }

  /**
   * The changes {@code changes} to {@code zone}, read and checked on their own (names, types,
   * records); {@code notes} are the RRsets' notes as stored, {@code now} stamps new comments.
   *
   * @throws ServiceException naming the first change at fault
   */
  static RrSetEdits of(Name zone, List<RrSetChange> changes, Map<Key, Note> notes, Instant now) {
    return new RrSetEdits(zone, parse(zone, changes, now), notes, false);
  }

  /**
   * The zone's contents replaced whole by {@code rrsets} (REPLACEs; the apex SOA among them): every
   * RRset not given is removed, with its notes.
   */
  static RrSetEdits replacingAll(
      Name zone, List<RrSetChange> rrsets, Map<Key, Note> notes, Instant now) {
    List<Parsed> p = parse(zone, rrsets, now);
    if (p.stream().noneMatch(x -> x.type() == Type.SOA && x.owner().equals(zone))) {
      throw invalid(
          "rrsets", "Must give SOA record for zone when replacing all RR sets (" + zone + " SOA)");
    }
    return new RrSetEdits(zone, p, notes, true);
  }

  /**
   * Refuses the whole change if any of its RRsets is outside what {@code actor}'s key may change.
   */
  void checkAllowed(Actor actor) {
    ApiKeys.Limits limits = actor.limits();
    for (Parsed p : parsed) {
      if (!limits.allows(p.owner(), p.type())) {
        throw ServiceException.forbidden(
            ZoneRules.rrset(p.owner(), p.type())
                + ": the API key '"
                + actor.name()
                + "' may change only "
                + limits.describe());
      }
    }
  }

  /** The RRsets the change names, for the audit log: "www.example.com. A, ...". */
  String target() {
    Set<String> names = new LinkedHashSet<>();
    for (Parsed p : parsed) {
      names.add(p.owner() + " " + Type.string(p.type()));
    }
    String t = String.join(", ", names);
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

  /** The change as asked, for the audit log: "REPLACE www.example.com. A 300 [...]" each. */
  List<String> request() {
    List<String> out = new ArrayList<>();
    for (Parsed p : parsed.subList(0, Math.min(parsed.size(), AUDITED))) {
      StringBuilder b = new StringBuilder(p.kind() + " " + p.owner() + " " + Type.string(p.type()));
      if (p.records() != null) {
        b.append(' ').append(p.ttl());
        p.records().forEach(r -> b.append(" | ").append(r.rdataToString()));
      }
      p.disabled().forEach(r -> b.append(" | (disabled) ").append(r.rdataToString()));
      out.add(b.toString());
    }
    return out;
  }

  /** The records the change removed, once made, for the audit log. */
  List<String> removedText() {
    return text(planned.removed());
  }

  /** The records the change added, once made, for the audit log. */
  List<String> addedText() {
    return text(planned.added());
  }

  private static List<String> text(List<Record> records) {
    List<String> out = new ArrayList<>();
    for (Record r : records.subList(0, Math.min(records.size(), AUDITED))) {
      out.add(r.toString());
    }
    if (records.size() > AUDITED) {
      out.add("... and " + (records.size() - AUDITED) + " more");
    }
    return out;
  }

  /** The notes to save once the change is made (an empty one: remove). */
  Map<Key, Note> notesAfter() {
    return notesAfter;
  }

  private static List<Parsed> parse(Name zone, List<RrSetChange> changes, Instant now) {
    if (changes.isEmpty()) {
      throw invalid("rrsets", "no changes given");
    }
    if (changes.size() > MAX_RRSETS) {
      throw invalid(
          "rrsets",
          "a change may name at most "
              + MAX_RRSETS
              + " RRsets ("
              + changes.size()
              + " given): split it into several");
    }
    List<Parsed> out = new ArrayList<>(changes.size());
    Map<Key, Set<Kind>> seen = new HashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      RrSetChange c = changes.get(i);
      String f = "rrsets[" + i + "]";
      Name owner = ZoneText.name(c.name(), zone, f + ".name");
      int type = type(owner, c.type(), f + ".type");
      if (!owner.subdomain(zone)) {
        if (c.kind() == Kind.DELETE) {
          continue; // nothing of it is here: deleting it is a no-op (PowerDNS: for old data)
        }
        throw invalid(
            f + ".name",
            ZoneRules.rrset(owner, type) + ": Name is out of zone (the zone is " + zone + ")");
      }
      Set<Kind> kinds = seen.computeIfAbsent(new Key(owner, type), k -> new HashSet<>());
      if ((c.kind() == Kind.REPLACE || c.kind() == Kind.DELETE) && !kinds.add(c.kind())) {
        throw invalid(
            f,
            "Duplicate RRset "
                + owner
                + " IN "
                + Type.string(type)
                + " with changetype: "
                + c.kind()
                + ": replace or delete an RRset once per request");
      }
      out.add(read(zone, owner, type, c, f, now, i));
    }
    return out;
  }

  private static int type(Name owner, String text, String field) {
    int t = Type.value(text.trim().toUpperCase(java.util.Locale.ROOT));
    if (t < 0) {
      throw invalid(
          field, "RRset " + owner + " IN " + ZoneText.printable(text) + ": unknown type given");
    }
    if (t == Type.ANY || t == Type.AXFR || t == Type.IXFR || t == Type.OPT || t == Type.TSIG) {
      throw invalid(
          field,
          ZoneRules.rrset(owner, t) + ": invalid type given (it is not a type a zone holds)");
    }
    return t;
  }

  private static Parsed read(
      Name zone, Name owner, int type, RrSetChange c, String f, Instant now, int index) {
    List<String> given = c.records();
    if (c.kind() == Kind.DELETE) {
      return new Parsed(index, c.kind(), owner, type, 0, List.of(), List.of(), null, f);
    }
    int count = (given == null ? 0 : given.size()) + c.disabled().size();
    if (c.kind() == Kind.EXTEND || c.kind() == Kind.PRUNE) {
      if (given == null || count == 0) {
        throw invalid(f + ".records", "No record provided for PRUNE or EXTEND operation");
      }
      if (count != 1) {
        throw invalid(
            f + ".records",
            "Exactly one record should be provided for PRUNE or EXTEND operation ("
                + count
                + " given)");
      }
    }
    if (c.kind() == Kind.REPLACE && given == null && c.comments() == null) {
      throw invalid(
          f, "No change for " + ZoneRules.rrset(owner, type) + ": give records or comments");
    }
    List<Record> records = given == null ? null : records(zone, owner, type, c, given, f);
    List<Record> disabled = records(zone, owner, type, c, c.disabled(), f);
    Set<Record> distinct = new HashSet<>();
    for (Record r : concat(records == null ? List.of() : records, disabled)) {
      if (!distinct.add(r)) {
        throw invalid(
            f + ".records",
            ZoneRules.rrset(owner, type)
                + ": duplicate record with content \""
                + r.rdataToString()
                + "\"");
      }
    }
    if (c.kind() == Kind.REPLACE) {
      ZoneRules.checkSingle(owner, type, count, f + ".records");
    }
    List<Comment> comments = null;
    if (c.comments() != null) {
      comments = new ArrayList<>();
      for (Comment k : c.comments()) {
        comments.add(
            k.modifiedAt() == 0 ? new Comment(k.account(), k.content(), now.getEpochSecond()) : k);
      }
    }
    return new Parsed(index, c.kind(), owner, type, c.ttl(), records, disabled, comments, f);
  }

  private static List<Record> records(
      Name zone, Name owner, int type, RrSetChange c, List<String> data, String f) {
    if (!data.isEmpty() && c.kind() != Kind.PRUNE) {
      ZoneText.ttl(c.ttl(), f + ".ttl");
    }
    List<Record> out = new ArrayList<>(data.size());
    for (String d : data) {
      Record r = ZoneText.record(owner, type, c.ttl(), d.trim(), zone, f + ".records");
      if (c.kind() != Kind.PRUNE) {
        ZoneRules.checkHostname(r, f + ".records");
      }
      out.add(r);
    }
    return out;
  }

  @Override
  public ZoneDiff plan(ZoneSnapshot z) {
    Map<Key, Working> work = new LinkedHashMap<>();
    if (replaceAll) {
      z.forEachRecord(r -> load(z, work, new Key(r.getName(), r.getType())).notesChanged = true);
      notes.keySet().forEach(k -> load(z, work, k).notesChanged = true);
      for (Working w : work.values()) {
        w.served.clear();
        w.disabled.clear();
        w.comments.clear();
      }
    }
    for (Parsed p : parsed) {
      Working w = load(z, work, new Key(p.owner(), p.type()));
      w.field = p.field();
      apply(p, w);
    }
    check(z, work);
    List<Record> removed = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    work.forEach(
        (k, w) -> {
          diff(current(z, k), w, removed, added);
          if (w.notesChanged) {
            notesAfter.put(
                k,
                new Note(
                    w.ttl, w.disabled.stream().map(Record::rdataToString).toList(), w.comments));
          }
        });
    planned = new ZoneDiff(removed, added);
    return planned;
  }

  private Working load(ZoneSnapshot z, Map<Key, Working> work, Key k) {
    return work.computeIfAbsent(
        k,
        key -> {
          Working w = new Working();
          List<Record> now = current(z, key);
          Note note = notes.getOrDefault(key, Note.NONE);
          w.ttl = now.isEmpty() ? note.ttl() : now.get(0).getTTL();
          w.served.addAll(now);
          for (String d : note.disabled()) {
            try {
              w.disabled.add(Record.fromString(key.name(), key.type(), DClass.IN, w.ttl, d, zone));
            } catch (java.io.IOException | RuntimeException e) {
              w.notesChanged = true; // a damaged note is dropped by the next change of its RRset
            }
          }
          w.comments.addAll(note.comments());
          return w;
        });
  }

  private static List<Record> current(ZoneSnapshot z, Key k) {
    List<Record> out = new ArrayList<>();
    for (Record r : z.recordsAt(k.name())) {
      if (r.getType() == k.type()) {
        out.add(r);
      }
    }
    return out;
  }

  private static void apply(Parsed p, Working w) {
    List<Record> records = p.records() == null ? List.of() : p.records();
    switch (p.kind()) {
      case DELETE -> {
        w.served.clear();
        w.disabled.clear();
        w.comments.clear();
        w.notesChanged = true;
      }
      case REPLACE -> {
        if (p.records() != null) {
          w.served.clear();
          w.served.addAll(records);
          w.disabled.clear();
          w.disabled.addAll(p.disabled());
          w.ttl = p.ttl();
          w.notesChanged = true;
        }
        if (p.comments() != null) {
          w.comments.clear();
          w.comments.addAll(p.comments());
          w.notesChanged = true;
        }
      }
      case EXTEND, ADD -> {
        boolean adopt = p.kind() == Kind.ADD || w.isEmpty();
        for (Record r : concat(records, p.disabled())) {
          if (w.holds(r)) {
            continue;
          }
          if (!adopt && w.ttl != p.ttl()) {
            throw invalid(
                p.field() + ".ttl",
                ZoneRules.rrset(p.owner(), p.type())
                    + ": uses a different TTL value than the remainder of the RRset ("
                    + p.ttl()
                    + ", the RRset's is "
                    + w.ttl
                    + ")");
          }
          (p.disabled().contains(r) ? w.disabled : w.served).add(r);
          w.notesChanged |= p.disabled().contains(r);
        }
        if (adopt) {
          w.ttl = p.ttl();
        }
      }
      case PRUNE -> {
        for (Record r : concat(records, p.disabled())) {
          w.served.remove(r);
          w.notesChanged |= w.disabled.remove(r);
        }
      }
    }
  }

  /** The rules on what the changes leave, for each RRset they touch. */
  private void check(ZoneSnapshot z, Map<Key, Working> work) {
    List<CnameRules.Planned> planned = new ArrayList<>();
    Map<Name, Set<Integer>> typesAfter = new LinkedHashMap<>();
    boolean apexTouched = false;
    for (Map.Entry<Key, Working> e : work.entrySet()) {
      Key k = e.getKey();
      Working w = e.getValue();
      int count = w.served.size() + w.disabled.size();
      if (count > 0) {
        ZoneRules.checkSingle(k.name(), k.type(), count, w.field + ".records");
        ZoneRules.checkPlacement(zone, k.name(), k.type(), w.field);
      }
      planned.add(new CnameRules.Planned(k.name(), k.type(), !w.served.isEmpty(), w.field));
      Set<Integer> types =
          typesAfter.computeIfAbsent(
              k.name(),
              n -> {
                Set<Integer> t = new LinkedHashSet<>();
                z.recordsAt(n).forEach(r -> t.add(r.getType()));
                return t;
              });
      if (w.served.isEmpty()) {
        types.remove(k.type());
      } else {
        types.add(k.type());
      }
      apexTouched |= k.name().equals(zone) && (k.type() == Type.SOA || k.type() == Type.NS);
    }
    for (Map.Entry<Key, Working> e : work.entrySet()) {
      Key k = e.getKey();
      if (!e.getValue().served.isEmpty()) {
        ZoneRules.checkNsDname(
            zone,
            k.name(),
            k.type(),
            typesAfter.getOrDefault(k.name(), Set.of()),
            e.getValue().field);
      }
    }
    if (apexTouched) {
      Working soa = work.get(new Key(zone, Type.SOA));
      Working ns = work.get(new Key(zone, Type.NS));
      String field =
          soa != null && soa.served.isEmpty() ? soa.field : ns != null ? ns.field : "rrsets";
      ZoneRules.checkApex(
          zone,
          soa == null ? current(z, new Key(zone, Type.SOA)).size() : soa.served.size(),
          ns == null ? current(z, new Key(zone, Type.NS)).size() : ns.served.size(),
          field);
    }
    if (replaceAll) {
      CnameRules.checkNew(planned.stream().filter(CnameRules.Planned::present).toList());
    } else {
      CnameRules.check(z, planned);
    }
  }

  /** The records to remove and add to take {@code old} to what {@code w} serves. */
  private static void diff(List<Record> old, Working w, List<Record> removed, List<Record> added) {
    List<Record> now = new ArrayList<>(w.served.size());
    for (Record r : w.served) {
      now.add(r.getTTL() == w.ttl ? r : withTtl(r, w.ttl));
    }
    boolean sameTtl = old.isEmpty() || now.isEmpty() || old.get(0).getTTL() == w.ttl;
    if (sameTtl) {
      old.stream().filter(r -> !now.contains(r)).forEach(removed::add);
      now.stream().filter(r -> !old.contains(r)).forEach(added::add);
    } else { // a new TTL: the RRset goes and comes back whole (RFC 2181 section 5.2)
      removed.addAll(old);
      added.addAll(now);
    }
  }

  /** {@code r} with another TTL (its data as it is, names in it in their case). */
  private static Record withTtl(Record r, long ttl) {
    try {
      return Record.fromString(
          r.getName(), r.getType(), DClass.IN, ttl, r.rdataToString(), Name.root);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot copy " + r, e);
    }
  }

  private static List<Record> concat(List<Record> a, List<Record> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<Record> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
