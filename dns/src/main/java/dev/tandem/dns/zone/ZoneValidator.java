package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Checks a built zone for the conditions that make it unfit to serve (errors) or suspicious
 * (warnings), with BIND's verdicts as the reference where the RFCs leave it open:
 *
 * <ul>
 *   <li>errors: no SOA at the apex, more than one SOA, an SOA elsewhere, no NS at the apex, a CNAME
 *       beside other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1), more than one CNAME or
 *       DNAME at a name (RFC 6672 section 2.4), an apex NS inside the zone that cannot be reached
 *       (no address, a CNAME, below a DNAME);
 *   <li>warnings: data hidden below a delegation (only address records there serve, as glue) or
 *       below a DNAME, NS and DNAME at one name, a wildcard label that is not leftmost, a
 *       delegation's NS inside the zone that cannot be reached (missing glue), an RRset too large
 *       for an answer or of more records than BIND secondaries take ({@link RrSetLimits}: served,
 *       but no change here may grow it).
 * </ul>
 *
 * One pass in canonical order: a subtree follows its root, so "below a delegation" is a comparison
 * with the last cut seen.
 */
final class ZoneValidator {
  private static final String NO_ADDRESS = "has no address records (A or AAAA) in the zone";

  private final ZoneSnapshot zone;
  private final boolean apexGlueRequired;
  private final List<ZoneFinding> findings = new ArrayList<>();

  private ZoneValidator(ZoneSnapshot zone, boolean apexGlueRequired) {
    this.zone = zone;
    this.apexGlueRequired = apexGlueRequired;
  }

  static List<ZoneFinding> validate(ZoneSnapshot zone) {
    return validate(zone, true);
  }

  /**
   * As {@link #validate(ZoneSnapshot)}; without {@code apexGlueRequired}, an apex name server in
   * the zone without an address record is a warning, not an error (a zone made through an API,
   * whose client adds the addresses next).
   */
  static List<ZoneFinding> validate(ZoneSnapshot zone, boolean apexGlueRequired) {
    ZoneValidator v = new ZoneValidator(zone, apexGlueRequired);
    v.run();
    return v.findings;
  }

  /** The RRsets of {@code zone} past {@link RrSetLimits#DEFAULT}: the size checks alone. */
  static List<ZoneFinding> oversized(ZoneSnapshot zone) {
    ZoneValidator v = new ZoneValidator(zone, true);
    ZoneContents.Cursor c = zone.contents().cursor();
    while (c.next()) {
      v.checkSizes(c.nameArray(), c.nameOffset(), c.nameLength(), c.dataArray(), c.dataStart());
    }
    return v.findings;
  }

  private void run() {
    ZoneContents contents = zone.contents();
    ZoneContents.Cursor c = contents.cursor();
    byte[] cut = null; // the current delegation (relative name), if inside one
    byte[] dname = null; // the current DNAME owner, if below one
    boolean sawApex = false;
    while (c.next()) {
      byte[] names = c.nameArray();
      int off = c.nameOffset();
      int len = c.nameLength();
      byte[] d = c.dataArray();
      int node = c.dataStart();
      boolean apex = len == 0;
      if (cut != null && !WireName.isAtOrBelow(names, off, len, cut, 0, cut.length)) {
        cut = null;
      }
      if (dname != null && !WireName.isAtOrBelow(names, off, len, dname, 0, dname.length)) {
        dname = null;
      }
      if (apex) {
        sawApex = true;
        checkApex(d, node);
      } else if (EncodedNode.findRrset(d, node, Type.SOA) >= 0) {
        error(owner(names, off, len), Type.SOA, "SOA record at a name that is not the apex");
      }
      checkSingletons(names, off, len, d, node);
      checkSizes(names, off, len, d, node);
      // Only names that own records: an empty non-terminal such as a.*.example above
      // b.a.*.example has no line to point at, and its descendant with records gets the warning.
      if (EncodedNode.rrsetCount(d, node) > 0) {
        checkWildcardLabels(names, off, len);
      }
      int flags = EncodedNode.flags(d, node);
      if (cut != null) {
        warnHidden(names, off, len, d, node, "below the delegation at " + relText(cut), true);
      } else if (dname != null) {
        warnHidden(names, off, len, d, node, "below the DNAME at " + relText(dname), false);
      }
      if (!apex && (flags & EncodedNode.HAS_NS) != 0 && (flags & EncodedNode.HAS_DNAME) != 0) {
        warning(owner(names, off, len), Type.DNAME, "NS and DNAME records at the same name");
      }
      if ((flags & EncodedNode.HAS_NS) != 0 && cut == null && dname == null) {
        checkNsTargets(names, off, len, d, node);
        if (!apex) {
          cut = Arrays.copyOfRange(names, off, off + len);
        }
      }
      if ((flags & EncodedNode.HAS_DNAME) != 0 && cut == null && dname == null) {
        dname = Arrays.copyOfRange(names, off, off + len);
      }
    }
    if (!sawApex) {
      findings.add(
          ZoneFinding.ofZone(
              ZoneProblem.Severity.ERROR, "no SOA record at the zone apex " + origin()));
    }
  }

