package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.ConsistencyState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A transition that held for the grace period, as the sinks receive it: once per transition.
 *
 * @param id what identifies this alert, the same on every retry of its delivery
 * @param server the server's address as people write it, or null for the zone as a whole
 * @param name the server's first NS name, or null
 * @param provider the server's provider, or null for the zone
 * @param from the state last alerted for it ({@code ok} if none)
 * @param at when the new state began
 * @param zoneState the zone's state when the alert was made
 * @param findings the findings about it (the zone's own for the zone), with since-when
 */
public record Alert(
    String id,
    Name zone,
    @Nullable String server,
    @Nullable String name,
    @Nullable String provider,
    ConsistencyState from,
    ConsistencyState to,
    Instant at,
    String detail,
    ConsistencyState zoneState,
    List<ZoneReport.FindingReport> findings) {

  public Alert {
    findings = List.copyOf(findings);
  }

  /** Where alerts go: the log, a webhook. Called on the monitor's threads; must not block long. */
  @FunctionalInterface
  public interface Sink {
    void deliver(Alert alert);
  }
}
