package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zone transfers over TLS (RFC 9103) with the Debian 12 peers, on loopback, with certificates made
 * at test time. Tandem as primary: kdig (Knot's client) transfers with Knot's pin ({@code
 * +tls-pin}, what Knot's {@code cert-key} pins), and a BIND 9.18 secondary with strict
 * authentication (CA and name); a wrong pin is refused, and a plain-TCP transfer where the ACL
 * requires TLS is refused and said so in the history. Tandem as secondary of a BIND 9.18 primary
 * that requires a client certificate (mutual TLS): strict by CA and name, and by pin; a wrong pin,
 * an untrusted CA and a missing client certificate are refused, and the zone's status says why.
 * (Knot 3.2, Debian 12's, speaks no XFR-over-TLS: neither as primary nor as secondary; its TLS came
 * in 3.4. kdig 3.2 does, and stands in for it where it can.)
 */
class XotIT {
  private static final String KEY = "xfr";
  private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  private static final String API_KEY = "xot-test-key";
  private static final Pattern TLS = Pattern.compile("DNS over TLS on (\\S+):(\\d+)");
  private static final String ZONE =
      """
      $ORIGIN %1$s.
      $TTL 300
      @ SOA ns1.test. hostmaster 1 60 60 86400 60
      @ NS ns1.test.
      www A 192.0.2.1
      """;

  @TempDir Path dir;
  private TestCertificates certs;
  private TestNodes nodes;

  @BeforeEach
  void start() throws Exception {
    certs = TestCertificates.make(dir.resolve("certs"));
    nodes = new TestNodes(dir, KEY + "=hmac-sha256:" + SECRET);
  }

  @AfterEach
  void stop() throws InterruptedException {
    nodes.close();
  }

  /**
   * The TLS listener's port, from the line the server prints after "listening on", which {@link
   * TandemProcess#serve} waits for: the next line may not be written yet.
   */
  private static int tlsPort(TandemProcess t) throws Exception {
    Matcher m = TLS.matcher("");
    if (!Eventually.holds(Duration.ofSeconds(10), () -> m.reset(t.output()).find())) {
      throw new IllegalStateException("no TLS listener in the output:\n" + t.output());
    }
    return Integer.parseInt(m.group(2));
  }

  private static String kdig(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Peers.binary("kdig", "knot-dnsutils").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void tandemServesTransfersOverTlsToPinnedAndStrictSecondariesAndRefusesPlainTcp()
      throws Exception {
    Path zoneFile = dir.resolve("xot.test.zone");
    Files.writeString(zoneFile, ZONE.formatted("xot.test"));
    int bindPort = Peers.freePort();
    int http = Peers.freePort();
    TandemProcess primary =
        nodes.tandem(
            "primary",
            "--http",
            "127.0.0.1:" + http,
            "--api-key",
            API_KEY,
            "--tls",
            "127.0.0.1:0",
            "--tls-certificate",
            certs.serverCert().toString(),
            "--tls-key",
            certs.serverKey().toString(),
            "--zone",
            "xot.test=" + zoneFile,
            "--allow-transfer",
            "xot.test=127.0.0.1+tls@" + KEY,
            "--notify",
            "xot.test=127.0.0.1:" + bindPort + "@" + KEY);
    int tls = tlsPort(primary);
    String tsig = "hmac-sha256:" + KEY + ":" + SECRET;

    String pinned =
        kdig(
            "@127.0.0.1",
            "-p",
            "" + tls,
            "+tls",
            "+tls-pin=" + certs.serverPin(),
            "-y",
            tsig,
            "AXFR",
            "xot.test");
    assertThat(pinned).contains("www.xot.test.").contains("(TCP)");

    String wrongPin =
        kdig(
            "@127.0.0.1",
            "-p",
            "" + tls,
            "+tls",
            "+tls-pin=" + "A".repeat(43) + "=",
            "-y",
            tsig,
            "AXFR",
            "xot.test");
    assertThat(wrongPin).doesNotContain("www.xot.test.").containsIgnoringCase("handshake failed");

    String plain = kdig("@127.0.0.1", "-p", "" + primary.port(), "-y", tsig, "AXFR", "xot.test");
    assertThat(plain).doesNotContain("www.xot.test.").contains("REFUSED");
    TandemApi api = new TandemApi(http, API_KEY);
    List<?> history =
        (List<?>) Json.parse(api.expect(200, "GET", "/api/zones/xot.test/transfers", null));
    assertThat(Json.string(history.get(0), "result")).isEqualTo("refused");
    assertThat(Json.string(history.get(0), "error")).contains("key xfr.").contains("over TCP");
    assertThat(((Number) Json.member(api.status("xot.test"), "refusedTransfers")).longValue())
        .isEqualTo(1);

    // BIND 9.18 as secondary, strict: the CA and the name ns1.test
    Path bind = dir.resolve("bind-secondary");
    Files.createDirectories(bind);
    String key = "key \"%s\" { algorithm hmac-sha256; secret \"%s\"; };".formatted(KEY, SECRET);
    Files.writeString(
        bind.resolve("named.conf"),
        NamedProcess.options(bind, "listen-on port " + bindPort + " { 127.0.0.1; };\nnotify no;\n")
            + """
        %3$s
        tls tandem { ca-file "%4$s"; remote-hostname "ns1.test"; };
        zone "xot.test" { type secondary; file "%1$s/xot.bk";
          primaries { 127.0.0.1 port %5$d key "%6$s" tls tandem; };
          allow-notify { 127.0.0.1; }; };
        """
                .formatted(bind, bindPort, key, certs.ca(), tls, KEY));
    Path log = nodes.named(bind, bindPort, "xot.test");
    assertThat(Primary.readLog(log)).contains("transferred serial 1");

    api.expect(
        200,
        "POST",
        "/api/zones/xot.test/records",
        "{\"op\": \"replace\", \"name\": \"www\", \"ttl\": 300, \"type\": \"A\", \"rdata\": \"192.0.2.2\"}");
    Serials.await(bindPort, "xot.test.", 2, Duration.ofSeconds(10));
  }

  @Test
  void tandemTransfersFromBindOverMutualTlsAndSaysWhyWhenTheCertificateIsNotTheOneExpected()
      throws Exception {
    int bindPort = Peers.freePort();
    int bindTls = Peers.freePort();
    Path bind = dir.resolve("bind-primary");
    Files.createDirectories(bind);
    List<String> zones =
        List.of("byca.test", "bypin.test", "wrongpin.test", "otherca.test", "nocert.test");
    StringBuilder conf = new StringBuilder();
    for (String z : zones) {
      Files.writeString(bind.resolve(z + ".zone"), ZONE.formatted(z));
      conf.append(
          "zone \"%1$s\" { type primary; file \"%2$s/%1$s.zone\"; allow-transfer port %3$d transport tls { key \"%4$s\"; }; };\n"
              .formatted(z, bind, bindTls, KEY));
    }
    String key = "key \"%s\" { algorithm hmac-sha256; secret \"%s\"; };".formatted(KEY, SECRET);
    Files.writeString(
        bind.resolve("named.conf"),
        NamedProcess.options(
                bind,
                "listen-on port "
                    + bindPort
                    + " { 127.0.0.1; };\nlisten-on port "
                    + bindTls
                    + " tls srv { 127.0.0.1; };\nnotify no;\n")
            + """
        %4$s
        # ca-file: clients must show a certificate this CA signed (mutual TLS)
        tls srv { cert-file "%5$s"; key-file "%6$s"; ca-file "%7$s"; };
        %8$s"""
                .formatted(
                    bind,
                    bindPort,
                    bindTls,
                    key,
                    certs.serverCert(),
                    certs.serverKey(),
                    certs.ca(),
                    conf));
    Path log = nodes.named(bind, bindPort, "byca.test");

    String at = "127.0.0.1:" + bindTls;
    String client = ",cert=" + certs.clientCert() + ",key=" + certs.clientKey();
    int http = Peers.freePort();
    TandemProcess secondary =
        nodes.tandem(
            "secondary",
            "--http",
            "127.0.0.1:" + http,
            "--api-key",
            API_KEY,
            "--tls-auth",
            "ca=ca=" + certs.ca() + ",hostname=ns1.test" + client,
            "--tls-auth",
            "pin=pin=" + certs.serverPin() + client,
            "--tls-auth",
            "wrongpin=pin=" + "B".repeat(43) + "=" + client,
            "--tls-auth",
            "otherca=ca=" + certs.otherCa() + ",hostname=ns1.test" + client,
            "--tls-auth",
            "nocert=ca=" + certs.ca() + ",hostname=ns1.test",
            "--secondary",
            "byca.test=" + at + "+tls=ca@" + KEY,
            "--secondary",
            "bypin.test=" + at + "+tls=pin@" + KEY,
            "--secondary",
            "wrongpin.test=" + at + "+tls=wrongpin@" + KEY,
            "--secondary",
            "otherca.test=" + at + "+tls=otherca@" + KEY,
            "--secondary",
            "nocert.test=" + at + "+tls=nocert@" + KEY);
    Serials.await(secondary.port(), "byca.test.", 1, Duration.ofSeconds(15));
    Serials.await(secondary.port(), "bypin.test.", 1, Duration.ofSeconds(15));
    assertThat(Primary.readLog(log)).contains("transfer of 'byca.test/IN': AXFR ended");

    TandemApi api = new TandemApi(http, API_KEY);
    assertThat(lastError(api, "wrongpin.test"))
        .contains("certificate pin mismatch")
        .contains(certs.serverPin());
    assertThat(lastError(api, "otherca.test"))
        .contains("certificate not trusted")
        .contains("other-ca.pem");
    assertThat(lastError(api, "nocert.test")).containsIgnoringCase("client certificate");
    for (String z : List.of("wrongpin.test.", "otherca.test.", "nocert.test.")) {
      assertThat(Serials.of(secondary.port(), z)).as(z).isEqualTo(-1);
    }
  }

  /** The zone's last error once it has one (its first refresh may still be under way). */
  private static String lastError(TandemApi api, String zone) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Object error = Json.member(api.status(zone), "lastError");
      if (error instanceof String s) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(zone + " has no error: " + api.status(zone));
      }
      Thread.sleep(100);
    }
  }
}
