package dev.tandem.dns.engine;

import java.util.Arrays;

/**
 * Compression of the owner names of a zone transfer's messages (RFC 1035 section 4.1.4): each owner
 * against the one written before it, which in canonical order shares most of its labels. It keeps
 * the previous owner, lower-cased and uncompressed, and where each of its suffixes sits in the
 * message ({@code suffixAt[i]}: the suffix starting at its i-th label); a name is written as its
 * labels up to the longest suffix shared with the previous owner, then a pointer to that suffix,
 * when the suffix lies within a pointer's reach (the first 16 KB). One per message writer; {@link
 * #reset} at each new message.
 */
final class OwnerCompression {
  private static final int POINTER_LIMIT = 0x4000;
  private static final int MAX_NAME = 255;

  private final byte[] previous = new byte[MAX_NAME + 1];
  private int previousLength;
  private final int[] previousLabels = new int[128];
  private final int[] suffixAt = new int[128];
  private int previousLabelCount;
  private final int[] labels = new int[128];
  private final int[] newSuffixAt = new int[128];

  /** Forgets the previous owner: a new message has nothing to point to. */
  void reset() {
    previousLength = 0;
    previousLabelCount = 0;
  }

  /**
   * Writes {@code owner}: its labels up to the longest suffix it shares with the previous owner,
   * then a pointer to that suffix (RFC 1035 section 4.1.4), if it lies within pointer reach, into
   * {@code buf} at {@code at}; returns where it ends.
   */
  int write(byte[] owner, int ownerLength, byte[] buf, int at) {
    int pos = at;
    if (ownerLength == previousLength
        && previousLabelCount > 0
        && suffixAt[0] < POINTER_LIMIT
        && Arrays.equals(owner, 0, ownerLength, previous, 0, ownerLength)) {
      // The same node as the record before (most RRsets have several records): one pointer.
      buf[pos++] = (byte) (0xc0 | (suffixAt[0] >> 8));
      buf[pos++] = (byte) suffixAt[0];
      return pos;
    }
    int n = 0;
    for (int p = 0; owner[p] != 0; p += (owner[p] & 0xff) + 1) {
      labels[n++] = p;
    }
    // Shared suffix, compared label by label from the end (names are lower case or compared so).
    int shared = 0;
    while (shared < n
        && shared < previousLabelCount
        && sameLabel(owner, labels[n - 1 - shared], previousLabels[previousLabelCount - 1 - shared])
        && suffixAt[previousLabelCount - 1 - shared] < POINTER_LIMIT) {
      shared++;
    }
    int literal = n - shared;
    for (int i = 0; i < literal; i++) {
      newSuffixAt[i] = pos;
      int len = (owner[labels[i]] & 0xff) + 1;
      System.arraycopy(owner, labels[i], buf, pos, len);
      pos += len;
    }
    if (shared > 0) {
      int target = suffixAt[previousLabelCount - shared];
      buf[pos++] = (byte) (0xc0 | (target >> 8));
      buf[pos++] = (byte) target;
      for (int i = 0; i < shared; i++) {
        newSuffixAt[literal + i] = suffixAt[previousLabelCount - shared + i];
      }
    } else {
      buf[pos++] = 0;
    }
    // This owner becomes the previous one.
    System.arraycopy(owner, 0, previous, 0, ownerLength);
    previousLength = ownerLength;
    for (int i = 0; i < n; i++) {
      previousLabels[i] = labels[i];
      suffixAt[i] = newSuffixAt[i];
    }
    previousLabelCount = n;
    return pos;
  }

  /** Remembers an uncompressed name written at {@code at} as the previous owner. */
  void remember(byte[] name, int length, int at) {
    int n = 0;
    for (int p = 0; name[p] != 0; p += (name[p] & 0xff) + 1) {
      previousLabels[n] = p;
      suffixAt[n] = at + p;
      n++;
    }
    System.arraycopy(name, 0, previous, 0, length);
    previousLength = length;
    previousLabelCount = n;
  }

  private boolean sameLabel(byte[] owner, int a, int b) {
    int len = owner[a] & 0xff;
    if (len != (previous[b] & 0xff)) {
      return false;
    }
    int i = Arrays.mismatch(owner, a + 1, a + 1 + len, previous, b + 1, b + 1 + len);
    if (i < 0) {
      return true; // the usual case: a snapshot's names are all lower case
    }
    for (; i < len; i++) { // differing bytes may still differ only in case (an IXFR's records)
      if (lower(owner[a + 1 + i]) != lower(previous[b + 1 + i])) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }
}
