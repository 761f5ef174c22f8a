package dev.tandem.control.monitor;

import static dev.tandem.control.monitor.TestInternet.A1;
import static dev.tandem.control.monitor.TestInternet.ALL_NS;
import static dev.tandem.control.monitor.TestInternet.B1;
import static dev.tandem.control.monitor.TestInternet.B2;
import static dev.tandem.control.monitor.TestInternet.TLD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.ManualTimers;
import dev.tandem.control.MemoryZoneStore;
import dev.tandem.control.access.Remote;
import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.Providers;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Rounds of checks of example.test against the small internet in memory ({@link TestInternet}):
 * what the report, the findings, the transitions, the alerts and the store hold after each turn a
 * multi-provider zone takes, on a fake clock, without a socket.
 */
class MonitorTest {
  static final Name ZONE = Name.fromConstantString("example.test.");
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  final ManualTimers time = new ManualTimers(T0);
  final MemoryInternet net = TestInternet.inSync();
  final ScriptedZones zones = new ScriptedZones();
  final MemoryZoneStore store = new MemoryZoneStore();
  final List<Alert> alerts = new CopyOnWriteArrayList<>();
  final Set<String> refusingAxfr = java.util.concurrent.ConcurrentHashMap.newKeySet();
  Monitor monitor = monitor(Duration.ZERO);

  Monitor monitor(Duration grace) {
    MonitorOptions o =
        MonitorOptions.defaults(TestInternet.HINTS)
            .withInterval(Duration.ZERO)
            .withGrace(grace)
            .withIpv6(false)
            .withProviders(Providers.parse(List.of()));
    return new Monitor(
        o, zones, net, transfers(), store, List.of(alerts::add), time.clock(), () -> 42L);
  }

  @AfterEach
  void close() {
    monitor.close();
  }

  /** We are provider B's ns1: example.test served here at {@code serial}. */
  void servedHere(ZoneSnapshot z, List<NotifyOutcome> notified, List<Remote> targets) {
    zones.own.clear();
    zones.own.add(address(B1));
    zones.put(new WatchedZones.Subject(ZONE, z, List.of(), targets, notified));
  }

  @Test
  void serversInSyncAtBothProvidersAreOkWithTheirProviders() {
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(r.state()).isEqualTo(ConsistencyState.OK);
    assertThat(r.findings()).isEmpty();
    assertThat(r.servers())
        .extracting(s -> s.server().label() + " " + s.server().provider() + " " + s.serial())
        .containsExactlyInAnyOrder(
            "192.0.2.1 provider-a.test 1",
            "203.0.113.1 provider-b.test 1",
            "203.0.113.2 provider-b.test 1");
    assertThat(row(r, B1).server().own()).isTrue();
    assertThat(row(r, A1).server().sources())
        .extracting(Enum::name)
        .containsExactlyInAnyOrder("NS", "DELEGATION");
    assertThat(content(row(r, A1)).differing()).isZero();
    // Nothing was asked but the root, the TLD and the zone's servers.
    assertThat(net.askedAddresses())
        .allMatch(a -> Set.of(TestInternet.ROOT, TLD, A1, B1, B2).contains(a));
  }

  @Test
  void aServerThatStopsAnsweringIsUnreachableThenLaggingThenOkAndEachIsAlertedOnce() {
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    monitor.checkNow(ZONE);
    net.down(B2, true);
    ZoneSnapshot two = TestInternet.example(2, ALL_NS, "");
    net.serve(A1, two).serve(B1, two);
    servedHere(two, List.of(), List.of());
    time.advance(Duration.ofSeconds(30));
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(row(r, B2).state()).isEqualTo(ConsistencyState.UNREACHABLE);
    assertThat(r.state()).isEqualTo(ConsistencyState.UNREACHABLE);

    net.down(B2, false); // back, still at serial 1
    time.advance(Duration.ofSeconds(30));
    r = monitor.checkNow(ZONE);
    assertThat(row(r, B2).state()).isEqualTo(ConsistencyState.LAGGING);
    // Serial 2 was first seen 30 s ago, in the round that found B2 silent.
    assertThat(row(r, B2).lagSeconds()).isEqualTo(30);
    assertThat(finding(r, Finding.Kind.SERIAL_DRIFT).finding().detail())
        .isEqualTo("203.0.113.2 serves serial 1, behind 2 for 30 s");

    net.serve(B2, two);
    time.advance(Duration.ofSeconds(30));
    r = monitor.checkNow(ZONE);
    assertThat(r.state()).isEqualTo(ConsistencyState.OK);
    assertThat(row(r, B2).propagationSeconds()).isEqualTo(60);
    assertThat(alerts)
        .filteredOn(a -> B2.equals(a.server()))
        .extracting(a -> a.from().word() + "->" + a.to().word())
        .containsExactly("ok->unreachable", "unreachable->lagging", "lagging->ok");
    assertThat(r.transitions().get(0).to()).isEqualTo(ConsistencyState.OK); // newest first
  }

