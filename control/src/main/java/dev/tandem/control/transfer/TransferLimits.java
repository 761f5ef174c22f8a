package dev.tandem.control.transfer;

import dev.tandem.dns.zone.ZoneLimits;
import java.time.Duration;

/**
 * What one transfer in may cost before it is abandoned: records, bytes, and wall time. On by
 * default, so that a broken or hostile primary (an AXFR that never ends, one that trickles) costs a
 * bounded amount and changes nothing. The records and bytes bound zone files too ({@link #zone}): a
 * zone is as large as it may be whichever way it arrives.
 */
public record TransferLimits(long maxRecords, long maxBytes, Duration timeout) {
  public static final TransferLimits DEFAULT =
      new TransferLimits(
          ZoneLimits.DEFAULT.maxRecords(), ZoneLimits.DEFAULT.maxBytes(), Duration.ofMinutes(15));

  public TransferLimits {
    if (maxRecords < 1 || maxBytes < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("transfer limits must be positive");
    }
  }

  /** The same records and bytes, for a zone from a file or an upload. */
  public ZoneLimits zone() {
    return new ZoneLimits(maxRecords, maxBytes);
  }
}
