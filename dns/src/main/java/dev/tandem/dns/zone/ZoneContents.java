package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import org.jspecify.annotations.Nullable;

/**
 * The nodes of one zone version: a large packed base plus a small overlay of recent changes.
 *
 * <p>Why two layers: a secondary applying an IXFR of a few records to a million-record zone must
 * not rebuild the zone, and memory per record must stay low. The base ({@link NodeTable}) is
 * compact and immutable; it is never modified. A change produces a new overlay holding just the
 * changed nodes (and tombstones for removed ones), which lookups consult first. Building the new
 * overlay costs in proportion to the overlay, which stays bounded: once it passes {@link
 * #foldThreshold} it is folded into a new base. Both layers are immutable, so a version can be
 * published to the query path by one reference swap and read without locks.
 *
 * <p>Node handles: a base node {@code i} is {@code i}; an overlay node {@code j} is {@code -2 - j};
 * {@link #NOT_FOUND} is -1.
 */
public final class ZoneContents {
  public static final int NOT_FOUND = -1;

  private final NodeTable base;
  private final NodeTable overlay;

  /** Contents with no nodes at all (a placeholder; no zone is served with it). */
  public static ZoneContents empty() {
    return new ZoneContents(NodeTable.empty(WireName.ROOT_HASH), NodeTable.NO_OVERLAY);
  }

  ZoneContents(NodeTable base, NodeTable overlay) {
    this.base = base;
    this.overlay = overlay;
  }

  /**
   * Finds the live node named by the relative, lower-cased {@code key[off, off+len)} whose absolute
   * name hashes to {@code hash} (see {@link WireName#hashRelative}).
   */
  public int find(byte[] key, int off, int len, int hash) {
    if (overlay.size != 0) {
      int o = overlay.find(key, off, len, hash);
      if (o >= 0) {
        int start = overlay.dataStart(o);
        return (EncodedNode.flags(overlay.data(), start) & EncodedNode.TOMBSTONE) != 0
            ? NOT_FOUND
            : -2 - o;
      }
    }
    return base.find(key, off, len, hash);
  }

  /** The array holding the node's contents. */
  public byte[] data(int handle) {
    return handle >= 0 ? base.data() : overlay.data();
  }

  /** The offset of the node's contents in {@link #data}. */
  public int node(int handle) {
    return handle >= 0 ? base.dataStart(handle) : overlay.dataStart(-2 - handle);
  }

  /** The array holding the node's (relative, lower-cased) name. */
  public byte[] nameArray(int handle) {
    return handle >= 0 ? base.names() : overlay.names();
  }

  public int nameStart(int handle) {
    return handle >= 0 ? base.nameStart(handle) : overlay.nameStart(-2 - handle);
  }

  public int nameLength(int handle) {
    return handle >= 0 ? base.nameLength(handle) : overlay.nameLength(-2 - handle);
  }

