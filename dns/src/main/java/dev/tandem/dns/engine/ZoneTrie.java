package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The zones served, by origin, as a persistent hash trie (a hash array mapped trie: Bagwell 2001,
 * as Clojure's and Scala's immutable maps): adding, replacing or removing one zone copies the few
 * nodes on the path to it, about five for a million zones, and shares the rest with the trie it
 * came from, so that a change costs the same with ten zones or a million. A lookup walks that path
 * without allocating: five bits of the origin's spread hash choose the child at each level; two
 * origins whose 32-bit hashes are equal share a {@link Collision} node.
 *
 * <p>Immutable; every method that changes returns a new trie.
 */
final class ZoneTrie {
  static final ZoneTrie EMPTY = new ZoneTrie(new Node(0, new Object[0]));

  /**
   * One zone: its origin in lower-case wire form, the spread hash of the origin, and whether it has
   * contents to answer from (else its snapshot is a placeholder and queries get SERVFAIL).
   */
  record Entry(byte[] origin, int hash, ZoneSnapshot zone, boolean available) {
    boolean is(int h, byte[] name, int start, int len) {
      return hash == h
          && origin.length == len
          && Arrays.equals(origin, 0, len, name, start, start + len);
    }
  }

  /** An inner node: a bitmap of the 32 children present and those children, in index order. */
  private record Node(int bitmap, Object[] children) {}

  /** Entries whose 32-bit hashes are equal (origins differ). */
  private record Collision(int hash, Entry[] entries) {}

  private final Node root;

  private ZoneTrie(Node root) {
    this.root = root;
  }

  private static int index(int hash, int shift) {
    return (hash >>> shift) & 31;
  }

  /** The entry of the origin {@code name[start, start + len)} of spread hash {@code h}, or null. */
  @Nullable Entry get(int h, byte[] name, int start, int len) {
    Object leaf = leaf(h);
    if (leaf instanceof Entry e) {
      return e.is(h, name, start, len) ? e : null;
    }
    if (leaf instanceof Collision c) {
      for (Entry e : c.entries) {
        if (e.is(h, name, start, len)) {
          return e;
        }
      }
    }
    return null;
  }

  /** Where the path of hash {@code h} ends: an entry, a collision, or null. */
  private @Nullable Object leaf(int h) {
    Object n = root;
    int shift = 0;
    while (n instanceof Node node) {
      int bit = 1 << index(h, shift);
      if ((node.bitmap & bit) == 0) {
        return null;
      }
      n = node.children[Integer.bitCount(node.bitmap & (bit - 1))];
      shift += 5;
    }
    return n;
  }

  /** This trie with {@code e}, replacing the entry of the same origin if there is one. */
  ZoneTrie with(Entry e) {
    return new ZoneTrie((Node) insert(root, e, 0));
  }

  /** This trie without the entry of {@code origin} (spread hash {@code h}), if there is one. */
  ZoneTrie without(int h, byte[] origin) {
    Object r = remove(root, h, origin, 0);
    return r == root ? this : new ZoneTrie(r == null ? EMPTY.root : asNode(r, 0));
  }

  /** Calls {@code action} for every entry, in no particular order. */
  void forEach(Consumer<Entry> action) {
    walk(root, action);
  }

  private static void walk(Object n, Consumer<Entry> action) {
    if (n instanceof Node node) {
      for (Object c : node.children) {
        walk(c, action);
      }
    } else if (n instanceof Entry e) {
      action.accept(e);
    } else {
      for (Entry e : ((Collision) n).entries) {
        action.accept(e);
      }
    }
  }

