package dev.tandem.control.catalog;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
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
  private static final Name GROUP = Name.fromConstantString("group");
  private static final Name COO = Name.fromConstantString("coo");

  private CatalogZone() {}

  /** What reading a catalog gave. */
  public sealed interface Reading permits Valid, Broken {}

  /**
   * A catalog to act on.
   *
   * @param catalog the catalog zone
   * @param serial the serial of the version read
   * @param members its members by zone name
   * @param changed when read against an earlier version ({@link #readChanged}), the member zones
   *     whose entries may differ from it (those listed at the nodes the changes touched, then or
   *     now); null when read whole
   */
  public record Valid(
      Name catalog, long serial, Map<Name, Member> members, @Nullable Set<Name> changed)
      implements Reading {
    public Valid {
      members = MemberMap.of(members);
      changed = changed == null ? null : Set.copyOf(changed);
    }

    /** A catalog read whole. */
    public Valid(Name catalog, long serial, Map<Name, Member> members) {
      this(catalog, serial, members, null);
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

  /** The catalog's {@code version} and {@code zones} nodes. */
  private record Names(Name version, Name zones) {
    /** Those of catalog {@code origin}, or null if its name is too long to have them. */
    static @Nullable Names of(Name origin) {
      try {
        return new Names(Name.concatenate(VERSION, origin), Name.concatenate(ZONES, origin));
      } catch (NameTooLongException e) {
        return null;
      }
    }
  }

  /** Reads {@code zone} as a catalog. */
  public static Reading read(ZoneSnapshot zone) {
    Name origin = zone.origin();
    Names names = Names.of(origin);
    if (names == null) {
      return new Broken("the catalog's name is too long for its version and zones names");
    }
    Name version = names.version();
    Name zones = names.zones();
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
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      if (e.getValue().zone == null) {
        continue; // properties of no member: ignored
      }
      Broken broken = member(e.getValue(), e.getKey(), z -> null, members);
      if (broken != null) {
        return broken;
      }
    }
    return new Valid(origin, zone.serial(), members);
  }

  /**
   * Reads {@code zone} as a catalog when {@code changes} lead to it from {@code before}, the
   * version last read: only the member nodes the changes touch are read again, the others are as in
   * {@code before} (a one-member change of a 1,000,000-member catalog read every member again). The
   * result is what {@link #read} gives; a change to the version property reads the whole catalog.
   */
  public static Reading readChanged(ZoneSnapshot zone, Valid before, List<ZoneDiff> changes) {
    Name origin = zone.origin();
    Names names = Names.of(origin);
    if (names == null) {
      return read(zone); // says why
    }
    Name version = names.version();
    Name zones = names.zones();
    int zonesLabels = zones.labels();
    Map<String, Name> touched = new HashMap<>(); // member node label -> the node's name
    for (ZoneDiff d : changes) {
      for (List<Record> side : List.of(d.removed(), d.added())) {
        for (Record r : side) {
          Name owner = r.getName();
          if (owner.equals(version)) {
            return read(zone);
          }
          if (!owner.subdomain(zones) || owner.labels() == zonesLabels) {
            continue;
          }
          int below = owner.labels() - zonesLabels;
          if (below <= 2) {
            Name node = below == 1 ? owner : new Name(owner, 1);
            touched.put(lower(node.getLabelString(0)), node);
          }
        }
      }
    }
    if (touched.isEmpty()) {
      return new Valid(origin, zone.serial(), before.members(), Set.of());
    }
    // The members at the nodes touched are read again below, if still listed; the rest are kept
    // as they were, not copied (MemberMap).
    MemberMap earlier = MemberMap.of(before.members());
    Set<Name> dropped = new HashSet<>();
    for (Member m : earlier.values()) {
      if (touched.containsKey(m.label())) {
        dropped.add(m.zone());
      }
    }
    Map<Name, Member> members = new HashMap<>(); // those read again
    Set<Name> changed = new HashSet<>(dropped);
    for (Map.Entry<String, Name> e : touched.entrySet()) {
      String label = e.getKey();
      Node n = new Node();
      for (Record r : zone.recordsAt(e.getValue())) {
        if (r instanceof PTRRecord ptr && n.zones++ == 0) {
          n.zone = ptr.getTarget();
        }
      }
      if (n.zone == null) {
        continue; // removed, or properties of no member
      }
      for (Name property : List.of(GROUP, COO)) {
        Name at;
        try {
          at = Name.concatenate(property, e.getValue());
        } catch (NameTooLongException x) {
          continue;
        }
        for (Record r : zone.recordsAt(at)) {
          if (property == GROUP && r instanceof TXTRecord txt) {
            if (n.groups == null) {
              n.groups = new TreeSet<>();
            }
            n.groups.add(String.join("", txt.getStrings()));
          } else if (property == COO && r instanceof PTRRecord coo && n.coos++ == 0) {
            n.coo = coo.getTarget();
          }
        }
      }
      Broken broken = member(n, label, z -> dropped.contains(z) ? null : earlier.get(z), members);
      if (broken != null) {
        return broken;
      }
      changed.add(java.util.Objects.requireNonNull(n.zone));
    }
    return new Valid(origin, zone.serial(), earlier.with(dropped, members), changed);
  }

  /**
   * Adds node {@code n}'s member, labelled {@code label}, to {@code members}; or says why the
   * catalog is broken (the rules of section 4.1 and 4.4.1). A zone is listed already if {@code
   * members} has it or {@code listed} gives its member (the nodes a change did not touch).
   */
  private static @Nullable Broken member(
      Node n,
      String label,
      java.util.function.Function<Name, @Nullable Member> listed,
      Map<Name, Member> members) {
    Name member = java.util.Objects.requireNonNull(n.zone);
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
    Member earlier = members.get(member);
    if (earlier == null) {
      earlier = listed.apply(member);
    }
    if (earlier != null) {
      return new Broken(
          "zone "
              + member
              + " is listed twice, by member nodes "
              + earlier.label()
              + " and "
              + label
              + " (RFC 9432 section 4.1)");
    }
    List<String> groups = n.groups == null ? List.of() : List.copyOf(n.groups);
    members.put(member, new Member(member, label, groups, n.coo));
    return null;
  }

  private static Node node(Map<String, Node> nodes, String label) {
    return nodes.computeIfAbsent(label, k -> new Node());
  }

  private static String lower(String label) {
    return label.toLowerCase(Locale.ROOT);
  }
}
