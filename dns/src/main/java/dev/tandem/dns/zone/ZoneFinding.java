package dev.tandem.dns.zone;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A problem found while building or validating a zone, before it is located in the source: at an
 * owner name and type (-1 for any) and, when it is about one record of an RRset, that record's
 * rdata; or, for the zone as a whole, at none of these.
 */
record ZoneFinding(
    ZoneProblem.Severity severity,
    @Nullable Name owner,
    int type,
    byte @Nullable [] rdata,
    String message) {

  static ZoneFinding at(ZoneProblem.Severity severity, Name owner, int type, String message) {
    return new ZoneFinding(severity, owner, type, null, message);
  }

  /**
   * A problem with one record of an RRset, located at that record rather than at the RRset's first
   * (a warning about the second NS of a name must point at the second NS).
   */
  static ZoneFinding atRecord(
      ZoneProblem.Severity severity,
      Name owner,
      int type,
      byte[] rdata,
      int from,
      int to,
      String message) {
    return new ZoneFinding(severity, owner, type, Arrays.copyOfRange(rdata, from, to), message);
  }

  static ZoneFinding ofZone(ZoneProblem.Severity severity, String message) {
    return new ZoneFinding(severity, null, -1, null, message);
  }

  /** Whether a record of the right owner and type, with this rdata, is the one meant. */
  boolean matches(int recordType, byte[] rd, int rdOff, int rdLen) {
    byte[] wanted = rdata;
    return (type < 0 || type == recordType)
        && (wanted == null || Arrays.equals(wanted, 0, wanted.length, rd, rdOff, rdOff + rdLen));
  }
}
