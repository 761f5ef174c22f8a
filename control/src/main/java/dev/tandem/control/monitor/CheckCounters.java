package dev.tandem.control.monitor;

import java.util.concurrent.atomic.AtomicLong;

/** What the cross-provider checks have done since start, for the metrics. */
public final class CheckCounters {
  final AtomicLong rounds = new AtomicLong();
  final AtomicLong renotified = new AtomicLong();
  final AtomicLong roundMillis = new AtomicLong();

  /** Rounds of checks made (zones checked). */
  public long rounds() {
    return rounds.get();
  }

  /** NOTIFYs sent again to a lagging secondary. */
  public long renotified() {
    return renotified.get();
  }

  /** Time spent in rounds, in milliseconds (wall clock, overlapping rounds counted each). */
  public long roundMillis() {
    return roundMillis.get();
  }
}
