package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The contents of a new primary zone made of records rather than a zone file: the records given
 * (the RRsets of a PowerDNS client), an NS record for each name server given, and, unless the
 * records hold one, the one default SOA every surface makes for a new zone.
 *
 * <p>The default SOA is PowerDNS's {@code default-soa-content} (refresh 3 h, retry 1 h, expire 1
 * week, negative TTL 1 h, RFC 2308 section 5), since PowerDNS clients compare what they read back,
 * with the first name server as MNAME (the zone's primary source, RFC 1035 section 3.3.13) rather
 * than PowerDNS's placeholder, and {@code hostmaster} at the zone as RNAME (RFC 2142 section 5).
 * Its serial is the zone's first by its serial policy, on the injected clock.
 */
public final class NewZone {
  static final long TTL = 3600;
  static final long REFRESH = 10800;
  static final long RETRY = 3600;
  static final long EXPIRE = 604800;
  static final long NEGATIVE_TTL = 3600;

  private NewZone() {}

  private record RrSetKey(Name name, int type) {}

  /**
   * The zone {@code zone} of {@code records} and {@code nameservers}, checked as a zone file is.
   *
   * @throws ServiceException if it has no name server, a record outside the zone, or errors (each
   *     in {@link ServiceException#problems})
   */
  public static ZoneSnapshot of(
      Name zone, List<Name> nameservers, List<Record> records, SerialPolicy policy, Instant now) {
    return of(zone, nameservers, records, policy, now, null);
  }

  /** As above, the default SOA with {@code serial} if given (a PowerDNS client's "serial"). */
  public static ZoneSnapshot of(
      Name zone,
      List<Name> nameservers,
      List<Record> records,
      SerialPolicy policy,
      Instant now,
      @org.jspecify.annotations.Nullable Long serial) {
    List<Record> all = new ArrayList<>(records);
    for (Name ns : nameservers) {
      all.add(new NSRecord(zone, DClass.IN, TTL, ns));
    }
    Name mname =
        all.stream()
            .filter(r -> r.getType() == Type.NS && r.getName().equals(zone))
            .map(r -> ((NSRecord) r).getTarget())
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        "nameservers",
                        "a new zone needs at least one name server: Tandem serves no zone"
                            + " without NS records"));
    ZoneBuilder b = new ZoneBuilder(zone);
    if (all.stream().noneMatch(r -> r.getType() == Type.SOA)) {
      b.add(soa(zone, mname, serial != null ? serial : firstSerial(policy, now)));
    }
    Map<RrSetKey, Integer> rrsets = new LinkedHashMap<>();
    for (Record r : all) {
      if (!b.add(r)) {
        throw invalid("records", r.getName() + " is not in zone " + zone);
      }
      rrsets.merge(new RrSetKey(r.getName(), r.getType()), 1, Integer::sum);
    }
    // The zone's checks below would find these too, but could not name the RRset at fault.
    List<CnameRules.Planned> planned = new ArrayList<>();
    rrsets.forEach(
        (k, n) -> {
          CnameRules.checkSingle(k.name(), k.type(), n, "records");
          planned.add(new CnameRules.Planned(k.name(), k.type(), true, "records"));
        });
    CnameRules.checkNew(planned);
    ZoneSnapshot z = b.build();
    List<String> errors = ZoneLoader.recordErrors(z);
    if (!errors.isEmpty()) {
      throw new ServiceException(
          ServiceException.Problem.INVALID,
          null,
          "zone " + zone + " is not valid: " + String.join("; ", errors),
          errors);
    }
    return z;
  }

  /** The default SOA of {@code zone}, naming {@code mname} as its primary. */
  static SOARecord soa(Name zone, Name mname, long serial) {
    Name admin;
    try {
      admin = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
    } catch (NameTooLongException e) {
      admin = zone;
    }
    return new SOARecord(
        zone, DClass.IN, TTL, mname, admin, serial, REFRESH, RETRY, EXPIRE, NEGATIVE_TTL);
  }

  /**
   * A new zone's first serial by {@code policy}: 1, the time, or a date serial YYYYMMDD01 (the
   * day's first version numbered 01, as PowerDNS's SOA-EDIT-API DEFAULT numbers it).
   */
  static long firstSerial(SerialPolicy policy, Instant now) {
    long serial = policy.next(0, now);
    return policy == SerialPolicy.DATESERIAL ? Serial.add(serial, 1) : serial;
  }
}
