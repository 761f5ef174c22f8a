package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.change;
import static dev.tandem.store.TestZones.name;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static dev.tandem.store.TestZones.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * {@link ZoneStoreContract} on PostgreSQL (a database per test on the JVM's {@link
 * PostgresServer}), and what only a shared database has: two nodes on one database see each other's
 * writes, and their writes to one zone take turns.
 */
class PostgresZoneStoreContractTest extends ZoneStoreContract {
  private PostgresServer server;

  private @Nullable String url;

  /** Per test, so that with -Dtandem.postgres=skip each test shows as skipped. */
  @BeforeEach
  void startServer() {
    server = PostgresServer.shared();
  }

  @Override
  ZoneStore newStore(Clock clock) {
    if (url != null) {
      throw new IllegalStateException("one database per test");
    }
    url = server.newDatabase();
    return PostgresZoneStore.open(url, clock);
  }

  @Override
  ZoneStore reopen() {
    if (url == null) {
      throw new IllegalStateException("reopen before newStore");
    }
    return PostgresZoneStore.open(url);
  }

  // ---- what changed since a mark (StoreFollower's rounds) ----

  private static final Name A = name("a.example.");
  private static final Name B = name("b.example.");
  private static final Name C = name("c.example.");
  private static final Name D = name("d.example.");
  private static final Name E = name("e.example.");

  @Test
  void changedZonesReadOnlyWhatWasWrittenSinceTheMark() {
    try (ZoneStore a = newStore();
        ZoneStore b = reopen()) {
      for (Name z : List.of(A, B, C)) {
        a.replace(numbered(z, 1, 2), state(z, 1));
      }
      a.createAll(List.of(new ZoneStore.NewZone(ZoneState.fresh(D, ZoneKind.SECONDARY), Map.of())));
      ZoneStore.ZoneChanges all = b.changedZones(ZoneStore.EVERY_ZONE, "created");
      assertThat(all.complete()).isTrue();
      assertThat(all.zones()).extracting(ZoneState::zone).containsExactlyInAnyOrder(A, B, C, D);
      assertThat(b.changedZones(all.mark(), "created").zones())
          .as("nothing written since")
          .isEmpty();

      a.saveState(
          state(A, 1).withPrimarySerial(5)); // timers and what the primary has: not a change
      a.append(B, change(B, 1, 2), state(B, 2));
      a.delete(C);
      a.saveSetting(D, "created", "cli"); // the setting a follower reads, after the row
      a.replace(numbered(E, 1, 2), state(E, 1));
      ZoneStore.ZoneChanges since = b.changedZones(all.mark(), "created");
      assertThat(since.complete()).isFalse();
      assertThat(since.zones()).extracting(ZoneState::zone).containsExactlyInAnyOrder(B, D, E);
      assertThat(since.zones()).filteredOn(s -> s.zone().equals(B)).first().isEqualTo(state(B, 2));
      assertThat(since.setting()).containsExactly(Map.entry(D, "cli"));
      assertThat(since.deleted()).containsExactly(C);

      a.replace(numbered(C, 3, 2), state(C, 3)); // stored again: no longer deleted
      ZoneStore.ZoneChanges again = b.changedZones(since.mark(), "created");
      assertThat(again.zones()).extracting(ZoneState::zone).containsExactly(C);
      assertThat(again.deleted()).isEmpty();
    }
  }

