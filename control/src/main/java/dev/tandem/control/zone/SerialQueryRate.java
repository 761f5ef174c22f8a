package dev.tandem.control.zone;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many SOA checks NOTIFYs may start per second, all secondary zones together: BIND's {@code
 * serial-query-rate} (20 by default there and here). A NOTIFY costs its sender one datagram and,
 * for a secondary whose primary has no key, its source address can be forged; without a bound, a
 * flood of them becomes a flood of SOA queries to the primaries.
 *
 * <p>The generic cell rate algorithm, delaying rather than refusing: a check asked for is given the
 * time it may start, a second's worth of checks at once after a quiet spell, then one every 1/rate
 * s. One compare-and-set, no lock (it is asked on network threads).
 */
public final class SerialQueryRate {
  /** BIND's default. */
  public static final int DEFAULT = 20;

  /** No bound. */
  public static final SerialQueryRate UNLIMITED = new SerialQueryRate(0);

  private final long intervalMillis;
  private final long burstMillis;
  private final AtomicLong theoretical = new AtomicLong(Long.MIN_VALUE / 2);

  /**
   * @param perSecond checks per second, 0 for no bound
   */
  public SerialQueryRate(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("the serial query rate must be 0 (no bound) or more");
    }
    this.intervalMillis = perSecond == 0 ? 0 : Math.max(1, 1000 / perSecond);
    this.burstMillis = perSecond == 0 ? 0 : intervalMillis * perSecond;
  }

  /** When a check asked for at {@code now} may start: {@code now}, or later. */
  public Instant reserve(Instant now) {
    if (intervalMillis == 0) {
      return now;
    }
    long n = now.toEpochMilli();
    while (true) {
      long t = theoretical.get();
      long next = Math.max(t, n) + intervalMillis;
      if (theoretical.compareAndSet(t, next)) {
        return Instant.ofEpochMilli(Math.max(n, next - burstMillis));
      }
    }
  }
}
