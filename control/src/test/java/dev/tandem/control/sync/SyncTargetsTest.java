package dev.tandem.control.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.MemoryZoneStore;
import dev.tandem.control.service.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The registry of sync targets over a store: a target and its position outlive the process (a new
 * registry on the same store takes it up where it was), names are unique per zone, and a deleted
 * zone's targets go with it.
 */
class SyncTargetsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private final MemoryZoneStore store = new MemoryZoneStore();
  private final MemoryZone ours = new MemoryZone(ZONE, "@ 3600 NS ns1.tandem.example.");
  private final FakeProvider theirs = new FakeProvider();

  private SyncTargets registry() {
    // A tick of a day: the scheduler takes no step of its own during the test.
    return new SyncTargets(store, ours, t -> theirs, Clock.systemUTC(), Duration.ofDays(1));
  }

  private static SyncTarget target(String name) {
    return NewTargets.of(
        ZONE,
        name,
        SyncTarget.Kind.TANDEM,
        SyncTarget.Policy.REPORT,
        Duration.ofSeconds(60),
        List.of(),
        true);
  }

  @Test
  void aTargetAndItsPositionAreTakenUpByTheNextProcess() {
    try (SyncTargets first = registry()) {
      first.add(target("b"));
      first.apply(ZONE, "b", false);
      assertThat(first.status(ZONE, "b").position()).isEqualTo(1);
    }
    ours.change(List.of(), List.of("new 300 A 192.0.2.1"));
    try (SyncTargets second = registry()) {
      second.start();
      SyncStatus s = second.status(ZONE, "b");
      assertThat(s.position()).isEqualTo(1);
      assertThat(s.behind()).isEqualTo(1);
      assertThat(s.state()).isEqualTo(SyncStatus.State.BEHIND);
    }
  }

  @Test
  void aNameIsTakenOncePerZoneAndAnUnknownOneIsNotFound() {
    try (SyncTargets r = registry()) {
      r.add(target("b"));
      assertThatThrownBy(() -> r.add(target("b")))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("has a sync target 'b' already");
      assertThatThrownBy(() -> r.status(ZONE, "c"))
          .isInstanceOf(ServiceException.class)
          .hasMessageContaining("no sync target 'c'");
    }
  }

  @Test
  void aDeletedZonesTargetsGoWithIt() throws Exception {
    try (SyncTargets r = registry()) {
      r.add(target("b"));
      r.add(target("c"));
      r.zoneRemoved(ZONE);
      for (int i = 0; i < 500 && !store.objects(SyncTargets.KIND).isEmpty(); i++) {
        Thread.sleep(10); // removed on the sync threads
      }
      assertThat(store.objects(SyncTargets.KIND)).isEmpty();
      assertThat(r.list(ZONE)).isEmpty();
    }
  }
}
