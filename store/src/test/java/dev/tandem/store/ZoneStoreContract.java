package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.T0;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.name;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.step;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * What every {@link ZoneStore} does, whatever its database: a zone's contents, journal, state and
 * settings, the control plane's objects and the transfer history outlive the store that wrote them
 * (a restart, or another node on the same database), as written. Each store runs it through a
 * subclass ({@link SqliteZoneStoreContractTest}, {@link PostgresZoneStoreContractTest}); what is
 * particular to one database (files, kill -9, several nodes) is tested beside it.
 */
abstract class ZoneStoreContract {

  /** A store on a new, empty database, stamping journal entries and objects with {@code clock}. */
  abstract ZoneStore newStore(Clock clock);

  /**
   * Another store on the database of the last {@link #newStore}: what the next run sees after a
   * restart, or another node at the same time.
   */
  abstract ZoneStore reopen();

  /** A store on a new, empty database. */
  final ZoneStore newStore() {
    return newStore(Clock.systemUTC());
  }

  /** A clock that moves one second each time it is read, so journal entries have distinct times. */
  static Clock ticking() {
    AtomicLong reads = new AtomicLong();
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        return T0.plusSeconds(reads.getAndIncrement());
      }
    };
  }

  // ---- contents, journal and state ----

  @Test
  void aReplacedZoneReadsBackAfterReopening() {
    ZoneSnapshot zone = numbered(7, 50);
    try (ZoneStore store = newStore()) {
      store.replace(zone, state(7));
    }
    try (ZoneStore store = reopen()) {
      ZoneSnapshot back = store.contents(ORIGIN).orElseThrow();
      assertThat(back.serial()).isEqualTo(7);
      assertThat(back.origin()).isEqualTo(ORIGIN);
      assertThat(back.recordCount()).isEqualTo(zone.recordCount());
      assertThat(text(back)).isEqualTo(text(zone));
      assertThat(store.state(ORIGIN)).contains(state(7));
      assertThat(store.zones()).containsExactly(state(7));
      assertThat(store.journal(ORIGIN)).isEmpty();
    }
  }

  @Test
  void writesThatMayReachTheDiskSoonReadBackAtOnceAndAfterReopening() {
    // A secondary's transfers are written without waiting for the disk, between writes that do
    // wait; every one reads back at once, in order, and after the store is closed and reopened.
    Name other = name("other.example.");
    ZoneStore.Durability soon = ZoneStore.Durability.SOON;
    try (ZoneStore store = newStore(ticking())) {
      store.replace(numbered(1), state(1), soon);
      store.append(ORIGIN, change(1, 2), state(2), soon);
      store.replace(numbered(other, 5, 3), TestZones.state(other, 5)); // waits for the disk
      store.append(ORIGIN, change(2, 3), state(3), soon);
      ZoneState failed = state(3).failed(T0.plusSeconds(60), "refused", T0.plusSeconds(600));
      store.saveState(failed, soon);

      assertThat(store.contents(ORIGIN).orElseThrow().serial()).isEqualTo(3);
      assertThat(store.journal(ORIGIN)).extracting(JournalStep::to).containsExactly(2L, 3L);
      assertThat(store.state(ORIGIN)).contains(failed);
    }
    try (ZoneStore store = reopen()) {
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(3)));
      assertThat(store.journal(ORIGIN)).extracting(JournalStep::to).containsExactly(2L, 3L);
      assertThat(store.state(ORIGIN).orElseThrow().lastError()).isEqualTo("refused");
      assertThat(store.contents(other).orElseThrow().serial()).isEqualTo(5);
    }
  }

  @Test
  void zonesReadTogetherForAStartReadAsEachReadAlone() {
    // A restart reads catalog members hundreds at a time (ZoneStore.starting).
    Name compacted = name("compacted.example.");
    Name journaled = name("journaled.example.");
    Name fresh = name("fresh.example.");
    try (ZoneStore store = newStore(ticking())) {
      store.replace(numbered(compacted, 1, 5), TestZones.state(compacted, 1));
      store.append(compacted, TestZones.change(compacted, 1, 2), TestZones.state(compacted, 2));
      store.append(compacted, TestZones.change(compacted, 2, 3), TestZones.state(compacted, 3));
      store.compact(numbered(compacted, 3, 5)); // entries before the base are kept for IXFR out
      store.append(compacted, TestZones.change(compacted, 3, 4), TestZones.state(compacted, 4));
      store.replace(numbered(journaled, 7, 5), TestZones.state(journaled, 7));
      store.append(journaled, TestZones.change(journaled, 7, 8), TestZones.state(journaled, 8));
      store.createAll(
          List.of(new ZoneStore.NewZone(ZoneState.fresh(fresh, ZoneKind.SECONDARY), Map.of())));
    }
    try (ZoneStore store = reopen()) {
      Name never = name("never.example.");
      Map<Name, ZoneStore.Starting> together =
          store.starting(List.of(compacted, journaled, fresh, never));

      assertThat(together).containsOnlyKeys(compacted, journaled, fresh, never);
      for (Name z : List.of(compacted, journaled, fresh, never)) {
        ZoneStore.Starting alone = ZoneStore.Starting.read(store, z);
        ZoneStore.Starting read = java.util.Objects.requireNonNull(together.get(z));
        assertThat(read.state()).as(z + " state").isEqualTo(alone.state());
        assertThat(read.unreadable()).as(z + " unreadable").isEqualTo(alone.unreadable());
        ZoneSnapshot contents = read.contents();
        ZoneSnapshot aloneContents = alone.contents();
        if (aloneContents == null) {
          assertThat(contents).as(z + " contents").isNull();
        } else {
          assertThat(contents).as(z + " contents").isNotNull();
          assertThat(text(java.util.Objects.requireNonNull(contents)))
              .as(z + " contents")
              .isEqualTo(text(aloneContents));
        }
        assertThat(read.journal())
            .as(z + " journal")
            .extracting(JournalStep::from, JournalStep::to)
            .isEqualTo(
                java.util.Objects.requireNonNull(alone.journal()).stream()
                    .map(j -> org.assertj.core.groups.Tuple.tuple(j.from(), j.to()))
                    .toList());
      }
      ZoneStore.Starting c = java.util.Objects.requireNonNull(together.get(compacted));
      assertThat(java.util.Objects.requireNonNull(c.contents()).serial()).isEqualTo(4);
      assertThat(c.journal()).extracting(JournalStep::to).containsExactly(2L, 3L, 4L);
      assertThat(java.util.Objects.requireNonNull(together.get(fresh)).state()).isPresent();
      assertThat(java.util.Objects.requireNonNull(together.get(never)).state()).isEmpty();
    }
  }

  @Test
  void everyTypeRoundTripsInWireForm() {
    ZoneSnapshot zone =
        TestZones.zone(
            ORIGIN,
            List.of(
                TestZones.soa(1),
                TestZones.record("example.com. 300 NS ns1.example.com."),
                TestZones.record("example.com. 300 MX 10 mail.example.com."),
                TestZones.record("example.com. 300 TXT \"v=spf1 -all\" \"second string\""),
                TestZones.record("example.com. 300 CAA 0 issue \"letsencrypt.org\""),
                TestZones.record("ns1.example.com. 300 A 192.0.2.53"),
                TestZones.record("ns1.example.com. 300 AAAA 2001:db8::53"),
                TestZones.record("_sip._tcp.example.com. 60 SRV 0 5 5060 sip.example.com."),
                TestZones.record("www.example.com. 3600 CNAME example.com."),
                TestZones.record("sub.example.com. 86400 NS ns.sub.example.com."),
                TestZones.record("sub.example.com. 86400 DS 12345 13 2 " + "ab".repeat(32)),
                TestZones.record("ns.sub.example.com. 86400 A 192.0.2.54"),
                TestZones.record("x.example.com. 300 TYPE65000 \\# 3 010203"),
                TestZones.record("*.wild.example.com. 300 A 192.0.2.9")));
    try (ZoneStore store = newStore()) {
      store.replace(zone, state(1));
    }
    try (ZoneStore store = reopen()) {
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(zone));
    }
  }

  @Test
  void appendedChangesAreAppliedWhenTheZoneIsReadBack() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
      store.append(ORIGIN, change(2, 3), state(3));
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(3)));
    }
    try (ZoneStore store = reopen()) {
      ZoneSnapshot back = store.contents(ORIGIN).orElseThrow();
      assertThat(back.serial()).isEqualTo(3);
      assertThat(text(back)).isEqualTo(text(numbered(3)));
      assertThat(store.state(ORIGIN).orElseThrow().serial()).isEqualTo(3);
    }
  }

  /** The zone at serial 3, compacted: its base includes the journal's two entries. */
  private static void compactedAtThree(ZoneStore store) {
    store.replace(numbered(1), state(1));
    store.append(ORIGIN, change(1, 2), state(2));
    store.append(ORIGIN, change(2, 3), state(3));
    store.compact(store.contents(ORIGIN).orElseThrow());
  }

  @Test
  void aCompactedZoneReadsBackAndKeepsItsJournal() {
    try (ZoneStore store = newStore()) {
      compactedAtThree(store);
      store.append(ORIGIN, change(3, 4), state(4));
    }
    try (ZoneStore store = reopen()) {
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(4)));
      assertThat(store.journal(ORIGIN)).extracting(JournalStep::to).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void aCompactedZoneReplacedReadsBackWithTheChangesAfterIt() {
    // The new base includes no journal entry: the changes after it, numbered from 1 again, are
    // replayed, though the old base had included entries up to 2.
    try (ZoneStore store = newStore()) {
      compactedAtThree(store);
      store.replace(numbered(7), state(7));
      store.append(ORIGIN, change(7, 8), state(8));
    }
    try (ZoneStore store = reopen()) {
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(8)));
      assertThat(store.journal(ORIGIN)).extracting(JournalStep::to).containsExactly(8L);
    }
  }

  @Test
  void compactionKeepsTheNewestJournalEntriesOnly() {
    int changes = ZoneStore.JOURNAL_KEPT + 5;
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      for (int i = 1; i <= changes; i++) {
        store.append(ORIGIN, change(i, i + 1), state(i + 1));
      }
      store.compact(store.contents(ORIGIN).orElseThrow());
      store.append(ORIGIN, change(changes + 1, changes + 2), state(changes + 2));
    }
    try (ZoneStore store = reopen()) {
      List<JournalStep> journal = store.journal(ORIGIN);
      assertThat(journal).hasSize(ZoneStore.JOURNAL_KEPT + 1);
      assertThat(journal.get(0).from()).isEqualTo(6);
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(changes + 2)));
    }
  }

  @Test
  void compactionKeepsTheNewestEntriesAskedFor() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      for (int s = 1; s < 11; s++) {
        store.append(ORIGIN, change(s, s + 1), state(s + 1));
      }
      store.compact(store.contents(ORIGIN).orElseThrow(), 3);

      assertThat(store.journal(ORIGIN)).extracting(JournalStep::to).containsExactly(9L, 10L, 11L);
      assertThat(store.contents(ORIGIN).orElseThrow().serial()).isEqualTo(11);
    }
  }

  @Test
  void compactionCanBeRepeatedAtTheSameSerial() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
      store.compact(numbered(2));
      store.compact(numbered(2));
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(2)));
    }
  }

  @Test
  void theJournalListsChangesOldestFirst() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(10), state(10));
      store.append(ORIGIN, change(10, 11), state(11));
      store.append(ORIGIN, change(11, 12), state(12));
      store.append(ORIGIN, change(12, 20), state(20));
    }
    try (ZoneStore store = reopen()) {
      List<JournalStep> journal = store.journal(ORIGIN);
      assertThat(journal).extracting(JournalStep::from).containsExactly(10L, 11L, 12L);
      assertThat(journal).extracting(JournalStep::to).containsExactly(11L, 12L, 20L);
      assertThat(journal)
          .extracting(JournalStep::at)
          .containsExactly(T0.plusSeconds(10), T0.plusSeconds(11), T0.plusSeconds(12));
      JournalStep last = journal.get(2);
      assertThat(text(last.diff().removed())).isEqualTo(text(step(12, 20).removed()));
      assertThat(text(last.diff().added())).isEqualTo(text(step(12, 20).added()));
    }
  }

  @Test
  void replacingEmptiesTheJournal() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
      store.replace(numbered(5), state(5));
      assertThat(store.journal(ORIGIN)).isEmpty();
      store.append(ORIGIN, change(5, 6), state(6));
      assertThat(store.journal(ORIGIN)).extracting(JournalStep::from).containsExactly(5L);
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(6)));
    }
  }

  @Test
  void aStateWithoutContentsIsKeptAloneWithEveryField() {
    ZoneState fresh = ZoneState.fresh(ORIGIN, ZoneKind.SECONDARY);
    ZoneState failing =
        new ZoneState(
            ORIGIN,
            ZoneKind.PRIMARY,
            -1,
            2026112001,
            null,
            T0.plusMillis(1),
            "192.0.2.1: connection refused",
            T0.plus(Duration.ofMinutes(5)),
            null);
    try (ZoneStore store = newStore()) {
      store.saveState(fresh);
      assertThat(store.state(ORIGIN)).contains(fresh);
      store.saveState(failing);
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.state(ORIGIN)).contains(failing);
      assertThat(store.contents(ORIGIN)).isEmpty();
      assertThat(store.journal(ORIGIN)).isEmpty();
    }
  }

  @Test
  void aZoneNeverStoredHasNothing() {
    try (ZoneStore store = newStore()) {
      assertThat(store.zones()).isEmpty();
      assertThat(store.state(ORIGIN)).isEmpty();
      assertThat(store.contents(ORIGIN)).isEmpty();
      assertThat(store.journal(ORIGIN)).isEmpty();
      assertThat(store.settings(ORIGIN)).isEmpty();
      assertThat(store.transfers(ORIGIN, 10)).isEmpty();
    }
  }

  @Test
  void zonesAreListedByNameLowerCased() {
    try (ZoneStore store = newStore()) {
      for (String zone :
          List.of("Example.ORG.", "b.example.com.", "EXAMPLE.com.", "a.example.com.")) {
        store.saveState(ZoneState.fresh(name(zone), ZoneKind.SECONDARY));
      }
      assertThat(store.zones())
          .extracting(s -> s.zone().toString())
          .containsExactly("example.com.", "a.example.com.", "b.example.com.", "example.org.");
      // Looked up in any case.
      assertThat(store.state(name("A.Example.Com."))).isPresent();
    }
  }

  @Test
  void aZoneStoredInMixedCaseIsTheSameZone() {
    Name mixed = name("Example.COM.");
    ZoneSnapshot zone = TestZones.zone(mixed, numbered(1).records());
    try (ZoneStore store = newStore()) {
      store.replace(zone, state(mixed, 1));
      store.append(ORIGIN, change(1, 2), state(2));
      assertThat(text(store.contents(mixed).orElseThrow())).isEqualTo(text(numbered(2)));
      assertThat(store.zones()).hasSize(1);
    }
  }

  @Test
  void deletingAZoneRemovesStateContentsAndJournal() {
    Name other = name("example.net.");
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));
      store.saveState(ZoneState.fresh(other, ZoneKind.SECONDARY));
      store.delete(ORIGIN);
      store.delete(name("never.stored."));
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.state(ORIGIN)).isEmpty();
      assertThat(store.contents(ORIGIN)).isEmpty();
      assertThat(store.journal(ORIGIN)).isEmpty();
      assertThat(store.zones()).extracting(ZoneState::zone).containsExactly(other);
      store.replace(numbered(9), state(9)); // and it can come back
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(9)));
    }
  }

  @Test
  void writesToDifferentZonesMayOverlap() throws Exception {
    int zones = 4;
    int steps = 25;
    try (ZoneStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(zones)) {
      List<Future<?>> done = new ArrayList<>();
      for (int z = 0; z < zones; z++) {
        Name origin = name("z" + z + ".example.");
        done.add(
            pool.submit(
                () -> {
                  store.replace(numbered(origin, 1, 3), state(origin, 1));
                  for (long s = 1; s <= steps; s++) {
                    store.append(origin, change(origin, s, s + 1), state(origin, s + 1));
                    assertThat(store.contents(origin).orElseThrow().serial()).isEqualTo(s + 1);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      for (ZoneState s : store.zones()) {
        assertThat(s.serial()).isEqualTo(steps + 1);
        assertThat(text(store.contents(s.zone()).orElseThrow()))
            .isEqualTo(text(numbered(s.zone(), steps + 1, 3)));
      }
      assertThat(store.zones()).hasSize(zones);
    }
  }

  /** The refusals of {@link StoreRulesTest}, each from example.com stored at serial 2. */
  @ParameterizedTest
  @MethodSource("dev.tandem.store.StoreRulesTest#refusals")
  void aRefusedWriteChangesNothing(
      Consumer<ZoneStore> write, Class<? extends RuntimeException> thrown) {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.append(ORIGIN, change(1, 2), state(2));

      assertThatThrownBy(() -> write.accept(store))
          .isInstanceOf(thrown)
          .hasMessageContaining("example."); // names the zone

      assertThat(store.zones()).containsExactly(state(2));
      assertThat(text(store.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(2)));
      assertThat(store.journal(ORIGIN)).hasSize(1);
      assertThat(store.contents(name("example.net."))).isEmpty();
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    ZoneStore store = newStore();
    store.close();
    store.close(); // twice is fine
    assertThatThrownBy(() -> store.state(ORIGIN))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  // ---- settings ----

  @Test
  void settingsAreSavedReplacedRemovedAndGoWithTheZone() {
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.saveSetting(ORIGIN, "source", "sha256:aa");
      store.saveSetting(ORIGIN, "notify", "192.0.2.1:53@xfr.\n192.0.2.2:53");
      store.saveSetting(ORIGIN, "source", "sha256:bb");
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.settings(ORIGIN))
          .isEqualTo(Map.of("source", "sha256:bb", "notify", "192.0.2.1:53@xfr.\n192.0.2.2:53"));
      store.saveSetting(ORIGIN, "notify", null);
      assertThat(store.settings(ORIGIN)).containsOnlyKeys("source");
      store.saveSetting(ORIGIN, "never-set", null); // removing what is not there is no error
      store.delete(ORIGIN);
      assertThat(store.settings(ORIGIN)).isEmpty();
      assertThatThrownBy(() -> store.saveSetting(ORIGIN, "source", "x"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("not stored");
      assertThat(store.settings(name("never.example."))).isEmpty();
    }
  }

  @Test
  void zonesCreatedTogetherReadBackWithTheirSettingsAndGoTogether() {
    Name a = name("a.example.");
    Name b = name("b.example.");
    try (ZoneStore store = newStore()) {
      store.replace(numbered(a, 3, 2), state(a, 3)); // stored already: replaced whole
      store.createAll(
          List.of(
              new ZoneStore.NewZone(
                  ZoneState.fresh(a, ZoneKind.SECONDARY),
                  Map.of("catalog", "cat.example.", "catalog-label", "one")),
              new ZoneStore.NewZone(
                  ZoneState.fresh(b, ZoneKind.SECONDARY), Map.of("catalog", "cat.example."))));
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.zones()).extracting(ZoneState::zone).containsExactly(a, b);
      assertThat(store.contents(a)).isEmpty();
      assertThat(store.settingOfAll("catalog"))
          .isEqualTo(Map.of(a, "cat.example.", b, "cat.example."));
      assertThat(store.settingOfAll("catalog-label")).isEqualTo(Map.of(a, "one"));
      assertThat(store.settingOfAll("nothing")).isEmpty();
      store.saveSettings(b, Map.of("catalog-label", "two", "catalog", "other.example."));
      assertThat(store.settings(b))
          .isEqualTo(Map.of("catalog-label", "two", "catalog", "other.example."));
      store.saveSettings(a, Map.of("rrset:www A", "{}", "rrset:_x._tcp SRV", "{\"ttl\":1}"));
      store.saveSetting(b, "rrsets", "not one of them"); // the prefix is "rrset:", colon and all
      assertThat(store.settingsStartingWith("rrset:"))
          .isEqualTo(Map.of(a, Map.of("rrset:www A", "{}", "rrset:_x._tcp SRV", "{\"ttl\":1}")));
      assertThat(store.settingsStartingWith("catalog-"))
          .isEqualTo(Map.of(a, Map.of("catalog-label", "one"), b, Map.of("catalog-label", "two")));
      assertThat(store.settingsStartingWith("%")).isEmpty();
      store.deleteAll(List.of(a, b, name("never.stored.")));
      assertThat(store.zones()).isEmpty();
      assertThat(store.settingOfAll("catalog")).isEmpty();
    }
  }

  @Test
  void manyZonesCreatedTogetherReplaceTheOnesStoredAlready() {
    // New zones are inserted unless stored already; those that were are then replaced.
    Name stored = name("z7.example.");
    List<ZoneStore.NewZone> many = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      many.add(
          new ZoneStore.NewZone(
              ZoneState.fresh(name("z" + i + ".example."), ZoneKind.SECONDARY), Map.of()));
    }
    try (ZoneStore store = newStore()) {
      store.replace(numbered(stored, 3, 2), state(stored, 3));
      store.saveSettings(stored, Map.of("member", "old.catalog. m7"));
      store.createAll(many);
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.zones()).hasSize(150);
      assertThat(store.contents(stored)).as("replaced whole").isEmpty();
      assertThat(store.settings(stored)).as("its settings too").isEmpty();
      assertThat(store.state(stored)).contains(ZoneState.fresh(stored, ZoneKind.SECONDARY));
    }
  }

  @Test
  void concurrentWritesCommittedTogetherFailOneByOne() throws Exception {
    int writers = 16;
    try (ZoneStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      store.replace(numbered(1), state(1));
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Name origin = name("w" + w + ".example.");
        boolean refused = w % 4 == 0;
        done.add(
            pool.submit(
                () -> {
                  if (refused) {
                    // the state says serial 7 of a zone with no contents: refused alone
                    assertThatThrownBy(() -> store.saveState(state(origin, 7)))
                        .isInstanceOf(IllegalArgumentException.class);
                  } else {
                    store.replace(numbered(origin, 1, 2), state(origin, 1));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.zones()).hasSize(1 + writers - writers / 4);
      assertThat(store.state(name("w0.example."))).isEmpty();
      assertThat(store.contents(name("w1.example.")).orElseThrow().serial()).isEqualTo(1);
    }
  }

  // ---- control objects ----

  @Test
  void objectsAreSavedReplacedListedByNameAndDeleted() {
    String unusual = "{\"comment\": \"é ✓ \uD83D\uDE42\\nline two\", \"quote\": \"'\"}";
    try (ZoneStore store = newStore()) {
      store.saveObject("tsig", "xfr-key", "{\"algorithm\": \"hmac-sha256\"}");
      store.saveObject("tsig", "b-key", unusual);
      store.saveObject("peer", "ns1", "{\"address\": \"192.0.2.1\"}");
      store.saveObject("tsig", "xfr-key", "{\"algorithm\": \"hmac-sha512\"}"); // replaces
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.objects("tsig"))
          .containsExactly(
              entry("b-key", unusual), entry("xfr-key", "{\"algorithm\": \"hmac-sha512\"}"));
      assertThat(store.objects("peer")).containsOnlyKeys("ns1");
      assertThat(store.objects("acl")).isEmpty();
      assertThat(store.object("peer", "ns1")).contains("{\"address\": \"192.0.2.1\"}");
      assertThat(store.object("tsig", "ns1")).isEmpty(); // names are per kind

      assertThat(store.deleteObject("tsig", "b-key")).isTrue();
      assertThat(store.deleteObject("tsig", "b-key")).isFalse();
      assertThat(store.deleteObject("acl", "none")).isFalse();
      assertThat(store.objects("tsig")).containsOnlyKeys("xfr-key");
      assertThat(store.object("tsig", "b-key")).isEmpty();
    }
  }

  @Test
  void anObjectIsReplacedOnlyWhenItIsWhatTheWriterLastSaw() {
    try (ZoneStore store = newStore()) {
      assertThat(store.replaceObject("lease", "t", null, "{\"holder\": \"a\"}")).isTrue();
      assertThat(store.replaceObject("lease", "t", null, "{\"holder\": \"b\"}"))
          .as("there is one already")
          .isFalse();
      assertThat(store.replaceObject("lease", "t", "{\"holder\": \"x\"}", "{\"holder\": \"b\"}"))
          .as("it is not what b saw")
          .isFalse();
      assertThat(store.replaceObject("lease", "t", "{\"holder\": \"a\"}", "{\"holder\": \"b\"}"))
          .isTrue();
      assertThat(store.object("lease", "t")).contains("{\"holder\": \"b\"}");
    }
  }

  @Test
  void objectsAreListedInNameOrder() {
    try (ZoneStore store = newStore()) {
      for (String n : List.of("c", "a", "B", "b", "a-1")) {
        store.saveObject("acl", n, "{}");
      }
      assertThat(store.objects("acl").keySet()).containsExactly("B", "a", "a-1", "b", "c");
    }
  }

  // ---- transfer history ----

  /** The {@code i}th transfer of {@code zone}, one second after the one before. */
  static Transfer transfer(Name zone, int i, @Nullable String error) {
    return new Transfer(
        zone,
        T0.plusSeconds(i),
        i % 2 == 0 ? Transfer.Direction.IN : Transfer.Direction.OUT,
        "192.0.2." + (i % 250 + 1) + "#53" + (i % 3 == 0 ? " key xfr-key." : ""),
        i % 2 == 0 ? Transfer.Kind.IXFR : Transfer.Kind.AXFR,
        i % 2 == 0 ? i : -1,
        error == null ? i + 1 : -1,
        10L * i,
        1000L * i,
        i,
        error == null ? Transfer.Result.OK : Transfer.Result.FAILED,
        error);
  }

  @Test
  void transfersAreListedNewestFirstUpToTheLimit() {
    Name other = name("example.net.");
    List<Transfer> recorded = new ArrayList<>();
    try (ZoneStore store = newStore()) {
      for (int i = 1; i <= 5; i++) {
        Transfer t = transfer(ORIGIN, i, i == 4 ? "192.0.2.4: connection refused" : null);
        store.recordTransfer(t);
        recorded.add(t);
      }
      store.recordTransfer(transfer(other, 9, null));
    }
    try (ZoneStore store = reopen()) {
      assertThat(store.transfers(ORIGIN, 3))
          .containsExactly(recorded.get(4), recorded.get(3), recorded.get(2));
      assertThat(store.transfers(ORIGIN, 100)).containsExactlyElementsOf(recorded.reversed());
      assertThat(store.transfers(other, 100)).containsExactly(transfer(other, 9, null));
      assertThat(store.transfers(name("EXAMPLE.com."), 1)).containsExactly(recorded.get(4));
    }
  }

  @Test
  void theAuditLogDropsItsOldestEntriesOnceItsBoundIsPassed() {
    try (ZoneStore store = newStore()) {
      for (int i = 1; i <= 3; i++) {
        store.recordAudit(audit(i, "example.com.", "ops"), 3);
      }
      AuditEntry.Query everything = new AuditEntry.Query(null, null, null, null, 0, 100);
      assertThat(store.audit(everything)).extracting(AuditEntry::seq).containsExactly(3L, 2L, 1L);
      store.recordAudit(audit(4, "example.com.", "ops"), 3);
      store.recordAudit(audit(5, "example.net.", "ci"), 3);
      assertThat(store.audit(everything)).extracting(AuditEntry::seq).containsExactly(5L, 4L, 3L);
      assertThat(store.audit(everything).getLast().detail()).isEqualTo("{\"n\":3}");
    }
    try (ZoneStore store = reopen()) {
      // Numbering goes on after the oldest went: a reader paging by seq sees no reuse.
      store.recordAudit(audit(6, "example.com.", "ops"), 3);
      assertThat(store.audit(new AuditEntry.Query(null, null, null, null, 0, 100)))
          .extracting(AuditEntry::seq)
          .containsExactly(6L, 5L, 4L);
    }
  }

  static AuditEntry audit(int i, String zone, String actor) {
    return new AuditEntry(
        0,
        java.time.Instant.ofEpochMilli(1_700_000_000_000L + i * 1000L),
        actor,
        "api",
        i % 2 == 0 ? "rrsets.change" : "zone.settings",
        zone,
        "www A",
        "{\"n\":" + i + "}",
        "ok");
  }

  @Test
  void theAuditLogKeepsItsEntriesInOrderAndFiltersThem() {
    try (ZoneStore store = newStore()) {
      for (int i = 1; i <= 6; i++) {
        store.recordAudit(
            audit(i, i <= 4 ? "example.com." : "example.net.", i == 3 ? "ci" : "ops"));
      }
    }
    try (ZoneStore store = reopen()) {
      List<AuditEntry> all = store.audit(new AuditEntry.Query(null, null, null, null, 0, 100));
      assertThat(all).extracting(AuditEntry::seq).containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
      assertThat(all.getFirst().detail()).isEqualTo("{\"n\":6}");
      assertThat(all.getLast().at()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_001_000L));
      assertThat(store.audit(new AuditEntry.Query("example.com.", null, null, null, 0, 100)))
          .extracting(AuditEntry::seq)
          .containsExactly(4L, 3L, 2L, 1L);
      assertThat(store.audit(new AuditEntry.Query(null, "ci", null, null, 0, 100)))
          .extracting(AuditEntry::seq)
          .containsExactly(3L);
      assertThat(store.audit(new AuditEntry.Query(null, null, "zone.settings", null, 0, 2)))
          .extracting(AuditEntry::seq)
          .containsExactly(5L, 3L);
      assertThat(
              store.audit(
                  new AuditEntry.Query(
                      null, null, null, java.time.Instant.ofEpochMilli(1_700_000_005_000L), 0, 9)))
          .extracting(AuditEntry::seq)
          .containsExactly(6L, 5L);
      assertThat(store.audit(new AuditEntry.Query(null, null, null, null, 3, 9)))
          .extracting(AuditEntry::seq)
          .containsExactly(2L, 1L);
    }
  }

  @Test
  void onlyTheNewestTransfersAreKept() {
    int recorded = ZoneStore.TRANSFERS_KEPT + 5;
    try (ZoneStore store = newStore()) {
      for (int i = 1; i <= recorded; i++) {
        store.recordTransfer(transfer(ORIGIN, i, null));
      }
      List<Transfer> kept = store.transfers(ORIGIN, 10 * recorded);
      assertThat(kept).hasSize(ZoneStore.TRANSFERS_KEPT);
      assertThat(kept.getFirst()).isEqualTo(transfer(ORIGIN, recorded, null));
      assertThat(kept.getLast()).isEqualTo(transfer(ORIGIN, 6, null));
    }
  }

  @Test
  void deletingAZoneRemovesItsTransfersAndSettings() {
    Name other = name("example.net.");
    try (ZoneStore store = newStore()) {
      store.replace(numbered(1), state(1));
      store.saveSetting(ORIGIN, "source", "sha256:aa");
      store.recordTransfer(transfer(ORIGIN, 1, null));
      store.recordTransfer(transfer(ORIGIN, 2, null));
      store.recordTransfer(transfer(other, 3, null));
      store.delete(ORIGIN);
      assertThat(store.transfers(ORIGIN, 10)).isEmpty();
      assertThat(store.settings(ORIGIN)).isEmpty();
      assertThat(store.transfers(other, 10)).containsExactly(transfer(other, 3, null));
      store.recordTransfer(transfer(ORIGIN, 7, null)); // the history starts again
      assertThat(store.transfers(ORIGIN, 10)).containsExactly(transfer(ORIGIN, 7, null));
    }
  }

  // ---- the store in words ----

  @Test
  void describeNamesTheStore() {
    try (ZoneStore store = newStore()) {
      assertThat(store.describe()).isNotBlank().doesNotContain("password");
    }
  }
}
