package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.HostilePrimary.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * kill -9 while a big zone (300,000 records) comes in: the restarted Tandem serves the version it
 * had, whole, the moment it listens, and takes the new one once the primary offers it again. The
 * primary is a {@link HostilePrimary} in {@link Mode#GOOD} that is slow on purpose, so that the
 * kill lands mid-transfer.
 */
class KillDuringTransferIT {
  static final String ORIGIN = HostilePrimaryIT.ORIGIN;
  static final String KEY = HostilePrimaryIT.KEY;
  static final String SECRET = HostilePrimaryIT.SECRET;
  static final TSIG TSIG_KEY = HostilePrimaryIT.TSIG_KEY;

  static final int SMALL_HOSTS = 5;
  static final int BIG_HOSTS = 300_000;

  /** How far into writing version 2 to the store the second test kills Tandem (bytes). */
  static final long MID_WRITE = 4L << 20;

  /** Records besides the SOA: NS, ns1, www, and the hosts. */
  static int recordCount(int hosts) {
    return hosts + 3;
  }

  @TempDir Path dir;

  @Test
  void killedMidTransferItServesTheOldVersionAtOnceAndTakesTheNewOneLater() throws Exception {
    Name origin = Name.fromString(ORIGIN);
    List<Record> big = records("192.0.2.2", BIG_HOSTS);
    try (HostilePrimary primary = new HostilePrimary(ORIGIN, TSIG_KEY)) {
      primary.serve(1, records("192.0.2.1", SMALL_HOSTS));
      String[] args = args(primary);
      TandemProcess tandem = TandemProcess.serve(dir.resolve("run1"), args);
      try {
        HostilePrimaryIT.awaitSerial(tandem.port(), 1, Duration.ofSeconds(30));

        // Version 2 is big, and comes slowly: 100 records a message, 5 ms apart (some 15 s).
        primary.pace(100, 5).serve(2, big);
        long before = primary.messagesSent();
        refresh();
        awaitMessages(primary, before + 50, Duration.ofSeconds(20));
        Map<?, ?> status = HostilePrimaryIT.status(dir, data());
        assertThat(status.get("state")).as("state mid-transfer").isEqualTo("refreshing");
        assertThat(primary.transfersFinished()).as("transfers sent to the end").isEqualTo(1);
        long sent = primary.recordsSent();
        tandem.signal("KILL");
        System.out.printf(
            "killed Tandem after %d of %d records of version 2%n",
            sent - recordCount(SMALL_HOSTS) - 2, recordCount(BIG_HOSTS) + 2);
      } finally {
        tandem.close();
      }
      assertThat(primary.transfersFinished()).isEqualTo(1);

      // Restart with the primary refusing everything: what is on disk is all there is.
      primary.mode(Mode.REFUSED);
      tandem = TandemProcess.serve(dir.resolve("run2"), args);
      try {
        assertThat(HostilePrimaryIT.soaSerial(tandem.port()))
            .as("the first SOA answer after the restart")
            .isEqualTo(1);
        assertThat(tandem.output()).contains("serving serial 1 from disk");
        assertThat(www(tandem.port())).isEqualTo("192.0.2.1");
        List<Record> zone = axfr(tandem.port(), origin);
        assertThat(serialOf(zone)).isEqualTo(1);
        assertThat(withoutSoa(zone).size()).isEqualTo(recordCount(SMALL_HOSTS));

        // The primary offers version 2 again, fast: Tandem takes it, whole.
        primary.mode(Mode.GOOD).pace(1000, 0);
        long t0 = System.nanoTime();
        refresh();
        HostilePrimaryIT.awaitSerial(tandem.port(), 2, Duration.ofSeconds(45));
        System.out.printf(
            "version 2 (%d records) transferred and served in %d ms%n",
            recordCount(BIG_HOSTS), (System.nanoTime() - t0) / 1_000_000);
        assertThat(www(tandem.port())).isEqualTo("192.0.2.2");
        zone = axfr(tandem.port(), origin);
        assertThat(serialOf(zone)).isEqualTo(2);
        assertThat(withoutSoa(zone).size()).isEqualTo(recordCount(BIG_HOSTS));
      } finally {
        tandem.close();
      }
    }
  }

  @Test
  void killedWhileStoringTheNewVersionItRestartsWithOneWholeVersion() throws Exception {
    Name origin = Name.fromString(ORIGIN);
    List<Record> big = records("192.0.2.2", BIG_HOSTS);
    try (HostilePrimary primary = new HostilePrimary(ORIGIN, TSIG_KEY)) {
      primary.serve(1, records("192.0.2.1", SMALL_HOSTS));
      String[] args = args(primary);
      TandemProcess tandem = TandemProcess.serve(dir.resolve("run1"), args);
      try {
        HostilePrimaryIT.awaitSerial(tandem.port(), 1, Duration.ofSeconds(30));
        // Fast this time; the kill comes when the store's files have grown by 4 MB, that is
        // while Tandem writes version 2 (about 13 MB) to the store, before it serves it.
        primary.pace(1000, 0).serve(2, big);
        long stored = settledStoreSize();
        refresh();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (primary.transfersFinished() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        assertThat(primary.transfersFinished()).as("version 2 sent to the end").isEqualTo(2);
        assertThat(storeSize()).as("store untouched while receiving").isEqualTo(stored);
        long growing = stored;
        while (growing < stored + MID_WRITE && System.nanoTime() < deadline) {
          growing = storeSize();
        }
        ProcessHandle.of(tandem.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        System.out.printf(
            "killed Tandem while storing: store files at %d bytes, %d before%n", growing, stored);
        assertThat(growing).as("the store's files grew").isGreaterThan(stored);
      } finally {
        tandem.close();
      }

      primary.mode(Mode.REFUSED);
      tandem = TandemProcess.serve(dir.resolve("run2"), args);
      try {
        long serial = HostilePrimaryIT.soaSerial(tandem.port());
        List<Record> zone = axfr(tandem.port(), origin);
        System.out.printf(
            "killed while storing: restarted with serial %d (%d records), store files at %d"
                + " bytes%n",
            serial, withoutSoa(zone).size(), storeSize());
        assertThat(serial).as("the first SOA answer after the restart").isIn(1L, 2L);
        assertThat(serialOf(zone)).isEqualTo(serial);
        assertThat(withoutSoa(zone).size())
            .as("the records of serial " + serial)
            .isEqualTo(recordCount(serial == 1 ? SMALL_HOSTS : BIG_HOSTS));
        assertThat(www(tandem.port())).isEqualTo(serial == 1 ? "192.0.2.1" : "192.0.2.2");

        primary.mode(Mode.GOOD);
        refresh();
        HostilePrimaryIT.awaitSerial(tandem.port(), 2, Duration.ofSeconds(45));
        assertThat(withoutSoa(axfr(tandem.port(), origin)).size())
            .isEqualTo(recordCount(BIG_HOSTS));
      } finally {
        tandem.close();
      }
    }
  }

  // ---- helpers ----

  private Path data() {
    return dir.resolve("data");
  }

  private String[] args(HostilePrimary primary) {
    return new String[] {
      "--dns",
      "127.0.0.1:0",
      "--threads",
      "2",
      "--data",
      data().toString(),
      "--tsig",
      KEY + "=hmac-sha256:" + SECRET,
      "--secondary",
      ORIGIN + "=127.0.0.1:" + primary.port() + "@" + KEY,
      "--allow-transfer",
      ORIGIN + "=127.0.0.1@" + KEY
    };
  }

  /**
   * The store's size once version 1's writes have reached the disk: a secondary's transfer is
   * written at once and checkpointed into the database file within a second (ADR 0010), which grows
   * the files after the serial is already served.
   */
  private long settledStoreSize() throws IOException, InterruptedException {
    long size = storeSize();
    long stableSince = System.nanoTime();
    long deadline = stableSince + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() - stableSince < Duration.ofMillis(2500).toNanos()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
      long now = storeSize();
      if (now != size) {
        size = now;
        stableSince = System.nanoTime();
      }
    }
    return size;
  }

  /** The bytes in the store's files (the database and its write-ahead log), 0 if none. */
  private long storeSize() throws IOException {
    long total = 0;
    try (var files = Files.list(data())) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("tandem.db") && !name.endsWith("-shm")) {
          try {
            total += Files.size(f);
          } catch (NoSuchFileException e) {
            // removed between list and size (a checkpoint): not there
          }
        }
      }
    }
    return total;
  }

  /** {@code tandem zone refresh ORIGIN}. */
  private void refresh() throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(dir, "zone", "refresh", ORIGIN, "--data", data().toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private static void awaitMessages(HostilePrimary primary, long count, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (primary.messagesSent() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(primary.messagesSent()).as("transfer messages sent").isGreaterThanOrEqualTo(count);
  }

  static List<Record> records(String www, int hosts) throws IOException {
    Name origin = Name.fromString(ORIGIN);
    List<Record> r = new ArrayList<>(hosts + 3);
    r.add(new NSRecord(origin, DClass.IN, 300, Name.fromString("ns1", origin)));
    r.add(
        new ARecord(
            Name.fromString("ns1", origin), DClass.IN, 300, InetAddress.getByName("192.0.2.53")));
    r.add(new ARecord(Name.fromString("www", origin), DClass.IN, 300, InetAddress.getByName(www)));
    r.addAll(HostilePrimary.hosts(origin, hosts));
    return r;
  }

  private static String www(int port) throws Exception {
    try (DnsClient c = new DnsClient(port)) {
      Message m = c.udp(HostilePrimaryIT.query("www." + ORIGIN, Type.A));
      return HostilePrimaryIT.address(m);
    }
  }

  /** The zone by AXFR from Tandem (allowed to 127.0.0.1 with the key): every record as sent. */
  private static List<Record> axfr(int port, Name origin) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, "127.0.0.1", port, TSIG_KEY);
    xfr.setTimeout(Duration.ofSeconds(30));
    xfr.run();
    return xfr.getAXFR();
  }

  private static long serialOf(List<Record> zone) {
    assertThat(zone).isNotEmpty();
    assertThat(zone.get(0)).isInstanceOf(SOARecord.class);
    return ((SOARecord) zone.get(0)).getSerial();
  }

  /** The records other than the SOA (an AXFR carries it first and last). */
  private static List<Record> withoutSoa(List<Record> zone) {
    return zone.stream().filter(r -> r.getType() != Type.SOA).toList();
  }
}
