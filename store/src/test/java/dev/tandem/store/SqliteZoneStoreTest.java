package dev.tandem.store;

import static dev.tandem.store.TestZones.ORIGIN;
import static dev.tandem.store.TestZones.numbered;
import static dev.tandem.store.TestZones.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.ZoneKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to the SQLite file: where it may be opened, and what else may not be opened as
 * one. What every store does is {@link ZoneStoreContract} ({@link SqliteZoneStoreContractTest});
 * crashes are {@link KillNineTest}, damage {@link CorruptBlobTest}.
 */
class SqliteZoneStoreTest {
  @TempDir Path dir;

  @Test
  void openingWhereThereIsNoDirectoryNamesThePath() {
    Path missing = dir.resolve("no/such/dir/tandem.db");
    assertThatThrownBy(() -> SqliteZoneStore.open(missing))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void openingADirectoryNamesThePath() {
    assertThatThrownBy(() -> SqliteZoneStore.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("directory");
  }

  @Test
  void openingAFileThatIsNotAStoreNamesThePath() throws Exception {
    Path junk = dir.resolve("junk.db");
    Files.writeString(junk, "this is a zone file, not a database\n".repeat(200));
    Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SqliteZoneStore.open(junk))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(junk.toString());
    assertThat(mode(junk)).as("a file that is not a store keeps its mode").isEqualTo("rw-r--r--");
  }

  @Test
  void transfersRecordedWhileOtherZonesAreWrittenAreAllReadBackInOrder() throws Exception {
    // A history record does not wait for a commit of its own: it joins the next one. Eight zones
    // written at once, each recording a transfer after each version, lose none and keep the order.
    int zones = 8;
    int versions = 40;
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      List<Thread> threads = new java.util.ArrayList<>();
      for (int z = 0; z < zones; z++) {
        org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromConstantString("z" + z + ".test.");
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int v = 1; v <= versions; v++) {
                        store.replace(TestZones.numbered(origin, v, 2), TestZones.state(origin, v));
                        store.recordTransfer(ZoneStoreContract.transfer(origin, v, null));
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      for (int z = 0; z < zones; z++) {
        org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromConstantString("z" + z + ".test.");
        assertThat(store.transfers(origin, 1000))
            .extracting(t -> t.at().getEpochSecond() - TestZones.T0.getEpochSecond())
            .as(origin.toString())
            .containsExactlyElementsOf(
                java.util.stream.LongStream.iterate(versions, v -> v >= 1, v -> v - 1)
                    .boxed()
                    .toList());
      }
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void everyCallerOfManyWritingAndReadingAtOnceReturnsWithItsOwnResult() throws Exception {
    // A caller whose transaction another thread's group ran waits to be woken, not for the lock:
    // a wake-up lost between the group and the hand-over of the lock would leave one waiting for
    // ever (hence the time limit). Thirty-two threads, each reading back what it wrote.
    int callers = 32;
    int versions = 60;
    java.util.concurrent.ConcurrentLinkedQueue<String> wrong =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"))) {
      List<Thread> threads = new java.util.ArrayList<>();
      for (int z = 0; z < callers; z++) {
        org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromConstantString("w" + z + ".test.");
        ZoneStore.Durability durability =
            z % 2 == 0 ? ZoneStore.Durability.NOW : ZoneStore.Durability.SOON;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int v = 1; v <= versions; v++) {
                        store.replace(
                            TestZones.numbered(origin, v, 2),
                            TestZones.state(origin, v),
                            durability);
                        long read = store.state(origin).orElseThrow().serial();
                        if (read != v) {
                          wrong.add(origin + " wrote " + v + ", read " + read);
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(wrong).isEmpty();
      for (int z = 0; z < callers; z++) {
        org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromConstantString("w" + z + ".test.");
        assertThat(store.contents(origin).orElseThrow().serial()).isEqualTo(versions);
      }
    }
  }

  @Test
  void aStoreAtAnOlderSchemaIsMigratedWhenOpenedAndOneAtTheCurrentOneIsNot() throws Exception {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(numbered(1), state(1));
    }
    // As a store written before the audit log was: its last migration undone.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      assertThat(SqliteZoneStore.atSchemaVersion(c)).isTrue();
      s.executeUpdate("DROP TABLE audit");
      s.executeUpdate(
          "DELETE FROM flyway_schema_history WHERE version = '"
              + SqliteZoneStore.SCHEMA_VERSION
              + "'");
      assertThat(SqliteZoneStore.atSchemaVersion(c)).isFalse();
    }
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.state(ORIGIN)).contains(state(1));
      store.recordAudit(ZoneStoreContract.audit(1, "example.com.", "ops"), 3);
      assertThat(store.audit(new AuditEntry.Query(null, null, null, null, 0, 10))).hasSize(1);
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(SqliteZoneStore.atSchemaVersion(c)).isTrue();
    }
  }

