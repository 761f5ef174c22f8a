package dev.tandem.api;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.zone.ManagedZone;
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
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The per-zone gauges of {@code /metrics}, written from one status per zone (and one report per
 * zone of the checks) taken at the scrape, and the counts of zones by state.
 *
 * <p>Not Micrometer gauges: a server of 10,000 zones has 100,000 of them, and a Micrometer gauge
 * per series (each reading the zone's status again, registered and removed as zones come and go)
 * made one scrape cost 1.7-6 s of CPU on this project's bench machine. A collector builds the same
 * series from one pass over the zones.
 *
 * <p>Per-zone series are bounded by {@code perZone} ({@code --metrics-zones}): every zone's while
 * there are no more zones than that, else only those of the zones that need an operator's eye
 * (expired, refresh failing, a NOTIFY given up or retried, stale signatures; for the checks, not
 * ok), at most {@code perZone} of them. Unbounded, 100,000 catalog members made one scrape of 56 MB
 * and 1,000,000 series, 3.5-4.4 s to write; two scrapes a second, each abandoned by its client
 * while the server went on writing it, grew the heap to 6 GB and left the server collecting
 * garbage. {@code tandem_zones{state}} and {@code tandem_zones_consistency{state}} count every
 * zone, and {@code tandem_zone_series_omitted} says how many zones a scrape left out.
 */
final class ZoneGauges implements MultiCollector {
  /** One per-zone gauge: its Prometheus name, help text, and value from the zone's status. */
  private record Gauge(String name, String help, ToDoubleFunction<ZoneStatus> value) {}

  /** One gauge per server of a zone, from the checks' last round. */
  private record PeerGauge(
      String name, String help, ToDoubleFunction<ZoneReport.ServerReport> value) {}

  private static final String STATE = "tandem_zone_consistency_state";
  private static final String ZONES = "tandem_zones";
  private static final String CONSISTENCY = "tandem_zones_consistency";
  private static final String OMITTED = "tandem_zone_series_omitted";

  private final ControlPlane control;
  private final Clock clock;
  private final @Nullable Monitor monitor;
  private final int perZone;
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

  /**
   * @param perZone how many zones at most have per-zone series (every zone's while there are no
   *     more; 0: none)
   */
  ZoneGauges(ControlPlane control, Clock clock, @Nullable Monitor monitor, int perZone) {
    if (perZone < 0) {
      throw new IllegalArgumentException("per-zone series for " + perZone + " zones");
    }
    this.control = control;
    this.clock = clock;
    this.monitor = monitor;
    this.perZone = perZone;
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
                ZoneGauges::notifyFailing));
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
    boolean counted = included.test(ZONES);
    boolean omitted = included.test(OMITTED);
    if (!wanted.isEmpty() || counted || omitted) {
      zones(wanted, counted, omitted, out);
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
    names.add(ZONES);
    names.add(OMITTED);
    if (monitor != null) {
      names.add(STATE);
      names.add(CONSISTENCY);
      peers.forEach(p -> names.add(p.name()));
    }
    return names;
  }

  /** The zones' own gauges, their counts by state, and how many zones were left out. */
  private void zones(
      List<Gauge> wanted, boolean counted, boolean omitted, MetricSnapshots.Builder out) {
    Collection<ManagedZone> all = control.zonesInAnyOrder();
    boolean every = all.size() <= perZone;
    int[] byState = new int[ZoneStatus.State.values().length];
    List<ZoneStatus> shown = new ArrayList<>(Math.min(all.size(), perZone));
    int left = 0;
    for (ManagedZone zone : all) {
      ZoneStatus z = zone.status(); // one at a time: a million zones' statuses are never all held
      byState[z.state().ordinal()]++;
      if ((every || needsAttention(z)) && shown.size() < perZone) {
        shown.add(z);
      } else {
        left++;
      }
    }
    if (!wanted.isEmpty()) {
      List<Labels> labels = new ArrayList<>(shown.size());
      for (ZoneStatus z : shown) {
        labels.add(Labels.of("zone", z.zone().toString()));
      }
      for (Gauge g : wanted) {
        GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(g.name()).help(g.help());
        for (int i = 0; i < shown.size(); i++) {
          family.dataPoint(point(labels.get(i), g.value().applyAsDouble(shown.get(i))));
        }
        out.metricSnapshot(family.build());
      }
    }
    if (counted) {
      GaugeSnapshot.Builder family =
          GaugeSnapshot.builder().name(ZONES).help("zones, by state (tandem zone list's words)");
      for (ZoneStatus.State s : ZoneStatus.State.values()) {
        family.dataPoint(point(Labels.of("state", s.word()), byState[s.ordinal()]));
      }
      out.metricSnapshot(family.build());
    }
    if (omitted) {
      out.metricSnapshot(
          GaugeSnapshot.builder()
              .name(OMITTED)
              .help(
                  "zones without per-zone series in this scrape (more zones than --metrics-zones:"
                      + " only those needing attention are shown)")
              .dataPoint(point(Labels.EMPTY, left))
              .build());
    }
  }

  /**
   * Whether a zone's series are shown when not every zone's are: expired, failing to refresh, a
   * NOTIFY given up or retried, signatures soon to expire. (Loading is not: a catalog's new members
   * all load at once, and {@code tandem_zones} counts them.)
   */
  private static boolean needsAttention(ZoneStatus z) {
    return z.state() == ZoneStatus.State.EXPIRED
        || z.lastError() != null
        || (z.signatures() != null && z.signatures().stale())
        || notifyFailing(z) > 0;
  }

  /** Secondaries whose last NOTIFY was given up or is being retried. */
  private static long notifyFailing(ZoneStatus z) {
    return z.notified().stream()
        .filter(
            n ->
                n.state() == NotifyOutcome.State.RETRYING
                    || n.state() == NotifyOutcome.State.FAILED)
        .count();
  }

  /**
   * The checks' gauges: a state per zone, and per server of the zone its lag and reachability, for
   * every zone while there are no more than {@link #perZone}, else for those not ok; and the zones
   * counted by state.
   */
  private void checks(Monitor m, Predicate<String> included, MetricSnapshots.Builder out) {
    boolean state = included.test(STATE);
    boolean counted = included.test(CONSISTENCY);
    List<PeerGauge> wanted = peers.stream().filter(p -> included.test(p.name())).toList();
    if (!state && !counted && wanted.isEmpty()) {
      return;
    }
    List<ZoneReport> reports = m.reports();
    boolean every = reports.size() <= perZone;
    int[] byState = new int[ConsistencyState.values().length];
    List<ZoneReport> shown = new ArrayList<>(Math.min(reports.size(), perZone));
    for (ZoneReport r : reports) {
      byState[r.state().ordinal()]++;
      if ((every || r.state() != ConsistencyState.OK) && shown.size() < perZone) {
        shown.add(r);
      }
    }
    if (counted) {
      GaugeSnapshot.Builder family =
          GaugeSnapshot.builder().name(CONSISTENCY).help("zones checked, by consistency state");
      for (ConsistencyState s : ConsistencyState.values()) {
        family.dataPoint(point(Labels.of("state", s.word()), byState[s.ordinal()]));
      }
      out.metricSnapshot(family.build());
    }
    if (state) {
      GaugeSnapshot.Builder family =
          GaugeSnapshot.builder()
              .name(STATE)
              .help("0 ok, 1 lagging, 2 drifted, 3 lame, 4 unreachable");
      for (ZoneReport r : shown) {
        family.dataPoint(point(Labels.of("zone", r.zone().toString()), r.state().ordinal()));
      }
      out.metricSnapshot(family.build());
    }
    for (PeerGauge p : wanted) {
      GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(p.name()).help(p.help());
      for (ZoneReport r : shown) {
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
