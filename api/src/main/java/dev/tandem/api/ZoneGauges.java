package dev.tandem.api;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.control.zone.ZoneStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The per-zone gauges of {@code /metrics}, written from one status per zone (and one report per
 * zone of the checks) taken at the scrape.
 *
 * <p>Not Micrometer gauges: a server of 10,000 zones has 100,000 of them, and a Micrometer gauge
 * per series (each reading the zone's status again, registered and removed as zones come and go)
 * made one scrape cost 1.7-6 s of CPU on this project's bench machine. A collector builds the same
 * series from one pass over the zones.
 */
final class ZoneGauges implements MultiCollector {
  /** One per-zone gauge: its Prometheus name, help text, and value from the zone's status. */
  private record Gauge(String name, String help, ToDoubleFunction<ZoneStatus> value) {}

  /** One gauge per server of a zone, from the checks' last round. */
  private record PeerGauge(
      String name, String help, ToDoubleFunction<ZoneReport.ServerReport> value) {}

  private static final String STATE = "tandem_zone_consistency_state";

  private final ControlPlane control;
  private final Clock clock;
  private final @Nullable Monitor monitor;
  private final List<Gauge> gauges;
  private final List<PeerGauge> peers =
      List.of(
          new PeerGauge(
              "tandem_peer_serial_lag",
              "seconds behind the newest serial (0 current, -1 unknown)",
              ZoneReport.ServerReport::lagSeconds),
          new PeerGauge(
              "tandem_peer_reachable",
              "1 if the server answers (UDP, and TCP when asked), else 0",
              x -> x.udp() && !Boolean.FALSE.equals(x.tcp()) ? 1 : 0));

  ZoneGauges(ControlPlane control, Clock clock, @Nullable Monitor monitor) {
    this.control = control;
    this.clock = clock;
    this.monitor = monitor;
    this.gauges =
        List.of(
            new Gauge("tandem_zone_serial", "serial being served (-1: none)", ZoneStatus::serial),
            new Gauge(
                "tandem_zone_primary_serial",
                "serial last seen at a primary",
                ZoneStatus::primarySerial),
            new Gauge(
                "tandem_zone_expires_in_seconds",
                "seconds until the zone expires unless refreshed",
                z -> seconds(z.expiresAt())),
            new Gauge(
                "tandem_zone_since_refresh_seconds",
                "seconds since the last successful refresh",
                z -> -seconds(z.lastSuccess())),
            new Gauge(
                "tandem_zone_expired",
                "1 if the zone has expired",
                z -> z.state() == ZoneStatus.State.EXPIRED ? 1 : 0),
            new Gauge(
                "tandem_zone_refresh_failing",
                "1 if the last refresh attempt failed",
                z -> z.lastError() == null ? 0 : 1),
            new Gauge(
                "tandem_zone_transfers_refused",
                "transfer requests refused by the zone's ACL since start",
                ZoneStatus::refusedTransfers),
            new Gauge(
                "tandem_zone_signatures_expire_in_seconds",
                "seconds until the first RRSIG served expires (negative: expired; NaN: unsigned)",
                z -> {
                  SignatureStatus sig = z.signatures();
                  return sig == null ? Double.NaN : seconds(sig.earliestExpiry());
                }),
            new Gauge(
                "tandem_zone_signatures_stale",
                "1 if the first RRSIG served expires within a day (or a quarter of its validity),"
                    + " or has",
                z -> z.signatures() != null && z.signatures().stale() ? 1 : 0),
            new Gauge(
                "tandem_zone_notify_failing",
                "secondaries whose last NOTIFY was given up or is being retried",
                z ->
                    z.notified().stream()
                        .filter(
                            n ->
                                n.state() == NotifyOutcome.State.RETRYING
                                    || n.state() == NotifyOutcome.State.FAILED)
                        .count()));
  }

  @Override
  public MetricSnapshots collect() {
    return collect(name -> true);
  }

  /** Only the families asked for ({@code /metrics?name[]=...}): the rest costs nothing. */
  @Override
  public MetricSnapshots collect(Predicate<String> included) {
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    List<Gauge> wanted = gauges.stream().filter(g -> included.test(g.name())).toList();
    if (!wanted.isEmpty()) {
      List<ZoneStatus> all = control.statusInAnyOrder();
      List<Labels> labels = new ArrayList<>(all.size());
      for (ZoneStatus z : all) {
        labels.add(Labels.of("zone", z.zone().toString()));
      }
      for (Gauge g : wanted) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(g.name()).help(g.help());
        for (int i = 0; i < all.size(); i++) {
          family.dataPoint(point(labels.get(i), g.value().applyAsDouble(all.get(i))));
        }
        out.metricSnapshot(family.build());
      }
    }
    Monitor m = monitor;
    if (m != null) {
      checks(m, included, out);
    }
    return out.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> names = new ArrayList<>();
    gauges.forEach(g -> names.add(g.name()));
    if (monitor != null) {
      names.add(STATE);
      peers.forEach(p -> names.add(p.name()));
    }
    return names;
  }

  /** The checks' gauges: a state per zone, and per server of the zone its lag and reachability. */
  private void checks(Monitor m, Predicate<String> included, MetricSnapshots.Builder out) {
    boolean state = included.test(STATE);
    List<PeerGauge> wanted = peers.stream().filter(p -> included.test(p.name())).toList();
    if (!state && wanted.isEmpty()) {
      return;
    }
    List<ZoneReport> reports = m.reports();
    if (state) {
      GaugeSnapshot.Builder family =
          GaugeSnapshot.builder()
              .name(STATE)
              .help("0 ok, 1 lagging, 2 drifted, 3 lame, 4 unreachable");
      for (ZoneReport r : reports) {
        family.dataPoint(point(Labels.of("zone", r.zone().toString()), r.state().ordinal()));
      }
      out.metricSnapshot(family.build());
    }
    for (PeerGauge p : wanted) {
      GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(p.name()).help(p.help());
      for (ZoneReport r : reports) {
        String zone = r.zone().toString();
        java.util.Set<String> seen = new java.util.HashSet<>(); // one series per server label
        for (ZoneReport.ServerReport s : r.servers()) {
          Server server = s.server();
          if (!seen.add(server.label() + " " + server.provider())) {
            continue;
          }
          family.dataPoint(
              point(
                  Labels.of("provider", server.provider(), "server", server.label(), "zone", zone),
                  p.value().applyAsDouble(s)));
        }
      }
      out.metricSnapshot(family.build());
    }
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private double seconds(@Nullable Instant at) {
    return at == null ? Double.NaN : Duration.between(clock.instant(), at).toMillis() / 1000.0;
  }
}
