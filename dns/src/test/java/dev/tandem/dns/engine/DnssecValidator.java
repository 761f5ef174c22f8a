package dev.tandem.dns.engine;

import dev.tandem.dns.engine.SignedZoneFixture.Signed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small validator of answers from a {@link SignedZoneFixture} zone, written from the RFCs and
 * independent of the engine: every signed RRset verifies against the zone's key (RFC 4035 section
 * 5.3), and negative answers, wildcard answers and referrals without DS carry the NSEC (RFC 4035
 * section 3.1.3, 5.4) or NSEC3 (RFC 5155 sections 7.2 and 8) proofs they need. What a proof must
 * show is decided from the zone's own name space (which the fixture knows), not from the response:
 * a proof of the wrong closest encloser is a problem.
 *
 * <p>Only the records that the RFCs require are looked for; extra NSEC/NSEC3 records are allowed.
 */
final class DnssecValidator {
  private final Signed zone;
  private final List<String> problems = new ArrayList<>();

  private final List<NSECRecord> nsecs = new ArrayList<>();
  private final List<NSEC3Record> nsec3s = new ArrayList<>();

  private DnssecValidator(Signed zone) {
    this.zone = zone;
  }

  /** The problems with the response to {@code qname}/{@code qtype} asked with DO; empty if none. */
  static List<String> validate(Signed zone, Message response, Name qname, int qtype) {
    DnssecValidator v = new DnssecValidator(zone);
    v.run(response, qname, qtype);
    return v.problems;
  }

  /** RRsets of a section (RRSIG and OPT left out), by owner and type, in order. */
  static Map<String, RRset> rrsets(Message m, int section) {
    Map<String, RRset> sets = new LinkedHashMap<>();
    for (Record r : m.getSection(section)) {
      if (r.getType() == Type.RRSIG || r.getType() == Type.OPT) {
        continue;
      }
      sets.computeIfAbsent(key(r.getName(), r.getType()), k -> new RRset()).addRR(r);
    }
    return sets;
  }

  /** RRSIGs of a section by owner and type covered. */
  static Map<String, List<RRSIGRecord>> signatures(Message m, int section) {
    Map<String, List<RRSIGRecord>> sigs = new LinkedHashMap<>();
    for (Record r : m.getSection(section)) {
      if (r instanceof RRSIGRecord s) {
        sigs.computeIfAbsent(key(s.getName(), s.getTypeCovered()), k -> new ArrayList<>()).add(s);
      }
    }
    return sigs;
  }

  /** dnsjava reads an empty salt ("-") as null. */
  private static byte[] saltOf(NSEC3Record n) {
    byte[] salt = n.getSalt();
    return salt == null ? new byte[0] : salt;
  }

  static String key(Name name, int type) {
    return name.canonicalize() + " " + Type.string(type);
  }

  private void problem(String s) {
    problems.add(s);
  }

