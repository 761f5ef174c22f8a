package dev.tandem.bench;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
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
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The engine's cost per query, sockets excluded: parse, look up, render. Run with {@code -prof gc}
 * to see allocation per query (the target is none).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryPathBenchmark {
  private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

  @Param({
    "positive",
    "nxdomain",
    "wildcard",
    "cname",
    "referral",
    "positive-large-zone",
    "positive-tiny-zone"
  })
  public String kind = "positive";

  private Responder responder = new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults());
  private Responder.Session session = responder.newSession();
  private byte[] query = new byte[0];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ZoneSnapshot zone =
        switch (kind) {
          case "positive-large-zone" -> BenchZones.large(1_000_000);
          case "positive-tiny-zone" -> tiny();
          default -> small();
        };
    ServedZones served = ServedZones.of(List.of(zone));
    responder = new Responder(() -> served, ResponderConfig.defaults());
    session = responder.newSession();
    String qname =
        switch (kind) {
          case "positive" -> "host0042.example.test.";
          case "nxdomain" -> "nx12345.example.test.";
          case "wildcard" -> "w99.wild.example.test.";
          case "cname" -> "alias0007.example.test.";
          case "referral" -> "w1.sub.example.test.";
          case "positive-tiny-zone" -> "www.member.test.";
          default -> "n0424242.large.test.";
        };
    query = Message.newQuery(Record.newRecord(Name.fromString(qname), Type.A, DClass.IN)).toWire();
  }

  /** A catalog member's zone: its apex and www, as bench/catalog makes 100,000 of. */
  private static ZoneSnapshot tiny() {
    return BenchZones.builder(
            BenchZones.name("member.test."),
            "@ SOA ns1.bench.net. hostmaster.bench.net. 1 86400 7200 2419200 300",
            "@ NS ns1.bench.net.",
            "@ NS ns2.bench.net.",
            "@ MX 10 mail.bench.net.",
            "@ TXT \"v=spf1 -all\"",
            "www A 192.0.2.80",
            "www AAAA 2001:db8::80")
        .build();
  }

  private static ZoneSnapshot small() {
    Name origin = BenchZones.name("example.test.");
    ZoneBuilder b =
        BenchZones.builder(
            origin,
            "@ SOA ns1 hostmaster 2024010101 3600 900 1209600 300",
            "@ NS ns1",
            "@ NS ns2",
            "ns1 A 192.0.2.2",
            "ns2 A 192.0.2.3",
            "*.wild A 192.0.2.100",
            "sub NS ns1.sub",
            "ns1.sub A 192.0.2.53");
    for (int i = 0; i < 700; i++) {
      b.add(BenchZones.record(String.format("host%04d A 10.0.%d.%d", i, i >> 8, i & 255), origin));
    }
    for (int i = 0; i < 200; i++) {
      b.add(BenchZones.record(String.format("alias%04d CNAME host%04d", i, i * 7 % 700), origin));
    }
    return b.build();
  }

  @Benchmark
  public int answer() {
    return responder.respond(session, query, query.length, Transport.UDP, LOOPBACK);
  }
}
