package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * Every endpoint of the REST API (/api), with good and bad input, against a real control plane and
 * store; run once per store ({@link RestApiSqliteTest}, {@link RestApiPostgresTest}). Each rejected
 * request is checked to have changed nothing: zones, their contents, keys, peers, ACLs.
 */
abstract class RestApiContract {
  private ApiHarness api;

  abstract ZoneStore newStore();

  @BeforeEach
  void start() {
    api = new ApiHarness(newStore());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** JSON written with single quotes, for legibility. */
  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private static final String ZONE_FILE =
      String.join(
          "\n",
          "$ORIGIN shop.test.",
          "$TTL 300",
          "@ SOA ns1 hostmaster 10 3600 900 1209600 300",
          "@ NS ns1",
          "ns1 A 192.0.2.53",
          "www A 192.0.2.80",
          "");

  private void createShop() {
    Answer a = api.createPrimary("shop.test", ZONE_FILE);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  /** What a rejected request must leave as it was. */
  private String state() {
    StringBuilder sb = new StringBuilder();
    for (JsonNode z : api.get("/api/zones").json()) {
      String name = z.path("zone").asText();
      sb.append(name).append(' ').append(z.path("kind").asText()).append(' ');
      sb.append(z.path("serial").asText()).append('\n');
      Answer export = api.get("/api/zones/" + name + "/export");
      if (export.status() == 200) {
        sb.append(export.body().lines().skip(1).toList()).append('\n'); // line 1: a comment
      }
    }
    for (String list : List.of("tsig-keys", "peers", "acls", "api-keys")) {
      sb.append(api.get("/api/" + list).body()).append('\n');
    }
    return sb.toString();
  }

  private void assertRejected(Answer a, int status, String... messageParts) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.error()).contains(messageParts);
  }

  // ---- keys and scopes ----

