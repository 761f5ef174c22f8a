package dev.tandem.control.primary;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A primary zone's file as found at start: read, or byte for byte the file last taken in.
 *
 * <p>A restart used to read every zone file again and compare its records with the stored zone's (a
 * digest over each record): for a million records, a second of parsing before the first answer, to
 * learn most of the time that nothing had changed. The SHA-256 of the file's bytes, kept beside the
 * records' digest, answers that in the time it takes to read the file (40 ms for that zone): when
 * it matches, the stored zone (with the edits made since) is served and the file is not parsed. The
 * check is on the contents, not on the file's times or size, so a file copied back with its old
 * times still counts as changed. A file that includes others ({@code $INCLUDE}) is always read: the
 * included ones may have changed.
 */
public sealed interface StartingFile {
  /** The directive that makes a file's bytes not enough to know its contents. */
  String INCLUDE = "$INCLUDE";

  /**
   * The file, read and checked.
   *
   * @param bytes gives the SHA-256 of its bytes, or null when it is not to be trusted at the next
   *     start (it includes other files, or it changed since it was read); see {@link #later}
   */
  record Read(ZoneSnapshot zone, Supplier<@Nullable String> bytes) implements StartingFile {}

  /**
   * The file last taken in, unchanged: not read. {@code read} reads it, with its problems reported,
   * should the stored copy be unreadable; it gives null if the file has errors.
   */
  record Unchanged(Supplier<@Nullable ZoneSnapshot> read) implements StartingFile {}

  /**
   * The SHA-256 of the file's bytes, or null if it cannot be read or includes other files (then the
   * caller reads and parses it, and reports what is wrong).
   */
  static @Nullable String bytesDigest(Path file) {
    MessageDigest d = ZoneFileSource.sha256();
    byte[] buf = new byte[1 << 16];
    int carried = 0; // the end of the last read, where $INCLUDE may have begun
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf, carried, buf.length - carried)) > 0) {
        d.update(buf, carried, n);
        int len = carried + n;
        if (includes(buf, len)) {
          return null;
        }
        carried = Math.min(INCLUDE.length() - 1, len);
        System.arraycopy(buf, len - carried, buf, 0, carried);
      }
    } catch (IOException e) {
      return null;
    }
    return "file-sha256:" + HexFormat.of().formatHex(d.digest());
  }

  /**
   * The digest of {@code file}'s bytes taken when first asked for, once, and null if by then its
   * size or modification time is no longer {@code stamp}, as it was before it was read. For a zone
   * new to the store, which has no digest to compare with: it is asked for as the zone is stored,
   * after the zone is served (the SHA-256 of the 1M-record file was 0.1 s of a pinned core before
   * the first answer, most of it before the JIT compiles the digest).
   */
  static Supplier<@Nullable String> later(Path file, @Nullable String stamp) {
    return new Supplier<>() {
      private boolean taken;
      private @Nullable String digest;

      @Override
      public synchronized @Nullable String get() {
        if (!taken) {
          taken = true;
          digest = stamp != null && stamp.equals(stamp(file)) ? bytesDigest(file) : null;
        }
        return digest;
      }
    };
  }

  /** The file's size and modification time, or null if it cannot be read. */
  static @Nullable String stamp(Path file) {
    try {
      return Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return null;
    }
  }

  /** The digest of the bytes of the file last taken in for {@code zone}, or null. */
  static @Nullable String storedBytesDigest(ZoneStore store, Name zone) {
    return ZoneFileSource.storedBytes(store, zone);
  }

  /** Whether {@code text[0, len)} has an {@code $INCLUDE} directive (in any case). */
  private static boolean includes(byte[] text, int len) {
    outer:
    for (int i = 0; i + INCLUDE.length() <= len; i++) {
      if (text[i] != '$') {
        continue;
      }
      for (int j = 1; j < INCLUDE.length(); j++) {
        if (Character.toUpperCase(text[i + j]) != INCLUDE.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
