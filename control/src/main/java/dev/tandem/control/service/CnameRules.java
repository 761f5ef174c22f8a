package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The alias rules, as {@code ZoneValidator} checks them on a whole zone: a name that holds a CNAME
 * holds no other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1), but for the DNSSEC records
 * that may sit beside it (RRSIG and NSEC, RFC 4035 section 2.5; KEY, RFC 2181 section 10.1); a
 * CNAME or DNAME RRset holds one record.
 *
 * <p>An RFC 2136 UPDATE that would break the rule is not refused: section 3.4.2.2 has the server
 * ignore the offending record and answer NOERROR. That is right for UPDATE clients, but an edit
 * through the API or the CLI that comes back "nothing to change" has silently lost the record, so
 * {@link dev.tandem.control.service.ZoneService} checks every edit against this rule first and
 * refuses it with the RRset named (the PowerDNS API's wording, "Conflicts with pre-existing RRset",
 * which its clients know).
 */
public final class CnameRules {
  private CnameRules() {}

  /**
   * One RRset as a change leaves it.
   *
   * @param present true if it holds records after the change, false if the change removes it
   * @param field the request field that asked for it, named in the refusal
   */
  public record Planned(Name name, int type, boolean present, String field) {}

  /**
   * Refuses {@code planned} if it would leave a CNAME beside other data at a name of {@code zone}.
   *
   * @throws dev.tandem.control.service.ServiceException naming the first RRset in conflict
   */
  public static void check(ZoneSnapshot zone, List<Planned> planned) {
    check(n -> typesAt(zone, n), planned, false);
  }

  /**
   * Refuses the RRsets of a zone given whole (a new zone, a zone's contents replaced) if they put a
   * CNAME beside other data, blaming the CNAME (PowerDNS's wording for a whole zone).
   */
  public static void checkNew(List<Planned> planned) {
    check(n -> Set.of(), planned, true);
  }

  /**
   * Refuses a CNAME or DNAME RRset of more than one record (RFC 2181 section 10.1, RFC 6672 section
   * 2.4), which an UPDATE would cut to its last record; see {@link ZoneRules#checkSingle}.
   */
  public static void checkSingle(Name name, int type, int records, String field) {
    ZoneRules.checkSingle(name, type, records, field);
  }

  private static void check(
      Function<Name, Set<Integer>> typesAt, List<Planned> planned, boolean whole) {
    Map<Name, List<Planned>> byName = new LinkedHashMap<>();
    for (Planned p : planned) {
      byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<Name, List<Planned>> at : byName.entrySet()) {
      Set<Integer> after = new LinkedHashSet<>(typesAt.apply(at.getKey()));
      Set<Integer> touched = new LinkedHashSet<>();
      for (Planned p : at.getValue()) {
        touched.add(p.type());
        if (p.present()) {
          after.add(p.type());
        } else {
          after.remove(p.type());
        }
      }
      for (Planned p : at.getValue()) {
        List<Integer> others = new ArrayList<>();
        if (p.present() && p.type() == Type.CNAME) {
          after.stream().filter(t -> !besideCname(t)).forEach(others::add);
        } else if (p.present() && !besideCname(p.type()) && after.contains(Type.CNAME)) {
          others.add(Type.CNAME);
        }
        if (!others.isEmpty() && whole && p.type() == Type.CNAME) {
          throw invalid(
              p.field(),
              "RRset "
                  + p.name()
                  + " IN CNAME: conflicts with existing "
                  + Type.string(others.get(0))
                  + " RRset of the same name: a CNAME cannot share its name with other data (RFC"
                  + " 1034 section 3.6.2, RFC 2181 section 10.1)");
        }
        if (!others.isEmpty() && !whole) {
          throw conflict(p, others, others.stream().anyMatch(t -> !touched.contains(t)));
        }
      }
    }
  }

  private static ServiceException conflict(Planned p, List<Integer> others, boolean preExisting) {
    Set<String> names = new TreeSet<>();
    others.forEach(t -> names.add(Type.string(t)));
    return invalid(
        p.field(),
        "RRset "
            + p.name()
            + " IN "
            + Type.string(p.type())
            + ": Conflicts with "
            + (preExisting ? "pre-existing RRset " : "RRset of this request ")
            + String.join(", ", names)
            + ": a CNAME cannot share its name with other data (RFC 1034 section 3.6.2, RFC 2181"
            + " section 10.1)");
  }

  /** Whether a record of {@code type} may sit at a name beside a CNAME. */
  private static boolean besideCname(int type) {
    return type == Type.CNAME || type == Type.RRSIG || type == Type.NSEC || type == Type.KEY;
  }

  private static Set<Integer> typesAt(ZoneSnapshot zone, Name name) {
    Set<Integer> types = new LinkedHashSet<>();
    for (Record r : zone.recordsAt(name)) {
      types.add(r.getType());
    }
    return types;
  }
}