  @Test
  void everyApiRouteWantsAKeyAndTheRightScope() {
    createShop();
    String before = state();
    Answer none = api.call("GET", "/api/zones", null, null);
    assertRejected(none, 401, "API key is required");
    assertRejected(api.call("GET", "/api/zones", null, "wrong"), 401, "not valid");
    Answer made = api.post("/api/api-keys", j("{'name':'reader','scope':'read'}"));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String reader = made.json().path("secret").asText();
    assertThat(reader).startsWith("tdm_");
    assertThat(api.call("GET", "/api/zones", null, reader).status()).isEqualTo(200);
    before = state();
    assertRejected(
        api.call(
            "PATCH",
            "/api/zones/shop.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'A','records':['192.0.2.9'],'changetype':'REPLACE'}]}"),
            reader),
        403,
        "has scope read; this needs write");
    Answer writer = api.post("/api/api-keys", j("{'name':'writer','scope':'write'}"));
    String w = writer.json().path("secret").asText();
    before = state();
    assertRejected(
        api.call("POST", "/api/tsig-keys", j("{'name':'k1'}"), w), 403, "this needs admin");
    assertRejected(api.call("GET", "/api/api-keys", null, w), 403, "needs admin");
    assertThat(state()).isEqualTo(before);
    // Bearer works as X-API-Key does.
    var client = java.net.http.HttpClient.newHttpClient();
    try {
      var r =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://" + api.http.address() + "/api/zones"))
                  .header("Authorization", "Bearer " + reader)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void apiKeysAreStoredHashedShownOnceAndRevocable() {
    Answer made = api.post("/api/api-keys", j("{'name':'ci','scope':'write'}"));
    String secret = made.json().path("secret").asText();
    Answer list = api.get("/api/api-keys");
    assertThat(list.body()).contains("\"ci\"").contains("write").doesNotContain(secret);
    // Only the SHA-256 is in the store.
    String stored = api.store.objects("api-key").get("ci");
    assertThat(stored).doesNotContain(secret).contains(ApiKeysHash.sha256(secret));
    assertRejected(
        api.post("/api/api-keys", j("{'name':'ci','scope':'read'}")), 409, "exists already");
    assertRejected(
        api.post("/api/api-keys", j("{'name':'x','scope':'superuser'}")),
        422,
        "read, write or admin");
    assertRejected(
        api.post("/api/api-keys", j("{'name':'bad name!','scope':'read'}")), 422, "not valid");
    assertThat(api.call("GET", "/api/zones", null, secret).status()).isEqualTo(200);
    assertThat(api.call("DELETE", "/api/api-keys/ci", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    assertRejected(api.call("GET", "/api/zones", null, secret), 401, "not valid");
    assertRejected(
        api.call("DELETE", "/api/api-keys/ci", null, ApiHarness.ADMIN), 404, "no API key");
  }

  // ---- zones ----

  @Test
  void primaryZonesAreCreatedListedReadAndDeleted() {
    Answer empty =
        api.post(
            "/api/zones",
            j(
                "{'zone':'empty.test','kind':'primary','nameservers':['ns1.example.net.','ns2.example.net.']}"));
    assertThat(empty.status()).as(empty.body()).isEqualTo(201);
    assertThat(empty.json().path("serial").asLong()).isPositive();
    createShop();
    JsonNode zones = api.get("/api/zones").json();
    assertThat(zones)
        .extracting(z -> z.path("zone").asText())
        .contains("empty.test.", "shop.test.");
    JsonNode shop = api.get("/api/zones/shop.test.").json();
    assertThat(shop.path("kind").asText()).isEqualTo("primary");
    assertThat(shop.path("serial").asLong()).isEqualTo(10);
    assertThat(api.served).containsKey(Name.fromConstantString("shop.test."));
    assertThat(api.get("/api/zones/empty.test/rrsets?type=NS").body())
        .contains("ns1.example.net.", "ns2.example.net.");
    assertThat(api.call("DELETE", "/api/zones/shop.test", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    assertRejected(api.get("/api/zones/shop.test"), 404, "no zone shop.test.");
    assertThat(api.served).doesNotContainKey(Name.fromConstantString("shop.test."));
    assertThat(api.store.state(Name.fromConstantString("shop.test."))).isEmpty();
  }

  @Test
  void badZoneRequestsAreRefusedAndChangeNothing() {
    createShop();
    String before = state();
    assertRejected(api.post("/api/zones", "{\"zone\": "), 400, "malformed JSON at line 1");
    assertRejected(api.post("/api/zones", "[1,2]"), 400, "must be a JSON object");
    assertRejected(api.post("/api/zones", ""), 400, "empty");
    assertRejected(
        api.post("/api/zones", j("{'zone':'shop.test','kind':'primary','nameservers':['ns.x.']}")),
        409,
        "exists already");
    assertRejected(
        api.post("/api/zones", j("{'zone':'new.test','kind':'tertiary'}")),
        422,
        "not 'primary' or 'secondary'");
    assertRejected(
        api.post("/api/zones", j("{'zone':'new..test','kind':'primary','nameservers':['a.b.']}")),
        422,
        "zone");
    assertRejected(
        api.post("/api/zones", j("{'zone':'new.test','kind':'primary','nameserver':['a.b.']}")),
        422,
        "unknown field 'nameserver'");
    assertRejected(
        api.post("/api/zones", j("{'zone':'new.test','kind':'primary'}")),
        422,
        "at least one name server");
    assertRejected(
        api.post("/api/zones", j("{'zone':'new.test','kind':'primary','nameservers':'a.b.'}")),
        422,
        "must be a list of strings");
    Answer badFile =
        api.post(
            "/api/zones",
            Json.MAPPER
                .createObjectNode()
                .put("zone", "new.test")
                .put("kind", "primary")
                .put(
                    "zoneFile",
                    "$ORIGIN new.test.\n@ SOA ns1 h 1 1 1 1 1\n@ NS ns1\nns1 A 300.1.1.1\n")
                .toString());
    assertRejected(badFile, 422, "line 4");
    assertRejected(
        api.post(
            "/api/zones",
            Json.MAPPER
                .createObjectNode()
                .put("zone", "new.test")
                .put("kind", "primary")
                .put("zoneFile", "$ORIGIN new.test.\n$INCLUDE /etc/passwd\n")
                .toString()),
        422,
        "INCLUDE");
    assertRejected(
        api.post("/api/zones", j("{'zone':'sec.test','kind':'secondary','primaries':[]}")),
        422,
        "at least one primary");
    assertRejected(
        api.post("/api/zones", j("{'zone':'sec.test','kind':'secondary','primaries':['nowhere']}")),
        422,
        "primaries[0]");
    assertRejected(
        api.post(
            "/api/zones",
            j("{'zone':'sec.test','kind':'secondary','primaries':['127.0.0.1:53@nokey.']}")),
        422,
        "not defined");
    assertRejected(
        api.call("DELETE", "/api/zones/nothere.test", null, ApiHarness.ADMIN), 404, "no zone");
    assertRejected(api.get("/api/nothing"), 404, "no such endpoint");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void secondaryZonesAreCreatedWithTheirActionsAndRemoved() {
    Answer a =
        api.post(
            "/api/zones",
            j(
                "{'zone':'sec.test','kind':'secondary','primaries':['127.0.0.1:9@configured.'],'allowTransfer':['127.0.0.0/8']}"));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(a.json().path("kind").asText()).isEqualTo("secondary");
    assertThat(a.json().path("primaries").toString()).contains("127.0.0.1");
    assertThat(api.call("POST", "/api/zones/sec.test/refresh", null, ApiHarness.ADMIN).status())
        .isEqualTo(202);
    Answer re = api.call("POST", "/api/zones/sec.test/retransfer", null, ApiHarness.ADMIN);
    assertThat(re.status()).isEqualTo(202);
    assertThat(re.json().path("message").asText()).contains("AXFR");
    assertThat(api.call("POST", "/api/zones/sec.test/notify", null, ApiHarness.ADMIN).status())
        .isEqualTo(202);
    // A secondary's records are its primary's: edits are refused, saying where to make them.
    assertRejected(
        api.call(
            "PATCH",
            "/api/zones/sec.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'A','records':['192.0.2.1'],'changetype':'REPLACE'}]}"),
            ApiHarness.ADMIN),
        422,
        "change it at its primary");
    assertRejected(api.get("/api/zones/sec.test/export"), 409, "first transfer");
    // The store keeps it: it is the zone's configuration.
    assertThat(api.store.settings(Name.fromConstantString("sec.test."))).containsKey("primaries");
    assertThat(api.call("DELETE", "/api/zones/sec.test", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    assertRejected(api.get("/api/zones/sec.test"), 404, "no zone");
  }

  @Test
  void actionsOnAPrimarySayWhatTheyDid() {
    createShop();
    assertRejected(
        api.call("POST", "/api/zones/shop.test/refresh", null, ApiHarness.ADMIN),
        422,
        "is a primary here");
    assertRejected(
        api.call("POST", "/api/zones/shop.test/retransfer", null, ApiHarness.ADMIN),
        422,
        "is a primary here");
    Answer n = api.call("POST", "/api/zones/shop.test/notify", null, ApiHarness.ADMIN);
    assertThat(n.status()).isEqualTo(202);
    assertThat(n.json().path("message").asText()).contains("NOTIFY");
  }

  // ---- zone files ----

  @Test
  void zoneFilesGoInAndOut() {
    createShop();
    Answer export = api.get("/api/zones/shop.test/export");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("text/dns");
    assertThat(export.body()).contains("www.shop.test.", "192.0.2.80", "SOA");
    String next = ZONE_FILE.replace(" 10 ", " 11 ").replace("192.0.2.80", "192.0.2.81");
    Answer in = api.call("PUT", "/api/zones/shop.test/import", next, ApiHarness.ADMIN, "text/dns");
    assertThat(in.status()).as(in.body()).isEqualTo(200);
    assertThat(in.json().path("toSerial").asLong()).isEqualTo(11);
    assertThat(api.get("/api/zones/shop.test/export").body()).contains("192.0.2.81");
    // One journaled change, which IXFR out sends.
    JsonNode journal = api.get("/api/zones/shop.test/journal").json();
    assertThat(journal).hasSize(1);
    assertThat(journal.get(0).path("added").toString()).contains("192.0.2.81");
    String before = state();
    assertRejected(
        api.call(
            "PUT",
            "/api/zones/shop.test/import",
            next + "bad MX x\n",
            ApiHarness.ADMIN,
            "text/dns"),
        422,
        "line 7");
    assertRejected(
        api.call(
            "PUT",
            "/api/zones/shop.test/import",
            next + "bad MX x\nworse A 10.0.0.300\n",
            ApiHarness.ADMIN,
            "text/dns"),
        422,
        "line 7: ",
        "; line 8: ");
    // Issue 14: 150 bytes that asked for a hundred million records ran into OutOfMemoryError.
    assertRejected(
        api.call(
            "PUT",
            "/api/zones/shop.test/import",
            next + "$GENERATE 0-100000000 h$ A 10.0.0.1\n",
            ApiHarness.ADMIN,
            "text/dns"),
        422,
        "line 7: $GENERATE makes 100000001 records, more than the zone size limit of 20000000");
    assertRejected(
        api.call(
            "PUT",
            "/api/zones/shop.test/import",
            next.replace("shop.test.", "other.test."),
            ApiHarness.ADMIN,
            "text/dns"),
        422,
        "");
    assertRejected(
        api.call("PUT", "/api/zones/none.test/import", next, ApiHarness.ADMIN, "text/dns"),
        404,
        "no zone");
    assertRejected(
        api.call("PUT", "/api/zones/shop.test/import", " ", ApiHarness.ADMIN, "text/dns"),
        422,
        "empty");
    assertThat(state()).isEqualTo(before);
  }

  // ---- records ----

  @Test
  void rrsetsAreReadReplacedAndDeleted() {
    createShop();
    Answer patch =
        api.call(
            "PATCH",
            "/api/zones/shop.test/rrsets",
            j(
                "{'rrsets':["
                    + "{'name':'api','type':'A','ttl':60,'records':['192.0.2.1','192.0.2.2'],'changetype':'REPLACE'},"
                    + "{'name':'_acme-challenge.www.shop.test.','type':'TXT','ttl':60,'records':['\\'tok\\''],'changetype':'REPLACE'},"
                    + "{'name':'www','type':'A','changetype':'DELETE'}]}"),
            ApiHarness.ADMIN);
    assertThat(patch.status()).as(patch.body()).isEqualTo(200);
    assertThat(patch.json().path("toSerial").asLong()).isEqualTo(11); // one serial for all three
    JsonNode a = api.get("/api/zones/shop.test/rrsets?name=api&type=A").json();
    assertThat(a).hasSize(1);
    assertThat(a.get(0).path("ttl").asLong()).isEqualTo(60);
    assertThat(a.get(0).path("records").toString()).contains("192.0.2.1", "192.0.2.2");
    assertThat(api.get("/api/zones/shop.test/rrsets?name=www").json()).isEmpty();
    assertThat(api.get("/api/zones/shop.test/rrsets?type=TXT").body()).contains("tok");
    Answer put =
        api.call(
            "PUT",
            "/api/zones/shop.test/rrsets/mail/MX",
            j("{'ttl':300,'records':['10 mx1.shop.test.','20 mx2.shop.test.']}"),
            ApiHarness.ADMIN);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(api.get("/api/zones/shop.test/rrsets?name=mail").body()).contains("mx2.shop.test.");
    Answer del = api.call("DELETE", "/api/zones/shop.test/rrsets/mail/MX", null, ApiHarness.ADMIN);
    assertThat(del.status()).isEqualTo(200);
    assertThat(api.get("/api/zones/shop.test/rrsets?name=mail").json()).isEmpty();
    // Served, not only stored.
    assertThat(api.served.get(Name.fromConstantString("shop.test.")))
        .extracting(z -> z.serial())
        .isEqualTo(13L);
  }

  @Test
  void badRecordChangesAreRefusedWhole() {
    createShop();
    String before = state();
    String ok = "{'name':'ok','type':'A','records':['192.0.2.7'],'changetype':'REPLACE'}";
    assertRejected(
        patch(
            "[" + ok + ",{'name':'x','type':'A','records':['300.0.0.1'],'changetype':'REPLACE'}]"),
        422,
        "not valid A data");
    assertRejected(
        patch(
            "["
                + ok
                + ",{'name':'x.other.test.','type':'A','records':['192.0.2.1'],'changetype':'REPLACE'}]"),
        422,
        "Name is out of zone");
    assertRejected(
        patch("[{'name':'x','type':'BOGUS','records':['1'],'changetype':'REPLACE'}]"),
        422,
        "unknown type given");
    assertRejected(
        patch("[{'name':'x','type':'A','records':['192.0.2.1'],'changetype':'UPSERT'}]"),
        422,
        "is not a valid value: REPLACE, DELETE, EXTEND or PRUNE");
    assertRejected(
        patch("[{'name':'@','type':'SOA','changetype':'DELETE'}]"),
        422,
        "the apex must keep its SOA record");
    assertRejected(
        patch("[{'name':'x','type':'A','ttl':-5,'records':['192.0.2.1'],'changetype':'REPLACE'}]"),
        422,
        "TTL");
    assertRejected(
        patch("[{'name':'x','type':'A','records':['192.0.2.1'],'changetype':'REPLACE','extra':1}]"),
        422,
        "unknown field 'extra'");
    assertRejected(patch("[]"), 422, "no changes");
    assertRejected(
        api.call("PATCH", "/api/zones/shop.test/rrsets", "{'rrsets': [", ApiHarness.ADMIN),
        400,
        "malformed JSON");
    assertRejected(
        api.call(
            "PATCH", "/api/zones/none.test/rrsets", j("{'rrsets':[" + ok + "]}"), ApiHarness.ADMIN),
        404,
        "no zone");
    assertRejected(
        api.call("PUT", "/api/zones/shop.test/rrsets/www/A", j("{'records':[]}"), ApiHarness.ADMIN),
        422,
        "no records");
    assertRejected(
        api.call("DELETE", "/api/zones/shop.test/rrsets/nothing/A", null, ApiHarness.ADMIN),
        404,
        "has no A RRset");
    assertRejected(
        api.post(
            "/api/zones/shop.test/records", j("{'op':'add','name':'x','type':'A','rdata':'x'}")),
        422,
        "not valid A data");
    assertRejected(
        api.post(
            "/api/zones/shop.test/records",
            j("{'op':'upsert','name':'x','type':'A','rdata':'192.0.2.1'}")),
        422,
        "not add, delete or replace");
    assertThat(state()).isEqualTo(before);
  }

  private Answer patch(String rrsets) {
    return api.call(
        "PATCH", "/api/zones/shop.test/rrsets", j("{'rrsets':" + rrsets + "}"), ApiHarness.ADMIN);
  }

  @Test
  void singleRecordsAreAddedAndDeleted() {
    createShop();
    Answer add =
        api.post(
            "/api/zones/shop.test/records",
            j("{'op':'add','name':'www','ttl':300,'type':'A','rdata':'192.0.2.81'}"));
    assertThat(add.status()).as(add.body()).isEqualTo(200);
    assertThat(api.get("/api/zones/shop.test/rrsets?name=www&type=A").body())
        .contains("192.0.2.80", "192.0.2.81");
    Answer del =
        api.post(
            "/api/zones/shop.test/records",
            j("{'op':'delete','name':'www','type':'A','rdata':'192.0.2.80'}"));
    assertThat(del.status()).isEqualTo(200);
    assertThat(api.get("/api/zones/shop.test/rrsets?name=www&type=A").body())
        .doesNotContain("192.0.2.80");
  }

  // ---- history ----

  @Test
  void transferHistoryIsReadWithALimit() {
    createShop();
    assertThat(api.get("/api/zones/shop.test/transfers").json()).isEmpty();
    assertRejected(api.get("/api/zones/shop.test/transfers?limit=x"), 422, "not a number");
    assertRejected(api.get("/api/zones/shop.test/transfers?limit=0"), 422, "at least 1");
    assertRejected(api.get("/api/zones/none.test/transfers"), 404, "no zone");
    assertRejected(api.get("/api/zones/none.test/journal"), 404, "no zone");
  }

  @Test
  void reloadReportsEachZone() {
    Answer ok = api.call("POST", "/api/reload", null, ApiHarness.ADMIN);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("lines").toString()).contains("reloaded");
    api.reloadOk = false;
    assertThat(api.call("POST", "/api/reload", null, ApiHarness.ADMIN).status()).isEqualTo(422);
  }

  // ---- TSIG keys, peers, ACLs ----

  @Test
  void tsigKeysAreMadeListedAndDeleted() {
    Answer made = api.post("/api/tsig-keys", j("{'name':'xfr-key','algorithm':'hmac-sha512'}"));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(made.json().path("name").asText()).isEqualTo("xfr-key.");
    assertThat(java.util.Base64.getDecoder().decode(made.json().path("secret").asText()))
        .hasSize(64);
    Answer reader = api.post("/api/api-keys", j("{'name':'r','scope':'read'}"));
    String r = reader.json().path("secret").asText();
    // Secrets are for admin keys only.
    assertThat(api.call("GET", "/api/tsig-keys", null, r).body())
        .contains("xfr-key.", "configured.")
        .doesNotContain("secret");
    assertThat(api.get("/api/tsig-keys/xfr-key.").json().path("secret").asText()).isNotEmpty();
    String before = state();
    assertRejected(api.post("/api/tsig-keys", j("{'name':'xfr-key'}")), 409, "exists already");
    assertRejected(
        api.post("/api/tsig-keys", j("{'name':'k2','algorithm':'hmac-sha3'}")),
        422,
        "unknown algorithm");
    assertRejected(
        api.post("/api/tsig-keys", j("{'name':'k2','secret':'not base64!'}")), 422, "not base64");
    assertRejected(
        api.call("DELETE", "/api/tsig-keys/configured.", null, ApiHarness.ADMIN),
        409,
        "from the configuration");
    // A key a zone uses stays.
    assertThat(
            api.post(
                    "/api/zones",
                    j(
                        "{'zone':'k.test','kind':'primary','nameservers':['ns.example.net.'],'allowTransfer':['127.0.0.1@xfr-key.']}"))
                .status())
        .isEqualTo(201);
    before = state();
    assertRejected(
        api.call("DELETE", "/api/tsig-keys/xfr-key.", null, ApiHarness.ADMIN), 409, "k.test.");
    assertThat(state()).isEqualTo(before);
    api.call("DELETE", "/api/zones/k.test", null, ApiHarness.ADMIN);
    assertThat(api.call("DELETE", "/api/tsig-keys/xfr-key.", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    assertThat(api.plane.hasKey(Name.fromConstantString("xfr-key."))).isFalse();
    assertRejected(api.get("/api/tsig-keys/xfr-key."), 404, "no TSIG key");
  }

  @Test
  void peersAndAclsAreReusedByZones() {
    Answer key = api.post("/api/tsig-keys", j("{'name':'prov-b'}"));
    assertThat(key.status()).isEqualTo(201);
    Answer peer =
        api.post(
            "/api/peers",
            j(
                "{'name':'provider-b','address':'127.0.0.1','port':5399,'key':'prov-b.','ixfr':true}"));
    assertThat(peer.status()).as(peer.body()).isEqualTo(201);
    Answer acl =
        api.post("/api/acls", j("{'name':'office','rules':['192.0.2.0/24','2001:db8::/32']}"));
    assertThat(acl.status()).as(acl.body()).isEqualTo(201);
    assertThat(api.get("/api/peers/provider-b").json().path("port").asInt()).isEqualTo(5399);
    assertThat(api.get("/api/acls/office").body()).contains("192.0.2.0/24");
    Answer zone =
        api.post(
            "/api/zones",
            j(
                "{'zone':'multi.test','kind':'primary','nameservers':['ns.example.net.'],'notify':['provider-b'],'allowTransfer':['provider-b','office']}"));
    assertThat(zone.status()).as(zone.body()).isEqualTo(201);
    assertThat(
            api.plane
                .port()
                .mayTransfer(
                    Name.fromConstantString("multi.test."),
                    ipv4("127.0.0.1"),
                    Name.fromConstantString("prov-b."),
                    false))
        .isTrue();
    assertThat(
            api.plane
                .port()
                .mayTransfer(
                    Name.fromConstantString("multi.test."), ipv4("192.0.2.9"), null, false))
        .isTrue();
    assertThat(
            api.plane
                .port()
                .mayTransfer(
                    Name.fromConstantString("multi.test."), ipv4("198.51.100.1"), null, false))
        .isFalse();
    String before = state();
    assertRejected(
        api.post("/api/peers", j("{'name':'p2','address':'not-an-ip'}")),
        422,
        "not an IPv4 or IPv6");
    assertRejected(
        api.post("/api/peers", j("{'name':'p2','address':'127.0.0.1','port':70000}")), 422, "port");
    assertRejected(
        api.post("/api/peers", j("{'name':'p2','address':'127.0.0.1','key':'nokey.'}")),
        422,
        "not defined");
    assertRejected(
        api.post("/api/acls", j("{'name':'a2','rules':['300.1.1.0/24']}")), 422, "rules[0]");
    assertRejected(api.post("/api/acls", j("{'name':'a2'}")), 422, "rules");
    assertRejected(api.get("/api/peers/nobody"), 404, "no peer");
    assertRejected(api.get("/api/acls/nothing"), 404, "no ACL");
    assertThat(state()).isEqualTo(before);
    Answer replaced =
        api.call(
            "PUT", "/api/peers/provider-b", j("{'address':'::1','port':5400}"), ApiHarness.ADMIN);
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(api.get("/api/peers").body()).contains("::1");
    assertThat(
            api.call("PUT", "/api/acls/office", j("{'rules':['any']}"), ApiHarness.ADMIN).status())
        .isEqualTo(200);
    // A peer whose IXFR is off makes secondaries ask it for AXFR only.
    assertThat(
            api.post(
                    "/api/peers",
                    j("{'name':'old-bind','address':'127.0.0.1','port':5401,'ixfr':false}"))
                .status())
        .isEqualTo(201);
    Answer sec =
        api.post(
            "/api/zones", j("{'zone':'follow.test','kind':'secondary','primaries':['old-bind']}"));
    assertThat(sec.status()).as(sec.body()).isEqualTo(201);
    assertThat(
            ((SecondaryZone) api.plane.zone(Name.fromConstantString("follow.test.")).orElseThrow())
                .config()
                .primaries())
        .singleElement()
        .satisfies(r -> assertThat(r.ixfr()).isFalse());
    assertThat(api.store.settings(Name.fromConstantString("follow.test.")).get("primaries"))
        .isEqualTo("127.0.0.1:5401 axfr-only");
    assertThat(api.call("DELETE", "/api/peers/provider-b", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    api.call("DELETE", "/api/peers/old-bind", null, ApiHarness.ADMIN);
    assertThat(api.call("DELETE", "/api/acls/office", null, ApiHarness.ADMIN).status())
        .isEqualTo(204);
    assertThat(api.get("/api/peers").json()).isEmpty();
  }

  private static java.net.InetAddress ipv4(String a) {
    try {
      return java.net.InetAddress.getByName(a);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  // ---- the document and the counters ----

  @Test
  void theOpenApiDocumentListsExactlyWhatIsServed() {
    Answer doc = api.call("GET", "/api/openapi.json", null, null);
    assertThat(doc.status()).isEqualTo(200);
    JsonNode paths = doc.json().path("paths");
    Set<String> documented = new HashSet<>();
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      paths
          .get(path)
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(api.http.routes());
    List<String> ours = new ArrayList<>();
    for (String r : api.http.routes()) {
      if (!r.contains("/api/v1") && !r.endsWith(" /api")) {
        ours.add(r);
      }
    }
    assertThat(ours).hasSizeGreaterThan(30);
    assertThat(doc.json().path("openapi").asText()).startsWith("3.");
  }

  @Test
  void requestsAreCountedByStatus() {
    api.get("/api/zones");
    api.call("GET", "/api/zones", null, null);
    String scrape = api.registry.scrape();
    assertThat(scrape)
        .contains("tandem_api_requests_total{method=\"GET\",status=\"200\",surface=\"api\"}")
        .contains("tandem_api_requests_total{method=\"GET\",status=\"401\",surface=\"api\"}");
  }
}
