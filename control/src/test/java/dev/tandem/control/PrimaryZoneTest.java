package dev.tandem.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.primary.StartingFile;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.Change;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Primary zones through the control plane, on a real store: every change is one serial and one
 * journal entry; the journal survives a restart and answers IXFR; a changed zone file is one
 * change; a refused change changes nothing; who may change and transfer what.
 */
class PrimaryZoneTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");
  private static final Name KEY = Name.fromConstantString("xfr.");
  private static final Name ACME = Name.fromConstantString("acme.");
  private static final String SECRET = "dGFuZGVtLXRlc3Qtc2VjcmV0LTAxMjM0NTY3ODlhYmM=";

  @TempDir Path dir;
  private Path file;
  private ZoneStore store;
  private ControlPlane plane;
  private final Map<Name, ZoneSnapshot> published = new ConcurrentHashMap<>();
  private int reads; // of the zone file
  private String storeFile = "tandem.db";
  private CompletionStage<?> listening = CompletableFuture.completedFuture(null);

  @BeforeEach
  void start() throws IOException {
    file = dir.resolve("example.com.zone");
    writeZone(1, "www A 192.0.2.1");
    open(PrimaryConfig.of(ZONE, file));
  }

  @AfterEach
  void stop() {
    plane.close();
    store.close();
  }

  private void writeZone(long serial, String... records) throws IOException {
    StringBuilder b =
        new StringBuilder("$ORIGIN example.com.\n$TTL 300\n")
            .append("@ SOA ns1 hostmaster ")
            .append(serial)
            .append(" 3600 900 1209600 300\n  NS ns1\nns1 A 192.0.2.53\n");
    for (String r : records) {
      b.append(r).append('\n');
    }
    Files.writeString(file, b);
  }

  private void open(PrimaryConfig config) {
    store = SqliteZoneStore.open(dir.resolve(storeFile));
    plane =
        new ControlPlane(
            List.of(),
            List.of(config),
            List.of(
                TsigKey.parse("xfr=hmac-sha256:" + SECRET),
                TsigKey.parse("acme=hmac-sha256:" + SECRET)),
            store,
            new ZonePublisher() {
              @Override
              public void publish(ZoneSnapshot zone) {
                published.put(zone.origin(), zone);
              }

              @Override
              public void unavailable(Name zone) {}

              @Override
              public void remove(Name zone) {
                published.remove(zone);
              }
            },
            ControlPlane.Options.DEFAULT,
            Clock.systemUTC(),
            new Random(1));
    plane.start(config.file() == null ? Map.of() : Map.of(ZONE, found()), listening);
  }

  /** The zone file as the server finds it at start: read, or unchanged since taken in. */
  private StartingFile found() {
    String bytes = StartingFile.bytesDigest(file);
    if (bytes != null && bytes.equals(StartingFile.storedBytesDigest(store, ZONE))) {
      return new StartingFile.Unchanged(this::read);
    }
    return new StartingFile.Read(Objects.requireNonNull(read()), () -> bytes);
  }

  private @Nullable ZoneSnapshot read() {
    reads++;
    return ZoneLoader.load(ZONE, file).zone();
  }

  private void restart(PrimaryConfig config) {
    plane.close();
    store.close();
    published.clear();
    open(config);
  }

  private ZoneSnapshot served() {
    return Objects.requireNonNull(published.get(ZONE));
  }

  private Change add(String name, String type, String rdata) throws IOException {
    Update u = new Update(ZONE);
    u.add(Record.fromString(Name.fromString(name, ZONE), Type.value(type), 1, 300, rdata, ZONE));
    return zone().edit(u, ZoneUpdate.Policy.ANY, "the test");
  }

  private PrimaryZone zone() {
    return (PrimaryZone) plane.zone(ZONE).orElseThrow();
  }

  private List<String> owners(ZoneSnapshot z, int type) {
    List<String> out = new ArrayList<>();
    z.forEachRecord(
        r -> {
          if (r.getType() == type) {
            out.add(r.getName().toString() + " " + r.rdataToString());
          }
        });
    return out;
  }

  @Test
  void everyChangeIsOneNewSerialOneJournalEntryAndOnePublishedVersion() throws IOException {
    assertThat(add("a", "A", "192.0.2.10").ok()).isTrue();
    assertThat(add("b", "A", "192.0.2.11").ok()).isTrue();
    Change third = add("c", "A", "192.0.2.12");

    assertThat(third.fromSerial()).isEqualTo(3);
    assertThat(third.toSerial()).isEqualTo(4);
    assertThat(served().serial()).isEqualTo(4);
    assertThat(owners(served(), Type.A)).contains("c.example.com. 192.0.2.12");
    List<JournalStep> journal = store.journal(ZONE);
    assertThat(journal).extracting(JournalStep::to).containsExactly(2L, 3L, 4L);
    List<ZoneDiff> ixfr = Objects.requireNonNull(plane.port().changes(ZONE, 1, 4));
    assertThat(ixfr).hasSize(3);
    ZoneDiff first = ixfr.get(0);
    assertThat(((SOARecord) first.removed().get(0)).getSerial()).isEqualTo(1);
    assertThat(first.added())
        .anySatisfy(r -> assertThat(r).isInstanceOf(SOARecord.class))
        .anySatisfy(r -> assertThat(r.getName().toString()).isEqualTo("a.example.com."));
  }

  @Test
  void aZoneNewToTheStoreIsServedAtOnceAndWrittenOnceTheServerListens() throws Exception {
    CompletableFuture<Void> listening = new CompletableFuture<>();
    this.listening = listening;
    storeFile = "new.db";
    restart(PrimaryConfig.of(ZONE, file));

    assertThat(served().serial()).isEqualTo(1);
    Thread.sleep(300); // the write took a few milliseconds when it did not wait
    assertThat(store.state(ZONE)).as("written before the server listens").isEmpty();

    listening.complete(null);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.state(ZONE).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(store.contents(ZONE)).map(ZoneSnapshot::serial).contains(1L);
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheSerial() throws IOException {
    Change again = add("www", "A", "192.0.2.1"); // already there

    assertThat(again.ok()).isTrue();
    assertThat(again.toSerial()).isEqualTo(again.fromSerial()).isEqualTo(1);
    assertThat(store.journal(ZONE)).isEmpty();
  }

  @Test
  void aRefusedUpdateLeavesZoneAndJournalAsTheyWere() throws IOException {
    add("a", "A", "192.0.2.10");
    Update u = new Update(ZONE);
    u.present(Name.fromString("nothing-here", ZONE), Type.A); // prerequisite fails: NXRRSET
    u.add(Record.fromString(Name.fromString("z", ZONE), Type.A, 1, 300, "192.0.2.99", ZONE));

    Change o = zone().edit(u, ZoneUpdate.Policy.ANY, "the test");

    assertThat(o.ok()).isFalse();
    assertThat(Rcode.string(o.rcode())).isEqualTo("NXRRSET");
    assertThat(served().serial()).isEqualTo(2);
    assertThat(owners(served(), Type.A)).noneMatch(s -> s.startsWith("z."));
    assertThat(store.journal(ZONE)).hasSize(1);
  }

  @Test
  void afterARestartTheEditsAreServedAndIxfrIsStillAnsweredFromOldSerials() throws IOException {
    for (int i = 0; i < 5; i++) {
      add("host" + i, "A", "192.0.2." + (20 + i));
    }

    restart(PrimaryConfig.of(ZONE, file)); // the zone file did not change

    assertThat(served().serial()).isEqualTo(6);
    assertThat(owners(served(), Type.A)).contains("host4.example.com. 192.0.2.24");
    assertThat(plane.port().changes(ZONE, 1, 6)).hasSize(5);
    assertThat(plane.port().changes(ZONE, 4, 6)).hasSize(2);
    assertThat(add("after", "A", "192.0.2.30").toSerial()).isEqualTo(7);
  }

  @Test
  void aSignedZoneIsNotEditedHereButItsReSignedFileIsTakenIn() throws IOException {
    String sig =
        "@ RRSIG SOA 13 2 300 20300101000000 20260101000000 4711 example.com."
            + " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    writeZone(2, "www A 192.0.2.1", sig);
    assertThat(zone().reload(load()).ok()).isTrue();

    Change edit = add("a", "A", "192.0.2.10");

    assertThat(edit.ok()).isFalse();
    assertThat(edit.message()).contains("the zone is signed and Tandem does not sign");
    assertThat(served().serial()).isEqualTo(2);
    assertThat(owners(served(), Type.A)).noneMatch(o -> o.startsWith("a."));
    writeZone(3, "www A 192.0.2.1", "a A 192.0.2.10", sig.replace("20260101", "20260102"));
    assertThat(zone().reload(load()).ok()).isTrue();
    assertThat(served().serial()).isEqualTo(3);
  }

  /** An RRSIG over the apex SOA; {@code signedOn} stands for a signing run (new keys, new MAC). */
  private static String soaSignature(String signedOn) {
    return "@ RRSIG SOA 13 2 300 20300101000000 "
        + signedOn
        + " 4711 example.com. AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  }

  private SOARecord servedSoa() {
    return served().soa();
  }

  private List<String> servedSignatures() {
    return owners(served(), Type.RRSIG);
  }

  @Test
  void aReSignedZoneFileWithTheSameSerialIsServedAsSignedNeverWithANewSerial() throws IOException {
    writeZone(7, "www A 192.0.2.1", soaSignature("20260101000000"));
    assertThat(zone().reload(load()).toSerial()).isEqualTo(7);
    writeZone(7, "www A 192.0.2.1", soaSignature("20260202000000")); // re-signed, serial kept
    ZoneSnapshot resigned = load();

    Change o = zone().reload(resigned);

    assertThat(o.ok()).isTrue();
    assertThat(o.toSerial()).as("the signed SOA is not rewritten").isEqualTo(7);
    assertThat(servedSoa()).isEqualTo(resigned.soa());
    assertThat(servedSoa().getTTL()).isEqualTo(resigned.soa().getTTL());
    assertThat(servedSignatures()).singleElement().asString().contains("20260202000000");
    assertThat(o.message()).contains("secondaries will not transfer it until the serial moves");
    assertThat(plane.port().changes(ZONE, 1, 7))
        .as("no change leads to the re-signed version: IXFR gets the whole zone")
        .isNull();
    assertThat(store.state(ZONE).orElseThrow().serial()).isEqualTo(7);
    assertThat(store.contents(ZONE).orElseThrow().recordsAt(ZONE))
        .extracting(Record::rdataToString)
        .anyMatch(r -> r.contains("20260202000000"));
  }

  @Test
  void aReSignedZoneFileWithTheSameSerialIsServedAsSignedAfterARestart() throws IOException {
    writeZone(7, "www A 192.0.2.1", soaSignature("20260101000000"));
    restart(PrimaryConfig.of(ZONE, file));
    assertThat(served().serial()).isEqualTo(7);
    writeZone(7, "www A 192.0.2.1", soaSignature("20260202000000"));

    restart(PrimaryConfig.of(ZONE, file)); // the same data directory

    assertThat(served().serial()).isEqualTo(7);
    assertThat(servedSignatures()).singleElement().asString().contains("20260202000000");
  }

  @Test
  void aSignedZoneImportedWithAnOlderSerialIsServedAsSignedWhateverTheSerialPolicy()
      throws IOException {
    restart(PrimaryConfig.of(ZONE, file).withSerialPolicy(SerialPolicy.UNIXTIME));
    add("a", "A", "192.0.2.10"); // a unixtime serial, far above 3
    long before = served().serial();
    writeZone(3, "www A 192.0.2.1", soaSignature("20260202000000"));
    ZoneSnapshot signed = load();

    Change o = zone().importZone(signed);

    assertThat(o.ok()).isTrue();
    assertThat(o.fromSerial()).isEqualTo(before);
    assertThat(served().serial()).isEqualTo(3);
    assertThat(servedSoa()).isEqualTo(signed.soa());
    assertThat(owners(served(), Type.A)).noneMatch(r -> r.startsWith("a."));
  }

  @Test
  void anUnsignedZoneFileWithTheSameSerialStillGetsTheNextSerial() throws IOException {
    writeZone(1, "www A 192.0.2.9");

    Change o = zone().reload(load());

    assertThat(o.toSerial()).isEqualTo(2);
    assertThat(owners(served(), Type.A)).contains("www.example.com. 192.0.2.9");
  }

  @Test
  void aChangedZoneFileBecomesOneJournaledChangeWithItsSerial() throws IOException {
    writeZone(10, "www A 192.0.2.2", "new TXT \"from the file\"");

    Change o = zone().reload(load());

    assertThat(o.ok()).isTrue();
    assertThat(served().serial()).isEqualTo(10);
    List<ZoneDiff> step = Objects.requireNonNull(plane.port().changes(ZONE, 1, 10));
    assertThat(step).hasSize(1);
    assertThat(step.get(0).removed()).extracting(Record::rdataToString).contains("192.0.2.1");
    assertThat(step.get(0).added()).extracting(Record::rdataToString).contains("192.0.2.2");
  }

  @Test
  void aZoneFileChangedWithoutANewerSerialIsServedAsTheNextSerialWithAWarning() throws IOException {
    add("a", "A", "192.0.2.10"); // serial 2
    writeZone(1, "www A 192.0.2.3");

    Change o = zone().reload(load());

    assertThat(o.toSerial()).isEqualTo(3);
    assertThat(o.message()).contains("is not newer than 2");
    assertThat(owners(served(), Type.A)).contains("www.example.com. 192.0.2.3");
  }

  @Test
  void anUnchangedZoneFileOnReloadKeepsTheEditsMadeSince() throws IOException {
    add("a", "A", "192.0.2.10");

    Change o = zone().reload(load());

    assertThat(o.toSerial()).isEqualTo(2);
    assertThat(owners(served(), Type.A)).contains("a.example.com. 192.0.2.10");
  }

  @Test
  void aZoneFileChangedWhileStoppedIsTakenInAtStart() throws IOException {
    add("a", "A", "192.0.2.10");
    writeZone(7, "www A 192.0.2.7");

    restart(PrimaryConfig.of(ZONE, file));

    assertThat(served().serial()).isEqualTo(7);
    assertThat(plane.port().changes(ZONE, 2, 7)).hasSize(1);
  }

  @Test
  void aRestartDoesNotReadAZoneFileUnchangedSinceItWasTakenIn() throws IOException {
    add("a", "A", "192.0.2.10");
    reads = 0;

    restart(PrimaryConfig.of(ZONE, file));

    assertThat(reads).isZero();
    assertThat(served().serial()).isEqualTo(2);
    assertThat(owners(served(), Type.A)).contains("a.example.com. 192.0.2.10");
    assertThat(plane.port().changes(ZONE, 1, 2)).hasSize(1);
    assertThat(zone().reload(load()).toSerial()).isEqualTo(2); // and it is the file taken in
  }

  @Test
  void aZoneFileChangedBackToItsOldSizeAndTimesIsStillTakenIn() throws IOException {
    restart(PrimaryConfig.of(ZONE, file));
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    writeZone(7, "www A 192.0.2.7"); // the same length as serial 1's "www A 192.0.2.1"
    Files.setLastModifiedTime(file, modified);
    assertThat(Files.size(file)).isEqualTo(size);
    reads = 0;

    restart(PrimaryConfig.of(ZONE, file));

    assertThat(reads).isEqualTo(1);
    assertThat(served().serial()).isEqualTo(7);
    assertThat(owners(served(), Type.A)).contains("www.example.com. 192.0.2.7");
  }

  @Test
  void anUnchangedZoneFileIsReadWhenItsStoredCopyIsDamaged() throws Exception {
    restart(PrimaryConfig.of(ZONE, file));
    plane.close();
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tandem.db"));
        PreparedStatement s =
            c.prepareStatement("UPDATE zone_base SET blob = x'00' WHERE zone = 'example.com.'")) {
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    reads = 0;

    open(PrimaryConfig.of(ZONE, file));

    assertThat(reads).isEqualTo(1);
    assertThat(served().serial()).isEqualTo(1);
    assertThat(owners(served(), Type.A)).contains("www.example.com. 192.0.2.1");
  }

  @Test
  void updatesFromTheNetworkFollowEachKeysRules() throws Exception {
    restart(
        PrimaryConfig.of(ZONE, file)
            .withAccess(
                List.of(),
                List.of(),
                List.of(
                    UpdateRule.anything(KEY),
                    UpdateRule.parse("acme:_acme-challenge.example.com.:TXT"))));
    InetAddress peer = InetAddress.getLoopbackAddress();

    assertThat(update(txt("_acme-challenge", "token"), peer, ACME)).isEqualTo(Rcode.NOERROR);
    assertThat(update(txt("www", "not yours"), peer, ACME)).isEqualTo(Rcode.REFUSED);
    assertThat(update(txt("www", "unsigned"), peer, null)).isEqualTo(Rcode.REFUSED);
    assertThat(update(txt("www", "anything"), peer, KEY)).isEqualTo(Rcode.NOERROR);

    assertThat(served().serial()).isEqualTo(3);
    assertThat(owners(served(), Type.TXT))
        .containsExactlyInAnyOrder(
            "_acme-challenge.example.com. token", "www.example.com. anything");
  }

  @Test
  void anUpdateToASecondaryOrUnknownZoneIsRefused() throws Exception {
    Message m = new Update(Name.fromString("other.example."));
    int rcode =
        plane
            .port()
            .update(Name.fromString("other.example."), m, InetAddress.getLoopbackAddress(), KEY)
            .toCompletableFuture()
            .get();
    assertThat(rcode).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void anUpdateToASecondaryZoneIsRefusedNotForwarded() throws Exception {
    Name secondary = Name.fromString("follows.example.");
    try (ZoneStore other = SqliteZoneStore.open(dir.resolve("secondary.db"));
        ControlPlane withSecondary =
            new ControlPlane(
                List.of(SecondaryConfig.parse("follows.example=127.0.0.1:9@xfr")),
                List.of(),
                List.of(TsigKey.parse("xfr=hmac-sha256:" + SECRET)),
                other,
                new ZonePublisher() {
                  @Override
                  public void publish(ZoneSnapshot zone) {}

                  @Override
                  public void unavailable(Name zone) {}

                  @Override
                  public void remove(Name zone) {}
                },
                ControlPlane.Options.DEFAULT,
                Clock.systemUTC(),
                new Random(1))) {
      int rcode =
          withSecondary
              .port()
              .update(secondary, new Update(secondary), InetAddress.getLoopbackAddress(), KEY)
              .toCompletableFuture()
              .get();

      assertThat(rcode).isEqualTo(Rcode.REFUSED);
    }
  }

  @Test
  void ednsExpireOfAPrimaryZoneIsItsSoaExpire() throws IOException {
    assertThat(plane.port().expireSeconds(ZONE))
        .as("RFC 7314: the SOA's EXPIRE")
        .isEqualTo(1209600);
    writeZone(2, "www A 192.0.2.1");
    Files.writeString(file, Files.readString(file).replace(" 1209600 ", " 604800 "));

    zone().reload(load());

    assertThat(plane.port().expireSeconds(ZONE)).isEqualTo(604800);
  }

  @Test
  void anUpdateGrowingAnRrsetPastTheZonesMaxRecordsPerTypeIsRefused() throws IOException {
    restart(PrimaryConfig.of(ZONE, file).withMaxRecordsPerType(2));
    assertThat(add("pool", "A", "192.0.2.10").ok()).isTrue();
    assertThat(add("pool", "A", "192.0.2.11").ok()).isTrue();

    Change third = add("pool", "A", "192.0.2.12");

    assertThat(Rcode.string(third.rcode())).isEqualTo("REFUSED");
    assertThat(third.message()).contains("the A RRset at pool.example.com. would hold 3 records");
    assertThat(served().serial()).isEqualTo(3);
  }

  @Test
  void transfersAreDeniedByDefaultAndRefusalsCounted() {
    InetAddress peer = InetAddress.getLoopbackAddress();
    assertThat(plane.port().mayTransfer(ZONE, peer, null, false)).isFalse();
    assertThat(plane.port().mayTransfer(ZONE, peer, KEY, false)).isFalse();

    restart(
        PrimaryConfig.of(ZONE, file)
            .withAccess(List.of(AclRule.parse("127.0.0.1@xfr")), List.of(), List.of()));

    assertThat(plane.port().mayTransfer(ZONE, peer, KEY, false)).isTrue();
    assertThat(plane.port().mayTransfer(ZONE, peer, null, false)).isFalse();
    assertThat(plane.status(ZONE).orElseThrow().refusedTransfers()).isEqualTo(1);
  }

  @Test
  void theJournalKeptForIxfrIsBoundedByDepth() throws IOException {
    JournalWindow.Limits five = new JournalWindow.Limits(5, 1_000_000, Duration.ofDays(1));
    restart(PrimaryConfig.of(ZONE, file).withJournal(five));
    for (int i = 0; i < 10; i++) {
      add("h" + i, "A", "192.0.2." + (40 + i));
    }

    assertThat(plane.port().changes(ZONE, 1, 11)).as("older than the journal: whole zone").isNull();
    assertThat(plane.port().changes(ZONE, 6, 11)).hasSize(5);
  }

  @Test
  void aZoneCreatedThroughTheCliLivesInTheStoreWithItsSettings() throws Exception {
    Name created = Name.fromString("created.test.");
    ZoneService service = new ZoneService(plane, store, List.of(), Clock.systemUTC());
    ZoneService.NewPrimary request =
        new ZoneService.NewPrimary(
            created,
            List.of("ns1.provider.example."),
            null,
            List.of(),
            List.of("127.0.0.1@xfr"),
            List.of(),
            List.of(),
            null);
    service.createPrimary(request, new dev.tandem.control.service.Actor("test", "api"));

    assertThat(published.get(created)).isNotNull();
    assertThatThrownBy(
            () ->
                service.createPrimary(request, new dev.tandem.control.service.Actor("test", "api")))
        .hasMessageContaining("exists");

    restart(PrimaryConfig.of(ZONE, file));

    ZoneSnapshot back = Objects.requireNonNull(published.get(created));
    assertThat(back.recordsAt(created)).extracting(Record::getType).contains(Type.SOA, Type.NS);
    assertThat(plane.port().mayTransfer(created, InetAddress.getLoopbackAddress(), KEY, false))
        .isTrue();
    assertThat(plane.delete(created)).isTrue();
    assertThat(published.get(created)).isNull();
    assertThat(store.state(created)).isEmpty();
    assertThatThrownBy(() -> plane.delete(ZONE)).hasMessageContaining("remove it there");
  }

  @Test
  void aPreviewCountsTheChangeSetAndChangesNothing() throws Exception {
    ZoneService service = new ZoneService(plane, store, List.of(), Clock.systemUTC());
    var actor = new dev.tandem.control.service.Actor("test", "panel");
    List<dev.tandem.control.service.RrSetChange> changes =
        List.of(
            dev.tandem.control.service.RrSetChange.replace("www", "A", 300, List.of("192.0.2.2")),
            dev.tandem.control.service.RrSetChange.replace(
                "mail", "A", 300, List.of("192.0.2.25", "192.0.2.26")));

    var preview = service.preview(ZONE, changes, actor);

    assertThat(preview.summary()).isEqualTo("this becomes serial 2: 2 added, 1 changed");
    assertThat(preview.added()).hasSize(3);
    assertThat(preview.removed()).extracting(Record::rdataToString).containsExactly("192.0.2.1");
    assertThat(Objects.requireNonNull(published.get(ZONE)).serial())
        .as("nothing changed")
        .isEqualTo(1);
    assertThat(plane.port().changes(ZONE, 1, 2)).isNull();
    assertThat(service.change(ZONE, changes, actor).toSerial()).isEqualTo(preview.toSerial());
    assertThatThrownBy(
            () ->
                service.preview(
                    ZONE,
                    List.of(
                        dev.tandem.control.service.RrSetChange.replace(
                            "bad", "A", 300, List.of("192.0.2.300"))),
                    actor))
        .as("the same checks as the change itself")
        .hasMessageContaining("192.0.2.300");
  }

  @Test
  void anImportIsOneChangeAndTakesTheFilesSerialWhenNewer() throws IOException {
    writeZone(5, "www A 192.0.2.5");

    Change o = zone().importZone(load());

    assertThat(o.toSerial()).isEqualTo(5);
    assertThat(plane.port().changes(ZONE, 1, 5)).hasSize(1);
  }

  private int update(Message m, InetAddress peer, @Nullable Name key) throws Exception {
    return plane.port().update(ZONE, m, peer, key).toCompletableFuture().get();
  }

  private static Message txt(String name, String text) throws IOException {
    Update u = new Update(ZONE);
    u.add(new TXTRecord(Name.fromString(name, ZONE), 1, 300, text));
    return u;
  }

  private ZoneSnapshot load() {
    return Objects.requireNonNull(ZoneLoader.load(ZONE, file).zone());
  }
}
