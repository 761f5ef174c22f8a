package dev.tandem.control.transfer;

import java.time.Duration;

/**
 * What one transfer in may cost before it is abandoned: records, bytes, and wall time. On by
 * default, so that a broken or hostile primary (an AXFR that never ends, one that trickles) costs a
 * bounded amount and changes nothing.
 */
public record TransferLimits(long maxRecords, long maxBytes, Duration timeout) {
  public static final TransferLimits DEFAULT =
      new TransferLimits(20_000_000, 4L << 30, Duration.ofMinutes(15));

  public TransferLimits {
    if (maxRecords < 1 || maxBytes < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("transfer limits must be positive");
    }
  }
}
