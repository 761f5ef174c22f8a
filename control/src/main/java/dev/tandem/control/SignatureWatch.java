package dev.tandem.control;

import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.dns.zone.ZoneKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Logs each zone whose served signatures come near expiry or have expired (and when they are fresh
 * again): once per change of state, and every check while expired. The same states are in each
 * zone's status and in the metrics.
 */
final class SignatureWatch {
  private static final Logger log = LoggerFactory.getLogger(SignatureWatch.class);
  private static final Duration DELAY = Duration.ofSeconds(10);
  private static final Duration PERIOD = Duration.ofMinutes(5);

  private final ControlPlane registry;

  /** The state last logged per zone; null for an unsigned zone. */
  private final Map<Name, SignatureStatus.State> seen = new ConcurrentHashMap<>();

  SignatureWatch(ControlPlane registry) {
    this.registry = registry;
  }

  void every(ScheduledExecutorService scheduler) {
    scheduler.scheduleWithFixedDelay(
        this::check, DELAY.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
  }

  void check() {
    try {
      for (ManagedZone z : registry.zonesInAnyOrder()) {
        SignatureStatus sig = z.signatures();
        if (sig == null) {
          seen.remove(z.name());
          continue;
        }
        SignatureStatus.State before = seen.put(z.name(), sig.state());
        if (sig.state() == before && sig.state() != SignatureStatus.State.EXPIRED) {
          continue;
        }
        if (sig.stale()) {
          log.warn(
              "{}: served signatures {}: the RRSIG over {} expires at {}{}",
              z.name(),
              sig.state() == SignatureStatus.State.EXPIRED ? "have expired" : "expire soon",
              sig.rrset(),
              sig.earliestExpiry(),
              z.kind() == ZoneKind.SECONDARY
                  ? "; the primary has not re-signed, or its changes do not arrive"
                  : "; re-sign the zone");
        } else if (before != null) {
          log.info(
              "{}: served signatures are fresh again (first expiry {})",
              z.name(),
              sig.earliestExpiry());
        }
      }
    } catch (RuntimeException e) {
      log.error("checking signature freshness failed", e);
    }
  }
}
