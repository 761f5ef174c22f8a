package dev.tandem.dns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * The server side of a dynamic update (RFC 2136): checks an UPDATE's prerequisites against one zone
 * version and works out the change its update section asks for, as a {@link ZoneDiff} for the
 * caller to apply, journal and follow with a new serial. A pure function: no I/O, no threads, no
 * clock; the zone is only read.
 *
 * <p>The update section is applied in order (RFC 2136 section 3.4.2) to a working copy of only the
 * names it touches, each loaded from the zone when first needed; the diff is the net difference
 * between that copy and the zone. Names compare without regard to case, and records by type and
 * canonical rdata (RFC 4034 section 6.2), their TTLs and the case of their owners aside.
 *
 * <p>Where RFC 2136 is silent this does what BIND 9 does, and says so where it does.
 *
 * <p>One piece, past the usual size: prerequisites, the update section and the working copy are one
 * algorithm over one copy of the touched names, in the RFC's order; split, each part would need the
 * others' state.
 */
public final class ZoneUpdate {
  /** TTLs above this have the top bit set, and mean 0 (RFC 2181 section 8). */
  private static final long MAX_TTL = 0x7fffffffL;

  private ZoneUpdate() {}

  /** Which (owner, type) a signer may change; checked for every RR of the update section. */
  @FunctionalInterface
  public interface Policy {
    /**
     * Whether the signer may change records of {@code type} at {@code owner} (lower case). A delete
     * of every RRset at a name asks about {@link Type#ANY}.
     */
    boolean allows(Name owner, int type);

    /** Allows everything. */
    Policy ANY = (owner, type) -> true;
  }

  /**
   * What an update came to.
   *
   * @param rcode an {@link Rcode} value
   * @param diff the net change (removed records exactly as stored, TTLs included; added records),
   *     empty lists when nothing changes; null unless {@code rcode} is NOERROR. It holds the SOA
   *     only if the update replaced it (the old one removed, the new one added); otherwise the
   *     caller bumps the serial itself.
   * @param reason a short sentence for logs and the CLI; "" on success
   */
  public record Result(int rcode, @Nullable ZoneDiff diff, String reason) {}

  /** {@link #apply(ZoneSnapshot, Message, Policy, RrSetLimits)} within the default limits. */
  public static Result apply(ZoneSnapshot zone, Message update, Policy policy) {
    return apply(zone, update, policy, RrSetLimits.DEFAULT);
  }

  /**
   * Applies the prerequisite and update sections of {@code update} to {@code zone}. The caller has
   * checked that the message is an UPDATE whose zone section names {@code zone.origin()} with type
   * SOA and class IN, and has verified its TSIG. Never throws on bad input: every problem is an
   * rcode and a reason. An update that leaves an RRset it adds to past {@code limits} is REFUSED,
   * naming the RRset and its size (as BIND refuses one past {@code max-records-per-type}).
   */
  public static Result apply(ZoneSnapshot zone, Message update, Policy policy, RrSetLimits limits) {
    try {
      int zoneRecords = update.getSection(Section.ZONE).size();
      if (zoneRecords != 1) {
        throw new Failure(
            Rcode.FORMERR,
            "the zone section holds " + zoneRecords + " records; it must hold exactly one");
      }
      checkPrerequisites(zone, update.getSection(Section.PREREQ));
      List<Change> changes = prescan(zone.origin(), update, policy);
      WorkingCopy copy = new WorkingCopy(zone);
      for (Change change : changes) {
        copy.apply(change);
      }
      copy.checkGrown(limits);
      return new Result(Rcode.NOERROR, copy.diff(), "");
    } catch (Failure f) {
      return new Result(f.rcode, null, f.reason);
    }
  }

  // ---- Prerequisites (RFC 2136 section 3.2) ----

