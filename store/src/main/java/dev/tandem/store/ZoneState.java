package dev.tandem.store;

import dev.tandem.dns.zone.ZoneKind;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * What the control plane remembers about a zone between runs, beside its contents. Timers are
 * absolute instants, so that after a restart EXPIRE still counts from the last successful refresh
 * (RFC 1034 section 4.3.5), not from the restart.
 *
 * <p>A class with a record's constructor, accessors and equality rather than a record: it keeps its
 * four instants as nanoseconds since the epoch, not as {@code Instant} objects, 56 bytes less for
 * each zone of a node of 100,000 (docs/benchmarks.md). Instants outside the years 1678 to 2261 are
 * held at those bounds.
 */
public final class ZoneState {
  private static final long NONE = Long.MIN_VALUE;

  private final Name zone;
  private final ZoneKind kind;
  private final long serial;
  private final long primarySerial;
  private final long lastSuccess;
  private final long lastAttempt;
  private final @Nullable String lastError;
  private final long refreshAt;
  private final long expireAt;

  /**
   * The state of {@code zone}.
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
  public ZoneState(
      Name zone,
      ZoneKind kind,
      long serial,
      long primarySerial,
      @Nullable Instant lastSuccess,
      @Nullable Instant lastAttempt,
      @Nullable String lastError,
      @Nullable Instant refreshAt,
      @Nullable Instant expireAt) {
    this.zone = Objects.requireNonNull(zone);
    this.kind = Objects.requireNonNull(kind);
    this.serial = serial;
    this.primarySerial = primarySerial;
    this.lastSuccess = nanos(lastSuccess);
    this.lastAttempt = nanos(lastAttempt);
    this.lastError = lastError;
    this.refreshAt = nanos(refreshAt);
    this.expireAt = nanos(expireAt);
  }

  public Name zone() {
    return zone;
  }

  public ZoneKind kind() {
    return kind;
  }

  public long serial() {
    return serial;
  }

  public long primarySerial() {
    return primarySerial;
  }

  public @Nullable Instant lastSuccess() {
    return instant(lastSuccess);
  }

  public @Nullable Instant lastAttempt() {
    return instant(lastAttempt);
  }

  public @Nullable String lastError() {
    return lastError;
  }

  public @Nullable Instant refreshAt() {
    return instant(refreshAt);
  }

  public @Nullable Instant expireAt() {
    return instant(expireAt);
  }

  private static long nanos(@Nullable Instant at) {
    if (at == null) {
      return NONE;
    }
    long seconds = Math.clamp(at.getEpochSecond(), -9_223_372_035L, 9_223_372_035L);
    return seconds * 1_000_000_000L + at.getNano();
  }

  private static @Nullable Instant instant(long nanos) {
    return nanos == NONE ? null : Instant.ofEpochSecond(0, nanos);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZoneState s
        && zone.equals(s.zone)
        && kind == s.kind
        && serial == s.serial
        && primarySerial == s.primarySerial
        && lastSuccess == s.lastSuccess
        && lastAttempt == s.lastAttempt
        && Objects.equals(lastError, s.lastError)
        && refreshAt == s.refreshAt
        && expireAt == s.expireAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        zone,
        kind,
        serial,
        primarySerial,
        lastSuccess,
        lastAttempt,
        lastError,
        refreshAt,
        expireAt);
  }

  @Override
  public String toString() {
    return "ZoneState[zone="
        + zone
        + ", kind="
        + kind
        + ", serial="
        + serial
        + ", primarySerial="
        + primarySerial
        + ", lastSuccess="
        + lastSuccess()
        + ", lastAttempt="
        + lastAttempt()
        + ", lastError="
        + lastError
        + ", refreshAt="
        + refreshAt()
        + ", expireAt="
        + expireAt()
        + "]";
  }

  /** A zone just configured: nothing stored, nothing attempted. */
  public static ZoneState fresh(Name zone, ZoneKind kind) {
    return new ZoneState(zone, kind, -1, -1, null, null, null, null, null);
  }

  /** A primary zone at {@code serial}, changed {@code at}: primaries have no timers. */
  public static ZoneState primary(Name zone, long serial, Instant at) {
    return new ZoneState(zone, ZoneKind.PRIMARY, serial, -1, at, at, null, null, null);
  }

  /**
   * A secondary zone refreshed successfully {@code at} to {@code serial}, the primary being at
   * {@code primarySerial}: the next refresh due {@code refreshAt}, expiry at {@code expireAt}.
   */
  public static ZoneState refreshed(
      Name zone, long serial, long primarySerial, Instant at, Instant refreshAt, Instant expireAt) {
    return new ZoneState(
        zone, ZoneKind.SECONDARY, serial, primarySerial, at, at, null, refreshAt, expireAt);
  }

  /** This state with the serial last seen at a primary. */
  public ZoneState withPrimarySerial(long seen) {
    return new ZoneState(
        zone, kind, serial, seen, lastSuccess(), lastAttempt(), lastError, refreshAt(), expireAt());
  }

  /**
   * This state after an attempt that started {@code at} and failed with {@code error}: the next one
   * is due {@code retryAt}; the contents, their serial and the expiry stay as they were.
   */
  public ZoneState failed(Instant at, String error, Instant retryAt) {
    return new ZoneState(
        zone, kind, serial, primarySerial, lastSuccess(), at, error, retryAt, expireAt());
  }
}
