package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Primary/primary sync with real peers on loopback: BIND 9 (RFC 2136 UPDATE with TSIG, read back by
 * AXFR) and PowerDNS (gsqlite3 with its HTTP API) as the other primary. The plan shows the real
 * difference, apply makes both equal (compared by AXFR, SOA excluded, apex NS the union), a
 * thousand changes through Tandem's API reach both, a change made at BIND by nsupdate is a conflict
 * resolved either way, a type PowerDNS refuses is reported with its error, a target down for a
 * minute catches up with every change once, and a push cut by kill -9 completes after a restart.
 */
class PrimaryPrimarySyncIT {
  private static final String ORIGIN = "sync.example";
  private static final String KEY = "sync-key";
  private static final String SECRET = "c3luYy10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
  private static final String API_KEY = "tandem-sync-test-key";
  private static final String PDNS_KEY = "pdns-sync-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SOON = Duration.ofSeconds(30);

  static final String OURS =
      """
      $ORIGIN sync.example.
      $TTL 300
      @    SOA ns1.tandem.example. host.sync.example. 1 3600 600 86400 300
      @    NS  ns1.tandem.example.
      www  A   192.0.2.1
      mail MX  10 mx.sync.example.
      mx   A   192.0.2.25
      txt  TXT "hello world" "second string"
      """;

