package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Tandem as the PRIMARY of one zone, with the four authoritative servers Debian 12 ships as its
 * secondaries: Knot (knotd), BIND 9 (named), NSD and PowerDNS (pdns_server), all on loopback, all
 * transfers, NOTIFYs and UPDATEs signed with one TSIG key (hmac-sha256).
 *
 * <p>The zone's NS set names the four secondaries only (ns-knot, ns-bind, ns-nsd, ns-pdns, with
 * 127.0.0.x glue); Tandem itself is in no NS record. So this is also the "Tandem as hidden primary"
 * configuration: the public servers are the secondaries, Tandem only feeds them by NOTIFY and
 * AXFR/IXFR, and changes reach it through its command line and RFC 2136 UPDATE.
 *
 * <p>In order: (1) the first transfer gives every secondary Tandem's zone; (2) one change through
 * the command line reaches every secondary by NOTIFY and IXFR within seconds; (3) a hundred signed
 * UPDATEs back to back leave every secondary with the final serial and exactly Tandem's records;
 * (4) a transfer without an allowed key is refused and transfers nothing. How each daemon is set up
 * as a secondary, and how its log tells an IXFR in from an AXFR: the {@code startSecondary} and
 * {@code fetchedByIxfr} of {@link KnotProcess}, {@link NamedProcess}, {@link NsdProcess} and {@link
 * PdnsProcess}, and docs/interop.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrimaryInteropIT {
  private static final String ORIGIN = "primary.test.";
  private static final String KEY = "xfr";
  private static final String SECRET = "cHJpbWFyeS1pbnRlcm9wLXNlY3JldC1wcmltYXJ5LTE=";
  private static final TSIG TSIG_KEY = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);
  // a second key Tandem knows but that may not transfer the zone
  private static final String OTHER = "other";
  private static final String OTHER_SECRET = "b3RoZXIta2V5LW5vdC1hbGxvd2VkLXRvLXRyYW5zZmVy";
  private static final long FIRST_SERIAL = 2026010100;
  private static final int UPDATES = 100;

  @TempDir static Path dir;

  private static @Nullable TandemProcess tandem;
  private static final List<Secondary> secondaries = new ArrayList<>();
  private static Path data = Path.of("unset");

  /**
   * SOA refresh 1 hour: within the test's minutes a secondary gets a change by NOTIFY or not at
   * all. MX, TXT and a few names to transfer beside the NS set and its glue.
   */
  static String zoneText() {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN primary.test.
            $TTL 300
            @        SOA   ns-knot hostmaster %d 3600 600 1209600 300
            @        NS    ns-knot
            @        NS    ns-bind
            @        NS    ns-nsd
            @        NS    ns-pdns
            @        MX    10 mail
            @        TXT   "v=spf1 mx -all"
            ns-knot  A     127.0.0.2
            ns-bind  A     127.0.0.3
            ns-nsd   A     127.0.0.4
            ns-pdns  A     127.0.0.5
            mail     A     192.0.2.25
            www      A     192.0.2.80
            www      AAAA  2001:db8::80
            txt      TXT   "Mixed Case kept" "and a second string"
            """
                .formatted(FIRST_SERIAL));
    for (int i = 0; i < 20; i++) {
      z.append("host").append(i).append("  A  198.51.100.").append(i).append('\n');
    }
    return z.toString();
  }

  @BeforeAll
  static void startTandemAndItsSecondaries() throws Exception {
    data = dir.resolve("data");
    Path zoneFile = dir.resolve("primary.test.zone");
    Files.writeString(zoneFile, zoneText());
    int tandemPort = Peers.freePort();
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String name : Secondary.NAMES) {
      ports.put(name, Peers.freePort());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dns", "127.0.0.1:" + tandemPort,
                "--data", data.toString(),
                "--zone", ORIGIN + "=" + zoneFile,
                "--tsig", KEY + "=hmac-sha256:" + SECRET,
                "--tsig", OTHER + "=hmac-sha256:" + OTHER_SECRET,
                "--allow-transfer", ORIGIN + "=127.0.0.1@" + KEY,
                "--allow-update", ORIGIN + "=" + KEY));
    for (int port : ports.values()) {
      args.addAll(List.of("--notify", ORIGIN + "=127.0.0.1:" + port + "@" + KEY));
    }
    TandemProcess t = TandemProcess.serve(dir.resolve("tandem"), args.toArray(String[]::new));
    tandem = t;
    for (var e : ports.entrySet()) {
      long started = System.nanoTime();
      secondaries.add(
          Secondary.start(
              e.getKey(), dir.resolve(e.getKey()), e.getValue(), ORIGIN, t.port(), KEY, SECRET));
      System.out.printf(
          "PrimaryInteropIT: %s started and has the zone in %d ms%n",
          e.getKey(), (System.nanoTime() - started) / 1_000_000);
    }
  }

  @AfterAll
  static void stopAll() throws InterruptedException {
    for (Secondary s : secondaries) {
      s.close();
    }
    TandemProcess t = tandem;
    if (t != null) {
      t.close();
    }
  }

  @Test
  @Order(1)
  void firstTransferGivesEverySecondaryTandemsZone() throws Exception {
    long serial = Serials.of(tandem().port(), ORIGIN);
    assertThat(serial).as("Tandem serves the zone file's serial").isEqualTo(FIRST_SERIAL);
    awaitAll(serial, Duration.ofSeconds(30));
    List<String> zone = Secondary.axfr(tandem().port(), ORIGIN, TSIG_KEY);
    assertThat(zone).as("Tandem's AXFR").hasSize(35);
    for (Secondary s : secondaries) {
      assertThat(s.axfr(TSIG_KEY)).as(s + ": its AXFR").isEqualTo(zone);
    }
    Map<?, ?> status = zoneStatus();
    assertThat(status.get("kind")).isEqualTo("primary");
    assertThat(status.get("serial")).isEqualTo((double) serial);
  }

  @Test
  @Order(2)
  void aChangeThroughTheCommandLineReachesEverySecondaryByNotifyAndIxfr() throws Exception {
    long before = Serials.of(tandem().port(), ORIGIN);
    TandemProcess.Result added =
        TandemProcess.run(
            dir.resolve("cli"),
            "record",
            "add",
            "--data",
            data.toString(),
            ORIGIN,
            "cli." + ORIGIN,
            "300",
            "A",
            "192.0.2.53");
    assertThat(added.exitCode()).as("tandem record add:\n%s%s", added.out(), added.err()).isZero();
    long changed = System.nanoTime();
    long after = awaitNewSerial(tandem().port(), before, Duration.ofSeconds(10));
    assertThat(after).as("one change, one serial (increment)").isEqualTo(before + 1);

    Map<String, Long> ms = awaitAll(after, Duration.ofSeconds(10));
    System.out.printf(
        "PrimaryInteropIT: from 'tandem record add' returning to the new serial served: %s ms%n",
        ms.entrySet().stream()
            .map(e -> e.getKey() + " " + (e.getValue() - changed) / 1_000_000)
            .collect(Collectors.joining(", ")));
    List<String> zone = Secondary.axfr(tandem().port(), ORIGIN, TSIG_KEY);
    assertThat(zone)
        .contains(
            Record.fromString(name("cli"), Type.A, DClass.IN, 300, "192.0.2.53", null).toString());
    for (Secondary s : secondaries) {
      // PowerDNS 4.7 as a secondary does IXFR too, once the zone's IXFR metadata is 1 (it only
      // never SERVES IXFR incrementally, docs/interop.md)
      assertThat(s.fetchedByIxfr(after, Duration.ofSeconds(5)))
          .as("%s got serial %d by IXFR; its log:%n%s", s, after, s.logTail(30))
          .isTrue();
      assertThat(s.axfr(TSIG_KEY)).as(s + ": its AXFR").isEqualTo(zone);
    }
    TandemProcess.Result journal =
        TandemProcess.run(dir.resolve("cli"), "journal", ORIGIN, "--data", data.toString());
    assertThat(journal.exitCode())
        .as("tandem journal:\n%s%s", journal.out(), journal.err())
        .isZero();
    assertThat(journal.out()).contains(Long.toString(after));
    TandemProcess.Result status =
        TandemProcess.run(
            dir.resolve("cli"), "zone", "status", ORIGIN, "--json", "--data", data.toString());
    Object entry = Json.list(Json.parse(status.out().trim()), "zones").get(0);
    long acknowledged =
        Json.list(entry, "notified").stream()
            .filter(n -> "acknowledged".equals(Json.string(n, "state")))
            .filter(n -> ((Number) Json.member(n, "serial")).longValue() == after)
            .count();
    assertThat(acknowledged)
        .as("zone status: each secondary acknowledged the NOTIFY for %d:%n%s", after, status.out())
        .isGreaterThanOrEqualTo(secondaries.size());
  }

  @Test
  @Order(3)
  void aHundredSignedUpdatesBackToBackEndTheSameOnEverySecondary() throws Exception {
    long before = Serials.of(tandem().port(), ORIGIN);
    SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(tandem().port());
    resolver.setTCP(true);
    resolver.setTSIGKey(TSIG_KEY);
    resolver.setTimeout(Duration.ofSeconds(10));
    long first = System.nanoTime();
    for (int i = 0; i < UPDATES; i++) {
      Update update = update(i);
      Message response = resolver.send(update);
      assertThat(Rcode.string(response.getRcode()))
          .as("UPDATE %d:%n%s%nanswered%n%s", i, update, response)
          .isEqualTo("NOERROR");
      assertThat(response.isVerified()).as("UPDATE %d: the answer's TSIG verifies", i).isTrue();
    }
    long answered = System.nanoTime();
    long last = before + UPDATES; // one serial per UPDATE (increment)
    Serials.await(tandem().port(), ORIGIN, last, Duration.ofSeconds(5));

    Map<String, Long> at = awaitAll(last, Duration.ofSeconds(60));
    long all = at.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf(
        "PrimaryInteropIT: %d UPDATEs answered in %d ms; from the last answer to serial %d served"
            + " by all four secondaries: %d ms (%s)%n",
        UPDATES,
        (answered - first) / 1_000_000,
        last,
        (all - answered) / 1_000_000,
        at.entrySet().stream()
            .map(e -> e.getKey() + " " + (e.getValue() - answered) / 1_000_000)
            .collect(Collectors.joining(", ")));

    List<String> zone = Secondary.axfr(tandem().port(), ORIGIN, TSIG_KEY);
    // 36 records before; every 5 UPDATEs add 1 + 2 - 1 and the first apex TXT 1 more
    assertThat(zone).as("Tandem's AXFR").hasSize(36 + UPDATES / 5 * 2 + 1);
    assertThat(zone)
        .contains(
            Record.fromString(name("mail"), Type.A, DClass.IN, 300, "192.0.2.197", null).toString(),
            Record.fromString(zone(), Type.TXT, DClass.IN, 300, "\"apex 99\"", null).toString())
        .doesNotContain(
            Record.fromString(zone(), Type.TXT, DClass.IN, 300, "\"apex 94\"", null).toString())
        .noneMatch(l -> l.startsWith("u95." + ORIGIN));
    for (Secondary s : secondaries) {
      assertThat(s.axfr(TSIG_KEY)).as(s + ": its AXFR").isEqualTo(zone);
      // for the notes, not asserted: whether the last serial came incrementally
      System.out.printf(
          "PrimaryInteropIT: %s got serial %d by IXFR: %s%n",
          s.name(), last, s.fetchedByIxfr(last));
    }
  }

  @Test
  @Order(4)
  void aTransferWithoutAnAllowedKeyIsRefusedAndTransfersNothing() throws Exception {
    int port = tandem().port();
    // the positive control: the same query with the allowed key gets the zone
    List<Message> allowed = transferAttempt(port, Type.AXFR, TSIG_KEY);
    assertThat(allowed).isNotEmpty();
    assertThat(allowed.get(0).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(allowed)).isGreaterThan(30);

    Map<String, List<Message>> refused = new LinkedHashMap<>();
    refused.put("AXFR unsigned", transferAttempt(port, Type.AXFR, null));
    refused.put("IXFR unsigned", transferAttempt(port, Type.IXFR, null));
    refused.put(
        "AXFR signed with a key Tandem knows but not allowed to transfer",
        transferAttempt(port, Type.AXFR, new TSIG(TSIG.HMAC_SHA256, OTHER, OTHER_SECRET)));
    refused.put(
        "AXFR signed with a key Tandem does not know",
        transferAttempt(port, Type.AXFR, new TSIG(TSIG.HMAC_SHA256, "stranger", OTHER_SECRET)));
    refused.put(
        "AXFR signed with the allowed key's name and a wrong secret",
        transferAttempt(port, Type.AXFR, new TSIG(TSIG.HMAC_SHA256, KEY, OTHER_SECRET)));
    for (var e : refused.entrySet()) {
      List<Message> got = e.getValue();
      assertThat(got).as(e.getKey() + ": an answer").isNotEmpty();
      System.out.printf(
          "PrimaryInteropIT: %s: %s%n",
          e.getKey(),
          got.stream()
              .map(m -> Rcode.string(m.getRcode()) + tsigError(m))
              .collect(Collectors.joining(", ")));
      assertThat(Rcode.string(got.get(0).getRcode()))
          .as(e.getKey() + ": the rcode")
          .isIn("REFUSED", "NOTAUTH");
      assertThat(answers(got)).as(e.getKey() + ": records transferred").isZero();
    }
  }

  // --- the changes

  /**
   * The {@code i}th UPDATE: every one changes the zone (so each is one new serial), in turn a new
   * name, two new RRsets at one new name, an RRset replaced, a name deleted, an apex RRset changed.
   */
  static Update update(int i) throws IOException {
    Name zone = zone();
    Update u = new Update(zone);
    switch (i % 5) {
      case 0 -> u.add(name("u" + i), Type.A, 300, "198.51.100." + (100 + i));
      case 1 -> {
        u.add(name("u" + i), Type.TXT, 300, "\"update " + i + "\"");
        u.add(name("u" + i), Type.AAAA, 300, "2001:db8::" + Integer.toHexString(i));
      }
      case 2 -> u.replace(name("mail"), Type.A, 300, "192.0.2." + (100 + i));
      case 3 -> u.delete(name("u" + (i - 3)), Type.A, "198.51.100." + (100 + i - 3));
      default -> {
        u.add(zone, Type.TXT, 300, "\"apex " + i + "\"");
        if (i >= 5) {
          u.delete(zone, Type.TXT, "\"apex " + (i - 5) + "\"");
        }
      }
    }
    return u;
  }

  private static Name zone() throws IOException {
    return Name.fromString(ORIGIN);
  }

  private static Name name(String label) throws IOException {
    return Name.fromString(label + "." + ORIGIN);
  }

  // --- waiting and asking

  private static TandemProcess tandem() {
    TandemProcess t = tandem;
    if (t == null) {
      throw new IllegalStateException("Tandem did not start");
    }
    return t;
  }

  /**
   * Waits until every secondary serves {@code serial}; returns, by name, when each was first seen
   * doing so (System.nanoTime()). Fails listing the serials each served and the end of its log.
   */
  static Map<String, Long> awaitAll(long serial, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Map<String, Long> at = new LinkedHashMap<>();
    Map<String, List<Long>> seen = new LinkedHashMap<>();
    while (at.size() < secondaries.size()) {
      for (Secondary s : secondaries) {
        if (at.containsKey(s.name())) {
          continue;
        }
        long now = s.serial();
        if (now == serial) {
          at.put(s.name(), System.nanoTime());
        } else {
          List<Long> l = seen.computeIfAbsent(s.name(), k -> new ArrayList<>());
          if (l.isEmpty() || l.get(l.size() - 1) != now) {
            l.add(now);
          }
        }
      }
      if (System.nanoTime() > deadline) {
        StringBuilder why = new StringBuilder();
        for (Secondary s : secondaries) {
          if (!at.containsKey(s.name())) {
            why.append(s)
                .append(" served ")
                .append(seen.get(s.name()))
                .append("; its log:\n")
                .append(s.logTail(30))
                .append('\n');
          }
        }
        throw new AssertionError(
            "not every secondary reached serial " + serial + " within " + within + ":\n" + why);
      }
      Thread.sleep(5);
    }
    return at;
  }

  static long awaitNewSerial(int port, long before, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      long now = Serials.of(port, ORIGIN);
      if (now != before && now != -1) {
        return now;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("Tandem still serves serial " + before + " after " + within);
  }

  /** {@code tandem zone status ORIGIN --json}: this zone's entry. */
  static Map<?, ?> zoneStatus() throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(
            dir.resolve("cli"), "zone", "status", ORIGIN, "--json", "--data", data.toString());
    assertThat(r.exitCode()).as("tandem zone status:\n%s%s", r.out(), r.err()).isZero();
    for (Object z : Json.list(Json.parse(r.out()), "zones")) {
      if (ORIGIN.equals(Json.string(z, "zone"))) {
        return (Map<?, ?>) z;
      }
    }
    throw new AssertionError("no " + ORIGIN + " in the status:\n" + r.out());
  }

  /**
   * Sends one AXFR or IXFR (from serial 1) for the zone over TCP, signed with {@code key} or not,
   * and returns every message that comes back until the server closes the connection or is silent
   * for a second.
   */
  static List<Message> transferAttempt(int port, int type, @Nullable TSIG key) throws IOException {
    Name zone = Name.fromString(ORIGIN);
    Message query = Message.newQuery(Record.newRecord(zone, type, DClass.IN));
    if (type == Type.IXFR) {
      query.addRecord(
          new SOARecord(zone, DClass.IN, 0, Name.root, Name.root, 1, 0, 0, 0, 0),
          Section.AUTHORITY);
    }
    if (key != null) {
      query.setTSIG(key, Rcode.NOERROR, null);
    }
    byte[] wire = query.toWire(65535);
    List<Message> messages = new ArrayList<>();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      s.setSoTimeout(1000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (true) {
        byte[] m;
        try {
          m = new byte[in.readUnsignedShort()];
          in.readFully(m);
        } catch (EOFException | SocketTimeoutException e) {
          break;
        } catch (IOException e) {
          break; // reset by the server: what it sent before counts
        }
        messages.add(new Message(m));
      }
    }
    return messages;
  }

  /** " (TSIG error X)" when the message's TSIG record carries an error, else "". */
  private static String tsigError(Message m) {
    TSIGRecord t = m.getTSIG();
    return t == null || t.getError() == Rcode.NOERROR
        ? ""
        : " (TSIG error " + Rcode.TSIGstring(t.getError()) + ")";
  }

  private static int answers(List<Message> messages) {
    return messages.stream().mapToInt(m -> m.getSection(Section.ANSWER).size()).sum();
  }
}
