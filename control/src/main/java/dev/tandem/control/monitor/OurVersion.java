package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.ServerObservation;
import dev.tandem.dns.zone.SignatureSummary;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What the checks compare against, made once per version served here: the digest of the compared
 * records, the authoritative RRsets to sample (at most {@link #SAMPLED}, spread evenly over the
 * zone), and the apex DNSKEYs.
 */
record OurVersion(
    ZoneSnapshot zone,
    byte[] digest,
    List<RrSetKey> rrsets,
    List<Name> ns,
    List<DNSKEYRecord> dnskeys,
    ServerObservation.@Nullable Signature earliestSignature) {
  /** RRsets kept to sample from, at most: a large zone is sampled over a stride of it. */
  static final int SAMPLED = 10_000;

  /** One RRset, by owner and type. */
  record RrSetKey(Name owner, int type) {}

  long serial() {
    return zone.serial();
  }

  /**
   * What to compare against in {@code z}; {@code now} places the 32-bit RRSIG times (they wrap).
   */
  static OurVersion of(ZoneSnapshot z, java.time.Instant now) {
    Name origin = z.origin();
    List<DNSKEYRecord> keys = new ArrayList<>();
    List<Name> ns = new ArrayList<>();
    for (Record r : z.recordsAt(origin)) {
      if (r instanceof DNSKEYRecord k) {
        keys.add(k);
      } else if (r instanceof NSRecord n) {
        ns.add(n.getTarget());
      }
    }
    int stride = Math.max(1, z.recordCount() / SAMPLED);
    List<RrSetKey> rrsets = new ArrayList<>();
    List<Record> node = new ArrayList<>();
    Name cut = null;
    int seen = 0;
    ZoneSnapshot.NodeWalk walk = z.nodes();
    while (walk.next(node::add)) {
      if (node.isEmpty()) {
        continue; // an empty non-terminal (zones.catalog. of a catalog zone): nothing to compare
      }
      Name owner = node.get(0).getName();
      boolean delegation =
          !owner.equals(origin) && node.stream().anyMatch(r -> r.getType() == Type.NS);
      if (cut != null && owner.subdomain(cut) && !owner.equals(cut)) {
        node.clear();
        continue; // below a delegation: glue, answered with a referral, not compared here
      }
      cut = delegation ? owner : cut != null && owner.subdomain(cut) ? cut : null;
      Set<RrSetKey> here = new LinkedHashSet<>();
      for (Record r : node) {
        // At a delegation only the DS RRset is the parent's to answer (RFC 4035 section 3.1.4.1).
        if (ContentCheck.compared(r.getType()) && (!delegation || r.getType() == Type.DS)) {
          here.add(new RrSetKey(owner, r.getType()));
        }
      }
      for (RrSetKey k : here) {
        if (seen++ % stride == 0 && rrsets.size() < SAMPLED) {
          rrsets.add(k);
        }
      }
      node.clear();
    }
    return new OurVersion(
        z,
        ContentCheck.digest(z),
        List.copyOf(rrsets),
        List.copyOf(ns),
        List.copyOf(keys),
        signature(z, now.getEpochSecond()));
  }

  /** The signature that expires first, as our own server serves it (RRSIG times wrap, RFC 4034). */
  private static ServerObservation.@Nullable Signature signature(ZoneSnapshot z, long now) {
    SignatureSummary s = z.signatures(now); // summed up once a version, shared with the status
    return s == null
        ? null
        : new ServerObservation.Signature(
            s.rrset(), java.time.Instant.ofEpochSecond(s.earliestExpiration()));
  }

  /** The version for {@code z}, reusing {@code kept} if it is of the same snapshot. */
  static @Nullable OurVersion of(
      @Nullable ZoneSnapshot z, @Nullable OurVersion kept, java.time.Instant now) {
    if (z == null) {
      return null;
    }
    return kept != null && kept.zone() == z ? kept : of(z, now);
  }
}
