package dev.tandem.control.zone;

import dev.tandem.dns.zone.ZoneSnapshot;
import org.xbill.DNS.Rcode;

/**
 * What one change to a zone did: the RCODE an UPDATE is answered with (NOERROR when it succeeded or
 * changed nothing), what happened in words, and the serials it moved between.
 *
 * @param rcode NOERROR, or why the change was refused or failed (RFC 2136 section 2.2)
 * @param message what happened, for the log and the person who asked
 * @param fromSerial the serial before
 * @param toSerial the serial after (equal when nothing changed)
 * @param removed records removed (SOA aside)
 * @param added records added (SOA aside)
 */
public record Change(
    int rcode, String message, long fromSerial, long toSerial, int removed, int added) {

  /** Whether it succeeded (a change that changed nothing succeeded). */
  public boolean ok() {
    return rcode == Rcode.NOERROR;
  }

  /** Whether a new serial came of it. */
  public boolean changed() {
    return fromSerial != toSerial;
  }

  /** Nothing to change: the zone stays at {@code z}'s serial. */
  public static Change unchanged(ZoneSnapshot z, String why) {
    return new Change(Rcode.NOERROR, why, z.serial(), z.serial(), 0, 0);
  }

  /** Refused or failed with {@code rcode}: the zone stays where it is. */
  public static Change refused(ManagedZone zone, int rcode, String why) {
    ZoneSnapshot z = zone.current();
    long serial = z == null ? -1 : z.serial();
    return new Change(rcode, why, serial, serial, 0, 0);
  }
}
