package dev.tandem.api;

import dev.tandem.control.sync.SyncStatus;
import dev.tandem.control.sync.SyncTargets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.xbill.DNS.Name;

/**
 * What {@code /metrics} shows of primary/primary sync, per target ({@code zone}, {@code target},
 * {@code kind}), refreshed before each scrape:
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
public final class SyncMetrics {
  private final SyncTargets sync;
  private final List<Gauge> gauges = new ArrayList<>();

  private record Gauge(MultiGauge gauge, ToDoubleFunction<Row> value) {}

  private record Row(Name zone, SyncStatus status, long pushed) {}

  private SyncMetrics(MeterRegistry registry, SyncTargets sync) {
    this.sync = sync;
    add(
        registry,
        "tandem.sync.state",
        "each sync target's state, worse is higher",
        r -> rank(r.status().state()));
    add(
        registry,
        "tandem.sync.behind.changes",
        "our changes not yet at the target",
        r -> r.status().behind());
    add(
        registry,
        "tandem.sync.conflicts",
        "RRsets changed at the target outside Tandem",
        r -> r.status().conflicts().size());
    add(
        registry,
        "tandem.sync.refused.rrsets",
        "RRsets the target refused",
        r -> r.status().refused().size());
    add(
        registry,
        "tandem.sync.pushed.rrsets",
        "RRsets pushed to the target since start",
        Row::pushed);
  }

  private void add(
      MeterRegistry registry, String name, String description, ToDoubleFunction<Row> value) {
    gauges.add(
        new Gauge(MultiGauge.builder(name).description(description).register(registry), value));
  }

  /** Registers the gauges; {@link #refresh} brings them up to date. */
  public static SyncMetrics register(MeterRegistry registry, SyncTargets sync) {
    SyncMetrics m = new SyncMetrics(registry, sync);
    m.refresh();
    return m;
  }

  /** Reads every target's status into the gauges (targets come and go). */
  public void refresh() {
    List<Row> rows = new ArrayList<>();
    sync.all()
        .forEach(
            (zone, list) ->
                list.forEach(s -> rows.add(new Row(zone, s, sync.pushed(zone, s.name())))));
    for (Gauge g : gauges) {
      g.gauge()
          .register(
              rows.stream()
                  .map(
                      r ->
                          MultiGauge.Row.of(
                              Tags.of(
                                  "zone", r.zone().toString(),
                                  "target", r.status().name(),
                                  "kind", r.status().kind()),
                              g.value().applyAsDouble(r)))
                  .toList(),
              true);
    }
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
