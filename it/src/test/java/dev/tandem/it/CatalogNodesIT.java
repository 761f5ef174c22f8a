package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Scale-out by the DNS's own replication: one Tandem primary makes a catalog (RFC 9432) of its
 * zones, and two Tandem nodes follow it, each configuring a member by the template of its group.
 * The zones of group "a" may be transferred with key a only, those of group "b" with key b only, so
 * a node that picked the wrong template for a member would never serve it. A thousand zones created
 * through the primary's API are all served by both nodes.
 */
class CatalogNodesIT {
  private static final String API_KEY = "nodes-test-key";
  private static final int ZONES = 1000;

  @TempDir Path dir;
  private TestNodes nodes;

  @BeforeEach
  void keys() throws IOException {
    nodes =
        new TestNodes(
            dir,
            "catalog=hmac-sha256:Y2F0YWxvZ2NhdGFsb2djYXRhbG9nY2F0YWxvZ2NhdGE=",
            "a=hmac-sha256:YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=",
            "b=hmac-sha256:YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=");
  }

  @AfterEach
  void stop() throws InterruptedException {
    nodes.close();
  }

  @Test
  void
      aThousandZonesCreatedOnThePrimaryAreServedByBothNodesEachByItsGroupsTemplateAndListedInPages()
          throws Exception {
    int primaryPort = Peers.freePort();
    int http = Peers.freePort();
    int[] ports = {Peers.freePort(), Peers.freePort()};
    int nodeHttp = Peers.freePort();
    nodes.tandem(
        "primary",
        "--dns",
        "127.0.0.1:" + primaryPort,
        "--http",
        "127.0.0.1:" + http,
        "--api-key",
        API_KEY,
        "--produce-catalog",
        "cat.test",
        "--allow-transfer",
        "cat.test=127.0.0.1@catalog",
        "--notify",
        "cat.test=127.0.0.1:" + ports[0] + "@catalog",
        "--notify",
        "cat.test=127.0.0.1:" + ports[1] + "@catalog");
    String primary = "127.0.0.1:" + primaryPort;
    List<TandemProcess> followers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      followers.add(
          nodes.tandem(
              "node" + i,
              "--dns",
              "127.0.0.1:" + ports[i],
              "--catalog",
              "cat.test=" + primary + "@catalog",
              "--catalog-template",
              "a=" + primary + "@a",
              "--catalog-template",
              "b=" + primary + "@b",
              "--http",
              "127.0.0.1:" + (i == 0 ? nodeHttp : Peers.freePort()),
              "--api-key",
              API_KEY));
    }

    TandemApi api = new TandemApi(http, API_KEY);
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> made = new ArrayList<>();
      for (int i = 0; i < ZONES; i++) {
        String group = i % 2 == 0 ? "a" : "b";
        String zone = "z" + i + ".nodes.test";
        made.add(
            pool.submit(
                () ->
                    api.expect(
                        201,
                        "POST",
                        "/api/zones",
                        """
                        {"zone": "%s", "kind": "primary", "group": "%s",
                         "nameservers": ["ns1.example.net."], "allowTransfer": ["127.0.0.1@%s"]}"""
                            .formatted(zone, group, group))));
      }
      for (Future<?> f : made) {
        f.get();
      }
    }
    long created = (System.nanoTime() - t0) / 1_000_000;

    for (TandemProcess n : followers) {
      awaitAll(n.port(), Duration.ofSeconds(90), n);
    }
    long served = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "CatalogNodesIT: %d zones created in %d ms, served by both nodes %d ms after the first%n",
        ZONES, created, served);
    assertMembersListed(new TandemApi(nodeHttp, API_KEY));
    // Each member was asked for once per node, with its group's key: none refused.
    for (String zone : List.of("z0.nodes.test", "z1.nodes.test")) {
      List<?> out =
          (List<?>) Json.parse(api.expect(200, "GET", "/api/zones/" + zone + "/transfers", null));
      assertThat(out).as(zone).isNotEmpty();
      for (Object t : out) {
        assertThat(Json.string(t, "result")).as(zone + ": " + t).isEqualTo("ok");
      }
    }
  }

  /**
   * A node lists the catalog's members in DNS order, all at once or in pages that follow one
   * another by their {@code Link} header, each member once.
   */
  private static void assertMembersListed(TandemApi api) throws Exception {
    String members = "/api/catalogs/cat.test./members";
    List<String> all = names(api.expect(200, "GET", members, null));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < ZONES; i++) {
      expected.add("z" + i + ".nodes.test.");
    }
    expected.sort(Comparator.comparing(Name::fromConstantString));
    assertThat(all).isEqualTo(expected);
    List<String> paged = new ArrayList<>();
    String next = members + "?limit=300";
    int pages = 0;
    while (next != null) {
      HttpResponse<String> page = api.send("GET", next, null);
      assertThat(page.statusCode()).as(next).isEqualTo(200);
      paged.addAll(names(page.body()));
      next =
          page.headers()
              .firstValue("Link")
              .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>')))
              .orElse(null);
      pages++;
    }
    assertThat(paged).isEqualTo(expected);
    assertThat(pages).as("1,000 members in pages of 300, the fourth page not full").isEqualTo(4);
    assertThat(api.send("GET", members + "?limit=0", null).statusCode()).isEqualTo(422);
  }

  private static List<String> names(String json) {
    return ((List<?>) Json.parse(json)).stream().map(String::valueOf).toList();
  }

  /** Waits until {@code port} serves every zone; fails naming some it does not. */
  private static void awaitAll(int port, Duration within, TandemProcess node) throws Exception {
    Set<Integer> missing = new HashSet<>();
    for (int i = 0; i < ZONES; i++) {
      missing.add(i);
    }
    long deadline = System.nanoTime() + within.toNanos();
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      missing.removeIf(
          i -> {
            try {
              return Serials.of(port, "z" + i + ".nodes.test.") >= 0;
            } catch (IOException e) {
              return false;
            }
          });
      if (!missing.isEmpty()) {
        Thread.sleep(200);
      }
    }
    assertThat(missing)
        .as("zones 127.0.0.1:%d does not serve; its log:%n%s", port, tail(node.output()))
        .isEmpty();
  }

  private static String tail(String log) {
    return log.length() < 4000 ? log : log.substring(log.length() - 4000);
  }
}
