package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A zone with one RRset larger than a DNS message (issue 14): 300 TXT records of 255 bytes at one
 * name, 80 KB. Tandem, its primary, serves the zone file with a warning; knotd, its secondary,
 * takes it by AXFR (the RRset split across messages, RFC 5936) and then, when every one of the 300
 * records changes, by IXFR (the 600 records of the change split too), and serves what Tandem
 * serves. Before the AXFR split, knotd failed with "malformed data".
 */
class LargeRrsetKnotIT {
  private static final String ORIGIN = "large.test.";
  private static final String KEY = "xfr";
  private static final String SECRET = "bGFyZ2UtcnJzZXQta25vdC1pdC1zZWNyZXQtMDEyMzQ=";
  private static final TSIG TSIG_KEY = new TSIG(TSIG.HMAC_SHA256, KEY, SECRET);

  /** The zone at {@code serial}, its 300 TXT records at big.large.test. marked {@code version}. */
  private static String zone(long serial, char version) {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN large.test.
            $TTL 300
            @    SOA ns1 hostmaster %d 3600 600 1209600 300
            @    NS  ns1
            ns1  A   127.0.0.1
            www  A   192.0.2.80
            """
                .formatted(serial));
    String filler = String.valueOf(version).repeat(250);
    for (int i = 0; i < 300; i++) {
      z.append("big TXT \"").append(String.format("%05d", i)).append(filler).append("\"\n");
    }
    return z.toString();
  }

  /** The TXT strings of big.large.test. at {@code version}, as zone files and knotc write them. */
  private static List<String> expected(char version) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      out.add("\"" + String.format("%05d", i) + String.valueOf(version).repeat(250) + "\"");
    }
    return out;
  }

  /** What knotd holds at big.large.test.: the TXT strings, from knotc zone-read. */
  private static List<String> heldBy(KnotProcess knot) throws Exception {
    return knot.zoneRead("big", "TXT").stream()
        .map(l -> l.substring(l.indexOf(" TXT ") + 5).trim())
        .sorted()
        .toList();
  }

  /** The RCODE a server answers over TCP to a query for the large RRset. */
  private static String tcpRcode(int port) throws Exception {
    try (DnsClient c = new DnsClient(port)) {
      Message q =
          Message.newQuery(Record.newRecord(Name.fromString("big." + ORIGIN), Type.TXT, DClass.IN));
      return Rcode.string(c.tcp(q).getRcode());
    }
  }

  @Test
  void knotTakesAnRrsetLargerThanAMessageByAxfrAndByIxfr(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("large.test.zone");
    Files.writeString(file, zone(1, 'a'));
    int knotPort = Peers.freePort();
    try (TandemProcess tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            "127.0.0.1:0",
            "--threads",
            "1",
            "--data",
            dir.resolve("data").toString(),
            "--zone",
            ORIGIN + "=" + file,
            "--tsig",
            KEY + "=hmac-sha256:" + SECRET,
            "--allow-transfer",
            ORIGIN + "=127.0.0.1@" + KEY,
            "--notify",
            ORIGIN + "=127.0.0.1:" + knotPort + "@" + KEY)) {
      assertThat(tandem.output()).contains("the TXT RRset at big.large.test. takes 80400 bytes");
      assertThat(Secondary.axfr(tandem.port(), ORIGIN, TSIG_KEY)).hasSize(304);
      try (KnotProcess knot =
          KnotProcess.startSecondary(
              dir.resolve("knot"), knotPort, ORIGIN, tandem.port(), KEY, SECRET)) {
        Serials.await(knotPort, ORIGIN, 1, Duration.ofSeconds(30));
        // Said by knotd's log, which may lag its answers: "not by IXFR" would hold of a log
        // that does not tell yet.
        String axfrIn = "[" + knot.origin() + ".] AXFR, incoming, ";
        assertThat(
                Eventually.holds(
                    Duration.ofSeconds(5),
                    () ->
                        Primary.logLines(knot.log()).stream()
                            .anyMatch(l -> l.contains(axfrIn) && l.contains(", finished"))))
            .as("the first transfer is an AXFR:\n%s", Primary.readLog(knot.log()))
            .isTrue();
        assertThat(heldBy(knot))
            .as("knotd's copy after the AXFR:\n%s", Primary.readLog(knot.log()))
            .isEqualTo(expected('a'));

        Files.writeString(file, zone(2, 'b')); // every one of the 300 records changes
        tandem.signal("HUP");
        try {
          Serials.await(knotPort, ORIGIN, 2, Duration.ofSeconds(30));
        } catch (AssertionError e) {
          throw new AssertionError(
              e.getMessage()
                  + "\nTandem's log:\n"
                  + tandem.output()
                  + "\nknotd's log:\n"
                  + Primary.readLog(knot.log()),
              e);
        }

        assertThat(Eventually.holds(Duration.ofSeconds(5), () -> knot.fetchedByIxfr(2)))
            .as("by IXFR:\n%s", Primary.readLog(knot.log()))
            .isTrue();
        assertThat(heldBy(knot)).as("knotd's copy after the IXFR").isEqualTo(expected('b'));
        assertThat(tcpRcode(tandem.port()))
            .as("no message can carry the answer: Tandem, as knotd")
            .isEqualTo(tcpRcode(knotPort))
            .isEqualTo("SERVFAIL");
      }
    }
  }
}