  static final String THEIRS =
      """
      $ORIGIN sync.example.
      $TTL 300
      @    SOA ns.other.example. host.other.example. 100 3600 600 86400 300
      @    NS  ns.other.example.
      www  A   203.0.113.5
      old  A   203.0.113.9
      """;

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();
  private @Nullable TandemProcess tandem;
  private int http;
  // Flags the next "tandem" started gets besides the usual ones.
  private final List<String> moreFlags = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    if (tandem != null) {
      tandem.close();
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private TandemApi startTandem() throws Exception {
    if (http == 0) {
      http = Peers.freePort();
    }
    tandem = serveTandem("tandem", http, API_KEY);
    return new TandemApi(http, API_KEY);
  }

  /** A Tandem with its data in {@code dir/NAME-data}, its API on {@code httpPort}, the TSIG key. */
  private TandemProcess serveTandem(String name, int httpPort, String apiKey) throws Exception {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--dns",
                "127.0.0.1:0",
                "--data",
                dir.resolve(name.equals("tandem") ? "data" : name + "-data").toString(),
                "--http",
                "127.0.0.1:" + httpPort,
                "--api-key",
                apiKey,
                "--tsig",
                KEY + "=hmac-sha256:" + SECRET));
    if (name.equals("tandem")) {
      flags.addAll(moreFlags);
    }
    return TandemProcess.serve(dir.resolve(name), flags.toArray(String[]::new));
  }

  private TandemApi tandemWithZone() throws Exception {
    TandemApi api = startTandem();
    tandemZone(api);
    return api;
  }

  private static void tandemZone(TandemApi api) throws Exception {
    createZone(api, OURS);
  }

  /** The zone made through {@code api} from {@code zoneFile}, transferable with the key. */
  private static void createZone(TandemApi api, String zoneFile) throws Exception {
    api.expect(
        201,
        "POST",
        "/api/zones",
        JSON.writeValueAsString(
            java.util.Map.of(
                "zone",
                ORIGIN,
                "kind",
                "primary",
                "zoneFile",
                zoneFile,
                "allowTransfer",
                List.of("127.0.0.1@" + KEY))));
  }

  private NamedProcess bind() throws Exception {
    NamedProcess n =
        NamedProcess.start(dir.resolve("bind"), ORIGIN, THEIRS, KEY, SECRET, Peers.freePort());
    started.add(n);
    return n;
  }

  private PdnsProcess powerDns(int apiPort) throws Exception {
    PdnsProcess p =
        PdnsProcess.startWithApi(
            dir.resolve("pdns"), ORIGIN, THEIRS, KEY, SECRET, apiPort, PDNS_KEY);
    started.add(p);
    return p;
  }

  private TandemProcess.Result cli(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--data");
    a.add(dir.resolve("data").toString());
    TandemProcess.Result r = TandemProcess.run(dir, a.toArray(String[]::new));
    assertThat(r.exitCode()).as("tandem %s: %s %s", a, r.out(), r.err()).isZero();
    return r;
  }

  private void addBind(NamedProcess bind, int intervalSeconds) throws Exception {
    cli(
        "sync",
        "add",
        ORIGIN,
        "bind",
        "--rfc2136",
        "127.0.0.1:" + bind.port() + "@" + KEY,
        "--interval",
        Integer.toString(intervalSeconds));
  }

  // ---- plan, apply, a thousand changes, a refused type ----

  @Test
  void bindAndPowerDnsFollowTandemFromPlanAndApplyThroughAThousandChanges() throws Exception {
    TandemApi api = tandemWithZone();
    NamedProcess bind = bind();
    int pdnsApi = Peers.freePort();
    PdnsProcess pdns = powerDns(pdnsApi);
    addBind(bind, 60);
    TandemProcess.Result add =
        TandemProcess.run(
            dir,
            "sync",
            "add",
            ORIGIN,
            "pdns",
            "--powerdns",
            "http://127.0.0.1:" + pdnsApi,
            "--api-key",
            PDNS_KEY,
            "--server-id",
            "localhost",
            "--data",
            dir.resolve("data").toString());
    assertThat(add.exitCode()).as(add.out() + add.err()).isZero();

    // The plan is the real difference: mail MX, mx A, txt TXT to add; www A and the apex NS
    // (ours plus theirs) to change; old A to delete. Nothing is pushed before apply.
    for (String target : List.of("bind", "pdns")) {
      String plan = cli("sync", "plan", ORIGIN, target).out();
      assertThat(plan).contains("at " + target + ": add 3, change 2, delete 1");
      assertThat(plan).contains("change www.sync.example. A", "delete old.sync.example. A");
    }
    assertThat(axfr(bind.port())).contains("www.sync.example. 300 A 203.0.113.5");

    cli("sync", "apply", ORIGIN, "bind");
    cli("sync", "apply", ORIGIN, "pdns");
    assertEqualToTandem(bind.port(), "BIND");
    assertEqualToTandem(pdns.port(), "PowerDNS");
    assertThat(axfr(bind.port()))
        .as("the apex NS is both providers' servers")
        .contains(
            "sync.example. 300 NS ns.other.example.", "sync.example. 300 NS ns1.tandem.example.");
    assertThat(soaSerial(bind.port())).as("BIND keeps its own SOA").isGreaterThanOrEqualTo(100);

    // A thousand changes in ten bursts: adds, changes and deletions.
    int changes = 0;
    for (int burst = 0; burst < 10; burst++) {
      for (int i = 0; i < 100; i++, changes++) {
        int n = changes % 300;
        String body =
            changes % 7 == 6
                ? "{\"rrsets\": [{\"name\": \"b%d\", \"type\": \"A\", \"changetype\": \"DELETE\"}]}"
                    .formatted(n)
                : ("{\"rrsets\": [{\"name\": \"b%d\", \"type\": \"A\", \"ttl\": 300,"
                        + " \"changetype\": \"REPLACE\", \"records\": [\"198.51.%d.%d\"]}]}")
                    .formatted(n, changes / 250, changes % 250 + 1);
        api.expect(200, "PATCH", "/api/zones/" + ORIGIN + "/rrsets", body);
      }
      Thread.sleep(200);
    }
    awaitInSync(api, "bind", SOON);
    awaitInSync(api, "pdns", SOON);
    assertEqualToTandem(bind.port(), "BIND");
    assertEqualToTandem(pdns.port(), "PowerDNS");
    String metrics = api.expect(200, "GET", "/metrics", null);
    assertThat(metrics)
        .contains(
            "tandem_sync_state{kind=\"rfc2136\",target=\"bind\",zone=\"sync.example.\"} 0.0",
            "tandem_sync_behind_changes{kind=\"powerdns\",target=\"pdns\",zone=\"sync.example.\"} 0.0");

    // A type PowerDNS lacks: refused with its error, reported; the A beside it is applied.
    api.expect(
        200,
        "PATCH",
        "/api/zones/" + ORIGIN + "/rrsets",
        """
        {"rrsets": [
          {"name": "host", "type": "GPOS", "ttl": 300, "changetype": "REPLACE",
           "records": ["-32.6882 116.8652 10.0"]},
          {"name": "beside", "type": "A", "ttl": 300, "changetype": "REPLACE",
           "records": ["192.0.2.77"]}]}""");
    JsonNode pdnsStatus = awaitInSync(api, "pdns", SOON);
    assertThat(pdnsStatus.path("refused").toString()).contains("host.sync.example. GPOS");
    String error = pdnsStatus.path("refused").get(0).path("error").asText();
    assertThat(error).as("the target's own words").contains("422");
    assertThat(axfr(pdns.port())).contains("beside.sync.example. 300 A 192.0.2.77");
    awaitInSync(api, "bind", SOON);
    assertThat(axfr(bind.port())).contains("beside.sync.example. 300 A 192.0.2.77");
    String status = cli("sync", "status", ORIGIN).out();
    assertThat(status).contains("pdns: refused host.sync.example. GPOS");
  }

  // ---- another Tandem ----

  @Test
  void anotherTandemFollowsThroughItsRestApi() throws Exception {
    TandemApi api = tandemWithZone();
    int otherHttp = Peers.freePort();
    String otherKey = "other-tandem-key";
    TandemProcess other = serveTandem("other", otherHttp, otherKey);
    started.add(other);
    createZone(new TandemApi(otherHttp, otherKey), THEIRS);
    TandemProcess.Result add =
        TandemProcess.run(
            dir,
            "sync",
            "add",
            ORIGIN,
            "other",
            "--tandem",
            "http://127.0.0.1:" + otherHttp,
            "--api-key",
            otherKey,
            "--data",
            dir.resolve("data").toString());
    assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
    assertThat(cli("sync", "plan", ORIGIN, "other").out())
        .contains("at other: add 3, change 2, delete 1");
    cli("sync", "apply", ORIGIN, "other");
    for (int i = 0; i < 50; i++) {
      replace(api, "t" + (i % 20), "AAAA", 60, "2001:db8::" + Integer.toHexString(i));
    }
    awaitInSync(api, "other", SOON);
    assertEqualToTandem(other.port(), "the other Tandem");

    // A deleted zone's targets go with it: the zone made again has none.
    api.expect(204, "DELETE", "/api/zones/" + ORIGIN, null);
    tandemZone(api);
    Eventually.await(
        () -> api.expect(200, "GET", "/api/zones/" + ORIGIN + "/sync", null).equals("[]"),
        "no sync targets for the zone made again",
        Duration.ofSeconds(10));
  }

  // ---- conflicts ----

  @Test
  void aChangeMadeAtBindByNsupdateIsAConflictResolvedByACallOrByPolicy() throws Exception {
    TandemApi api = tandemWithZone();
    NamedProcess bind = bind();
    addBind(bind, 2);
    cli("sync", "apply", ORIGIN, "bind");

    changeWwwAtBind(bind, "203.0.113.66");
    JsonNode conflict = awaitState(api, "bind", "conflict", Duration.ofSeconds(10));
    assertThat(conflict.path("conflicts").toString())
        .contains("www.sync.example. 300 A 192.0.2.1", "www.sync.example. 300 A 203.0.113.66");
    String resolved =
        cli("sync", "resolve", ORIGIN, "bind", "www.sync.example.", "A", "--ours").out();
    assertThat(resolved).contains("1 conflicts resolved with ours");
    assertThat(axfr(bind.port())).contains("www.sync.example. 300 A 192.0.2.1");

    changeWwwAtBind(bind, "203.0.113.77");
    awaitState(api, "bind", "conflict", Duration.ofSeconds(10));
    cli("sync", "resolve", ORIGIN, "bind", "--theirs");
    String ours = api.expect(200, "GET", "/api/zones/" + ORIGIN + "/rrsets?name=www&type=A", null);
    assertThat(ours).contains("203.0.113.77");
    JsonNode after = awaitState(api, "bind", "in-sync", Duration.ofSeconds(10));
    assertThat(after.path("conflicts")).isEmpty();
    assertEqualToTandem(bind.port(), "BIND");

    // The same by policy, within one read-back interval: ours-wins puts ours back at BIND...
    cli("sync", "set", ORIGIN, "bind", "--policy", "ours-wins");
    changeWwwAtBind(bind, "203.0.113.88");
    Eventually.await(
        () -> axfr(bind.port()).contains("www.sync.example. 300 A 203.0.113.77"),
        "ours again at BIND",
        Duration.ofSeconds(10));
    // ... and adopt-theirs makes BIND's change ours.
    cli("sync", "set", ORIGIN, "bind", "--policy", "adopt-theirs");
    changeWwwAtBind(bind, "203.0.113.99");
    Eventually.await(
        () ->
            api.expect(200, "GET", "/api/zones/" + ORIGIN + "/rrsets?name=www&type=A", null)
                .contains("203.0.113.99"),
        "BIND's change taken as ours",
        Duration.ofSeconds(10));
    awaitState(api, "bind", "in-sync", Duration.ofSeconds(10));
    assertEqualToTandem(bind.port(), "BIND");
  }

  /** Changes www A at BIND directly, by nsupdate: a change made outside Tandem. */
  private static void changeWwwAtBind(NamedProcess bind, String address) throws Exception {
    bind.update(
        String.join(
            "\n",
            "update delete www.sync.example. A",
            "update add www.sync.example. 300 A " + address));
  }

  // ---- the target down, Tandem killed ----

  @Test
  void bindDownForAMinuteDuringAHundredChangesGetsEachOnceWhenBack() throws Exception {
    byte[] hookSecret = "sync-alert-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    WebhookReceiver hook = new WebhookReceiver(hookSecret);
    started.add(hook);
    Path secretFile = Files.write(dir.resolve("hook.secret"), hookSecret);
    moreFlags.addAll(
        List.of(
            "--alert-webhook",
            hook.url(),
            "--alert-webhook-secret-file",
            secretFile.toString(),
            "--alert-grace",
            "2"));
    Predicate<JsonNode> bindAlerts =
        j ->
            j.path("about").asText().equals("sync-target")
                && j.path("target").asText().equals("bind");
    TandemApi api = tandemWithZone();
    NamedProcess bind = bind();
    addBind(bind, 60);
    cli("sync", "apply", ORIGIN, "bind");
    bind.stop();
    long started = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      replace(api, "d" + i, "TXT", 300, "\"change " + i + "\"");
      Thread.sleep(50);
    }
    JsonNode down = awaitState(api, "bind", "unreachable", SOON);
    assertThat(down.path("lastError").asText()).isNotEmpty();
    assertThat(down.path("behind").asLong()).isEqualTo(100);
    // Unreachable for longer than the grace: alerted once, to the webhook, signed.
    Eventually.await(
        () -> !hook.transitions(bindAlerts).isEmpty(),
        "the webhook told of BIND down",
        Duration.ofSeconds(10));
    assertThat(hook.transitions(bindAlerts)).containsExactly("in-sync->unreachable");
    Thread.sleep(
        Math.max(0, Duration.ofSeconds(60).toMillis() - (System.nanoTime() - started) / 1_000_000));
    bind.restart();
    awaitInSync(api, "bind", SOON);
    Eventually.await(
        () -> hook.transitions(bindAlerts).size() == 2,
        "the webhook told of BIND back",
        Duration.ofSeconds(10));
    assertThat(hook.transitions(bindAlerts))
        .containsExactly("in-sync->unreachable", "unreachable->in-sync");
    assertThat(hook.badlySigned()).isEmpty();
    List<String> there = axfr(bind.port());
    for (int i = 0; i < 100; i++) {
      String owner = "d" + i + ".sync.example. ";
      assertThat(there.stream().filter(l -> l.startsWith(owner)).toList())
          .as("change %d: there, once", i)
          .containsExactly(owner + "300 TXT \"change " + i + "\"");
    }
    assertEqualToTandem(bind.port(), "BIND");
  }

  @Test
  void aPushCutByKillNineCompletesAfterTheRestart() throws Exception {
    TandemApi api = tandemWithZone();
    NamedProcess bind = bind();
    addBind(bind, 60);
    cli("sync", "apply", ORIGIN, "bind");
    // BIND stopped (SIGSTOP): the kernel still accepts the connection, so the UPDATE is sent and
    // its answer awaited when Tandem is killed; BIND, continued, then applies it with nobody to
    // answer. The restarted Tandem pushes the same replacements again.
    String named = Files.readString(dir.resolve("bind/named.pid")).trim();
    signal("STOP", named);
    try {
      for (int i = 0; i < 300; i++) {
        replace(api, "k" + i, "A", 300, "198.51.100." + (i % 250 + 1));
      }
      awaitState(api, "bind", "pushing", SOON);
      TandemProcess t = java.util.Objects.requireNonNull(tandem);
      t.signal("KILL");
      t.close();
      tandem = null;
    } finally {
      signal("CONT", named);
    }
    TandemApi again = startTandem();
    JsonNode done = awaitInSync(again, "bind", SOON);
    assertThat(done.path("history").toString())
        .as("pushed after the restart")
        .contains("pushed serial");
    List<String> there = axfr(bind.port());
    for (int i = 0; i < 300; i++) {
      String owner = "k" + i + ".sync.example. ";
      assertThat(there.stream().filter(l -> l.startsWith(owner)).toList())
          .as("change %d: there, once", i)
          .containsExactly(owner + "300 A 198.51.100." + (i % 250 + 1));
    }
    assertEqualToTandem(bind.port(), "BIND");
  }

  private static void signal(String name, String pid) throws Exception {
    new ProcessBuilder("kill", "-" + name, pid).inheritIO().start().waitFor();
  }

  // ---- helpers ----

  /** One change through Tandem's API: the RRset NAME TYPE becomes the records given. */
  private static void replace(TandemApi api, String name, String type, int ttl, String... records)
      throws Exception {
    api.expect(
        200,
        "PATCH",
        "/api/zones/" + ORIGIN + "/rrsets",
        JSON.writeValueAsString(
            java.util.Map.of(
                "rrsets",
                List.of(
                    java.util.Map.of(
                        "name", name,
                        "type", type,
                        "ttl", ttl,
                        "changetype", "REPLACE",
                        "records", List.of(records))))));
  }

  private JsonNode status(TandemApi api, String target) throws Exception {
    return JSON.readTree(api.expect(200, "GET", "/api/zones/" + ORIGIN + "/sync/" + target, null));
  }

  private JsonNode awaitInSync(TandemApi api, String target, Duration within) throws Exception {
    return await(
        api,
        target,
        s ->
            s.path("state").asText().equals("in-sync")
                && s.path("position").asLong() == s.path("serial").asLong(),
        within,
        "in-sync");
  }

  private JsonNode awaitState(TandemApi api, String target, String state, Duration within)
      throws Exception {
    return await(api, target, s -> s.path("state").asText().equals(state), within, state);
  }

  private JsonNode await(
      TandemApi api, String target, Predicate<JsonNode> ok, Duration within, String what)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode s = status(api, target);
    while (!ok.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(target + " not " + what + " within " + within + ": " + s);
      }
      Thread.sleep(100);
      s = status(api, target);
    }
    return s;
  }

  private void assertEqualToTandem(int port, String who) throws Exception {
    int ours = java.util.Objects.requireNonNull(tandem).port();
    Set<String> theirs = withoutSoaAndApexNs(axfr(port));
    Set<String> here = withoutSoaAndApexNs(axfr(ours));
    assertThat(theirs).as(who + " equal to Tandem (SOA and apex NS aside)").isEqualTo(here);
    List<String> apexNs =
        axfr(port).stream().filter(l -> l.startsWith("sync.example. 300 NS ")).toList();
    for (String ns :
        axfr(ours).stream().filter(l -> l.startsWith("sync.example. 300 NS ")).toList()) {
      assertThat(apexNs).as(who + " apex NS holds ours").contains(ns);
    }
  }

  private static Set<String> withoutSoaAndApexNs(List<String> records) {
    Set<String> out = new TreeSet<>();
    for (String r : records) {
      if (!r.contains(" SOA ") && !r.startsWith("sync.example. 300 NS ")) {
        out.add(r);
      }
    }
    return out;
  }

  private static long soaSerial(int port) throws Exception {
    return Primary.soaSerial(port, ORIGIN);
  }

  /** The zone by AXFR signed with the key: "owner TTL TYPE rdata" lines, owners lower-cased. */
  static List<String> axfr(int port) throws Exception {
    ZoneTransferIn xfr =
        ZoneTransferIn.newAXFR(
            Name.fromString(ORIGIN + "."),
            "127.0.0.1",
            port,
            new TSIG(TSIG.HMAC_SHA256, KEY + ".", SECRET));
    xfr.setTimeout(Duration.ofSeconds(10));
    xfr.run();
    List<String> out = new ArrayList<>();
    for (Record r : xfr.getAXFR()) {
      out.add(
          r.getName().toString().toLowerCase(Locale.ROOT)
              + " "
              + r.getTTL()
              + " "
              + Type.string(r.getType())
              + " "
              + r.rdataToString());
    }
    return out;
  }
}
