package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/audit}: every change through the API is in the log, who made it, what it was and
 * how it ended, refusals too, never a secret; filtered and paged.
 */
class AuditLogTest extends ApiOnSqlite {
  private static final String ZONE_FILE =
      "$ORIGIN a.test.\n@ 300 SOA ns hm 1 60 60 600 60\n@ 300 NS ns\nns 300 A 192.0.2.1\n";

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private List<JsonNode> audit(String query) {
    Answer a = h.get("/api/audit" + query);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    a.json().forEach(out::add);
    return out;
  }

  @Test
  void aRecordChangeIsLoggedWithWhoWhatAndTheSerials() {
    assertThat(h.createPrimary("a.test", ZONE_FILE).status()).isEqualTo(201);
    Answer key = h.post("/api/api-keys", j("{'name':'ops','scope':'write'}"));
    String ops = key.json().path("secret").asText();
    Answer edit =
        h.call(
            "PATCH",
            "/api/zones/a.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'A','ttl':60,'changetype':'REPLACE',"
                    + "'records':['192.0.2.7']}]}"),
            ops);
    assertThat(edit.status()).as(edit.body()).isEqualTo(200);

    List<JsonNode> changes = audit("?zone=a.test&action=rrsets.change");
    assertThat(changes).hasSize(1);
    JsonNode e = changes.getFirst();
    assertThat(e.path("actor").asText()).isEqualTo("ops");
    assertThat(e.path("via").asText()).isEqualTo("api");
    assertThat(e.path("outcome").asText()).isEqualTo("ok");
    assertThat(e.path("zone").asText()).isEqualTo("a.test.");
    assertThat(e.path("detail").path("added").toString()).contains("192.0.2.7");
    assertThat(e.path("detail").path("toSerial").asLong())
        .isGreaterThan(e.path("detail").path("fromSerial").asLong());
    // The zone's creation and the key's are there too, older.
    List<String> actions = new ArrayList<>();
    audit("").forEach(x -> actions.add(x.path("action").asText()));
    assertThat(actions).containsExactly("rrsets.change", "api-key.create", "zone.create");
  }

  @Test
  void aRefusedChangeIsLoggedWithTheReasonAndChangesNothing() {
    assertThat(h.createPrimary("a.test", ZONE_FILE).status()).isEqualTo(201);
    Answer bad =
        h.call(
            "PATCH",
            "/api/zones/a.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'MX','ttl':60,'changetype':'REPLACE',"
                    + "'records':['not an mx']}]}"),
            ApiHarness.ADMIN);
    assertThat(bad.status()).isEqualTo(422);
    JsonNode e = audit("?action=rrsets.change").getFirst();
    assertThat(e.path("outcome").asText()).startsWith("refused: ");
    assertThat(e.path("actor").asText()).isEqualTo("admin");
  }

  @Test
  void aTsigSecretNeverReachesTheLog() {
    String secret = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==";
    Answer made = h.post("/api/tsig-keys", j("{'name':'xfr','secret':'" + secret + "'}"));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    Answer log = h.get("/api/audit");
    assertThat(log.json().get(0).path("action").asText()).isEqualTo("tsig-key.create");
    assertThat(log.body()).doesNotContain(secret);
  }

  @Test
  void theLogIsPagedNewestFirstAndReadOnlyWithAnAdminKey() {
    for (String z : List.of("a.test", "b.test", "c.test")) {
      assertThat(h.createPrimary(z, ZONE_FILE.replace("a.test", z)).status()).isEqualTo(201);
    }
    List<JsonNode> first = audit("?limit=2");
    assertThat(first)
        .extracting(x -> x.path("zone").asText())
        .containsExactly("c.test.", "b.test.");
    List<JsonNode> next = audit("?limit=2&before=" + first.getLast().path("seq").asLong());
    assertThat(next).extracting(x -> x.path("zone").asText()).containsExactly("a.test.");
    assertThat(h.get("/api/audit?limit=0").status()).isEqualTo(422);
    assertThat(h.get("/api/audit?since=yesterday").error()).contains("since 'yesterday'");

    String reader =
        h.post("/api/api-keys", j("{'name':'r','scope':'write'}")).json().path("secret").asText();
    assertThat(h.call("GET", "/api/audit", null, reader).status()).isEqualTo(403);
  }

  @Test
  void aSignedUpdateIsLoggedWithItsKeyTheRecordsAndTheOutcome() throws Exception {
    assertThat(h.createPrimary("a.test", ZONE_FILE).status()).isEqualTo(201);
    assertThat(h.post("/api/tsig-keys", j("{'name':'upd'}")).status()).isEqualTo(201);
    Answer rule =
        h.call(
            "PATCH",
            "/api/zones/a.test",
            j("{'allowUpdate':['upd.:www.a.test.:A']}"),
            ApiHarness.ADMIN);
    assertThat(rule.status()).as(rule.body()).isEqualTo(200);
    org.xbill.DNS.Name zone = org.xbill.DNS.Name.fromString("a.test.");
    org.xbill.DNS.Name key = org.xbill.DNS.Name.fromString("upd.");
    java.net.InetAddress peer = java.net.InetAddress.getByName("192.0.2.44");

    org.xbill.DNS.Update ok = new org.xbill.DNS.Update(zone);
    ok.add(org.xbill.DNS.Name.fromString("www.a.test."), org.xbill.DNS.Type.A, 60, "192.0.2.5");
    assertThat(h.plane.port().update(zone, ok, peer, key).toCompletableFuture().get())
        .isEqualTo(org.xbill.DNS.Rcode.NOERROR);
    org.xbill.DNS.Update outside = new org.xbill.DNS.Update(zone);
    outside.add(
        org.xbill.DNS.Name.fromString("mail.a.test."), org.xbill.DNS.Type.A, 60, "192.0.2.6");
    assertThat(h.plane.port().update(zone, outside, peer, key).toCompletableFuture().get())
        .isEqualTo(org.xbill.DNS.Rcode.REFUSED);

    List<JsonNode> updates = audit("?action=rrsets.update");
    assertThat(updates).hasSize(2);
    JsonNode refused = updates.get(0);
    JsonNode made = updates.get(1);
    assertThat(made.path("actor").asText()).isEqualTo("TSIG key upd.");
    assertThat(made.path("via").asText()).isEqualTo("update");
    assertThat(made.path("outcome").asText()).isEqualTo("ok");
    assertThat(made.path("target").asText()).isEqualTo("www.a.test. A");
    assertThat(made.path("detail").path("from").asText()).isEqualTo("192.0.2.44");
    assertThat(made.path("detail").path("update").toString()).contains("192.0.2.5");
    assertThat(refused.path("outcome").asText()).startsWith("refused: REFUSED");
  }
}
