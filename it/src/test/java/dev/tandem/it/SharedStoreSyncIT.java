package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.store.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Primary/primary sync from two Tandem nodes sharing one PostgreSQL server (started by the test),
 * BIND as the other primary: a target added through one node is taken up by the other, each change
 * is pushed to BIND once (by the node holding the target's lease), and when that node is killed
 * (-9) the other takes the target over and pushes the next change.
 */
class SharedStoreSyncIT {
  private static final String ORIGIN = "sync.example";
  private static final String KEY = "sync-key";
  private static final String SECRET = "c3luYy10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
  private static final String API_KEY = "shared-sync-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PUSHED =
      Pattern.compile(
          "tandem_sync_pushed_rrsets(?:_total)?\\{[^}]*target=\"bind\"[^}]*} ([0-9.]+)");

  @TempDir Path dir;
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private TandemProcess node(String name, String store, int http) throws Exception {
    TandemProcess p =
        TandemProcess.serveApi(
            dir.resolve(name),
            http,
            API_KEY,
            "--tsig",
            KEY + "=hmac-sha256:" + SECRET,
            "--store",
            store);
    started.add(p);
    return p;
  }

  @Test
  void eachChangeIsPushedOnceByOneNodeAndTheOtherTakesOverWhenItIsKilled() throws Exception {
    String store = PostgresServer.shared().newDatabase();
    NamedProcess bind =
        NamedProcess.start(
            dir.resolve("bind"),
            ORIGIN,
            PrimaryPrimarySyncIT.THEIRS,
            KEY,
            SECRET,
            Peers.freePort());
    started.add(bind);
    int httpA = Peers.freePort();
    int httpB = Peers.freePort();
    TandemProcess a = node("a", store, httpA);
    TandemProcess b = node("b", store, httpB);
    TandemApi apiA = new TandemApi(httpA, API_KEY);
    TandemApi apiB = new TandemApi(httpB, API_KEY);
    SyncApi.primaryZone(apiA, ORIGIN, PrimaryPrimarySyncIT.OURS);
    SyncApi.addRfc2136(apiA, ORIGIN, "bind", bind.port(), KEY);
    apiA.expect(200, "POST", "/api/zones/" + ORIGIN + "/sync/bind/apply", "{}");
    Eventually.await(
        () -> {
          try {
            return apiB.expect(200, "GET", "/api/zones/" + ORIGIN + "/sync", null)
                .contains("\"bind\"");
          } catch (AssertionError notYet) {
            return false; // the zone itself not there yet
          }
        },
        "node B takes up the target added through A",
        Duration.ofSeconds(15));

    // One change: at BIND once, pushed by one node only.
    double before = pushed(apiA) + pushed(apiB);
    replace(apiA, "one", "192.0.2.11");
    Eventually.await(
        () -> atBind(bind, "one").equals(List.of("192.0.2.11")),
        "one at BIND",
        Duration.ofSeconds(15));
    Thread.sleep(2000); // time enough for the other node to push it again, if it would
    double byA = pushed(apiA);
    double byB = pushed(apiB);
    assertThat(byA + byB - before).as("RRsets pushed by both nodes for one change").isEqualTo(1.0);

    // The node that pushed is killed: the other takes over within a lease term and pushes.
    boolean aPushes = byA > 0;
    TandemProcess holder = aPushes ? a : b;
    TandemApi survivor = aPushes ? apiB : apiA;
    holder.signal("KILL");
    long t0 = System.nanoTime();
    replace(survivor, "two", "192.0.2.12");
    Eventually.await(
        () -> atBind(bind, "two").equals(List.of("192.0.2.12")),
        "two at BIND",
        Duration.ofSeconds(40));
    System.out.printf(
        "SharedStoreSyncIT: the other node pushed %d ms after the holder was killed%n",
        (System.nanoTime() - t0) / 1_000_000);
    // The survivor counts the push once BIND has answered the UPDATE, a moment after BIND serves
    // it.
    Eventually.await(
        () -> pushed(survivor) >= 1.0, "the survivor counts its push", Duration.ofSeconds(5));
    JsonNode status =
        JSON.readTree(survivor.expect(200, "GET", "/api/zones/" + ORIGIN + "/sync/bind", null));
    Eventually.await(
        () ->
            JSON.readTree(survivor.expect(200, "GET", "/api/zones/" + ORIGIN + "/sync/bind", null))
                .path("state")
                .asText()
                .equals("in-sync"),
        "in-sync on the survivor: " + status,
        Duration.ofSeconds(10));
  }

  private static double pushed(TandemApi api) throws Exception {
    Matcher m = PUSHED.matcher(api.expect(200, "GET", "/metrics", null));
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void replace(TandemApi api, String name, String address) throws Exception {
    api.expect(
        200,
        "PATCH",
        "/api/zones/" + ORIGIN + "/rrsets",
        JSON.writeValueAsString(
            Map.of(
                "rrsets",
                List.of(
                    Map.of(
                        "name",
                        name,
                        "type",
                        "A",
                        "ttl",
                        300,
                        "changetype",
                        "REPLACE",
                        "records",
                        List.of(address))))));
  }

  private static List<String> atBind(NamedProcess bind, String name) throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(bind.port());
    Lookup l = new Lookup(name + "." + ORIGIN + ".", Type.A);
    l.setResolver(r);
    l.setCache(null);
    Record[] answers = l.run();
    List<String> out = new ArrayList<>();
    if (answers != null) {
      for (Record a : answers) {
        out.add(a.rdataToString());
      }
    }
    return out;
  }
}
