package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PowerDNS's own API regression suite ({@code regression-tests.api} in the PowerDNS/pdns
 * repository, pytest) re-written, test by test, for the behaviours its clients rely on: each method
 * names the test it re-writes and makes the same requests and the same assertions against a running
 * {@code tandem serve}, as a black box. The suite itself cannot run in CI (it is not packaged for
 * Debian, and CI fetches nothing); the per-file results of running it by hand are in
 * docs/compatibility.md, with the reason for each test that still fails.
 */
class PowerDnsRegressionIT {
  private static final String KEY = "regression-it-key";
  private static final String ZONES = "/api/v1/servers/localhost/zones";
  private static final String TSIG = "/api/v1/servers/localhost/tsigkeys";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final AtomicInteger UNIQUE = new AtomicInteger();

  @TempDir static Path dir;
  static TandemProcess tandem;
  static int http;

  @BeforeAll
  static void start() throws Exception {
    http = Peers.freePort();
    tandem = TandemProcess.serveApi(dir, http, KEY);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (tandem != null) {
      tandem.close();
    }
  }

  // ---- test_Basics.py, test_Discovery.py, test_Servers.py ----

  /** test_Basics.py test_unauth; test_Discovery.py test_discovery. */
  @Test
  void withoutAKeyTheServerIsUnauthorizedAndDiscoveryNamesApiV1() throws Exception {
    assertThat(send("GET", "/api/v1/servers/localhost", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> api = go("GET", "/api", null);
    assertThat(api.statusCode()).isEqualTo(200);
    Object v1 = ((List<?>) Json.parse(api.body())).get(0);
    assertThat(Json.string(v1, "url")).isEqualTo("/api/v1");
    assertThat(((Number) Json.member(v1, "version")).longValue()).isEqualTo(1L);
  }

  /** test_Basics.py test_cors. */
  @Test
  void corsPreflightListsTheMethodsOfEachPath() throws Exception {
    HttpResponse<String> server = go("OPTIONS", "/api/v1/servers/localhost", null);
    assertThat(server.statusCode()).isEqualTo(200);
    assertThat(server.headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(server.headers().firstValue("access-control-allow-headers"))
        .contains("Content-Type, X-API-Key");
    assertThat(server.headers().firstValue("access-control-allow-methods"))
        .contains("GET, OPTIONS");
    HttpResponse<String> zone = go("OPTIONS", ZONES + "/test", null);
    assertThat(zone.headers().firstValue("access-control-allow-methods"))
        .contains("GET, PATCH, PUT, DELETE, OPTIONS");
    assertThat(go("OPTIONS", "/api/v1/servers/localhost/invalid", null).statusCode())
        .isEqualTo(404);
  }

  /** test_Servers.py test_list_servers, test_servers_localhost, test_read_config. */
  @Test
  void theServerIsLocalhostAnAuthoritativeDaemonWithAConfig() throws Exception {
    List<?> servers = (List<?>) Json.parse(go("GET", "/api/v1/servers", null).body());
    assertThat(servers).hasSize(1);
    Object localhost = Json.parse(go("GET", "/api/v1/servers/localhost", null).body());
    assertThat(Json.string(localhost, "id")).isEqualTo("localhost");
    assertThat(Json.string(localhost, "type")).isEqualTo("Server");
    assertThat(Json.string(localhost, "daemon_type")).isEqualTo("authoritative");
    for (String k : List.of("version", "url", "zones_url", "config_url")) {
      assertThat(Json.member(localhost, k)).as(k).isNotNull();
    }
    HttpResponse<String> config = go("GET", "/api/v1/servers/localhost/config", null);
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(Json.parse(config.body())).isInstanceOf(List.class);
  }

  // ---- test_TSIG.py ----

  /** test_TSIG.py test_create_key, test_create_key_with_key_data, test_get_non_existing_key. */
  @Test
  void tsigKeysAreMadeWithAGeneratedOrGivenSecretAndAMissingOneIsNotFound() throws Exception {
    String name = unique("tsig");
    Object made = created(TSIG, Map.of("name", name, "algorithm", "hmac-md5"));
    for (String k : List.of("id", "name", "algorithm", "key", "type")) {
      assertThat(Json.member(made, k)).as(k).isNotNull();
    }
    assertThat(Json.string(made, "name")).isEqualTo(name);
    assertThat(Json.string(made, "algorithm")).isEqualTo("hmac-md5");
    String secret = "fn+BREHMDq0uWA1WbDwaoc2ne3rD973ySJ33ToJTfWY=";
    Object given =
        created(TSIG, Map.of("name", unique("tsig"), "algorithm", "hmac-md5", "key", secret));
    assertThat(Json.string(given, "key")).isEqualTo(secret);
    HttpResponse<String> missing = go("GET", TSIG + "/idonotexist.", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(error(missing)).contains("TSIG key with name 'idonotexist' not found");
  }

  /**
   * test_TSIG.py test_put_key_change_name, test_put_key_change_key, test_post_existing_key_name,
   * test_put_broken_key, test_remove_key.
   */
  @Test
  void tsigKeysAreRenamedGivenNewSecretsAndRemoved() throws Exception {
    Map<String, Object> payload = Map.of("name", unique("tsig"), "algorithm", "hmac-md5");
    Object made = created(TSIG, payload);
    String id = Json.string(made, "id");
    HttpResponse<String> again = go("POST", TSIG, payload);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(error(again)).contains("A TSIG key with the name ");
    String secret = "l36TAJalAys0HeEfSM1rFzSmz9kSwfiBo3HNkL62COs=";
    HttpResponse<String> rekeyed = go("PUT", TSIG + "/" + id, Map.of("key", secret));
    assertThat(rekeyed.statusCode()).isEqualTo(200);
    assertThat(Json.string(Json.parse(rekeyed.body()), "key")).isEqualTo(secret);
    HttpResponse<String> broken = go("PUT", TSIG + "/" + id, Map.of("key", "f\\u0333oobar1======"));
    assertThat(broken.statusCode()).isEqualTo(422);
    assertThat(error(broken)).contains("Can not base64 decode key content ");
    String newName = unique("renamed");
    HttpResponse<String> renamed = go("PUT", TSIG + "/" + id, Map.of("name", newName));
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(Json.string(Json.parse(renamed.body()), "name")).isEqualTo(newName);
    assertThat(go("GET", TSIG + "/" + id, null).statusCode()).isEqualTo(404);
    String newId = Json.string(Json.parse(renamed.body()), "id");
    assertThat(go("DELETE", TSIG + "/" + newId, null).statusCode()).isEqualTo(204);
    assertThat(go("GET", TSIG, null).body()).doesNotContain(newName);
  }

  // ---- test_Zones.py ----

  /** The helper create_zone of test_Zones.py: a Native zone with two out-of-zone name servers. */
  private static String createZone() throws Exception {
    return createZone(unique("test") + ".org.", Map.of());
  }

  private static String createZone(String name, Map<String, Object> extra) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(extra);
    body.put("name", name);
    body.put("kind", "Native");
    body.put("nameservers", List.of("ns1.example.com.", "ns2.example.com."));
    created(ZONES, body);
    return name;
  }

  private static @Nullable Object rrset(String zone, String name, String type) throws Exception {
    Object z = Json.parse(go("GET", ZONES + "/" + zone, null).body());
    for (Object r : Json.list(z, "rrsets")) {
      if (Json.string(r, "name").equals(name) && Json.string(r, "type").equals(type)) {
        return r;
      }
    }
    return null;
  }

  private static HttpResponse<String> patch(String zone, Map<String, Object> rrset)
      throws Exception {
    return go("PATCH", ZONES + "/" + zone, Map.of("rrsets", List.of(rrset)));
  }

  /** test_Zones.py test_create_zone (the fields), test_create_zone_exists. */
  @Test
  void aZoneIsCreatedWithItsNameServersAndOnlyOnce() throws Exception {
    String name = createZone();
    Object zone = Json.parse(go("GET", ZONES + "/" + name, null).body());
    for (String k :
        List.of(
            "id",
            "url",
            "name",
            "masters",
            "kind",
            "last_check",
            "notified_serial",
            "serial",
            "edited_serial",
            "soa_edit_api",
            "soa_edit",
            "account")) {
      assertThat(Json.member(zone, k)).as(k).isNotNull();
    }
    assertThat(Json.string(zone, "kind")).isEqualTo("Native");
    Object ns = rrset(name, name, "NS");
    assertThat(Json.list(ns, "records"))
        .extracting(r -> Json.string(r, "content"))
        .containsExactlyInAnyOrder("ns1.example.com.", "ns2.example.com.");
    HttpResponse<String> again =
        go(
            "POST",
            ZONES,
            Map.of("name", name, "kind", "Native", "nameservers", List.of("ns1.example.com.")));
    assertThat(again.statusCode()).isEqualTo(409);
  }

  /** test_Zones.py test_zone_rr_update_invalid_mx. */
  @Test
  void anMxWhoseTargetIsNoHostNameIsRefusedAndNotStored() throws Exception {
    String name = createZone();
    HttpResponse<String> r =
        patch(
            name,
            Map.of(
                "changetype",
                "replace",
                "name",
                name,
                "type",
                "MX",
                "ttl",
                3600,
                "records",
                List.of(Map.of("content", "10 mail@mx.example.org.", "disabled", false))));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(error(r)).contains("non-hostname content");
    assertThat(rrset(name, name, "MX")).isNull();
  }

  /** test_Zones.py test_rrset_zone_apex: SOA and DNAME at the apex (RFC 6672 section 2.3). */
  @Test
  void aDnameAtTheApexIsTakenWithANewSoa() throws Exception {
    String name = createZone();
    HttpResponse<String> r =
        go(
            "PATCH",
            ZONES + "/" + name,
            Map.of(
                "rrsets",
                List.of(
                    Map.of(
                        "changetype",
                        "replace",
                        "name",
                        name,
                        "type",
                        "SOA",
                        "ttl",
                        3600,
                        "records",
                        List.of(
                            Map.of(
                                "content",
                                "ns1.example.org. test@example.org. 10 10800 3600 604800 3600",
                                "disabled",
                                false))),
                    Map.of(
                        "changetype",
                        "replace",
                        "name",
                        name,
                        "type",
                        "DNAME",
                        "ttl",
                        3600,
                        "records",
                        List.of(Map.of("content", "example.com.", "disabled", false))))));
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    assertThat(rrset(name, name, "DNAME")).isNotNull();
  }

  /** test_Zones.py test_zone_rr_update_with_extend. */
  @Test
  void extendAddsOneRecordAndTheSameAgainChangesNothing() throws Exception {
    String name = createZone();
    Map<String, Object> extend =
        Map.of(
            "changetype",
            "extend",
            "name",
            "a." + name,
            "type",
            "A",
            "ttl",
            3600,
            "records",
            List.of(Map.of("content", "1.2.3.4", "disabled", false)));
    assertThat(patch(name, extend).statusCode()).isBetween(200, 299);
    Object first = rrset(name, "a." + name, "A");
    assertThat(Json.list(first, "records"))
        .extracting(x -> Json.string(x, "content"))
        .containsExactly("1.2.3.4");
    assertThat(patch(name, extend).statusCode()).isBetween(200, 299);
    assertThat(rrset(name, "a." + name, "A")).isEqualTo(first);
  }

  /** test_Zones.py test_zone_comment_create. */
  @Test
  void commentsOnTheApexNsAreKeptWithTheRecordsAndTheTime() throws Exception {
    String name = createZone();
    HttpResponse<String> r =
        go(
            "PATCH",
            ZONES + "/" + name,
            Map.of(
                "rrsets",
                List.of(
                    Map.of(
                        "changetype",
                        "replace",
                        "name",
                        name,
                        "type",
                        "NS",
                        "ttl",
                        3600,
                        "comments",
                        List.of(
                            Map.of("account", "test1", "content", "blah blah"),
                            Map.of("account", "test2", "content", "blah blah bleh"))))));
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    Object ns = rrset(name, name, "NS");
    assertThat(Json.list(ns, "records")).isNotEmpty();
    List<?> comments = Json.list(ns, "comments");
    assertThat(comments).hasSize(2);
    assertThat(((Number) Json.member(comments.get(0), "modified_at")).longValue()).isNotEqualTo(0L);
    assertThat(((Number) Json.member(ns, "ttl")).longValue()).isEqualTo(3600L);
  }

  /** test_Zones.py test_zone_replace_rrsets_basic: PUT with rrsets replaces the zone's. */
  @Test
  void aPutWithRrsetsReplacesTheZoneAsGiven() throws Exception {
    // With SOA-EDIT and SOA-EDIT-API off, the SOA is taken as given.
    String name = createZone(unique("test") + ".org.", Map.of("soa_edit", "", "soa_edit_api", ""));
    List<Map<String, Object>> rrsets =
        List.of(
            Map.of(
                "name",
                name,
                "type",
                "SOA",
                "ttl",
                3600,
                "records",
                List.of(
                    Map.of("content", "invalid. hostmaster.invalid. 1 10800 3600 604800 3600"))),
            Map.of(
                "name",
                name,
                "type",
                "NS",
                "ttl",
                3600,
                "records",
                List.of(
                    Map.of("content", "ns1.example.org."), Map.of("content", "ns2.example.org."))),
            Map.of(
                "name",
                "www." + name,
                "type",
                "A",
                "ttl",
                3600,
                "records",
                List.of(Map.of("content", "192.0.2.1"))),
            Map.of(
                "name",
                "sub." + name,
                "type",
                "NS",
                "ttl",
                3600,
                "records",
                List.of(Map.of("content", "ns1.example.org."))));
    HttpResponse<String> put = go("PUT", ZONES + "/" + name, Map.of("rrsets", rrsets));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    assertThat(Json.list(rrset(name, name, "NS"), "records"))
        .extracting(x -> Json.string(x, "content"))
        .containsExactlyInAnyOrder("ns1.example.org.", "ns2.example.org.");
    assertThat(Json.string(Json.list(rrset(name, name, "SOA"), "records").get(0), "content"))
        .isEqualTo("invalid. hostmaster.invalid. 1 10800 3600 604800 3600");
    assertThat(rrset(name, "www." + name, "A")).isNotNull();
    assertThat(rrset(name, "sub." + name, "NS")).isNotNull();
  }

  /** test_Zones.py test_put_master_tsig_key_ids_non_existent. */
  @Test
  void aPutNamingAnUnknownTsigKeyIsRefused() throws Exception {
    String name = createZone();
    HttpResponse<String> r =
        go("PUT", ZONES + "/" + name, Map.of("master_tsig_key_ids", List.of(unique("nokey"))));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(error(r)).contains("A TSIG key with the name");
  }

  /** test_Zones.py test_search_rr_substring: the zone, its SOA and its two NS records. */
  @Test
  void searchDataFindsTheZoneAndItsRecordsBySubstring() throws Exception {
    String name = createZone();
    String search = name.substring(5, name.length() - 5);
    HttpResponse<String> r =
        go("GET", "/api/v1/servers/localhost/search-data?q=*" + search + "*", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat((List<?>) Json.parse(r.body())).hasSize(4);
  }

  /** test_cryptokeys.py (unsigned zone): no keys; test_Zones.py test_zone_delete. */
  @Test
  void anUnsignedZoneHasNoCryptokeysAndIsDeletedWhole() throws Exception {
    String name = createZone();
    HttpResponse<String> keys = go("GET", ZONES + "/" + name + "/cryptokeys", null);
    assertThat(keys.statusCode()).isEqualTo(200);
    assertThat((List<?>) Json.parse(keys.body())).isEmpty();
    assertThat(go("PUT", ZONES + "/" + name + "/rectify", null).statusCode()).isEqualTo(200);
    assertThat(go("DELETE", ZONES + "/" + name, null).statusCode()).isEqualTo(204);
    assertThat(go("GET", ZONES + "/" + name, null).statusCode()).isEqualTo(404);
  }

  // ---- plumbing ----

  private static String unique(String prefix) {
    return prefix + "-" + ProcessHandle.current().pid() + "-" + UNIQUE.incrementAndGet();
  }

  private static Object created(String path, Map<String, Object> body) throws Exception {
    HttpResponse<String> r = go("POST", path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.parse(r.body());
  }

  private static String error(HttpResponse<String> r) {
    return Json.string(Json.parse(r.body()), "error");
  }

  private static HttpResponse<String> go(String method, String path, @Nullable Object body)
      throws Exception {
    return send(method, path, body, KEY);
  }

  private static HttpResponse<String> send(
      String method, String path, @Nullable Object body, @Nullable String key) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    if (key != null) {
      r.header("X-API-Key", key);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
