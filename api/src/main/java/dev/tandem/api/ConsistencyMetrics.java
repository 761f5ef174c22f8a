package dev.tandem.api;

import dev.tandem.control.monitor.CheckCounters;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.lookup.DnsClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What {@code /metrics} shows of the cross-provider checks, read from the last round of each zone:
 *
 * <ul>
 *   <li>{@code tandem_zone_consistency_state{zone}}: 0 ok, 1 lagging, 2 drifted, 3 lame, 4
 *       unreachable (worse is higher: alert on {@code > 0});
 *   <li>{@code tandem_peer_serial_lag{zone,server,provider}}: seconds the server has been behind
 *       the zone's newest serial, 0 when current, -1 when unknown (no answer);
 *   <li>{@code tandem_peer_reachable{zone,server,provider}}: 1 if it answered over UDP (and TCP
 *       when asked), else 0;
 *   <li>{@code tandem_peer_propagation_seconds{server,provider}}: a histogram of how long new
 *       serials took to reach each server;
 *   <li>{@code tandem_checks_total}: rounds of checks made; {@code tandem_check_queries_total}:
 *       queries the checks sent, {@code tandem_check_queries_unanswered_total} those that got no
 *       answer; {@code tandem_renotify_total}: NOTIFYs sent again to lagging secondaries.
 * </ul>
 */
public final class ConsistencyMetrics {
  private static final double[] PROPAGATION_BUCKETS = {
    1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600
  };

  private ConsistencyMetrics() {}

  /**
   * Registers the counters and the propagation histogram; the per-zone and per-server gauges are
   * {@link ZoneGauges}'.
   */
  public static void register(MeterRegistry registry, Monitor monitor) {
    CheckCounters c = monitor.counters();
    FunctionCounter.builder("tandem.checks", c, CheckCounters::rounds)
        .description("rounds of cross-provider checks made (one zone each)")
        .register(registry);
    FunctionCounter.builder("tandem.renotify", c, CheckCounters::renotified)
        .description(
            "NOTIFYs sent again to secondaries that lagged behind a serial they were told of")
        .register(registry);
    if (monitor.querier() instanceof DnsClient client) {
      DnsClient.Counters q = client.counters();
      FunctionCounter.builder("tandem.check.queries", q, DnsClient.Counters::sent)
          .description("queries the checks sent, retries and TCP included")
          .register(registry);
      FunctionCounter.builder("tandem.check.queries.unanswered", q, DnsClient.Counters::unanswered)
          .description("queries of the checks that got no usable answer")
          .register(registry);
    }
    monitor.onPropagation(
        (server, seconds) ->
            DistributionSummary.builder("tandem.peer.propagation.seconds")
                .description("how long new serials took to reach each server")
                .tag("server", server.label())
                .tag("provider", server.provider())
                .serviceLevelObjectives(PROPAGATION_BUCKETS)
                .register(registry)
                .record(seconds));
  }
}
