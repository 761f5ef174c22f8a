package dev.tandem.control.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.MemoryZoneStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Two nodes sharing one store and one target: a target added on one is taken up by the other, a
 * change is pushed once (by the lease's holder), and when the holder stops renewing the other takes
 * the target over from the position the first left it at.
 */
class SharedSyncTargetsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private final MemoryZoneStore store = new MemoryZoneStore();
  private final MemoryZone ours =
      new MemoryZone(ZONE, "@ 3600 NS ns1.tandem.example.", "www 300 A 192.0.2.1");
  private final FakeProvider theirs = new FakeProvider();
  private final SteppingClock clock = new SteppingClock();

  private SyncTargets node(String name) {
    // Ticks and follow rounds of a day: the test takes each turn itself.
    SyncTargets n = new SyncTargets(store, ours, t -> theirs, clock, Duration.ofDays(1));
    n.share(name, Duration.ofDays(1));
    n.start();
    return n;
  }

  private static SyncTarget target() {
    return NewTargets.of(
        ZONE,
        "b",
        SyncTarget.Kind.TANDEM,
        SyncTarget.Policy.REPORT,
        Duration.ofSeconds(60),
        List.of(),
        false);
  }

  /** A few turns of the target on each node, the clock moving a little between them. */
  private void turns(SyncTargets... nodes) {
    for (int i = 0; i < 3; i++) {
      for (SyncTargets n : nodes) {
        n.turn(ZONE, "b");
      }
      clock.advance(Duration.ofMillis(200));
    }
  }

  private int pushesOf(String owner) {
    return (int)
        theirs.applied.stream()
            .flatMap(List::stream)
            .filter(r -> r.key().name().toString().equals(owner))
            .count();
  }

  @Test
  void aChangeIsPushedOnceByTheHolderAndTheOtherTakesOverWhenItStopsRenewing() {
    try (SyncTargets a = node("a");
        SyncTargets b = node("b")) {
      a.add(target());
      a.apply(ZONE, "b", false);
      b.follow();
      assertThat(b.list(ZONE)).extracting(SyncStatus::name).containsExactly("b");

      turns(a, b);
      ours.change(List.of(), List.of("one 300 A 192.0.2.11"));
      turns(a, b);
      assertThat(pushesOf("one.example.com.")).as("pushed once, by one node").isEqualTo(1);

      // A stops renewing (stuck, or killed): once its lease ends, B pushes, from A's position.
      clock.advance(SyncLease.TERM);
      ours.change(List.of(), List.of("two 300 A 192.0.2.12"));
      turns(b);
      assertThat(pushesOf("two.example.com.")).isEqualTo(1);
      assertThat(pushesOf("one.example.com.")).as("not pushed again").isEqualTo(1);
      turns(a);
      ours.change(List.of(), List.of("three 300 A 192.0.2.13"));
      turns(a, b);
      assertThat(pushesOf("three.example.com.")).as("A no longer pushes").isEqualTo(1);
      b.follow();
      a.follow();
      assertThat(a.status(ZONE, "b").position()).isEqualTo(b.status(ZONE, "b").position());
    }
  }

  @Test
  void aTargetRemovedOnOneNodeStopsOnTheOther() {
    try (SyncTargets a = node("a");
        SyncTargets b = node("b")) {
      a.add(target());
      b.follow();
      a.remove(ZONE, "b");
      b.follow();
      assertThat(b.list(ZONE)).isEmpty();
      assertThat(store.objects(SyncTargets.KIND)).isEmpty();
    }
  }
}
