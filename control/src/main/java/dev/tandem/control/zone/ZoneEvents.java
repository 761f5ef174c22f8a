package dev.tandem.control.zone;

import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The event queue of one zone: at most one event runs at a time, and each kind of event is pending
 * at most once. A thousand NOTIFYs during a transfer leave one REFRESH to run after it, not a
 * thousand (RFC 1996 section 4.4 asks no more).
 *
 * <p>A node may hold a hundred thousand of these (catalog members): the pending events are bits of
 * an {@code int}, not an {@code EnumSet}, the zone is its {@code Name}, made text only for a log
 * line, and the zone handles its events in a subclass of its own rather than through one more
 * object for a handler.
 */
public abstract class ZoneEvents {
  private static final Logger log = LoggerFactory.getLogger(ZoneEvents.class);

  private static final ZoneEvent[] EVENTS = ZoneEvent.values();

  private final Name zone;
  private final Executor workers;
  private int pending; // bit i: EVENTS[i] is pending
  private boolean running;
  private boolean closed;

  protected ZoneEvents(Name zone, Executor workers) {
    this.zone = zone;
    this.workers = workers;
  }

  /** Runs {@code event}: on a worker, one at a time for the zone. */
  protected abstract void handle(ZoneEvent event);

  /** Queues {@code event} unless it is already pending. Never blocks. */
  public void post(ZoneEvent event) {
    synchronized (this) {
      int bit = 1 << event.ordinal();
      if (closed || (pending & bit) != 0) {
        return;
      }
      pending |= bit;
      if (running) {
        return;
      }
      running = true;
    }
    workers.execute(this::drain);
  }

  /** Drops pending events and refuses new ones (the zone is being removed). */
  public synchronized void close() {
    closed = true;
    pending = 0;
  }

  private void drain() {
    while (true) {
      ZoneEvent next;
      synchronized (this) {
        if (pending == 0) {
          running = false;
          return;
        }
        int i = Integer.numberOfTrailingZeros(pending); // the first in declaration order
        next = EVENTS[i];
        pending &= ~(1 << i);
      }
      try {
        handle(next);
      } catch (RuntimeException e) {
        log.error("{}: {} failed unexpectedly", zone, next, e);
      }
    }
  }
}
