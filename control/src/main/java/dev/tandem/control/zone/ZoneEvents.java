package dev.tandem.control.zone;

import java.util.EnumSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event queue of one zone: at most one event runs at a time, and each kind of event is pending
 * at most once. A thousand NOTIFYs during a transfer leave one REFRESH to run after it, not a
 * thousand (RFC 1996 section 4.4 asks no more).
 */
public final class ZoneEvents {
  private static final Logger log = LoggerFactory.getLogger(ZoneEvents.class);

  private final String zone;
  private final Executor workers;
  private final Consumer<ZoneEvent> handler;
  private final EnumSet<ZoneEvent> pending = EnumSet.noneOf(ZoneEvent.class);
  private boolean running;
  private boolean closed;

  public ZoneEvents(String zone, Executor workers, Consumer<ZoneEvent> handler) {
    this.zone = zone;
    this.workers = workers;
    this.handler = handler;
  }

  /** Queues {@code event} unless it is already pending. Never blocks. */
  public void post(ZoneEvent event) {
    synchronized (this) {
      if (closed || !pending.add(event) || running) {
        return;
      }
      running = true;
    }
    workers.execute(this::drain);
  }

  /** Drops pending events and refuses new ones (the zone is being removed). */
  public synchronized void close() {
    closed = true;
    pending.clear();
  }

  private void drain() {
    while (true) {
      ZoneEvent next;
      synchronized (this) {
        if (pending.isEmpty()) {
          running = false;
          return;
        }
        next = pending.iterator().next(); // EnumSet iterates in declaration order
        pending.remove(next);
      }
      try {
        handler.accept(next);
      } catch (RuntimeException e) {
        log.error("{}: {} failed unexpectedly", zone, next, e);
      }
    }
  }
}
