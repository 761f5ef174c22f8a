package dev.tandem.dns.engine;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The NSEC3 hash of a name (RFC 5155 section 5: SHA-1 over the canonical wire name and the salt,
 * then over the digest and the salt, {@code iterations} more times), written as the owner label of
 * the NSEC3 record that would match it. One per thread; nothing is allocated per hash.
 */
final class Nsec3Hasher {
  static final int HASH_LENGTH = 20;

  /** Base32hex of a SHA-1 digest: 32 characters. */
  static final int LABEL_LENGTH = 32;

  private static final byte[] BASE32HEX =
      "0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha1;
  private final byte[] digest = new byte[HASH_LENGTH];

  Nsec3Hasher() {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1, which NSEC3 requires", e);
    }
  }

  /**
   * Hashes the lower-cased wire name {@code name[off, off+len)} (root label included) and writes
   * the NSEC3 owner label (length byte, then 32 base32hex characters) at {@code out[outOff]}.
   */
  void hashLabel(
      byte[] name, int off, int len, int iterations, byte[] salt, byte[] out, int outOff) {
    try {
      sha1.update(name, off, len);
      sha1.update(salt);
      sha1.digest(digest, 0, HASH_LENGTH);
      for (int i = 0; i < iterations; i++) {
        sha1.update(digest);
        sha1.update(salt);
        sha1.digest(digest, 0, HASH_LENGTH);
      }
    } catch (DigestException e) {
      throw new IllegalStateException(e); // the buffer is always large enough
    }
    out[outOff] = LABEL_LENGTH;
    int o = outOff + 1;
    // 20 bytes = 4 groups of 5 bytes = 4 groups of 8 characters.
    for (int g = 0; g < HASH_LENGTH; g += 5) {
      long v = 0;
      for (int i = 0; i < 5; i++) {
        v = (v << 8) | (digest[g + i] & 0xff);
      }
      for (int i = 7; i >= 0; i--) {
        out[o + i] = BASE32HEX[(int) (v & 31)];
        v >>>= 5;
      }
      o += 8;
    }
  }
}
