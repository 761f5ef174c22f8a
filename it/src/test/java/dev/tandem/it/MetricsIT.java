package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /metrics} counts, seen from outside: Tandem as the secondary of Knot (an AXFR, then
 * an IXFR after a change NOTIFYed to it), answering kdig's queries over UDP and TCP, and serving a
 * zone transfer to kdig (signed: sent; unsigned: refused by the transfer ACL).
 */
class MetricsIT {
  private static final String ORIGIN = "interop.test.";
  private static final String KEY = "xfr.interop.test.";
  private static final String SECRET = "c2VjcmV0LWludGVyb3Atc2VjcmV0LWludGVyb3AtMTI=";

  @Test
  void transfersQueriesAndNotifiesAreCounted(@TempDir Path dir) throws Exception {
    int tandemPort = Peers.freePort();
    int httpPort = Peers.freePort();
    try (Primary knot =
        Primary.start(
            "knotd",
            dir.resolve("knotd"),
            ORIGIN,
            SecondaryInteropIT.zoneText(),
            KEY,
            SECRET,
            tandemPort)) {
      String[] args = {
        "--dns", "127.0.0.1:" + tandemPort,
        "--data", dir.resolve("data").toString(),
        "--tsig", KEY + "=hmac-sha256:" + SECRET,
        "--secondary", ORIGIN + "=127.0.0.1:" + knot.port() + "@" + KEY,
        "--allow-transfer", ORIGIN + "=127.0.0.1@" + KEY,
        "--http", "127.0.0.1:" + httpPort
      };
      try (TandemProcess tandem = TandemProcess.serve(dir.resolve("run"), args)) {
        // An AXFR in (Tandem has nothing yet), then an IXFR in after a change Knot NOTIFYs.
        SecondaryInteropIT.awaitSerial(tandem.port(), knot.serial(), Duration.ofSeconds(30));
        knot.change("mail", "A", "192.0.2.80");
        SecondaryInteropIT.awaitSerial(tandem.port(), knot.serial(), Duration.ofSeconds(20));

        String before = SecondaryInteropIT.metrics(httpPort);
        int port = tandem.port();
        kdig(port, "mail." + ORIGIN, "A");
        kdig(port, "mail." + ORIGIN, "A", "+tcp");
        kdig(port, "mail." + ORIGIN, "AAAA"); // NODATA: NOERROR
        kdig(port, "nothing." + ORIGIN, "A"); // NXDOMAIN
        kdig(port, "www.example.", "MX"); // not a zone here: REFUSED
        String signed = kdig(port, ORIGIN, "AXFR", "-y", "hmac-sha256:" + KEY + ":" + SECRET);
        assertThat(signed).contains("mail." + ORIGIN).contains("192.0.2.80");
        kdig(port, ORIGIN, "AXFR"); // unsigned: refused by the transfer ACL

        String after = awaitMetrics(httpPort, "tandem_transfers_total", out("AXFR", "ok"), 1);
        assertThat(counter(after, "tandem_transfers_total", in("AXFR", "ok"))).isEqualTo(1);
        assertThat(counter(after, "tandem_transfers_total", in("IXFR", "ok"))).isEqualTo(1);
        assertThat(counter(after, "tandem_transfers_total", in("AXFR", "failed"))).isZero();
        assertThat(counter(after, "tandem_transfers_total", out("AXFR", "ok"))).isEqualTo(1);
        assertThat(counter(after, "tandem_notify_received_total", "result=\"accepted\""))
            .isGreaterThanOrEqualTo(1);

        assertThat(delta(before, after, "tandem_queries_total", rcode("NOERROR", "udp")))
            .isEqualTo(2); // mail A, mail AAAA
        assertThat(delta(before, after, "tandem_queries_total", rcode("NOERROR", "tcp")))
            .isEqualTo(2); // mail A over TCP, the signed AXFR (one response, however long)
        assertThat(delta(before, after, "tandem_queries_total", rcode("NXDOMAIN", "udp")))
            .isEqualTo(1);
        assertThat(delta(before, after, "tandem_queries_total", rcode("REFUSED", "udp")))
            .isEqualTo(1);
        assertThat(delta(before, after, "tandem_queries_total", rcode("REFUSED", "tcp")))
            .isEqualTo(1); // the unsigned AXFR
        assertThat(delta(before, after, "tandem_queries_by_type_total", "type=\"A\"")).isEqualTo(3);
        assertThat(delta(before, after, "tandem_queries_by_type_total", "type=\"AAAA\""))
            .isEqualTo(1);
        assertThat(delta(before, after, "tandem_queries_by_type_total", "type=\"MX\""))
            .isEqualTo(1);
        assertThat(delta(before, after, "tandem_queries_by_type_total", "type=\"AXFR\""))
            .isEqualTo(2);
      }
    }
  }

  private static String in(String type, String result) {
    return "direction=\"in\",result=\"" + result + "\",type=\"" + type + "\"";
  }

  private static String out(String type, String result) {
    return "direction=\"out\",result=\"" + result + "\",type=\"" + type + "\"";
  }

  private static String rcode(String rcode, String transport) {
    return "rcode=\"" + rcode + "\",transport=\"" + transport + "\"";
  }

  /** Runs kdig against Tandem (UDP unless told otherwise) and returns what it printed. */
  private static String kdig(int port, String name, String type, String... more)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("kdig", "knot-dnsutils").toString());
    cmd.add("@127.0.0.1");
    cmd.add("-p");
    cmd.add(Integer.toString(port));
    cmd.addAll(List.of(more));
    cmd.add("+norec");
    cmd.add("+timeout=5");
    cmd.add("+retry=0");
    cmd.add(name);
    cmd.add(type);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * The metrics once the counter {@code name{labels}} reaches {@code at least} (a transfer out is
   * counted when its last message is written, which may be just after kdig has read it).
   */
  private static String awaitMetrics(int httpPort, String name, String labels, long atLeast)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      String m = SecondaryInteropIT.metrics(httpPort);
      if (counter(m, name, labels) >= atLeast || System.nanoTime() > deadline) {
        return m;
      }
      Thread.sleep(50);
    }
  }

  private static long delta(String before, String after, String name, String labels) {
    return counter(after, name, labels) - counter(before, name, labels);
  }

  /** A counter's value in Prometheus text format: the line {@code name{labels} value}. */
  static long counter(String metrics, String name, String labels) {
    String prefix = name + "{" + labels + "} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> (long) Double.parseDouble(l.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + "in /metrics:\n" + metrics));
  }
}
