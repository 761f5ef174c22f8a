package dev.tandem.control.monitor.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.monitor.check.Finding.Kind;
import dev.tandem.control.monitor.check.ServerObservation.Reach;
import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The checks' rules on observations written by hand: one zone, example.test., served by provider A
 * (ns1.provider-a.test) and provider B (ns1 and ns2.provider-b.test, one of them this node), and
 * what each kind of trouble the seed's users meet looks like in findings and states.
 */
class FindingsTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final Name A1 = Name.fromConstantString("ns1.provider-a.test.");
  static final Name B1 = Name.fromConstantString("ns1.provider-b.test.");
  static final Name B2 = Name.fromConstantString("ns2.provider-b.test.");
  static final List<Name> NS = List.of(A1, B1, B2);

  static final Server SA1 = server("192.0.2.1", A1, "provider-a.test", false);
  static final Server SB1 = server("203.0.113.1", B1, "provider-b.test", true);
  static final Server SB2 = server("203.0.113.2", B2, "provider-b.test", false);

  @Test
  void serversServingTheSameSerialAndNsSetAreOk() {
    Evaluation e = evaluate(round(ok(SA1, 5), ok(SB1, 5), ok(SB2, 5)));
    assertThat(e.findings()).isEmpty();
    assertThat(e.state()).isEqualTo(ConsistencyState.OK);
    assertThat(e.server(SB2.address()).lagSeconds()).isZero();
  }

  @Test
  void aServerBehindTheNewestSerialLagsSinceTheFirstSerialItLacks() {
    Round r = round(ok(SA1, 7), ok(SB1, 7), ok(SB2, 5));
    r.serial = 7;
    r.serials.put(6L, NOW.minusSeconds(600));
    r.serials.put(7L, NOW.minusSeconds(60));
    Evaluation e = evaluate(r);
    assertThat(kinds(e)).containsExactly(Kind.SERIAL_DRIFT);
    Finding f = e.findings().get(0);
    assertThat(f.server()).isEqualTo(SB2.address());
    assertThat(f.detail()).contains("serves serial 5, behind 7 for 10 min");
    assertThat(e.server(SB2.address()))
        .isEqualTo(new Evaluation.ServerState(ConsistencyState.LAGGING, 600));
    assertThat(e.state()).isEqualTo(ConsistencyState.LAGGING);
  }

  @Test
  void aServerThatDoesNotAnswerIsUnreachableAndSaysWhatTcpDid() {
    ServerObservation silent =
        ServerObservation.silent(
            SB2, Reach.failed("timed out after 2 tries"), Reach.failed("connection refused"));
    Evaluation e = evaluate(round(ok(SA1, 5), ok(SB1, 5), silent));
    assertThat(kinds(e)).containsExactly(Kind.UNREACHABLE);
    assertThat(e.findings().get(0).detail())
        .contains("does not answer over UDP: timed out after 2 tries")
        .contains("over TCP: connection refused");
    assertThat(e.server(SB2.address()).state()).isEqualTo(ConsistencyState.UNREACHABLE);
    assertThat(e.server(SB2.address()).lagSeconds()).isEqualTo(-1);
    assertThat(e.state()).isEqualTo(ConsistencyState.UNREACHABLE);
  }

  @Test
  void aServerAnsweringOverUdpButNotTcpIsUnreachableToo() {
    ServerObservation o = ok(SB2, 5);
    o = with(o, Reach.failed("TCP connection refused"));
    Evaluation e = evaluate(round(ok(SA1, 5), ok(SB1, 5), o));
    assertThat(kinds(e)).containsExactly(Kind.UNREACHABLE);
    assertThat(e.findings().get(0).detail()).contains("answers over UDP but not over TCP");
  }

  @Test
  void refusedOrNotAuthoritativeIsLame() {
    ServerObservation refused =
        new ServerObservation(
            SB2, Reach.OK, null, 100, Rcode.REFUSED, false, -1, -1, null, null, null, null);
    ServerObservation noAa =
        new ServerObservation(SA1, Reach.OK, null, 100, 0, false, 5, -1, null, null, null, null);
    Evaluation e = evaluate(round(noAa, ok(SB1, 5), refused));
    assertThat(kinds(e)).containsExactly(Kind.LAME, Kind.LAME);
    assertThat(e.findings().get(0).detail()).contains("not authoritative").contains("no AA flag");
    assertThat(e.findings().get(1).detail()).contains("REFUSED");
    assertThat(e.state()).isEqualTo(ConsistencyState.LAME);
  }

  @Test
  void anNsSetThatListsOneProviderOnlyIsFoundAtTheServerServingIt() {
    ServerObservation a = withNs(ok(SA1, 5), List.of(A1));
    Evaluation e = evaluate(round(a, ok(SB1, 5), ok(SB2, 5)));
    assertThat(kinds(e)).containsExactly(Kind.NS_SET_DIFFERS, Kind.NS_SET_MISSING_PROVIDER);
    assertThat(e.findings().get(0).detail())
        .contains("lacking ns1.provider-b.test., ns2.provider-b.test.");
    Finding missing = e.findings().get(1);
    assertThat(missing.server()).isEqualTo(SA1.address());
    assertThat(missing.subject()).isEqualTo("provider-b.test");
    assertThat(missing.detail())
        .isEqualTo(
            "the NS set 192.0.2.1 (provider-a.test) serves lists no server of provider-b.test");
    assertThat(e.server(SA1.address()).state()).isEqualTo(ConsistencyState.DRIFTED);
  }

  @Test
  void aDelegationToOneProviderOnlyIsFound() {
    Round r = round(ok(SA1, 5), ok(SB1, 5), ok(SB2, 5));
    r.delegation = found(List.of(A1), List.of());
    Evaluation e = evaluate(r);
    assertThat(kinds(e)).containsExactly(Kind.DELEGATION_DIFFERS, Kind.DELEGATION_MISSING_PROVIDER);
    assertThat(e.findings().get(0).detail())
        .isEqualTo(
            "the delegation at test. differs from the zone's NS set; it lacks"
                + " ns1.provider-b.test., ns2.provider-b.test.");
    assertThat(e.findings().get(1).detail())
        .isEqualTo("the delegation at test. lists no server of provider-b.test");
    assertThat(e.findings().get(1).server()).isNull();
    assertThat(e.state()).isEqualTo(ConsistencyState.DRIFTED);
  }

  @Test
  void glueThatIsNotTheServersAddressIsFound() {
    Round r = round(ok(SA1, 5), ok(SB1, 5), ok(SB2, 5));
    r.addresses.put(A1, new Addresses(A1, List.of(ip("192.0.2.1")), null));
    Map<Name, List<InetAddress>> glue = Map.of(A1, List.of(ip("192.0.2.99")));
    r.delegation = found(NS, List.of()).withGlue(glue);
    Evaluation e = evaluate(r);
    assertThat(kinds(e)).containsExactly(Kind.DELEGATION_DIFFERS);
    assertThat(e.findings().get(0).evidence())
        .containsExactly("glue: 192.0.2.99", "address: 192.0.2.1");
  }

  @Test
  void aParentThatHasNoDelegationIsNotDelegated() {
    Round r = round(ok(SA1, 5), ok(SB1, 5), ok(SB2, 5));
    r.delegation =
        new Delegation.NotDelegated(ZONE, Name.fromConstantString("test."), "NXDOMAIN at test.");
    assertThat(kinds(evaluate(r))).containsExactly(Kind.NOT_DELEGATED);
  }

  @Test
  void contentDriftAtTheSameSerialNamesTheRrset() {
    RrSetDifference d =
        new RrSetDifference(
            Name.fromConstantString("www.example.test."),
            org.xbill.DNS.Type.A,
            List.of("300 192.0.2.80"),
            List.of("300 192.0.2.99"));
    ServerObservation b2 = withContent(ok(SB2, 5), new Content("AXFR", 4, List.of(d), 0, null));
    Evaluation e = evaluate(round(ok(SA1, 5), ok(SB1, 5), b2));
    assertThat(kinds(e)).containsExactly(Kind.CONTENT_DRIFT);
    assertThat(e.findings().get(0).detail())
        .contains("other contents at the same serial (AXFR): 1 RRset differs, www.example.test. A");
    assertThat(e.findings().get(0).evidence())
        .containsExactly("www.example.test. A: here 300 192.0.2.80, there 300 192.0.2.99");
    assertThat(e.server(SB2.address()).state()).isEqualTo(ConsistencyState.DRIFTED);
  }

  @Test
  void anExpiredSignatureAtAnotherProviderIsFoundAndOneExpiringSoonIsWarned() {
    ServerObservation expired =
        withSignature(ok(SA1, 5), "example.test. SOA", NOW.minus(Duration.ofHours(1)));
    ServerObservation soon =
        withSignature(ok(SB2, 5), "example.test. DNSKEY", NOW.plus(Duration.ofDays(1)));
    Evaluation e = evaluate(round(expired, ok(SB1, 5), soon));
    assertThat(kinds(e)).containsExactly(Kind.SIGNATURE_EXPIRED, Kind.SIGNATURE_EXPIRING);
    assertThat(e.findings().get(0).detail())
        .contains("192.0.2.1 serves a signature of example.test. SOA that expired at");
    assertThat(e.server(SA1.address()).state()).isEqualTo(ConsistencyState.DRIFTED);
    assertThat(e.server(SB2.address()).state()).isEqualTo(ConsistencyState.OK);
  }

  @Test
  void aPrimaryWhoseSerialWentBackIsASerialResetWithTheFixAndUsNotAhead() {
    Round r = round(ok(SA1, 3), ok(SB1, 2026120101), ok(SB2, 2026120101));
    r.serial = 2026120101;
    r.primaries = List.of(SA1.address());
    Evaluation e = evaluate(r);
    assertThat(e.referenceSerial()).isEqualTo(3);
    Finding reset =
        e.findings().stream().filter(f -> f.kind() == Kind.SERIAL_RESET).findFirst().orElseThrow();
    assertThat(reset.server()).isEqualTo(SA1.address());
    assertThat(reset.detail())
        .contains("serves serial 3, older than the 2026120101 served here")
        .contains("--allow-serial-reset example.test.")
        .contains("POST /api/zones/example.test./retransfer");
    // B2 (a downstream copy of ours) is ahead of the primary too, but that is the reset, once.
    assertThat(kinds(e)).containsExactly(Kind.SERIAL_RESET);
  }

  @Test
  void aServerThatDidNotFollowAResetIsAhead() {
    Round r = round(ok(SA1, 3), ok(SB1, 3), ok(SB2, 2026120101));
    r.serial = 3;
    r.primaries = List.of(SA1.address());
    assertThat(kinds(evaluate(r))).containsExactly(Kind.SERIAL_AHEAD);
  }

  @Test
  void aDsMatchingNoKeyServedIsFound() throws Exception {
    DNSKEYRecord key = key(257);
    DNSKEYRecord other = key(256);
    DSRecord ds = new DSRecord(ZONE, DClass.IN, 3600, DNSSEC.Digest.SHA256, key);
    Round r = round(withKeys(ok(SA1, 5), List.of(other)), withKeys(ok(SB1, 5), List.of(key)));
    r.keys = List.of(key);
    r.delegation = found(NS, List.of(ds));
    Evaluation e = evaluate(r);
    assertThat(kinds(e)).containsExactly(Kind.DNSKEY_DIFFERS, Kind.DS_MISMATCH);
    assertThat(e.findings().get(1).server()).isEqualTo(SA1.address());

    r.keys = List.of();
    r.servers = new ArrayList<>(List.of(ok(SA1, 5), ok(SB1, 5)));
    assertThat(evaluate(r).findings().get(0).detail()).contains("which is served unsigned here");
  }

  @Test
  void allServersOfOneProviderInOneNetworkIsExposure() {
    Server b3 =
        server(
            "203.0.113.3",
            Name.fromConstantString("ns3.provider-b.test."),
            "provider-b.test",
            false);
    List<Name> ns = List.of(B1, B2, Name.fromConstantString("ns3.provider-b.test."));
    Round r = round(withNs(ok(SB1, 5), ns), withNs(ok(SB2, 5), ns), withNs(ok(b3, 5), ns));
    r.ns = ns;
    r.delegation = found(ns, List.of());
    Evaluation e = evaluate(r);
    assertThat(kinds(e)).containsExactly(Kind.SINGLE_PROVIDER, Kind.SINGLE_NETWORK);
    assertThat(e.findings().get(1).detail()).endsWith("is in 203.0.113.0/24");
    assertThat(e.state()).isEqualTo(ConsistencyState.OK); // exposure, not breakage
  }

  @Test
  void anNsNameWithoutAnAddressIsFound() {
    Round r = round(ok(SA1, 5), ok(SB1, 5), ok(SB2, 5));
    r.addresses.put(
        B2, new Addresses(B2, List.of(), "ns2.provider-b.test. does not exist (NXDOMAIN)"));
    assertThat(kinds(evaluate(r))).containsExactly(Kind.NS_UNRESOLVED);
  }

  // ---- observations by hand ----

  static final class Round {
    long serial = 5;
    List<Name> ns = NS;
    List<ServerObservation> servers;
    List<InetSocketAddress> primaries = List.of();
    List<DNSKEYRecord> keys = List.of();
    @Nullable Delegation delegation;
    final Map<Long, Instant> serials = new LinkedHashMap<>();
    final Map<Name, Addresses> addresses = new LinkedHashMap<>();

    Round(List<ServerObservation> servers) {
      this.servers = servers;
    }
  }

  static Round round(ServerObservation... servers) {
    Round r = new Round(new ArrayList<>(List.of(servers)));
    r.delegation = found(NS, List.of());
    return r;
  }

  static Evaluation evaluate(Round r) {
    ZoneObservation o =
        new ZoneObservation(
            ZONE,
            NOW,
            r.serial,
            r.ns,
            r.addresses,
            r.keys,
            r.primaries,
            r.servers,
            r.delegation,
            r.serials);
    return Findings.evaluate(o, Providers.DEFAULT, Findings.Thresholds.DEFAULT);
  }

  static List<Kind> kinds(Evaluation e) {
    return e.findings().stream().map(Finding::kind).toList();
  }

  static Server server(String address, Name name, String provider, boolean own) {
    Set<Server.Source> sources = EnumSet.of(Server.Source.NS, Server.Source.DELEGATION);
    if (own) {
      sources.add(Server.Source.OWN);
    }
    return new Server(
        new InetSocketAddress(ip(address), 53), List.of(name), provider, sources, own);
  }

  static ServerObservation ok(Server s, long serial) {
    return new ServerObservation(
        s, Reach.OK, Reach.OK, 300, 0, true, serial, -1, NS, null, null, null);
  }

  static ServerObservation with(ServerObservation o, Reach tcp) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        tcp,
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        o.nsSet(),
        o.dnskeys(),
        o.earliestSignature(),
        o.content());
  }

  static ServerObservation withNs(ServerObservation o, List<Name> ns) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        o.tcp(),
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        ns,
        o.dnskeys(),
        o.earliestSignature(),
        o.content());
  }

  static ServerObservation withContent(ServerObservation o, Content c) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        o.tcp(),
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        o.nsSet(),
        o.dnskeys(),
        o.earliestSignature(),
        c);
  }

  static ServerObservation withSignature(ServerObservation o, String rrset, Instant expires) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        o.tcp(),
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        o.nsSet(),
        o.dnskeys(),
        new ServerObservation.Signature(rrset, expires),
        o.content());
  }

  static ServerObservation withKeys(ServerObservation o, List<DNSKEYRecord> keys) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        o.tcp(),
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        o.nsSet(),
        keys,
        o.earliestSignature(),
        o.content());
  }

  static Delegation.Found found(List<Name> ns, List<DSRecord> ds) {
    return new Delegation.Found(
        ZONE, Name.fromConstantString("test."), ns, Map.of(), ds, null, List.of(), null);
  }

  static DNSKEYRecord key(int flags) {
    byte[] k = new byte[64];
    k[0] = (byte) flags;
    k[1] = 42;
    return new DNSKEYRecord(ZONE, DClass.IN, 3600, flags, DNSKEYRecord.Protocol.DNSSEC, 13, k);
  }

  static InetAddress ip(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
