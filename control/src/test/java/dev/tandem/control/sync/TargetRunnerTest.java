package dev.tandem.control.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.MemoryZoneStore;
import dev.tandem.control.sync.SyncStatus.State;
import dev.tandem.control.sync.adapter.SyncAdapter.Replacement;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The sync engine against a provider in memory: the journal as the outbox, replacements that a
 * retry cannot apply twice, the position kept across a restart, the fallback to a full comparison,
 * conflicts and their policies, refused records, and the apex NS union.
 */
class TargetRunnerTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  private final MemoryZone ours =
      new MemoryZone(
          ZONE,
          "@ 3600 NS ns1.tandem.example.",
          "www 300 A 192.0.2.1",
          "mail 300 MX 10 mx.example.com.");
  private final FakeProvider theirs = new FakeProvider();
  private final AtomicReference<SyncTarget> stored = new AtomicReference<>();
  private final MemoryZoneStore store = new MemoryZoneStore();
  private final SteppingClock clock = new SteppingClock();

  private SyncTarget target(SyncTarget.Policy policy, List<String> exclusions) {
    return NewTargets.of(
        ZONE, "b", SyncTarget.Kind.TANDEM, policy, Duration.ofSeconds(10), exclusions, true);
  }

  private TargetRunner runner(SyncTarget t) {
    stored.set(t);
    return new TargetRunner(t, theirs, ours, stored::set, history(t), clock);
  }

  private SyncHistory history(SyncTarget t) {
    return SyncHistory.load(store, t.objectName());
  }

  private SyncRrSet rrset(String name, int type, long ttl, String... data) {
    return new SyncRrSet(Name.fromConstantString(name), type, ttl, List.of(data));
  }

  private void theyHaveTheirOwnZone() {
    theirs.put(rrset("example.com.", Type.SOA, 3600, "ns.other. h.other. 77 1 1 1 1"));
    theirs.put(rrset("example.com.", Type.NS, 3600, "ns.other.example."));
    theirs.put(rrset("www.example.com.", Type.A, 300, "192.0.2.9"));
    theirs.put(rrset("old.example.com.", Type.TXT, 300, "\"gone\""));
  }

  @Test
  void thePlanBeforeTheFirstPushShowsWhatWouldChangeAndNothingIsPushedUntilApplied()
      throws Exception {
    theyHaveTheirOwnZone();
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    SyncPlan plan = r.plan();
    // mail MX is added; www A and the apex NS (ours plus theirs) change; old TXT is deleted.
    assertThat(plan.summary()).isEqualTo("add 1, change 2, delete 1");
    assertThat(plan.change()).extracting(SyncPlan.Entry::name).contains("www.example.com.");
    r.step();
    assertThat(theirs.applied).isEmpty();
    assertThat(r.status().state()).isEqualTo(State.NEW);

    r.apply(false);
    assertThat(theirs.records(new SyncRrSet.Key(ZONE, Type.NS)))
        .containsExactly("ns.other.example.", "ns1.tandem.example.");
    assertThat(theirs.records(new SyncRrSet.Key(ZONE, Type.SOA)))
        .as("each provider keeps its own SOA")
        .containsExactly("ns.other. h.other. 77 1 1 1 1");
    assertThat(theirs.rrsets).doesNotContainKey(key("old.example.com.", Type.TXT));
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
    assertThat(stored.get().position()).isEqualTo(1);
  }

  private static SyncRrSet.Key key(String name, int type) {
    return new SyncRrSet.Key(Name.fromConstantString(name), type);
  }

  @Test
  void changesSinceThePositionGoOutAsOneReplacementPerRrSetWithItsValueNow() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    theirs.applied.clear();
    ours.change(List.of("www 300 A 192.0.2.1"), List.of("www 300 A 192.0.2.2"));
    ours.change(List.of("www 300 A 192.0.2.2"), List.of("www 300 A 192.0.2.3"));
    ours.change(List.of("mail 300 MX 10 mx.example.com."), List.of("api 60 AAAA 2001:db8::1"));
    r.step();
    assertThat(theirs.applied).hasSize(1);
    List<Replacement> sent = theirs.applied.getFirst();
    assertThat(sent)
        .extracting(c -> c.key().toString())
        .as("deletions first, each RRset once, never the SOA")
        .containsExactly("mail.example.com. MX", "api.example.com. AAAA", "www.example.com. A");
    assertThat(theirs.records(key("www.example.com.", Type.A))).containsExactly("192.0.2.3");
    assertThat(stored.get().position()).isEqualTo(4);
    r.step();
    assertThat(theirs.applied).as("nothing new: nothing sent").hasSize(1);
  }

  @Test
  void anAnswerLostAfterTheTargetAppliedIsRetriedAndChangesNothingThere() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    ours.change(List.of(), List.of("new 300 TXT \"one\""));
    theirs.loseAnswer = true;
    r.step();
    assertThat(r.status().state()).isEqualTo(State.UNREACHABLE);
    assertThat(stored.get().position()).as("not saved without the answer").isEqualTo(1);
    var before = Map.copyOf(theirs.rrsets);
    theirs.loseAnswer = false;
    clock.advance(Duration.ofSeconds(2));
    r.step();
    assertThat(theirs.rrsets).isEqualTo(before);
    assertThat(theirs.records(key("new.example.com.", Type.TXT))).containsExactly("one");
    assertThat(stored.get().position()).isEqualTo(2);
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
  }

  @Test
  void aTargetDownDuringAHundredChangesCatchesUpWithAllOfThemAfterBackoff() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    theirs.down = true;
    for (int i = 0; i < 100; i++) {
      ours.change(List.of(), List.of("h" + i + " 300 A 198.51.100." + (i + 1)));
      r.step();
      clock.advance(Duration.ofMillis(600));
    }
    SyncStatus down = r.status();
    assertThat(down.state()).isEqualTo(State.UNREACHABLE);
    assertThat(down.lastError()).contains("connection refused");
    assertThat(down.behind()).isEqualTo(100);
    theirs.down = false;
    clock.advance(TargetRunner.MAX_BACKOFF);
    r.step();
    for (int i = 0; i < 100; i++) {
      assertThat(theirs.records(key("h" + i + ".example.com.", Type.A)))
          .containsExactly("198.51.100." + (i + 1));
    }
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
    assertThat(r.status().behind()).isZero();
  }

  @Test
  void aRestartTakesUpAtTheStoredPositionAndPushesOnlyWhatCameAfter() throws Exception {
    TargetRunner first = runner(target(SyncTarget.Policy.REPORT, List.of()));
    first.apply(false);
    ours.change(List.of(), List.of("a 300 A 192.0.2.10"));
    first.step();
    first.close();
    SyncTarget saved = SyncTarget.fromJson(stored.get().toJson());
    theirs.applied.clear();
    ours.change(List.of(), List.of("b 300 A 192.0.2.11"));
    TargetRunner second = new TargetRunner(saved, theirs, ours, stored::set, history(saved), clock);
    second.step();
    assertThat(theirs.applied).hasSize(1);
    assertThat(theirs.applied.getFirst())
        .extracting(c -> c.key().toString())
        .containsExactly("b.example.com. A");
  }

  @Test
  void aJournalThatNoLongerReachesThePositionFallsBackToAWholeComparison() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    ours.keep = 2;
    ours.change(List.of(), List.of("a 300 A 192.0.2.10"));
    ours.change(List.of(), List.of("b 300 A 192.0.2.11"));
    ours.change(List.of("a 300 A 192.0.2.10"), List.of("c 300 A 192.0.2.12"));
    r.step();
    assertThat(theirs.rrsets).containsKey(key("b.example.com.", Type.A));
    assertThat(theirs.rrsets).containsKey(key("c.example.com.", Type.A));
    assertThat(theirs.rrsets).doesNotContainKey(key("a.example.com.", Type.A));
    assertThat(r.status().history())
        .extracting(SyncStatus.Event::what)
        .anyMatch(w -> w.contains("compared whole zones"));
  }

  @Test
  void anRrSetChangedAtTheTargetIsReportedAsAConflictWithBothSides() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    theirs.put(rrset("www.example.com.", Type.A, 300, "203.0.113.66"));
    clock.advance(Duration.ofSeconds(10));
    r.step();
    SyncStatus s = r.status();
    assertThat(s.state()).isEqualTo(State.CONFLICT);
    assertThat(s.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.ours()).containsExactly("www.example.com. 300 A 192.0.2.1");
              assertThat(c.theirs()).containsExactly("www.example.com. 300 A 203.0.113.66");
            });
    r.resolve("www.example.com", "A", true);
    assertThat(theirs.records(key("www.example.com.", Type.A))).containsExactly("192.0.2.1");
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
  }

  @Test
  void oursWinsPushesOursAgainAndAdoptTheirsMakesTheirsOurs() throws Exception {
    TargetRunner wins = runner(target(SyncTarget.Policy.OURS_WINS, List.of()));
    wins.apply(false);
    theirs.put(rrset("www.example.com.", Type.A, 300, "203.0.113.66"));
    clock.advance(Duration.ofSeconds(10));
    wins.step();
    assertThat(theirs.records(key("www.example.com.", Type.A))).containsExactly("192.0.2.1");

    TargetRunner adopts = runner(target(SyncTarget.Policy.ADOPT_THEIRS, List.of()));
    adopts.apply(false);
    theirs.put(rrset("www.example.com.", Type.A, 300, "203.0.113.77"));
    clock.advance(Duration.ofSeconds(10));
    adopts.step();
    assertThat(
            java.util.Objects.requireNonNull(ours.current(ZONE))
                .recordsAt(Name.fromConstantString("www.example.com.")))
        .extracting(rec -> rec.rdataToString())
        .containsExactly("203.0.113.77");
    theirs.applied.clear();
    adopts.step();
    assertThat(theirs.applied).as("what was adopted is not pushed back").isEmpty();
    assertThat(adopts.status().state()).isEqualTo(State.IN_SYNC);
  }

  @Test
  void anRrSetTheTargetRefusesIsReportedWithItsErrorAndTheRestApplied() throws Exception {
    theirs.refusedTypes = java.util.Set.of(Type.LOC);
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of()));
    r.apply(false);
    ours.change(
        List.of(),
        List.of(
            "a 300 A 192.0.2.10",
            "geo 300 LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m",
            "z 300 A 192.0.2.11"));
    r.step();
    assertThat(theirs.rrsets)
        .containsKeys(key("a.example.com.", Type.A), key("z.example.com.", Type.A));
    SyncStatus s = r.status();
    assertThat(s.refused())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.rrset()).isEqualTo("geo.example.com. LOC");
              assertThat(f.error()).contains("422");
            });
    clock.advance(Duration.ofSeconds(10));
    r.step();
    assertThat(r.status().state()).as("a refused RRset is no conflict").isEqualTo(State.IN_SYNC);
  }

  @Test
  void exclusionsAreNeitherPushedNorReportedAsConflicts() throws Exception {
    TargetRunner r = runner(target(SyncTarget.Policy.REPORT, List.of("* TXT", "mail")));
    r.apply(false);
    ours.change(List.of(), List.of("t 300 TXT \"x\""));
    r.step();
    assertThat(theirs.rrsets).doesNotContainKey(key("t.example.com.", Type.TXT));
    assertThat(theirs.rrsets).doesNotContainKey(key("mail.example.com.", Type.MX));
    theirs.put(rrset("mail.example.com.", Type.MX, 300, "5 other.example."));
    clock.advance(Duration.ofSeconds(10));
    r.step();
    assertThat(r.status().conflicts()).isEmpty();
  }
}
