package dev.tandem.api;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.engine.QueryCounters;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.Transfer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * What {@code /metrics} shows, read at scrape time from counters the planes keep themselves.
 *
 * <p>Per zone, gauges from the control plane's status: the serial served and the primary's, seconds
 * until expiry and since the last successful refresh, and whether the zone is expired ({@code
 * tandem_zone_expired} 1) or failing ({@code tandem_zone_refresh_failing} 1), transfer requests
 * refused, and secondaries not acknowledging NOTIFY.
 *
 * <p>Counters (since start), as Prometheus names them:
 *
 * <ul>
 *   <li>{@code tandem_queries_total{rcode,transport}}: responses the DNS listeners sent, by RCODE
 *       ({@code NOERROR}, {@code NXDOMAIN}, {@code REFUSED}, ..., {@code BADVERS}) and transport
 *       ({@code udp}, {@code tcp}); a zone transfer counts once.
 *   <li>{@code tandem_queries_by_type_total{type}}: QUERYs by question type ({@code A}, {@code
 *       AAAA}, ..., {@code AXFR}, {@code other} for types outside the table).
 *   <li>{@code tandem_transfers_total{direction,type,result}}: zone transfers, {@code in} (from a
 *       primary) or {@code out} (to a secondary), {@code AXFR} or {@code IXFR} (as asked), {@code
 *       ok}, {@code failed} or {@code refused} (by the zone's transfer ACL).
 *   <li>{@code tandem_transfer_history_dropped_total}: transfers out not kept in the history
 *       because too many were waiting to be written (a flood of requests).
 *   <li>{@code tandem_notify_sent_total}: NOTIFY messages sent, retries included; {@code
 *       tandem_notify_failed_total}: NOTIFYs given up (no acknowledgement after every attempt).
 *   <li>{@code tandem_notify_received_total{result}}: NOTIFYs received, {@code accepted}, {@code
 *       refused} (sender, key or TSIG not allowed) or {@code notauth} (no such secondary here).
 *   <li>{@code tandem_updates_total{rcode}}: RFC 2136 UPDATEs to zones served here, by the RCODE
 *       answered.
 *   <li>{@code tandem_api_requests_total{method,surface,status}}: HTTP API requests, counted by
 *       {@link HttpApi}.
 * </ul>
 */
public final class ZoneMetrics {
  private ZoneMetrics() {}

  /**
   * Registers the gauges of every zone {@code control} has now, the control plane's counters, and
   * those of {@code queries} (the responder's).
   */
  public static void register(
      MeterRegistry registry, ControlPlane control, Clock clock, QueryCounters queries) {
    register(registry, control, clock);
    for (Transport t : Transport.values()) {
      for (int rcode = 0; rcode < QueryCounters.RCODES; rcode++) {
        int r = rcode;
        FunctionCounter.builder("tandem.queries", queries, q -> q.responses(r, t))
            .description("responses sent, by RCODE and transport")
            .tag("rcode", QueryCounters.rcodeName(r))
            .tag("transport", t.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
    }
    for (int i = 0; i < QueryCounters.typeSlots(); i++) {
      int slot = i;
      FunctionCounter.builder("tandem.queries.by.type", queries, q -> q.queriesOfTypeSlot(slot))
          .description("queries by question type")
          .tag("type", QueryCounters.typeName(slot))
          .register(registry);
    }
  }

  /** Registers the gauges of every zone {@code control} has now, and its counters. */
  public static void register(MeterRegistry registry, ControlPlane control, Clock clock) {
    registerCounters(registry, control.metrics());
    registerRefusals(registry, control.refusals());
    for (ZoneStatus s : control.status()) {
      zoneGauges(registry, control, clock, s.zone());
    }
  }

  /**
   * Brings the per-zone gauges up to date with the zones there are now (made or deleted through the
   * API since the last scrape): called before each scrape. A zone's gauges are registered once:
   * Micrometer warns about a gauge registered again (and keeps the first).
   */
  public static void refreshZones(MeterRegistry registry, ControlPlane control, Clock clock) {
    // One pass over the meters, not a registry search per zone: a search walks every meter, and
    // with 10,000 zones a scrape took minutes of CPU.
    java.util.Set<String> registered = new java.util.HashSet<>();
    for (io.micrometer.core.instrument.Meter m : registry.getMeters()) {
      String zone = m.getId().getTag("zone");
      if (zone != null && m.getId().getName().equals("tandem.zone.serial")) {
        registered.add(zone);
      }
    }
    java.util.Set<String> now = new java.util.HashSet<>();
    for (ZoneStatus s : control.status()) {
      String zone = s.zone().toString();
      now.add(zone);
      if (!registered.contains(zone)) {
        zoneGauges(registry, control, clock, s.zone());
      }
    }
    for (io.micrometer.core.instrument.Meter m : java.util.List.copyOf(registry.getMeters())) {
      String zone = m.getId().getTag("zone");
      if (zone != null && m.getId().getName().startsWith("tandem.zone.") && !now.contains(zone)) {
        registry.remove(m);
      }
    }
  }

  private static void zoneGauges(
      MeterRegistry registry, ControlPlane control, Clock clock, Name zone) {
    {
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
          z -> z.state() == ZoneStatus.State.EXPIRED ? 1 : 0);
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
                  .filter(
                      n ->
                          n.state() == NotifyOutcome.State.RETRYING
                              || n.state() == NotifyOutcome.State.FAILED)
                  .count());
    }
  }

  private static void registerCounters(MeterRegistry registry, ControlMetrics m) {
    for (Transfer.Direction direction : Transfer.Direction.values()) {
      for (Transfer.Kind type : Transfer.Kind.values()) {
        for (Transfer.Result result : Transfer.Result.values()) {
          FunctionCounter.builder("tandem.transfers", m, c -> c.transfers(direction, type, result))
              .description("zone transfers in and out, by type and result")
              .tag("direction", direction.word())
              .tag("type", type.name())
              .tag("result", result.word())
              .register(registry);
        }
      }
    }
    FunctionCounter.builder("tandem.transfer.history.dropped", m, ControlMetrics::historyDropped)
        .description("transfers out not kept in the history: too many waiting to be written")
        .register(registry);
    FunctionCounter.builder("tandem.notify.sent", m, ControlMetrics::notifySent)
        .description("NOTIFY messages sent, retries included")
        .register(registry);
    FunctionCounter.builder("tandem.notify.failed", m, ControlMetrics::notifyFailed)
        .description("NOTIFYs given up: no acknowledgement after every attempt")
        .register(registry);
    for (String result : ControlMetrics.NOTIFY_RESULTS) {
      FunctionCounter.builder("tandem.notify.received", m, c -> c.notifyReceived(result))
          .description("NOTIFYs received, by what became of them")
          .tag("result", result)
          .register(registry);
    }
    for (int rcode : ControlMetrics.updateRcodes()) {
      FunctionCounter.builder("tandem.updates", m, c -> c.updates(rcode))
          .description("RFC 2136 UPDATEs, by the RCODE answered")
          .tag("rcode", Rcode.string(rcode))
          .register(registry);
    }
  }

  private static void registerRefusals(MeterRegistry registry, RefusalLog refusals) {
    for (RefusalLog.Reason reason : RefusalLog.Reason.values()) {
      FunctionCounter.builder("tandem.refusals", refusals, r -> r.count(reason))
          .description("NOTIFYs and UPDATEs refused for who sent them, by request and reason")
          .tag("request", reason.request())
          .tag("reason", reason.label())
          .register(registry);
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
