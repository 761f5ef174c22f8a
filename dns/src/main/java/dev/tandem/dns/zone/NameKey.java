package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.util.Arrays;

/**
 * A relative owner name (lower-cased labels, no origin, no root label) as a map key, ordered
 * canonically. Used where a change touches a few names; the bulk paths work on packed arrays.
 */
final class NameKey implements Comparable<NameKey> {
  final byte[] rel;

  NameKey(byte[] rel) {
    this.rel = rel;
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
    return WireName.compareCanonical(rel, 0, rel.length, o.rel, 0, o.rel.length);
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