  /**
   * The last live node canonically at or before the relative, lower-cased name {@code key[off,
   * off+len)} that holds an RRset of {@code type}, or {@link #NOT_FOUND}; a negative {@code len}
   * starts from the last node of the zone. This is how a denial of existence finds the NSEC or
   * NSEC3 record that covers a name: by binary search in the canonically ordered tables, walking
   * back over the nodes in between that lack the type (empty non-terminals, names below a
   * delegation).
   *
   * <p>With {@code childrenOfApex}, only names one label below the apex count (NSEC3 owners are
   * such names), and the subtree of any other child in the way is stepped over with one more
   * search, so a large subtree between two NSEC3 owners costs nothing. {@code sa} and {@code sb}
   * are the caller's scratch arrays of {@link WireName#MAX_LABELS}.
   */
  public int floorWith(
      byte[] key, int off, int len, int type, boolean childrenOfApex, int[] sa, int[] sb) {
    int b = len < 0 ? base.size - 1 : base.floor(key, off, len, sa, sb);
    int o = len < 0 ? overlay.size - 1 : overlay.floor(key, off, len, sa, sb);
    while (b >= 0 || o >= 0) {
      int c; // > 0: the base's node is later; < 0: the overlay's; 0: the same name
      if (o < 0) {
        c = 1;
      } else if (b < 0) {
        c = -1;
      } else {
        int bs = base.nameStart(b);
        int os = overlay.nameStart(o);
        c =
            WireName.compareCanonical(
                base.names(),
                bs,
                base.nameLength(b),
                overlay.names(),
                os,
                overlay.nameLength(o),
                sa,
                sb);
      }
      NodeTable t = c > 0 ? base : overlay;
      int i = c > 0 ? b : o;
      int start = t.nameStart(i);
      int nameLen = t.nameLength(i);
      if (childrenOfApex && nameLen > 0) {
        int labels = WireName.relativeLabelStarts(t.names(), start, nameLen, sa);
        if (labels > 1) {
          // Inside the subtree of some child of the apex: go straight to that child.
          int child = sa[labels - 1];
          int childLen = start + nameLen - child;
          byte[] names = t.names();
          b = base.floor(names, child, childLen, sa, sb);
          o = overlay.floor(names, child, childLen, sa, sb);
          continue;
        }
      }
      if (c >= 0) {
        b--;
      }
      if (c <= 0) {
        o--;
      }
      int node = t.dataStart(i);
      byte[] d = t.data();
      if ((EncodedNode.flags(d, node) & EncodedNode.TOMBSTONE) != 0
          || (childrenOfApex && nameLen == 0)) {
        continue;
      }
      if (EncodedNode.findRrset(d, node, type) >= 0) {
        return c > 0 ? i : -2 - i;
      }
    }
    return NOT_FOUND;
  }

  int originHash() {
    return base.originHash;
  }

  int overlaySize() {
    return overlay.size;
  }

  long footprint() {
    return base.footprint() + overlay.footprint();
  }

  /** The node of that name with its extent, or null if there is no live node. */
  @Nullable NodeSlice lookup(NameKey key) {
    int h = WireName.hashRelative(base.originHash, key.rel, 0, key.rel.length);
    int handle = find(key.rel, 0, key.rel.length, h);
    if (handle == NOT_FOUND) {
      return null;
    }
    if (handle >= 0) {
      return new NodeSlice(base.data(), base.dataStart(handle), base.dataEnd(handle));
    }
    int j = -2 - handle;
    return new NodeSlice(overlay.data(), overlay.dataStart(j), overlay.dataEnd(j));
  }

  /** A node's contents in some array. */
  record NodeSlice(byte[] data, int start, int end) {}

  /**
   * Whether some live name lies strictly below {@code key}, taking {@code pending} (changes not yet
   * applied: encoded nodes, tombstones included) before the overlay and the overlay before the
   * base. Descendants follow their ancestor immediately in canonical order, so it is enough to find
   * the first live name after {@code key}; tombstones in the way are skipped.
   */
  boolean hasLiveDescendant(NameKey key, NavigableMap<NameKey, byte[]> pending) {
    MergedCursor c = new MergedCursor(key, pending);
    while (c.advance()) {
      if (!WireName.isAtOrBelow(c.name, c.nameOff, c.nameLen, key.rel, 0, key.rel.length)) {
        return false;
      }
      if (!c.isTombstone()) {
        return true;
      }
    }
    return false;
  }

  /** Iterates the live nodes in canonical order. */
  Cursor cursor() {
    return new Cursor();
  }

  /** A forward iterator over live nodes: name bytes and contents, in canonical order. */
  final class Cursor {
    private final MergedCursor merged = new MergedCursor(null, null);

    /** Moves to the next live node; false at the end. */
    boolean next() {
      while (merged.advance()) {
        if (!merged.isTombstone()) {
          return true;
        }
      }
      return false;
    }

    byte[] nameArray() {
      return merged.name;
    }

    int nameOffset() {
      return merged.nameOff;
    }

