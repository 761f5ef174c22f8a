package dev.tandem.dns.engine;

import dev.tandem.dns.wire.ResponseWriter;
import dev.tandem.dns.wire.WireName;
import dev.tandem.dns.zone.EncodedNode;
import dev.tandem.dns.zone.ZoneContents;
import dev.tandem.dns.zone.ZoneSnapshot;
import org.xbill.DNS.Type;

/**
 * The DNSSEC half of an answer: RRSIGs beside the RRsets they sign, and the NSEC or NSEC3 records
 * that prove a name, a type or a DS does not exist, each with its RRSIGs.
 *
 * <p>NSEC (RFC 4035 section 3.1.3): the NSEC that covers a name is the one at the last name before
 * it, in canonical order, that has one; {@link ZoneContents#floorWith} finds it by binary search in
 * the zone's sorted node tables. NSEC3 (RFC 5155 section 7.2): a name is hashed (at most three
 * names per answer: closest encloser, next closer, wildcard) and the hash, as an owner label, is
 * looked up the same way among the apex's children; the NSEC3 parameters come from the snapshot,
 * read once per version. Nothing is hashed ahead of time and nothing per zone name per query.
 *
 * <p>Every method writes into the current section and returns false if something did not fit (the
 * caller sets TC: a proof cannot be left out, RFC 4035 section 3.1.3). A proof record already
 * written in this response is not written twice (the NSEC that covers a name often also covers its
 * wildcard). One instance per thread, reused; nothing is allocated per query.
 */
final class DenialProofs {
  private static final int MAX_PROOFS = 16;

  private final ResponseWriter w;
  private final SignatureQueue signatures;
  private final Nsec3Hasher hasher = new Nsec3Hasher();
  private final int[] sa = new int[WireName.MAX_LABELS];
  private final int[] sb = new int[WireName.MAX_LABELS];
  private final byte[] key = new byte[WireName.MAX_LENGTH + 2];
  private final byte[] owner = new byte[WireName.MAX_LENGTH + 2];
  private final byte[] wild = new byte[WireName.MAX_LENGTH + 2];

  private ZoneContents contents = ZoneContents.empty();
  private ZoneSnapshot.Denial denial = ZoneSnapshot.Denial.NONE;
  private byte[] origin = new byte[0];
  private int originHash;
  private int originLabels;
  private int iterations;
  private byte[] salt = new byte[0];

  private final int[] written = new int[MAX_PROOFS];
  private int writtenCount;

  DenialProofs(ResponseWriter w, SignatureQueue signatures) {
    this.w = w;
    this.signatures = signatures;
  }

  /** Starts an answer from {@code z}, whose lower-cased origin is {@code originWire}. */
  void begin(ZoneSnapshot z, byte[] originWire) {
    contents = z.contents();
    denial = z.denial();
    origin = originWire;
    originHash = z.originHash();
    originLabels = WireName.labelCount(originWire, 0);
    iterations = z.nsec3Iterations();
    salt = z.nsec3Salt();
    writtenCount = 0;
  }

  /** Whether the zone has a chain to prove non-existence with. */
  boolean enabled() {
    return denial != ZoneSnapshot.Denial.NONE;
  }

  /**
   * Queues the RRSIGs that cover {@code type} at the node {@code d[node]} for the end of the
   * section, owned by {@code owner[ownerOff]}, with the TTL of the RRset they sign when that is
   * lower (an SOA in a negative answer, RFC 2308 section 5). False only if the queue is full.
   */
  boolean putSignatures(byte[] owner, int ownerOff, byte[] d, int node, int type, long ttl) {
    int sigs = EncodedNode.findSignatures(d, node, type);
    return sigs < 0
        || signatures.add(owner, ownerOff, d, sigs, Math.min(ttl, EncodedNode.ttl(d, sigs)));
  }

  /**
   * NXDOMAIN for {@code name}, whose closest encloser starts at its label {@code encloser}: the
   * name does not exist, and no wildcard at the closest encloser could have stood in for it.
   */
  boolean nameError(Sname name, int encloser) {
    if (denial == ZoneSnapshot.Denial.NSEC) {
      return nsecCovering(name.lower, 0, name.length)
          && nsecCovering(wild, 0, wildcardAt(name, encloser));
    }
    // The wildcard that could have answered is at the closest encloser that can be proven: in an
    // opt-out zone an empty non-terminal above insecure delegations only has no NSEC3, and the
    // proof (and the wildcard) move up to the nearest ancestor that has one.
    int proven = closestProvableEncloserProof(name, encloser);
    return proven >= 0 && nsec3Covering(wild, 0, wildcardAt(name, proven));
  }