  @Test
  void aWriteThatNeedNotWaitForTheDiskIsInTheDatabaseFileWithinASecond() throws Exception {
    // SOON: committed to the write-ahead log without an fsync, then a checkpoint (which fsyncs the
    // log and copies it into the database file) within a second. The file itself, read as bytes
    // while the store stays open, shows whether that checkpoint ran.
    Path file = dir.resolve("tandem.db");
    org.xbill.DNS.Name zone = org.xbill.DNS.Name.fromConstantString("soon-on-disk.test.");
    byte[] key = "soon-on-disk.test.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(
          TestZones.numbered(zone, 1, 3), TestZones.state(zone, 1), ZoneStore.Durability.SOON);
      assertThat(contains(Files.readAllBytes(file), key))
          .as("written to the log only, at first")
          .isFalse();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!contains(Files.readAllBytes(file), key) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(contains(Files.readAllBytes(file), key))
          .as("in the database file after the checkpoint")
          .isTrue();
      store.replace(TestZones.numbered(zone, 2, 3), TestZones.state(zone, 2)); // NOW again
      assertThat(store.contents(zone).orElseThrow().serial()).isEqualTo(2);
    }
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.state(zone)).contains(TestZones.state(zone, 2));
    }
  }

  @Test
  void writesNoCallerWaitsForKeepTheirOrderAreSeenByLaterReadsAndSurviveAClose() throws Exception {
    // A catalog's new members: each first version is queued for the next group commit and the
    // caller goes on. More than a group's worth at once, one zone written twice, then read back at
    // once (a read queues behind them), and after the store is closed and opened again.
    Path file = dir.resolve("tandem.db");
    int zones = 1500;
    org.xbill.DNS.Name twice = org.xbill.DNS.Name.fromConstantString("m0.test.");
    List<java.util.concurrent.CompletableFuture<?>> written = new java.util.ArrayList<>();
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      for (int i = 0; i < zones; i++) {
        org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromConstantString("m" + i + ".test.");
        written.add(
            store.replaceLater(numbered(origin, 1, 2), state(origin, 1)).toCompletableFuture());
      }
      written.add(store.replaceLater(numbered(twice, 2, 3), state(twice, 2)).toCompletableFuture());
      assertThat(store.contents(twice).orElseThrow().serial()).isEqualTo(2);
      org.xbill.DNS.Name last = org.xbill.DNS.Name.fromConstantString("m" + (zones - 1) + ".test.");
      assertThat(store.state(last)).contains(state(last, 1));
      java.util.concurrent.CompletableFuture.allOf(
              written.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      org.xbill.DNS.Name queuedLast = org.xbill.DNS.Name.fromConstantString("queued.test.");
      written.add(
          store
              .replaceLater(numbered(queuedLast, 1, 2), state(queuedLast, 1))
              .toCompletableFuture());
    } // closing commits what is still queued
    assertThat(written).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.zones()).hasSize(zones + 1);
      assertThat(store.contents(twice).orElseThrow().serial()).isEqualTo(2);
      assertThat(store.state(org.xbill.DNS.Name.fromConstantString("queued.test."))).isPresent();
    }
  }

  @Test
  void aWriteNoCallerWaitsForThatTheStoreRefusesSaysWhy() throws Exception {
    ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"));
    store.close();
    org.xbill.DNS.Name zone = org.xbill.DNS.Name.fromConstantString("late.test.");
    assertThat(store.replaceLater(numbered(zone, 1, 2), state(zone, 1)).toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(StoreException.class)
        .withMessageContaining("late.test")
        .withMessageContaining("closed");
  }

  @Test
  void aWriteOfAGroupThatFailsIsUndoneAloneAndTheWritesAroundItAreCommitted() throws Exception {
    // A group commit runs each write under a savepoint: the one that fails after changing rows
    // leaves none of them, the ones before and after it stay, and the group commits as one.
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("group.db"))) {
      try (var s = c.createStatement()) {
        s.execute("CREATE TABLE t (n INTEGER)");
      }
      c.setAutoCommit(false);
      try (var insert = c.prepareStatement("INSERT INTO t VALUES (?)");
          JdbcZoneStore.Savepoints savepoints = new JdbcZoneStore.Savepoints(c)) {
        for (int write = 1; write <= 3; write++) {
          savepoints.set();
          insert.setInt(1, write);
          insert.executeUpdate();
          insert.setInt(1, write * 10);
          insert.executeUpdate();
          if (write == 2) {
            savepoints.rollback(); // the second write failed after its two rows
          } else {
            savepoints.release();
          }
        }
      }
      c.commit();
      try (var s = c.createStatement();
          var rows = s.executeQuery("SELECT group_concat(n) FROM (SELECT n FROM t ORDER BY n)")) {
        rows.next();
        assertThat(rows.getString(1)).isEqualTo("1,3,10,30");
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    // Latin-1 maps every byte to one char, so a byte search is a string search.
    return new String(haystack, java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains(new String(needle, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void theFileIsInWalModeAndReopens() throws Exception {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(numbered(1), state(1));
      assertThat(dir.resolve("tandem.db-wal")).exists();
    }
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.state(ORIGIN)).contains(state(1));
    }
  }

  @Test
  void theFileAndItsWriteAheadLogAreReadableByTheOwnerAlone() throws Exception {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(numbered(1), state(1));
      // SQLite creates -wal and -shm itself, with the database's mode: all three 0600.
      for (String name : List.of("tandem.db", "tandem.db-wal", "tandem.db-shm")) {
        assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void aStoreOthersCouldReadIsTightenedWhenOpened() throws Exception {
    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.replace(numbered(1), state(1));
    }
    // As versions before this one left it (SQLite's default 0644), with a log left over.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Path wal = dir.resolve("tandem.db-wal");
    Files.writeString(wal, "");
    Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-r--r--"));

    try (ZoneStore store = SqliteZoneStore.open(file)) {
      assertThat(store.state(ORIGIN)).contains(state(1));
      assertThat(mode(file)).isEqualTo("rw-------");
      assertThat(mode(wal)).isEqualTo("rw-------");
    }
  }

  @Test
  void manyZonesAreOrderedAsTheIndexByNameKeepsThem() throws Exception {
    // Neither DNS order (by labels from the right) nor the names as given: the stored names' text,
    // lower-cased, which is what the index's pages hold side by side.
    List<String> given =
        List.of(
            "b.example.", "A.example.net.", "a.b.example.", "example.", "Z9.example.", "z10.x.");
    List<org.xbill.DNS.Name> names =
        given.stream().map(org.xbill.DNS.Name::fromConstantString).toList();
    List<org.xbill.DNS.Name> ordered = ZoneStore.inKeyOrder(names, n -> n);
    assertThat(ordered)
        .extracting(org.xbill.DNS.Name::toString)
        .containsExactly(
            "a.b.example.", "A.example.net.", "b.example.", "example.", "z10.x.", "Z9.example.");

    Path file = dir.resolve("tandem.db");
    try (ZoneStore store = SqliteZoneStore.open(file)) {
      store.createAll(
          names.stream()
              .map(n -> new ZoneStore.NewZone(ZoneState.fresh(n, ZoneKind.SECONDARY), Map.of()))
              .toList());
    }
    List<String> indexed = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT name FROM zone ORDER BY name")) {
      while (rs.next()) {
        indexed.add(rs.getString(1));
      }
    }
    assertThat(indexed).isEqualTo(ordered.stream().map(n -> n.canonicalize().toString()).toList());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
