package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.WireName;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * The zones being served, as one immutable value: a query reads it once (one volatile read of the
 * holder) and uses it to the end. Changing a zone makes a new value; the old one stays valid for
 * the queries still using it.
 *
 * <p>Finding the zone for a name is one probe of a persistent hash trie ({@link ZoneTrie}) per
 * suffix of the name, longest first, using the suffix hashes {@link Query} computed while parsing.
 * A change (a zone added, replaced, removed, made unavailable) copies a handful of trie nodes, not
 * the whole table: a node serving a million zones, and taking thousands of new ones from a catalog,
 * pays the same per change as one serving ten.
 */
public final class ServedZones {
  public static final ServedZones EMPTY = new ServedZones(ZoneTrie.EMPTY, 0, new int[0], 0);

  private final ZoneTrie trie;
  private final int size;

  /** How many origins have each label count (root not counted); trailing zeros trimmed. */
  private final int[] depths;

  private final int maxLabels;

  private ServedZones(ZoneTrie trie, int size, int[] depths, int maxLabels) {
    this.trie = trie;
    this.size = size;
    this.depths = depths;
    this.maxLabels = maxLabels;
  }

  /** The given zones; a later zone with the same origin replaces an earlier one. */
  public static ServedZones of(Collection<ZoneSnapshot> zones) {
    ServedZones s = EMPTY;
    for (ZoneSnapshot z : zones) {
      s = s.with(z);
    }
    return s;
  }

  /** These zones with {@code zone} added, or replacing (and making available) the same origin. */
  public ServedZones with(ZoneSnapshot zone) {
    return put(zone.origin(), zone.originWire(), WireName.spread(zone.originHash()), zone);
  }

  /**
   * These zones with {@code origin} configured but not served: its queries are answered SERVFAIL
   * until {@link #with} brings contents. One shared placeholder stands for every such zone, so that
   * its names still find it and get SERVFAIL rather than REFUSED, at the cost of its origin alone
   * (a catalog's thousands of new members wait so for their first transfer).
   */
  public ServedZones withUnavailable(Name origin) {
    byte[] wire = origin.toWireCanonical();
    return put(origin, wire, WireName.spread(WireName.hash(wire, 0)), UNAVAILABLE);
  }

  private ServedZones put(Name name, byte[] origin, int h, ZoneSnapshot zone) {
    ZoneTrie.Entry old = trie.get(h, origin, 0, origin.length);
    ZoneTrie.Entry e = new ZoneTrie.Entry(origin, h, zone, zone != UNAVAILABLE);
    int labels = name.labels() - 1;
    int[] d = depths;
    int max = maxLabels;
    if (old == null) {
      d = Arrays.copyOf(depths, Math.max(depths.length, labels + 1));
      d[labels]++;
      max = Math.max(max, labels);
    }
    return new ServedZones(trie.with(e), size + (old == null ? 1 : 0), d, max);
  }

  /** These zones without the zone {@code origin}. */
  public ServedZones without(Name origin) {
    byte[] wire = origin.toWireCanonical();
    int h = WireName.spread(WireName.hash(wire, 0));
    ZoneTrie.Entry old = trie.get(h, wire, 0, wire.length);
    if (old == null) {
      return this;
    }
    int labels = origin.labels() - 1;
    int[] d = depths.clone();
    d[labels]--;
    int max = maxLabels;
    while (max > 0 && d[max] == 0) {
      max--;
    }
    return new ServedZones(
        trie.without(h, wire), size - 1, Arrays.copyOf(d, Math.min(d.length, max + 1)), max);
  }

  /** What {@link #find} gives for a zone configured but not served (see {@link #isAvailable}). */
  private static final ZoneSnapshot UNAVAILABLE = placeholder(Name.root);

  private static ZoneSnapshot placeholder(Name origin) {
    ZoneBuilder b = new ZoneBuilder(origin);
    b.add(new SOARecord(origin, DClass.IN, 0, origin, origin, 0, 0, 0, 0, 0));
    return b.build();
  }

  private ZoneTrie.@Nullable Entry entry(Name origin) {
    byte[] wire = origin.toWireCanonical();
    return trie.get(WireName.spread(WireName.hash(wire, 0)), wire, 0, wire.length);
  }

  /** The served contents of {@code origin}, or null if it is unknown or unavailable. */
  public @Nullable ZoneSnapshot get(Name origin) {
    ZoneTrie.Entry e = entry(origin);
    return e == null || !e.available() ? null : e.zone();
  }

  /**
   * Whether {@code zone}, as returned by {@link #find}, has contents to answer from: one reference
   * comparison.
   */
  public boolean isAvailable(ZoneSnapshot zone) {
    return zone != UNAVAILABLE;
  }

  /** Whether {@code origin} is configured here, with or without contents. */
  public boolean isConfigured(Name origin) {
    return entry(origin) != null;
  }

  /** All available zones, ordered by origin. */
  public List<ZoneSnapshot> all() {
    List<ZoneSnapshot> list = new ArrayList<>(size);
    trie.forEach(
        e -> {
          if (e.available()) {
            list.add(e.zone());
          }
        });
    list.sort(Comparator.comparing(ZoneSnapshot::origin));
    return list;
  }

  public int size() {
    return size;
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
      ZoneTrie.Entry e = trie.get(WireName.spread(q.suffixHash(i)), qname, start, qlen - start);
      if (e != null) {
        return e.zone();
      }
    }
    return null;
  }
}
