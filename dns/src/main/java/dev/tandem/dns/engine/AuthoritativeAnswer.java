package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.ResponseWriter;
import dev.tandem.dns.wire.WireName;
import dev.tandem.dns.zone.EncodedNode;
import dev.tandem.dns.zone.ZoneContents;
import dev.tandem.dns.zone.ZoneSnapshot;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The authoritative answer to one query in one zone: RFC 1034 section 4.3.2 steps 3 and 4 with the
 * later clarifications, written straight into the response as the search proceeds.
 *
 * <p><b>The walk.</b> From the apex down, one hash probe per label of SNAME. Three things can stop
 * it: a missing label (SNAME does not exist; its closest encloser is the last name found), a
 * delegation (a non-apex NS above SNAME, or at SNAME unless the query is for DS, which the parent
 * answers: RFC 4035 section 3.1.4.1), or reaching SNAME. Then:
 *
 * <ul>
 *   <li>SNAME exists: a CNAME there is followed (unless CNAME, ANY, RRSIG or NSEC was asked); else
 *       the asked RRset is the answer (ANY: the first RRset, RFC 8482), or NODATA.
 *   <li>SNAME does not exist: a wildcard child of the closest encloser stands in for it (RFC 4592),
 *       answering with SNAME as owner; else a DNAME at the closest encloser is followed (RFC 6672);
 *       else NXDOMAIN.
 *   <li>Following a CNAME or DNAME restarts the walk with the target, as long as it is in the zone,
 *       for at most five links, never revisiting an RRset or a wildcard (loops).
 * </ul>
 *
 * Then the authority section (SOA for negative answers with the RFC 2308 section 5 TTL, or the
 * delegation's NS for referrals) and additional addresses for NS, MX and SRV targets in the zone:
 * glue that a referral needs causes TC if it does not fit, other additional data is simply left out
 * (RFC 2181 section 9).
 *
 * <p><b>DNSSEC</b>: with DO set, each {@link #put} also writes the RRset's RRSIGs (RFC 4035 section
 * 3.1.1), a referral carries the DS RRset or the proof that there is none (section 3.1.4), the
 * authority section gets the NSEC or NSEC3 proof for MISS and NODATA, and each answer synthesized
 * from a wildcard the proof that the name itself does not exist (section 3.1.3.3). {@link
 * DenialProofs} writes them. Without DO no DNSSEC record is added: only a query for one of their
 * types gets them, as the answer. In an NSEC3 zone the NSEC3 owner names are not names of the zone
 * (RFC 5155 section 7.2.9, and Knot keeps them apart): a query for one is answered as for a name
 * that does not exist.
 *
 * <p>These are the semantics of Knot DNS, which the differential test checks against; where Tandem
 * differs on purpose, docs/conformance.md says so. One instance per thread, reused; it allocates
 * nothing per query.
 *
 * <p><b>Why one class</b> (past the usual size): the search, the authority and the additional
 * section share the state of one answer (the zone, SNAME, the RRsets and wildcards already written,
 * the chain of aliases, where TC applies), and every step reads and changes it. Split, that state
 * would travel as a context object through every call on the hottest path; the DNSSEC proofs
 * ({@link DenialProofs}), the signature queue and SNAME ({@link Sname}) already live apart because
 * they do not.
 */
final class AuthoritativeAnswer {
  /** Where the search stands; the closed set of states of the walk (Knot's are the same). */
  enum Outcome {
    /** Positive answer written (or an out-of-zone alias target reached). */
    HIT,
    /** SNAME exists, no data of the type. */
    NODATA,
    /** SNAME does not exist. */
    MISS,
    /** SNAME is at or below a delegation: referral. */
    DELEG,
    /** An alias was followed: search again for the new SNAME. */
    FOLLOW,
    /** The answer did not fit (TC is set where RFC 2181 section 9 calls for it). */
    TRUNC,
    /** The answer cannot be given (did not fit even in a TCP message). */
    ERROR
  }

  private static final int MAX_CHAIN = 5;
  private static final int MAX_RRSETS = 256;
  private static final byte[] WILDCARD_LABEL = {1, '*'};

  private final ResponseWriter w;
  private final DenialProofs dnssec;
  private final SignatureQueue signatures = new SignatureQueue();

  private @Nullable ZoneSnapshot zone;
  private ZoneContents contents = ZoneContents.empty();
  private int apex;
  private byte[] origin = new byte[0];
  private int originLabels;
  private Transport transport = Transport.UDP;
  private int qtype;
  private int rcode;
  private int chain;
  private boolean signing; // DO: RRSIGs with RRsets, and proofs where the zone has a chain
  private boolean nsec3Zone;

  private Sname cur = new Sname();
  private Sname next = new Sname();
  private final Sname target = new Sname();
  private final byte[] key = new byte[WireName.MAX_LENGTH + 2];

  // The delegation of a referral: the node and where its owner starts in SNAME.
  private int deleg;
  private int delegLabel;
  private boolean delegIsWildcard;

  // RRsets written to answer and authority, for loop detection and additional processing.
  private final byte[][] putData = new byte[MAX_RRSETS][];
  private final int[] putRrset = new int[MAX_RRSETS];
  private final boolean[] putCopy = new boolean[MAX_RRSETS];
  private int puts;

  // Wildcard nodes expanded (for CNAME loops through wildcards; DNSSEC proofs later).
  private final int[] wildcards = new int[MAX_CHAIN + 2];
  private int wildcardCount;

  // What the denial proof needs: for MISS, where SNAME's closest encloser starts; for NODATA, the
  // node without the type, and (through a wildcard) where the closest encloser starts.
  private int missLabel;
  private int nodataNode;
  private boolean nodataWildcard;
  private int nodataLabel;

  // Answers synthesized from wildcards: SNAME at that step and where its closest encloser starts.
  private final Sname[] expanded = new Sname[MAX_CHAIN + 2];
  private final int[] expandedLabel = new int[MAX_CHAIN + 2];
  private int expandedCount;

  // Nodes whose addresses went into the additional section.
  private final int[] added = new int[64];
  private int addedCount;

  AuthoritativeAnswer(ResponseWriter w) {
    this.w = w;
    this.dnssec = new DenialProofs(w, signatures);
    for (int i = 0; i < expanded.length; i++) {
      expanded[i] = new Sname();
    }
  }

  /** The RCODE the answer calls for (NOERROR, NXDOMAIN or YXDOMAIN). */
  int rcode() {
    return rcode;
  }

  /** Writes answer, authority and additional sections for {@code q} from {@code z}. */
  Outcome answer(Query q, ZoneSnapshot z, Transport t) {
    if (z != zone) {
      zone = z;
      origin = z.originWire();
      originLabels = WireName.labelCount(origin, 0);
    }
    contents = z.contents();
    apex = z.apex();
    transport = t;
    qtype = q.qtype();
    rcode = Rcode.NOERROR;
    chain = 0;
    puts = 0;
    wildcardCount = 0;
    addedCount = 0;
    expandedCount = 0;
    signing = q.dnssecOk() && z.signed();
    signatures.clear();
    nsec3Zone = z.denial() == ZoneSnapshot.Denial.NSEC3;
    if (signing) {
      dnssec.begin(z, origin);
    }
    cur.setQuestion(q);

    w.section(ResponseWriter.ANSWER);
    Outcome o = search(false);
    if (o != Outcome.DELEG) {
      w.setAuthoritative(); // decided by the first step, before any alias is followed
    }
    while (o == Outcome.FOLLOW) {
      o = search(true);
    }
    if (signing && !signatures.flush(w) && o != Outcome.TRUNC && o != Outcome.ERROR) {
      o = overflow(); // an answer without its signatures is no answer to a validator
    }
    w.section(ResponseWriter.AUTHORITY);
    boolean proofs = signing && dnssec.enabled();
    switch (o) {
      case MISS -> {
        rcode = Rcode.NXDOMAIN;
        if (!putSoa()) {
          return signing ? truncate() : Outcome.TRUNC;
        }
        if (proofs && !dnssec.nameError(cur, missLabel)) {
          return truncate();
        }
      }
      case NODATA -> {
        if (!putSoa()) {
          return signing ? truncate() : Outcome.TRUNC;
        }
        if (proofs
            && !(nodataWildcard
                ? dnssec.wildcardNoData(cur, nodataLabel, nodataNode)
                : dnssec.noData(cur, nodataNode))) {
          return truncate();
        }
      }
      case DELEG -> {
        if (!putDelegation()) {
          return Outcome.TRUNC;
        }
        if (signing && !delegIsWildcard && !putDs(proofs)) {
          return truncate();
        }
      }
      case HIT -> {}
      case TRUNC, ERROR, FOLLOW -> {
        return o;
      }
    }
    if (proofs) {
      for (int i = 0; i < expandedCount; i++) {
        if (!dnssec.wildcardAnswer(expanded[i], expandedLabel[i])) {
          return truncate();
        }
      }
    }
    if (signing && !signatures.flush(w)) {
      return truncate();
    }
    w.section(ResponseWriter.ADDITIONAL);
    putAdditional(o == Outcome.DELEG);
    if (signing) {
      signatures.flush(w); // as many as fit, without TC (RFC 4035 section 3.1.1)
    }
    return o;
  }

  /** One pass of the walk for the current SNAME. */
  private Outcome search(boolean following) {
    if (following && !cur.isInZone(origin, originLabels)) {
      return Outcome.HIT; // the chain leaves the zone: the resolver takes it from here
    }
    int below = cur.labels - originLabels;
    int parent = apex;
    int parentLabel = below;
    for (int i = below - 1; i >= 0; i--) {
      int node = find(cur, i);
      if (node == ZoneContents.NOT_FOUND || (nsec3Zone && i == below - 1 && isNsec3Owner(node))) {
        return notFound(parent, parentLabel);
      }
      int flags = EncodedNode.flags(contents.data(node), contents.node(node));
      if ((flags & EncodedNode.HAS_NS) != 0 && (i > 0 || qtype != Type.DS)) {
        deleg = node;
        delegLabel = i;
        delegIsWildcard = false;
        return Outcome.DELEG;
      }
      parent = node;
      parentLabel = i;
    }
    return found(parent, false, 0);
  }

  /** Whether the node holds only an NSEC3 RRset and its RRSIGs. */
  private boolean isNsec3Owner(int node) {
    byte[] d = contents.data(node);
    int n = contents.node(node);
    int count = EncodedNode.rrsetCount(d, n);
    int nsec3 = EncodedNode.findRrset(d, n, Type.NSEC3);
    if (nsec3 < 0) {
      return false;
    }
    for (int i = 0, p = EncodedNode.firstRrset(d, n); i < count; i++) {
      int t = EncodedNode.type(d, p);
      if (t != Type.NSEC3 && t != Type.RRSIG) {
        return false;
      }
      p = EncodedNode.nextRrset(d, p);
    }
    return true;
  }

  /** SNAME exists at {@code node} (or a wildcard child of its closest encloser stands in). */
  private Outcome found(int node, boolean wildcard, int encloserLabel) {
    byte[] d = contents.data(node);
    int n = contents.node(node);
    int flags = EncodedNode.flags(d, n);
    if (wildcard && (flags & EncodedNode.HAS_NS) != 0 && qtype != Type.DS) {
      deleg = node; // a wildcard delegation: referral with the wildcard's NS
      delegLabel = encloserLabel;
      delegIsWildcard = true;
      return Outcome.DELEG;
    }
    if ((flags & EncodedNode.HAS_CNAME) != 0
        && qtype != Type.CNAME
        && qtype != Type.ANY
        && qtype != Type.RRSIG
        && qtype != Type.NSEC) {
      return follow(node, Type.CNAME, 0, wildcard);
    }
    int rrset;
    if (qtype == Type.ANY) {
      rrset = EncodedNode.rrsetCount(d, n) > 0 ? EncodedNode.firstRrset(d, n) : -1;
    } else {
      rrset = EncodedNode.findRrset(d, n, qtype);
    }
    if (rrset < 0) {
      nodataNode = node;
      nodataWildcard = wildcard;
      nodataLabel = encloserLabel;
      return Outcome.NODATA;
    }
    // A query for RRSIG gets those of one RRset, the first (RRSIG RRsets are by type covered),
    // like ANY (RFC 8482) and as Knot answers it. But ANY whose first RRset is RRSIG gets all of
    // them: they are one RRset to Knot.
    if (qtype == Type.ANY && EncodedNode.type(d, rrset) == Type.RRSIG) {
      int count = EncodedNode.rrsetCount(d, n);
      for (int i = 0, p = rrset; i < count && EncodedNode.type(d, p) == Type.RRSIG; i++) {
        if (!put(cur.written, 0, d, -1, p, EncodedNode.ttl(d, p), wildcard)) {
          return overflow();
        }
        p = EncodedNode.nextRrset(d, p);
      }
      return Outcome.HIT;
    }
    if (!put(cur.written, 0, d, n, rrset, EncodedNode.ttl(d, rrset), wildcard)) {
      return overflow();
    }
    if (signing && (qtype == Type.NSEC || qtype == Type.NSEC3)) {
      dnssec.alreadyWritten(node); // as Knot, a proof does not repeat the answer's record
    }
    return Outcome.HIT;
  }

  private Outcome notFound(int encloser, int encloserLabel) {
    int wild = findWildcard(cur, encloserLabel);
    if (wild != ZoneContents.NOT_FOUND) {
      int expansion = expandedCount;
      if (signing && expansion < expanded.length) {
        expanded[expansion].copyFrom(cur); // before a CNAME moves SNAME on
        expandedLabel[expansion] = encloserLabel;
        expandedCount++;
      }
      Outcome o = found(wild, true, encloserLabel);
      if (o == Outcome.NODATA || o == Outcome.DELEG) {
        expandedCount = expansion; // nothing synthesized; NODATA has its own proof
      }
      visitWildcard(wild);
      return o;
    }
    byte[] d = contents.data(encloser);
    int n = contents.node(encloser);
    if ((EncodedNode.flags(d, n) & EncodedNode.HAS_DNAME) != 0) {
      return follow(encloser, Type.DNAME, encloserLabel, false);
    }
    missLabel = encloserLabel;
    return Outcome.MISS;
  }

  /**
   * Puts the CNAME (or DNAME and the CNAME synthesized from it) and moves SNAME to the target.
   * {@code ownerLabel} is where the alias's owner starts in SNAME (0 for a CNAME).
   */
  private Outcome follow(int node, int type, int ownerLabel, boolean wildcard) {
    if (++chain > MAX_CHAIN) {
      return Outcome.HIT;
    }
    byte[] d = contents.data(node);
    int n = contents.node(node);
    int rrset = EncodedNode.findRrset(d, n, type);
    // A CNAME already in the answer means a loop. A DNAME already there does not: SNAME has
    // changed since, and substituting again is the next step (RFC 6672 section 3.2), as in
    // "b.example. DNAME example." taking x.b.b.example to x.b.example and then x.example. BIND,
    // NSD, Knot and PowerDNS all follow it (Ferret conformance data); the DNAME is not written
    // twice, and MAX_CHAIN ends a real DNAME cycle, as in Knot.
    boolean repeated = !wildcard && alreadyPut(d, rrset);
    if (repeated && type == Type.CNAME) {
      return Outcome.HIT;
    }
    int ownerOff = ownerLabel < cur.labels ? cur.starts[ownerLabel] : cur.length - 1;
    long ttl = EncodedNode.ttl(d, rrset);
    if (!repeated && !put(cur.written, ownerOff, d, n, rrset, ttl, wildcard)) {
      return truncate();
    }
    int targetOff = EncodedNode.firstRdata(d, rrset) + 2;
    if (type == Type.DNAME) {
      // RFC 6672 section 3.2: replace the DNAME owner suffix of SNAME with the target.
      int prefix = ownerOff;
      int targetLen = WireName.uncompressedLength(d, targetOff, d.length);
      if (prefix + targetLen > WireName.MAX_LENGTH) {
        rcode = Rcode.YXDOMAIN;
        return Outcome.HIT;
      }
      System.arraycopy(cur.written, 0, key, 0, prefix);
      System.arraycopy(d, targetOff, key, prefix, targetLen);
      if (!w.putCname(cur.written, 0, ttl, key, 0)) {
        return truncate();
      }
      if (qtype == Type.CNAME) {
        return Outcome.HIT; // the synthesized CNAME is the answer
      }
      next.set(key, 0);
    } else {
      if (wildcard) {
        if (hasVisited(node)) {
          return Outcome.HIT; // a loop through the same wildcard
        }
        visitWildcard(node);
      }
      next.set(d, targetOff);
    }
    Sname t = cur;
    cur = next;
    next = t;
    return Outcome.FOLLOW;
  }

  private boolean putSoa() {
    byte[] d = contents.data(apex);
    int n = contents.node(apex);
    int soa = EncodedNode.findRrset(d, n, Type.SOA);
    int rd = EncodedNode.firstRdata(d, soa);
    int end = rd + 2 + EncodedNode.rdataLength(d, rd);
    long minimum =
        ((long) (d[end - 4] & 0xff) << 24)
            | ((d[end - 3] & 0xff) << 16)
            | ((d[end - 2] & 0xff) << 8)
            | (d[end - 1] & 0xff);
    long ttl = Math.min(EncodedNode.ttl(d, soa), minimum); // RFC 2308 section 5
    return put(origin, 0, d, n, soa, ttl, true); // no TC if it does not fit (RFC 2181 section 9)
  }

  private boolean putDelegation() {
    byte[] d = contents.data(deleg);
    int ns = EncodedNode.findRrset(d, contents.node(deleg), Type.NS);
    byte[] owner;
    int ownerOff;
    if (delegIsWildcard) {
      wildcardKey(cur, delegLabel);
      owner = key;
      ownerOff = 0;
    } else {
      owner = cur.written;
      ownerOff = cur.starts[delegLabel];
    }
    if (!put(owner, ownerOff, d, -1, ns, EncodedNode.ttl(d, ns), false)) {
      w.setTruncated();
      return false;
    }
    return true;
  }

  /**
   * With DO, a referral carries the child's DS RRset and its RRSIGs, or (with {@code proofs}) the
   * proof that there is none (RFC 4035 section 3.1.4); false if that did not fit.
   */
  private boolean putDs(boolean proofs) {
    byte[] d = contents.data(deleg);
    int n = contents.node(deleg);
    int ds = EncodedNode.findRrset(d, n, Type.DS);
    if (ds >= 0) {
      return put(cur.written, cur.starts[delegLabel], d, n, ds, EncodedNode.ttl(d, ds), false);
    }
    return !proofs || dnssec.noDs(cur, delegLabel, deleg);
  }

  /**
   * Addresses of the targets of NS, MX and SRV records written so far. For a referral, glue
   * (addresses of name servers at or below the delegation) goes first and causes TC if it does not
   * fit; everything else stops at the first record that does not fit, without TC.
   */
  private void putAdditional(boolean referral) {
    int n = puts;
    for (int k = 0; k < n; k++) {
      byte[] d = putData[k];
      int rrset = putRrset[k];
      int type = EncodedNode.type(d, rrset);
      int offset =
          switch (type) {
            case Type.NS -> 0;
            case Type.MX -> 2;
            case Type.SRV -> 6;
            default -> -1;
          };
      if (offset < 0) {
        continue;
      }
      boolean glueRrset = referral && type == Type.NS;
      for (int pass = glueRrset ? 0 : 1; pass < 2; pass++) {
        int count = EncodedNode.rdataCount(d, rrset);
        int rd = EncodedNode.firstRdata(d, rrset);
        for (int i = 0; i < count; i++, rd = EncodedNode.nextRdata(d, rd)) {
          int nameAt = rd + 2 + offset;
          target.set(d, nameAt);
          if (!target.isInZone(origin, originLabels)) {
            continue;
          }
          boolean glue = glueRrset && isAtOrBelowDelegation(target);
          if (glue != (pass == 0)) {
            continue;
          }
          int node = findNodeOrWildcard(target);
          if (node == ZoneContents.NOT_FOUND || wasAdded(node)) {
            continue;
          }
          if (!putAddresses(node, d, nameAt, glue)) {
            return;
          }
        }
      }
    }
  }

  private boolean putAddresses(int node, byte[] ownerData, int ownerAt, boolean glue) {
    byte[] d = contents.data(node);
    int n = contents.node(node);
    if (!putAddress(d, n, EncodedNode.findRrset(d, n, Type.A), ownerData, ownerAt, glue)
        || !putAddress(d, n, EncodedNode.findRrset(d, n, Type.AAAA), ownerData, ownerAt, glue)) {
      return false;
    }
    if (addedCount < added.length) {
      added[addedCount++] = node;
    }
    return true;
  }

  /**
   * An address RRset in the additional section; with DO its RRSIGs too, unless it is glue, which is
   * not signed (RFC 4035 section 3.1.1 asks for them where space permits, without TC).
   */
  private boolean putAddress(
      byte[] d, int node, int rrset, byte[] ownerData, int ownerAt, boolean glue) {
    if (rrset < 0) {
      return true;
    }
    long ttl = EncodedNode.ttl(d, rrset);
    if (w.putRrset(ownerData, ownerAt, d, rrset, ttl)
        && (!signing
            || glue
            || dnssec.putSignatures(
                ownerData, ownerAt, d, node, EncodedNode.type(d, rrset), ttl))) {
      return true;
    }
    if (glue) {
      w.setTruncated();
    }
    return false;
  }

  private boolean isAtOrBelowDelegation(Sname name) {
    int start = delegIsWildcard ? -1 : cur.starts[delegLabel];
    if (start < 0) {
      return false;
    }
    int dlen = cur.length - start;
    return name.length >= dlen
        && WireName.isAtOrBelow(name.lower, 0, name.length - 1, cur.lower, start, dlen - 1);
  }

  private boolean wasAdded(int node) {
    for (int i = 0; i < addedCount; i++) {
      if (added[i] == node) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes an RRset of the node at {@code d[node]} in the current section, and with DO its RRSIGs
   * ({@code node} -1: none are to go with it). {@code copy}: the RRset stands for another name (a
   * wildcard expansion), so it never counts as already present.
   */
  private boolean put(
      byte[] owner, int ownerOff, byte[] d, int node, int rrset, long ttl, boolean copy) {
    if (!w.putRrset(owner, ownerOff, d, rrset, ttl)) {
      return false;
    }
    if (signing
        && node >= 0
        && !dnssec.putSignatures(owner, ownerOff, d, node, EncodedNode.type(d, rrset), ttl)) {
      return false;
    }
    if (puts < MAX_RRSETS) {
      putData[puts] = d;
      putRrset[puts] = rrset;
      putCopy[puts] = copy;
      puts++;
    }
    return true;
  }

  private boolean alreadyPut(byte[] d, int rrset) {
    for (int i = 0; i < puts; i++) {
      if (!putCopy[i] && putData[i] == d && putRrset[i] == rrset) {
        return true;
      }
    }
    return false;
  }

  /** An answer RRset did not fit: TC on UDP; on TCP the message is full, an error. */
  private Outcome overflow() {
    return transport == Transport.UDP ? truncate() : Outcome.ERROR;
  }

  private Outcome truncate() {
    w.setTruncated();
    return Outcome.TRUNC;
  }

  private void visitWildcard(int node) {
    if (!hasVisited(node) && wildcardCount < wildcards.length) {
      wildcards[wildcardCount++] = node;
    }
  }

  private boolean hasVisited(int node) {
    for (int i = 0; i < wildcardCount; i++) {
      if (wildcards[i] == node) {
        return true;
      }
    }
    return false;
  }

  /** The node of the suffix of {@code name} that starts at label {@code i}. */
  private int find(Sname name, int i) {
    int start = i < name.labels ? name.starts[i] : name.length - 1;
    int relEnd = name.length - origin.length;
    return contents.find(name.lower, start, relEnd - start, name.hashes[i]);
  }

  /** The node {@code *.<suffix at label i>}, if any. */
  private int findWildcard(Sname name, int i) {
    int len = wildcardKey(name, i);
    int relLen = len - origin.length;
    int hash = WireName.foldLabel(name.hashes[i], WILDCARD_LABEL, 0);
    return contents.find(key, 0, relLen, hash);
  }

  /** Writes {@code *.<suffix of name at label i>} into {@link #key}; returns its length. */
  private int wildcardKey(Sname name, int i) {
    int start = i < name.labels ? name.starts[i] : name.length - 1;
    key[0] = 1;
    key[1] = '*';
    System.arraycopy(name.lower, start, key, 2, name.length - start);
    return 2 + name.length - start;
  }

  /** The node of {@code name}, or else the wildcard that would answer for it. */
  private int findNodeOrWildcard(Sname name) {
    int below = name.labels - originLabels;
    int node = find(name, 0);
    if (node != ZoneContents.NOT_FOUND || below == 0) {
      return node;
    }
    for (int i = 1; i <= below; i++) {
      if (i == below || find(name, i) != ZoneContents.NOT_FOUND) {
        return findWildcard(name, i);
      }
    }
    return ZoneContents.NOT_FOUND;
  }
}
