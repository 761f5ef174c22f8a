package dev.tandem.control.secondary;

import static dev.tandem.control.secondary.ScriptedPrimaries.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.ManualTimers;
import dev.tandem.control.MemoryZoneStore;
import dev.tandem.control.access.Keyring;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.access.Remote;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.control.transfer.NotifySender;
import dev.tandem.control.transfer.PrimaryOrder;
import dev.tandem.control.zone.SerialQueryRate;
import dev.tandem.control.zone.TimerPolicy;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The whole secondary-zone state machine (RFC 1034 section 4.3.5, RFC 1995, RFC 1996, RFC 7314) on
 * a fake clock against scripted primaries in memory: first transfer, refresh by timer, NOTIFY
 * coalescing, IXFR falling back to AXFR, retries backing off, expiry to SERVFAIL and recovery, EDNS
 * EXPIRE learnt from upstream, several primaries. Zone events run in the test's thread, timers fire
 * when the test moves the clock, nothing sleeps: the class runs in milliseconds.
 */
class RefreshStateMachineTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final InetSocketAddress A = address("192.0.2.1");
  private static final InetSocketAddress B = address("192.0.2.2");

  /** No jitter: every delay is the policy's exactly. */
  private static final RandomGenerator NO_JITTER = () -> 0L;

  private final ManualTimers timers = new ManualTimers(T0);
  private final ScriptedPrimaries primaries = new ScriptedPrimaries(timers.clock());
  private final MemoryZoneStore store = new MemoryZoneStore();
  private final Map<Name, ZoneSnapshot> published = new HashMap<>();
  private final Set<Name> unavailable = new HashSet<>();
  private final ExecutorService notifyIo = Executors.newSingleThreadExecutor();
  private final ScheduledExecutorService notifyRetries =
      Executors.newSingleThreadScheduledExecutor();
  private final Keyring keys = new Keyring(List.of(), timers.clock());
  private final ZoneContext ctx =
      new ZoneContext(
          store,
          new ZonePublisher() {
            @Override
            public void publish(ZoneSnapshot zone) {
              published.put(zone.origin(), zone);
              unavailable.remove(zone.origin());
            }

            @Override
            public void unavailable(Name zone) {
              unavailable.add(zone);
            }

            @Override
            public void remove(Name zone) {
              published.remove(zone);
            }
          },
          keys,
          primaries,
          new PrimaryOrder(timers.clock()),
          new NotifySender(keys, notifyIo, notifyRetries, timers.clock()),
          new ControlMetrics(),
          TimerPolicy.DEFAULT,
          Runnable::run,
          Runnable::run,
          timers,
          timers.clock(),
          NO_JITTER,
          new RefusalLog(),
          new SerialQueryRate(SerialQueryRate.DEFAULT));

  @AfterEach
  void stop() {
    notifyIo.shutdownNow();
    notifyRetries.shutdownNow();
  }

  private static InetSocketAddress address(String ip) {
    return new InetSocketAddress(InetAddresses.of(ip), 53);
  }

  private SecondaryZone follow(InetSocketAddress... from) {
    List<Remote> remotes = java.util.Arrays.stream(from).map(a -> new Remote(a, null)).toList();
    SecondaryZone z =
        new SecondaryZone(new SecondaryConfig(ZONE, remotes, List.of(), List.of(), List.of()), ctx);
    z.start();
    timers.runDue();
    return z;
  }

  private SecondaryZone followResets(InetSocketAddress from) {
    SecondaryZone z =
        new SecondaryZone(
            new SecondaryConfig(
                    ZONE, List.of(new Remote(from, null)), List.of(), List.of(), List.of())
                .withAllowSerialReset(true),
            ctx);
    z.start();
    timers.runDue();
    return z;
  }

  /**
   * The zone (following A) serves serial 10, then A's serial goes back to 3 (the primary was
   * rebuilt from an old backup, say); nothing has asked A since.
   */
  private void servingTenWhileThePrimaryGoesBackToThree() {
    primaries.at(A).serial = 10;
    timers.advance(Duration.ofSeconds(3600));
    primaries.take();
    primaries.at(A).serial = 3;
  }

  @Test
  void transfersOutAreRefusedByDefaultAndEachRefusalIsCountedFromAnyThread() throws Exception {
    SecondaryZone z = follow(A);
    InetAddress peer = InetAddress.getByName("127.0.0.1");
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 10_000; i++) {
                      assertThat(z.mayTransfer(peer, null, false)).isFalse();
                    }
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(z.status().refusedTransfers()).isEqualTo(40_000);

    z.reconfigure(
        new SecondaryConfig(
            ZONE,
            z.config().primaries(),
            List.of(),
            List.of(),
            List.of(dev.tandem.control.access.AclRule.parse("127.0.0.0/8"))));

    assertThat(z.mayTransfer(peer, null, false)).isTrue();
    assertThat(z.mayTransfer(InetAddress.getByName("192.0.2.1"), null, false)).isFalse();
    assertThat(z.status().refusedTransfers()).isEqualTo(40_001);
  }

  @Test
  void aPrimaryWhoseSerialWentBackIsNotFollowedByDefault() {
    SecondaryZone z = follow(A);
    servingTenWhileThePrimaryGoesBackToThree();

    timers.advance(Duration.ofSeconds(3600));

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1");
    assertThat(answered()).isEqualTo(10);
    assertThat(z.status().lastError()).contains("has serial 3, older than ours (10)");
    assertThat(z.status().primarySerial()).isEqualTo(3);
  }

  @Test
  void aZoneAllowingSerialResetsTakesThePrimarysOlderSerialByAxfr() {
    SecondaryZone z = followResets(A);
    servingTenWhileThePrimaryGoesBackToThree();

    timers.advance(Duration.ofSeconds(3600));

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(3);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.OK);
    assertThat(store.contents(ZONE).orElseThrow().serial()).isEqualTo(3);
    assertThat(z.journal()).isEmpty(); // no change leads from 10 to 3

    timers.advance(Duration.ofSeconds(3600)); // and the next refresh finds it current
    assertThat(primaries.take()).containsExactly("probe 192.0.2.1");
  }

  @Test
  void serialResetsAllowedByAReconfigurationAreFollowedFromItsRefreshOn() {
    // The setting is read at each refresh: a zone reconfigured to allow resets (the same zone
    // object, its configuration replaced) follows the primary back at once.
    SecondaryZone z = follow(A);
    servingTenWhileThePrimaryGoesBackToThree();

    z.reconfigure(z.config().withAllowSerialReset(true));
    timers.runDue();

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(3);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.OK);
  }

  @Test
  void aRetransferAskedForTakesThePrimarysVersionWhateverItsSerial() {
    SecondaryZone z = follow(A);
    primaries.at(A).serial = 10;
    timers.advance(Duration.ofSeconds(3600));
    primaries.at(A).serial = 3;
    timers.advance(Duration.ofSeconds(3600));
    primaries.take();
    assertThat(answered()).isEqualTo(10);

    z.retransferNow();

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(3);
    assertThat(z.status().lastError()).isNull();
  }

  /** What clients get: the serial served, or -1 for SERVFAIL or nothing. */
  private long answered() {
    ZoneSnapshot z = published.get(ZONE);
    return z == null || unavailable.contains(ZONE) ? -1 : z.serial();
  }

  @Test
  void theFirstRefreshTransfersTheWholeZoneAndArmsTheTimersFromItsSoa() {
    SecondaryZone z = follow(A);

    // Nothing served yet, nothing to compare: no SOA check before the AXFR.
    assertThat(primaries.take()).containsExactly("AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(1);
    ZoneStatus s = z.status();
    assertThat(s.state()).isEqualTo(ZoneStatus.State.OK);
    assertThat(s.nextRefresh()).isEqualTo(T0.plusSeconds(3600)); // SOA REFRESH
    assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(7200)); // SOA EXPIRE
    assertThat(z.expireSeconds()).isEqualTo(7200);
    assertThat(store.contents(ZONE).orElseThrow().serial()).isEqualTo(1);
    assertThat(store.transfers(ZONE, 10))
        .extracting(Transfer::kind, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK));
  }

  @Test
  void theRefreshTimerBringsTheNextSerialsByIxfrAndKeepsThemForIxfrOut() {
    SecondaryZone z = follow(A);
    primaries.take();
    primaries.at(A).serial = 3;

    timers.advance(Duration.ofSeconds(3599));
    assertThat(primaries.take()).isEmpty();
    timers.advance(Duration.ofSeconds(1));

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "IXFR 192.0.2.1 from 1");
    assertThat(answered()).isEqualTo(3);
    assertThat(z.changes(1, 3)).hasSize(2);
    assertThat(store.journal(ZONE)).hasSize(2);
    assertThat(z.status().nextRefresh()).isEqualTo(T0.plusSeconds(7200));
  }

  @Test
  void theLast200ChangesAreKeptForIxfrOutAndNoMore() {
    SecondaryZone z = follow(A);
    primaries.at(A).serial = 202; // one IXFR of 201 changes

    z.refreshNow();

    assertThat(answered()).isEqualTo(202);
    assertThat(z.journal()).hasSize(SecondaryZone.KEPT.steps()).hasSize(200);
    assertThat(z.changes(2, 202)).hasSize(200);
    assertThat(z.changes(1, 202)).as("201 changes back: the whole zone").isNull();
  }

  @Test
  void aPrimaryAtOurSerialMovesOnlyTheTimers() {
    SecondaryZone z = follow(A);
    primaries.take();

    timers.advance(Duration.ofSeconds(3600));

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1");
    assertThat(z.status().expiresAt()).isEqualTo(T0.plusSeconds(3600 + 7200));
    assertThat(store.state(ZONE).orElseThrow().expireAt()).isEqualTo(T0.plusSeconds(3600 + 7200));
  }

  @Test
  void notifiesArrivingDuringATransferLeaveOneRefreshAfterIt() {
    SecondaryZone z = follow(A);
    primaries.take();
    primaries.at(A).serial = 2;
    int[] accepted = {0};
    primaries.at(A).duringTransfer =
        () -> {
          for (int i = 0; i < 100; i++) {
            if (z.onNotify(A.getAddress(), null, 3) == Rcode.NOERROR) {
              accepted[0]++;
            }
          }
          primaries.at(A).duringTransfer = null;
        };

    assertThat(z.onNotify(A.getAddress(), null, 2)).isEqualTo(Rcode.NOERROR);
    timers.advance(NotifyPacing.ZONE_INTERVAL); // the next SOA check a NOTIFY may start

    assertThat(accepted[0]).isEqualTo(100);
    assertThat(primaries.take())
        .containsExactly(
            "probe 192.0.2.1",
            "IXFR 192.0.2.1 from 1", // the NOTIFY's refresh
            "probe 192.0.2.1"); // one more for the hundred that came meanwhile
    assertThat(answered()).isEqualTo(2);
  }

  @Test
  void aNotifyFloodStartsAtMostOneSoaCheckASecondForTheZone() {
    SecondaryZone z = follow(A);
    primaries.take();

    // Issue 14: 50,000 NOTIFYs in 10 s (forged ones need only the primary's address) made 9,036
    // SOA queries to the primary. Here: one every 0.2 ms for 10 s, each naming a newer serial.
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      if (z.onNotify(A.getAddress(), null, 2) == Rcode.NOERROR) {
        accepted++;
      }
      timers.advance(Duration.ofNanos(200_000));
    }
    timers.advance(NotifyPacing.ZONE_INTERVAL);

    assertThat(accepted).isEqualTo(50_000);
    assertThat(primaries.take()).hasSize(11).containsOnly("probe 192.0.2.1");
  }

  @Test
  void aNotifyAfterAQuietSpellIsActedOnAtOnce() {
    SecondaryZone z = follow(A);
    primaries.take();
    primaries.at(A).serial = 2;
    timers.advance(Duration.ofSeconds(5));

    z.onNotify(A.getAddress(), null, 2);

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "IXFR 192.0.2.1 from 1");
    assertThat(answered()).isEqualTo(2);
  }

  @Test
  void aNotifyForAChangeRightAfterTheLastTransferIsActedOnAtOnce() {
    SecondaryZone z = follow(A);
    primaries.take();
    timers.advance(Duration.ofSeconds(5));
    primaries.at(A).serial = 2;
    z.onNotify(A.getAddress(), null, 2);
    primaries.take();

    // The primary changes again 100 ms later: no second-long pause after a check that found one.
    timers.advance(Duration.ofMillis(100));
    primaries.at(A).serial = 3;
    z.onNotify(A.getAddress(), null, 3);

    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "IXFR 192.0.2.1 from 2");
    assertThat(answered()).isEqualTo(3);
  }

  @Test
  void aFailedSoaCheckAndARefusedTransferAreKeptInTheHistory() {
    SecondaryZone z = follow(A);
    primaries.take();
    primaries.at(A).down = true;

    z.refreshNow();

    Transfer check = store.transfers(ZONE, 1).get(0);
    assertThat(check.kind()).isEqualTo(Transfer.Kind.SOA);
    assertThat(check.result()).isEqualTo(Transfer.Result.FAILED);
    assertThat(check.error()).contains("unreachable");
    primaries.at(A).down = false;
    primaries.at(A).serial = 2;
    primaries.at(A).refusesTransfers = true;

    z.refreshNow();

    Transfer refused = store.transfers(ZONE, 1).get(0);
    assertThat(refused.kind()).isEqualTo(Transfer.Kind.IXFR);
    assertThat(refused.result()).isEqualTo(Transfer.Result.REFUSED);
    assertThat(refused.error()).contains("REFUSED");
    assertThat(z.status().lastError())
        .as("the zone's status says what to check at the primary")
        .contains("hint: the primary must serve example.com. and allow transfers of it from");
    assertThat(check.error()).contains("hint: nothing listens at 192.0.2.1 port 53");
    assertThat(store.transfers(ZONE, 10))
        .as("an SOA check that succeeded is not kept")
        .extracting(Transfer::kind)
        .containsExactly(Transfer.Kind.IXFR, Transfer.Kind.SOA, Transfer.Kind.AXFR);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.FAILING);
  }

  @Test
  void aNotifyForTheSerialServedChangesNothing() {
    SecondaryZone z = follow(A);
    primaries.take();

    assertThat(z.onNotify(A.getAddress(), null, 1)).isEqualTo(Rcode.NOERROR);
    assertThat(z.onNotify(address("198.51.100.9").getAddress(), null, 2))
        .as("from a stranger")
        .isEqualTo(Rcode.REFUSED);

    assertThat(primaries.take()).isEmpty();
    assertThat(z.status().lastRefusedNotify()).contains("198.51.100.9");
  }

  @Test
  void anIxfrThatDoesNotApplyFallsBackToAxfr() {
    SecondaryZone z = follow(A);
    primaries.take();
    primaries.at(A).serial = 2;
    primaries.at(A).brokenIxfr = true;

    z.refreshNow();

    assertThat(primaries.take())
        .containsExactly("probe 192.0.2.1", "IXFR 192.0.2.1 from 1", "AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(2);
    List<Transfer> history = store.transfers(ZONE, 3);
    assertThat(history)
        .extracting(Transfer::kind, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.FAILED),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK));
    assertThat(history.get(1).error()).contains("does not start at ours").contains("trying AXFR");
    assertThat(z.changes(1, 2)).as("a version that came whole has no kept changes").isNull();
  }

  @Test
  void failedRefreshesRetryAfterRetryDoublingUpToRefreshAndSayFailing() {
    SecondaryZone z = follow(A);
    primaries.at(A).down = true;
    timers.advance(Duration.ofSeconds(3600));
    Instant failedAt = timers.now();

    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.FAILING);
    assertThat(z.status().lastError()).contains("unreachable");
    assertThat(answered()).as("still served").isEqualTo(1);
    long[] delays = new long[4];
    Instant last = failedAt;
    for (int i = 0; i < delays.length; i++) {
      Instant next = z.status().nextRefresh();
      delays[i] = Duration.between(last, next).toSeconds();
      timers.advance(Duration.between(timers.now(), next));
      last = next;
    }
    assertThat(delays).containsExactly(600, 1200, 2400, 3600); // RETRY, doubled, capped at REFRESH
  }

  @Test
  void aTransferCutShortMidStreamIsTriedAgainWithinSecondsNotAfterRetry() {
    // 100,000 catalog members: a catalog IXFR broke off when a collection paused the reader past
    // the primary's patience, and the NOTIFYed change then waited the catalog's RETRY, 600 s.
    SecondaryZone z = follow(A);
    primaries.at(A).serial = 2;
    primaries.at(A).cutsShort = 2;
    primaries.take();
    assertThat(z.onNotify(A.getAddress(), null, 2)).isEqualTo(Rcode.NOERROR);
    Instant cut = timers.now();

    assertThat(z.status().lastError()).contains("broke off after 2 records");
    assertThat(Duration.between(cut, z.status().nextRefresh())).hasSeconds(1);
    timers.advance(Duration.ofSeconds(1));
    assertThat(Duration.between(timers.now(), z.status().nextRefresh()))
        .as("doubled after a second cut")
        .hasSeconds(2);
    timers.advance(Duration.ofSeconds(2));

    assertThat(answered()).isEqualTo(2);
    assertThat(z.status().lastError()).isNull();
    assertThat(primaries.take())
        .containsExactly(
            "probe 192.0.2.1",
            "IXFR 192.0.2.1 from 1",
            "probe 192.0.2.1",
            "IXFR 192.0.2.1 from 1",
            "probe 192.0.2.1",
            "IXFR 192.0.2.1 from 1");

    primaries.at(A).serial = 3;
    primaries.at(A).down = true; // unreachable, not cut: RETRY as before
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));
    assertThat(Duration.between(timers.now(), z.status().nextRefresh())).hasSeconds(600);
  }

  @Test
  void pastExpireTheZoneAnswersServfailUntilARefreshSucceeds() {
    SecondaryZone z = follow(A);
    primaries.at(A).down = true;

    timers.advance(Duration.ofSeconds(7199));
    assertThat(answered()).isEqualTo(1);
    timers.advance(Duration.ofSeconds(1));

    assertThat(answered()).as("SERVFAIL").isEqualTo(-1);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.EXPIRED);
    assertThat(z.expireSeconds()).isZero();

    primaries.at(A).down = false;
    primaries.at(A).serial = 2;
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));

    assertThat(answered()).isEqualTo(2);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.OK);
    assertThat(z.status().lastError()).isNull();
  }

  @Test
  void aHealthyZoneWaitsOnItsRefreshTimerAloneAndAFailingOneOnItsExpiryToo() {
    // 100,000 catalog members: an EXPIRE timer each while the next refresh comes first anyway
    // cost a tenth of their memory. Expiry itself is as before (the tests around this one).
    SecondaryZone z = follow(A);
    assertThat(answered()).isEqualTo(1);
    assertThat(timers.pendingCount()).as("REFRESH alone").isEqualTo(1);

    primaries.at(A).down = true;
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));
    assertThat(z.status().lastError()).isNotNull();
    assertThat(timers.pendingCount()).as("RETRY and EXPIRE").isEqualTo(2);

    primaries.at(A).down = false;
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));
    assertThat(z.status().lastError()).isNull();
    assertThat(timers.pendingCount()).as("REFRESH alone again").isEqualTo(1);
  }

  @Test
  void expiryDoesNotWaitForARefreshUnderWay() {
    SecondaryZone z = follow(A);
    boolean[] servfailMeanwhile = {false};
    primaries.at(A).down = true;
    primaries.at(A).duringProbe =
        () -> {
          timers.advance(Duration.ofSeconds(7200)); // a primary that takes ages to time out
          servfailMeanwhile[0] = answered() == -1;
        };

    z.refreshNow();

    assertThat(servfailMeanwhile[0]).as("SERVFAIL while the refresh was still waiting").isTrue();
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.EXPIRED);
  }

  @Test
  void anExpiryTimerRunningEarlyIsSetAgainSoTheZoneExpiresOnTime() {
    timers.runFastBy(100);
    follow(A);
    primaries.at(A).down = true; // refreshes fail at 3600, 4200 and 5400 s, then not before 7800

    timers.advance(Duration.ofSeconds(7199));
    assertThat(answered()).isEqualTo(1);
    timers.advance(Duration.ofSeconds(1));

    assertThat(answered()).as("SERVFAIL at EXPIRE, not at the next failed refresh").isEqualTo(-1);
  }

  @Test
  void aZoneClosedWhileItsPrimaryIsAskedStoresAndRecordsNothingOfTheAnswer() {
    SecondaryZone z = follow(A);
    var stateBefore = store.state(ZONE).orElseThrow();
    int historyBefore = store.transfers(ZONE, 100).size();
    primaries.at(A).down = true;
    primaries.at(A).duringProbe = z::close; // deleted, or the server stopping, meanwhile

    z.refreshNow();

    assertThat(store.state(ZONE).orElseThrow()).isEqualTo(stateBefore);
    assertThat(store.transfers(ZONE, 100)).hasSize(historyBefore);
  }

  @Test
  void aPrimaryAtOurSerialEndsAnExpiryToo() {
    SecondaryZone z = follow(A);
    primaries.at(A).down = true;
    timers.advance(Duration.ofSeconds(7200));
    assertThat(answered()).isEqualTo(-1);

    primaries.at(A).down = false;
    z.refreshNow();

    assertThat(answered()).isEqualTo(1);
    assertThat(z.status().expiresAt()).isEqualTo(timers.now().plusSeconds(7200));
  }

  @Test
  void anEdnsExpireShorterThanTheSoasBoundsTheExpiry() {
    primaries.at(A).ednsExpire = 30; // the primary's own copy expires in 30 s (RFC 7314 section 4)
    SecondaryZone z = follow(A);
    primaries.at(A).down = true;

    assertThat(z.status().expiresAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(z.expireSeconds()).isEqualTo(30);
    timers.advance(Duration.ofSeconds(30));

    assertThat(answered()).isEqualTo(-1);
  }

  @Test
  void aZoneRestartedAfterItsExpiryIsExpiredAtOnce() {
    SecondaryZone first = follow(A);
    first.close();
    primaries.at(A).down = true;
    timers.advance(Duration.ofDays(1));
    published.clear();

    SecondaryZone again = follow(A);

    assertThat(again.status().state()).isEqualTo(ZoneStatus.State.EXPIRED);
    assertThat(published.get(ZONE)).isNotNull();
    assertThat(answered()).isEqualTo(-1);
  }

  @Test
  void primariesAreTriedInOrderAndTheSenderOfANotifyFirst() {
    primaries.at(A).down = true;
    primaries.at(B);
    SecondaryZone z = follow(A, B);

    assertThat(primaries.take()).containsExactly("AXFR 192.0.2.1", "AXFR 192.0.2.2");
    assertThat(answered()).isEqualTo(1);
    assertThat(z.status().state()).isEqualTo(ZoneStatus.State.OK);

    primaries.at(A).down = false;
    primaries.at(A).serial = 2;
    primaries.at(B).serial = 2;
    z.onNotify(B.getAddress(), null, 2);

    assertThat(primaries.take()).containsExactly("probe 192.0.2.2", "IXFR 192.0.2.2 from 1");
  }

  @Test
  void anUnreachablePrimaryIsTriedAfterTheOthersUntilItsBackoffPasses() {
    primaries.at(A).down = true;
    primaries.at(B);
    SecondaryZone z = follow(A, B);
    primaries.take();

    z.refreshNow(); // within A's back-off (1 s)
    assertThat(primaries.take()).containsExactly("probe 192.0.2.2");

    timers.advance(Duration.ofSeconds(2));
    z.refreshNow();
    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "probe 192.0.2.2");
  }

  @Test
  void aStoreThatRefusesTheNewVersionLeavesTheOldOneServed() {
    SecondaryZone z = follow(A);
    primaries.at(A).serial = 2;
    store.failWrites(true);

    z.refreshNow();

    assertThat(answered()).isEqualTo(1);
    assertThat(z.status().lastError()).contains("could not store");
    store.failWrites(false);
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));
    assertThat(answered()).isEqualTo(2);
  }

  @Test
  void aFirstVersionIsServedBeforeItIsStoredAndTransferredAgainWhenTheStoreRefusedIt() {
    store.failWrites(true);
    SecondaryZone z = follow(A);

    assertThat(primaries.take()).containsExactly("AXFR 192.0.2.1");
    assertThat(answered()).isEqualTo(1); // served, though the store could not take it
    assertThat(store.contents(ZONE)).isEmpty();
    assertThat(z.status().lastError()).contains("could not store");
    assertThat(z.status().nextRefresh())
        .as("tried again as after a failed refresh: after RETRY, not REFRESH")
        .isBefore(T0.plusSeconds(3600));

    store.failWrites(false);
    timers.advance(Duration.between(timers.now(), z.status().nextRefresh()));
    // The primary still has serial 1, which we serve: transferred whole again all the same, since
    // the store does not have it.
    assertThat(primaries.take()).containsExactly("probe 192.0.2.1", "AXFR 192.0.2.1");
    assertThat(store.contents(ZONE).orElseThrow().serial()).isEqualTo(1);
    assertThat(z.status().lastError()).isNull();
  }

  /** Literal addresses without a lookup. */
  private static final class InetAddresses {
    static InetAddress of(String ip) {
      try {
        return InetAddress.getByName(ip);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException(e);
      }
    }
  }
}
