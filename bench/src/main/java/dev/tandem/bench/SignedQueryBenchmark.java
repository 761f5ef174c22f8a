package dev.tandem.bench;

import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * The engine's cost for the queries past the hot path that are still queries: one signed with TSIG
 * (verified, answered, signed: RFC 8945) and an SOA query asking for EDNS EXPIRE (RFC 7314), as
 * secondaries send on every refresh. Sockets excluded. The signed request is made at setup and
 * stays within the 300-second fudge for the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignedQueryBenchmark {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final TSIG KEY =
      new TSIG(TSIG.HMAC_SHA256, "bench.key.", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=");

  @Param({"signed-a", "expire-soa"})
  public String kind = "signed-a";

  private Responder responder = new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults());
  private Responder.Session session = responder.newSession();
  private byte[] query = new byte[0];

  /** One key, and an EXPIRE for every zone: all these queries need of the control plane. */
  private static final ControlPort PORT =
      new ControlPort() {
        @Override
        public @Nullable TSIG key(Name name) {
          return name.equals(BenchZones.name("bench.key.")) ? KEY : null;
        }

        @Override
        public boolean mayTransfer(
            Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
          return false;
        }

        @Override
        public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
          return Rcode.NOTAUTH;
        }

        @Override
        public long expireSeconds(Name zone) {
          return 1209600;
        }
      };

  @Setup(Level.Trial)
  public void setUp() {
    Name origin = BenchZones.name("example.test.");
    ZoneBuilder b =
        BenchZones.builder(
            origin,
            "@ SOA ns1 hostmaster 2024010101 3600 900 1209600 300",
            "@ NS ns1",
            "ns1 A 192.0.2.2",
            "www A 192.0.2.80");
    ZoneSnapshot zone = b.build();
    ServedZones served = ServedZones.of(List.of(zone));
    responder = new Responder(() -> served, ResponderConfig.defaults(), PORT);
    session = responder.newSession();
    if (kind.equals("signed-a")) {
      Message q =
          Message.newQuery(
              Record.newRecord(BenchZones.name("www.example.test."), Type.A, DClass.IN));
      q.setTSIG(KEY);
      query = q.toWire(65535); // with a size, dnsjava signs
    } else {
      Message q = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN));
      q.addRecord(
          new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(9, new byte[0]))),
          Section.ADDITIONAL);
      query = q.toWire();
    }
  }

  @Benchmark
  public int answer() {
    int n = responder.respond(session, query, query.length, Transport.UDP, LOOPBACK);
    if (n == 0 || (session.response()[3] & 0xf) != Rcode.NOERROR) {
      throw new IllegalStateException("the benchmark's query was not answered NOERROR");
    }
    return n;
  }
}
