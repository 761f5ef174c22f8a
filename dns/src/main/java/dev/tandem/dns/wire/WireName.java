package dev.tandem.dns.wire;

/**
 * Domain names in uncompressed wire form (RFC 1035 section 3.1) held as byte ranges: a sequence of
 * length-prefixed labels ending with the zero-length root label.
 *
 * <p>Names that serve as lookup keys are lower-cased first (ASCII only, RFC 4343); everything here
 * that compares or hashes expects lower-cased input unless it says otherwise.
 *
 * <p>Hashing folds labels from the right, so that the hash of a name is a function of the hash of
 * its parent: {@code hash(www.example.) = fold("www", hash(example.))}. One pass over a query name
 * therefore yields the hash of every suffix, which serves both the zone lookup (longest matching
 * origin) and the node lookups inside the zone (closest encloser).
 */
public final class WireName {
  public static final int MAX_LENGTH = 255;
  public static final int MAX_LABEL_LENGTH = 63;
  public static final int MAX_LABELS = 127;

  /** The hash of the root name; every other hash folds labels onto it. */
  public static final int ROOT_HASH = 0x811c9dc5;

  private static final int FNV_PRIME = 0x01000193;

  private WireName() {}

  /**
   * Returns the length of the uncompressed name at {@code off}, root label included, or -1 if the
   * bytes up to {@code end} do not hold one (truncated, a label longer than 63, a name longer than
   * 255, or a compression pointer).
   */
  public static int uncompressedLength(byte[] b, int off, int end) {
    int p = off;
    while (true) {
      if (p >= end) {
        return -1;
      }
      int len = b[p] & 0xff;
      if (len == 0) {
        int total = p + 1 - off;
        return total <= MAX_LENGTH ? total : -1;
      }
      if (len > MAX_LABEL_LENGTH) {
        return -1;
      }
      p += len + 1;
      if (p - off >= MAX_LENGTH) {
        return -1;
      }
    }
  }

  /**
   * Returns the length of the possibly compressed name at {@code off} as it stands in the message
   * (up to and including the terminating zero or the first pointer), or -1 if it is malformed.
   * Pointers must point strictly backwards from the label that holds them, so that following them
   * always terminates (the rule Knot and NSD apply); the expanded name must fit in 255 bytes.
   */
  public static int compressedLength(byte[] msg, int off, int end) {
    int p = off;
    int inMessage = -1;
    int expanded = 0;
    while (true) {
      if (p >= end) {
        return -1;
      }
      int len = msg[p] & 0xff;
      if (len == 0) {
        expanded += 1;
        if (expanded > MAX_LENGTH) {
          return -1;
        }
        return inMessage >= 0 ? inMessage : p + 1 - off;
      }
      if ((len & 0xc0) == 0xc0) {
        if (p + 1 >= end) {
          return -1;
        }
        int target = ((len & 0x3f) << 8) | (msg[p + 1] & 0xff);
        if (target >= p) {
          return -1;
        }
        if (inMessage < 0) {
          inMessage = p + 2 - off;
        }
        p = target;
        continue;
      }
      if (len > MAX_LABEL_LENGTH) {
        return -1; // 0x40 and 0x80 label types are obsolete or unassigned (RFC 6891 section 5)
      }
      expanded += len + 1;
      if (expanded >= MAX_LENGTH) {
        return -1;
      }
      p += len + 1;
    }
  }

