package dev.tandem.bench;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Applying a small change (an IXFR of a few records: one removed, two added, the SOA replaced) to
 * zones of growing size. The cost must not grow with the zone: this is the property secondary zones
 * rely on (ADR 0002).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class ZoneChangeBenchmark {
  @Param({"10000", "100000", "1000000"})
  public int records = 10_000;

  private ZoneSnapshot zone = BenchZones.large(1);
  private final List<ZoneDiff> diffs = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    zone = BenchZones.large(records);
    Name origin = zone.origin();
    for (int i = 0; i < 64; i++) {
      long serial = 2024010101L;
      Record oldSoa =
          BenchZones.record("@ SOA ns1 hostmaster " + serial + " 3600 900 1209600 300", origin);
      Record newSoa =
          BenchZones.record(
              "@ SOA ns1 hostmaster " + (serial + 1) + " 3600 900 1209600 300", origin);
      diffs.add(
          new ZoneDiff(
              List.of(oldSoa, BenchZones.largeRecord(i * 7919 % records, origin)),
              List.of(
                  newSoa,
                  BenchZones.record("new" + i + " A 192.0.2.7", origin),
                  BenchZones.record("new" + i + ".deep A 192.0.2.8", origin))));
    }
  }

  /** One change applied to the original zone (each diff once per snapshot: no drift). */
  @Benchmark
  public ZoneSnapshot applySmallChange() throws ZoneDiffException {
    ZoneDiff d = diffs.get(next++ & 63);
    return zone.apply(d);
  }
}
