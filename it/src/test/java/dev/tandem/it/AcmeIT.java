package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Real ACME DNS-01 clients getting real certificates from pebble (Let's Encrypt's test CA), with
 * Tandem as the authoritative server pebble validates against: lego through the PowerDNS-compatible
 * API ({@code --dns pdns}), lego through RFC 2136 UPDATE with TSIG ({@code --dns rfc2136}), and
 * certbot's dns-rfc2136 plugin. Each run ends with a certificate for the name asked, and with the
 * {@code _acme-challenge} TXT removed again by the client.
 *
 * <p>Needs the Debian packages lego, pebble, certbot, python3-certbot-dns-rfc2136 and openssl
 * (.ci/run installs them). The zones and the TSIG key are made through Tandem's APIs: {@code
 * acme.test.} with the PowerDNS-compatible one, as a PowerDNS client would; the TSIG key with its
 * {@code tsigkeys}; {@code dyn.test.}, which takes UPDATEs signed with that key, with Tandem's own
 * REST API.
 */
class AcmeIT {
  private static final String API_KEY = "acme-it-" + UUID.randomUUID();
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static @Nullable TandemProcess tandem;
  private static @Nullable Process pebble;
  private static int dnsPort;
  private static int httpPort;
  private static int acmePort;
  private static Path ca = Path.of("unset");
  private static String tsigSecret = "";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Peers.binary("lego", "lego");
    Peers.binary("pebble", "pebble");
    Peers.binary("certbot", "certbot");
    Peers.binary("openssl", "openssl");
    dnsPort = Peers.freePort();
    httpPort = Peers.freePort();
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            "127.0.0.1:" + dnsPort,
            "--data",
            dir.resolve("data").toString(),
            "--threads",
            "1",
            "--http",
            "127.0.0.1:" + httpPort,
            "--api-key",
            API_KEY);
    startPebble();
    makeZonesAndKey();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Process p = pebble;
    if (p != null) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    TandemProcess t = tandem;
    if (t != null) {
      t.close();
    }
  }

  // ---- the CA ----

  /** pebble on loopback high ports, its HTTPS certificate from a CA made here for the clients. */
  private static void startPebble() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("pebble"));
    ca = certs.resolve("ca.pem");
    openssl(
        certs,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Tandem AcmeIT CA");
    openssl(
        certs,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost");
    Files.writeString(
        certs.resolve("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
            + "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
    openssl(
        certs,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "cert.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf");
    acmePort = Peers.freePort();
    Path config = certs.resolve("pebble.json");
    Files.writeString(
        config,
        "{\"pebble\": {\"listenAddress\": \"127.0.0.1:"
            + acmePort
            + "\", \"managementListenAddress\": \"127.0.0.1:"
            + Peers.freePort()
            + "\", \"certificate\": \"cert.pem\", \"privateKey\": \"key.pem\", \"httpPort\": "
            + Peers.freePort()
            + ", \"tlsPort\": "
            + Peers.freePort()
            + ", \"ocspResponderURL\": \"\", \"externalAccountBindingRequired\": false}}\n");
    Path log = certs.resolve("pebble.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Peers.binary("pebble", "pebble").toString(),
                "-config",
                config.toString(),
                "-dnsserver",
                "127.0.0.1:" + dnsPort)
            .directory(certs.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
    pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
    Process p = pb.start();
    pebble = p;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains("ACME directory available at") && canConnect(acmePort)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("pebble exited:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("pebble did not start:\n" + Files.readString(log));
  }

  private static boolean canConnect(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void openssl(Path in, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Peers.binary("openssl", "openssl").toString()));
    cmd.addAll(List.of(args));
    Run r = run(in, Map.of(), Duration.ofSeconds(30), cmd);
    if (r.exit() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + ":\n" + r.output());
    }
  }

  private static String directory() {
    return "https://127.0.0.1:" + acmePort + "/dir";
  }

  // ---- Tandem's APIs ----

  private static String api(String method, String path, @Nullable String body, int expected)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .header("X-API-Key", API_KEY)
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + " → " + r.body()).isEqualTo(expected);
    return r.body();
  }

  private static void makeZonesAndKey() throws Exception {
    // As a PowerDNS client would: the PowerDNS-compatible API, RRsets given, SOA made by the
    // server.
    api(
        "POST",
        "/api/v1/servers/localhost/zones",
        """
        {"name": "acme.test.", "kind": "Native", "masters": [], "nameservers": [],
         "rrsets": [
           {"name": "acme.test.", "type": "NS", "ttl": 3600,
            "records": [{"content": "ns1.acme.test.", "disabled": false}]},
           {"name": "ns1.acme.test.", "type": "A", "ttl": 3600,
            "records": [{"content": "127.0.0.1", "disabled": false}]},
           {"name": "www.acme.test.", "type": "A", "ttl": 300,
            "records": [{"content": "192.0.2.80", "disabled": false}]}]}
        """,
        201);
    Object key =
        Json.parse(
            api(
                "POST",
                "/api/v1/servers/localhost/tsigkeys",
                "{\"name\": \"acme-key\", \"algorithm\": \"hmac-sha256\"}",
                201));
    tsigSecret = Json.string(key, "key");
    assertThat(Json.string(key, "id")).isEqualTo("acme-key.");
    // Tandem's own API: a zone taking TXT UPDATEs signed with acme-key, anywhere in it.
    api(
        "POST",
        "/api/zones",
        """
        {"zone": "dyn.test.", "kind": "primary", "nameservers": ["ns1.example.net."],
         "allowUpdate": ["acme-key:dyn.test.:TXT"]}
        """,
        201);
  }

  private static long serial(String zone) throws Exception {
    Object z = Json.parse(api("GET", "/api/v1/servers/localhost/zones/" + zone, null, 200));
    return ((Number) Json.member(z, "serial")).longValue();
  }

  /** The TXT strings served at {@code name}, asked over UDP as a resolver would. */
  private static List<String> txt(String name) throws Exception {
    try (DnsClient c = new DnsClient(dnsPort)) {
      Message m = c.udp(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, 1)));
      assertThat(m.getRcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
      List<String> out = new ArrayList<>();
      for (Record r : m.getSection(Section.ANSWER)) {
        out.add(r.rdataToString());
      }
      return out;
    }
  }

  // ---- the clients ----

  /** A finished command: exit code and output (stdout and stderr together). */
  private record Run(int exit, String output, long millis) {}

  private static Run run(Path workDir, Map<String, String> env, Duration timeout, List<String> cmd)
      throws Exception {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "run", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          String.join(" ", cmd) + " did not finish in " + timeout + ":\n" + Files.readString(out));
    }
    return new Run(
        p.exitValue(),
        Files.readString(out),
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  private static List<String> lego(Path path, String provider, String domain) {
    return List.of(
        Peers.binary("lego", "lego").toString(),
        "--server",
        directory(),
        "--email",
        "it@acme.test",
        "--accept-tos",
        "--dns",
        provider,
        // lego asks these for the zone (SOA) and for the TXT once it is set
        "--dns.resolvers",
        "127.0.0.1:" + dnsPort,
        // ... and would then ask the zone's NS names on port 53: not here.
        "--dns.disable-cp",
        "--dns-timeout",
        "5",
        "-d",
        domain,
        "--path",
        path.toString(),
        "run");
  }

  /** The certificate's DNS names (subjectAltName), read from the PEM file. */
  private static List<String> sans(Path pem) throws Exception {
    assertThat(pem).exists();
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate cert = (X509Certificate) f.generateCertificate(in);
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          if (((Integer) n.get(0)) == 2) { // dNSName
            out.add((String) n.get(1));
          }
        }
      }
    }
    return out;
  }

  private static String openSslText(Path pem) throws Exception {
    Run r =
        run(
            dir,
            Map.of(),
            Duration.ofSeconds(30),
            List.of(
                Peers.binary("openssl", "openssl").toString(),
                "x509",
                "-in",
                pem.toString(),
                "-noout",
                "-ext",
                "subjectAltName"));
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output();
  }

  @Test
  void legoGetsACertificateThroughThePowerDnsApi() throws Exception {
    long before = serial("acme.test.");
    Path path = dir.resolve("lego-pdns");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LEGO_CA_CERTIFICATES", ca.toString());
    env.put("PDNS_API_URL", "http://127.0.0.1:" + httpPort);
    env.put("PDNS_API_KEY", API_KEY);
    env.put("PDNS_PROPAGATION_TIMEOUT", "30");
    env.put("PDNS_POLLING_INTERVAL", "1");
    env.put("PDNS_TTL", "60");
    Run r = run(path, env, CLIENT_TIMEOUT, lego(path, "pdns", "www.acme.test"));
    System.out.println("lego --dns pdns: " + r.millis() + " ms");
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = path.resolve("certificates/www.acme.test.crt");
    assertThat(sans(cert)).containsExactly("www.acme.test");
    assertThat(openSslText(cert)).contains("DNS:www.acme.test");
    // lego removed its TXT through the API again (PATCH DELETE), each change a new serial.
    assertThat(txt("_acme-challenge.www.acme.test.")).isEmpty();
    assertThat(api("GET", "/api/v1/servers/localhost/zones/acme.test.", null, 200))
        .doesNotContain("_acme-challenge");
    assertThat(serial("acme.test.")).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void legoGetsACertificateThroughRfc2136UpdatesSignedWithTsig() throws Exception {
    long before = serial("dyn.test.");
    Path path = dir.resolve("lego-rfc2136");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LEGO_CA_CERTIFICATES", ca.toString());
    env.put("RFC2136_NAMESERVER", "127.0.0.1:" + dnsPort);
    env.put("RFC2136_TSIG_KEY", "acme-key");
    env.put("RFC2136_TSIG_SECRET", tsigSecret);
    env.put("RFC2136_TSIG_ALGORITHM", "hmac-sha256.");
    env.put("RFC2136_PROPAGATION_TIMEOUT", "30");
    env.put("RFC2136_POLLING_INTERVAL", "1");
    env.put("RFC2136_TTL", "60");
    Run r = run(path, env, CLIENT_TIMEOUT, lego(path, "rfc2136", "rfc.dyn.test"));
    System.out.println("lego --dns rfc2136: " + r.millis() + " ms");
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = path.resolve("certificates/rfc.dyn.test.crt");
    assertThat(sans(cert)).containsExactly("rfc.dyn.test");
    assertThat(openSslText(cert)).contains("DNS:rfc.dyn.test");
    assertThat(txt("_acme-challenge.rfc.dyn.test.")).isEmpty();
    assertThat(serial("dyn.test.")).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void certbotGetsACertificateThroughRfc2136UpdatesSignedWithTsig() throws Exception {
    Peers.binary("certbot", "certbot python3-certbot-dns-rfc2136");
    long before = serial("dyn.test.");
    Path work = Files.createDirectories(dir.resolve("certbot"));
    Path credentials = work.resolve("rfc2136.ini");
    Files.writeString(
        credentials,
        "dns_rfc2136_server = 127.0.0.1\n"
            + "dns_rfc2136_port = "
            + dnsPort
            + "\n"
            + "dns_rfc2136_name = acme-key.\n"
            + "dns_rfc2136_secret = "
            + tsigSecret
            + "\n"
            + "dns_rfc2136_algorithm = HMAC-SHA256\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REQUESTS_CA_BUNDLE", ca.toString());
    Run r =
        run(
            work,
            env,
            CLIENT_TIMEOUT,
            List.of(
                Peers.binary("certbot", "certbot").toString(),
                "certonly",
                "--non-interactive",
                "--agree-tos",
                "--no-eff-email",
                "--email",
                "it@dyn.test",
                "--server",
                directory(),
                "--dns-rfc2136",
                "--dns-rfc2136-credentials",
                credentials.toString(),
                "--dns-rfc2136-propagation-seconds",
                "1",
                "-d",
                "mail.dyn.test",
                "--config-dir",
                work.resolve("config").toString(),
                "--work-dir",
                work.resolve("work").toString(),
                "--logs-dir",
                work.resolve("logs").toString()));
    System.out.println("certbot --dns-rfc2136: " + r.millis() + " ms");
    assertThat(r.exit()).as(r.output()).isZero();
    Path cert = work.resolve("config/live/mail.dyn.test/cert.pem");
    assertThat(sans(cert)).containsExactly("mail.dyn.test");
    assertThat(openSslText(cert)).contains("DNS:mail.dyn.test");
    assertThat(txt("_acme-challenge.mail.dyn.test.")).isEmpty();
    assertThat(serial("dyn.test.")).isGreaterThanOrEqualTo(before + 2);
  }
}