  @Test
  void aWriteThatCommitsAfterAReadBeganIsInTheNextRead() throws Exception {
    try (ZoneStore a = newStore();
        ZoneStore b = reopen()) {
      a.replace(numbered(A, 1, 2), state(A, 1));
      a.replace(numbered(B, 1, 2), state(B, 1));
      long mark = b.changedZones(ZoneStore.EVERY_ZONE, "created").mark();
      PostgresZoneStore.Target db = PostgresZoneStore.Target.parse(Objects.requireNonNull(url));
      try (Connection slow = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        slow.setAutoCommit(false);
        // A transaction that begins first (an older id) and commits last: a read between sees
        // neither its new zone nor its deletion, and the next read must.
        try (Statement s = slow.createStatement()) {
          s.executeUpdate(
              "INSERT INTO zone (name, kind, serial, primary_serial) VALUES"
                  + " ('late.example.', 'SECONDARY', -1, -1)");
          s.executeUpdate("DELETE FROM zone_base WHERE zone = 'b.example.'");
          s.executeUpdate("DELETE FROM zone WHERE name = 'b.example.'");
        }
        a.append(A, change(A, 1, 2), state(A, 2)); // a younger transaction, committed first
        ZoneStore.ZoneChanges between = b.changedZones(mark, "created");
        assertThat(between.zones()).extracting(ZoneState::zone).containsExactly(A);
        assertThat(between.deleted()).isEmpty();
        slow.commit();
        ZoneStore.ZoneChanges after = b.changedZones(between.mark(), "created");
        assertThat(after.zones())
            .extracting(ZoneState::zone)
            .contains(name("late.example."))
            .doesNotContain(B);
        assertThat(after.deleted()).containsExactly(B);
      }
    }
  }

