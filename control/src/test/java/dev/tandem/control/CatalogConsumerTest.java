package dev.tandem.control;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.control.access.Remote;
import dev.tandem.control.catalog.CatalogTemplate;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.catalog.ConsumedCatalog;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.transfer.HeapSteps;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * A catalog followed here (RFC 9432): its members come and go with it, are configured by the
 * templates of their groups, are reset when their label changes, change hands with a coo property,
 * are not taken from zones served otherwise, stay as they are when the catalog breaks, and are
 * served from the store after a restart whatever the catalog then says. The primaries are scripted
 * in memory; the control plane, its store and its threads are the real ones.
 */
class CatalogConsumerTest {
  private static final InetSocketAddress PRIMARY = address(1);
  private static final InetSocketAddress OTHER_PRIMARY = address(2);
  private static final Name CATALOG = Name.fromConstantString("catalog.test.");
  private static final Name NEW_CATALOG = Name.fromConstantString("new.catalog.test.");

  private final MemoryZoneStore store = new MemoryZoneStore();
  private final Scripted upstream = new Scripted();
  private final AtomicReference<ServedZones> served = new AtomicReference<>(ServedZones.EMPTY);
  private @Nullable ControlPlane plane;

  private static InetSocketAddress address(int last) {
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last}), 53);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Primaries in memory: each address serves the zones put there, and logs what is asked. */
  static final class Scripted implements Upstream {
    final Map<InetSocketAddress, Map<Name, ZoneSnapshot>> zones = new ConcurrentHashMap<>();
    final List<String> transfers = new CopyOnWriteArrayList<>();

    /** Every version put, by zone and serial: with {@link #ixfr}, what IXFR answers from. */
    final Map<Name, Map<Long, ZoneSnapshot>> versions = new ConcurrentHashMap<>();

    /** Whether IXFR from a version put earlier is answered with the difference, not AXFR-style. */
    volatile boolean ixfr;

    /** While not null, every member's transfer waits for it (a primary that takes its time). */
    volatile java.util.concurrent.@Nullable CountDownLatch held;

    void put(InetSocketAddress at, ZoneSnapshot z) {
      zones.computeIfAbsent(at, k -> new ConcurrentHashMap<>()).put(z.origin(), z);
      versions.computeIfAbsent(z.origin(), k -> new ConcurrentHashMap<>()).put(z.serial(), z);
    }

    private @Nullable ZoneSnapshot at(Remote r, Name zone) {
      return zones.getOrDefault(r.address(), Map.of()).get(zone);
    }

    @Override
    public Probe probe(Name zone, Remote primary, @Nullable TSIG tsig) {
      ZoneSnapshot z = at(primary, zone);
      return z == null ? new Failed(primary + ": REFUSED (scripted)", false) : new Soa(z.soa(), -1);
    }

    @Override
    public Received transfer(Name zone, Remote primary, @Nullable TSIG tsig, long ourSerial) {
      java.util.concurrent.CountDownLatch h = held;
      if (h != null && !zone.toString().endsWith("catalog.test.")) { // catalogs are not held
        try {
          h.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Failed(primary + ": interrupted (scripted)", false);
        }
      }
      ZoneSnapshot z = at(primary, zone);
      if (z == null) {
        return new Failed(primary + ": REFUSED (scripted)", false);
      }
      transfers.add(zone + " from " + Remote.format(primary.address()));
      ZoneSnapshot ours = versions.getOrDefault(zone, Map.of()).get(ourSerial);
      if (ixfr && ours != null && ours.serial() != z.serial()) {
        List<Record> was = ours.records();
        List<Record> now = z.records();
        List<Record> removed = new java.util.ArrayList<>(List.of(ours.soa()));
        was.stream()
            .filter(r -> !now.contains(r) && !(r instanceof SOARecord))
            .forEach(removed::add);
        List<Record> added = new java.util.ArrayList<>(List.of(z.soa()));
        now.stream().filter(r -> !was.contains(r) && !(r instanceof SOARecord)).forEach(added::add);
        return new Incremental(
            List.of(
                new JournalStep(
                    ourSerial, z.serial(), new ZoneDiff(removed, added), java.time.Instant.now())),
            removed.size() + added.size(),
            0);
      }
      ZoneBuilder b = new ZoneBuilder(zone);
      z.forEachRecord(b::add);
      return new Full(b, z.serial(), z.recordCount(), 0);
    }

    long transfersOf(String zone) {
      return transfers.stream().filter(t -> t.startsWith(zone + " ")).count();
    }
  }

  static ZoneSnapshot zone(String origin, String text) {
    ZoneBuilder b = new ZoneBuilder(Name.fromConstantString(origin));
    try (Master m =
        new Master(
            new ByteArrayInputStream(
                ("$ORIGIN " + origin + "\n$TTL 300\n" + text).getBytes(StandardCharsets.UTF_8)),
            Name.root)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        b.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return b.build();
  }

  private static ZoneSnapshot member(String origin, long serial) {
    return zone(
        origin,
        "@ SOA ns1 hostmaster " + serial + " 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.53\n");
  }

  /** A catalog at {@code serial} of the member lines given ({@code LABEL.zones PTR ZONE}...). */
  private static ZoneSnapshot catalog(Name name, long serial, String members) {
    return zone(
        name.toString(),
        "@ SOA invalid. invalid. "
            + serial
            + " 3600 600 2419200 0\n@ NS invalid.\nversion TXT \"2\"\n"
            + members);
  }

  private ControlPlane start(List<SecondaryConfig> secondaries, Catalogs.Config catalogs) {
    ControlPlane p =
        new ControlPlane(
            secondaries,
            List.of(),
            catalogs,
            List.of(),
            store,
            new ServedPublisher(served),
            ControlPlane.Options.DEFAULT,
            upstream,
            Clock.systemUTC(),
            new Random(19));
    plane = p;
    p.start(Map.of());
    return p;
  }

  private static Catalogs.Config follow(List<CatalogTemplate> templates, Name... catalogs) {
    return new Catalogs.Config(
        java.util.Arrays.stream(catalogs)
            .map(c -> new ConsumedCatalog(c, List.of(new Remote(PRIMARY, null)), List.of()))
            .toList(),
        templates,
        List.of());
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  private ControlPlane plane() {
    return java.util.Objects.requireNonNull(plane);
  }

  private long servedSerial(String zone) {
    ZoneSnapshot z = served.get().get(Name.fromConstantString(zone));
    return z == null ? -1 : z.serial();
  }

  private static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private void newVersion(Name catalog, ZoneSnapshot version) {
    upstream.put(PRIMARY, version);
    ControlPlane p = java.util.Objects.requireNonNull(plane);
    ((SecondaryZone) p.zone(catalog).orElseThrow()).refreshNow();
    await(
        "the catalog at serial " + version.serial(),
        () -> servedSerial(catalog.toString()) == version.serial());
  }

  private CatalogStatus catalogStatus(Name zone) {
    ZoneStatus s = plane().status(zone).orElseThrow(() -> new AssertionError(zone + " not served"));
    return java.util.Objects.requireNonNull(s.catalog());
  }

  @Test
  void membersComeAndGoWithTheCatalogConfiguredByTheTemplatesOfTheirGroups() {
    upstream.put(PRIMARY, member("a.test.", 1));
    upstream.put(OTHER_PRIMARY, member("b.test.", 7));
    upstream.put(PRIMARY, member("c.test.", 3));
    upstream.put(
        PRIMARY,
        catalog(
            CATALOG,
            1,
            "m1.zones PTR a.test.\nm2.zones PTR b.test.\ngroup.m2.zones TXT \"far\"\n"));
    CatalogTemplate far =
        new CatalogTemplate(
            "far", List.of(new Remote(OTHER_PRIMARY, null)), List.of(), List.of(), List.of());
    start(List.of(), follow(List.of(far), CATALOG));

    await(
        "both members served", () -> servedSerial("a.test.") == 1 && servedSerial("b.test.") == 7);
    assertThat(upstream.transfers).contains("b.test. from 192.0.2.2:53"); // the template's primary
    assertThat(catalogStatus(Name.fromConstantString("b.test.")))
        .isEqualTo(CatalogStatus.member(CATALOG, "far"));
    assertThat(catalogStatus(CATALOG).members()).isEqualTo(2);
    // A member's transfer may reach the disk a second later (its primary still has it); the
    // catalog's may not, or a power failure could bring back an older list that drops members.
    assertThat(store.contentsDurability(Name.fromConstantString("a.test.")))
        .contains(ZoneStore.Durability.SOON);
    assertThat(store.contentsDurability(CATALOG)).contains(ZoneStore.Durability.NOW);

    newVersion(CATALOG, catalog(CATALOG, 2, "m2.zones PTR b.test.\nm3.zones PTR c.test.\n"));
    await("a gone, c served", () -> servedSerial("a.test.") == -1 && servedSerial("c.test.") == 3);
    assertThat(store.state(Name.fromConstantString("a.test."))).isEmpty(); // removed with its state
    assertThat(plane().zone(Name.fromConstantString("a.test."))).isEmpty();
    // b lost its group: configured from the catalog's primary now, its contents kept
    await(
        "b reconfigured", () -> catalogStatus(Name.fromConstantString("b.test.")).group() == null);
    assertThat(servedSerial("b.test.")).isEqualTo(7);
  }

  @Test
  void thousandsOfNewMembersAreStoredAThousandAtATimeAndAllServed() {
    upstream.put(PRIMARY, catalog(CATALOG, 1, manyMembers(2_500)));
    start(List.of(), follow(List.of(), CATALOG));

    await("all 2,500 members served", () -> servedMembers(2_500) == 2_500);
    // A thousand to a transaction (what a thousand stored before a failure means: the next test).
    assertThat(store.createdTogether()).containsExactly(1_000, 1_000, 500);
    assertThat(catalogStatus(CATALOG).members()).isEqualTo(2_500);
    assertThat(store.settings(Name.fromConstantString("z2499.test.")))
        .containsEntry("member", "catalog.test. m2499");
  }

  @Test
  void anArrivalEndsWhenEachNewMemberIsServedOrHasFailedItsFirstRefresh() {
    // 1,200 members the primary serves and 3 it does not have (listed before it loaded them)
    String members =
        manyMembers(1_200)
            + "x1.zones PTR absent1.test.\nx2.zones PTR absent2.test.\nx3.zones PTR absent3.test.\n";
    upstream.put(PRIMARY, catalog(CATALOG, 1, members));
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger logger = (Logger) LoggerFactory.getLogger("dev.tandem.control.catalog.CatalogConsumer");
    logger.addAppender(lines);
    try {
      start(List.of(), follow(List.of(), CATALOG));
      await(
          "the arrival told",
          () -> lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("new members")));
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(servedMembers(1_200)).isEqualTo(1_200);
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("new members"))
        .singleElement()
        .asString()
        .startsWith("catalog.test.: 1200 of 1203 new members served (")
        .endsWith(
            "); 3 failed their first refresh and are tried again as their timers say (their"
                + " status says why)");
    assertThat(HeapSteps.arrivalUnderWay())
        .as("over: a large zone stored now is collected after, as when none arrive")
        .isFalse();
  }

  @Test
  void anArrivalUnderWayWhenTheControlPlaneClosesIsOver() {
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    upstream.put(PRIMARY, catalog(CATALOG, 1, manyMembers(1_000)));
    upstream.held = held;
    start(List.of(), follow(List.of(), CATALOG));
    try {
      await("the members created", () -> catalogStatus(CATALOG).members() == 1_000);
      assertThat(HeapSteps.arrivalUnderWay()).as("their transfers held").isTrue();
      plane().close();
      assertThat(HeapSteps.arrivalUnderWay())
          .as("over: no member's refresh will end it now")
          .isFalse();
    } finally {
      held.countDown();
    }
  }

  @Test
  void aStoreLostAmidThousandsOfNewMembersLeavesThoseStoredServedAndSaysSo() {
    String members = manyMembers(2_500);
    upstream.put(PRIMARY, catalog(CATALOG, 1, members));
    store.failCreateAll(2); // the first thousand stored, then the store is lost
    start(List.of(), follow(List.of(), CATALOG));

    await("the catalog says why", () -> catalogStatus(CATALOG).problem() != null);
    assertThat(catalogStatus(CATALOG).problem())
        .contains("could not store the members of serial 1")
        .contains("the first 1000 of 2500 are served");
    await("the stored thousand served", () -> servedMembers(2_500) == 1_000);
    assertThat(plane().zone(Name.fromConstantString("z999.test."))).isEmpty(); // last by key

    newVersion(CATALOG, catalog(CATALOG, 2, members)); // the store is back: the rest come
    await("all 2,500 served", () -> servedMembers(2_500) == 2_500);
    assertThat(catalogStatus(CATALOG).members()).isEqualTo(2_500);
    assertThat(catalogStatus(CATALOG).problem()).isNull();
  }

  /** How many of the members {@link #manyMembers} made are served. */
  private long servedMembers(int n) {
    return java.util.stream.IntStream.range(0, n)
        .filter(i -> servedSerial("z" + i + ".test.") == 1)
        .count();
  }

  /** Members z0.test. ... z(N-1).test., served by the primary: the catalog's member lines. */
  private String manyMembers(int n) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < n; i++) {
      upstream.put(PRIMARY, member("z" + i + ".test.", 1));
      members.append("m").append(i).append(".zones PTR z").append(i).append(".test.\n");
    }
    return members.toString();
  }

  @Test
  void aNewLabelResetsTheMember() {
    upstream.put(PRIMARY, member("a.test.", 1));
    upstream.put(PRIMARY, catalog(CATALOG, 1, "m1.zones PTR a.test.\n"));
    start(List.of(), follow(List.of(), CATALOG));
    await("a served", () -> servedSerial("a.test.") == 1);
    assertThat(upstream.transfersOf("a.test.")).isEqualTo(1);

    newVersion(CATALOG, catalog(CATALOG, 2, "m9.zones PTR a.test.\n"));
    await("a transferred anew", () -> upstream.transfersOf("a.test.") == 2);
    assertThat(store.settings(Name.fromConstantString("a.test.")))
        .containsEntry("member", "catalog.test. m9");
  }

  @Test
  void aBrokenCatalogChangesNothingAndSaysWhy() {
    upstream.put(PRIMARY, member("a.test.", 1));
    upstream.put(PRIMARY, member("b.test.", 1));
    upstream.put(PRIMARY, catalog(CATALOG, 1, "m1.zones PTR a.test.\n"));
    start(List.of(), follow(List.of(), CATALOG));
    await("a served", () -> servedSerial("a.test.") == 1);

    newVersion(CATALOG, catalog(CATALOG, 2, "m1.zones PTR b.test.\nm1.zones PTR a.test.\n"));
    await("the catalog says why", () -> catalogStatus(CATALOG).problem() != null);
    assertThat(catalogStatus(CATALOG).problem())
        .contains("broken catalog at serial 2")
        .contains("m1.zones has 2 PTR records");
    assertThat(servedSerial("a.test.")).isEqualTo(1);
    assertThat(plane().zone(Name.fromConstantString("b.test."))).isEmpty();

    newVersion(CATALOG, catalog(CATALOG, 3, "m2.zones PTR b.test.\n")); // fixed: acted on again
    await("b served, a gone", () -> servedSerial("b.test.") == 1 && servedSerial("a.test.") == -1);
    assertThat(catalogStatus(CATALOG).problem()).isNull();
  }

  @Test
  void aZoneServedOtherwiseIsNotTakenAndTheCatalogSaysSo() {
    upstream.put(PRIMARY, member("mine.test.", 5));
    upstream.put(PRIMARY, catalog(CATALOG, 1, "m1.zones PTR mine.test.\n"));
    SecondaryConfig mine =
        new SecondaryConfig(
            Name.fromConstantString("mine.test."),
            List.of(new Remote(PRIMARY, null)),
            List.of(),
            List.of(),
            List.of());
    start(List.of(mine), follow(List.of(), CATALOG));
    await("the clash is said", () -> catalogStatus(CATALOG).problem() != null);
    assertThat(catalogStatus(CATALOG).problem()).contains("mine.test. (a secondary zone)");
    ManagedZone z = plane().zone(Name.fromConstantString("mine.test.")).orElseThrow();
    assertThat(z.owner()).isNull(); // still the configuration's
  }

  @Test
  void anIxfrOfTheCatalogIsActedOnAsTheWholeCatalogWouldBe() {
    // After an IXFR only the member nodes it touched are read again, and only their members and
    // the ones that clashed are looked at (a one-member change of 100,000 members looked at all).
    upstream.ixfr = true;
    upstream.put(PRIMARY, member("a.test.", 1));
    upstream.put(PRIMARY, member("b.test.", 2));
    upstream.put(PRIMARY, member("c.test.", 3));
    upstream.put(PRIMARY, member("mine.test.", 4));
    upstream.put(OTHER_PRIMARY, member("b.test.", 7));
    CatalogTemplate far =
        new CatalogTemplate(
            "far", List.of(new Remote(OTHER_PRIMARY, null)), List.of(), List.of(), List.of());
    start(List.of(), follow(List.of(far), CATALOG));
    SecondaryZone mine =
        plane()
            .createSecondary(
                new SecondaryConfig(
                    Name.fromConstantString("mine.test."),
                    List.of(new Remote(PRIMARY, null)),
                    List.of(),
                    List.of(),
                    List.of()));
    newVersion(
        CATALOG,
        catalog(
            CATALOG, 1, "m1.zones PTR a.test.\nm2.zones PTR b.test.\nm9.zones PTR mine.test.\n"));
    await("a and b served", () -> servedSerial("a.test.") == 1 && servedSerial("b.test.") == 2);
    assertThat(catalogStatus(CATALOG).problem()).contains("mine.test. (a secondary zone)");

    // by IXFR: a gone, b into a group (its template's primary), c new
    newVersion(
        CATALOG,
        catalog(
            CATALOG,
            2,
            "m2.zones PTR b.test.\ngroup.m2.zones TXT \"far\"\nm3.zones PTR c.test.\n"
                + "m9.zones PTR mine.test.\n"));
    await("c served, a gone", () -> servedSerial("c.test.") == 3 && servedSerial("a.test.") == -1);
    await(
        "b reconfigured",
        () -> "far".equals(catalogStatus(Name.fromConstantString("b.test.")).group()));
    assertThat(catalogStatus(CATALOG).problem())
        .as("the clash untouched by the IXFR is still said")
        .contains("mine.test. (a secondary zone)");

    // The zone mine.test. clashed with goes: the next IXFR, about another member, takes it.
    assertThat(plane().delete(mine.name())).isTrue();
    newVersion(
        CATALOG,
        catalog(
            CATALOG,
            3,
            "m2.zones PTR b.test.\ngroup.m2.zones TXT \"far\"\nm4.zones PTR c.test.\n"
                + "m9.zones PTR mine.test.\n"));
    await(
        "mine.test. from the catalog",
        () -> plane().zone(mine.name()).map(z -> z.owner() != null).orElse(false));
    await("mine.test. served", () -> servedSerial("mine.test.") == 4);
    assertThat(catalogStatus(CATALOG).problem()).isNull();
    assertThat(catalogStatus(CATALOG).members()).isEqualTo(3);
    assertThat(store.settings(Name.fromConstantString("c.test.")))
        .as("c's new label: reset")
        .containsEntry("member", "catalog.test. m4");
    assertThat(upstream.transfers).contains("catalog.test. from 192.0.2.1:53");
  }

  @Test
  void aChangeOfOwnershipMovesTheMemberWithItsState() {
    upstream.put(PRIMARY, member("moving.test.", 4));
    upstream.put(PRIMARY, catalog(CATALOG, 1, "m1.zones PTR moving.test.\n"));
    upstream.put(PRIMARY, catalog(NEW_CATALOG, 1, ""));
    start(List.of(), follow(List.of(), CATALOG, NEW_CATALOG));
    await("served from the old catalog", () -> servedSerial("moving.test.") == 4);

    // The old catalog says where it goes; the new one lists it under the same label.
    newVersion(
        CATALOG,
        catalog(CATALOG, 2, "m1.zones PTR moving.test.\ncoo.m1.zones PTR new.catalog.test.\n"));
    assertThat(catalogStatus(Name.fromConstantString("moving.test.")).catalog()).isEqualTo(CATALOG);
    newVersion(NEW_CATALOG, catalog(NEW_CATALOG, 2, "m1.zones PTR moving.test.\n"));
    await(
        "served from the new catalog",
        () -> catalogStatus(Name.fromConstantString("moving.test.")).catalog().equals(NEW_CATALOG));
    assertThat(upstream.transfersOf("moving.test.")).isEqualTo(1); // its state came along
    assertThat(servedSerial("moving.test.")).isEqualTo(4);
    assertThat(catalogStatus(CATALOG).members()).isZero();
    assertThat(catalogStatus(NEW_CATALOG).members()).isEqualTo(1);

    // The old catalog then drops it: the new one keeps serving it.
    newVersion(CATALOG, catalog(CATALOG, 3, ""));
    assertThat(servedSerial("moving.test.")).isEqualTo(4);
    assertThat(catalogStatus(NEW_CATALOG).problem()).isNull();
  }

  @Test
  void afterARestartTheMembersAreServedFromTheStoreWhateverTheCatalogNowSays() {
    upstream.put(PRIMARY, member("a.test.", 2));
    upstream.put(PRIMARY, catalog(CATALOG, 1, "m1.zones PTR a.test.\n"));
    start(List.of(), follow(List.of(), CATALOG));
    await("a served", () -> servedSerial("a.test.") == 2);
    java.util.Objects.requireNonNull(plane).close();
    served.set(ServedZones.EMPTY);

    upstream.zones.clear(); // the primaries are gone
    start(List.of(), follow(List.of(), CATALOG));
    assertThat(servedSerial("a.test.")).isEqualTo(2); // at once, from the store
    assertThat(catalogStatus(CATALOG).members()).isEqualTo(1);
  }
}
