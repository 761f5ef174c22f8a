package dev.tandem.dns.zone;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A problem found while building or validating a zone, before it is located in the source: by the
 * record's position in the input ({@code ordinal}), or by owner and type (the first such record),
 * or, for the zone as a whole, by neither.
 */
record ZoneFinding(
    ZoneProblem.Severity severity, @Nullable Name owner, int type, int ordinal, String message) {

  static ZoneFinding at(ZoneProblem.Severity severity, Name owner, int type, String message) {
    return new ZoneFinding(severity, owner, type, -1, message);
  }

  static ZoneFinding ofRecord(ZoneProblem.Severity severity, int ordinal, String message) {
    return new ZoneFinding(severity, null, -1, ordinal, message);
  }

  static ZoneFinding ofZone(ZoneProblem.Severity severity, String message) {
    return new ZoneFinding(severity, null, -1, -1, message);
  }
}
