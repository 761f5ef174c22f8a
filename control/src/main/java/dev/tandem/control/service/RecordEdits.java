package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.service.ZoneService.RrSetChange;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Record edits of the API and the CLI, checked and written as one RFC 2136 UPDATE each, so that the
 * zone's own rules (serial, journal, NOTIFY, what an UPDATE may do) apply as to one from the
 * network. The checks here are those an UPDATE would not make aloud: each refuses the whole edit
 * with the request field named, where RFC 2136 would drop a record and answer NOERROR.
 */
public final class RecordEdits {
  private RecordEdits() {}

  /**
   * The UPDATE making {@code changes} to {@code current}, the zone {@code zone} as served. Each
   * RRset may be named once; the SOA may be replaced but not removed; a CNAME or DNAME RRset holds
   * one record; a CNAME no neighbour ({@link CnameRules}).
   */
  public static Update update(Name zone, List<RrSetChange> changes, ZoneSnapshot current) {
    Update u = new Update(zone);
    List<Record> additions = new ArrayList<>();
    List<CnameRules.Planned> planned = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < changes.size(); i++) {
      RrSetChange c = changes.get(i);
      String field = "rrsets[" + i + "]";
      Name name = ZoneText.inZone(c.name(), zone, field + ".name");
      int type = ZoneText.type(c.type(), field + ".type");
      Integer first = seen.putIfAbsent(name.toString().toLowerCase(Locale.ROOT) + " " + type, i);
      if (first != null) {
        throw invalid(
            field,
            field
                + " changes the "
                + Type.string(type)
                + " RRset at "
                + name
                + " as rrsets["
                + first
                + "] does: name each RRset once");
      }
      boolean removed = c.delete() || c.records().isEmpty();
      if (type == Type.SOA && removed) {
        throw invalid(field, "the SOA record cannot be deleted");
      }
      ZoneText.ttl(c.ttl(), field + ".ttl");
      planned.add(new CnameRules.Planned(name, type, !removed, field));
      if (type == Type.SOA) {
        // Replacing the SOA sets its timers; the serial is the zone's to choose (serial policy).
        additions.add(
            ZoneText.record(name, type, c.ttl(), single(c.records(), field), zone, field));
        continue;
      }
      CnameRules.checkSingle(name, type, c.delete() ? 0 : c.records().size(), field + ".records");
      u.delete(name, type);
      if (!c.delete()) {
        for (String data : c.records()) {
          additions.add(ZoneText.record(name, type, c.ttl(), data, zone, field + ".records"));
        }
      }
    }
    CnameRules.check(current, planned);
    // Every removal before any addition: RFC 2136 section 3.4.2 applies an UPDATE in order, and an
    // addition beside data that the same edit removes later would be ignored.
    additions.forEach(u::add);
    return u;
  }

  /**
   * The UPDATE adding, replacing or deleting one record ({@code op}: add, replace, delete; a delete
   * without data deletes the RRset), as {@code tandem record} asks.
   */
  public static Update update(
      Name zone, String op, String name, long ttl, String type, String data, ZoneSnapshot current) {
    Name owner = ZoneText.inZone(name, zone, "name");
    int t = ZoneText.type(type, "type");
    ZoneText.ttl(ttl, "ttl");
    String rdata = data.trim();
    Update u = new Update(zone);
    switch (op) {
      case "add" -> u.add(ZoneText.record(owner, t, ttl, rdata, zone, "rdata"));
      case "replace" -> u.replace(ZoneText.record(owner, t, ttl, rdata, zone, "rdata"));
      case "delete" -> {
        if (rdata.isEmpty()) {
          u.delete(owner, t);
        } else {
          u.delete(ZoneText.record(owner, t, 0, rdata, zone, "rdata"));
        }
        return u; // a deletion leaves no CNAME beside anything
      }
      default -> throw invalid("op", "operation '" + op + "' is not add, delete or replace");
    }
    CnameRules.check(current, List.of(new CnameRules.Planned(owner, t, true, "name")));
    return u;
  }

  private static String single(List<String> records, String field) {
    if (records.size() != 1) {
      throw invalid(field, "a zone has exactly one SOA record");
    }
    return records.get(0);
  }
}
