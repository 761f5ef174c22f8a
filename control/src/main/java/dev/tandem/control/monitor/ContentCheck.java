package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.RrSetDifference;
import dev.tandem.control.monitor.lookup.Querier;
import dev.tandem.control.monitor.lookup.Question;
import dev.tandem.control.monitor.lookup.Reply;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Compares a server's contents with ours at the same serial: the whole zone by AXFR where the
 * server allows us (a digest of each side first, the differing RRsets only when they differ), or
 * else a few RRsets asked one by one, a different few each round.
 *
 * <p>What is compared is what both providers must agree on: every RRset but the SOA (its serial is
 * compared on its own) and the DNSSEC records each provider may make with its own keys (RRSIG,
 * NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDS, CDNSKEY; the DNSKEY RRset is compared on its own). TTLs
 * count: a record with another TTL differs.
 */
final class ContentCheck {
  private final Querier querier;
  private final Upstream upstream;

  ContentCheck(Querier querier, Upstream upstream) {
    this.querier = querier;
    this.upstream = upstream;
  }

  /** Whether RRsets of {@code type} are compared. */
  static boolean compared(int type) {
    return switch (type) {
      case Type.SOA,
          Type.RRSIG,
          Type.NSEC,
          Type.NSEC3,
          Type.NSEC3PARAM,
          Type.DNSKEY,
          Type.CDS,
          Type.CDNSKEY ->
          false;
      default -> true;
    };
  }

  /** The whole zone by AXFR, compared; or, if the server would not send it, why not. */
  sealed interface Whole {
    record Compared(Content content) implements Whole {}

    record Refused(String why) implements Whole {}
  }

  Whole axfr(Name zone, InetSocketAddress server, @Nullable TSIG tsig, OurVersion ours) {
    Upstream.Received r =
        upstream.transfer(zone, new dev.tandem.control.access.Remote(server, null), tsig, -1);
    return switch (r) {
      case Upstream.Full f -> new Whole.Compared(compare(ours, f.zone().build()));
      case Upstream.Failed f -> new Whole.Refused(f.error());
      case Upstream.Incremental i -> new Whole.Refused("AXFR answered IXFR-style");
      case Upstream.UpToDate u -> new Whole.Refused("AXFR answered with no zone");
    };
  }

  private static Content compare(OurVersion ours, ZoneSnapshot theirs) {
    if (Arrays.equals(ours.digest(), digest(theirs))) {
      return new Content("AXFR", ours.rrsets().size(), List.of(), 0, null);
    }
    ZoneDiff diff = ZoneDiff.between(ours.zone(), theirs);
    Map<String, OurVersion.RrSetKey> differing = new LinkedHashMap<>();
    for (List<Record> side : List.of(diff.removed(), diff.added())) {
      for (Record r : side) {
        if (compared(r.getType())) {
          differing.putIfAbsent(
              r.getName() + " " + r.getType(), new OurVersion.RrSetKey(r.getName(), r.getType()));
        }
      }
    }
    List<RrSetDifference> kept = new ArrayList<>();
    int more = 0;
    for (OurVersion.RrSetKey k : differing.values()) {
      if (kept.size() >= Content.KEPT) {
        more++;
        continue;
      }
      kept.add(
          new RrSetDifference(
              k.owner(),
              k.type(),
              rrset(ours.zone().recordsAt(k.owner()), k.type()),
              rrset(theirs.recordsAt(k.owner()), k.type())));
    }
    return new Content("AXFR", ours.rrsets().size(), kept, more, null);
  }

  /**
   * {@code count} of our RRsets from position {@code from} on (wrapping), asked of {@code server}
   * one by one and compared.
   */
  Content sample(
      InetSocketAddress server, OurVersion ours, int from, int count, @Nullable String note) {
    List<OurVersion.RrSetKey> all = ours.rrsets();
    if (all.isEmpty() || count == 0) {
      return new Content("sample", 0, List.of(), 0, note);
    }
    List<RrSetDifference> differing = new ArrayList<>();
    int compared = 0;
    List<OurVersion.RrSetKey> keys = new ArrayList<>();
    List<CompletableFuture<Reply>> asked = new ArrayList<>();
    for (int i = 0; i < Math.min(count, all.size()); i++) {
      OurVersion.RrSetKey k = all.get(Math.floorMod(from + i, all.size()));
      keys.add(k);
      asked.add(querier.ask(server, Question.of(k.owner(), k.type())));
    }
    for (int i = 0; i < keys.size(); i++) {
      OurVersion.RrSetKey k = keys.get(i);
      Reply.Answer a = asked.get(i).join().answer();
      if (a == null || (a.rcode() != Rcode.NOERROR && a.rcode() != Rcode.NXDOMAIN)) {
        continue; // no verdict on this one: reachability is judged on the SOA
      }
      compared++;
      List<String> ours2 = rrset(ours.zone().recordsAt(k.owner()), k.type());
      List<String> theirs = rrset(a.message().getSection(Section.ANSWER), k.owner(), k.type());
      if (!ours2.equals(theirs)) {
        differing.add(new RrSetDifference(k.owner(), k.type(), ours2, theirs));
      }
    }
    return new Content("sample", compared, differing, 0, note);
  }

  /** The records of one type, as "TTL rdata", sorted. */
  private static List<String> rrset(List<Record> records, int type) {
    List<String> out = new ArrayList<>();
    for (Record r : records) {
      if (r.getType() == type) {
        out.add(r.getTTL() + " " + r.rdataToString());
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> rrset(List<Record> records, Name owner, int type) {
    List<Record> at = new ArrayList<>();
    for (Record r : records) {
      if (r.getName().equals(owner)) {
        at.add(r);
      }
    }
    return rrset(at, type);
  }

  /** SHA-256 over the compared records in the zone's canonical order. */
  static byte[] digest(ZoneSnapshot z) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
    byte[] fixed = new byte[6];
    z.forEachRecordWire(
        (owner, ownerLength, type, ttl, rdata, offset, length) -> {
          if (!compared(type)) {
            return;
          }
          md.update(owner, 0, ownerLength);
          fixed[0] = (byte) (type >> 8);
          fixed[1] = (byte) type;
          fixed[2] = (byte) (ttl >> 24);
          fixed[3] = (byte) (ttl >> 16);
          fixed[4] = (byte) (ttl >> 8);
          fixed[5] = (byte) ttl;
          md.update(fixed);
          md.update((byte) (length >> 8));
          md.update((byte) length);
          md.update(rdata, offset, length);
        });
    return md.digest();
  }
}
