package dev.tandem.dns.zone;

/**
 * SOA serial arithmetic (RFC 1982): serials are 32-bit unsigned numbers on a circle, so "newer"
 * means "ahead by less than half the circle". Two serials exactly half the circle apart are
 * undefined by the RFC; here neither is newer than the other, so a transfer to such a serial is
 * never taken as an update.
 */
public final class Serial {
  private static final long MODULUS = 1L << 32;
  private static final long HALF = 1L << 31;

  private Serial() {}

  /** Whether {@code a} is newer than {@code b} (RFC 1982 section 3.2, s1 &gt; s2). */
  public static boolean isNewer(long a, long b) {
    long d = (a - b) & (MODULUS - 1);
    return d != 0 && d < HALF;
  }

  /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
  public static int compare(long a, long b) {
    if (a == b) {
      return 0;
    }
    return isNewer(a, b) ? 1 : -1;
  }

  /** {@code serial + n} on the circle (RFC 1982 section 3.1; n at most 2^31 - 1). */
  public static long add(long serial, long n) {
    if (n < 0 || n >= HALF) {
      throw new IllegalArgumentException("serial increment out of range: " + n);
    }
    return (serial + n) & (MODULUS - 1);
  }
}