  private void checkApex(byte[] d, int node) {
    int soa = EncodedNode.findRrset(d, node, Type.SOA);
    if (soa < 0) {
      findings.add(
          ZoneFinding.ofZone(
              ZoneProblem.Severity.ERROR, "no SOA record at the zone apex " + origin()));
    } else if (EncodedNode.rdataCount(d, soa) > 1) {
      error(origin(), Type.SOA, "more than one SOA record at the zone apex");
    }
    if (EncodedNode.findRrset(d, node, Type.NS) < 0) {
      findings.add(
          ZoneFinding.ofZone(
              ZoneProblem.Severity.ERROR, "no NS records at the zone apex " + origin()));
    }
    if (zone.nsec3Iterations() > 0) {
      warning(origin(), Type.NSEC3PARAM, nsec3IterationsAdvice(zone));
    }
  }

  /** Why a zone's NSEC3 iterations (above 0) should be 0, per RFC 9276. */
  static String nsec3IterationsAdvice(ZoneSnapshot zone) {
    return "NSEC3PARAM asks for "
        + zone.nsec3Iterations()
        + " extra hash iterations; RFC 9276 section 3.1 asks for 0: more add no protection, cost"
        + " every negative answer CPU here and at resolvers, and validators treat counts above"
        + " 100 to 150 as insecure or bogus (re-sign with 0 iterations)";
  }