  private static void checkPrerequisites(ZoneSnapshot zone, List<Record> prerequisites)
      throws Failure {
    Name origin = zone.origin();
    // RRsets that must exist with exactly these rdata (section 3.2.3), checked after the others,
    // as the RFC's pseudocode (section 3.2.5) and BIND do.
    Map<Name, Map<Integer, List<byte[]>>> required = new TreeMap<>();
    for (Record rr : prerequisites) {
      int type = rr.getType();
      int dclass = rr.getDClass();
      if (rr.getTTL() != 0) {
        throw new Failure(
            Rcode.FORMERR,
            "the prerequisite on " + rr.getName() + " has TTL " + rr.getTTL() + "; it must be 0");
      }
      if (!rr.getName().subdomain(origin)) {
        throw new Failure(
            Rcode.NOTZONE,
            "the prerequisite names " + rr.getName() + ", outside the zone " + origin);
      }
      Name owner = rr.getName().canonicalize();
      if (dclass == DClass.ANY || dclass == DClass.NONE) {
        if (rdataLength(rr) != 0) {
          throw new Failure(
              Rcode.FORMERR,
              "the class "
                  + DClass.string(dclass)
                  + " prerequisite on "
                  + owner
                  + " has rdata; it must have none");
        }
        boolean exists =
            type == Type.ANY
                ? !zone.recordsAt(owner).isEmpty()
                : !rdata(zone, owner, type).isEmpty();
        if (dclass == DClass.ANY && !exists) {
          throw type == Type.ANY
              ? new Failure(Rcode.NXDOMAIN, "prerequisite failed: " + owner + " has no records")
              : new Failure(
                  Rcode.NXRRSET,
                  "prerequisite failed: " + owner + " has no " + Type.string(type) + " records");
        }
        if (dclass == DClass.NONE && exists) {
          throw type == Type.ANY
              ? new Failure(Rcode.YXDOMAIN, "prerequisite failed: " + owner + " has records")
              : new Failure(
                  Rcode.YXRRSET,
                  "prerequisite failed: " + owner + " has " + Type.string(type) + " records");
        }
      } else if (dclass == DClass.IN) {
        List<byte[]> values =
            required
                .computeIfAbsent(owner, o -> new TreeMap<>())
                .computeIfAbsent(type, t -> new ArrayList<>());
        byte[] canonical = rr.rdataToWireCanonical();
        if (indexOf(values, canonical) < 0) {
          values.add(canonical); // an RRset is a set (RFC 2181 section 5)
        }
      } else {
        throw new Failure(
            Rcode.FORMERR,
            "the prerequisite on "
                + owner
                + " has class "
                + DClass.string(dclass)
                + "; it must be IN, ANY or NONE");
      }
    }
    for (Map.Entry<Name, Map<Integer, List<byte[]>>> byOwner : required.entrySet()) {
      Name owner = byOwner.getKey();
      for (Map.Entry<Integer, List<byte[]>> byType : byOwner.getValue().entrySet()) {
        int type = byType.getKey();
        List<byte[]> want = byType.getValue();
        List<byte[]> have = rdata(zone, owner, type);
        if (have.isEmpty()) {
          throw new Failure(
              Rcode.NXRRSET,
              "prerequisite failed: " + owner + " has no " + Type.string(type) + " records");
        }
        boolean same = have.size() == want.size();
        for (int i = 0; same && i < want.size(); i++) {
          same = indexOf(have, want.get(i)) >= 0;
        }
        if (!same) {
          throw new Failure(
              Rcode.NXRRSET,
              "prerequisite failed: the "
                  + Type.string(type)
                  + " records at "
                  + owner
                  + " are not the ones required");
        }
      }
    }
  }

  /** The canonical rdata of the zone's records of {@code type} at {@code owner}. */
  private static List<byte[]> rdata(ZoneSnapshot zone, Name owner, int type) {
    List<byte[]> out = new ArrayList<>();
    for (Record r : zone.recordsAt(owner)) {
      if (r.getType() == type) {
        out.add(r.rdataToWireCanonical());
      }
    }
    return out;
  }

  // ---- Update section prescan (RFC 2136 section 3.4.1) and permissions (section 3.3) ----

  private enum Op {
    ADD,
    DELETE_RRSET,
    DELETE_NAME,
    DELETE_RR
  }

  /** One RR of the update section, checked; {@code rr} is the record to add or delete. */
  private record Change(Op op, Name owner, int type, Rr rr) {}