  /** NODATA at {@code name}, which exists as the node {@code handle} without the type asked. */
  boolean noData(Sname name, int handle) {
    if (denial == ZoneSnapshot.Denial.NSEC) {
      byte[] d = contents.data(handle);
      int node = contents.node(handle);
      if (EncodedNode.findRrset(d, node, Type.NSEC) >= 0) {
        return putNsecRecord(handle, Type.NSEC);
      }
      // An empty non-terminal has no NSEC: the one before it covers it, and its next name lies
      // below it, which proves the name exists with no data (RFC 4035 section 3.1.3.2).
      return nsecCovering(name.lower, 0, name.length);
    }
    int found = nsec3Matching(name.lower, 0, name.length);
    if (found != 0) {
      return found > 0;
    }
    // No NSEC3 for the name (it is opted out: an insecure delegation, or an empty non-terminal
    // that leads only to some): prove the closest provable encloser instead, whose next closer
    // name falls in an opt-out span (RFC 5155 section 7.2.4).
    return closestProvableEncloserProof(name, 1) >= 0;
  }

  /**
   * NODATA through a wildcard: {@code name} does not exist, the wildcard at its closest encloser
   * (label {@code encloser}) does, as node {@code wildcard}, without the type asked.
   */
  boolean wildcardNoData(Sname name, int encloser, int wildcard) {
    if (denial == ZoneSnapshot.Denial.NSEC) {
      if (!nsecCovering(name.lower, 0, name.length)) {
        return false;
      }
      if (EncodedNode.findRrset(contents.data(wildcard), contents.node(wildcard), Type.NSEC) >= 0) {
        return putNsecRecord(wildcard, Type.NSEC);
      }
      // The wildcard is an empty non-terminal: the NSEC covering it proves it has no data.
      return nsecCovering(wild, 0, wildcardAt(name, encloser));
    }
    if (closestProvableEncloserProof(name, encloser) < 0) {
      return false;
    }
    return nsec3Matching(wild, 0, wildcardAt(name, encloser)) >= 0; // RFC 5155 section 7.2.5
  }

  /**
   * An answer synthesized from the wildcard at the closest encloser (label {@code encloser}) of
   * {@code name}: proof that the name itself does not exist (RFC 4035 section 3.1.3.3; RFC 5155
   * section 7.2.6, where only the next closer name needs covering).
   */
  boolean wildcardAnswer(Sname name, int encloser) {
    if (denial == ZoneSnapshot.Denial.NSEC) {
      return nsecCovering(name.lower, 0, name.length);
    }
    int next = name.start(encloser - 1);
    return nsec3Covering(name.lower, next, name.length - next);
  }

  /**
   * A referral to {@code name}'s suffix at label {@code label} (node {@code handle}) that has no
   * DS: the NSEC there, or the NSEC3 that matches it, or for an opted-out delegation the closest
   * provable encloser proof (RFC 4035 section 3.1.4, RFC 5155 section 7.2.7).
   */
  boolean noDs(Sname name, int label, int handle) {
    if (denial == ZoneSnapshot.Denial.NSEC) {
      return putNsecRecord(handle, Type.NSEC);
    }
    int start = name.start(label);
    int found = nsec3Matching(name.lower, start, name.length - start);
    if (found != 0) {
      return found > 0;
    }
    return closestProvableEncloserProof(name, label + 1) >= 0;
  }

  /**
   * The closest provable encloser proof (RFC 5155 section 7.2.1): searches from label {@code from}
   * of {@code name} towards the apex for an ancestor with an NSEC3 (the closest encloser itself,
   * unless opt-out left it without one), writes it, and covers the name one label below it (the
   * next closer name). Returns the label of that ancestor, or -1 if something did not fit.
   */
  private int closestProvableEncloserProof(Sname name, int from) {
    int apexLabel = name.labels - originLabels;
    for (int i = from; i <= apexLabel; i++) {
      int start = name.start(i);
      int found = nsec3Matching(name.lower, start, name.length - start);
      if (found < 0) {
        return -1;
      }
      if (found > 0) {
        int next = name.start(i - 1);
        return nsec3Covering(name.lower, next, name.length - next) ? i : -1;
      }
    }
    return apexLabel; // no NSEC3 even at the apex: a broken chain, nothing to prove with
  }