  private static Object insert(Object n, Entry e, int shift) {
    if (n instanceof Node node) {
      int bit = 1 << index(e.hash(), shift);
      int i = Integer.bitCount(node.bitmap & (bit - 1));
      if ((node.bitmap & bit) == 0) {
        Object[] c = new Object[node.children.length + 1];
        System.arraycopy(node.children, 0, c, 0, i);
        c[i] = e;
        System.arraycopy(node.children, i, c, i + 1, node.children.length - i);
        return new Node(node.bitmap | bit, c);
      }
      Object[] c = node.children.clone();
      c[i] = insert(c[i], e, shift + 5);
      return new Node(node.bitmap, c);
    }
    if (n instanceof Entry old) {
      if (old.is(e.hash(), e.origin(), 0, e.origin().length)) {
        return e;
      }
      if (old.hash() == e.hash()) {
        return new Collision(e.hash(), new Entry[] {old, e});
      }
      return split(old, old.hash(), e, shift);
    }
    Collision col = (Collision) n;
    if (col.hash() != e.hash()) {
      return split(col, col.hash(), e, shift);
    }
    Entry[] es = col.entries();
    for (int i = 0; i < es.length; i++) {
      if (es[i].is(e.hash(), e.origin(), 0, e.origin().length)) {
        Entry[] copy = es.clone();
        copy[i] = e;
        return new Collision(col.hash(), copy);
      }
    }
    Entry[] more = Arrays.copyOf(es, es.length + 1);
    more[es.length] = e;
    return new Collision(col.hash(), more);
  }

  /** A node holding {@code old} (an entry or collision of hash {@code oldHash}) and {@code e}. */
  private static Node split(Object old, int oldHash, Entry e, int shift) {
    int a = index(oldHash, shift);
    int b = index(e.hash(), shift);
    if (a == b) {
      return new Node(1 << a, new Object[] {split(old, oldHash, e, shift + 5)});
    }
    return a < b
        ? new Node((1 << a) | (1 << b), new Object[] {old, e})
        : new Node((1 << a) | (1 << b), new Object[] {e, old});
  }

  /** {@code n} without the origin; {@code n} itself if it has none, null if nothing is left. */
  private static @Nullable Object remove(Object n, int h, byte[] origin, int shift) {
    if (n instanceof Node node) {
      int bit = 1 << index(h, shift);
      if ((node.bitmap & bit) == 0) {
        return node;
      }
      int i = Integer.bitCount(node.bitmap & (bit - 1));
      Object child = node.children[i];
      Object left = remove(child, h, origin, shift + 5);
      if (left == child) {
        return node;
      }
      if (left == null) {
        if (node.children.length == 1) {
          return null;
        }
        Object[] c = new Object[node.children.length - 1];
        System.arraycopy(node.children, 0, c, 0, i);
        System.arraycopy(node.children, i + 1, c, i, node.children.length - i - 1);
        if (c.length == 1 && !(c[0] instanceof Node) && shift > 0) {
          return c[0]; // a lone entry moves up: lookups stay short
        }
        return new Node(node.bitmap & ~bit, c);
      }
      if (node.children.length == 1 && !(left instanceof Node) && shift > 0) {
        return left;
      }
      Object[] c = node.children.clone();
      c[i] = left;
      return new Node(node.bitmap, c);
    }
    if (n instanceof Entry e) {
      return e.is(h, origin, 0, origin.length) ? null : e;
    }
    Collision col = (Collision) n;
    Entry[] es = col.entries();
    for (int i = 0; i < es.length; i++) {
      if (es[i].is(h, origin, 0, origin.length)) {
        if (es.length == 2) {
          return es[1 - i];
        }
        Entry[] fewer = new Entry[es.length - 1];
        System.arraycopy(es, 0, fewer, 0, i);
        System.arraycopy(es, i + 1, fewer, i, es.length - i - 1);
        return new Collision(col.hash(), fewer);
      }
    }
    return col;
  }

  /** The root made of what is left of it: a node, whatever moved up into it. */
  private static Node asNode(Object n, int shift) {
    if (n instanceof Node node) {
      return node;
    }
    int h = n instanceof Entry e ? e.hash() : ((Collision) n).hash();
    return new Node(1 << index(h, shift), new Object[] {n});
  }
}
