package dev.tandem.it;

import static dev.tandem.it.SecondaryInteropIT.awaitSerial;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 7314 along a chain: a secondary that transfers from another secondary learns, from the EDNS
 * EXPIRE option, how long the upstream copy has left, and expires when it does: not a full SOA
 * EXPIRE after its own transfer, and not sooner either. Everything is observed on the wire, timed
 * by the test: the EXPIRE option each server sends, and the moment each starts to answer SERVFAIL.
 */
class EdnsExpireIT {
  private static final String ORIGIN = "interop.test.";
  private static final String KEY = "xfr.interop.test.";
  private static final String SECRET = "c2VjcmV0LWludGVyb3Atc2VjcmV0LWludGVyb3AtMTI=";

  /**
   * The zone's SOA EXPIRE: long enough that the downstream, started 4 s after the upstream's
   * transfer, has its copy well before the upstream's expires, even on a slow machine; short enough
   * to watch both expire. REFRESH 3 and RETRY 1, as in {@link SecondaryInteropIT#zoneText}.
   */
  private static final long SOA_EXPIRE = 20;

  private static final int EXPIRE_OPTION = 9;

  /**
   * How far a measured time may lie from the expected one: the servers count whole seconds (RFC
   * 7314 section 2), and the test sees a transfer or an expiry up to a poll after it happened.
   */
  private static final double SLACK = 1.5;

  @Test
  void aSecondaryOfASecondaryExpiresWhenItsUpstreamDoes(@TempDir Path dir) throws Exception {
    String zone =
        SecondaryInteropIT.zoneText().replace(" 1 3 1 12 60", " 1 3 1 " + SOA_EXPIRE + " 60");
    assertThat(zone).contains("SOA  ns1 hostmaster 1 3 1 " + SOA_EXPIRE + " 60");
    int upstreamPort = Peers.freePort();
    try (KnotProcess primary =
        KnotProcess.startPrimary(dir.resolve("knot"), ORIGIN, zone, KEY, SECRET, upstreamPort)) {
      TandemProcess upstream =
          TandemProcess.serve(
              dir.resolve("up-run"),
              "--dns",
              "127.0.0.1:" + upstreamPort,
              "--data",
              dir.resolve("up").toString(),
              "--tsig",
              KEY + "=hmac-sha256:" + SECRET,
              "--secondary",
              ORIGIN + "=127.0.0.1:" + primary.port() + "@" + KEY,
              "--allow-transfer",
              ORIGIN + "=127.0.0.1@" + KEY);
      try {
        awaitSerial(upstream.port(), primary.serial(), Duration.ofSeconds(30));
        // The upstream's copy expires SOA EXPIRE after its transfer, which it has just made: from
        // now on it cannot refresh.
        double upstreamExpires = seconds() + SOA_EXPIRE;
        primary.stop();
        Thread.sleep(4_000);

        long upstreamLeft = expireOption(upstream.port());
        assertThat((double) upstreamLeft)
            .as("EXPIRE from the upstream, 4 s after its transfer")
            .isBetween(upstreamExpires - seconds() - SLACK, upstreamExpires - seconds() + SLACK);

        TandemProcess downstream =
            TandemProcess.serve(
                dir.resolve("down-run"),
                "--dns",
                "127.0.0.1:" + Peers.freePort(),
                "--data",
                dir.resolve("down").toString(),
                "--tsig",
                KEY + "=hmac-sha256:" + SECRET,
                "--secondary",
                ORIGIN + "=127.0.0.1:" + upstream.port() + "@" + KEY);
        try {
          awaitSerial(downstream.port(), 1, Duration.ofSeconds(30));
          double transferred = seconds();
          long downstreamLeft = expireOption(downstream.port());
          // Without the option the downstream copy would last a whole SOA EXPIRE from now.
          // Each side counts whole seconds (RFC 7314 carries whole seconds), so the downstream's
          // figure may be up to a second lower again than the upstream's.
          assertThat((double) downstreamLeft)
              .as("EXPIRE from the downstream right after its transfer")
              .isBetween(
                  upstreamExpires - seconds() - SLACK - 1, upstreamExpires - seconds() + SLACK)
              .isLessThan(SOA_EXPIRE - 4);

          double downstreamFails = firstServfail(downstream.port(), upstreamExpires + 5);
          assertThat(downstreamFails - transferred)
              .as("seconds the downstream served its copy before SERVFAIL")
              .isBetween(
                  upstreamExpires - transferred - SLACK, upstreamExpires - transferred + SLACK);
          // The downstream counts whole seconds from its last refresh, so it may go a little
          // before its upstream; never after.
          double upstreamFails = firstServfail(upstream.port(), upstreamExpires + 5);
          assertThat(upstreamFails - downstreamFails)
              .as("seconds from the downstream's SERVFAIL to the upstream's")
              .isBetween(0.0, SLACK);
        } finally {
          downstream.close();
        }
      } finally {
        upstream.close();
      }
    }
  }

  /** The test's clock, in seconds. */
  private static double seconds() {
    return System.nanoTime() / 1e9;
  }

  /** The EXPIRE option's value (RFC 7314 section 2) in the answer to an SOA query that asks. */
  private static long expireOption(int port) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(ORIGIN), Type.SOA, DClass.IN));
    q.addRecord(
        new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(EXPIRE_OPTION, new byte[0]))),
        Section.ADDITIONAL);
    try (DnsClient c = new DnsClient(port)) {
      Message r = c.udp(q);
      assertThat(r.getRcode()).as("SOA with EXPIRE\n%s", r).isEqualTo(Rcode.NOERROR);
      OPTRecord opt = r.getOPT();
      assertThat(opt).as("OPT in\n%s", r).isNotNull();
      List<EDNSOption> expire = opt.getOptions(EXPIRE_OPTION);
      assertThat(expire).as("EXPIRE option in\n%s", r).hasSize(1);
      // OPTION-CODE, OPTION-LENGTH 4, then the seconds (RFC 7314 section 2)
      byte[] v = expire.get(0).toWire();
      assertThat(v).as("EXPIRE option on the wire").hasSize(8);
      return ((v[4] & 0xffL) << 24) | ((v[5] & 0xff) << 16) | ((v[6] & 0xff) << 8) | (v[7] & 0xff);
    }
  }

  /**
   * Polls the SOA every 50 ms until the server answers SERVFAIL; returns when it first did (test
   * clock). Every answer before that must be the zone's SOA: the copy is served until it expires.
   */
  private static double firstServfail(int port, double giveUpAt) throws Exception {
    while (seconds() < giveUpAt) {
      Message r = soa(port);
      if (r.getRcode() == Rcode.SERVFAIL) {
        return seconds();
      }
      assertThat(r.getRcode()).as("before it expires\n%s", r).isEqualTo(Rcode.NOERROR);
      assertThat(r.getSection(Section.ANSWER)).as("before it expires\n%s", r).hasSize(1);
      Thread.sleep(50);
    }
    throw new AssertionError("127.0.0.1:" + port + " never answered SERVFAIL");
  }

  private static Message soa(int port) throws IOException {
    try (DnsClient c = new DnsClient(port)) {
      return c.udp(
          Message.newQuery(Record.newRecord(Name.fromString(ORIGIN), Type.SOA, DClass.IN)));
    }
  }
}
