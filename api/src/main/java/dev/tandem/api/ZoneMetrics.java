package dev.tandem.api;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.dns.engine.QueryCounters;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.Transfer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Rcode;

/**
 * What {@code /metrics} shows, read at scrape time from counters the planes keep themselves.
 *
 * <p>Per zone, gauges from the control plane's status ({@link ZoneGauges}): the serial served and
 * the primary's, seconds until expiry and since the last successful refresh, and whether the zone
 * is expired ({@code tandem_zone_expired} 1) or failing ({@code tandem_zone_refresh_failing} 1),
 * transfer requests refused, and secondaries not acknowledging NOTIFY; for every zone while there
 * are no more than {@code --metrics-zones}, else for those needing attention. {@code
 * tandem_zones{state}} counts the zones by state.
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
  /**
   * Zones with per-zone series by default ({@code --metrics-zones}): 100,000 series, a scrape of
   * about 6 MB.
   */
  public static final int DEFAULT_PER_ZONE = 10_000;

  private ZoneMetrics() {}

  /**
   * Registers the per-zone gauges (and, with {@code monitor}, the checks' per-zone and per-server
   * ones), the control plane's counters, and those of {@code queries} (the responder's).
   *
   * @param perZone how many zones at most have per-zone series: every zone's while there are no
   *     more, else those needing attention ({@link ZoneGauges})
   */
  public static void register(
      PrometheusMeterRegistry registry,
      ControlPlane control,
      Clock clock,
      QueryCounters queries,
      @Nullable Monitor monitor,
      int perZone) {
    registerCounters(registry, control.metrics());
    registerRefusals(registry, control.refusals());
    registry.getPrometheusRegistry().register(new ZoneGauges(control, clock, monitor, perZone));
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
          .description(
              "NOTIFYs, UPDATEs and transfers out refused for who sent them, by request and reason")
          .tag("request", reason.request())
          .tag("reason", reason.label())
          .register(registry);
    }
  }
}
