package dev.tandem.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.access.Remote;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.catalog.ConsumedCatalog;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.dns.engine.ServedZones;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * A node sharing its store with others (PostgreSQL) stops serving the zones another node deleted,
 * and only those: not a zone made here while a round was reading the store (100,000 catalog members
 * arriving on a node with a PostgreSQL store lost 51,000 of them so, never served again), nor a
 * catalog followed here whose zone has not arrived yet.
 */
class StoreFollowerTest {
  private static final Name ZONE = Name.fromConstantString("made.test.");
  private static final Name CATALOG = Name.fromConstantString("catalog.test.");
  private static final Remote NOWHERE =
      new Remote(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), null);

  private final MemoryZoneStore store = new MemoryZoneStore();
  private ControlPlane plane;

  @BeforeEach
  void start() {
    plane =
        new ControlPlane(
            List.of(),
            List.of(),
            Catalogs.Config.NONE,
            List.of(),
            store,
            new ServedPublisher(new AtomicReference<>(ServedZones.EMPTY)),
            ControlPlane.Options.DEFAULT,
            new CatalogConsumerTest.Scripted(), // every primary refuses
            Clock.systemUTC(),
            new Random(7));
    plane.start(Map.of());
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void aZoneMadeWhileARoundReadsTheStoreIsKeptAndOneDeletedThereIsNot() {
    store.afterZonesRead =
        () ->
            plane.createSecondary(
                new SecondaryConfig(ZONE, List.of(NOWHERE), List.of(), List.of(), List.of()));
    plane.followStore();
    assertThat(plane.zone(ZONE)).as("made here during the round").isPresent();

    store.delete(ZONE); // by another node
    plane.followStore();
    assertThat(plane.zone(ZONE)).as("deleted in the store").isEmpty();
  }

  @Test
  void aCatalogFollowedHereIsKeptBeforeItsZoneArrives() {
    plane.catalogs().follow(new ConsumedCatalog(CATALOG, List.of(NOWHERE), List.of()));
    plane.followStore();
    plane.followStore();
    assertThat(plane.zone(CATALOG)).isPresent();
    assertThat(plane.catalogs().view(CATALOG)).isNotNull();
  }
}
