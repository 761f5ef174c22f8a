package dev.tandem.control.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.control.MemoryZoneStore;
import dev.tandem.control.sync.SyncStatus.State;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A sync target's state changes alerted as the monitor alerts a server's: once the new state held
 * for the grace period, once, from the state last alerted; a state that does not last alerts
 * nothing; what was alerted, and the history, are kept in the store across a restart.
 */
class SyncAlertsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final MemoryZone ours =
      new MemoryZone(ZONE, "@ 3600 NS ns1.tandem.example.", "www 300 A 192.0.2.1");
  private final FakeProvider theirs = new FakeProvider();
  private final MemoryZoneStore store = new MemoryZoneStore();
  private final SteppingClock clock = new SteppingClock();
  private final SyncTarget target =
      NewTargets.of(
          ZONE,
          "b",
          SyncTarget.Kind.RFC2136,
          SyncTarget.Policy.REPORT,
          Duration.ofSeconds(10),
          List.of(),
          false);

  private final AtomicReference<SyncTarget> stored = new AtomicReference<>(target);

  /** A runner of the target as stored (a restart, when there was one before). */
  private TargetRunner runner() {
    return new TargetRunner(
        stored.get(),
        theirs,
        ours,
        stored::set,
        SyncHistory.load(store, target.objectName()),
        clock);
  }

  /** Every alert that comes due as the clock moves {@code by}, a second at a time. */
  private List<String> alertsOver(TargetRunner r, Duration by) {
    List<String> out = new ArrayList<>();
    for (long s = 0; s <= by.toSeconds(); s++) {
      @Nullable SyncAlert a = r.alertDue(GRACE);
      if (a != null) {
        out.add(a.from().word() + "->" + a.to().word());
      }
      clock.advance(Duration.ofSeconds(1));
    }
    return out;
  }

  private static SyncAlert due(TargetRunner r) {
    SyncAlert a = r.alertDue(GRACE);
    if (a == null) {
      throw new AssertionError("no alert due at " + r.status());
    }
    return a;
  }

  private void change(String line) {
    ours.change(List.of(), List.of(line));
  }

  /** A runner of the target, applied, then unreachable while pushing a change. */
  private TargetRunner appliedThenDown() throws Exception {
    TargetRunner r = runner();
    r.apply(false);
    theirs.down = true;
    change("a 300 A 192.0.2.10");
    r.step();
    assertThat(r.status().state()).isEqualTo(State.UNREACHABLE);
    return r;
  }

  @Test
  void aTargetDownLongerThanTheGraceIsAlertedOnceThenOnceWhenBackInSync() throws Exception {
    TargetRunner r = appliedThenDown();
    assertThat(r.alertDue(GRACE)).as("not before the grace period").isNull();
    clock.advance(GRACE);
    SyncAlert down = due(r);
    assertThat(down.from()).isEqualTo(State.IN_SYNC);
    assertThat(down.to()).isEqualTo(State.UNREACHABLE);
    assertThat(down.lastError()).contains("connection refused");
    assertThat(alertsOver(r, Duration.ofMinutes(2))).as("alerted once").isEmpty();

    theirs.down = false;
    r.step();
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
    assertThat(alertsOver(r, Duration.ofMinutes(1))).containsExactly("unreachable->in-sync");
  }

  @Test
  void aTargetDownForLessThanTheGraceAlertsNothing() throws Exception {
    TargetRunner r = appliedThenDown();
    clock.advance(Duration.ofSeconds(5));
    theirs.down = false;
    r.step();
    assertThat(r.status().state()).isEqualTo(State.IN_SYNC);
    assertThat(alertsOver(r, Duration.ofMinutes(2))).isEmpty();
  }

  @Test
  void aConflictIsAlertedWithTheDifferingRrSetsAsJsonThatSaysItIsASyncTarget() throws Exception {
    TargetRunner r = runner();
    r.apply(false);
    theirs.put(
        new SyncRrSet(
            Name.fromConstantString("www.example.com."), Type.A, 300, List.of("192.0.2.99")));
    clock.advance(Duration.ofSeconds(10));
    r.step();
    assertThat(r.status().state()).isEqualTo(State.CONFLICT);
    clock.advance(GRACE);
    SyncAlert a = due(r);
    JsonNode json = new ObjectMapper().readTree(a.json());
    assertThat(json.path("about").asText()).isEqualTo("sync-target");
    assertThat(json.path("zone").asText()).isEqualTo("example.com.");
    assertThat(json.path("target").asText()).isEqualTo("b");
    assertThat(json.path("kind").asText()).isEqualTo("rfc2136");
    assertThat(json.path("from").asText()).isEqualTo("in-sync");
    assertThat(json.path("to").asText()).isEqualTo("conflict");
    assertThat(json.path("id").asText()).isEqualTo(a.id());
    JsonNode c = json.path("conflicts").get(0);
    assertThat(c.path("name").asText()).isEqualTo("www.example.com.");
    assertThat(c.path("type").asText()).isEqualTo("A");
    assertThat(c.path("ours").get(0).asText()).contains("192.0.2.1");
    assertThat(c.path("theirs").get(0).asText()).contains("192.0.2.99");
  }

  @Test
  void aRestartNeitherForgetsTheHistoryNorAlertsAgainWhatWasAlerted() throws Exception {
    TargetRunner first = appliedThenDown();
    clock.advance(GRACE);
    assertThat(first.alertDue(GRACE)).isNotNull();
    first.close();

    TargetRunner second = runner();
    assertThat(second.status().history())
        .extracting(SyncStatus.Event::what)
        .anyMatch(w -> w.startsWith("applied"))
        .anyMatch(w -> w.startsWith("unreachable"));
    second.step();
    assertThat(second.status().state()).isEqualTo(State.UNREACHABLE);
    assertThat(alertsOver(second, Duration.ofMinutes(1)))
        .as("alerted before the restart")
        .isEmpty();
    theirs.down = false;
    clock.advance(TargetRunner.MAX_BACKOFF);
    second.step();
    assertThat(alertsOver(second, Duration.ofMinutes(1))).containsExactly("unreachable->in-sync");
  }

  @Test
  void theHistoryKeepsTheNewestEventsOnly() throws Exception {
    TargetRunner r = runner();
    r.apply(false);
    for (int i = 0; i < SyncHistory.KEPT + 20; i++) {
      change("h" + i + " 300 A 198.51.100.1");
      r.step();
    }
    List<SyncStatus.Event> kept = runner().status().history();
    assertThat(kept).hasSize(SyncHistory.KEPT);
    assertThat(kept.getFirst().what()).contains("→ " + (SyncHistory.KEPT + 21) + ":");
  }
}
