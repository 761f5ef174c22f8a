package dev.tandem.control.catalog;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A catalog version's members, immutable, made from the version before by the few entries a change
 * touched: the members as last read whole (a compact {@link Map#copyOf} table, 16 bytes an entry)
 * and the entries changed since, removals included, in a small map beside it. Copying the whole map
 * for each change cost a catalog of 100,000 members 150-240 ms a change (two copies, and a
 * collection for the second's table); now a change costs what it touches, and the entries changed
 * are folded into a new table once they reach an eighth of it.
 */
final class MemberMap extends AbstractMap<Name, CatalogZone.Member> {
  /** Changed entries folded into the table at the latest when they reach this share of it. */
  private static final int FOLD_DIVISOR = 8;

  /** ... but not before this many: a small catalog is not copied again at each change. */
  private static final int FOLD_MIN = 64;

  private final Map<Name, CatalogZone.Member> table;
  // Member, or null for a member the table has that is gone.
  private final Map<Name, CatalogZone.@Nullable Member> changed;
  private final int size;

  private MemberMap(
      Map<Name, CatalogZone.Member> table,
      Map<Name, CatalogZone.@Nullable Member> changed,
      int size) {
    this.table = table;
    this.changed = changed;
    this.size = size;
  }

  /** {@code members} as a MemberMap: itself if it is one, else a copy. */
  static MemberMap of(Map<Name, CatalogZone.Member> members) {
    return members instanceof MemberMap m
        ? m
        : new MemberMap(Map.copyOf(members), Map.of(), members.size());
  }

  /**
   * These members without {@code removed} and with {@code added} (a zone in both is replaced): a
   * new map, this one unchanged.
   */
  MemberMap with(Set<Name> removed, Map<Name, CatalogZone.Member> added) {
    Map<Name, CatalogZone.@Nullable Member> next = new HashMap<>(changed);
    int n = size;
    for (Name z : removed) {
      if (get(z) != null) {
        n--;
      }
      if (table.containsKey(z)) {
        next.put(z, null);
      } else {
        next.remove(z);
      }
    }
    for (Map.Entry<Name, CatalogZone.Member> e : added.entrySet()) {
      Name z = e.getKey();
      if (removed.contains(z) || get(z) == null) {
        n++;
      }
      next.put(z, e.getValue());
    }
    MemberMap m = new MemberMap(table, next, n);
    if (next.size() >= Math.max(FOLD_MIN, table.size() / FOLD_DIVISOR)) {
      return new MemberMap(Map.copyOf(m), Map.of(), n);
    }
    return m;
  }

  @Override
  public CatalogZone.@Nullable Member get(Object key) {
    if (changed.containsKey(key)) {
      return changed.get(key);
    }
    return table.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<Name, CatalogZone.Member>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<Name, CatalogZone.Member>> iterator() {
        return new Entries();
      }
    };
  }

  /** The table's entries not changed since, then the changed ones still members. */
  private final class Entries implements Iterator<Map.Entry<Name, CatalogZone.Member>> {
    private final Iterator<Map.Entry<Name, CatalogZone.Member>> fromTable =
        table.entrySet().iterator();
    private final Iterator<Map.Entry<Name, CatalogZone.@Nullable Member>> fromChanged =
        changed.entrySet().iterator();
    private Map.@Nullable Entry<Name, CatalogZone.Member> next = advance();

    private Map.@Nullable Entry<Name, CatalogZone.Member> advance() {
      while (fromTable.hasNext()) {
        Map.Entry<Name, CatalogZone.Member> e = fromTable.next();
        if (!changed.containsKey(e.getKey())) {
          return e;
        }
      }
      while (fromChanged.hasNext()) {
        Map.Entry<Name, CatalogZone.@Nullable Member> e = fromChanged.next();
        CatalogZone.Member m = e.getValue();
        if (m != null) {
          return Map.entry(e.getKey(), m);
        }
      }
      return null;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<Name, CatalogZone.Member> next() {
      Map.Entry<Name, CatalogZone.Member> e = next;
      if (e == null) {
        throw new NoSuchElementException();
      }
      next = advance();
      return e;
    }
  }
}
