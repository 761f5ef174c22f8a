package dev.tandem.control.secondary;

import dev.tandem.control.zone.SerialQueryRate;
import dev.tandem.control.zone.Timers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the SOA check a NOTIFY asks for starts (RFC 1996 section 3.11 leaves it to the secondary):
 * at once, unless one started less than {@link #ZONE_INTERVAL} ago for this zone or the server's
 * {@link SerialQueryRate} is spent; then once, later, for all the NOTIFYs that came meanwhile.
 *
 * <p>So a flood of NOTIFYs, forged or not, costs the primary at most one SOA query a second per
 * zone and the serial query rate in all, while a NOTIFY after a quiet spell is acted on at once. A
 * check that brought a new version lifts the zone's second ({@link #found}): a primary changing the
 * zone several times a second has each change taken at once, as Knot does, and a forged NOTIFY
 * cannot make a new version appear. A NOTIFY only sets a flag (and, for the first one held back, a
 * timer); nothing here waits.
 */
final class NotifyPacing {
  /** The least time between two SOA checks NOTIFYs start for one zone. */
  static final Duration ZONE_INTERVAL = Duration.ofSeconds(1);

  private final Clock clock;
  private final Timers timers;
  private final SerialQueryRate rate;
  private final Runnable check;
  // A plain field set by compare-and-set (WAITING): an AtomicBoolean is one more object for each
  // of a catalog's 100,000 members.
  private volatile boolean waiting;

  private static final VarHandle WAITING;

  static {
    try {
      WAITING = MethodHandles.lookup().findVarHandle(NotifyPacing.class, "waiting", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile Instant lastStart = Instant.EPOCH;

  /**
   * @param check what a NOTIFY starts (posts a refresh; must not block)
   */
  NotifyPacing(Clock clock, Timers timers, SerialQueryRate rate, Runnable check) {
    this.clock = clock;
    this.timers = timers;
    this.rate = rate;
    this.check = check;
  }

  /** A NOTIFY was accepted: starts the check now, or later if one is already due later. */
  void notified() {
    if (WAITING.compareAndSet(this, false, true)) {
      decide();
    }
  }

  /**
   * The zone has a new version from its primary: the next NOTIFY need not wait out the second since
   * the last check (the server's serial query rate still holds).
   */
  void found() {
    lastStart = Instant.EPOCH;
  }

  private void decide() {
    Instant now = clock.instant();
    Instant zoneDue = lastStart.plus(ZONE_INTERVAL);
    if (zoneDue.isAfter(now)) {
      timers.at(zoneDue, this::decide);
      return;
    }
    Instant slot = rate.reserve(now);
    if (slot.isAfter(now)) {
      timers.at(slot, this::start);
      return;
    }
    start();
  }

  private void start() {
    lastStart = clock.instant();
    waiting = false; // a NOTIFY from now on waits for the next turn
    check.run();
  }
}
