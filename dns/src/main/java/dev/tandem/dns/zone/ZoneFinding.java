package dev.tandem.dns.zone;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A problem found while building or validating a zone, before it is located in the source: at an
 * owner name (and type, or -1 for any), or, for the zone as a whole, at neither.
 */
record ZoneFinding(ZoneProblem.Severity severity, @Nullable Name owner, int type, String message) {

  static ZoneFinding at(ZoneProblem.Severity severity, Name owner, int type, String message) {
    return new ZoneFinding(severity, owner, type, message);
  }

  static ZoneFinding ofZone(ZoneProblem.Severity severity, String message) {
    return new ZoneFinding(severity, null, -1, message);
  }
}
