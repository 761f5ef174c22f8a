package dev.tandem.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What the control plane remembers about a zone between runs, beside its contents. Timers are
 * absolute instants, so that after a restart EXPIRE still counts from the last successful refresh
 * (RFC 1034 section 4.3.5), not from the restart.
 *
 * @param zone the zone's origin
 * @param kind secondary (follows primaries) or primary (edited here)
 * @param serial the serial of the stored contents, or -1 if there are none yet
 * @param primarySerial the serial last seen at a primary (SOA probe or NOTIFY), or -1
 * @param lastSuccess when the zone last refreshed successfully (or was last edited), or null
 * @param lastAttempt when a refresh was last attempted, or null
 * @param lastError the last attempt's error in plain words, or null if it succeeded
 * @param refreshAt when the next refresh is due, or null if none is scheduled
 * @param expireAt when the zone stops being served unless refreshed, or null (primaries)
 */
public record ZoneState(
    Name zone,
    ZoneKind kind,
    long serial,
    long primarySerial,
    @Nullable Instant lastSuccess,
    @Nullable Instant lastAttempt,
    @Nullable String lastError,
    @Nullable Instant refreshAt,
    @Nullable Instant expireAt) {

  /** A zone just configured: nothing stored, nothing attempted. */
  public static ZoneState fresh(Name zone, ZoneKind kind) {
    return new ZoneState(zone, kind, -1, -1, null, null, null, null, null);
  }
}