  /**
   * Checks every RR of the update section before anything is applied, so that an update is applied
   * whole or not at all. The first RR at fault decides the answer, as in BIND, whose prescan is one
   * pass that checks the form, the DNSSEC types and the signer's rights of each RR in turn.
   */
  private static List<Change> prescan(Name origin, Message update, Policy policy) throws Failure {
    List<Change> changes = new ArrayList<>();
    for (Record rr : update.getSection(Section.UPDATE)) {
      int type = rr.getType();
      int dclass = rr.getDClass();
      if (!rr.getName().subdomain(origin)) {
        throw new Failure(
            Rcode.NOTZONE, "the update names " + rr.getName() + ", outside the zone " + origin);
      }
      Name owner = rr.getName().canonicalize();
      String typeName = Type.string(type);
      Change change;
      if (dclass == DClass.IN) {
        // RFC 2136 section 3.4.1.3 lists ANY, AXFR, MAILA and MAILB, and its text adds "any other
        // QUERY metatype"; BIND refuses every meta type (OPT, TSIG, TKEY, IXFR too).
        if (isMeta(type)) {
          throw new Failure(
              Rcode.FORMERR, "cannot add a record of meta type " + typeName + " at " + owner);
        }
        long ttl = rr.getTTL() > MAX_TTL ? 0 : rr.getTTL();
        Record add = asZoneRecord(owner, rr, ttl);
        if (add == null) {
          throw new Failure(
              Rcode.FORMERR, "the " + typeName + " record to add at " + owner + " is malformed");
        }
        change = new Change(Op.ADD, owner, type, new Rr(add));
      } else if (dclass == DClass.ANY) {
        if (rr.getTTL() != 0 || rdataLength(rr) != 0) {
          throw new Failure(
              Rcode.FORMERR,
              "a delete of "
                  + typeName
                  + " at "
                  + owner
                  + " must have TTL 0 and no rdata (RFC 2136 section 2.5.2)");
        }
        if (type != Type.ANY && isMeta(type)) {
          throw new Failure(
              Rcode.FORMERR, "cannot delete records of meta type " + typeName + " at " + owner);
        }
        change =
            new Change(
                type == Type.ANY ? Op.DELETE_NAME : Op.DELETE_RRSET, owner, type, new Rr(rr));
      } else if (dclass == DClass.NONE) {
        if (rr.getTTL() != 0) {
          throw new Failure(
              Rcode.FORMERR,
              "a delete of a " + typeName + " record at " + owner + " must have TTL 0");
        }
        if (isMeta(type)) {
          throw new Failure(
              Rcode.FORMERR, "cannot delete a record of meta type " + typeName + " at " + owner);
        }
        change = new Change(Op.DELETE_RR, owner, type, new Rr(rr));
      } else {
        throw new Failure(
            Rcode.FORMERR,
            "the update RR for "
                + owner
                + " has class "
                + DClass.string(dclass)
                + "; it must be IN, ANY or NONE");
      }
      if (isSignerMaintained(type)) {
        throw new Failure(
            Rcode.REFUSED,
            typeName
                + " records at "
                + owner
                + " cannot be changed: Tandem does not sign zones yet");
      }
      if (!policy.allows(owner, type)) {
        throw new Failure(
            Rcode.REFUSED,
            type == Type.ANY
                ? signer(update) + " may not delete all records at " + owner
                : signer(update) + " may not change " + typeName + " at " + owner);
      }
      changes.add(change);
    }
    return changes;
  }

  /** Who signed the update, for a reason: "key acme", or "this client" when unsigned. */
  private static String signer(Message update) {
    @Nullable TSIGRecord tsig = update.getTSIG();
    return tsig == null ? "this client" : "key " + tsig.getName().toString(true);
  }

  /** Query meta types (RFC 6895 section 3.1): never records in a zone. */
  private static boolean isMeta(int type) {
    return type == Type.ANY
        || type == Type.AXFR
        || type == Type.IXFR
        || type == Type.MAILA
        || type == Type.MAILB
        || type == Type.OPT
        || type == Type.TSIG
        || type == Type.TKEY;
  }

  /**
   * Types a signer maintains. UPDATE may not change them (Tandem does not sign, and BIND too
   * refuses explicit NSEC and NSEC3 changes), and a delete of all RRsets at a name leaves them, as
   * BIND leaves RRSIG and NSEC (and NSEC3PARAM at the apex): what an explicit delete may not do, a
   * delete of everything does not do either.
   */
  private static boolean isSignerMaintained(int type) {
    return type == Type.RRSIG || type == Type.NSEC || type == Type.NSEC3 || type == Type.NSEC3PARAM;
  }

  /** The length of the rdata as sent: 0 for the empty records of deletes and prerequisites. */
  private static int rdataLength(Record rr) {
    return RecordWire.rdata(rr).length;
  }

