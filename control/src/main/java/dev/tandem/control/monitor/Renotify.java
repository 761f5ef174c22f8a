package dev.tandem.control.monitor;

import dev.tandem.control.access.Remote;
import dev.tandem.control.monitor.check.Evaluation;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.transfer.NotifyOutcome;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-healing the monitor does: a secondary we NOTIFY (RFC 1996) that lags behind the serial
 * it was told of gets NOTIFY again, {@link MonitorOptions#renotifyMax} times at most per serial,
 * each counted.
 */
final class Renotify {
  private static final Logger log = LoggerFactory.getLogger(Renotify.class);

  private final WatchedZones zones;
  private final MonitorOptions options;
  private final AtomicLong counter;

  /**
   * @param counter counts each NOTIFY sent again (for the metrics)
   */
  Renotify(WatchedZones zones, MonitorOptions options, AtomicLong counter) {
    this.zones = zones;
    this.options = options;
    this.counter = counter;
  }

  /**
   * NOTIFY again, a few times at most, to a secondary we NOTIFY that is behind the serial we serve
   * and was told of it: it did not acknowledge (it was down), or acknowledged and did not follow.
   */
  void heal(
      WatchedZones.Subject z, Evaluation ev, @Nullable OurVersion ours, Instant now, ZoneWatch w) {
    if (ours == null || ev.referenceSerial() != ours.serial()) {
      return; // we do not have the newest serial ourselves: nothing to tell anyone
    }
    for (Finding f : ev.findings()) {
      InetSocketAddress at = f.server();
      if (f.kind() != Finding.Kind.SERIAL_DRIFT || at == null || zones.isOwn(at)) {
        continue;
      }
      NotifyOutcome told = null;
      for (NotifyOutcome n : z.notified()) {
        if (n.target().equals(Remote.format(at)) && n.serial() == ours.serial()) {
          told = n;
        }
      }
      if (told == null) {
        continue;
      }
      boolean stale =
          told.state() == NotifyOutcome.State.FAILED
              || told.state() == NotifyOutcome.State.ACKNOWLEDGED
                  && Duration.between(told.at(), now).compareTo(options.renotifyAfter()) >= 0;
      String key = Server.label(at) + " " + ours.serial();
      int sent = w.renotified.getOrDefault(key, 0);
      if (!stale || sent >= options.renotifyMax()) {
        continue;
      }
      Remote target = new Remote(at, null);
      for (Remote r : z.notifyTargets()) {
        if (r.address().equals(at)) {
          target = r;
        }
      }
      if (zones.notifyAgain(z.name(), target)) {
        w.renotified.put(key, sent + 1);
        counter.incrementAndGet();
        log.info(
            "{}: {} lags behind serial {} it was notified of ({}); NOTIFY sent again ({} of {})",
            z.name(),
            Server.label(at),
            ours.serial(),
            told.state().word(),
            sent + 1,
            options.renotifyMax());
      }
    }
  }
}
