package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Tandem as the secondary of each real primary from Debian: BIND 9, Knot, NSD and PowerDNS, with
 * TSIG hmac-sha256, on loopback. One walk per primary, in the order an operator lives it: first
 * transfer (with the first configured primary down, so failover is part of it), a change on the
 * primary reaching Tandem by NOTIFY, the primary going away, Tandem restarting without it, the zone
 * expiring, and the primary coming back.
 */
class SecondaryInteropIT {
  private static final String ORIGIN = "interop.test.";
  private static final String KEY = "xfr.interop.test.";
  private static final String SECRET = "c2VjcmV0LWludGVyb3Atc2VjcmV0LWludGVyb3AtMTI=";
  private static final TSIG TSIG_KEY = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);

  /** Refresh 3 s, retry 1 s, expire 12 s: short enough to watch EXPIRE pass in a test. */
  static String zoneText() {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN interop.test.
            $TTL 300
            @        SOA  ns1 hostmaster 1 3 1 12 60
            @        NS   ns1
            @        NS   ns2
            @        MX   10 mail
            ns1      A    192.0.2.1
            ns2      A    192.0.2.2
            mail     A    192.0.2.25
            www      CNAME mail
            txt      TXT  "v=spf1 -all"
            """);
    for (int i = 0; i < 50; i++) {
      z.append("host").append(i).append(" A 198.51.100.").append(i).append('\n');
    }
    return z.toString();
  }

  @ParameterizedTest(name = "{0} as primary")
  @ValueSource(strings = {"named", "knotd", "nsd", "pdns"})
  void followsARealPrimaryThroughChangeOutageExpiryAndReturn(String peer, @TempDir Path dir)
      throws Exception {
    int tandemPort = Peers.freePort();
    int deadPort = Peers.freePort(); // the first primary: nothing listens there
    Path data = dir.resolve("tandem");
    int httpPort = Peers.freePort();
    try (Primary primary =
        Primary.start(peer, dir.resolve(peer), ORIGIN, zoneText(), KEY, SECRET, tandemPort)) {
      String[] args = {
        "--dns", "127.0.0.1:" + tandemPort,
        "--data", data.toString(),
        "--tsig", KEY + "=hmac-sha256:" + SECRET,
        "--secondary",
            ORIGIN + "=127.0.0.1:" + deadPort + ",127.0.0.1:" + primary.port() + "@" + KEY,
        "--allow-transfer", ORIGIN + "=127.0.0.1@" + KEY,
        "--http", "127.0.0.1:" + httpPort
      };
      TandemProcess tandem = TandemProcess.serve(dir.resolve("run1"), args);
      long after;
      try {
        // 1. First transfer (the dead first primary is skipped): Tandem's zone equals the
        // primary's.
        awaitSerial(tandem.port(), primary.serial(), Duration.ofSeconds(30));
        assertThat(axfr(tandem.port())).isEqualTo(axfr(primary.port()));

        // 2. A change on the primary reaches Tandem by NOTIFY; by IXFR where the primary offers it.
        long before = primary.serial();
        long changed = System.nanoTime();
        primary.change("mail", "A", "192.0.2.80");
        after = primary.serial();
        assertThat(after).isGreaterThan(before);
        awaitSerial(tandem.port(), after, Duration.ofSeconds(20));
        long ms = (System.nanoTime() - changed) / 1_000_000;
        System.out.printf(
            "%s: change on the primary to served by Tandem in %d ms (includes the primary's own"
                + " commit)%n",
            peer, ms);
        assertThat(axfr(tandem.port())).isEqualTo(axfr(primary.port()));
        String metrics = metrics(httpPort);
        assertThat(gauge(metrics, "tandem_zone_serial")).isEqualTo((double) after);
        assertThat(gauge(metrics, "tandem_zone_expired")).isEqualTo(0.0);
        if (!peer.equals("pdns")) { // PowerDNS never answers IXFR incrementally
          assertThat(primary.servedIxfr()).as(peer + " served an IXFR (its log)").isTrue();
        }

        // 3. Primary down: Tandem keeps serving.
        primary.stop();
        assertThat(soaSerial(tandem.port())).isEqualTo(after);
      } finally {
        tandem.close();
      }

      // ... and after a restart with the primary still down, serves at once from disk.
      tandem = TandemProcess.serve(dir.resolve("run2"), args);
      try {
        assertThat(soaSerial(tandem.port())).as("served right after start").isEqualTo(after);
        // The SOA's EXPIRE (12 s) passes, counted from the last refresh: SERVFAIL.
        awaitRcode(tandem.port(), Rcode.SERVFAIL, Duration.ofSeconds(30));
        String status =
            TandemProcess.run(dir, "zone", "status", ORIGIN, "--json", "--data", data.toString())
                .out();
        assertThat(status).contains("\"state\":\"expired\"");
        assertThat(status).contains("\"lastError\":\"");

        // Primary back: Tandem recovers.
        primary.restart();
        awaitSerial(tandem.port(), primary.serial(), Duration.ofSeconds(30));
        assertThat(axfr(tandem.port())).isEqualTo(axfr(primary.port()));
      } finally {
        tandem.close();
      }
    }
  }

  static String metrics(int port) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var response =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of a per-zone gauge for the test zone in Prometheus text format. */
  static double gauge(String metrics, String name) {
    return gauge(metrics, name, ORIGIN);
  }

  /** The value of a per-zone gauge for {@code zone} in Prometheus text format. */
  static double gauge(String metrics, String name, Object zone) {
    String prefix = name + "{zone=\"" + zone + "\"";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in /metrics:\n" + metrics));
  }

  /** The zone as sorted presentation lines, by AXFR with the test key. */
  static TreeSet<String> axfr(int port) throws Exception {
    ZoneTransferIn xfr =
        ZoneTransferIn.newAXFR(Name.fromString(ORIGIN), "127.0.0.1", port, TSIG_KEY);
    xfr.setTimeout(Duration.ofSeconds(20));
    xfr.run();
    TreeSet<String> lines = new TreeSet<>();
    for (Record r : xfr.getAXFR()) {
      lines.add(r.toString().toLowerCase(java.util.Locale.ROOT));
    }
    return lines;
  }

  static long soaSerial(int port) throws IOException {
    return Serials.of(port, ORIGIN);
  }

  static void awaitSerial(int port, long serial, Duration within) throws Exception {
    Serials.await(port, ORIGIN, serial, within);
  }

  static void awaitRcode(int port, int rcode, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try (DnsClient c = new DnsClient(port)) {
        last =
            c.udp(Message.newQuery(Record.newRecord(Name.fromString(ORIGIN), Type.SOA, 1)))
                .getRcode();
      }
      if (last == rcode) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "Tandem did not answer " + Rcode.string(rcode) + "; last " + Rcode.string(last));
  }
}
