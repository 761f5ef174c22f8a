package dev.tandem.dns.zone;

import java.util.Arrays;

/** An unsynchronized growable byte array for building the zone's packed arrays. */
final class GrowableBytes {
  private byte[] buf;
  private int size;

  GrowableBytes(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return buf;
  }

  void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  void writeU16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  void writeU32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  /** Overwrites four bytes already written at {@code pos}. */
  void setU32(int pos, int v) {
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  /** A copy trimmed to the written size. */
  byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      long want = Math.max((long) buf.length * 3 / 2, (long) size + n);
      if (want > Integer.MAX_VALUE - 16) {
        if ((long) size + n > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("zone too large for one array (2 GiB)");
        }
        want = Integer.MAX_VALUE - 16;
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