  @Test
  void aStateThatDoesNotOutlastTheGracePeriodIsNotAlerted() {
    monitor.close();
    monitor = monitor(Duration.ofMinutes(5));
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    monitor.checkNow(ZONE);
    net.down(B2, true);
    monitor.checkNow(ZONE);
    net.down(B2, false);
    monitor.checkNow(ZONE);
    assertThat(alerts).isEmpty();
  }

  @Test
  void sinceWhenAndTransitionsOutliveARestart() {
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    net.down(B2, true);
    Instant since = row(monitor.checkNow(ZONE), B2).stateSince();
    monitor.close();
    time.advance(Duration.ofMinutes(10));
    monitor = monitor(Duration.ZERO);
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(row(r, B2).stateSince()).isEqualTo(since);
    assertThat(finding(r, Finding.Kind.UNREACHABLE).since()).isEqualTo(since);
    // Alerted before the restart, not again after it.
    assertThat(alerts).filteredOn(a -> B2.equals(a.server())).hasSize(1);
  }

  @Test
  void aSecondaryLaggingBehindASerialItWasNotifiedOfIsNotifiedAgainAFewTimesAtMost() {
    ZoneSnapshot two = TestInternet.example(2, ALL_NS, "");
    net.serve(A1, two).serve(B1, two);
    NotifyOutcome failed =
        new NotifyOutcome("203.0.113.2:53", 2, NotifyOutcome.State.FAILED, 5, "no answer", T0);
    servedHere(two, List.of(failed), List.of(new Remote(address(B2), null)));
    for (int i = 0; i < 5; i++) {
      monitor.checkNow(ZONE);
    }
    assertThat(zones.notifiedAgain)
        .containsExactly(
            "example.test. 203.0.113.2:53",
            "example.test. 203.0.113.2:53",
            "example.test. 203.0.113.2:53");
    assertThat(monitor.counters().renotified()).isEqualTo(3);
  }

  @Test
  void anAcknowledgedNotifyIsRepeatedOnlyAfterTheSecondaryHadTimeToFollow() {
    ZoneSnapshot two = TestInternet.example(2, ALL_NS, "");
    net.serve(A1, two).serve(B1, two);
    NotifyOutcome acked =
        new NotifyOutcome("203.0.113.2:53", 2, NotifyOutcome.State.ACKNOWLEDGED, 1, null, T0);
    servedHere(two, List.of(acked), List.of(new Remote(address(B2), null)));
    monitor.checkNow(ZONE);
    assertThat(zones.notifiedAgain).isEmpty();
    time.advance(Duration.ofSeconds(31));
    monitor.checkNow(ZONE);
    assertThat(zones.notifiedAgain).hasSize(1);
  }

