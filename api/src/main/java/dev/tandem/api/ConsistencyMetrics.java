package dev.tandem.api;

import dev.tandem.control.monitor.CheckCounters;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.lookup.DnsClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

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

  /** Registers the counters and the propagation histogram, then the gauges of every zone now. */
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
    refresh(registry, monitor);
  }

  /** The gauges registered, by "zone" and "zone server provider", per registry. */
  private static final java.util.Map<MeterRegistry, Set<String>> REGISTERED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * Brings the per-zone and per-server gauges up to date with the last rounds (zones and servers
   * come and go): called before each scrape. Costs a set lookup per gauge when nothing changed;
   * registers what is new and removes what went.
   */
  public static synchronized void refresh(MeterRegistry registry, Monitor monitor) {
    Set<String> registered = REGISTERED.computeIfAbsent(registry, r -> new HashSet<>());
    Set<String> now = new HashSet<>();
    Set<String> zones = new HashSet<>();
    Set<String> servers = new HashSet<>();
    for (ZoneReport r : monitor.reports()) {
      String zone = r.zone().toString();
      zones.add(zone);
      now.add(zone);
      if (!registered.contains(zone)) {
        Gauge.builder(
                "tandem.zone.consistency.state",
                monitor,
                m -> m.report(r.zone()).map(x -> (double) x.state().ordinal()).orElse(0.0))
            .description("0 ok, 1 lagging, 2 drifted, 3 lame, 4 unreachable")
            .tag("zone", zone)
            .register(registry);
      }
      for (ZoneReport.ServerReport s : r.servers()) {
        Server server = s.server();
        String key = zone + " " + server.label() + " " + server.provider();
        servers.add(zone + " " + server.label());
        now.add(key);
        if (registered.contains(key)) {
          continue;
        }
        peer(
            registry,
            monitor,
            r,
            server,
            "tandem.peer.serial.lag",
            "seconds behind the newest serial (0 current, -1 unknown)",
            x -> x.lagSeconds());
        peer(
            registry,
            monitor,
            r,
            server,
            "tandem.peer.reachable",
            "1 if the server answers (UDP, and TCP when asked), else 0",
            x -> x.udp() && !Boolean.FALSE.equals(x.tcp()) ? 1 : 0);
      }
    }
    boolean someWent = !now.containsAll(registered);
    registered.clear();
    registered.addAll(now);
    if (!someWent) {
      return;
    }
    for (Meter m : List.copyOf(registry.getMeters())) {
      String name = m.getId().getName();
      String zone = m.getId().getTag("zone");
      String server = m.getId().getTag("server");
      boolean gone =
          name.equals("tandem.zone.consistency.state") && zone != null && !zones.contains(zone)
              || name.startsWith("tandem.peer.")
                  && zone != null
                  && server != null
                  && !servers.contains(zone + " " + server);
      if (gone) {
        registry.remove(m);
      }
    }
  }

  private static void peer(
      MeterRegistry registry,
      Monitor monitor,
      ZoneReport r,
      Server server,
      String name,
      String description,
      ToDoubleFunction<ZoneReport.ServerReport> value) {
    String label = server.label();
    Gauge.builder(
            name,
            monitor,
            m -> {
              @Nullable ZoneReport now = m.report(r.zone()).orElse(null);
              ZoneReport.ServerReport row = now == null ? null : now.server(label);
              return row == null ? -1 : value.applyAsDouble(row);
            })
        .description(description)
        .tag("zone", r.zone().toString())
        .tag("server", label)
        .tag("provider", server.provider())
        .register(registry);
  }
}