  private void run(Message m, Name qname, int qtype) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof NSECRecord n) {
        nsecs.add(n);
      } else if (r instanceof NSEC3Record n) {
        nsec3s.add(n);
        if (n.getHashAlgorithm() != NSEC3Record.SHA1_DIGEST_ID
            || n.getIterations() != zone.denial().iterations
            || !Arrays.equals(saltOf(n), zone.denial().salt())) {
          problem("NSEC3 with parameters not the zone's: " + n);
        }
      }
    }
    if (zone.denial().nsec3() && !nsecs.isEmpty()) {
      problem("NSEC records in an NSEC3 answer");
    }
    if (!zone.denial().nsec3() && !nsec3s.isEmpty()) {
      problem("NSEC3 records in an NSEC answer");
    }

    // A referral: NS of a zone cut in the authority section, no SOA (AA may be set, when a CNAME
    // in the zone led to the cut).
    Map<String, RRset> authority = rrsets(m, Section.AUTHORITY);
    boolean referral =
        m.getRcode() == Rcode.NOERROR
            && !authority.containsKey(key(zone.origin(), Type.SOA))
            && authority.values().stream()
                .anyMatch(s -> s.getType() == Type.NS && !s.getName().equals(zone.origin()));

    checkSignatures(m, Section.ANSWER, referral, qtype);
    checkSignatures(m, Section.AUTHORITY, referral, qtype);
    checkSignatures(m, Section.ADDITIONAL, referral, qtype);

    // Follow the CNAME chain from QNAME, as a resolver would, checking each wildcard expansion.
    Map<String, RRset> answer = rrsets(m, Section.ANSWER);
    Map<String, List<RRSIGRecord>> answerSigs = signatures(m, Section.ANSWER);
    Name sname = qname;
    boolean followAliases =
        qtype != Type.CNAME && qtype != Type.ANY && qtype != Type.RRSIG && qtype != Type.NSEC;
    for (int i = 0; i < 16; i++) {
      RRset cname = answer.get(key(sname, Type.CNAME));
      if (!followAliases || cname == null) {
        break;
      }
      checkExpansion(cname, answerSigs);
      sname = ((CNAMERecord) cname.first()).getTarget();
    }
    RRset hit = answer.get(key(sname, qtype));
    if (hit != null) {
      checkExpansion(hit, answerSigs);
      return;
    }
    Name at = sname;
    if (qtype == Type.ANY && answer.values().stream().anyMatch(r -> r.getName().equals(at))) {
      return; // RFC 8482: one RRset, signed as checked above
    }
    String owner = at.canonicalize() + " ";
    if (qtype == Type.RRSIG && answerSigs.keySet().stream().anyMatch(k -> k.startsWith(owner))) {
      return; // the RRSIGs of one RRset at the name, verified above
    }
    if (!sname.subdomain(zone.origin())) {
      return; // the chain left the zone
    }
    if (referral) {
      checkReferral(m);
    } else if (m.getRcode() == Rcode.NXDOMAIN) {
      checkNameError(sname);
    } else if (m.getRcode() == Rcode.NOERROR) {
      checkNoData(sname, qtype);
    }
  }

  /**
   * RFC 4035 section 3.1.1 and 5.3: every RRset but the NS of a referral and glue has an RRSIG of
   * the same owner, type covered and TTL that verifies; no RRSIG stands alone.
   */
  private void checkSignatures(Message m, int section, boolean referral, int qtype) {
    Map<String, RRset> sets = rrsets(m, section);
    Map<String, List<RRSIGRecord>> sigs = signatures(m, section);
    String where = Section.string(section);
    for (Map.Entry<String, RRset> e : sets.entrySet()) {
      RRset set = e.getValue();
      for (Record r : set.rrs(false)) {
        if (r.getTTL() != set.first().getTTL()) {
          problem(where + ": TTLs differ within the RRset " + e.getKey());
        }
      }
      List<RRSIGRecord> covering = sigs.getOrDefault(e.getKey(), List.of());
      boolean unsigned =
          section == Section.ADDITIONAL
              || (referral && section == Section.AUTHORITY && set.getType() == Type.NS);
      if (covering.isEmpty() && !unsigned) {
        problem(where + ": no RRSIG for " + e.getKey());
      }
      for (RRSIGRecord sig : covering) {
        verify(where, set, sig);
      }
    }
    for (Map.Entry<String, List<RRSIGRecord>> e : sigs.entrySet()) {
      if (!sets.containsKey(e.getKey()) && !(section == Section.ANSWER && qtype == Type.RRSIG)) {
        problem(where + ": RRSIG without its RRset: " + e.getKey());
      }
    }
  }

  private void verify(String where, RRset set, RRSIGRecord sig) {
    if (sig.getTTL() != set.first().getTTL()) {
      problem(
          where
              + ": RRSIG TTL "
              + sig.getTTL()
              + " differs from the TTL "
              + set.first().getTTL()
              + " of "
              + key(set.getName(), set.getType()));
    }
    if (!sig.getName().equals(set.getName())) {
      problem(where + ": RRSIG owner " + sig.getName() + " is not " + set.getName());
    }
    try {
      DNSSEC.verify(set, sig, zone.dnskey(), SignedZoneFixture.VALID_AT);
    } catch (DNSSEC.DNSSECException ex) {
      problem(where + ": RRSIG over " + key(set.getName(), set.getType()) + " fails: " + ex);
    }
  }

  /** Labels of a name, root and a leading '*' not counted (the RRSIG labels field's way). */
  private static int rrsigLabels(Name n) {
    return n.labels() - 1 - (n.isWild() ? 1 : 0);
  }

  /**
   * An RRset synthesized from a wildcard (RRSIG labels field below the owner's label count) needs
   * proof that its owner does not exist (RFC 4035 section 3.1.3.3, RFC 5155 section 7.2.6).
   */
  private void checkExpansion(RRset set, Map<String, List<RRSIGRecord>> sigs) {
    List<RRSIGRecord> covering = sigs.getOrDefault(key(set.getName(), set.getType()), List.of());
    if (covering.isEmpty()) {
      return; // reported already
    }
    Name owner = set.getName();
    int labels = covering.get(0).getLabels();
    if (labels >= rrsigLabels(owner)) {
      return;
    }
    Name encloser = new Name(owner, owner.labels() - 1 - labels);
    Name truth = zone.closestEncloser(owner);
    if (!encloser.equals(truth)) {
      problem("wildcard expansion at " + owner + " from *." + encloser + ", expected *." + truth);
    }
    if (zone.exists(owner)) {
      problem("wildcard expansion at " + owner + ", which exists");
    }
    if (zone.denial().nsec3()) {
      Name nextCloser = new Name(owner, owner.labels() - 2 - labels);
      if (nsec3Covering(nextCloser) == null) {
        problem("wildcard answer " + owner + ": no NSEC3 covers the next closer " + nextCloser);
      }
    } else if (nsecCovering(owner) == null) {
      problem("wildcard answer " + owner + ": no NSEC covers it");
    }
  }

  /** NXDOMAIN: RFC 4035 section 3.1.3.2, RFC 5155 section 7.2.2. */
  private void checkNameError(Name sname) {
    if (zone.exists(sname)) {
      problem("NXDOMAIN for " + sname + ", which exists");
      return;
    }
    Name ce = zone.closestEncloser(sname);
    Name wildcard = wildcardAt(ce);
    if (zone.denial().nsec3()) {
      // RFC 5155 sections 7.2.2 and 8.4: the wildcard is the one at the encloser that the closest
      // encloser proof establishes (section 8.3). In an opt-out zone that is the closest provable
      // encloser, which is above the closest encloser when that has no NSEC3 (an empty
      // non-terminal above insecure delegations only): a validator cannot know of the closer one,
      // so an NSEC3 covering *.<closest encloser> proves nothing to it.
      Name provable = closestProvableEncloserProof(sname, "NXDOMAIN");
      if (provable != null && nsec3Covering(wildcardAt(provable)) == null) {
        problem("NXDOMAIN " + sname + ": no NSEC3 covers the wildcard " + wildcardAt(provable));
      }
      return;
    }
    // Covering, with a next name not below QNAME (that would prove QNAME exists).
    if (nsecs.stream().noneMatch(n -> covers(n, sname) && !n.getNext().subdomain(sname))) {
      problem("NXDOMAIN " + sname + ": no NSEC covers it");
    }
    if (nsecCovering(wildcard) == null) {
      problem("NXDOMAIN " + sname + ": no NSEC covers the wildcard " + wildcard);
    }
  }

  /** NODATA, at a name, an empty non-terminal or a wildcard: RFC 4035 3.1.3.1, RFC 5155 7.2.3-5. */
  private void checkNoData(Name sname, int qtype) {
    if (zone.denial().nsec3()) {
      if (zone.hashed().contains(sname)) {
        NSEC3Record match = nsec3Matching(sname);
        if (match == null) {
          problem("NODATA " + sname + ": no NSEC3 matches it");
        } else if (match.hasType(qtype) || match.hasType(Type.CNAME)) {
          problem("NODATA " + sname + ": its NSEC3 has " + Type.string(qtype) + " or CNAME");
        }
      } else if (zone.exists(sname)) {
        // Opted out (RFC 5155 section 7.2.4 for DS, and an empty non-terminal above only
        // insecure delegations): the closest provable encloser, next closer in an opt-out span.
        closestProvableEncloserProof(sname, "NODATA (opted out)");
      } else {
        // Wildcard NODATA (RFC 5155 sections 7.2.5 and 8.7): the NSEC3 matching the wildcard at
        // the encloser the proof establishes. The wildcard exists with data, so its parent (the
        // closest encloser) has an NSEC3 even with opt-out: the proof is of that very name.
        Name ce = zone.closestEncloser(sname);
        closestProvableEncloserProof(sname, "wildcard NODATA");
        NSEC3Record match = nsec3Matching(wildcardAt(ce));
        if (match == null) {
          problem("wildcard NODATA " + sname + ": no NSEC3 matches *." + ce);
        } else if (match.hasType(qtype) || match.hasType(Type.CNAME)) {
          problem("wildcard NODATA " + sname + ": the wildcard's NSEC3 has the type or CNAME");
        }
      }
      return;
    }
    if (zone.authoritative().contains(sname)) {
      NSECRecord match = nsecMatching(sname);
      if (match == null) {
        problem("NODATA " + sname + ": no NSEC at the name");
      } else if (match.hasType(qtype) || match.hasType(Type.CNAME)) {
        problem("NODATA " + sname + ": its NSEC has " + Type.string(qtype) + " or CNAME");
      }
    } else if (zone.emptyNonTerminals().contains(sname)) {
      if (!provesEmptyNonTerminal(sname)) {
        problem(
            "NODATA at the empty non-terminal " + sname + ": no NSEC covers it with next below");
      }
    } else {
      Name ce = zone.closestEncloser(sname);
      if (nsecCovering(sname) == null) {
        problem("wildcard NODATA " + sname + ": no NSEC covers it");
      }
      Name wildcard = wildcardAt(ce);
      if (zone.emptyNonTerminals().contains(wildcard)) {
        // The wildcard is itself an empty non-terminal: proven as any other (RFC 4035 3.1.3.2).
        if (!provesEmptyNonTerminal(wildcard)) {
          problem("wildcard NODATA " + sname + ": nothing proves the empty wildcard " + wildcard);
        }
        return;
      }
      NSECRecord match = nsecMatching(wildcard);
      if (match == null) {
        problem("wildcard NODATA " + sname + ": no NSEC at *." + ce);
      } else if (match.hasType(qtype) || match.hasType(Type.CNAME)) {
        problem("wildcard NODATA " + sname + ": the wildcard's NSEC has the type or CNAME");
      }
    }
  }

  /** An NSEC covers the name, its next name below it: the name exists, without data. */
  private boolean provesEmptyNonTerminal(Name name) {
    return nsecs.stream()
        .anyMatch(n -> covers(n, name) && n.getNext().subdomain(name) && !n.getNext().equals(name));
  }

  /** A referral without DS: RFC 4035 section 3.1.4, RFC 5155 section 7.2.7. */
  private void checkReferral(Message m) {
    Name cut = null;
    for (RRset s : rrsets(m, Section.AUTHORITY).values()) {
      if (s.getType() == Type.NS) {
        cut = s.getName();
      }
    }
    if (cut == null) {
      return;
    }
    boolean hasDs = rrsets(m, Section.AUTHORITY).containsKey(key(cut, Type.DS));
    if (Boolean.TRUE.equals(zone.cuts().get(cut))) {
      if (!hasDs) {
        problem("referral to " + cut + " without its DS");
      }
      return;
    }
    if (hasDs) {
      problem("referral to " + cut + " with a DS the zone does not have");
      return;
    }
    if (zone.denial().nsec3()) {
      if (zone.hashed().contains(cut)) {
        NSEC3Record match = nsec3Matching(cut);
        if (match == null) {
          problem("referral to " + cut + ": no NSEC3 matches it");
        } else if (!match.hasType(Type.NS) || match.hasType(Type.DS) || match.hasType(Type.SOA)) {
          problem("referral to " + cut + ": its NSEC3 does not prove NS without DS");
        }
      } else {
        closestProvableEncloserProof(cut, "referral");
      }
      return;
    }
    NSECRecord match = nsecMatching(cut);
    if (match == null) {
      problem("referral to " + cut + ": no NSEC at the cut");
    } else if (!match.hasType(Type.NS) || match.hasType(Type.DS) || match.hasType(Type.SOA)) {
      problem("referral to " + cut + ": its NSEC does not prove NS without DS");
    }
  }

  /**
   * RFC 5155 sections 7.2.1 and 8.3: an NSEC3 matches the closest encloser, one covers the next
   * closer name. Where the closest encloser has no NSEC3 (opt-out), or for a name that exists but
   * is opted out (an insecure delegation, an empty non-terminal above only such), the closest
   * ancestor with an NSEC3 stands in, and the NSEC3 covering the next closer name must have the
   * opt-out flag. Returns the encloser proven, or null.
   */
  private @Nullable Name closestProvableEncloserProof(Name sname, String what) {
    Name ce = zone.closestEncloser(sname);
    Name provable = zone.exists(sname) ? SignedZoneFixture.parent(sname) : ce;
    while (!zone.hashed().contains(provable)) {
      provable = SignedZoneFixture.parent(provable);
    }
    boolean optedOut = zone.exists(sname) || !provable.equals(ce);
    if (nsec3Matching(provable) == null) {
      problem(what + " " + sname + ": no NSEC3 matches the closest encloser " + provable);
      return null;
    }
    Name nextCloser = new Name(sname, sname.labels() - provable.labels() - 1);
    NSEC3Record cover = nsec3Covering(nextCloser);
    if (cover == null) {
      problem(what + " " + sname + ": no NSEC3 covers the next closer name " + nextCloser);
      return null;
    }
    if (optedOut && (cover.getFlags() & NSEC3Record.Flags.OPT_OUT) == 0) {
      problem(what + " " + sname + ": the NSEC3 covering " + nextCloser + " is not opt-out");
    }
    return provable;
  }

  private static Name wildcardAt(Name ce) {
    try {
      return Name.concatenate(Name.fromConstantString("*"), ce);
    } catch (org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private @Nullable NSECRecord nsecMatching(Name name) {
    return nsecs.stream().filter(n -> n.getName().equals(name)).findFirst().orElse(null);
  }

  /** An NSEC whose owner is canonically before the name and whose next name after it. */
  private @Nullable NSECRecord nsecCovering(Name name) {
    return nsecs.stream().filter(n -> covers(n, name)).findFirst().orElse(null);
  }

  private static boolean covers(NSECRecord n, Name name) {
    int afterOwner = name.compareTo(n.getName());
    int beforeNext = name.compareTo(n.getNext());
    if (n.getNext().compareTo(n.getName()) <= 0) { // the last NSEC: next is the apex
      return afterOwner > 0;
    }
    return afterOwner > 0 && beforeNext < 0;
  }

  private @Nullable NSEC3Record nsec3Matching(Name name) {
    byte[] h = zone.hash(name);
    return nsec3s.stream()
        .filter(n -> Arrays.equals(SignedZoneFixture.ownerHash(n.getName()), h))
        .findFirst()
        .orElse(null);
  }

  private @Nullable NSEC3Record nsec3Covering(Name name) {
    byte[] h = zone.hash(name);
    return nsec3s.stream()
        .filter(
            n -> {
              byte[] owner = SignedZoneFixture.ownerHash(n.getName());
              byte[] next = n.getNext();
              int afterOwner = Arrays.compareUnsigned(h, owner);
              int beforeNext = Arrays.compareUnsigned(h, next);
              if (Arrays.compareUnsigned(next, owner) <= 0) {
                return afterOwner > 0 || beforeNext < 0;
              }
              return afterOwner > 0 && beforeNext < 0;
            })
        .findFirst()
        .orElse(null);
  }
}