  @Test
  void aZoneWithAnEmptyNonTerminalIsChecked() {
    // b.example.test. has no records of its own, only a.b.example.test. below it: a catalog
    // zone's zones.<catalog> is such a node, and its round failed on it.
    ZoneSnapshot z = TestInternet.example(1, ALL_NS, "a.b 300 TXT \"deep\"\n");
    servedHere(z, List.of(), List.of());
    net.serve(A1, z).serve(B1, z).serve(B2, z);
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(r.state()).isEqualTo(ConsistencyState.OK);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void aChangeMadeAtOneSecondaryAloneIsContentDriftNamingTheRrset() {
    ZoneSnapshot ours = TestInternet.example(1, ALL_NS, "");
    servedHere(ours, List.of(), List.of());
    net.serve(B2, TestInternet.example(1, ALL_NS, "www 300 A 192.0.2.99\n"));
    ZoneReport r = monitor.checkNow(ZONE);
    Finding f = finding(r, Finding.Kind.CONTENT_DRIFT).finding();
    assertThat(f.server()).isEqualTo(address(B2));
    assertThat(f.evidence())
        .containsExactly(
            "www.example.test. A: here 300 192.0.2.80, there 300 192.0.2.80 | 300 192.0.2.99");
    assertThat(row(r, B2).state()).isEqualTo(ConsistencyState.DRIFTED);
  }

  @Test
  void aLightRoundAsksEachServerItsSoaAndASampleAndKeepsWhatTheFullRoundFound() {
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    net.serve(B2, TestInternet.example(1, ALL_NS, "www 300 A 192.0.2.99\n"));
    ZoneReport full = monitor.check(ZONE, false); // the first round is a full one
    assertThat(finding(full, Finding.Kind.CONTENT_DRIFT).finding().server()).isEqualTo(address(B2));
    assertThat(row(full, B2).tcp()).isTrue();
    net.asked.clear();

    ZoneReport light = monitor.check(ZONE, false);
    // Ourselves, we know: not asked. The others: their SOA and one RRset of the sample each.
    assertThat(net.askedAddresses()).doesNotContain(B1);
    assertThat(net.askedAddresses().stream().filter(A1::equals)).hasSize(2);
    // What only full rounds ask is kept: the drift found by AXFR, TCP, the NS set.
    assertThat(finding(light, Finding.Kind.CONTENT_DRIFT).since())
        .isEqualTo(finding(full, Finding.Kind.CONTENT_DRIFT).since());
    assertThat(row(light, B2).tcp()).isTrue();
    assertThat(row(light, A1).nsSet()).hasSize(3);
    assertThat(light.transitions()).isEqualTo(full.transitions());

    // A new serial at a server: its details are asked again, in a light round too (its contents
    // are not compared: they are not ours, at another serial).
    net.serve(A1, TestInternet.example(2, TestInternet.ALL_NS, "@ 300 TXT new\n"));
    net.asked.clear();
    ZoneReport changed = monitor.check(ZONE, false);
    assertThat(net.askedAddresses().stream().filter(A1::equals)).hasSize(2); // SOA, NS
    assertThat(row(changed, A1).nsSet()).hasSize(3);
    assertThat(row(changed, A1).content()).isNull();
  }

  @Test
  void whereAxfrIsRefusedASampleOfRrsetsIsComparedEachRoundInTurn() {
    refusingAxfr.add(B2);
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    net.serve(B2, TestInternet.example(1, ALL_NS, "www 300 A 192.0.2.99\n"));
    List<String> methods = new ArrayList<>();
    boolean found = false;
    for (int i = 0; i < 6 && !found; i++) {
      ZoneReport r = monitor.checkNow(ZONE);
      methods.add(content(row(r, B2)).method());
      found = r.findings().stream().anyMatch(f -> f.finding().kind() == Finding.Kind.CONTENT_DRIFT);
    }
    assertThat(methods).containsOnly("sample");
    assertThat(found).isTrue();
  }

  @Test
  void providerANsSetWithoutProviderBAndATldDelegatingToAOnlyAreFound() {
    String aOnly = "@ 3600 NS ns1.provider-a.test.\n";
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    net.serve(A1, TestInternet.example(1, aOnly, ""));
    net.serve(TLD, TestInternet.tld("example 3600 NS ns1.provider-a.test.\n"));
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(r.findings())
        .extracting(f -> f.finding().kind().word() + " " + f.finding().subject())
        .contains(
            "ns-set-missing-provider provider-b.test",
            "delegation-missing-provider provider-b.test");
    assertThat(finding(r, Finding.Kind.DELEGATION_MISSING_PROVIDER).finding().detail())
        .isEqualTo("the delegation at test. lists no server of provider-b.test");
  }

  @Test
  void aServerThatRefusesTheZoneIsLame() {
    servedHere(TestInternet.example(1, ALL_NS, ""), List.of(), List.of());
    net.refuse(B2);
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(row(r, B2).state()).isEqualTo(ConsistencyState.LAME);
    assertThat(finding(r, Finding.Kind.LAME).finding().detail()).contains("REFUSED");
  }

  @Test
  void aPrimaryWhoseSerialWentBackIsReportedWithTheFix() {
    zones.own.add(address(B1));
    zones.put(
        new WatchedZones.Subject(
            ZONE,
            TestInternet.example(10, ALL_NS, ""),
            List.of(new Remote(address(A1), null)),
            List.of(),
            List.of()));
    net.serve(B1, TestInternet.example(10, ALL_NS, ""));
    net.serve(B2, TestInternet.example(10, ALL_NS, ""));
    net.serve(A1, TestInternet.example(3, ALL_NS, ""));
    ZoneReport r = monitor.checkNow(ZONE);
    assertThat(r.referenceSerial()).isEqualTo(3);
    assertThat(finding(r, Finding.Kind.SERIAL_RESET).finding().detail())
        .contains("primary 192.0.2.1 serves serial 3, older than the 10 served here");
  }

  static ZoneReport.ServerReport row(ZoneReport r, String ip) {
    ZoneReport.ServerReport s = r.server(ip);
    if (s == null) {
      throw new AssertionError("no server " + ip + " in " + r.servers());
    }
    return s;
  }

  static dev.tandem.control.monitor.check.Content content(ZoneReport.ServerReport s) {
    if (s.content() == null) {
      throw new AssertionError("no contents compared at " + s.server().label());
    }
    return s.content();
  }

  static ZoneReport.FindingReport finding(ZoneReport r, Finding.Kind kind) {
    return r.findings().stream()
        .filter(f -> f.finding().kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + r.findings()));
  }

  static InetSocketAddress address(String ip) {
    return new InetSocketAddress(MemoryInternet.ip(ip), 53);
  }

  /** AXFR from the internet in memory, refused where the test says. */
  Upstream transfers() {
    return new Upstream() {
      @Override
      public Probe probe(Name zone, Remote primary, @Nullable TSIG tsig) {
        return new Failed("not used", false);
      }

      @Override
      public Received transfer(Name zone, Remote primary, @Nullable TSIG tsig, long ourSerial) {
        String ip = primary.address().getAddress().getHostAddress();
        ZoneSnapshot z = net.at(primary.address().getAddress(), zone);
        if (z == null || refusingAxfr.contains(ip)) {
          return new Failed(ip + " refused the AXFR", false);
        }
        ZoneBuilder b = new ZoneBuilder(zone);
        z.forEachRecord(b::add);
        return new Full(b, z.serial(), z.recordCount(), 0);
      }
    };
  }
}
