package dev.tandem.app;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals the control panel's traffic charts sample, read from the same meters {@code
 * /metrics} serves: responses by RCODE ({@code queries/NOERROR}, ...) and transfers by direction
 * ({@code transfers/in}, {@code transfers/out}).
 */
final class Totals {
  private Totals() {}

  static Map<String, Double> of(MeterRegistry registry) {
    Map<String, Double> out = new TreeMap<>();
    add(out, registry, "tandem.queries", "rcode", "queries/");
    add(out, registry, "tandem.transfers", "direction", "transfers/");
    return out;
  }

  private static void add(
      Map<String, Double> out, MeterRegistry registry, String name, String tag, String prefix) {
    for (Meter m : registry.find(name).meters()) {
      String key = prefix + m.getId().getTag(tag);
      for (Measurement x : m.measure()) {
        if (x.getStatistic() == Statistic.COUNT || x.getStatistic() == Statistic.TOTAL) {
          out.merge(key, x.getValue(), Double::sum);
        }
      }
    }
  }
}