  @Test
  void aDurableCommitWaitsAsTheDatabaseSaysAndOthersDoNot() throws Exception {
    try (PostgresZoneStore store = (PostgresZoneStore) newStore()) {
      PostgresZoneStore.Target db = PostgresZoneStore.Target.parse(Objects.requireNonNull(url));
      String database = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        try (Statement s = c.createStatement()) {
          // what an operator would set for a database with a synchronous standby
          s.execute("ALTER DATABASE \"" + database + "\" SET synchronous_commit = remote_write");
        }
      }
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute(PostgresZoneStore.SESSION); // as the pool's connections start
        }
        store.commitDurably(c, false);
        assertThat(synchronousCommit(c)).isEqualTo("off");
        c.commit();
        store.commitDurably(c, true);
        assertThat(synchronousCommit(c)).isEqualTo("remote_write");
        c.commit();
        assertThat(synchronousCommit(c)).as("for that transaction only").isEqualTo("off");
      }
    }
  }

  private static String synchronousCommit(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  // ---- two nodes on one database ----

  @Test
  void whatOneNodeWritesTheOtherReads() {
    try (ZoneStore a = newStore();
        ZoneStore b = reopen()) {
      a.replace(numbered(1), state(1));
      assertThat(text(b.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(1)));
      b.append(ORIGIN, change(1, 2), state(2));
      assertThat(text(a.contents(ORIGIN).orElseThrow())).isEqualTo(text(numbered(2)));
      assertThat(a.journal(ORIGIN)).hasSize(1);
      a.saveSetting(ORIGIN, "source", "sha256:aa");
      assertThat(b.settings(ORIGIN)).containsEntry("source", "sha256:aa");
      b.saveObject("tsig", "k", "{}");
      assertThat(a.objects("tsig")).containsOnlyKeys("k");
      a.recordTransfer(transfer(ORIGIN, 1, null));
      assertThat(b.transfers(ORIGIN, 5)).containsExactly(transfer(ORIGIN, 1, null));
      a.replace(numbered(9), state(9));
      assertThat(b.zones()).containsExactly(state(9));
      assertThat(b.journal(ORIGIN)).isEmpty();
      b.delete(ORIGIN);
      assertThat(a.zones()).isEmpty();
    }
  }

  @Test
  void appendsFromTwoNodesAtTheSameSerialTakeTurnsAndOneIsRefused() throws Exception {
    int rounds = 25;
    try (ZoneStore a = newStore();
        ZoneStore b = reopen();
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      a.replace(numbered(1), state(1));
      long serial = 1;
      for (int round = 0; round < rounds; round++) {
        long from = serial;
        // Both start from the same serial; a goes one step, b two, so the winner shows.
        List<Outcome> outcomes =
            race(
                threads,
                () -> a.append(ORIGIN, change(from, from + 1), state(from + 1)),
                () -> b.append(ORIGIN, change(from, from + 2), state(from + 2)));
        List<Outcome> refused = outcomes.stream().filter(o -> o.error() != null).toList();
        assertThat(refused).as("round %d: exactly one append refused", round).hasSize(1);
        assertThat(refused.getFirst().error())
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("example.com.")
            .hasMessageContaining("the change starts from " + from);
        serial = outcomes.get(0).error() == null ? from + 1 : from + 2;
      }
      for (ZoneStore node : List.of(a, b)) {
        ZoneSnapshot zone = node.contents(ORIGIN).orElseThrow();
        assertThat(zone.serial()).isEqualTo(serial);
        assertThat(text(zone)).isEqualTo(text(numbered(serial)));
        assertThat(node.state(ORIGIN).orElseThrow().serial()).isEqualTo(serial);
        List<JournalStep> journal = node.journal(ORIGIN);
        assertThat(journal).hasSize(rounds);
        for (int i = 1; i < journal.size(); i++) {
          assertThat(journal.get(i).from()).isEqualTo(journal.get(i - 1).to());
        }
        assertThat(journal.getLast().to()).isEqualTo(serial);
      }
    }
  }

  @Test
  void aZoneCreatedByTwoNodesAtOnceIsOneOrTheOther() throws Exception {
    try (ZoneStore a = newStore();
        ZoneStore b = reopen();
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 25; round++) {
        Name zone = name("z" + round + ".example.");
        // a stores contents at serial 1; b says the zone has none (serial -1) at the same time:
        // whichever comes second wins or is refused, never a state that disagrees with the
        // contents.
        List<Outcome> outcomes =
            race(
                threads,
                () -> a.replace(numbered(zone, 1, 3), state(zone, 1)),
                () -> b.saveState(ZoneState.fresh(zone, ZoneKind.SECONDARY)));
        assertThat(outcomes.get(0).error()).isNull();
        Throwable refused = outcomes.get(1).error();
        if (refused != null) {
          assertThat(refused).isInstanceOf(IllegalArgumentException.class);
        }
        ZoneState state = b.state(zone).orElseThrow();
        Optional<ZoneSnapshot> contents = b.contents(zone);
        assertThat(state.serial()).isEqualTo(1);
        assertThat(contents.map(ZoneSnapshot::serial)).contains(1L);
      }
    }
  }

  @Test
  void anObjectSavedByTwoNodesAtOnceIsKeptOnce() throws Exception {
    try (ZoneStore a = newStore();
        ZoneStore b = reopen();
        ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 25; round++) {
        String body = "{\"round\": " + round + "}";
        String name = "peer-" + round;
        List<Outcome> outcomes =
            race(
                threads,
                () -> a.saveObject("peer", name, body),
                () -> b.saveObject("peer", name, body.replace("round", "Round")));
        assertThat(outcomes).allMatch(o -> o.error() == null);
        assertThat(a.object("peer", name)).isPresent();
      }
      assertThat(b.objects("peer")).hasSize(25);
    }
  }

  @Test
  void aReaderOnOneNodeSeesWholeVersionsWhileAnotherWrites() throws Exception {
    int steps = 60;
    try (ZoneStore a = newStore();
        ZoneStore b = reopen();
        ExecutorService threads = Executors.newFixedThreadPool(1)) {
      a.replace(numbered(1), state(1));
      // The writer appends, and compacts keeping one entry, so that a read mixing the base of one
      // moment with the journal of another would miss entries or replay them twice.
      Future<?> writer =
          threads.submit(
              () -> {
                for (long s = 1; s <= steps; s++) {
                  a.append(ORIGIN, change(s, s + 1), state(s + 1));
                  if (s % 3 == 0) {
                    a.compact(numbered(s + 1), 1);
                  }
                }
              });
      long seen = 1;
      int reads = 0;
      while (!writer.isDone() || reads == 0) {
        ZoneSnapshot zone = b.contents(ORIGIN).orElseThrow();
        assertThat(zone.serial()).isGreaterThanOrEqualTo(seen);
        assertThat(text(zone)).isEqualTo(text(numbered(zone.serial())));
        seen = zone.serial();
        reads++;
      }
      writer.get();
      assertThat(b.contents(ORIGIN).orElseThrow().serial()).isEqualTo(steps + 1);
    }
  }

  /** What one side of a race did: nothing to report, or what it threw. */
  private record Outcome(@Nullable Throwable error) {}

  /** Runs both at once (as near as a barrier can), returning their outcomes in order. */
  private static List<Outcome> race(ExecutorService threads, Runnable first, Runnable second)
      throws InterruptedException {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<?>> running = new ArrayList<>();
    for (Runnable r : List.of(first, second)) {
      Callable<@Nullable Void> call =
          () -> {
            start.await();
            r.run();
            return null;
          };
      running.add(threads.submit(call));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<?> f : running) {
      try {
        f.get();
        outcomes.add(new Outcome(null));
      } catch (ExecutionException e) {
        outcomes.add(new Outcome(e.getCause()));
      }
    }
    return outcomes;
  }

  // ---- opening, and what messages say ----

  @Test
  void describeNamesTheDatabaseWithoutThePassword() {
    try (ZoneStore store = newStore()) {
      String url = java.util.Objects.requireNonNull(this.url);
      String database = url.substring(url.lastIndexOf('/') + 1);
      assertThat(store.describe())
          .isEqualTo(
              "PostgreSQL database postgresql://tandem@127.0.0.1:" + server.port() + "/" + database)
          .doesNotContain(server.password());
    }
  }

  @Test
  void storesOpensAPostgresqlUrl() {
    String url = server.newDatabase();
    for (String spec : List.of(url, url.replace("postgresql://", "postgres://"))) {
      try (ZoneStore store = Stores.open(spec, Path.of("/nonexistent/tandem.db"))) {
        assertThat(store).isInstanceOf(PostgresZoneStore.class);
        store.saveState(ZoneState.fresh(ORIGIN, ZoneKind.PRIMARY));
      }
    }
    String jdbc =
        "jdbc:postgresql://127.0.0.1:"
            + server.port()
            + url.substring(url.lastIndexOf('/'))
            + "?user=tandem&password="
            + server.password();
    try (ZoneStore store = Stores.open(jdbc, Path.of("/nonexistent/tandem.db"))) {
      assertThat(store.zones()).extracting(ZoneState::zone).containsExactly(ORIGIN);
    }
  }

  @Test
  void aWrongPasswordNamesTheDatabaseAndTheReasonButNotThePassword() {
    String url = server.newDatabase();
    String wrong = url.replace(server.password(), "not-the-Secret-42");
    assertThatThrownBy(() -> PostgresZoneStore.open(wrong))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining(url.substring(url.lastIndexOf('/')))
        .hasMessageContaining("password authentication failed")
        .message()
        .doesNotContain("not-the-Secret-42");
  }

  @Test
  void aDatabaseThatDoesNotExistIsNamed() {
    String url = server.url("no_such_database");
    assertThatThrownBy(() -> PostgresZoneStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:" + server.port() + "/no_such_database")
        .hasMessageContaining("does not exist")
        .message()
        .doesNotContain(server.password());
  }

  @Test
  void aServerThatIsNotThereIsNamedWithThePort() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "postgresql://tandem:Secret-43@127.0.0.1:" + port + "/tandem";
    assertThatThrownBy(() -> PostgresZoneStore.open(url))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("postgresql://tandem@127.0.0.1:" + port + "/tandem")
        .hasMessageContaining("refused")
        .message()
        .doesNotContain("Secret-43");
  }
}
