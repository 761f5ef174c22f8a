package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.WireName;

/**
 * The name being looked up, SNAME in RFC 1034 section 4.3.2: the question name at first, then each
 * CNAME target or DNAME-synthesized name in turn. Holds the name as written (for the owner of
 * records in the response, so the client sees its own spelling) and lower-cased with label offsets
 * and suffix hashes (for lookups). Reused; {@link #set} copies.
 */
final class Sname {
  final byte[] written = new byte[WireName.MAX_LENGTH];
  final byte[] lower = new byte[WireName.MAX_LENGTH];
  int length;
  int labels;
  final int[] starts = new int[WireName.MAX_LABELS + 1];
  final int[] hashes = new int[WireName.MAX_LABELS + 1];

  /** The question name, as the query wrote it (message offset 12) and as parsed. */
  void setQuestion(Query q) {
    length = q.qnameLength();
    System.arraycopy(q.message(), 12, written, 0, length);
    System.arraycopy(q.qname(), 0, lower, 0, length);
    labels = q.labelCount();
    for (int i = 0; i < labels; i++) {
      starts[i] = q.labelStart(i);
    }
    for (int i = 0; i <= labels; i++) {
      hashes[i] = q.suffixHash(i);
    }
  }

  /** A well-formed uncompressed name at {@code src[off]}. */
  void set(byte[] src, int off) {
    int p = off;
    int len;
    int n = 0;
    while ((len = src[p] & 0xff) != 0) {
      starts[n++] = p - off;
      p += len + 1;
    }
    length = p + 1 - off;
    labels = n;
    System.arraycopy(src, off, written, 0, length);
    WireName.toLowerCase(src, off, lower, 0, length);
    int h = WireName.ROOT_HASH;
    hashes[n] = h;
    for (int i = n - 1; i >= 0; i--) {
      h = WireName.foldLabel(h, lower, starts[i]);
      hashes[i] = h;
    }
  }

  /** Makes this a copy of {@code o}. */
  void copyFrom(Sname o) {
    System.arraycopy(o.written, 0, written, 0, o.length);
    System.arraycopy(o.lower, 0, lower, 0, o.length);
    length = o.length;
    labels = o.labels;
    System.arraycopy(o.starts, 0, starts, 0, o.labels);
    System.arraycopy(o.hashes, 0, hashes, 0, o.labels + 1);
  }

  /** Where the suffix of the name that starts at label {@code i} begins (the root: i = labels). */
  int start(int i) {
    return i < labels ? starts[i] : length - 1;
  }

  /** Whether the name is the zone origin or below it (lower-cased origin, root included). */
  boolean isInZone(byte[] origin, int originLabels) {
    if (labels < originLabels) {
      return false;
    }
    // The last originLabels labels start at starts[labels - originLabels]; only a root origin (no
    // labels) has no entry there and is just the root label. Testing labels == originLabels here
    // instead made the apex itself look out of zone, so a CNAME or DNAME chain to the apex stopped
    // and NS/MX targets at the apex got no addresses (found by the Ferret conformance data).
    int start = originLabels == 0 ? length - 1 : starts[labels - originLabels];
    return length - start == origin.length
        && java.util.Arrays.equals(lower, start, length, origin, 0, origin.length);
  }
}