  /** Lower-cases the ASCII letters of {@code len} bytes of a name; other bytes are copied. */
  public static void toLowerCase(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = lower(src[srcOff + i]);
    }
  }

  /** The ASCII lower case of one byte. */
  public static byte lower(byte b) {
    return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
  }

  /**
   * Writes the offsets of the labels of the name at {@code off} into {@code starts} (the root label
   * excluded) and returns how many there are. The name must be well formed.
   */
  public static int labelStarts(byte[] name, int off, int[] starts) {
    int n = 0;
    int p = off;
    int len;
    while ((len = name[p] & 0xff) != 0) {
      starts[n++] = p;
      p += len + 1;
    }
    return n;
  }

  /** The number of labels of a well-formed name, the root label excluded. */
  public static int labelCount(byte[] name, int off) {
    int n = 0;
    int p = off;
    int len;
    while ((len = name[p] & 0xff) != 0) {
      n++;
      p += len + 1;
    }
    return n;
  }

  /**
   * Folds one label (its length byte and its bytes) onto the hash of its parent, ignoring ASCII
   * case. (A length byte is at most 63, so lower-casing never changes it.)
   */
  public static int foldLabel(int parentHash, byte[] b, int labelOff) {
    int h = parentHash;
    int end = labelOff + (b[labelOff] & 0xff) + 1;
    for (int i = labelOff; i < end; i++) {
      h = (h ^ (lower(b[i]) & 0xff)) * FNV_PRIME;
    }
    return h;
  }

  /**
   * Hashes a sequence of labels (no root label) at {@code [off, off + len)} onto the hash of the
   * name they are relative to.
   */
  public static int hashRelative(int parentHash, byte[] b, int off, int len) {
    if (len == 0) {
      return parentHash;
    }
    int next = off + (b[off] & 0xff) + 1;
    int h = hashRelative(parentHash, b, next, len - (next - off));
    return foldLabel(h, b, off);
  }

  /** Hashes a whole lower-cased name (root label included) at {@code off}. */
  public static int hash(byte[] name, int off) {
    int len = name[off] & 0xff;
    if (len == 0) {
      return ROOT_HASH;
    }
    return foldLabel(hash(name, off + len + 1), name, off);
  }

  /** Spreads a name hash over the bits used to index an open-addressing table. */
  public static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * Compares two lower-cased label sequences (relative names, no root label) in the canonical order
   * of RFC 4034 section 6.1: by their rightmost labels first, each label as unsigned bytes, a label
   * that is a prefix of another sorting first.
   */
  public static int compareCanonical(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    return compareCanonical(a, aOff, aLen, b, bOff, bLen, new int[MAX_LABELS], new int[MAX_LABELS]);
  }

  /** As {@link #compareCanonical(byte[], int, int, byte[], int, int)}, with caller's scratch. */
  public static int compareCanonical(
      byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, int[] as, int[] bs) {
    int an = relativeLabelStarts(a, aOff, aLen, as);
    int bn = relativeLabelStarts(b, bOff, bLen, bs);
    for (int i = an - 1, j = bn - 1; i >= 0 && j >= 0; i--, j--) {
      int la = a[as[i]] & 0xff;
      int lb = b[bs[j]] & 0xff;
      int c =
          java.util.Arrays.compareUnsigned(
              a, as[i] + 1, as[i] + 1 + la, b, bs[j] + 1, bs[j] + 1 + lb);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(an, bn);
  }

  /** Label offsets of a relative name (no root label) of {@code len} bytes. */
  public static int relativeLabelStarts(byte[] name, int off, int len, int[] starts) {
    int n = 0;
    int p = off;
    int end = off + len;
    while (p < end) {
      starts[n++] = p;
      p += (name[p] & 0xff) + 1;
    }
    return n;
  }

  /**
   * Whether the relative name {@code [off, off+len)} is {@code ancestor} or below it: it ends with
   * the ancestor's bytes at a label boundary. Both lower-cased.
   */
  public static boolean isAtOrBelow(
      byte[] name, int off, int len, byte[] ancestor, int aOff, int aLen) {
    if (aLen > len) {
      return false;
    }
    int p = off;
    int start = off + len - aLen;
    while (p < start) {
      p += (name[p] & 0xff) + 1;
    }
    return p == start
        && java.util.Arrays.equals(name, start, off + len, ancestor, aOff, aOff + aLen);
  }

  /** Renders a wire name as presentation text (RFC 1035 section 5.1 escapes), for messages. */
  public static String toText(byte[] name, int off) {
    StringBuilder sb = new StringBuilder();
    int p = off;
    int len;
    while ((len = name[p] & 0xff) != 0) {
      for (int i = p + 1; i <= p + len; i++) {
        int c = name[i] & 0xff;
        if (c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@'
            || c == '$') {
          sb.append('\\').append((char) c);
        } else if (c <= 0x20 || c >= 0x7f) {
          sb.append('\\').append(String.format("%03d", c));
        } else {
          sb.append((char) c);
        }
      }
      sb.append('.');
      p += len + 1;
    }
    return sb.isEmpty() ? "." : sb.toString();
  }
}
