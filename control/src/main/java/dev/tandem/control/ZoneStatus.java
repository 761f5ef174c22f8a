package dev.tandem.control;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What an operator wants to know about a zone, at one moment.
 *
 * @param zone the zone
 * @param kind "secondary" or "primary"
 * @param state "ok", "refreshing", "expired", or "loading" (no data yet)
 * @param serial the serial being served, or -1
 * @param primarySerial the serial last seen at a primary, or -1
 * @param lastSuccess the last successful refresh (or check that found no change)
 * @param lastAttempt the last refresh attempt
 * @param lastError what went wrong in the last attempt, or null if it succeeded
 * @param lastRefusedNotify the last NOTIFY refused for this zone and why, or null
 * @param nextRefresh when the next refresh is due
 * @param expiresAt when the zone stops being served unless refreshed
 * @param primaries the primaries, in order of preference (none for a primary zone)
 * @param notified the last NOTIFY to each secondary and what became of it
 * @param refusedTransfers transfer requests refused since start (not allowed by the zone's ACL)
 * @param signatures the freshness of the RRSIGs served, or null if the zone is not signed
 */
public record ZoneStatus(
    Name zone,
    String kind,
    String state,
    long serial,
    long primarySerial,
    @Nullable Instant lastSuccess,
    @Nullable Instant lastAttempt,
    @Nullable String lastError,
    @Nullable String lastRefusedNotify,
    @Nullable Instant nextRefresh,
    @Nullable Instant expiresAt,
    List<String> primaries,
    List<NotifyOutcome> notified,
    long refusedTransfers,
    @Nullable SignatureStatus signatures) {}