  /**
   * The record to add, rebuilt from its wire rdata as a zone record (class IN, owner in lower
   * case), or null if its rdata is not valid for its type (dnsjava reads an UPDATE's empty rdata
   * without looking at the type; an A record with none is malformed).
   */
  private static @Nullable Record asZoneRecord(Name owner, Record rr, long ttl) {
    try {
      return Record.newRecord(owner, rr.getType(), DClass.IN, ttl, RecordWire.rdata(rr));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static int indexOf(List<byte[]> values, byte[] value) {
    for (int i = 0; i < values.size(); i++) {
      if (Arrays.equals(values.get(i), value)) {
        return i;
      }
    }
    return -1;
  }

  // ---- Update processing (RFC 2136 section 3.4.2) ----

  /** A record and its canonical rdata, the key it is compared by. */
  private static final class Rr {
    final Record record;
    final byte[] canonical;

    Rr(Record record) {
      this.record = record;
      this.canonical = record.rdataToWireCanonical();
    }

    private Rr(Record record, byte[] canonical) {
      this.record = record;
      this.canonical = canonical;
    }

    /** The same record with another TTL. */
    Rr withTtl(long ttl) {
      Record r = record;
      return r.getTTL() == ttl
          ? this
          : new Rr(
              Record.newRecord(r.getName(), r.getType(), DClass.IN, ttl, RecordWire.rdata(r)),
              canonical);
    }

    boolean sameAs(Rr other) {
      return record.getType() == other.record.getType()
          && record.getTTL() == other.record.getTTL()
          && Arrays.equals(canonical, other.canonical);
    }
  }

  /** An RRset being changed: one TTL for all its records (RFC 2181 section 5.2). */
  private static final class RrSet {
    long ttl;
    final List<Rr> rrs = new ArrayList<>();

    RrSet(long ttl) {
      this.ttl = ttl;
    }

    @Nullable Rr find(byte[] canonical) {
      for (Rr rr : rrs) {
        if (Arrays.equals(rr.canonical, canonical)) {
          return rr;
        }
      }
      return null;
    }
  }

  /** One name being changed: its records in the zone, and its RRsets as changed so far. */
  private static final class Node {
    final List<Rr> before = new ArrayList<>();
    final TreeMap<Integer, RrSet> rrsets = new TreeMap<>(); // never an empty RRset
    final Set<Integer> grown = new TreeSet<>(); // types a record was added to

    Node(List<Record> records) {
      for (Record r : records) {
        Rr rr = new Rr(r);
        before.add(rr);
        rrsets.computeIfAbsent(r.getType(), t -> new RrSet(r.getTTL())).rrs.add(rr);
      }
    }

    boolean has(int type) {
      return rrsets.containsKey(type);
    }

    /** Whether the name holds data other than a CNAME (RRSIG and NSEC may sit beside one). */
    boolean hasOtherThanCname() {
      for (int type : rrsets.keySet()) {
        if (type != Type.CNAME && type != Type.RRSIG && type != Type.NSEC) {
          return true;
        }
      }
      return false;
    }

    List<Rr> after() {
      List<Rr> out = new ArrayList<>();
      for (RrSet set : rrsets.values()) {
        for (Rr rr : set.rrs) {
          out.add(rr.withTtl(set.ttl));
        }
      }
      return out;
    }
  }

  private static final class WorkingCopy {
    private final ZoneSnapshot zone;
    private final TreeMap<Name, Node> nodes = new TreeMap<>(); // owners in lower case

    WorkingCopy(ZoneSnapshot zone) {
      this.zone = zone;
    }

    void apply(Change change) {
      Node node = nodes.computeIfAbsent(change.owner(), o -> new Node(zone.recordsAt(o)));
      boolean apex = change.owner().equals(zone.origin());
      int type = change.type();
      switch (change.op()) {
        case ADD -> add(node, change.owner(), apex, change.rr());
        case DELETE_RRSET -> {
          // RFC 2136 section 3.4.2.3: the apex SOA and NS RRsets are never deleted whole.
          if (!(apex && (type == Type.SOA || type == Type.NS))) {
            node.rrsets.remove(type);
          }
        }
        case DELETE_NAME ->
            // Section 3.4.2.3: at the apex the SOA and NS RRsets stay.
            node.rrsets
                .keySet()
                .removeIf(
                    t -> !isSignerMaintained(t) && !(apex && (t == Type.SOA || t == Type.NS)));
        case DELETE_RR -> deleteOne(node, apex, type, change.rr());
      }
    }

    private static void add(Node node, Name owner, boolean apex, Rr rr) {
      int type = rr.record.getType();
      if ((type == Type.NS || type == Type.DNAME) && owner.isWild()) {
        return; // BIND ignores a wildcard NS or DNAME (RFC 4592 section 4.2 and 4.4)
      }
      // Section 3.4.2.2: a CNAME beside other data, or other data beside a CNAME, is ignored.
      if (type == Type.CNAME
          ? node.hasOtherThanCname()
          : node.has(Type.CNAME) && type != Type.RRSIG && type != Type.NSEC) {
        return;
      }
      RrSet set = node.rrsets.get(type);
      if (type == Type.SOA) {
        // Section 3.4.2.2: only the apex SOA, and only by a newer serial (RFC 1982). An SOA
        // elsewhere is ignored, as BIND ignores "a 2nd SOA".
        if (!apex
            || set == null
            || !(rr.record instanceof SOARecord next)
            || !(set.rrs.get(0).record instanceof SOARecord current)
            || !Serial.isNewer(next.getSerial(), current.getSerial())) {
          return;
        }
      }
      if (set == null) {
        set = new RrSet(rr.record.getTTL());
        node.rrsets.put(type, set);
      }
      Rr same = set.find(rr.canonical);
      node.grown.add(type);
      if (type == Type.SOA || type == Type.CNAME || type == Type.DNAME) {
        // Singletons: the new record replaces the old (section 3.4.2.2; DNAME as BIND does).
        set.rrs.clear();
        set.rrs.add(same != null ? same : rr);
      } else if (same == null) {
        set.rrs.add(rr);
      } // else a duplicate: only its TTL counts
      // RFC 2181 section 5.2: one TTL per RRset. BIND gives the whole RRset the TTL of the record
      // added, whether that record is new or a duplicate.
      set.ttl = rr.record.getTTL();
    }

    private static void deleteOne(Node node, boolean apex, int type, Rr rr) {
      RrSet set = node.rrsets.get(type);
      if (set == null) {
        return;
      }
      // Section 3.4.2.4: the apex SOA and the apex's last NS are never deleted (as BIND, which
      // ignores the delete of the last NS whatever rdata it names).
      if (apex && (type == Type.SOA || (type == Type.NS && set.rrs.size() == 1))) {
        return;
      }
      set.rrs.removeIf(x -> Arrays.equals(x.canonical, rr.canonical));
      if (set.rrs.isEmpty()) {
        node.rrsets.remove(type);
      }
    }

    /** Refuses the update if an RRset it added to ends up past {@code limits}. */
    void checkGrown(RrSetLimits limits) throws Failure {
      for (Map.Entry<Name, Node> e : nodes.entrySet()) {
        Node node = e.getValue();
        for (int type : node.grown) {
          RrSet set = node.rrsets.get(type);
          if (set == null) {
            continue; // added, then deleted again
          }
          long rdata = 0;
          for (Rr rr : set.rrs) {
            rdata += rr.canonical.length;
          }
          String problem = limits.problem(e.getKey(), type, set.rrs.size(), rdata);
          if (problem != null) {
            throw new Failure(Rcode.REFUSED, problem);
          }
        }
      }
    }

    ZoneDiff diff() {
      List<Record> removed = new ArrayList<>();
      List<Record> added = new ArrayList<>();
      for (Node node : nodes.values()) {
        List<Rr> after = node.after();
        for (Rr rr : node.before) {
          if (!contains(after, rr)) {
            removed.add(rr.record);
          }
        }
        for (Rr rr : after) {
          if (!contains(node.before, rr)) {
            added.add(rr.record);
          }
        }
      }
      return new ZoneDiff(removed, added);
    }

    private static boolean contains(List<Rr> list, Rr rr) {
      for (Rr x : list) {
        if (x.sameAs(rr)) {
          return true;
        }
      }
      return false;
    }
  }

  /** An update that fails: its rcode and reason. Carries no stack trace. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int rcode;
    final String reason;

    Failure(int rcode, String reason) {
      super(reason, null, false, false);
      this.rcode = rcode;
      this.reason = reason;
    }
  }
}
