package dev.tandem.control.zone;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Refresh timing (RFC 1034 section 4.3.5, RFC 1996): the SOA's REFRESH, RETRY and EXPIRE, each
 * clamped to configured bounds (as Knot's refresh-min-interval and friends do) so that a zone with
 * silly timers neither hammers its primary nor expires in seconds by accident; retries back off
 * exponentially; and every delay gets up to 10% jitter so that many zones from one primary don't
 * refresh in lock step.
 */
public record TimerPolicy(
    Duration refreshMin,
    Duration refreshMax,
    Duration retryMin,
    Duration retryMax,
    Duration expireMin,
    Duration expireMax) {

  public static final TimerPolicy DEFAULT =
      new TimerPolicy(
          Duration.ofSeconds(2),
          Duration.ofDays(1),
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          Duration.ofSeconds(5),
          Duration.ofDays(60));

  public Duration refresh(long soaRefresh) {
    return clamp(soaRefresh, refreshMin, refreshMax);
  }

  public Duration expire(long soaExpire) {
    return clamp(soaExpire, expireMin, expireMax);
  }

  /**
   * The delay before the next attempt after {@code failures} consecutive failed ones: RETRY,
   * doubled per failure, at most the larger of REFRESH and RETRY's upper bound.
   */
  public Duration retry(long soaRetry, long soaRefresh, int failures) {
    Duration base = clamp(soaRetry, retryMin, retryMax);
    Duration cap = max(base, min(refresh(soaRefresh), retryMax));
    long factor = 1L << Math.min(Math.max(failures - 1, 0), 16);
    Duration d = base.multipliedBy(factor);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /**
   * The delay after {@code failures} consecutive failed attempts when the last one was a transfer
   * cut short mid-stream (the primary closed or reset the connection while sending): the lower
   * bound of RETRY, doubled per failure, never later than {@link #retry}. The primary has the zone
   * and was sending it; waiting the SOA's RETRY (often ten minutes or more) after a cut that a
   * pause at either end can cause would hold a NOTIFYed change back that long.
   */
  public Duration retryAfterCut(long soaRetry, long soaRefresh, int failures) {
    Duration usual = retry(soaRetry, soaRefresh, failures);
    Duration soon = retryMin.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 16));
    return min(soon, usual);
  }

  /** {@code d} shortened by up to 10%, at random. */
  public static Duration jitter(Duration d, RandomGenerator random) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms - (long) (ms * 0.1 * random.nextDouble()));
  }

  private static Duration clamp(long seconds, Duration lo, Duration hi) {
    Duration d = Duration.ofSeconds(Math.max(0, seconds));
    return d.compareTo(lo) < 0 ? lo : d.compareTo(hi) > 0 ? hi : d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