    int nameLength() {
      return merged.nameLen;
    }

    byte[] dataArray() {
      return merged.data;
    }

    int dataStart() {
      return merged.dataStart;
    }

    int dataEnd() {
      return merged.dataEnd;
    }
  }

  /**
   * Walks base, overlay and (optionally) pending changes together in canonical order, the newest
   * layer winning for equal names; tombstones are reported, not skipped.
   */
  private final class MergedCursor {
    private int b;
    private int o;
    private final @Nullable Iterator<Map.Entry<NameKey, byte[]>> p;
    private Map.@Nullable Entry<NameKey, byte[]> pHead;
    // Made at the first comparison of two layers' names: a zone without an overlay (a transferred
    // one) needs none, and each catalog member's first version is walked more than once (its RRset
    // sizes checked, its records stored): 1 KB of garbage a walk.
    private int @Nullable [] sa;
    private int @Nullable [] sb;

    byte[] name = new byte[0];
    int nameOff;
    int nameLen;
    byte[] data = new byte[0];
    int dataStart;
    int dataEnd;

    /** Starts strictly after {@code after}, or at the beginning when it is null. */
    MergedCursor(@Nullable NameKey after, @Nullable NavigableMap<NameKey, byte[]> pending) {
      if (after == null) {
        b = 0;
        o = 0;
      } else {
        b = base.ceiling(after.rel, 0, after.rel.length);
        if (b < base.size && equalsName(base, b, after)) {
          b++;
        }
        o = overlay.ceiling(after.rel, 0, after.rel.length);
        if (o < overlay.size && equalsName(overlay, o, after)) {
          o++;
        }
      }
      if (pending == null) {
        p = null;
      } else {
        p = (after == null ? pending : pending.tailMap(after, false)).entrySet().iterator();
        pHead = p.hasNext() ? p.next() : null;
      }
    }

    private boolean equalsName(NodeTable t, int i, NameKey k) {
      int s = t.nameStart(i);
      return java.util.Arrays.equals(t.names(), s, s + t.nameLength(i), k.rel, 0, k.rel.length);
    }

    boolean advance() {
      // The smallest head wins; among equal heads the newest layer (pending, overlay, base).
      int source = -1; // 0 base, 1 overlay, 2 pending
      byte[] n = name;
      int nOff = 0;
      int nLen = 0;
      if (b < base.size) {
        source = 0;
        n = base.names();
        nOff = base.nameStart(b);
        nLen = base.nameLength(b);
      }
      if (o < overlay.size) {
        int s = overlay.nameStart(o);
        int l = overlay.nameLength(o);
        if (source < 0 || compare(overlay.names(), s, l, n, nOff, nLen) <= 0) {
          source = 1;
          n = overlay.names();
          nOff = s;
          nLen = l;
        }
      }
      Map.Entry<NameKey, byte[]> ph = pHead;
      if (ph != null) {
        byte[] rel = ph.getKey().rel;
        if (source < 0 || compare(rel, 0, rel.length, n, nOff, nLen) <= 0) {
          source = 2;
          n = rel;
          nOff = 0;
          nLen = rel.length;
        }
      }
      switch (source) {
        case 0 -> setData(base.data(), base.dataStart(b), base.dataEnd(b));
        case 1 -> setData(overlay.data(), overlay.dataStart(o), overlay.dataEnd(o));
        case 2 -> {
          byte[] v = java.util.Objects.requireNonNull(ph).getValue();
          setData(v, 0, v.length);
        }
        default -> {
          return false;
        }
      }
      // Step past this name in every layer that has it.
      if (b < base.size && sameName(base, b, n, nOff, nLen)) {
        b++;
      }
      if (o < overlay.size && sameName(overlay, o, n, nOff, nLen)) {
        o++;
      }
      if (ph != null
          && java.util.Arrays.equals(
              ph.getKey().rel, 0, ph.getKey().rel.length, n, nOff, nOff + nLen)) {
        pHead = p != null && p.hasNext() ? p.next() : null;
      }
      name = n;
      nameOff = nOff;
      nameLen = nLen;
      return true;
    }

