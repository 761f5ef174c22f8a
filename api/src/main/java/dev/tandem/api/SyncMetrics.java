package dev.tandem.api;

import dev.tandem.control.sync.SyncStatus;
import dev.tandem.control.sync.SyncTargets;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.xbill.DNS.Name;

/**
 * What {@code /metrics} shows of primary/primary sync, per target ({@code zone}, {@code target},
 * {@code kind}), from one status per target taken at the scrape (a collector, as {@link
 * ZoneGauges}):
 *
 * <ul>
 *   <li>{@code tandem_sync_state}: 0 in-sync, 1 pushing, 2 behind, 3 new (not yet applied), 4
 *       conflict, 5 unreachable, 6 failing (worse is higher: alert on {@code > 2});
 *   <li>{@code tandem_sync_behind_changes}: our changes not yet there (-1 unknown);
 *   <li>{@code tandem_sync_conflicts}, {@code tandem_sync_refused_rrsets}: RRsets changed there
 *       outside Tandem, and RRsets it refused;
 *   <li>{@code tandem_sync_pushed_rrsets}: RRsets pushed there since start.
 * </ul>
 */
public final class SyncMetrics implements MultiCollector {
  private record Row(Name zone, SyncStatus status, long pushed) {}

  private record Gauge(String name, String help, ToDoubleFunction<Row> value) {}

  private static final List<Gauge> GAUGES =
      List.of(
          new Gauge(
              "tandem_sync_state",
              "0 in-sync, 1 pushing, 2 behind, 3 new, 4 conflict, 5 unreachable, 6 failing",
              r -> rank(r.status().state())),
          new Gauge(
              "tandem_sync_behind_changes",
              "our changes not yet at the target (-1 unknown)",
              r -> r.status().behind()),
          new Gauge(
              "tandem_sync_conflicts",
              "RRsets changed at the target outside Tandem",
              r -> r.status().conflicts().size()),
          new Gauge(
              "tandem_sync_refused_rrsets",
              "RRsets the target refused",
              r -> r.status().refused().size()),
          new Gauge(
              "tandem_sync_pushed_rrsets", "RRsets pushed to the target since start", Row::pushed));

  private final SyncTargets sync;

  private SyncMetrics(SyncTargets sync) {
    this.sync = sync;
  }

  /** Registers the collector with the registry {@code /metrics} serves. */
  public static void register(
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry, SyncTargets sync) {
    registry.getPrometheusRegistry().register(new SyncMetrics(sync));
  }

  @Override
  public MetricSnapshots collect() {
    return collect(name -> true);
  }

  @Override
  public MetricSnapshots collect(Predicate<String> included) {
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    List<Gauge> wanted = GAUGES.stream().filter(g -> included.test(g.name())).toList();
    if (wanted.isEmpty()) {
      return out.build();
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Name, List<SyncStatus>> e : sync.all().entrySet()) {
      for (SyncStatus s : e.getValue()) {
        rows.add(new Row(e.getKey(), s, sync.pushed(e.getKey(), s.name())));
      }
    }
    for (Gauge g : wanted) {
      GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(g.name()).help(g.help());
      for (Row r : rows) {
        family.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(
                    Labels.of(
                        "kind", r.status().kind(),
                        "target", r.status().name(),
                        "zone", r.zone().toString()))
                .value(g.value().applyAsDouble(r))
                .build());
      }
      out.metricSnapshot(family.build());
    }
    return out.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return GAUGES.stream().map(Gauge::name).toList();
  }

  private static int rank(SyncStatus.State s) {
    return switch (s) {
      case IN_SYNC -> 0;
      case PUSHING -> 1;
      case BEHIND -> 2;
      case NEW -> 3;
      case CONFLICT -> 4;
      case UNREACHABLE -> 5;
      case FAILING -> 6;
    };
  }
}