  private void checkSingletons(byte[] names, int off, int len, byte[] d, int node) {
    int flags = EncodedNode.flags(d, node);
    if ((flags & EncodedNode.HAS_CNAME) != 0) {
      int cname = EncodedNode.findRrset(d, node, Type.CNAME);
      if (EncodedNode.rdataCount(d, cname) > 1) {
        error(owner(names, off, len), Type.CNAME, "more than one CNAME record at one name");
      }
      int n = EncodedNode.rrsetCount(d, node);
      int rrset = EncodedNode.firstRrset(d, node);
      for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
        int type = EncodedNode.type(d, rrset);
        // RFC 2181 section 10.1 and RFC 4035 section 2.5: only DNSSEC records may sit beside.
        if (type != Type.CNAME && type != Type.RRSIG && type != Type.NSEC && type != Type.KEY) {
          error(
              owner(names, off, len),
              Type.CNAME,
              "CNAME and other data (" + Type.string(type) + ") at one name");
          break;
        }
      }
    }
    if ((flags & EncodedNode.HAS_DNAME) != 0) {
      int dname = EncodedNode.findRrset(d, node, Type.DNAME);
      if (EncodedNode.rdataCount(d, dname) > 1) {
        error(owner(names, off, len), Type.DNAME, "more than one DNAME record at one name");
      }
    }
  }

  /**
   * RRsets past {@link RrSetLimits#DEFAULT}: a warning, since the zone is still served (a transfer
   * carries such an RRset; no query for it can be answered, and BIND secondaries refuse more than
   * 100 records).
   */
  private void checkSizes(byte[] names, int off, int len, byte[] d, int node) {
    int n = EncodedNode.rrsetCount(d, node);
    int rrset = EncodedNode.firstRrset(d, node);
    for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
      int count = EncodedNode.rdataCount(d, rrset);
      long rdata = 0;
      int rd = EncodedNode.firstRdata(d, rrset);
      for (int k = 0; k < count; k++, rd = EncodedNode.nextRdata(d, rd)) {
        rdata += EncodedNode.rdataLength(d, rd);
      }
      int type = EncodedNode.type(d, rrset);
      long bytes = RrSetLimits.answerBytes(count, rdata);
      RrSetLimits limits = RrSetLimits.DEFAULT;
      if (bytes > limits.maxAnswerBytes()) {
        warning(
            owner(names, off, len),
            type,
            rrsetName(type, names, off, len)
                + " takes "
                + bytes
                + " bytes in an answer, more than "
                + limits.maxAnswerBytes()
                + ": zone transfers carry it, but a query for it is answered TC over UDP and"
                + " SERVFAIL over TCP");
      } else if (count > limits.maxRecords()) {
        warning(
            owner(names, off, len),
            type,
            rrsetName(type, names, off, len)
                + " holds "
                + count
                + " records: secondaries running BIND 9.18.28 or later refuse a zone with more"
                + " than "
                + limits.maxRecords()
                + " in one RRset (max-records-per-type)");
      }
    }
  }

  /** Made only for a warning: every RRset of a 1M-record zone passes here at start. */
  private String rrsetName(int type, byte[] names, int off, int len) {
    return "the " + Type.string(type) + " RRset at " + owner(names, off, len);
  }

  private void checkWildcardLabels(byte[] names, int off, int len) {
    int p = off;
    int end = off + len;
    boolean first = true;
    while (p < end) {
      int l = names[p] & 0xff;
      if (!first && l == 1 && names[p + 1] == '*') {
        warning(
            owner(names, off, len),
            -1,
            "owner name "
                + owner(names, off, len)
                + " has a '*' label that is not leftmost: it is not a wildcard (RFC 4592)");
        return;
      }
      first = false;
      p += l + 1;
    }
  }

  private void warnHidden(
      byte[] names, int off, int len, byte[] d, int node, String where, boolean glueAllowed) {
    int n = EncodedNode.rrsetCount(d, node);
    int rrset = EncodedNode.firstRrset(d, node);
    for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
      int type = EncodedNode.type(d, rrset);
      if (glueAllowed && (type == Type.A || type == Type.AAAA)) {
        continue;
      }
      warning(
          owner(names, off, len),
          type,
          Type.string(type)
              + " record at "
              + owner(names, off, len)
              + " is "
              + where
              + (glueAllowed
                  ? " and will not be served"
                  : ", which RFC 6672 section 2.4 forbids; only a query for that exact name"
                      + " reaches it"));
    }
  }

  /**
   * Name servers inside the zone must be reachable through it. For the zone's own NS records (the
   * apex) a name server that cannot be reached is an error, as BIND's integrity check and Knot's
   * semantic checks make it: no address record, a CNAME (RFC 2181 section 10.3), or a name hidden
   * below a DNAME. Below a delegation the parent's glue is only a hint to resolvers, and BIND
   * warns, so do we.
   */
  private void checkNsTargets(byte[] names, int off, int len, byte[] d, int node) {
    boolean apex = len == 0;
    int ns = EncodedNode.findRrset(d, node, Type.NS);
    int count = EncodedNode.rdataCount(d, ns);
    int rd = EncodedNode.firstRdata(d, ns);
    byte[] originWire = zone.originWire();
    for (int i = 0; i < count; i++, rd = EncodedNode.nextRdata(d, rd)) {
      int target = rd + 2;
      int tlen = EncodedNode.rdataLength(d, rd);
      byte[] lower = new byte[tlen];
      WireName.toLowerCase(d, target, lower, 0, tlen);
      int relLen = tlen - originWire.length;
      if (relLen < 0
          || !WireName.isAtOrBelow(lower, 0, tlen - 1, originWire, 0, originWire.length - 1)) {
        continue; // out of zone: nothing to check here
      }
      String problem = unreachable(Arrays.copyOf(lower, relLen), apex);
      if (problem == null) {
        continue;
      }
      String message =
          "NS " + WireName.toText(d, target) + " at " + owner(names, off, len) + " " + problem;
      boolean error = apex && (apexGlueRequired || !problem.equals(NO_ADDRESS));
      findings.add(
          ZoneFinding.atRecord(
              error ? ZoneProblem.Severity.ERROR : ZoneProblem.Severity.WARNING,
              owner(names, off, len),
              Type.NS,
              d,
              target,
              target + tlen,
              message));
    }
  }

  /**
   * Why a name server inside the zone cannot be reached, or null if it can. For the apex, a name
   * server at or below a delegation is the child zone's to serve (its glue, if any, is checked with
   * that delegation), as BIND's integrity check has it.
   */
  private @Nullable String unreachable(byte[] rel, boolean forApex) {
    ZoneContents contents = zone.contents();
    for (NameKey k = new NameKey(rel); k != null && !k.isApex(); k = k.parent()) {
      ZoneContents.NodeSlice n = contents.lookup(k);
      if (n == null) {
        continue;
      }
      int flags = EncodedNode.flags(n.data(), n.start());
      if (forApex && (flags & EncodedNode.HAS_NS) != 0) {
        return null;
      }
      if (k.rel.length != rel.length && (flags & EncodedNode.HAS_DNAME) != 0) {
        return "is below a DNAME, so it is never served";
      }
    }
    ZoneContents.NodeSlice t = contents.lookup(new NameKey(rel));
    if (t == null) {
      return NO_ADDRESS;
    }
    if ((EncodedNode.flags(t.data(), t.start()) & EncodedNode.HAS_CNAME) != 0) {
      return "is a CNAME, which a name server name must not be (RFC 2181 section 10.3)";
    }
    if (EncodedNode.findRrset(t.data(), t.start(), Type.A) < 0
        && EncodedNode.findRrset(t.data(), t.start(), Type.AAAA) < 0) {
      return NO_ADDRESS;
    }
    return null;
  }

  private Name origin() {
    return zone.origin();
  }

  private Name owner(byte[] names, int off, int len) {
    byte[] origin = zone.originWire();
    byte[] abs = new byte[len + origin.length];
    System.arraycopy(names, off, abs, 0, len);
    System.arraycopy(origin, 0, abs, len, origin.length);
    try {
      return new Name(abs);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String relText(byte[] rel) {
    return owner(rel, 0, rel.length).toString();
  }

  private void error(Name owner, int type, String message) {
    findings.add(ZoneFinding.at(ZoneProblem.Severity.ERROR, owner, type, message));
  }

  private void warning(Name owner, int type, String message) {
    findings.add(ZoneFinding.at(ZoneProblem.Severity.WARNING, owner, type, message));
  }
}