    private boolean sameName(NodeTable t, int i, byte[] n, int nOff, int nLen) {
      int s = t.nameStart(i);
      return t.nameLength(i) == nLen
          && java.util.Arrays.equals(t.names(), s, s + nLen, n, nOff, nOff + nLen);
    }

    private int compare(byte[] x, int xo, int xl, byte[] y, int yo, int yl) {
      int[] a = sa;
      int[] b = sb;
      if (a == null || b == null) {
        sa = a = new int[WireName.MAX_LABELS];
        sb = b = new int[WireName.MAX_LABELS];
      }
      return WireName.compareCanonical(x, xo, xl, y, yo, yl, a, b);
    }

    private void setData(byte[] d, int start, int end) {
      data = d;
      dataStart = start;
      dataEnd = end;
    }

    boolean isTombstone() {
      return (EncodedNode.flags(data, dataStart) & EncodedNode.TOMBSTONE) != 0;
    }
  }

  /**
   * Returns the contents with {@code changes} (encoded nodes; tombstones for removals) applied:
   * merged into a new overlay, or, when that would pass the fold threshold, folded with the base
   * into a new base.
   */
  ZoneContents withChanges(NavigableMap<NameKey, byte[]> changes) {
    int merged = overlay.size + changes.size();
    if (merged > foldThreshold(base.size)) {
      return fold(changes);
    }
    NodeTableWriter w = new NodeTableWriter(merged, overlay.data().length + 64 * changes.size());
    Iterator<Map.Entry<NameKey, byte[]>> it = changes.entrySet().iterator();
    Map.Entry<NameKey, byte[]> head = it.hasNext() ? it.next() : null;
    int[] sa = new int[WireName.MAX_LABELS];
    int[] sb = new int[WireName.MAX_LABELS];
    for (int i = 0; i < overlay.size; i++) {
      int s = overlay.nameStart(i);
      int l = overlay.nameLength(i);
      while (head != null) {
        byte[] rel = head.getKey().rel;
        int c = WireName.compareCanonical(rel, 0, rel.length, overlay.names(), s, l, sa, sb);
        if (c > 0) {
          break;
        }
        w.add(rel, 0, rel.length, head.getValue(), 0, head.getValue().length);
        head = it.hasNext() ? it.next() : null;
        if (c == 0) {
          s = -1; // replaced
          break;
        }
      }
      if (s >= 0) {
        w.add(
            overlay.names(),
            s,
            l,
            overlay.data(),
            overlay.dataStart(i),
            overlay.dataEnd(i) - overlay.dataStart(i));
      }
    }
    while (head != null) {
      byte[] rel = head.getKey().rel;
      w.add(rel, 0, rel.length, head.getValue(), 0, head.getValue().length);
      head = it.hasNext() ? it.next() : null;
    }
    return new ZoneContents(base, w.build(base.originHash));
  }

  /** Folds base, overlay and the changes into a new base with an empty overlay. */
  private ZoneContents fold(NavigableMap<NameKey, byte[]> changes) {
    NodeTableWriter w = new NodeTableWriter(base.size + changes.size(), base.data().length);
    MergedCursor c = new MergedCursor(null, changes);
    while (c.advance()) {
      if (!c.isTombstone()) {
        w.add(c.name, c.nameOff, c.nameLen, c.data, c.dataStart, c.dataEnd - c.dataStart);
      }
    }
    return new ZoneContents(w.build(base.originHash), NodeTable.NO_OVERLAY);
  }

  /**
   * How large the overlay may grow before it is folded: big enough that folding (which costs in
   * proportion to the zone) happens rarely, small enough that copying the overlay on each change
   * stays cheap next to the network round trips of a transfer.
   */
  static int foldThreshold(int baseSize) {
    return Math.max(1024, Math.min(baseSize / 16, 65_536));
  }
}
