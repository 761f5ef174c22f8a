package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Builds a {@link ZoneSnapshot} from records, in bulk.
 *
 * <p>Records are packed into arrays as they arrive; no object per record survives. Consecutive
 * records with the same owner form a <em>run</em> (zone files and transfers group a name's records,
 * so a million-name zone is about a million runs). {@link #build} sorts the runs canonically,
 * merges runs of equal owners, inserts the empty non-terminals in the same pass, and packs the
 * nodes into a {@link NodeTable}. Sorting compares precomputed keys rather than parsing labels per
 * comparison, and no hash table of owners is needed: a profile of the first version, which
 * deduplicated owners through one, showed its cache misses as the largest cost of a load.
 *
 * <p>Duplicate records are dropped (RFC 2181 section 5); an RRset whose records disagree on the TTL
 * takes the first one's (RFC 2181 section 5.2), with a warning.
 */
public final class ZoneBuilder {
  private final Name origin;
  private final byte[] originWire;
  private final int originHash;

  // Runs: one relative lower-cased owner name each, and the records that follow it.
  private final GrowableBytes runNames;
  private int[] runNameEnds;
  private int[] runFirstRecord;
  private int runs;

  // Records: parallel arrays, rdata packed.
  private final GrowableBytes rdata;
  private int[] recType;
  private int[] recTtl;
  private int[] recRdataEnd;
  private int records;

  private final List<ZoneFinding> warnings = new ArrayList<>();

  public ZoneBuilder(Name origin) {
    this(origin, 0);
  }

  /**
   * A builder sized for about {@code sourceBytes} of zone file text, so that loading a large zone
   * does not spend its time growing (and the collector copying) arrays. Unsized ({@code 0}, a
   * transfer) it starts at {@link #FEW} records: most zones are small, and a catalog's 100,000
   * members each built their first version in arrays for 256 records (11 KB, a third of all the
   * bytes allocated while they arrived, bench/catalog); a large one grows by doubling.
   */
  public ZoneBuilder(Name origin, long sourceBytes) {
    this.origin = origin;
    this.originWire = origin.toWireCanonical();
    this.originHash = WireName.hash(originWire, 0);
    int expectedRecords = (int) Math.min(1 << 26, Math.max(FEW, sourceBytes / 24));
    this.runNames = new GrowableBytes(expectedRecords * 10);
    this.runNameEnds = new int[expectedRecords];
    this.runFirstRecord = new int[expectedRecords];
    this.rdata = new GrowableBytes(expectedRecords * 12);
    this.recType = new int[expectedRecords];
    this.recTtl = new int[expectedRecords];
    this.recRdataEnd = new int[expectedRecords];
  }

  /** The records an unsized builder has room for before it grows. */
  private static final int FEW = 16;

  public Name origin() {
    return origin;
  }

  /** Number of records added so far (duplicates included). */
  public int size() {
    return records;
  }

  /**
   * Adds a record. Returns false, adding nothing, if its owner is not at or below the origin; the
   * caller decides how to report that.
   */
  public boolean add(Record r) {
    byte[] owner = r.getName().toWire();
    byte[] rd = RecordWire.rdata(r);
    return add(owner, owner.length, r.getType(), r.getTTL(), rd, 0, rd.length);
  }

  private final byte[] lowered = new byte[256];

  /**
   * Adds one record from wire parts: the absolute owner name {@code owner[0, ownerLength)} in any
   * case, and the rdata. Returns false, adding nothing, if the owner is not at or below the origin.
   */
  public boolean add(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rd, int rdOff, int rdLen) {
    int relLen = ownerLength - originWire.length;
    if (relLen < 0) {
      return false;
    }
    WireName.toLowerCase(owner, 0, lowered, 0, ownerLength);
    if (!Arrays.equals(lowered, relLen, ownerLength, originWire, 0, originWire.length)) {
      return false;
    }
    int p = 0;
    while (p < relLen) {
      p += (lowered[p] & 0xff) + 1;
    }
    if (p != relLen) {
      return false; // the origin's bytes, but not at a label boundary
    }
    addRelative(lowered, relLen, type, ttl, rd, rdOff, rdLen);
    return true;
  }

  /** Adds one record from wire parts: relative owner {@code owner[0, relLen)}, lower-cased. */
  private void addRelative(
      byte[] owner, int relLen, int type, long ttl, byte[] rd, int rdOff, int rdLen) {
    if (runs == 0 || !sameAsLastRun(owner, relLen)) {
      if (runs == runNameEnds.length) {
        runNameEnds = Arrays.copyOf(runNameEnds, runs * 2);
        runFirstRecord = Arrays.copyOf(runFirstRecord, runs * 2);
      }
      runNames.write(owner, 0, relLen);
      runNameEnds[runs] = runNames.size();
      runFirstRecord[runs] = records;
      runs++;
    }
    if (records == recType.length) {
      int n = records * 2;
      recType = Arrays.copyOf(recType, n);
      recTtl = Arrays.copyOf(recTtl, n);
      recRdataEnd = Arrays.copyOf(recRdataEnd, n);
    }
    rdata.write(rd, rdOff, rdLen);
    recType[records] = type;
    recTtl[records] = (int) ttl;
    recRdataEnd[records] = rdata.size();
    records++;
  }

  private boolean sameAsLastRun(byte[] owner, int relLen) {
    int start = runStart(runs - 1);
    return runNameEnds[runs - 1] - start == relLen
        && Arrays.equals(runNames.array(), start, runNameEnds[runs - 1], owner, 0, relLen);
  }

  private int runStart(int run) {
    return run == 0 ? 0 : runNameEnds[run - 1];
  }

  private int runEndRecord(int run) {
    return run + 1 < runs ? runFirstRecord[run + 1] : records;
  }

  /** Warnings found while building (TTL mismatches within an RRset). */
  List<ZoneFinding> warnings() {
    return List.copyOf(warnings);
  }

  /** Packs everything added so far into a snapshot. The builder must not be used afterwards. */
  public ZoneSnapshot build() {
    int[] order = canonicalRunOrder();
    // Sized for the usual case (no duplicates, few empty non-terminals): the node header and
    // one RRset header per run, an rdlength per record.
    NodeTableWriter w =
        new NodeTableWriter(runs + runs / 8 + 16, rdata.size() + runs * 15 + records * 2 + 64);
    byte[] names = runNames.array();
    NodeEncoder encoder = new NodeEncoder();
    // The chain of names from the apex down to the last node written: each new node's missing
    // ancestors (empty non-terminals) are exactly the ones below its deepest ancestor here.
    int[] labelStarts = new int[WireName.MAX_LABELS];
    int kept = 0;
    boolean apexWritten = false;
    byte[] previous = null;
    int i = 0;
    while (i < runs) {
      int run = order[i];
      int start = runStart(run);
      int len = runNameEnds[run] - start;
      int j = i + 1; // runs [i, j) share this owner
      while (j < runs && sameName(order[j], names, start, len)) {
        j++;
      }
      if (!apexWritten && len > 0) {
        w.beginNode(names, 0, 0);
        encoder.writeEmpty(w.data());
        apexWritten = true;
        previous = new byte[0];
      }
      apexWritten = true;
      if (previous != null) {
        writeEmptyNonTerminals(w, encoder, previous, names, start, len, labelStarts);
      }
      w.beginNode(names, start, len);
      kept += encoder.write(w.data(), order, i, j);
      previous = Arrays.copyOfRange(names, start, start + len);
      i = j;
    }
    if (!apexWritten) {
      w.beginNode(names, 0, 0);
      encoder.writeEmpty(w.data());
    }
    NodeTable base = w.build(originHash);
    ZoneContents contents = new ZoneContents(base, NodeTable.NO_OVERLAY);
    return new ZoneSnapshot(origin, contents, soaSerial(contents), kept);
  }

  private boolean sameName(int run, byte[] names, int start, int len) {
    int s = runStart(run);
    return runNameEnds[run] - s == len
        && Arrays.equals(names, s, s + len, names, start, start + len);
  }

  /**
   * Writes, in canonical order, the ancestors of {@code name} that lie strictly between its deepest
   * ancestor among {@code previous} and its ancestors (the nodes already written, as canonical
   * order puts ancestors first) and itself.
   */
  private static void writeEmptyNonTerminals(
      NodeTableWriter w,
      NodeEncoder encoder,
      byte[] previous,
      byte[] names,
      int start,
      int len,
      int[] labelStarts) {
    int n = WireName.relativeLabelStarts(names, start, len, labelStarts);
    // Label k (0 = leftmost) starts the suffix of length end - labelStarts[k]. Find the longest
    // proper suffix of name that is previous or an ancestor of previous: it exists in the table.
    int end = start + len;
    int existing = n; // index of the label where the existing ancestor starts (n = apex)
    for (int k = 1; k < n; k++) {
      int s = labelStarts[k];
      if (WireName.isAtOrBelow(previous, 0, previous.length, names, s, end - s)) {
        existing = k;
        break;
      }
    }
    for (int k = existing - 1; k >= 1; k--) {
      int s = labelStarts[k];
      w.beginNode(names, s, end - s);
      encoder.writeEmpty(w.data());
    }
  }

  /** Encodes nodes: groups a node's records into RRsets in the order their types appeared. */
  private final class NodeEncoder {
    private int[] recs = new int[16];
    private boolean[] done = new boolean[16];
    private long[] keys = new long[16];

    void writeEmpty(GrowableBytes out) {
      out.write(0);
      out.writeU16(0);
    }

    /** Writes the node made of runs {@code order[from, to)}; returns the records kept. */
    int write(GrowableBytes out, int[] order, int from, int to) {
      int n = 0;
      for (int k = from; k < to; k++) {
        int run = order[k];
        for (int r = runFirstRecord[run]; r < runEndRecord(run); r++) {
          if (n == recs.length) {
            recs = Arrays.copyOf(recs, n * 2);
            done = new boolean[n * 2];
          }
          recs[n++] = r;
        }
      }
      // RRsets in type order (as Knot keeps them; ANY is answered with the first), and RRSIGs
      // one RRset per type covered.
      Arrays.fill(done, 0, n, false);
      sortByKey(n);
      byte[] rd = rdata.array();
      int flagsPos = out.size();
      out.write(0);
      out.writeU16(0);
      int flags = 0;
      int rrsets = 0;
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (done[i]) {
          continue;
        }
        int first = recs[i];
        int type = recType[first];
        long key = keys[i];
        int headerPos = out.size();
        out.writeU16(type);
        out.writeU32(recTtl[first]);
        out.writeU16(0);
        out.writeU32(0);
        int count = 0;
        int bytesStart = out.size();
        for (int j = i; j < n; j++) {
          int q = recs[j];
          if (done[j] || keys[j] != key) {
            continue;
          }
          done[j] = true;
          int qs = q == 0 ? 0 : recRdataEnd[q - 1];
          int qe = recRdataEnd[q];
          if (isDuplicate(out.array(), bytesStart, out.size(), rd, qs, qe)) {
            continue;
          }
          if (recTtl[q] != recTtl[first]) {
            warnTtl(order[from], type, recTtl[q], recTtl[first], rd, qs, qe);
          }
          out.writeU16(qe - qs);
          out.write(rd, qs, qe - qs);
          count++;
        }
        byte[] a = out.array();
        a[headerPos + 6] = (byte) (count >>> 8);
        a[headerPos + 7] = (byte) count;
        out.setU32(headerPos + 8, out.size() - bytesStart);
        flags |= EncodedNode.flagFor(type);
        rrsets++;
        kept += count;
      }
      byte[] a = out.array();
      a[flagsPos] = (byte) flags;
      a[flagsPos + 1] = (byte) (rrsets >>> 8);
      a[flagsPos + 2] = (byte) rrsets;
      return kept;
    }

    /**
     * Stable insertion sort of {@code recs[0, n)} by {@link EncodedNode#sortKey} (type; RRSIGs by
     * type covered): nodes hold a few records.
     */
    private void sortByKey(int n) {
      if (keys.length < recs.length) {
        keys = new long[recs.length];
      }
      for (int i = 0; i < n; i++) {
        keys[i] = key(recs[i]);
      }
      for (int i = 1; i < n; i++) {
        int r = recs[i];
        long k = keys[i];
        int j = i - 1;
        while (j >= 0 && keys[j] > k) {
          recs[j + 1] = recs[j];
          keys[j + 1] = keys[j];
          j--;
        }
        recs[j + 1] = r;
        keys[j + 1] = k;
      }
    }

    private long key(int record) {
      int start = record == 0 ? 0 : recRdataEnd[record - 1];
      return EncodedNode.sortKey(
          recType[record], rdata.array(), start, recRdataEnd[record] - start);
    }
  }

  private void warnTtl(
      int run, int type, int ttl, int rrsetTtl, byte[] rd, int rdStart, int rdEnd) {
    Name owner = runOwner(run);
    // Located at the record whose TTL differs, not at the RRset's first record.
    warnings.add(
        ZoneFinding.atRecord(
            ZoneProblem.Severity.WARNING,
            owner,
            type,
            rd,
            rdStart,
            rdEnd,
            "TTL "
                + Integer.toUnsignedString(ttl)
                + " of a "
                + Type.string(type)
                + " record at "
                + owner
                + " differs from its RRset's TTL "
                + Integer.toUnsignedString(rrsetTtl)
                + ", which applies (RFC 2181 section 5.2)"));
  }

  private static boolean isDuplicate(byte[] out, int from, int to, byte[] rd, int qs, int qe) {
    int len = qe - qs;
    for (int p = from; p < to; ) {
      int l = ((out[p] & 0xff) << 8) | (out[p + 1] & 0xff);
      if (l == len && Arrays.equals(out, p + 2, p + 2 + l, rd, qs, qe)) {
        return true;
      }
      p += 2 + l;
    }
    return false;
  }

  private Name runOwner(int run) {
    int start = runStart(run);
    int len = runNameEnds[run] - start;
    byte[] abs = new byte[len + originWire.length];
    System.arraycopy(runNames.array(), start, abs, 0, len);
    System.arraycopy(originWire, 0, abs, len, originWire.length);
    try {
      return new Name(abs);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private long soaSerial(ZoneContents contents) {
    ZoneContents.NodeSlice apex = contents.lookup(new NameKey(new byte[0]));
    if (apex == null) {
      return -1;
    }
    byte[] d = apex.data();
    int soa = EncodedNode.findRrset(d, apex.start(), Type.SOA);
    if (soa < 0) {
      return -1;
    }
    int rdlength = EncodedNode.firstRdata(d, soa);
    int end = rdlength + 2 + EncodedNode.rdataLength(d, rdlength);
    return EncodedNode.u32(d, end - 20) & 0xffffffffL;
  }

  /**
   * Run indexes in canonical order of their owners, equal owners in input order. Sorting compares
   * precomputed keys ({@link NameKey#appendSortKey}) with one unsigned array comparison; input that
   * is already in order (as generated and transferred zones usually are) costs one pass.
   */
  private int[] canonicalRunOrder() {
    GrowableBytes keys = new GrowableBytes(runNames.size() + runs * 3);
    int[] keyEnds = new int[runs];
    int[] starts = new int[WireName.MAX_LABELS];
    byte[] names = runNames.array();
    for (int run = 0; run < runs; run++) {
      int start = runStart(run);
      NameKey.appendSortKey(names, start, runNameEnds[run] - start, starts, keys);
      keyEnds[run] = keys.size();
    }
    byte[] k = keys.array();
    int[] order = new int[runs];
    boolean sorted = true;
    for (int run = 0; run < runs; run++) {
      order[run] = run;
      if (run > 0 && compareKeys(k, keyEnds, run - 1, run) > 0) {
        sorted = false;
      }
    }
    if (!sorted) {
      Integer[] boxed = new Integer[runs];
      for (int run = 0; run < runs; run++) {
        boxed[run] = run;
      }
      Arrays.sort(boxed, (a, b) -> compareKeys(k, keyEnds, a, b)); // stable
      for (int run = 0; run < runs; run++) {
        order[run] = boxed[run];
      }
    }
    return order;
  }

  private static int compareKeys(byte[] k, int[] ends, int a, int b) {
    int as = a == 0 ? 0 : ends[a - 1];
    int bs = b == 0 ? 0 : ends[b - 1];
    return Arrays.compareUnsigned(k, as, ends[a], k, bs, ends[b]);
  }
}
