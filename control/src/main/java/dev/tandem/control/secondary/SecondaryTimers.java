package dev.tandem.control.secondary;

import dev.tandem.control.zone.TimerPolicy;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/**
 * A secondary zone's timers after each refresh (RFC 1034 section 4.3.5, RFC 7314): REFRESH and
 * EXPIRE from the new SOA after a success, RETRY with backoff after a failure, each through the
 * server's {@link TimerPolicy} and with its jitter.
 */
final class SecondaryTimers {
  /** The retry delay before the first successful transfer, when there is no SOA to read it from. */
  private static final long INITIAL_RETRY = 5;

  private static final long INITIAL_REFRESH = 60;

  private final Name zone;
  private final ZoneContext ctx;

  SecondaryTimers(Name zone, ZoneContext ctx) {
    this.zone = zone;
    this.ctx = ctx;
  }

  /**
   * The state after a successful refresh to {@code z}: the next refresh after its SOA's REFRESH,
   * expiry after its EXPIRE, or sooner when the primary's own copy ends sooner ({@code ednsExpire},
   * RFC 7314 section 4).
   */
  ZoneState refreshed(ZoneSnapshot z, long primarySerial, long ednsExpire) {
    Instant now = ctx.clock().instant();
    SOARecord soa = z.soa();
    Duration expire = ctx.refreshTimers().expire(soa.getExpire());
    if (ednsExpire >= 0 && Duration.ofSeconds(ednsExpire).compareTo(expire) < 0) {
      expire = Duration.ofSeconds(ednsExpire);
    }
    Duration refresh =
        TimerPolicy.jitter(ctx.refreshTimers().refresh(soa.getRefresh()), ctx.random());
    return ZoneState.refreshed(
        zone, z.serial(), primarySerial, now, now.plus(refresh), now.plus(expire));
  }

  /**
   * The state after the {@code failures}th failed refresh in a row, started {@code started}: the
   * next attempt after RETRY, doubled per failure (SOA timers of {@code served}, or defaults when
   * there is none yet), or sooner after a transfer {@code cutShort}; contents and expiry as they
   * were.
   */
  ZoneState failed(
      ZoneState before,
      @Nullable ZoneSnapshot served,
      int failures,
      String error,
      long primarySerial,
      boolean cutShort,
      Instant started) {
    long retry = INITIAL_RETRY;
    long refresh = INITIAL_REFRESH;
    if (served != null) {
      retry = served.soa().getRetry();
      refresh = served.soa().getRefresh();
    }
    TimerPolicy policy = ctx.refreshTimers();
    Duration delay =
        TimerPolicy.jitter(
            cutShort
                ? policy.retryAfterCut(retry, refresh, failures)
                : policy.retry(retry, refresh, failures),
            ctx.random());
    ZoneState seen = primarySerial >= 0 ? before.withPrimarySerial(primarySerial) : before;
    return seen.failed(started, error, ctx.clock().instant().plus(delay));
  }

  /** {@code s} for an intermediate version reached by one IXFR step of a refresh. */
  static ZoneState atSerial(ZoneState s, long serial) {
    return ZoneState.refreshed(
        s.zone(),
        serial,
        s.primarySerial(),
        Objects.requireNonNull(s.lastSuccess()),
        Objects.requireNonNull(s.refreshAt()),
        Objects.requireNonNull(s.expireAt()));
  }
}
