package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RFC 2136 sync adapter against Knot as the other primary (an ACL allowing UPDATE and AXFR with
 * a TSIG key): the plan shows Knot's real difference, apply makes Knot equal to Tandem (by AXFR,
 * SOA aside, apex NS the union), and a change made in Tandem reaches Knot.
 */
class KnotSyncIT {
  private static final String ORIGIN = "sync.example";
  private static final String KEY = "sync-key";
  private static final String SECRET = "c3luYy10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";
  private static final String API_KEY = "knot-sync-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void knotFollowsTandemThroughSignedUpdatesFromPlanAndApply() throws Exception {
    Path theirs = Files.writeString(dir.resolve("theirs.zone"), PrimaryPrimarySyncIT.THEIRS);
    int http = Peers.freePort();
    try (KnotProcess knot =
            KnotProcess.start(
                dir.resolve("knot"),
                List.of(new KnotProcess.Zone(ORIGIN + ".", theirs)),
                KEY,
                SECRET,
                true);
        TandemProcess tandem =
            TandemProcess.serveApi(dir, http, API_KEY, "--tsig", KEY + "=hmac-sha256:" + SECRET)) {
      TandemApi api = new TandemApi(http, API_KEY);
      SyncApi.primaryZone(api, ORIGIN, PrimaryPrimarySyncIT.OURS);
      String sync = "/api/zones/" + ORIGIN + "/sync";
      SyncApi.addRfc2136(api, ORIGIN, "knot", knot.port(), KEY);
      JsonNode plan = JSON.readTree(api.expect(200, "GET", sync + "/knot/plan", null));
      // mail MX, mx A and txt TXT added; www A and the apex NS (union) changed; old A deleted.
      assertThat(plan.path("summary").asText()).isEqualTo("add 3, change 2, delete 1");
      api.expect(200, "POST", sync + "/knot/apply", "{}");
      assertThat(axfr(knot.port()))
          .containsExactlyInAnyOrderElementsOf(
              List.of(
                  "sync.example. 300 NS ns.other.example.",
                  "sync.example. 300 NS ns1.tandem.example.",
                  "www.sync.example. 300 A 192.0.2.1",
                  "mail.sync.example. 300 MX 10 mx.sync.example.",
                  "mx.sync.example. 300 A 192.0.2.25",
                  "txt.sync.example. 300 TXT \"hello world\" \"second string\""));

      api.expect(
          200,
          "PATCH",
          "/api/zones/" + ORIGIN + "/rrsets",
          """
          {"rrsets": [{"name": "www", "type": "A", "ttl": 60, "changetype": "REPLACE",
                       "records": ["192.0.2.2", "192.0.2.3"]}]}""");
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!axfr(knot.port()).contains("www.sync.example. 60 A 192.0.2.3")) {
        assertThat(System.nanoTime()).as("the change at Knot within 15 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      assertThat(axfr(knot.port()))
          .filteredOn(l -> l.startsWith("www."))
          .containsExactly("www.sync.example. 60 A 192.0.2.2", "www.sync.example. 60 A 192.0.2.3");
    }
  }

  /** Knot's zone by AXFR with the key, SOA aside. */
  private static List<String> axfr(int port) throws Exception {
    return PrimaryPrimarySyncIT.axfr(port).stream().filter(l -> !l.contains(" SOA ")).toList();
  }
}
