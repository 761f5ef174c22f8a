package dev.tandem.control.primary;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Where a primary zone's contents came from, remembered in the store as the digest of the zone
 * file's contents last taken in: at start and on reload, an unchanged file leaves the stored zone
 * (with the edits made since) as it is; a changed one becomes the zone's contents. Beside it, when
 * known, the digest of the file's bytes, which lets a restart skip reading an unchanged file
 * ({@link StartingFile}). Both are one setting, written together, so that neither outlives the
 * other: {@code sha256:<records>} or {@code sha256:<records> file-sha256:<bytes>}.
 */
final class ZoneFileSource {
  private static final Logger log = LoggerFactory.getLogger(ZoneFileSource.class);

  /** The zone setting that holds the digest. */
  static final String SETTING = "source";

  private ZoneFileSource() {}

  /** The digest of the records of the file last taken in, or null. */
  static @Nullable String stored(ZoneStore store, Name zone) {
    String v = store.settings(zone).get(SETTING);
    return v == null ? null : v.split(" ", 2)[0];
  }

  /** The digest of the bytes of the file last taken in, or null. */
  static @Nullable String storedBytes(ZoneStore store, Name zone) {
    String v = store.settings(zone).get(SETTING);
    String[] parts = v == null ? new String[0] : v.split(" ", 2);
    return parts.length == 2 ? parts[1] : null;
  }

  /**
   * Remembers the digests of the file just taken in: its records', and its bytes' if known (a
   * failure is only logged).
   */
  static void save(ZoneStore store, Name zone, @Nullable String digest, @Nullable String bytes) {
    if (digest == null) {
      return;
    }
    try {
      store.saveSetting(zone, SETTING, bytes == null ? digest : digest + " " + bytes);
    } catch (StoreException e) {
      log.warn("{}: could not remember the zone file's digest: {}", zone, e.getMessage());
    }
  }

  /** SHA-256 of a zone's records in canonical order, in wire form. */
  static String digest(ZoneSnapshot z) {
    MessageDigest d = sha256();
    byte[] fixed = new byte[10];
    z.forEachRecordWire(
        (owner, ownerLength, type, ttl, rdata, off, len) -> {
          d.update(owner, 0, ownerLength);
          fixed[0] = (byte) (type >> 8);
          fixed[1] = (byte) type;
          for (int i = 0; i < 4; i++) {
            fixed[2 + i] = (byte) (ttl >> (24 - 8 * i));
          }
          fixed[6] = (byte) (len >> 8);
          fixed[7] = (byte) len;
          d.update(fixed, 0, 8);
          d.update(rdata, off, len);
        });
    return "sha256:" + HexFormat.of().formatHex(d.digest());
  }

  /** A new SHA-256 digest (every JDK has it). */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
