package dev.tandem.control;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.access.Remote;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.StartingFile;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Every zone transfer, in and out, is counted and kept in the zone's history with what an operator
 * asks about it: when, with whom, AXFR or IXFR, serials, records, bytes, time, result and error.
 * Tandem is both sides here: a primary zone served on loopback, and a secondary following it.
 */
class TransferHistoryTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir Path dir;
  private final AtomicReference<ServedZones> primaryServed =
      new AtomicReference<>(ServedZones.EMPTY);
  private final AtomicReference<ServedZones> secondaryServed =
      new AtomicReference<>(ServedZones.EMPTY);
  private ZoneStore primaryStore;
  private ZoneStore secondaryStore;
  private ControlPlane primary;
  private ControlPlane secondary;
  private LoopbackListener listener;

  @BeforeEach
  void start() throws IOException {
    Path file = dir.resolve("example.com.zone");
    Files.writeString(
        file,
        "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 1209600 300\n"
            + "  NS ns1\nns1 A 192.0.2.53\nwww A 192.0.2.1\n");
    primaryStore = SqliteZoneStore.open(dir.resolve("primary.db"));
    PrimaryConfig config =
        PrimaryConfig.of(ZONE, file)
            .withAccess(List.of(AclRule.host(LOOPBACK, null)), List.of(), List.of())
            .withNotifyNs(false);
    primary = plane(List.of(), List.of(config), primaryStore, primaryServed);
    primary.start(Map.of(ZONE, read(file)));
    listener =
        LoopbackListener.start(
            new Responder(primaryServed::get, ResponderConfig.defaults(), primary.port()));

    secondaryStore = SqliteZoneStore.open(dir.resolve("secondary.db"));
    SecondaryConfig follow =
        new SecondaryConfig(
            ZONE, List.of(new Remote(listener.address(), null)), List.of(), List.of(), List.of());
    secondary = plane(List.of(follow), List.of(), secondaryStore, secondaryServed);
  }

  @AfterEach
  void stop() throws IOException {
    secondary.close();
    listener.close();
    primary.close();
    secondaryStore.close();
    primaryStore.close();
  }

  private static ControlPlane plane(
      List<SecondaryConfig> secondaries,
      List<PrimaryConfig> primaries,
      ZoneStore store,
      AtomicReference<ServedZones> served) {
    return new ControlPlane(
        secondaries,
        primaries,
        List.of(),
        store,
        new ServedPublisher(served),
        ControlPlane.Options.DEFAULT,
        Clock.systemUTC(),
        new Random(1));
  }

  private long secondarySerial() {
    ZoneSnapshot z = secondaryServed.get().get(ZONE);
    return z == null ? -1 : z.serial();
  }

  private static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private void addAtPrimary(String owner) throws IOException {
    Update u = new Update(ZONE);
    u.add(Record.fromString(Name.fromString(owner, ZONE), Type.A, 1, 300, "192.0.2.10", ZONE));
    assertThat(
            ((PrimaryZone) primary.zone(ZONE).orElseThrow())
                .edit(u, ZoneUpdate.Policy.ANY, "the test")
                .ok())
        .isTrue();
  }

  @Test
  void transfersInAndOutAreCountedAndKeptWithTheirDetails() throws IOException {
    Instant before = Instant.now();
    secondary.start(Map.of());
    await("the secondary serves serial 1", () -> secondarySerial() == 1);

    await("the AXFR is recorded", () -> !secondary.transfers(ZONE, 10).isEmpty());
    List<Transfer> in = secondary.transfers(ZONE, 10);
    assertThat(in).hasSize(1);
    Transfer axfr = in.get(0);
    String peer = "127.0.0.1#" + listener.address().getPort();
    assertThat(axfr.direction()).isEqualTo(Transfer.Direction.IN);
    assertThat(axfr.kind()).isEqualTo(Transfer.Kind.AXFR);
    assertThat(axfr.peer()).isEqualTo(peer);
    assertThat(axfr.fromSerial()).isEqualTo(-1);
    assertThat(axfr.toSerial()).isEqualTo(1);
    assertThat(axfr.records()).isEqualTo(5); // SOA, NS, 2 A, closing SOA
    assertThat(axfr.bytes()).isPositive();
    assertThat(axfr.result()).isEqualTo(Transfer.Result.OK);
    assertThat(axfr.error()).isNull();
    assertThat(axfr.at()).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(
            secondary
                .metrics()
                .transfers(Transfer.Direction.IN, Transfer.Kind.AXFR, Transfer.Result.OK))
        .isEqualTo(1);

    // The primary's side: the same transfer, out, recorded off the thread that sent it.
    await("the primary records its AXFR out", () -> !primary.transfers(ZONE, 10).isEmpty());
    Transfer out = primary.transfers(ZONE, 10).get(0);
    assertThat(out.direction()).isEqualTo(Transfer.Direction.OUT);
    assertThat(out.kind()).isEqualTo(Transfer.Kind.AXFR);
    assertThat(out.peer()).isEqualTo("127.0.0.1");
    assertThat(out.toSerial()).isEqualTo(1);
    assertThat(out.records()).isEqualTo(5);
    assertThat(out.bytes()).isPositive();
    assertThat(out.result()).isEqualTo(Transfer.Result.OK);
    assertThat(
            primary
                .metrics()
                .transfers(Transfer.Direction.OUT, Transfer.Kind.AXFR, Transfer.Result.OK))
        .isEqualTo(1);

    addAtPrimary("new");
    ((SecondaryZone) secondary.zone(ZONE).orElseThrow()).refreshNow();
    await("the secondary serves serial 2", () -> secondarySerial() == 2);

    await("the IXFR is recorded", () -> secondary.transfers(ZONE, 10).size() == 2);
    Transfer ixfr = secondary.transfers(ZONE, 10).get(0);
    assertThat(ixfr.kind()).isEqualTo(Transfer.Kind.IXFR);
    assertThat(ixfr.fromSerial()).isEqualTo(1);
    assertThat(ixfr.toSerial()).isEqualTo(2);
    assertThat(ixfr.records()).isEqualTo(5); // SOA 2, SOA 1, SOA 2, new A, SOA 2
    assertThat(ixfr.result()).isEqualTo(Transfer.Result.OK);
    assertThat(
            secondary
                .metrics()
                .transfers(Transfer.Direction.IN, Transfer.Kind.IXFR, Transfer.Result.OK))
        .isEqualTo(1);
    await(
        "the primary records its IXFR out",
        () ->
            primary
                    .metrics()
                    .transfers(Transfer.Direction.OUT, Transfer.Kind.IXFR, Transfer.Result.OK)
                == 1);

    // The primary moves on but takes no more transfers: the SOA query says newer, the IXFR fails.
    listener.closeTcp();
    addAtPrimary("newer");
    ((SecondaryZone) secondary.zone(ZONE).orElseThrow()).refreshNow();
    await("the failed IXFR is recorded", () -> secondary.transfers(ZONE, 10).size() == 3);
    assertThat(
            secondary
                .metrics()
                .transfers(Transfer.Direction.IN, Transfer.Kind.IXFR, Transfer.Result.FAILED))
        .isEqualTo(1);

    List<Transfer> history = secondary.transfers(ZONE, 10);
    assertThat(history)
        .extracting(Transfer::kind, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.FAILED),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.OK),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK));
    Transfer failed = history.get(0);
    assertThat(failed.fromSerial()).isEqualTo(2);
    assertThat(failed.toSerial()).isEqualTo(-1);
    assertThat(failed.peer()).isEqualTo(peer);
    assertThat(failed.error())
        .contains(":" + listener.address().getPort())
        .containsIgnoringCase("refused");
    assertThat(secondarySerial()).isEqualTo(2); // nothing served changed
  }

  @Test
  void aTransferThePrimaryRefusesIsRecordedAsRefusedInTheSecondarysHistory() throws IOException {
    // A primary that answers the SOA query but takes no transfer from us: no transfer ACL.
    Path file = dir.resolve("example.com.zone");
    AtomicReference<ServedZones> served = new AtomicReference<>(ServedZones.EMPTY);
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("refusing.db"));
        ControlPlane refusing =
            plane(List.of(), List.of(PrimaryConfig.of(ZONE, file)), store, served)) {
      refusing.start(Map.of(ZONE, read(file)));
      try (LoopbackListener at =
          LoopbackListener.start(
              new Responder(served::get, ResponderConfig.defaults(), refusing.port()))) {
        SecondaryConfig follow =
            new SecondaryConfig(
                ZONE, List.of(new Remote(at.address(), null)), List.of(), List.of(), List.of());
        secondary.close();
        secondary = plane(List.of(follow), List.of(), secondaryStore, secondaryServed);
        secondary.start(Map.of());
        await("the refused AXFR is recorded", () -> !secondary.transfers(ZONE, 10).isEmpty());
      }
    }

    Transfer refused = secondary.transfers(ZONE, 10).get(0);
    assertThat(refused.kind()).isEqualTo(Transfer.Kind.AXFR);
    assertThat(refused.result()).isEqualTo(Transfer.Result.REFUSED);
    assertThat(refused.error()).contains("AXFR failed: REFUSED");
    assertThat(
            secondary
                .metrics()
                .transfers(Transfer.Direction.IN, Transfer.Kind.AXFR, Transfer.Result.REFUSED))
        .isEqualTo(1);
  }

  @Test
  void aTransferTheAclRefusesIsCountedAndRecordedAsRefused() throws IOException {
    // Not on the transfer ACL: the data plane asks, then reports the refusal.
    InetAddress stranger = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 99});
    assertThat(primary.port().mayTransfer(ZONE, stranger, null, false)).isFalse();
    primary
        .port()
        .transferredOut(
            Transfer.out(ZONE, Instant.now(), stranger, null, Transfer.Kind.AXFR)
                .refused("not allowed"));

    assertThat(
            primary
                .metrics()
                .transfers(Transfer.Direction.OUT, Transfer.Kind.AXFR, Transfer.Result.REFUSED))
        .isEqualTo(1);
    await("the refusal is recorded", () -> !primary.transfers(ZONE, 1).isEmpty());
    Transfer t = primary.transfers(ZONE, 1).get(0);
    assertThat(t.peer()).isEqualTo("192.0.2.99");
    assertThat(t.result()).isEqualTo(Transfer.Result.REFUSED);
    assertThat(t.error()).isEqualTo("not allowed");
  }

  @Test
  void aFloodOfRefusedTransfersIsCountedButLoggedAndKeptOnce() throws Exception {
    secondary.start(Map.of());
    await("the primary records its AXFR out", () -> !primary.transfers(ZONE, 10).isEmpty());
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
    logger.addAppender(lines);
    try {
      // AXFR over UDP from an address the transfer ACL does not name: a datagram each, which
      // anyone can send with any source address.
      overUdp(Type.AXFR, "127.0.0.2", 300, Rcode.REFUSED);
      awaitRecorded(Transfer.Kind.AXFR, Transfer.Result.REFUSED);
    } finally {
      logger.detachAppender(lines);
    }

    assertCounted(Transfer.Kind.AXFR, Transfer.Result.REFUSED, RefusalLog.Reason.AXFR_NOT_ALLOWED);
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "example.com.: refused AXFR from 127.0.0.2: not allowed by the zone's transfer ACL"
                + " (unsigned, over UDP) (more of these from 127.0.0.2 are summed up every 60 s)");
    // One refusal in the history, and the secondary's transfer still in it, not pushed out.
    assertThat(primary.transfers(ZONE, 50))
        .extracting(Transfer::peer, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.0.0.2", Transfer.Result.REFUSED),
            org.assertj.core.groups.Tuple.tuple("127.0.0.1", Transfer.Result.OK));
  }

  @Test
  void aFloodOfAxfrOverUdpFromAnAllowedAddressIsKeptOnce() throws Exception {
    // AXFR is TCP only: FORMERR.
    assertThat(floodFromAllowedAddress(Type.AXFR, Rcode.FORMERR, RefusalLog.Reason.AXFR_OVER_UDP))
        .extracting(Transfer::result, Transfer::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Result.FAILED, "AXFR over UDP"),
            org.assertj.core.groups.Tuple.tuple(Transfer.Result.OK, null));
  }

  @Test
  void aFloodOfIxfrOverUdpFromAnAllowedAddressIsKeptOnce() throws Exception {
    // Answered with the SOA only (RFC 1995: ask over TCP).
    assertThat(floodFromAllowedAddress(Type.IXFR, Rcode.NOERROR, RefusalLog.Reason.IXFR_OVER_UDP))
        .extracting(Transfer::kind, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.OK),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK));
  }

  /**
   * Once the secondary has transferred the zone, 300 requests of {@code type} over UDP from
   * 127.0.0.1, which the ACL allows but anyone can put on a datagram: each answered {@code rcode}
   * and counted as turned away for {@code reason}. Returns the zone's history after them.
   */
  private List<Transfer> floodFromAllowedAddress(int type, int rcode, RefusalLog.Reason reason)
      throws Exception {
    secondary.start(Map.of());
    await("the primary records its AXFR out", () -> !primary.transfers(ZONE, 10).isEmpty());
    overUdp(type, "127.0.0.1", 300, rcode);
    Transfer.Kind kind = type == Type.IXFR ? Transfer.Kind.IXFR : Transfer.Kind.AXFR;
    Transfer.Result result = rcode == Rcode.NOERROR ? Transfer.Result.OK : Transfer.Result.FAILED;
    awaitRecorded(kind, result);
    assertCounted(kind, result, reason);
    return primary.transfers(ZONE, 50);
  }

  /** Waits until a transfer out of {@code kind} that ended {@code result} is in the history. */
  private void awaitRecorded(Transfer.Kind kind, Transfer.Result result) {
    await(
        "an " + kind + " out " + result + " is recorded",
        () ->
            primary.transfers(ZONE, 50).stream()
                .anyMatch(t -> t.kind() == kind && t.result() == result));
  }

  /**
   * 300 transfers out of {@code kind} ended {@code result}, each turned away for {@code reason}.
   */
  private void assertCounted(Transfer.Kind kind, Transfer.Result result, RefusalLog.Reason reason) {
    assertThat(primary.metrics().transfers(Transfer.Direction.OUT, kind, result)).isEqualTo(300);
    assertThat(primary.refusals().count(reason)).isEqualTo(300);
  }

  /**
   * Sends {@code n} transfer requests of {@code type} (an IXFR from serial 0) over UDP from {@code
   * source}, each answered {@code rcode}.
   */
  private void overUdp(int type, String source, int n, int rcode) throws IOException {
    Message request = Message.newQuery(Record.newRecord(ZONE, type, DClass.IN));
    if (type == Type.IXFR) {
      request.addRecord(
          new SOARecord(ZONE, DClass.IN, 0, ZONE, ZONE, 0, 0, 0, 0, 0), Section.AUTHORITY);
    }
    byte[] wire = request.toWire();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
      s.setSoTimeout(5000);
      for (int i = 0; i < n; i++) {
        s.send(new DatagramPacket(wire, wire.length, listener.address()));
        DatagramPacket answer = new DatagramPacket(new byte[512], 512);
        s.receive(answer);
        assertThat(new Message(Arrays.copyOf(answer.getData(), answer.getLength())).getRcode())
            .isEqualTo(rcode);
      }
    }
  }

  @Test
  void notifiesAndUpdatesAreCountedByOutcome() throws IOException {
    secondary.start(Map.of());
    await("the secondary serves serial 1", () -> secondarySerial() == 1);

    InetAddress stranger = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 99});
    assertThat(secondary.port().notify(ZONE, LOOPBACK, null, 1)).isEqualTo(Rcode.NOERROR);
    assertThat(secondary.port().notify(ZONE, stranger, null, 1)).isEqualTo(Rcode.REFUSED);
    assertThat(secondary.port().notify(Name.fromConstantString("other."), LOOPBACK, null, 1))
        .isEqualTo(Rcode.NOTAUTH);
    secondary.port().notifyRefused(ZONE, stranger, "TSIG failed");
    assertThat(secondary.metrics().notifyReceived("accepted")).isEqualTo(1);
    assertThat(secondary.metrics().notifyReceived("refused")).isEqualTo(2);
    assertThat(secondary.metrics().notifyReceived("notauth")).isEqualTo(1);

    // An unsigned UPDATE: no rule allows it at the primary; a secondary takes none.
    Update u = new Update(ZONE);
    u.add(Record.fromString(Name.fromString("x", ZONE), Type.A, 1, 300, "192.0.2.7", ZONE));
    assertThat(primary.port().update(ZONE, u, LOOPBACK, null).toCompletableFuture().join())
        .isEqualTo(Rcode.REFUSED);
    assertThat(secondary.port().update(ZONE, u, LOOPBACK, null).toCompletableFuture().join())
        .isEqualTo(Rcode.REFUSED);
    assertThat(primary.metrics().updates(Rcode.REFUSED)).isEqualTo(1);
    assertThat(secondary.metrics().updates(Rcode.REFUSED)).isEqualTo(1);
    assertThat(primary.metrics().updates(Rcode.NOERROR)).isZero();
  }

  private static StartingFile read(Path file) {
    return new StartingFile.Read(
        Objects.requireNonNull(ZoneLoader.load(ZONE, file).zone()), () -> null);
  }
}
