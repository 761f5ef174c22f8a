package dev.tandem.control.zone;

import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.dns.zone.ZoneKind;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What an operator wants to know about a zone, at one moment. Made with {@link #of} and the
 * builder's named steps.
 *
 * @param zone the zone
 * @param kind how it gets its contents
 * @param state where it is
 * @param serial the serial being served, or -1
 * @param primarySerial the serial last seen at a primary, or -1
 * @param lastSuccess the last successful refresh (or check that found no change), or last change
 * @param lastAttempt the last refresh attempt, or last change
 * @param lastError what went wrong in the last attempt or change, or null if it succeeded
 * @param lastRefusedNotify the last NOTIFY refused for this zone and why, or null
 * @param nextRefresh when the next refresh is due
 * @param expiresAt when the zone stops being served unless refreshed
 * @param primaries the primaries, in order of preference (none for a primary zone)
 * @param notified the last NOTIFY to each secondary and what became of it
 * @param refusedTransfers transfer requests refused since start (not allowed by the zone's ACL)
 * @param signatures the freshness of the RRSIGs served, or null if the zone is not signed
 * @param warnings what is served but needs an operator's eye ({@link ZoneWarnings})
 * @param catalog the zone's part in a catalog (RFC 9432), or null if it has none
 */
public record ZoneStatus(
    Name zone,
    ZoneKind kind,
    State state,
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
    @Nullable SignatureStatus signatures,
    List<String> warnings,
    @Nullable CatalogStatus catalog) {

  /** Where a zone is (NSD's three states, and two more an operator asks about). */
  public enum State {
    /** Nothing to serve yet: a secondary before its first transfer, a zone being read. */
    LOADING,
    /** Served, and the last refresh or change succeeded. */
    OK,
    /** Served; a refresh is under way. */
    REFRESHING,
    /** Served, but the last refresh failed: it is retried with backoff until EXPIRE. */
    FAILING,
    /** Not served (SERVFAIL): no successful refresh for longer than EXPIRE. */
    EXPIRED;

    /** The word the API, the CLI and the logs use. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ZoneStatus {
    primaries = List.copyOf(primaries);
    notified = List.copyOf(notified);
    warnings = List.copyOf(warnings);
  }

  /** The status of {@code zone}, in {@code state}, serving {@code serial} (-1 for none). */
  public static Builder of(Name zone, ZoneKind kind, State state, long serial) {
    return new Builder(zone, kind, state, serial);
  }

  /** The rest of a status, by name. */
  public static final class Builder {
    private final Name zone;
    private final ZoneKind kind;
    private final State state;
    private final long serial;
    private long primarySerial = -1;
    private @Nullable Instant lastSuccess;
    private @Nullable Instant lastAttempt;
    private @Nullable String lastError;
    private @Nullable String lastRefusedNotify;
    private @Nullable Instant nextRefresh;
    private @Nullable Instant expiresAt;
    private List<String> primaries = List.of();
    private List<NotifyOutcome> notified = List.of();
    private long refusedTransfers;
    private @Nullable SignatureStatus signatures;
    private List<String> warnings = List.of();
    private @Nullable CatalogStatus catalog;

    private Builder(Name zone, ZoneKind kind, State state, long serial) {
      this.zone = zone;
      this.kind = kind;
      this.state = state;
      this.serial = serial;
    }

    /** The last attempt (refresh or change), the last success, and the error if it failed. */
    public Builder attempts(
        @Nullable Instant lastSuccess, @Nullable Instant lastAttempt, @Nullable String lastError) {
      this.lastSuccess = lastSuccess;
      this.lastAttempt = lastAttempt;
      this.lastError = lastError;
      return this;
    }

    /** A secondary's primaries, what they last said, and its timers. */
    public Builder refresh(
        List<String> primaries,
        long primarySerial,
        @Nullable Instant nextRefresh,
        @Nullable Instant expiresAt,
        @Nullable String lastRefusedNotify) {
      this.primaries = primaries;
      this.primarySerial = primarySerial;
      this.nextRefresh = nextRefresh;
      this.expiresAt = expiresAt;
      this.lastRefusedNotify = lastRefusedNotify;
      return this;
    }

    /** What became of NOTIFYs out and of transfer requests. */
    public Builder downstream(List<NotifyOutcome> notified, long refusedTransfers) {
      this.notified = notified;
      this.refusedTransfers = refusedTransfers;
      return this;
    }

    public Builder signatures(@Nullable SignatureStatus signatures) {
      this.signatures = signatures;
      return this;
    }

    public Builder warnings(List<String> warnings) {
      this.warnings = warnings;
      return this;
    }

    public Builder catalog(@Nullable CatalogStatus catalog) {
      this.catalog = catalog;
      return this;
    }

    public ZoneStatus build() {
      return new ZoneStatus(
          zone,
          kind,
          state,
          serial,
          primarySerial,
          lastSuccess,
          lastAttempt,
          lastError,
          lastRefusedNotify,
          nextRefresh,
          expiresAt,
          primaries,
          notified,
          refusedTransfers,
          signatures,
          warnings,
          catalog);
    }
  }
}
