package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One immutable version of one zone: its origin, its serial and its nodes. A query reads the
 * snapshot it found at the start and uses it to the end; a change builds a new snapshot ({@link
 * #apply}) that shares all unchanged data with this one, and the caller publishes it by swapping a
 * reference.
 */
public final class ZoneSnapshot {
  private final Name origin;
  private final byte[] originWire;
  private final ZoneContents contents;
  private final long serial;
  private final int recordCount;
  private final int apex;

  private final Denial denial;
  private final boolean signed;
  private final int nsec3Iterations;
  private final byte[] nsec3Salt;
  // Summed up when first asked, then kept with the version (written racily, as String's hash: a
  // record, so any thread sees it whole). A field here rather than a holder object beside each
  // zone: the snapshot has four bytes of padding to spare, a catalog's member had 16 bytes to pay.
  private @Nullable SignatureSummary signatures;

  /** What {@link #signatures} keeps for a version that has no RRSIG. */
  private static final SignatureSummary UNSIGNED =
      new SignatureSummary(0, 0, 0, Name.root, Type.RRSIG);

  /** The salt of every zone without NSEC3: one empty array, not one per version of each zone. */
  private static final byte[] NO_SALT = new byte[0];

  /** How the zone proves that names and types do not exist (RFC 4035, RFC 5155). */
  public enum Denial {
    /** Not signed, or signed without a chain this server can use: no proofs. */
    NONE,
    NSEC,
    NSEC3
  }

  ZoneSnapshot(Name origin, ZoneContents contents, long serial, int recordCount) {
    this.origin = origin;
    this.originWire = origin.toWireCanonical();
    this.contents = contents;
    this.serial = serial;
    this.recordCount = recordCount;
    this.apex = contents.find(originWire, 0, 0, contents.originHash());
    // The NSEC3 parameters in use are those of an NSEC3PARAM at the apex with flags 0 and SHA-1
    // (RFC 5155 section 4; the only hash defined), read once per version, not per query.
    Denial mode = Denial.NONE;
    int iterations = 0;
    byte[] salt = NO_SALT;
    boolean soaSigned = false;
    if (apex != ZoneContents.NOT_FOUND) {
      byte[] d = contents.data(apex);
      int node = contents.node(apex);
      soaSigned = EncodedNode.findSignatures(d, node, Type.SOA) >= 0;
      int param = EncodedNode.findRrset(d, node, Type.NSEC3PARAM);
      if (param >= 0) {
        int rd = EncodedNode.firstRdata(d, param);
        for (int i = 0; i < EncodedNode.rdataCount(d, param); i++) {
          int len = EncodedNode.rdataLength(d, rd);
          int p = rd + 2;
          if (len >= 5 && d[p] == 1 && d[p + 1] == 0 && len == 5 + (d[p + 4] & 0xff)) {
            mode = Denial.NSEC3;
            iterations = EncodedNode.u16(d, p + 2);
            salt = Arrays.copyOfRange(d, p + 5, p + len);
            break;
          }
          rd = EncodedNode.nextRdata(d, rd);
        }
      }
      if (mode == Denial.NONE && EncodedNode.findRrset(d, node, Type.NSEC) >= 0) {
        mode = Denial.NSEC;
      }
    }
    this.denial = soaSigned ? mode : Denial.NONE;
    this.signed = soaSigned;
    this.nsec3Iterations = iterations;
    this.nsec3Salt = salt;
  }

  /**
   * Whether the zone is signed: its SOA has an RRSIG (as Knot decides it). Only then does a query
   * with DO get DNSSEC records it did not ask for: a DS in an unsigned zone proves nothing.
   */
  public boolean signed() {
    return signed;
  }

  /** How this version proves non-existence, from the records at its apex. */
  public Denial denial() {
    return denial;
  }

  /** The NSEC3 hash iterations (meaningful when {@link #denial} is NSEC3). */
  public int nsec3Iterations() {
    return nsec3Iterations;
  }

  /** The NSEC3 salt (meaningful when {@link #denial} is NSEC3); not to be modified. */
  public byte[] nsec3Salt() {
    return nsec3Salt;
  }

  public Name origin() {
    return origin;
  }

  /**
   * This version's signatures summed up, or null if it has none: {@link SignatureSummary#of} (a
   * pass over the nodes) when first asked, with {@code nowSeconds} then; the same afterwards.
   */
  public @Nullable SignatureSummary signatures(long nowSeconds) {
    SignatureSummary s = signatures;
    if (s == null) {
      s = SignatureSummary.of(this, nowSeconds);
      signatures = s = s == null ? UNSIGNED : s;
    }
    return s == UNSIGNED ? null : s;
  }

  /**
   * The origin in lower-cased wire form; not to be modified. Not a copy: the served zones' trie
   * keys each zone by it, and a catalog's 100,000 members would carry a copy each (32 bytes).
   */
  public byte[] originWire() {
    return originWire;
  }

  /** Length of the origin in wire form, root label included. */
  public int originLength() {
    return originWire.length;
  }

  /** The hash of the origin, as {@link WireName#hash} computes it. */
  public int originHash() {
    return contents.originHash();
  }

  /** The SOA serial, or -1 if the zone has no SOA at its apex (such a zone is never served). */
  public long serial() {
    return serial;
  }

  /**
   * The SOA at the apex: every served version has one ({@link ZoneLoader} and the transfer checks
   * refuse a zone without).
   *
   * @throws IllegalStateException if this version has none
   */
  public SOARecord soa() {
    // The SOA alone, not every record at the apex made to find it: a catalog member's timers read
    // it once a transfer, 0.4 s of the CPU of 100,000 arriving when all five were made.
    if (apex != ZoneContents.NOT_FOUND) {
      byte[] d = contents.data(apex);
      int rrset = EncodedNode.findRrset(d, contents.node(apex), Type.SOA);
      if (rrset >= 0 && EncodedNode.rdataCount(d, rrset) > 0) {
        int rd = EncodedNode.firstRdata(d, rrset);
        byte[] rdata = Arrays.copyOfRange(d, rd + 2, rd + 2 + EncodedNode.rdataLength(d, rd));
        return (SOARecord)
            Record.newRecord(origin, Type.SOA, DClass.IN, EncodedNode.ttl(d, rrset), rdata);
      }
    }
    throw new IllegalStateException(origin + " has no SOA");
  }

  public ZoneContents contents() {
    return contents;
  }

  /** The handle of the apex node in {@link #contents()}. */
  public int apex() {
    return apex;
  }

  /** The number of records (RRs), duplicates removed. */
  public int recordCount() {
    return recordCount;
  }

  /** Approximate bytes held by the node arrays. */
  public long footprint() {
    return contents.footprint();
  }

  /**
   * Applies an incremental change (as IXFR or UPDATE deliver it) and returns the new version; this
   * one is unchanged. The cost is in proportion to the change, not to the zone.
   *
   * @throws ZoneDiffException if the diff removes a record the zone does not have
   */
  public ZoneSnapshot apply(ZoneDiff diff) throws ZoneDiffException {
    return ZoneDiffApplier.apply(this, diff);
  }

  ZoneSnapshot with(ZoneContents newContents, long newSerial, int newRecordCount) {
    return new ZoneSnapshot(origin, newContents, newSerial, newRecordCount);
  }

  /** Calls {@code action} with every record, in canonical order of owner names. */
  public void forEachRecord(Consumer<Record> action) {
    NodeWalk walk = nodes();
    while (walk.next(action)) {
      // each call hands over one node's records
    }
  }

  /** Receives one record in wire parts; the arrays are only valid during the call. */
  @FunctionalInterface
  public interface WireRecordSink {
    /**
     * @param owner the absolute owner name in wire form, lower case, in {@code owner[0,
     *     ownerLength)}
     * @param rdata the record's rdata, uncompressed, in {@code rdata[rdataOffset, +rdataLength)}
     */
    void accept(
        byte[] owner,
        int ownerLength,
        int type,
        long ttl,
        byte[] rdata,
        int rdataOffset,
        int rdataLength);
  }

  /**
   * Hands every record to {@code sink} in wire parts, in canonical order of owner names, without
   * making a dnsjava {@code Record} of each: for writing a large zone out (the store's base) at the
   * cost of a copy.
   */
  public void forEachRecordWire(WireRecordSink sink) {
    NodeWalk walk = nodes();
    while (walk.next(sink)) {
      // each call hands over one node's records
    }
  }

  /**
   * A walk over the zone one node at a time, in canonical order: for callers that pace themselves,
   * such as a zone transfer out that waits for the peer to read.
   */
  public NodeWalk nodes() {
    return new NodeWalk(contents.cursor());
  }

  /** See {@link #nodes()}. Not thread-safe; the snapshot it walks never changes. */
  public final class NodeWalk {
    private final ZoneContents.Cursor cursor;
    private final byte[] abs = new byte[WireName.MAX_LENGTH + 1];

    private NodeWalk(ZoneContents.Cursor cursor) {
      this.cursor = cursor;
    }

    /** Hands the next node's records to {@code action}; false when the walk is over. */
    public boolean next(Consumer<Record> action) {
      Name[] owner = {null}; // made once per node, at its first record
      return next(
          (o, ownerLength, type, ttl, rdata, offset, length) -> {
            Name n = owner[0];
            if (n == null) {
              n = name(o, ownerLength);
              owner[0] = n;
            }
            action.accept(
                Record.newRecord(
                    n, type, DClass.IN, ttl, Arrays.copyOfRange(rdata, offset, offset + length)));
          });
    }

    /** Hands the next node's records to {@code sink} in wire parts; false when the walk is over. */
    public boolean next(WireRecordSink sink) {
      if (!cursor.next()) {
        return false;
      }
      int relLen = cursor.nameLength();
      System.arraycopy(cursor.nameArray(), cursor.nameOffset(), abs, 0, relLen);
      System.arraycopy(originWire, 0, abs, relLen, originWire.length);
      forEachRecordOfNode(
          abs, relLen + originWire.length, cursor.dataArray(), cursor.dataStart(), sink);
      return true;
    }

    private Name name(byte[] owner, int length) {
      try {
        return new Name(Arrays.copyOf(owner, length));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("corrupt owner name in zone " + origin, e);
      }
    }
  }

  static void forEachRecordOfNode(Name owner, byte[] d, int node, Consumer<Record> action) {
    byte[] wire = owner.toWire();
    forEachRecordOfNode(
        wire,
        wire.length,
        d,
        node,
        (o, ol, type, ttl, rdata, offset, length) ->
            action.accept(
                Record.newRecord(
                    owner,
                    type,
                    DClass.IN,
                    ttl,
                    Arrays.copyOfRange(rdata, offset, offset + length))));
  }

  private static void forEachRecordOfNode(
      byte[] owner, int ownerLength, byte[] d, int node, WireRecordSink sink) {
    int n = EncodedNode.rrsetCount(d, node);
    int rrset = EncodedNode.firstRrset(d, node);
    for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
      int type = EncodedNode.type(d, rrset);
      long ttl = EncodedNode.ttl(d, rrset);
      int count = EncodedNode.rdataCount(d, rrset);
      int rd = EncodedNode.firstRdata(d, rrset);
      for (int j = 0; j < count; j++, rd = EncodedNode.nextRdata(d, rd)) {
        sink.accept(owner, ownerLength, type, ttl, d, rd + 2, EncodedNode.rdataLength(d, rd));
      }
    }
  }

  /** All records, in canonical order of owner names. For tests, exports and small zones. */
  public List<Record> records() {
    List<Record> all = new ArrayList<>(recordCount);
    forEachRecord(all::add);
    return all;
  }

  /** The records at one owner name (absolute), or an empty list. */
  public List<Record> recordsAt(Name owner) {
    if (!owner.subdomain(origin)) {
      return List.of();
    }
    byte[] w = owner.toWireCanonical();
    NameKey key = new NameKey(Arrays.copyOf(w, w.length - originWire.length));
    ZoneContents.NodeSlice node = contents.lookup(key);
    if (node == null) {
      return List.of();
    }
    List<Record> out = new ArrayList<>();
    forEachRecordOfNode(owner, node.data(), node.start(), out::add);
    return out;
  }

  /** Whether a node (possibly an empty non-terminal) exists at that name. */
  public boolean hasNode(Name owner) {
    if (!owner.subdomain(origin)) {
      return false;
    }
    byte[] w = owner.toWireCanonical();
    return contents.lookup(new NameKey(Arrays.copyOf(w, w.length - originWire.length))) != null;
  }

  @Override
  public String toString() {
    return "zone " + origin + " serial " + serial + " (" + recordCount + " records)";
  }
}
