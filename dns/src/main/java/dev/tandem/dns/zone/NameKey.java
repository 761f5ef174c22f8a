package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A relative owner name (lower-cased labels, no origin, no root label) as a map key, ordered
 * canonically. Used where a change touches a few names; the bulk paths work on packed arrays.
 */
final class NameKey implements Comparable<NameKey> {
  final byte[] rel;
  private byte @Nullable [] sortKey;

  NameKey(byte[] rel) {
    this.rel = rel;
  }

  /** The canonical sort key (see {@link #appendSortKey}), computed once: maps compare often. */
  private byte[] sortKey() {
    byte[] k = sortKey;
    if (k == null) {
      GrowableBytes out = new GrowableBytes(rel.length + 8);
      appendSortKey(rel, 0, rel.length, new int[WireName.MAX_LABELS], out);
      k = out.toArray();
      sortKey = k;
    }
    return k;
  }

  /**
   * Appends the sort key of the relative name {@code names[start, start+len)}: its labels reversed,
   * each escaped (0x00 and 0x01 become 0x01 0x01 and 0x01 0x02) and terminated by 0x00, so that
   * comparing two keys as unsigned bytes orders the names as RFC 4034 section 6.1 does (the
   * terminator sorts below every label byte, so a label before its extensions).
   */
  static void appendSortKey(byte[] names, int start, int len, int[] starts, GrowableBytes out) {
    int n = WireName.relativeLabelStarts(names, start, len, starts);
    for (int l = n - 1; l >= 0; l--) {
      int p = starts[l];
      int labelLength = names[p] & 0xff;
      for (int i = p + 1; i <= p + labelLength; i++) {
        int b = names[i] & 0xff;
        if (b <= 1) {
          out.write(1);
          out.write(b + 1);
        } else {
          out.write(b);
        }
      }
      out.write(0);
    }
  }

  /** The key of the parent name, or null for the apex (the empty relative name). */
  @org.jspecify.annotations.Nullable
  NameKey parent() {
    if (rel.length == 0) {
      return null;
    }
    int first = (rel[0] & 0xff) + 1;
    return new NameKey(Arrays.copyOfRange(rel, first, rel.length));
  }

  boolean isApex() {
    return rel.length == 0;
  }

  @Override
  public int compareTo(NameKey o) {
    return Arrays.compareUnsigned(sortKey(), o.sortKey());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NameKey k && Arrays.equals(rel, k.rel);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rel);
  }

  @Override
  public String toString() {
    byte[] abs = Arrays.copyOf(rel, rel.length + 1);
    return rel.length == 0 ? "@" : WireName.toText(abs, 0);
  }
}
