package dev.tandem.control.catalog;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;

/**
 * What a catalog zone says (RFC 9432, schema version 2), read from one version of it: its members,
 * each with its member node label and its properties, or why it is broken and must not be acted on.
 *
 * <p>The records read (owner names compared case-insensitively, RFC 4343):
 *
 * <ul>
 *   <li>{@code version.$CATZ TXT}: exactly one record, "2" (section 4.2.1). Missing, several, or
 *       another value (version 1 was BIND 9.11's draft schema): broken.
 *   <li>{@code <unique-N>.zones.$CATZ PTR}: a member zone; exactly one record per member node
 *       (section 4.1), and no zone named by two member nodes; otherwise broken.
 *   <li>{@code group.<unique-N>.zones.$CATZ TXT}: the member's groups, one per record (section
 *       4.4.2); a record's character strings are joined.
 *   <li>{@code coo.<unique-N>.zones.$CATZ PTR}: the catalog the member is moving to (section
 *       4.4.1); exactly one record, otherwise broken.
 *   <li>Anything else (the SOA and NS, custom {@code ext} properties, unknown properties and
 *       types): ignored (section 3).
 * </ul>
 */
public final class CatalogZone {
  private static final Name VERSION = Name.fromConstantString("version");
  private static final Name ZONES = Name.fromConstantString("zones");

  private CatalogZone() {}

  /** What reading a catalog gave. */
  public sealed interface Reading permits Valid, Broken {}

  /**
   * A catalog to act on.
   *
   * @param catalog the catalog zone
   * @param serial the serial of the version read
   * @param members its members by zone name
   */
  public record Valid(Name catalog, long serial, Map<Name, Member> members) implements Reading {
    public Valid {
      members = Map.copyOf(members);
    }
  }

  /**
   * A catalog that must not be acted on (section 5.1): nothing configured from it changes.
   *
   * @param why what is wrong, naming the records
   */
  public record Broken(String why) implements Reading {}

  /**
   * A member zone as the catalog lists it.
   *
   * @param zone the member zone
   * @param label the member node's label ({@code <unique-N>}), lower-cased
   * @param groups its group property values, sorted
   * @param coo the catalog it is moving to (change of ownership), or null
   */
  public record Member(Name zone, String label, List<String> groups, @Nullable Name coo) {
    public Member {
      groups = List.copyOf(groups);
    }
  }

  /**
   * What one member node holds while the catalog is read: the first PTR and coo of each, and how
   * many (more than one is broken); groups only if it has any (a catalog may list 100,000 members).
   */
  private static final class Node {
    @Nullable Name zone;
    int zones;
    @Nullable TreeSet<String> groups;
    @Nullable Name coo;
    int coos;
  }

  /** Reads {@code zone} as a catalog. */
  public static Reading read(ZoneSnapshot zone) {
    Name origin = zone.origin();
    Name version;
    Name zones;
    try {
      version = Name.concatenate(VERSION, origin);
      zones = Name.concatenate(ZONES, origin);
    } catch (org.xbill.DNS.NameTooLongException e) {
      return new Broken("the catalog's name is too long for its version and zones names");
    }
    List<String> versions = new ArrayList<>();
    Map<String, Node> nodes = new LinkedHashMap<>();
    int zonesLabels = zones.labels();
    zone.forEachRecord(
        r -> {
          Name owner = r.getName();
          if (owner.equals(version)) {
            if (r instanceof TXTRecord txt) {
              versions.add(String.join("", txt.getStrings()));
            }
            return;
          }
          if (!owner.subdomain(zones) || owner.labels() == zonesLabels) {
            return; // outside zones.$CATZ: the SOA, NS, global properties
          }
          int below = owner.labels() - zonesLabels;
          String label = lower(owner.getLabelString(below - 1));
          if (below == 1 && r instanceof PTRRecord ptr) {
            Node n = node(nodes, label);
            if (n.zones++ == 0) {
              n.zone = ptr.getTarget();
            }
          } else if (below == 2) {
            String property = lower(owner.getLabelString(0));
            if (property.equals("group") && r instanceof TXTRecord txt) {
              Node n = node(nodes, label);
              if (n.groups == null) {
                n.groups = new TreeSet<>();
              }
              n.groups.add(String.join("", txt.getStrings()));
            } else if (property.equals("coo") && r instanceof PTRRecord coo) {
              Node n = node(nodes, label);
              if (n.coos++ == 0) {
                n.coo = coo.getTarget();
              }
            }
          }
        });
    if (versions.isEmpty()) {
      return new Broken(
          "no version property (" + version + " TXT \"2\", RFC 9432 section 4.2.1): not a catalog");
    }
    if (versions.size() > 1) {
      return new Broken(version + " has " + versions.size() + " TXT records, not one");
    }
    if (!versions.get(0).equals("2")) {
      return new Broken(
          "catalog schema version \""
              + versions.get(0)
              + "\" (only version 2, RFC 9432, is understood"
              + (versions.get(0).equals("1") ? "; version 1 was BIND 9.11's draft" : "")
              + ")");
    }
    Map<Name, Member> members = new HashMap<>(nodes.size() * 2);
    Map<Name, String> labelOf = new HashMap<>(nodes.size() * 2);
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      Node n = e.getValue();
      String label = e.getKey();
      Name member = n.zone;
      if (member == null) {
        continue; // properties of no member: ignored
      }
      if (n.zones > 1) {
        return new Broken(
            "member node "
                + label
                + ".zones has "
                + n.zones
                + " PTR records, not one (RFC 9432 section 4.1)");
      }
      if (n.coos > 1) {
        return new Broken(
            "coo."
                + label
                + ".zones has "
                + n.coos
                + " PTR records, not one (RFC 9432 section 4.4.1)");
      }
      String earlier = labelOf.put(member, label);
      if (earlier != null) {
        return new Broken(
            "zone "
                + member
                + " is listed twice, by member nodes "
                + earlier
                + " and "
                + label
                + " (RFC 9432 section 4.1)");
      }
      List<String> groups = n.groups == null ? List.of() : List.copyOf(n.groups);
      members.put(member, new Member(member, label, groups, n.coo));
    }
    return new Valid(origin, zone.serial(), members);
  }

  private static Node node(Map<String, Node> nodes, String label) {
    return nodes.computeIfAbsent(label, k -> new Node());
  }

  private static String lower(String label) {
    return label.toLowerCase(Locale.ROOT);
  }
}
