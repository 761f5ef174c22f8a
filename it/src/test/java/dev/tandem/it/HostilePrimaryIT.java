package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.HostilePrimary.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Tandem as the secondary of a primary that misbehaves on purpose ({@link HostilePrimary}): a
 * transfer cut short, one that never ends, SOAs under the wrong owner, a wrong TSIG secret, a
 * serial that goes backwards, and NOTIFYs from strangers. Each time Tandem keeps serving what it
 * had, says in {@code tandem zone status} what went wrong, and takes the next good version when
 * there is one.
 */
class HostilePrimaryIT {
  static final String ORIGIN = "hostile.test.";
  static final String KEY = "xfr.hostile.test.";
  static final String SECRET = "aG9zdGlsZS1wcmltYXJ5LXNlY3JldC1ob3N0aWxlLTE=";
  static final TSIG TSIG_KEY = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);

  /** A key Tandem knows (--tsig) but which is not the primary's. */
  static final String OTHER_KEY = "other.hostile.test.";

  static final String OTHER_SECRET = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMTI=";

  /** Records besides the SOA in every version: NS, ns1, www (the one that changes), 16 hosts. */
  static final int RECORDS = 19;

  @TempDir Path dir;
  Path data;
  @Nullable HostilePrimary primary;
  @Nullable TandemProcess tandem;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("data");
    HostilePrimary p = new HostilePrimary(ORIGIN, TSIG_KEY);
    primary = p;
    p.serve(10, records("192.0.2.10"));
    TandemProcess t =
        TandemProcess.serve(
            dir.resolve("run"),
            "--dns",
            "127.0.0.1:0",
            "--threads",
            "2",
            "--data",
            data.toString(),
            "--tsig",
            KEY + "=hmac-sha256:" + SECRET,
            "--tsig",
            OTHER_KEY + "=hmac-sha256:" + OTHER_SECRET,
            "--secondary",
            ORIGIN + "=127.0.0.1:" + p.port() + "@" + KEY,
            "--transfer-max-records",
            "5000",
            "--transfer-timeout",
            "20");
    tandem = t;
    awaitSerial(10, Duration.ofSeconds(30));
    assertThat(www()).isEqualTo("192.0.2.10");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (tandem != null) {
        tandem.close();
      }
    } finally {
      if (primary != null) {
        primary.close();
      }
    }
  }

  /** Each hostile mode, the serial it offers, and what Tandem's lastError must say about it. */
  static Stream<Arguments> hostileModes() {
    return Stream.of(
        Arguments.of(Mode.TRUNCATED_AXFR, 11L, "broke off after"),
        Arguments.of(Mode.ENDLESS_AXFR, 11L, "more than 5000 records (the transfer limit)"),
        Arguments.of(Mode.BAD_SOA_OWNER_IXFR, 11L, "is not the zone apex"),
        Arguments.of(Mode.WRONG_TSIG, 11L, "without a valid TSIG signature"),
        Arguments.of(Mode.SERIAL_BACKWARDS, 5L, "older than ours (10)"),
        Arguments.of(Mode.UNSIGNED_AXFR, 11L, "TSIG failure"),
        Arguments.of(Mode.UNSIGNED_TAIL_AXFR, 11L, "required signature on last message"),
        Arguments.of(Mode.OUT_OF_ZONE_AXFR, 11L, "record outside the zone: intruder.example."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileModes")
  void aHostilePrimaryChangesNothingServedAndTheNextGoodVersionIsTaken(
      Mode mode, long serial, String expectedError) throws Exception {
    failsChangingNothingThenRecovers(mode, serial, expectedError);
  }

  /**
   * The SOA says 11, IXFR is answered NOTIMP, and the AXFR that dnsjava falls back to carries
   * serial 5: older than the 10 Tandem serves, and not what the SOA said.
   */
  @Test
  void aTransferOlderThanWhatIsServedIsRejected() throws Exception {
    failsChangingNothingThenRecovers(Mode.STALE_AXFR, 11, "older than ours");
  }

  private void failsChangingNothingThenRecovers(Mode mode, long serial, String expectedError)
      throws Exception {
    HostilePrimary p = primary();
    if (mode == Mode.TRUNCATED_AXFR || mode == Mode.UNSIGNED_TAIL_AXFR) {
      p.pace(5, 0); // several messages: a cut in the middle, an unsigned last one
    }
    if (mode == Mode.ENDLESS_AXFR) {
      p.pace(20, 20); // 5000 records take some 5 s: long enough to query Tandem meanwhile
    }
    Instant switched = Instant.now();
    long messagesBefore = p.messagesSent();
    p.mode(mode).serve(serial, records("192.0.2.11"));
    assertThat(p.sendNotify(tandem().port(), "127.0.0.1", TSIG_KEY))
        .as("a signed NOTIFY from the primary")
        .isEqualTo(Rcode.NOERROR);

    if (mode == Mode.ENDLESS_AXFR) {
      stillAnswersDuringTheTransfer(p, messagesBefore);
    }

    Map<?, ?> status = awaitFailedAttemptSince(switched, Duration.ofSeconds(30));
    String error = (String) status.get("lastError");
    System.out.printf("%s: lastError: %s%n", mode, error);
    assertThat(soaSerial()).as("served serial").isEqualTo(10);
    assertThat(www()).as("www after a failed refresh").isEqualTo("192.0.2.10");
    assertThat(status.get("state")).isNotEqualTo("expired");
    assertThat(((Number) status.get("serial")).longValue()).isEqualTo(10);
    assertThat(error).contains(expectedError);

    recoversToTwelve(p);
  }

  /** While the endless transfer runs, Tandem answers queries as fast as ever. */
  private void stillAnswersDuringTheTransfer(HostilePrimary p, long messagesBefore)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (p.messagesSent() < messagesBefore + 10 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(p.messagesSent())
        .as("the endless transfer is under way")
        .isGreaterThanOrEqualTo(messagesBefore + 10);
    Map<?, ?> during = status();
    assertThat(during.get("state")).as("state during the transfer").isEqualTo("refreshing");
    long slowest = 0;
    try (DnsClient c = new DnsClient(tandem().port())) {
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        Message udp = c.udp(query("www." + ORIGIN, Type.A));
        Message tcp = c.tcp(query(ORIGIN, Type.SOA));
        slowest = Math.max(slowest, System.nanoTime() - t0);
        assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(address(udp)).isEqualTo("192.0.2.10");
        assertThat(((SOARecord) tcp.getSection(Section.ANSWER).get(0)).getSerial()).isEqualTo(10);
      }
    }
    long transferring = p.messagesSent() - messagesBefore;
    System.out.printf(
        "ENDLESS_AXFR: slowest UDP+TCP query pair during the transfer %d ms (%d messages sent)%n",
        slowest / 1_000_000, transferring);
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aNotifyFromAStrangerIsRefusedAndRefreshesNothing() throws Exception {
    HostilePrimary p = primary();
    // A new version waits at the primary: any refresh would fetch it.
    p.serve(11, records("192.0.2.11"));
    int soaQueries = p.soaQueries();
    int transfers = p.transferRequests();
    assertThat(status().get("lastRefusedNotify")).isEqualTo(Json.NULL);

    // Unsigned, from an address that is no primary of the zone.
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.3", null))).isEqualTo("REFUSED");
    String refused = (String) status().get("lastRefusedNotify");
    System.out.println("stranger: lastRefusedNotify: " + refused);
    assertThat(refused).contains("127.0.0.3").contains("not a primary");

    // The same over TCP.
    assertThat(Rcode.string(p.sendNotifyTcp(tandem().port(), "127.0.0.3", null)))
        .isEqualTo("REFUSED");
    String overTcp = (String) status().get("lastRefusedNotify");
    assertThat(overTcp).isNotEqualTo(refused).contains("127.0.0.3").contains("not a primary");

    // From the primary's address, signed with a key Tandem has never heard of (BADKEY).
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, "stranger.key.", OTHER_SECRET);
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", unknown)))
        .isEqualTo("NOTAUTH");

    // From the primary's address, with the primary's key name but another secret (BADSIG).
    TSIG forged = new TSIG(TSIG.HMAC_SHA256, KEY, OTHER_SECRET);
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", forged)))
        .isEqualTo("NOTAUTH");

    // From the primary's address, signed with a key Tandem knows, but not the primary's.
    TSIG other = new TSIG(TSIG.HMAC_SHA256, OTHER_KEY, OTHER_SECRET);
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", other)))
        .isEqualTo("REFUSED");
    refused = (String) status().get("lastRefusedNotify");
    System.out.println("other key: lastRefusedNotify: " + refused);
    assertThat(refused).contains("127.0.0.1").contains("wrong key");

    // From the primary's address, unsigned, when the primary has a key.
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", null))).isEqualTo("REFUSED");
    refused = (String) status().get("lastRefusedNotify");
    System.out.println("unsigned: lastRefusedNotify: " + refused);
    assertThat(refused).contains("127.0.0.1").contains("not TSIG-signed");

    Thread.sleep(1500); // time for a refresh to show, were one started
    assertThat(p.soaQueries()).as("SOA queries at the primary").isEqualTo(soaQueries);
    assertThat(p.transferRequests()).as("transfers from the primary").isEqualTo(transfers);
    assertThat(soaSerial()).isEqualTo(10);
    assertThat(www()).isEqualTo("192.0.2.10");
    assertThat(status().get("lastError")).isEqualTo(Json.NULL);

    recoversToTwelve(p);
  }

  /**
   * A NOTIFY that fails TSIG (an unknown key, a bad signature) is answered NOTAUTH by the data
   * plane before the zone sees it; it still shows in {@code lastRefusedNotify}, so an operator
   * whose primary has the wrong secret sees why in {@code tandem zone status}.
   */
  @Test
  void aNotifyFailingTsigIsRecordedAsRefused() throws Exception {
    HostilePrimary p = primary();
    TSIG unknown = new TSIG(TSIG.HMAC_SHA256, "stranger.key.", OTHER_SECRET);
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", unknown)))
        .isEqualTo("NOTAUTH");
    Object refused = status().get("lastRefusedNotify");
    assertThat(refused).as("lastRefusedNotify after a BADKEY NOTIFY").isInstanceOf(String.class);
    assertThat((String) refused).contains("127.0.0.1").contains("stranger.key");

    TSIG forged = new TSIG(TSIG.HMAC_SHA256, KEY, OTHER_SECRET);
    assertThat(Rcode.string(p.sendNotify(tandem().port(), "127.0.0.1", forged)))
        .isEqualTo("NOTAUTH");
    refused = status().get("lastRefusedNotify");
    assertThat(refused).as("lastRefusedNotify after a BADSIG NOTIFY").isInstanceOf(String.class);
    assertThat((String) refused).contains("127.0.0.1").containsIgnoringCase("sig");
  }

  @Test
  void anOperatorRefreshFromAHostilePrimaryFailsTheSameWay() throws Exception {
    HostilePrimary p = primary();
    Instant switched = Instant.now();
    p.mode(Mode.WRONG_TSIG).serve(11, records("192.0.2.11"));
    TandemProcess.Result r =
        TandemProcess.run(dir, "zone", "refresh", ORIGIN, "--data", data.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<?, ?> status = awaitFailedAttemptSince(switched, Duration.ofSeconds(30));
    assertThat((String) status.get("lastError")).contains("TSIG");
    assertThat(soaSerial()).isEqualTo(10);
    recoversToTwelve(p);
  }

  /** The primary turns good with serial 12; a signed NOTIFY brings Tandem there. */
  private void recoversToTwelve(HostilePrimary p) throws Exception {
    p.mode(Mode.GOOD).pace(100, 0).serve(12, records("192.0.2.12"));
    assertThat(p.sendNotify(tandem().port(), "127.0.0.1", TSIG_KEY)).isEqualTo(Rcode.NOERROR);
    awaitSerial(12, Duration.ofSeconds(30));
    assertThat(www()).isEqualTo("192.0.2.12");
    Map<?, ?> status = status();
    assertThat(status.get("state")).isEqualTo("ok");
    assertThat(status.get("lastError")).isEqualTo(Json.NULL);
  }

  // ---- helpers ----

  private HostilePrimary primary() {
    HostilePrimary p = primary;
    if (p == null) {
      throw new IllegalStateException("no primary");
    }
    return p;
  }

  private TandemProcess tandem() {
    TandemProcess t = tandem;
    if (t == null) {
      throw new IllegalStateException("no tandem");
    }
    return t;
  }

  /** The zone's records besides the SOA, with www at {@code www}. */
  static List<Record> records(String www) throws IOException {
    Name origin = Name.fromString(ORIGIN);
    List<Record> r = new ArrayList<>();
    r.add(new NSRecord(origin, DClass.IN, 300, Name.fromString("ns1", origin)));
    r.add(
        new ARecord(
            Name.fromString("ns1", origin), DClass.IN, 300, InetAddress.getByName("192.0.2.53")));
    r.add(new ARecord(Name.fromString("www", origin), DClass.IN, 300, InetAddress.getByName(www)));
    r.addAll(HostilePrimary.hosts(origin, RECORDS - 3));
    return r;
  }

  /** {@code tandem zone status ORIGIN --json}: this zone's object. */
  Map<?, ?> status() throws Exception {
    return status(dir, data);
  }

  static Map<?, ?> status(Path dir, Path data) throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(dir, "zone", "status", ORIGIN, "--json", "--data", data.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<?> zones = Json.list(Json.parse(r.out().trim()), "zones");
    assertThat(zones).hasSize(1);
    return (Map<?, ?>) zones.get(0);
  }

  /** Waits until the status shows an attempt started at or after {@code since} that failed. */
  private Map<?, ?> awaitFailedAttemptSince(Instant since, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Map<?, ?> last = Map.of();
    while (System.nanoTime() < deadline) {
      last = status();
      Object attempt = last.get("lastAttempt");
      Object error = last.get("lastError");
      if (attempt instanceof String a && !Instant.parse(a).isBefore(since)) {
        if (error instanceof String) {
          return last;
        }
        if (last.get("lastSuccess") instanceof String ok && !Instant.parse(ok).isBefore(since)) {
          throw new AssertionError("the refresh since " + since + " succeeded: " + last);
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no failed refresh attempt since " + since + "; status " + last);
  }

  long soaSerial() throws IOException {
    return soaSerial(tandem().port());
  }

  static long soaSerial(int port) throws IOException {
    return Serials.of(port, ORIGIN);
  }

  private String www() throws Exception {
    try (DnsClient c = new DnsClient(tandem().port())) {
      return address(c.udp(query("www." + ORIGIN, Type.A)));
    }
  }

  static String address(Message m) {
    assertThat(m.getRcode()).as(Rcode.string(m.getRcode())).isEqualTo(Rcode.NOERROR);
    return ((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  private void awaitSerial(long serial, Duration within) throws Exception {
    try {
      awaitSerial(tandem().port(), serial, within);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nTandem's output:\n" + tandem().output(), e);
    }
  }

  static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  static void awaitSerial(int port, long serial, Duration within) throws Exception {
    Serials.await(port, ORIGIN, serial, within);
  }
}
