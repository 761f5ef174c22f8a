package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.WireName;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * The zones being served, as one immutable value: a query reads it once (one volatile read of the
 * holder) and uses it to the end. Changing a zone makes a new value; the old one stays valid for
 * the queries still using it.
 *
 * <p>Finding the zone for a name is one hash probe per suffix of the name, longest first, using the
 * suffix hashes {@link Query} computed while parsing.
 */
public final class ServedZones {
  public static final ServedZones EMPTY = new ServedZones(List.of(), Set.of());

  private final ZoneSnapshot[] zones;
  private final byte[][] origins;
  private final int[] slots;
  private final int mask;
  private final int maxLabels;
  private final Map<Name, ZoneSnapshot> byName;

  /**
   * Zones configured here but with nothing to serve: a secondary that has not completed its first
   * transfer, or whose EXPIRE passed. Each has a placeholder snapshot (just an SOA) so that its
   * names still find it, and queries get SERVFAIL rather than REFUSED.
   */
  private final Set<ZoneSnapshot> unavailable;

  private ServedZones(Collection<ZoneSnapshot> all, Set<ZoneSnapshot> unavailable) {
    this.unavailable = unavailable;
    zones = all.toArray(new ZoneSnapshot[0]);
    origins = new byte[zones.length][];
    int capacity = Integer.highestOneBit(Math.max(4, zones.length * 2 - 1)) << 1;
    slots = new int[capacity];
    mask = capacity - 1;
    int deepest = 0;
    Map<Name, ZoneSnapshot> names = new LinkedHashMap<>();
    for (int i = 0; i < zones.length; i++) {
      origins[i] = zones[i].originWire();
      deepest = Math.max(deepest, zones[i].origin().labels() - 1);
      names.put(zones[i].origin(), zones[i]);
      int s = WireName.spread(zones[i].originHash()) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = i + 1;
    }
    maxLabels = deepest;
    byName = names;
  }

  /** The given zones; a later zone with the same origin replaces an earlier one. */
  public static ServedZones of(Collection<ZoneSnapshot> zones) {
    Map<Name, ZoneSnapshot> unique = new LinkedHashMap<>();
    for (ZoneSnapshot z : zones) {
      unique.put(z.origin(), z);
    }
    return new ServedZones(unique.values(), Set.of());
  }

  /** These zones with {@code zone} added, or replacing (and making available) the same origin. */
  public ServedZones with(ZoneSnapshot zone) {
    Map<Name, ZoneSnapshot> copy = new LinkedHashMap<>(byName);
    ZoneSnapshot old = copy.put(zone.origin(), zone);
    return new ServedZones(copy.values(), unavailableWithout(old));
  }

  /**
   * These zones with {@code origin} configured but not served: its queries are answered SERVFAIL
   * until {@link #with} brings contents.
   */
  public ServedZones withUnavailable(Name origin) {
    Map<Name, ZoneSnapshot> copy = new LinkedHashMap<>(byName);
    ZoneSnapshot placeholder = placeholder(origin);
    ZoneSnapshot old = copy.put(origin, placeholder);
    Set<ZoneSnapshot> marked = Collections.newSetFromMap(new IdentityHashMap<>());
    marked.addAll(unavailableWithout(old));
    marked.add(placeholder);
    return new ServedZones(copy.values(), marked);
  }

  /** These zones without the zone {@code origin}. */
  public ServedZones without(Name origin) {
    Map<Name, ZoneSnapshot> copy = new LinkedHashMap<>(byName);
    ZoneSnapshot old = copy.remove(origin);
    return new ServedZones(copy.values(), unavailableWithout(old));
  }

  private Set<ZoneSnapshot> unavailableWithout(@Nullable ZoneSnapshot old) {
    if (old == null || !unavailable.contains(old)) {
      return unavailable;
    }
    Set<ZoneSnapshot> rest = Collections.newSetFromMap(new IdentityHashMap<>());
    rest.addAll(unavailable);
    rest.remove(old);
    return rest;
  }

  private static ZoneSnapshot placeholder(Name origin) {
    ZoneBuilder b = new ZoneBuilder(origin);
    b.add(new SOARecord(origin, DClass.IN, 0, origin, origin, 0, 0, 0, 0, 0));
    return b.build();
  }

  /** The served contents of {@code origin}, or null if it is unknown or unavailable. */
  public @Nullable ZoneSnapshot get(Name origin) {
    ZoneSnapshot z = byName.get(origin);
    return z == null || unavailable.contains(z) ? null : z;
  }

  /**
   * Whether {@code zone}, as returned by {@link #find}, has contents to answer from. Cheap enough
   * for every query: a field test unless some zone is unavailable.
   */
  public boolean isAvailable(ZoneSnapshot zone) {
    return unavailable.isEmpty() || !unavailable.contains(zone);
  }

  /** Whether {@code origin} is configured here, with or without contents. */
  public boolean isConfigured(Name origin) {
    return byName.containsKey(origin);
  }

  /** All available zones, ordered by origin. */
  public List<ZoneSnapshot> all() {
    List<ZoneSnapshot> list = new ArrayList<>(byName.values());
    list.removeIf(z -> !isAvailable(z));
    list.sort(Comparator.comparing(ZoneSnapshot::origin));
    return list;
  }

  public int size() {
    return zones.length;
  }

  /**
   * The zone whose origin is the longest suffix of the question name that starts at label {@code
   * fromLabel} or further right (0 for the whole name), or null.
   */
  public @Nullable ZoneSnapshot find(Query q, int fromLabel) {
    int labels = q.labelCount();
    byte[] qname = q.qname();
    int qlen = q.qnameLength();
    for (int i = Math.max(fromLabel, labels - maxLabels); i <= labels; i++) {
      int start = i == labels ? qlen - 1 : q.labelStart(i);
      int s = WireName.spread(q.suffixHash(i)) & mask;
      int e;
      while ((e = slots[s]) != 0) {
        byte[] o = origins[e - 1];
        if (o.length == qlen - start && Arrays.equals(o, 0, o.length, qname, start, qlen)) {
          return zones[e - 1];
        }
        s = (s + 1) & mask;
      }
    }
    return null;
  }
}
