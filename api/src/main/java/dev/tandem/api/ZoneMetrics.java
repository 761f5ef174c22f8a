package dev.tandem.api;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.SignatureStatus;
import dev.tandem.control.ZoneStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Per-zone gauges, read from the control plane's status at scrape time: the serial served and the
 * primary's, seconds until expiry and since the last successful refresh, and whether the zone is
 * expired ({@code tandem_zone_expired} 1) or failing ({@code tandem_zone_refresh_failing} 1),
 * transfer requests refused, and secondaries not acknowledging NOTIFY.
 */
public final class ZoneMetrics {
  private ZoneMetrics() {}

  /** Registers the gauges of every zone {@code control} has now. */
  public static void register(MeterRegistry registry, ControlPlane control, Clock clock) {
    for (ZoneStatus s : control.status()) {
      Name zone = s.zone();
      gauge(
          registry,
          "tandem.zone.serial",
          "serial being served (-1: none)",
          control,
          zone,
          ZoneStatus::serial);
      gauge(
          registry,
          "tandem.zone.primary.serial",
          "serial last seen at a primary",
          control,
          zone,
          ZoneStatus::primarySerial);
      gauge(
          registry,
          "tandem.zone.expires.in.seconds",
          "seconds until the zone expires unless refreshed",
          control,
          zone,
          z -> seconds(clock.instant(), z.expiresAt()));
      gauge(
          registry,
          "tandem.zone.since.refresh.seconds",
          "seconds since the last successful refresh",
          control,
          zone,
          z -> -seconds(clock.instant(), z.lastSuccess()));
      gauge(
          registry,
          "tandem.zone.expired",
          "1 if the zone has expired",
          control,
          zone,
          z -> z.state().equals("expired") ? 1 : 0);
      gauge(
          registry,
          "tandem.zone.refresh.failing",
          "1 if the last refresh attempt failed",
          control,
          zone,
          z -> z.lastError() == null ? 0 : 1);
      gauge(
          registry,
          "tandem.zone.transfers.refused",
          "transfer requests refused by the zone's ACL since start",
          control,
          zone,
          ZoneStatus::refusedTransfers);
      gauge(
          registry,
          "tandem.zone.signatures.expire.in.seconds",
          "seconds until the first RRSIG served expires (negative: expired; NaN: unsigned)",
          control,
          zone,
          z -> {
            SignatureStatus sig = z.signatures();
            return sig == null ? Double.NaN : seconds(clock.instant(), sig.earliestExpiry());
          });
      gauge(
          registry,
          "tandem.zone.signatures.stale",
          "1 if the first RRSIG served expires within a day (or a quarter of its validity), or has",
          control,
          zone,
          z -> z.signatures() != null && z.signatures().stale() ? 1 : 0);
      gauge(
          registry,
          "tandem.zone.notify.failing",
          "secondaries whose last NOTIFY was given up or is being retried",
          control,
          zone,
          z ->
              z.notified().stream()
                  .filter(n -> !n.state().equals("acknowledged") && !n.state().equals("sending"))
                  .count());
    }
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String help,
      ControlPlane control,
      Name zone,
      ToDoubleFunction<ZoneStatus> value) {
    Gauge.builder(name, control, c -> c.status(zone).map(value::applyAsDouble).orElse(Double.NaN))
        .description(help)
        .tag("zone", zone.toString())
        .register(registry);
  }

  private static double seconds(Instant now, @Nullable Instant at) {
    return at == null ? Double.NaN : Duration.between(now, at).toMillis() / 1000.0;
  }
}
