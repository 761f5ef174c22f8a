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
 * <p>A node may hold a hundred thousand of these (catalog members): the pending events, and whether
 * one runs or the queue is closed, are bits of one {@code int}, not an {@code EnumSet} and flags;
 * the zone handles its events in a subclass of its own rather than through one more object for a
 * handler, and that subclass names the zone and its workers from what it holds already. Sixteen
 * bytes, half what it was with fields of its own.
 */
public abstract class ZoneEvents {
  private static final Logger log = LoggerFactory.getLogger(ZoneEvents.class);

  private static final ZoneEvent[] EVENTS = ZoneEvent.values();

  private static final int RUNNING = 1 << 30;
  private static final int CLOSED = 1 << 31;
  private static final int PENDING = RUNNING - 1; // bit i: EVENTS[i] is pending

  private int state;

  /** Runs {@code event}: on a worker, one at a time for the zone. */
  protected abstract void handle(ZoneEvent event);

  /** The zone, for a log line. */
  protected abstract Name zone();

  /** Where the events run. */
  protected abstract Executor workers();

  /** Queues {@code event} unless it is already pending. Never blocks. */
  public void post(ZoneEvent event) {
    synchronized (this) {
      int bit = 1 << event.ordinal();
      if ((state & (CLOSED | bit)) != 0) {
        return;
      }
      state |= bit;
      if ((state & RUNNING) != 0) {
        return;
      }
      state |= RUNNING;
    }
    workers().execute(this::drain);
  }

  /** Drops pending events and refuses new ones (the zone is being removed). */
  public synchronized void close() {
    state = CLOSED | (state & RUNNING);
  }

  private void drain() {
    while (true) {
      ZoneEvent next;
      synchronized (this) {
        int pending = state & PENDING;
        if (pending == 0) {
          state &= ~RUNNING;
          return;
        }
        int i = Integer.numberOfTrailingZeros(pending); // the first in declaration order
        next = EVENTS[i];
        state &= ~(1 << i);
      }
      try {
        handle(next);
      } catch (RuntimeException e) {
        log.error("{}: {} failed unexpectedly", zone(), next, e);
      }
    }
  }
}
