package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tandem's cross-provider checks in a small internet on loopback ({@link LoopbackInternet}): a
 * root, the TLD {@code test.}, provider A's BIND primary, provider B's Tandem (a secondary of A)
 * and knotd (a secondary of Tandem), resolution from {@code --root-hints}. Each scenario drives a
 * real server into trouble and asserts what {@code GET /api/zones/{zone}/consistency} (or {@code
 * tandem zone check --json}) says, and what the {@code --alert-webhook} receiver got, HMAC-checked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsistencyIT {
  private static final String KEY = "consistency-it-key";
  private static final byte[] SECRET =
      "webhook-secret-for-the-test".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path dir;
  static LoopbackInternet net;
  static TandemProcess tandem;
  static WebhookReceiver hook;
  static int httpPort;

  @BeforeAll
  static void buildTheInternet() throws Exception {
    dir = Files.createTempDirectory("consistency-it");
    net = new LoopbackInternet(dir.resolve("net"));
    hook = new WebhookReceiver(SECRET);

    net.startRoot();
    net.startTld(net.tldZone(1, delegations(true)));
    net.addAddress();
    Map<String, String> atA = new LinkedHashMap<>();
    atA.put("example.test.", zone("example.test.", 1, ALL_NS, "www 300 A 192.0.2.80\n"));
    atA.put("lame.test.", zone("lame.test.", 1, ALL_NS, ""));
    atA.put("nsset.test.", zone("nsset.test.", 1, "@ 3600 NS ns1.provider-a.test.\n", ""));
    atA.put("reset1.test.", zone("reset1.test.", 2026120101, TWO_NS, ""));
    atA.put("reset2.test.", zone("reset2.test.", 2026120101, TWO_NS, ""));
    atA.put("deleg.test.", zone("deleg.test.", 1, TWO_NS, ""));
    Path signing = Files.createDirectories(dir.resolve("signing"));
    Path unsigned = signing.resolve("signed.test.zone");
    Files.writeString(unsigned, zone("signed.test.", 1, TWO_NS, "www 300 A 192.0.2.80\n"));
    String key = ldns(signing, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", "signed.test").strip();
    Instant now = Instant.now();
    atA.put(
        "signed.test.",
        sign(
            signing, unsigned, key, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))));
    net.startNamed(atA);

    Path nssetHere = dir.resolve("nsset.test.zone");
    Files.writeString(nssetHere, zone("nsset.test.", 1, TWO_NS, ""));
    Path signedHere = dir.resolve("signed.here.zone");
    Files.writeString(
        signedHere,
        sign(signing, unsigned, key, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
    Path secret = dir.resolve("webhook.secret");
    Files.write(secret, SECRET);
    httpPort = Peers.freePort();
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            net.b1 + ":53",
            "--data",
            dir.resolve("tandem-data").toString(),
            "--http",
            "127.0.0.1:" + httpPort,
            "--api-key",
            KEY,
            "--root-hints",
            net.rootHints().toString(),
            "--check-interval",
            "3600",
            "--alert-webhook",
            hook.url(),
            "--alert-webhook-secret-file",
            secret.toString(),
            "--secondary",
            "example.test=" + net.a1 + ":53",
            "--notify",
            "example.test=" + net.b2 + ":53",
            "--allow-transfer",
            "example.test=127.0.0.0/8",
            "--secondary",
            "lame.test=" + net.a1 + ":53",
            "--zone",
            "nsset.test=" + nssetHere,
            "--secondary",
            "reset1.test=" + net.a1 + ":53",
            "--secondary",
            "reset2.test=" + net.a1 + ":53",
            "--allow-serial-reset",
            "reset2.test",
            "--zone",
            "signed.test=" + signedHere,
            "--secondary",
            "deleg.test=" + net.a1 + ":53");
    for (String z : atA.keySet()) {
      LoopbackInternet.awaitSoa(net.b1, z);
    }
    net.startKnotSecondary("example.test.");
  }

  @AfterAll
  static void tearDown() throws Exception {
    Peers.closeAll(tandem, net, hook);
  }

  @Test
  @Order(1)
  void allInSyncEveryServerOfBothProvidersIsOk() throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(
            dir,
            "zone",
            "check",
            "example.test",
            "--json",
            "--data",
            dir.resolve("tandem-data").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode c = JSON.readTree(r.out());
    assertThat(c.path("zone").asText()).isEqualTo("example.test.");
    assertThat(c.path("state").asText()).isEqualTo("ok");
    assertThat(c.path("findings")).isEmpty();
    assertThat(row(c, net.a1).path("provider").asText()).isEqualTo("provider-a.test");
    assertThat(row(c, net.a1).path("name").asText()).isEqualTo("ns1.provider-a.test.");
    assertThat(row(c, net.b1).path("provider").asText()).isEqualTo("provider-b.test");
    assertThat(row(c, net.b1).path("own").asBoolean()).isTrue();
    assertThat(row(c, net.b2).path("name").asText()).isEqualTo("ns2.provider-b.test.");
    for (String s : List.of(net.a1, net.b1, net.b2)) {
      assertThat(row(c, s).path("state").asText()).as(s).isEqualTo("ok");
      assertThat(row(c, s).path("serial").asLong()).as(s).isEqualTo(1);
      assertThat(row(c, s).path("lagSeconds").asLong()).as(s).isZero();
    }
    assertThat(c.path("delegation").path("parent").asText()).isEqualTo("test.");
    assertThat(c.path("delegation").path("ns")).hasSize(3);

    TandemProcess.Result text =
        TandemProcess.run(
            dir, "zone", "check", "example.test", "--data", dir.resolve("tandem-data").toString());
    assertThat(text.out())
        .contains("example.test. ok since")
        .contains("SERVER")
        .contains(net.b1 + " (here)")
        .contains("provider-a.test")
        .contains("no findings");
  }

  @Test
  @Order(2)
  void aSecondaryThatWasDownIsUnreachableThenLaggingUntilNotifiedAgainThenOk() throws Exception {
    int mark = hook.deliveries().size();
    net.stopKnot();
    net.changeAtProviderA(
        "example.test.", zone("example.test.", 2, ALL_NS, "www 300 A 192.0.2.81\n"));
    LoopbackInternet.awaitSerial(net.b1, "example.test.", 2);

    JsonNode c = check("example.test.");
    assertThat(row(c, net.b2).path("state").asText()).isEqualTo("unreachable");
    assertThat(c.path("state").asText()).isEqualTo("unreachable");
    assertThat(finding(c, "unreachable", net.b2).path("detail").asText())
        .contains("does not answer over UDP");

    // Tandem's own NOTIFY to it gives up (five tries, some 20 s); then knotd comes back, with the
    // old serial: it was told of the new one while down, and waits for its refresh timer.
    awaitNotify(net.b2 + ":53", "failed");
    net.restartKnot();
    LoopbackInternet.awaitSerial(net.b2, "example.test.", 1);
    c = check("example.test.");
    JsonNode knot = row(c, net.b2);
    assertThat(knot.path("state").asText()).isEqualTo("lagging");
    assertThat(knot.path("serial").asLong()).isEqualTo(1);
    assertThat(knot.path("lagSeconds").asLong()).isGreaterThanOrEqualTo(15);
    assertThat(finding(c, "serial-drift", net.b2).path("detail").asText())
        .startsWith(net.b2 + " serves serial 1, behind 2 for");

    // That round sent NOTIFY again: knotd follows, and the next round finds it ok.
    LoopbackInternet.awaitSerial(net.b2, "example.test.", 2);
    c = check("example.test.");
    assertThat(row(c, net.b2).path("state").asText()).isEqualTo("ok");
    assertThat(c.path("state").asText()).isEqualTo("ok");
    assertThat(metric("tandem_renotify_total")).isGreaterThanOrEqualTo(1);

    await(() -> alerts(mark, "example.test.", null).contains("lagging->ok"), "the zone's alerts");
    assertThat(alerts(mark, "example.test.", net.b2))
        .containsExactly("ok->unreachable", "unreachable->lagging", "lagging->ok");
    assertThat(alerts(mark, "example.test.", null))
        .containsExactly("ok->unreachable", "unreachable->lagging", "lagging->ok");
  }

  @Test
  @Order(3)
  void aChangeMadeAtTheKnotSecondarysZoneFileIsContentDriftNamingTheRrset() throws Exception {
    int mark = hook.deliveries().size();
    net.editAtKnot("example.test.", "192.0.2.81", "192.0.2.99");
    JsonNode c = check("example.test.");
    JsonNode f = finding(c, "content-drift", net.b2);
    assertThat(f.path("detail").asText()).contains("1 RRset differs, www.example.test. A");
    assertThat(f.path("evidence").get(0).asText())
        .isEqualTo("www.example.test. A: here 300 192.0.2.81, there 300 192.0.2.99");
    assertThat(row(c, net.b2).path("state").asText()).isEqualTo("drifted");
    assertThat(row(c, net.a1).path("state").asText()).isEqualTo("ok");
    await(() -> !alerts(mark, "example.test.", net.b2).isEmpty(), "the alert");
    assertThat(alerts(mark, "example.test.", net.b2)).containsExactly("ok->drifted");
  }

  @Test
  @Order(4)
  void providerAsNsSetLackingProviderBsServersIsFound() throws Exception {
    JsonNode c = check("nsset.test.");
    JsonNode f = finding(c, "ns-set-missing-provider", net.a1);
    assertThat(f.path("subject").asText()).isEqualTo("provider-b.test");
    assertThat(f.path("detail").asText())
        .isEqualTo(
            "the NS set "
                + net.a1
                + " (provider-a.test) serves lists no server of provider-b.test");
    assertThat(finding(c, "ns-set-differs", net.a1).path("detail").asText())
        .contains("lacking ns1.provider-b.test.");
    assertThat(row(c, net.a1).path("nsSet")).hasSize(1);
    assertThat(row(c, net.a1).path("state").asText()).isEqualTo("drifted");
    assertThat(row(c, net.b1).path("state").asText()).isEqualTo("ok");
    awaitAlert("nsset.test.", net.a1, "ok->drifted");
  }

  @Test
  @Order(5)
  void theTldDelegatingToProviderAOnlyIsFound() throws Exception {
    assertThat(check("deleg.test.").path("state").asText()).isEqualTo("ok");
    int mark = hook.deliveries().size();
    net.changeTld(net.tldZone(2, delegations(false)));
    JsonNode c = check("deleg.test.");
    assertThat(c.path("state").asText()).isEqualTo("drifted");
    assertThat(c.path("delegation").path("ns").get(0).asText()).isEqualTo("ns1.provider-a.test.");
    assertThat(c.path("delegation").path("ns")).hasSize(1);
    JsonNode f = finding(c, "delegation-missing-provider", null);
    assertThat(f.path("detail").asText())
        .isEqualTo("the delegation at test. lists no server of provider-b.test");
    assertThat(f.path("server").isNull()).isTrue();
    await(() -> !alerts(mark, "deleg.test.", null).isEmpty(), "the alert");
    assertThat(alerts(mark, "deleg.test.", null)).containsExactly("ok->drifted");

    // The audit, for any domain: deleg.test now rests on one provider, example.test on two.
    JsonNode audit =
        api("POST", "/api/domain-audit", "{\"domains\": [\"deleg.test\", \"example.test\"]}");
    assertThat(audit.get(0).path("survivesLossOfAnyProvider").asBoolean()).isFalse();
    assertThat(audit.get(0).path("verdict").asText())
        .isEqualTo("depends on one provider alone: provider-a.test");
    assertThat(audit.get(1).path("survivesLossOfAnyProvider").asBoolean()).isTrue();
    TandemProcess.Result cli =
        TandemProcess.run(
            dir, "audit", "deleg.test", "--data", dir.resolve("tandem-data").toString());
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.out()).contains("deleg.test.: depends on one provider alone: provider-a.test");
  }

  @Test
  @Order(6)
  void aServerThatDoesNotServeTheZoneItIsListedForIsLame() throws Exception {
    JsonNode c = check("lame.test.");
    assertThat(row(c, net.b2).path("state").asText()).isEqualTo("lame");
    assertThat(finding(c, "lame", net.b2).path("detail").asText())
        .contains("answers the SOA query for lame.test. with REFUSED");
    assertThat(c.path("state").asText()).isEqualTo("lame");
    awaitAlert("lame.test.", net.b2, "ok->lame");
    assertThat(metrics()).contains("tandem_zone_consistency_state{zone=\"lame.test.\"} 3.0");
  }

  @Test
  @Order(7)
  void aSerialResetAtThePrimaryIsReportedWithItsFixAndFollowedWhereAllowed() throws Exception {
    net.changeAtProviderA("reset1.test.", zone("reset1.test.", 1, TWO_NS, ""));
    net.changeAtProviderA("reset2.test.", zone("reset2.test.", 1, TWO_NS, ""));
    api("POST", "/api/zones/reset1.test./refresh", null);
    api("POST", "/api/zones/reset2.test./refresh", null);

    // reset2.test allows it (--allow-serial-reset): Tandem takes serial 1 by AXFR.
    LoopbackInternet.awaitSerial(net.b1, "reset2.test.", 1);
    JsonNode two = check("reset2.test.");
    assertThat(two.path("state").asText()).isEqualTo("ok");
    assertThat(two.path("serial").asLong()).isEqualTo(1);

    // reset1.test does not: Tandem keeps 2026120101 and says why, and what to do.
    awaitLastError("reset1.test.", "older than ours (2026120101)");
    JsonNode one = check("reset1.test.");
    JsonNode f = finding(one, "serial-reset", net.a1);
    assertThat(f.path("detail").asText())
        .contains("serves serial 1, older than the 2026120101 served here")
        .contains("--allow-serial-reset reset1.test.")
        .contains("POST /api/zones/reset1.test./retransfer");
    assertThat(one.path("serial").asLong()).isEqualTo(2026120101L);
    awaitAlert("reset1.test.", net.a1, "ok->drifted");

    // The operator's way out: a retransfer takes the primary's version whatever its serial.
    api("POST", "/api/zones/reset1.test./retransfer", null);
    LoopbackInternet.awaitSerial(net.b1, "reset1.test.", 1);
    one = check("reset1.test.");
    assertThat(one.path("state").asText()).isEqualTo("ok");
    assertThat(one.path("findings")).isEmpty();
  }

  @Test
  @Order(8)
  void anExpiredSignatureServedAtAnotherProviderIsFound() throws Exception {
    JsonNode c = check("signed.test.");
    JsonNode f = finding(c, "signature-expired", net.a1);
    assertThat(f.path("detail").asText()).contains(net.a1 + " serves a signature of signed.test.");
    assertThat(row(c, net.a1).path("state").asText()).isEqualTo("drifted");
    assertThat(row(c, net.b1).path("state").asText()).isEqualTo("ok");
    assertThat(row(c, net.b1).path("signatureExpires").asText()).isNotEmpty();
    assertThat(row(c, net.a1).path("dnskeyTags")).isEqualTo(row(c, net.b1).path("dnskeyTags"));
    awaitAlert("signed.test.", net.a1, "ok->drifted");
  }

  @Test
  @Order(9)
  void theSummaryTheMetricsAndEveryDeliveryAgree() throws Exception {
    JsonNode all = api("GET", "/api/consistency", null);
    Map<String, String> states = new LinkedHashMap<>();
    all.path("zones").forEach(z -> states.put(z.path("zone").asText(), z.path("state").asText()));
    assertThat(states)
        .containsEntry("lame.test.", "lame")
        .containsEntry("reset2.test.", "ok")
        .containsEntry("deleg.test.", "drifted");
    String metrics = metrics();
    assertThat(metrics.lines())
        .anyMatch(
            l ->
                l.startsWith("tandem_peer_reachable{")
                    && l.contains("server=\"" + net.b2 + "\"")
                    && l.contains("zone=\"example.test.\"")
                    && l.endsWith(" 1.0"))
        .anyMatch(l -> l.startsWith("tandem_peer_serial_lag{") && l.contains("zone=\"lame.test.\""))
        .anyMatch(l -> l.startsWith("tandem_peer_propagation_seconds_bucket{"));
    List<String> ids = new ArrayList<>();
    assertThat(hook.badlySigned()).as("deliveries without a valid HMAC").isEmpty();
    for (WebhookReceiver.Delivery d : hook.deliveries()) {
      assertThat(d.id()).isEqualTo(d.json().path("id").asText());
      ids.add(d.id());
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  // ---- the zones ----

  static final String ALL_NS =
      """
      @ 3600 NS ns1.provider-a.test.
      @ 3600 NS ns1.provider-b.test.
      @ 3600 NS ns2.provider-b.test.
      """;

  static final String TWO_NS =
      """
      @ 3600 NS ns1.provider-a.test.
      @ 3600 NS ns1.provider-b.test.
      """;

  static String zone(String origin, long serial, String ns, String rest) {
    return "$ORIGIN "
        + origin
        + "\n@ 3600 SOA ns1.provider-a.test. hostmaster."
        + origin
        + " "
        + serial
        + " 3600 600 604800 300\n"
        + ns
        + "mail 300 MX 10 mx\nmx 300 A 192.0.2.25\n"
        + rest;
  }

  /** The TLD's delegations; deleg.test to both providers, or to A alone. */
  static String delegations(boolean delegToBoth) {
    StringBuilder s = new StringBuilder();
    for (String z : List.of("example", "lame")) {
      s.append(z).append(" 3600 NS ns1.provider-a.test.\n");
      s.append(z).append(" 3600 NS ns1.provider-b.test.\n");
      s.append(z).append(" 3600 NS ns2.provider-b.test.\n");
    }
    for (String z : List.of("nsset", "reset1", "reset2", "signed")) {
      s.append(z).append(" 3600 NS ns1.provider-a.test.\n");
      s.append(z).append(" 3600 NS ns1.provider-b.test.\n");
    }
    s.append("deleg 3600 NS ns1.provider-a.test.\n");
    if (delegToBoth) {
      s.append("deleg 3600 NS ns1.provider-b.test.\n");
    }
    return s.toString();
  }

  /**
   * The zone signed with {@code key}, signatures valid from {@code inception} to {@code expiry}.
   */
  static String sign(Path dir, Path unsigned, String key, Instant inception, Instant expiry)
      throws Exception {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    Path out = dir.resolve("signed-" + expiry.getEpochSecond());
    ldns(
        dir,
        "ldns-signzone",
        "-i",
        f.format(inception),
        "-e",
        f.format(expiry),
        "-f",
        out.toString(),
        unsigned.toString(),
        key);
    return Files.readString(out);
  }

  static String ldns(Path dir, String... cmd) throws Exception {
    List<String> c = new ArrayList<>(List.of(cmd));
    c.set(0, Peers.binary(cmd[0], "ldnsutils").toString());
    Process p = new ProcessBuilder(c).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }

  // ---- asking Tandem ----

  static JsonNode check(String zone) throws Exception {
    return api("POST", "/api/zones/" + zone + "/check", null);
  }

  static JsonNode api(String method, String path, String body) throws Exception {
    HttpResponse<String> r = http(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> http(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(90))
            .header("X-API-Key", KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String metrics() throws Exception {
    return http("GET", "/metrics", null).body();
  }

  static double metric(String name) throws Exception {
    for (String line : metrics().lines().toList()) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name);
  }

  static JsonNode row(JsonNode c, String address) {
    for (JsonNode s : c.path("servers")) {
      if (s.path("address").asText().equals(address)) {
        return s;
      }
    }
    throw new AssertionError("no server " + address + " in " + c.toPrettyString());
  }

  static JsonNode finding(JsonNode c, String kind, String server) {
    for (JsonNode f : c.path("findings")) {
      boolean at =
          server == null ? f.path("server").isNull() : server.equals(f.path("server").asText());
      if (f.path("kind").asText().equals(kind) && at) {
        return f;
      }
    }
    throw new AssertionError(
        "no " + kind + " at " + server + " in " + c.path("findings").toPrettyString());
  }

  /** Waits until the last NOTIFY of example.test to {@code target} is in {@code state}. */
  static void awaitNotify(String target, String state) throws Exception {
    await(
        () -> {
          for (JsonNode n : api("GET", "/api/zones/example.test.", null).path("notified")) {
            if (n.path("target").asText().equals(target)
                && n.path("serial").asLong() == 2
                && n.path("state").asText().equals(state)) {
              return true;
            }
          }
          return false;
        },
        "NOTIFY to " + target + " " + state);
  }

  static void awaitLastError(String zone, String text) throws Exception {
    await(
        () -> api("GET", "/api/zones/" + zone, null).path("lastError").asText().contains(text),
        zone + " failing with '" + text + "'");
  }

  /** The transitions delivered since delivery {@code mark} for a server (or the zone: null). */
  static List<String> alerts(int mark, String zone, String server) {
    List<String> out = new ArrayList<>();
    List<WebhookReceiver.Delivery> all = hook.deliveries();
    for (WebhookReceiver.Delivery d : all.subList(mark, all.size())) {
      JsonNode j = d.json();
      boolean at =
          server == null ? j.path("server").isNull() : server.equals(j.path("server").asText());
      if (j.path("zone").asText().equals(zone) && at) {
        out.add(j.path("from").asText() + "->" + j.path("to").asText());
      }
    }
    return out;
  }

  /** Waits (webhook deliveries are asynchronous) for one delivery of this transition, exactly. */
  static void awaitAlert(String zone, String server, String transition) throws Exception {
    await(() -> alerts(0, zone, server).contains(transition), transition + " of " + server);
    assertThat(alerts(0, zone, server)).containsOnlyOnce(transition);
  }

  static void await(Eventually.Condition c, String what) throws Exception {
    if (!Eventually.holds(Duration.ofSeconds(45), c)) {
      throw new AssertionError(
          "waited 45 s for " + what + "; Tandem's output:\n" + tandem.output());
    }
  }
}
