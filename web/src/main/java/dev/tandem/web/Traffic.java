package dev.tandem.web;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The traffic charts' data: the server's running totals (responses by RCODE, transfers by
 * direction, as {@code /metrics} has them) read every {@link #EVERY_SECONDS} seconds on one daemon
 * thread, the last hour kept, served as rates per second for uPlot. Nothing is kept across a
 * restart: Prometheus, scraping {@code /metrics}, is the place for history.
 */
final class Traffic {
  static final int EVERY_SECONDS = 5;
  static final int KEPT = 720; // an hour

  private record Sample(Instant at, Map<String, Double> totals) {}

  private final Supplier<Map<String, Double>> totals;
  private final Clock clock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  Traffic(Supplier<Map<String, Double>> totals, Clock clock) {
    this.totals = totals;
    this.clock = clock;
  }

  /** Starts sampling on a daemon thread of its own. */
  void start() {
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tandem-panel-traffic");
              t.setDaemon(true);
              return t;
            });
    s.scheduleAtFixedRate(this::sample, 0, EVERY_SECONDS, TimeUnit.SECONDS);
  }

  synchronized void sample() {
    samples.addLast(new Sample(clock.instant(), Map.copyOf(totals.get())));
    while (samples.size() > KEPT) {
      samples.removeFirst();
    }
  }

  /** {@code GET /stats/{group}.json}: rates per second of the series {@code group/...}. */
  void json(Context ctx) {
    String group = ctx.pathParam("group");
    List<Sample> kept;
    synchronized (this) {
      kept = new ArrayList<>(samples);
    }
    TreeSet<String> names = new TreeSet<>();
    for (Sample s : kept) {
      s.totals().keySet().stream()
          .filter(k -> k.startsWith(group + "/"))
          .forEach(k -> names.add(k.substring(group.length() + 1)));
    }
    // Only the series that ever counted anything (16 RCODEs, most always zero, are noise).
    if (!kept.isEmpty()) {
      Map<String, Double> last = kept.get(kept.size() - 1).totals();
      TreeSet<String> counted = new TreeSet<>();
      names.forEach(
          n -> {
            if (last.getOrDefault(group + "/" + n, 0.0) > 0) {
              counted.add(n);
            }
          });
      if (!counted.isEmpty()) {
        names.retainAll(counted);
      }
    }
    StringBuilder times = new StringBuilder();
    List<StringBuilder> values = new ArrayList<>();
    names.forEach(n -> values.add(new StringBuilder()));
    for (int i = 1; i < kept.size(); i++) {
      Sample a = kept.get(i - 1);
      Sample b = kept.get(i);
      double seconds = Math.max(0.001, (b.at().toEpochMilli() - a.at().toEpochMilli()) / 1000.0);
      times.append(times.isEmpty() ? "" : ",").append(b.at().getEpochSecond());
      int j = 0;
      for (String n : names) {
        double d =
            b.totals().getOrDefault(group + "/" + n, 0.0)
                - a.totals().getOrDefault(group + "/" + n, 0.0);
        StringBuilder v = values.get(j++);
        v.append(v.isEmpty() ? "" : ",")
            .append(String.format(Locale.ROOT, "%.3f", Math.max(0, d) / seconds));
      }
    }
    StringBuilder out = new StringBuilder("{\"unit\":\"per second\",\"times\":[").append(times);
    out.append("],\"series\":[");
    int j = 0;
    for (String n : names) {
      out.append(j++ == 0 ? "" : ",")
          .append('"')
          .append(n.replaceAll("[^A-Za-z0-9_. -]", ""))
          .append('"');
    }
    out.append("],\"values\":[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ",").append('[').append(values.get(i)).append(']');
    }
    out.append("]}");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("application/json").result(out.toString());
  }
}
