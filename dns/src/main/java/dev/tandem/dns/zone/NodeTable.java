package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, packed table of nodes in canonical order (RFC 4034 section 6.1) with a hash index.
 *
 * <p>Owner names are stored relative to the zone origin (lower-cased labels, no origin and no root
 * label) back to back in one array; node contents ({@link EncodedNode}) likewise in another. A
 * million-name zone is thus a handful of arrays instead of millions of objects: this is where the
 * memory target (bytes per record well below Knot's) is met.
 *
 * <p>The hash index is open addressing with linear probing over {@code int} slots (node index + 1,
 * 0 for empty), sized to at most half full. Keys hash as absolute names (see {@link WireName}), so
 * a lookup takes the suffix hash the query path has already computed.
 */
final class NodeTable {
  final int originHash;
  final int size;
  private final byte[] names;
  private final int[] nameEnds;
  private final byte[] data;
  private final int dataLength;
  private final int[] dataStarts;
  private final int startsAt; // where node 0's start is in dataStarts: 0, or size when packed
  private final int @Nullable [] slots; // null: at most SCANNED nodes, found by comparing each
  private final int mask;

  /**
   * Tables of at most this many nodes keep no hash index: {@link #find} compares their names in
   * turn, as fast for so few. A catalog's member (its apex and a name or two below) so keeps no
   * eight-slot array: 48 bytes of each of 100,000 members. They are also packed: names and contents
   * in one byte array, name ends and content starts in one int array, 32 bytes less again.
   */
  static final int SCANNED = 4;

  static NodeTable empty(int originHash) {
    return new NodeTable(originHash, new byte[0], new int[0], new byte[0], 0, new int[0], 0);
  }

  /**
   * The overlay of contents that have none: one for every zone, as its origin hash is never read
   * (an overlay is built with its base's). Each small zone had its own: 160 bytes, a tenth of what
   * a catalog member costs in all.
   */
  static final NodeTable NO_OVERLAY = empty(0);

  /**
   * Takes ownership of the arrays (which may be longer than used): node {@code i} is named {@code
   * names[nameEnds[i-1] .. nameEnds[i])} and its contents run from {@code data[dataStarts[i]]} to
   * the next node's start ({@code dataLength} for the last); nodes must be in canonical order. A
   * table of at most {@link #SCANNED} nodes copies them into its packed pair instead.
   */
  NodeTable(
      int originHash,
      byte[] names,
      int[] nameEnds,
      byte[] data,
      int dataLength,
      int[] dataStarts,
      int size) {
    this.originHash = originHash;
    this.size = size;
    if (size <= SCANNED) {
      int namesLength = size == 0 ? 0 : nameEnds[size - 1];
      byte[] packed = Arrays.copyOf(names, namesLength + dataLength);
      System.arraycopy(data, 0, packed, namesLength, dataLength);
      int[] index = Arrays.copyOf(nameEnds, 2 * size);
      for (int i = 0; i < size; i++) {
        index[size + i] = namesLength + dataStarts[i];
      }
      this.names = packed;
      this.nameEnds = index;
      this.data = packed;
      this.dataLength = namesLength + dataLength;
      this.dataStarts = index;
      this.startsAt = size;
      this.slots = null;
      this.mask = 0;
      return;
    }
    this.names = names;
    this.nameEnds = nameEnds;
    this.data = data;
    this.dataLength = dataLength;
    this.dataStarts = dataStarts;
    this.startsAt = 0;
    int capacity = Integer.highestOneBit(size * 2 - 1) << 1;
    int[] slots = new int[capacity];
    this.slots = slots;
    this.mask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int start = nameStart(i);
      int h = WireName.hashRelative(originHash, names, start, nameEnds[i] - start);
      int s = WireName.spread(h) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = i + 1;
    }
  }

  /**
   * The index of the node named by the relative, lower-cased {@code key[off, off+len)} whose
   * absolute-name hash is {@code hash}, or -1.
   */
  int find(byte[] key, int off, int len, int hash) {
    int[] slots = this.slots;
    if (slots == null) {
      return scan(key, off, len); // a method of its own: find stays as small to inline as it was
    }
    int s = WireName.spread(hash) & mask;
    int e;
    while ((e = slots[s]) != 0) {
      int i = e - 1;
      if (named(i, key, off, len)) {
        return i;
      }
      s = (s + 1) & mask;
    }
    return -1;
  }

  /** {@link #find} in a table without a hash index: each name compared in turn. */
  private int scan(byte[] key, int off, int len) {
    for (int i = 0; i < size; i++) {
      if (named(i, key, off, len)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether node {@code i}'s relative name is {@code key[off, off+len)}, byte for byte. */
  private boolean named(int i, byte[] key, int off, int len) {
    int start = nameStart(i);
    int end = nameEnds[i];
    return end - start == len && Arrays.equals(names, start, end, key, off, off + len);
  }

  /** The index of the first node whose name is canonically at or after the key (may be size). */
  int ceiling(byte[] key, int off, int len) {
    int lo = 0;
    int hi = size;
    int[] sa = new int[WireName.MAX_LABELS];
    int[] sb = new int[WireName.MAX_LABELS];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int start = nameStart(mid);
      int c = WireName.compareCanonical(names, start, nameEnds[mid] - start, key, off, len, sa, sb);
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The index of the last node whose name is canonically at or before the key (-1 if none), with
   * the caller's scratch arrays (the query path allocates nothing).
   */
  int floor(byte[] key, int off, int len, int[] sa, int[] sb) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int start = nameStart(mid);
      int c = WireName.compareCanonical(names, start, nameEnds[mid] - start, key, off, len, sa, sb);
      if (c <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }

  byte[] names() {
    return names;
  }

  int nameStart(int i) {
    return i == 0 ? 0 : nameEnds[i - 1];
  }

  int nameLength(int i) {
    return nameEnds[i] - nameStart(i);
  }

  byte[] data() {
    return data;
  }

  int dataStart(int i) {
    return dataStarts[startsAt + i];
  }

  /** End of node {@code i}'s contents: nodes are packed back to back in index order. */
  int dataEnd(int i) {
    return i + 1 < size ? dataStarts[startsAt + i + 1] : dataLength;
  }

  /** Bytes held by this table's arrays, for memory accounting in tests and status. */
  long footprint() {
    if (startsAt > 0) {
      return names.length + 4L * nameEnds.length; // packed
    }
    return names.length
        + data.length
        + 4L * (nameEnds.length + dataStarts.length + (slots == null ? 0 : slots.length));
  }
}
