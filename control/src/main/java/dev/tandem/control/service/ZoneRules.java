package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import java.util.Set;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Where records may stand and what they may point at, as an edit through the API or the CLI is
 * checked (a zone file or an RFC 2136 UPDATE has rules of its own). The refusals use the PowerDNS
 * API's wording ("RRset NAME IN TYPE: ..."), which its clients know, followed by the reason.
 *
 * <ul>
 *   <li>an apex keeps its one SOA and at least one NS: without them the zone cannot be served (RFC
 *       1035 section 5.2, RFC 1034 section 4.2.1);
 *   <li>SOA and DNSKEY only at the apex, DS never there (RFC 4035 section 2.4: a DS belongs to the
 *       parent side of a cut);
 *   <li>NS and DNAME not together below the apex (RFC 6672 section 2.3);
 *   <li>an NS, MX or SRV target is a host name (RFC 2181 section 10.3, RFC 1123 section 2.1;
 *       underscores allowed, as in service names); "." for a null MX or SRV (RFC 7505, RFC 2782).
 * </ul>
 */
public final class ZoneRules {
  /** Types of which an RRset holds one record (RFC 1035 section 5.2, RFC 2181 section 10.1). */
  private static final Set<Integer> SINGLE = Set.of(Type.SOA, Type.CNAME, Type.DNAME);

  private ZoneRules() {}

  static String rrset(Name owner, int type) {
    return "RRset " + owner + " IN " + Type.string(type);
  }

  /** Refuses an RRset of a single-record type holding more than one. */
  public static void checkSingle(Name owner, int type, int records, String field) {
    if (SINGLE.contains(type) && records > 1) {
      throw invalid(
          field,
          rrset(owner, type)
              + ": only one such record allowed ("
              + records
              + " given: a "
              + Type.string(type)
              + " RRset holds exactly one)");
    }
  }

  /** Refuses a type where it may not stand. */
  public static void checkPlacement(Name zone, Name owner, int type, String field) {
    boolean apex = owner.equals(zone);
    if (!apex && (type == Type.SOA || type == Type.DNSKEY)) {
      throw invalid(
          field,
          rrset(owner, type) + ": is only allowed at apex (" + zone + " is the zone's apex)");
    }
    if (apex && type == Type.DS) {
      throw invalid(
          field,
          rrset(owner, type)
              + ": is not allowed at apex (a DS belongs to the parent zone, RFC 4035 section"
              + " 2.4)");
    }
  }

  /** Refuses NS beside DNAME below the apex; {@code types} are the name's types after the edit. */
  public static void checkNsDname(Name zone, Name owner, int type, Set<Integer> types, String f) {
    if (!owner.equals(zone) && types.contains(Type.NS) && types.contains(Type.DNAME)) {
      throw invalid(
          f,
          rrset(owner, type)
              + ": Cannot have both NS and DNAME except in zone apex (RFC 6672 section 2.3)");
    }
  }

  /** Refuses an edit that leaves the apex without its SOA or without an NS record. */
  public static void checkApex(Name zone, int soas, int nameservers, String field) {
    if (soas == 0) {
      throw invalid(
          field,
          rrset(zone, Type.SOA) + ": the apex must keep its SOA record (replace it instead)");
    }
    if (nameservers == 0) {
      throw invalid(
          field,
          rrset(zone, Type.NS)
              + ": the apex must keep at least one NS record: a zone without name servers cannot"
              + " be served (replace the NS RRset instead of deleting it)");
    }
  }

  /** Refuses an NS, MX or SRV record whose target is not a host name. */
  public static void checkHostname(Record r, String field) {
    Name target =
        switch (r) {
          case NSRecord ns -> ns.getTarget();
          case MXRecord mx -> mx.getTarget();
          case SRVRecord srv -> srv.getTarget();
          default -> null;
        };
    if (target == null || (target.equals(Name.root) && r.getType() != Type.NS)) {
      return;
    }
    for (int i = 0; i < target.labels() - 1; i++) {
      String label = target.getLabelString(i);
      boolean ok = !label.isEmpty();
      for (int j = 0; ok && j < label.length(); j++) {
        char c = label.charAt(j);
        ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
      }
      if (!ok) {
        throw invalid(
            field,
            rrset(r.getName(), r.getType())
                + ": non-hostname content "
                + target
                + " (a host name is letters, digits, '-' and '_')");
      }
    }
  }
}