  /** Writes {@code *.<suffix of name at label i>} into {@link #wild}; returns its length. */
  private int wildcardAt(Sname name, int i) {
    int start = name.start(i);
    wild[0] = 1;
    wild[1] = '*';
    System.arraycopy(name.lower, start, wild, 2, name.length - start);
    return 2 + name.length - start;
  }

  /** The NSEC at or before the lower-cased absolute {@code name[off, off+len)}, with RRSIGs. */
  private boolean nsecCovering(byte[] name, int off, int len) {
    int handle = contents.floorWith(name, off, len - origin.length, Type.NSEC, false, sa, sb);
    return handle == ZoneContents.NOT_FOUND || putNsecRecord(handle, Type.NSEC);
  }

  /**
   * The NSEC3 whose owner is the hash of the lower-cased absolute {@code name[off, off+len)}: 1
   * written (or written before), 0 there is none, -1 it did not fit.
   */
  private int nsec3Matching(byte[] name, int off, int len) {
    if (!hashToKey(name, off, len)) {
      return 0;
    }
    int handle =
        contents.find(
            key,
            0,
            Nsec3Hasher.LABEL_LENGTH + 1,
            WireName.hashRelative(originHash, key, 0, Nsec3Hasher.LABEL_LENGTH + 1));
    if (handle == ZoneContents.NOT_FOUND
        || EncodedNode.findRrset(contents.data(handle), contents.node(handle), Type.NSEC3) < 0) {
      return 0;
    }
    return putNsecRecord(handle, Type.NSEC3) ? 1 : -1;
  }

  /** The NSEC3 whose span covers the hash of {@code name[off, off+len)} (the chain wraps). */
  private boolean nsec3Covering(byte[] name, int off, int len) {
    if (!hashToKey(name, off, len)) {
      return true;
    }
    int handle = contents.floorWith(key, 0, Nsec3Hasher.LABEL_LENGTH + 1, Type.NSEC3, true, sa, sb);
    if (handle == ZoneContents.NOT_FOUND) {
      handle = contents.floorWith(key, 0, -1, Type.NSEC3, true, sa, sb); // before the first
    }
    return handle == ZoneContents.NOT_FOUND || putNsecRecord(handle, Type.NSEC3);
  }

  /** Hashes the name into {@link #key} as a relative owner label; false for unknown hashes. */
  private boolean hashToKey(byte[] name, int off, int len) {
    if (denial != ZoneSnapshot.Denial.NSEC3) {
      return false;
    }
    hasher.hashLabel(name, off, len, iterations, salt, key, 0);
    return true;
  }

  /** Notes that the NSEC or NSEC3 RRset of the node {@code handle} is in the response already. */
  void alreadyWritten(int handle) {
    if (writtenCount < MAX_PROOFS) {
      written[writtenCount++] = handle;
    }
  }

  /** Writes the NSEC or NSEC3 RRset at the node {@code handle} and its RRSIGs, once. */
  private boolean putNsecRecord(int handle, int type) {
    for (int i = 0; i < writtenCount; i++) {
      if (written[i] == handle) {
        return true;
      }
    }
    byte[] d = contents.data(handle);
    int node = contents.node(handle);
    int rrset = EncodedNode.findRrset(d, node, type);
    if (rrset < 0) {
      return true;
    }
    // The owner: the node's relative name and the origin.
    int len = contents.nameLength(handle);
    System.arraycopy(contents.nameArray(handle), contents.nameStart(handle), owner, 0, len);
    System.arraycopy(origin, 0, owner, len, origin.length);
    long ttl = EncodedNode.ttl(d, rrset);
    if (!w.putRrset(owner, 0, d, rrset, ttl) || !putSignatures(owner, 0, d, node, type, ttl)) {
      return false;
    }
    if (writtenCount < MAX_PROOFS) {
      written[writtenCount++] = handle;
    }
    return true;
  }
}
