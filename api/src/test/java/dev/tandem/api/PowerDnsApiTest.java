package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The PowerDNS-compatible API as PowerDNS clients drive it (lego's pdns provider, octoDNS,
 * external-dns, the Terraform provider): a real control plane and store behind real HTTP. Every
 * refused request is checked to have changed nothing: the served serial and RRsets are the same.
 */
class PowerDnsApiTest {
  private static final String Z = "/api/v1/servers/localhost/zones";

  @TempDir Path dir;
  private ApiHarness h;
  private String write;
  private String read;

  /** The store the API runs on: the embedded one here, PostgreSQL in the subclass. */
  ZoneStore newStore() {
    return SqliteZoneStore.open(dir.resolve("tandem.db"));
  }

  @BeforeEach
  void start() {
    h = new ApiHarness(newStore());
    write = h.keys.create("writer", ApiKeys.Scope.WRITE).secret();
    read = h.keys.create("reader", ApiKeys.Scope.READ).secret();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private Answer call(String method, String path, @org.jspecify.annotations.Nullable String body) {
    return h.call(method, path, body, ApiHarness.ADMIN);
  }

  private void createAcme() {
    Answer a =
        call(
            "POST",
            Z,
            """
            {"name": "acme.test.", "kind": "Native", "masters": [],
             "nameservers": ["ns1.example.net.", "ns2.example.net."], "soa_edit_api": "DEFAULT"}
            """);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  private ZoneSnapshot served(String zone) throws Exception {
    ZoneSnapshot z = h.served.get(Name.fromString(zone));
    if (z == null) {
      throw new AssertionError(zone + " is not served");
    }
    return z;
  }

  /** The zone as GET shows it, for comparing before and after a refused request. */
  private String state(String zone) {
    Answer a = call("GET", Z + "/" + zone, null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.body();
  }

  /** Runs a request that must be refused with {@code status}, and checks nothing changed. */
  private String refused(int status, Supplier<Answer> request) throws Exception {
    String before = state("acme.test.");
    long serial = served("acme.test.").serial();
    Answer a = request.get();
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.json().has("error")).as(a.body()).isTrue();
    assertThat(state("acme.test.")).isEqualTo(before);
    assertThat(served("acme.test.").serial()).isEqualTo(serial);
    return a.error();
  }

  private Answer patch(String body) {
    return call("PATCH", Z + "/acme.test.", body);
  }

  private static JsonNode rrset(JsonNode zone, String name, String type) {
    for (JsonNode r : zone.path("rrsets")) {
      if (r.path("name").asText().equals(name) && r.path("type").asText().equals(type)) {
        return r;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<String> contents(JsonNode rrset) {
    List<String> out = new ArrayList<>();
    rrset.path("records").forEach(r -> out.add(r.path("content").asText()));
    return out;
  }

  @Test
  void discoveryAndServerAsClientsProbeThem() {
    Answer api = call("GET", "/api", null);
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.json().get(0).path("url").asText()).isEqualTo("/api/v1");
    assertThat(api.json().get(0).path("version").asInt()).isEqualTo(1);

    JsonNode servers = call("GET", "/api/v1/servers", null).json();
    assertThat(servers.size()).isEqualTo(1);
    JsonNode server = servers.get(0);
    assertThat(server.path("type").asText()).isEqualTo("Server");
    assertThat(server.path("id").asText()).isEqualTo("localhost");
    assertThat(server.path("daemon_type").asText()).isEqualTo("authoritative");
    assertThat(server.path("url").asText()).isEqualTo("/api/v1/servers/localhost");
    assertThat(server.path("zones_url").asText())
        .isEqualTo("/api/v1/servers/localhost/zones{/zone}");
    // octoDNS takes int(p.split('-')[0]) of the first three dotted parts: must be >= 4.2.
    assertThat(server.path("version").asText()).startsWith("4.9.0-tandem-");

    assertThat(call("GET", "/api/v1/servers/localhost", null).json().path("id").asText())
        .isEqualTo("localhost");
    Answer other = call("GET", "/api/v1/servers/elsewhere", null);
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.error()).contains("elsewhere");
    assertThat(call("GET", "/api/v1/servers/elsewhere/zones", null).status()).isEqualTo(404);
  }

  @Test
  void keysAreCheckedAndAReadKeyCannotChangeAnything() throws Exception {
    createAcme();
    assertThat(h.call("GET", Z, null, null).status()).isEqualTo(401);
    assertThat(h.call("GET", Z, null, "wrong").status()).isEqualTo(401);
    assertThat(h.call("GET", Z, null, read).status()).isEqualTo(200);
    String error =
        refused(
            403,
            () ->
                h.call(
                    "PATCH",
                    Z + "/acme.test.",
                    """
                    {"rrsets": [{"name": "x.acme.test.", "type": "A", "ttl": 60,
                      "changetype": "REPLACE", "records": [{"content": "192.0.2.9"}]}]}
                    """,
                    read));
    assertThat(error).contains("reader");
    refused(403, () -> h.call("DELETE", Z + "/acme.test.", null, read));
    refused(401, () -> h.call("DELETE", Z + "/acme.test.", null, null));
    // TSIG keys take an admin key.
    assertThat(h.call("GET", "/api/v1/servers/localhost/tsigkeys", null, write).status())
        .isEqualTo(403);
  }

  @Test
  void aNativeZoneIsCreatedShownListedAndDeleted() throws Exception {
    Answer made =
        call(
            "POST",
            Z,
            """
            {"name": "acme.test.", "kind": "Native", "masters": [],
             "nameservers": ["ns1.example.net.", "ns2.example.net."], "soa_edit_api": "DEFAULT",
             "account": "", "dnssec": false}
            """);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonNode zone = made.json();
    assertThat(zone.path("id").asText()).isEqualTo("acme.test.");
    assertThat(zone.path("name").asText()).isEqualTo("acme.test.");
    assertThat(zone.path("url").asText()).isEqualTo("/api/v1/servers/localhost/zones/acme.test.");
    assertThat(zone.path("kind").asText()).isEqualTo("Native");
    assertThat(zone.path("dnssec").asBoolean()).isFalse();
    assertThat(zone.path("masters").size()).isZero();
    assertThat(zone.path("soa_edit_api").asText()).isEqualTo("DEFAULT");
    long serial = zone.path("serial").asLong();
    assertThat(serial).isEqualTo(served("acme.test.").serial());
    assertThat(Long.toString(serial)).hasSize(10).endsWith("01"); // YYYYMMDD01, as PowerDNS
    JsonNode soa = rrset(zone, "acme.test.", "SOA");
    assertThat(contents(soa).get(0))
        .startsWith("ns1.example.net. hostmaster.acme.test. " + serial + " 10800 3600 604800 3600");
    assertThat(contents(rrset(zone, "acme.test.", "NS")))
        .containsExactly("ns1.example.net.", "ns2.example.net.");
    assertThat(rrset(zone, "acme.test.", "NS").path("records").get(0).path("disabled").asBoolean())
        .isFalse();
    assertThat(rrset(zone, "acme.test.", "NS").path("comments").isArray()).isTrue();

    // The list: no RRsets; ?zone= filters (an unknown name gives an empty list).
    JsonNode list = call("GET", Z, null).json();
    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).has("rrsets")).isFalse();
    assertThat(list.get(0).path("kind").asText()).isEqualTo("Native");
    assertThat(call("GET", Z + "?zone=acme.test.", null).json().size()).isEqualTo(1);
    assertThat(call("GET", Z + "?zone=other.test.", null).json().size()).isZero();

    // With or without the trailing dot; rrsets=false leaves them out.
    assertThat(call("GET", Z + "/acme.test", null).json().path("id").asText())
        .isEqualTo("acme.test.");
    assertThat(call("GET", Z + "/acme.test.?rrsets=false", null).json().has("rrsets")).isFalse();
    JsonNode onlyNs =
        call("GET", Z + "/acme.test.?rrset_name=acme.test.&rrset_type=NS", null).json();
    assertThat(onlyNs.path("rrsets").size()).isEqualTo(1);

    // Existing: 409; unknown: 404 as PowerDNS words it.
    Answer again =
        call("POST", Z, "{\"name\": \"acme.test.\", \"kind\": \"Master\", \"nameservers\": []}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.error()).isEqualTo("Conflict: Domain 'acme.test.' already exists");
    Answer missing = call("GET", Z + "/nope.test.", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error()).isEqualTo("Could not find domain 'nope.test.'");
    assertThat(call("PATCH", Z + "/nope.test.", "{\"rrsets\": []}").status()).isEqualTo(404);
    assertThat(call("DELETE", Z + "/nope.test.", null).status()).isEqualTo(404);

    assertThat(call("DELETE", Z + "/acme.test.", null).status()).isEqualTo(204);
    assertThat(call("GET", Z + "/acme.test.", null).status()).isEqualTo(404);
    assertThat(h.served).doesNotContainKey(Name.fromString("acme.test."));
  }

  @Test
  void badZoneCreationsAreRefusedAndCreateNothing() {
    record Case(int status, String body, String error) {}
    List<Case> cases =
        List.of(
            new Case(400, "{\"name\": \"bad.test.\", ", "malformed JSON"),
            new Case(
                422,
                "{\"name\": \"bad.test\", \"kind\": \"Native\", \"nameservers\": [\"ns1.bad.test.\"]}",
                "DNS Name 'bad.test' is not canonical"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Sideways\", \"nameservers\": []}",
                "Invalid zone kind 'Sideways'"),
            new Case(422, "{\"kind\": \"Native\", \"nameservers\": []}", "Key 'name' not present"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Native\", \"nameservers\": []}",
                "NS records"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Native\", \"nameservers\": [\"ns1.bad.test\"]}",
                "is not canonical"),
            new Case(
                422,
                """
                {"name": "bad.test.", "kind": "Native", "nameservers": ["ns1.bad.test."],
                 "rrsets": [{"name": "bad.test.", "type": "NS", "ttl": 60,
                   "records": [{"content": "ns9.bad.test."}]}]}
                """,
                "MUST NOT be mixed"),
            new Case(
                422,
                """
                {"name": "bad.test.", "kind": "Native", "nameservers": ["ns1.bad.test."],
                 "rrsets": [{"name": "www.bad.test.", "type": "A", "ttl": 60,
                   "records": [{"content": "not-an-address"}]}]}
                """,
                "Record www.bad.test./A 'not-an-address'"),
            new Case(
                422,
                """
                {"name": "bad.test.", "kind": "Native", "nameservers": ["ns1.bad.test."],
                 "rrsets": [{"name": "www.other.test.", "type": "A", "ttl": 60,
                   "records": [{"content": "192.0.2.1"}]}]}
                """,
                "Name is out of zone"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Native\", \"nameservers\": [\"ns1.bad.test\"]}",
                "Nameserver is not canonical"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Native\", \"dnssec\": true,"
                    + " \"nameservers\": [\"ns1.example.net.\"]}",
                "does not sign"),
            new Case(422, "{\"name\": \"bad.test.\", \"kind\": \"Slave\"}", "master"),
            new Case(
                422,
                "{\"name\": \"bad.test.\", \"kind\": \"Slave\", \"masters\": [\"not-an-ip\"]}",
                "not-an-ip"));
    for (Case c : cases) {
      Answer a = call("POST", Z, c.body());
      assertThat(a.status()).as(c.body() + " → " + a.body()).isEqualTo(c.status());
      assertThat(a.error()).as(c.body()).contains(c.error());
      assertThat(call("GET", Z, null).json().size()).as(c.body()).isZero();
    }
  }

  @Test
  void aZoneFromRrsetsAsOctoDnsCreatesOneShowsContentAsPowerDnsPrintsIt() throws Exception {
    // octoDNS: kind in lower case, no nameservers, the apex NS among the RRsets, serial 0.
    Answer made =
        call(
            "POST",
            Z,
            """
            {"name": "octo.test.", "kind": "master", "masters": [], "nameservers": [],
             "soa_edit_api": "default", "serial": 0,
             "rrsets": [
               {"name": "octo.test.", "type": "NS", "ttl": 3600, "changetype": "REPLACE",
                "records": [{"content": "ns1.octo.test.", "disabled": false}]},
               {"name": "ns1.octo.test.", "type": "A", "ttl": 3600, "changetype": "REPLACE",
                "records": [{"content": "192.0.2.53", "disabled": false}]},
               {"name": "www.octo.test.", "type": "AAAA", "ttl": 300, "changetype": "REPLACE",
                "records": [{"content": "2001:db8:0:0::1", "disabled": false}]},
               {"name": "octo.test.", "type": "MX", "ttl": 300, "changetype": "REPLACE",
                "records": [{"content": "10 mail", "disabled": false}]},
               {"name": "octo.test.", "type": "TXT", "ttl": 300, "changetype": "REPLACE",
                "records": [{"content": "\\"v=spf1 -all\\"", "disabled": false},
                            {"content": "\\"two\\" \\"strings \\\\\\"q\\\\\\"\\"", "disabled": false}]},
               {"name": "octo.test.", "type": "CAA", "ttl": 300, "changetype": "REPLACE",
                "records": [{"content": "0 issue \\"letsencrypt.org\\"", "disabled": false}]}
             ]}
            """);
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonNode zone = made.json();
    assertThat(zone.path("kind").asText()).isEqualTo("Master");
    assertThat(contents(rrset(zone, "octo.test.", "SOA")).get(0))
        .startsWith("ns1.octo.test. hostmaster.octo.test. ");
    assertThat(contents(rrset(zone, "www.octo.test.", "AAAA"))).containsExactly("2001:db8::1");
    // Names in content are absolute, as PowerDNS reads them: "mail" is "mail.".
    assertThat(contents(rrset(zone, "octo.test.", "MX"))).containsExactly("10 mail.");
    assertThat(contents(rrset(zone, "octo.test.", "TXT")))
        .containsExactlyInAnyOrder("\"v=spf1 -all\"", "\"two\" \"strings \\\"q\\\"\"");
    assertThat(contents(rrset(zone, "octo.test.", "CAA")))
        .containsExactly("0 issue \"letsencrypt.org\"");
    assertThat(rrset(zone, "www.octo.test.", "AAAA").path("ttl").asLong()).isEqualTo(300);
    // Served as created.
    List<Record> txt = served("octo.test.").recordsAt(Name.fromString("octo.test."));
    assertThat(txt.stream().filter(r -> r.getType() == Type.TXT).count()).isEqualTo(2);
  }

  @Test
  void patchReplacesAndDeletesRrsetsAsLegoDoes() throws Exception {
    createAcme();
    long serial = served("acme.test.").serial();
    // lego's Present: REPLACE with the existing records plus the new one, content quoted, the
    // pre-v1 fields (name, type, ttl) in each record and "kind" in the RRset.
    Answer a =
        patch(
            """
            {"rrsets": [{"name": "_acme-challenge.www.acme.test.", "type": "TXT", "kind": "Master",
              "changetype": "REPLACE", "ttl": 120,
              "records": [{"content": "\\"token-one\\"", "disabled": false,
                "name": "_acme-challenge.www.acme.test.", "type": "TXT", "ttl": 120}]}]}
            """);
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(a.body()).isEmpty();
    assertThat(served("acme.test.").serial()).isGreaterThan(serial);
    JsonNode zone = call("GET", Z + "/acme.test.", null).json();
    JsonNode txt = rrset(zone, "_acme-challenge.www.acme.test.", "TXT");
    assertThat(contents(txt)).containsExactly("\"token-one\"");
    assertThat(txt.path("ttl").asLong()).isEqualTo(120);
    assertThat(zone.path("serial").asLong()).isEqualTo(served("acme.test.").serial());

    // lego's notify after each change.
    Answer notify = call("PUT", Z + "/acme.test./notify", null);
    assertThat(notify.status()).isEqualTo(200);
    assertThat(notify.json().path("result").asText()).isEqualTo("Notification queued");

    // A second token for the same name (two SANs): both served.
    assertThat(
            patch(
                    """
                    {"rrsets": [{"name": "_acme-challenge.www.acme.test.", "type": "TXT",
                      "changetype": "REPLACE", "ttl": 120,
                      "records": [{"content": "\\"token-one\\"", "disabled": false},
                                  {"content": "\\"token-two\\"", "disabled": false}]}]}
                    """)
                .status())
        .isEqualTo(204);
    List<Record> served =
        served("acme.test.").recordsAt(Name.fromString("_acme-challenge.www.acme.test."));
    assertThat(served).hasSize(2);

    // Cleanup: DELETE, without records or TTL.
    long before = served("acme.test.").serial();
    assertThat(
            patch(
                    """
                    {"rrsets": [{"name": "_acme-challenge.www.acme.test.", "type": "TXT",
                      "changetype": "DELETE"}]}
                    """)
                .status())
        .isEqualTo(204);
    assertThat(served("acme.test.").recordsAt(Name.fromString("_acme-challenge.www.acme.test.")))
        .isEmpty();
    assertThat(served("acme.test.").serial()).isGreaterThan(before);

    // Several RRsets in one PATCH are one change: one new serial.
    before = served("acme.test.").serial();
    assertThat(
            patch(
                    """
                    {"rrsets": [
                      {"name": "www.acme.test.", "type": "A", "ttl": 300, "changetype": "replace",
                       "records": [{"content": "192.0.2.1"}, {"content": "192.0.2.2"}]},
                      {"name": "alias.acme.test.", "type": "CNAME", "ttl": 300,
                       "changetype": "REPLACE", "records": [{"content": "www.acme.test."}]}]}
                    """)
                .status())
        .isEqualTo(204);
    assertThat(served("acme.test.").serial()).isEqualTo(before + 1);
    // REPLACE with an empty record list removes the RRset.
    assertThat(
            patch(
                    """
                    {"rrsets": [{"name": "alias.acme.test.", "type": "CNAME", "ttl": 300,
                      "changetype": "REPLACE", "records": []}]}
                    """)
                .status())
        .isEqualTo(204);
    assertThat(served("acme.test.").recordsAt(Name.fromString("alias.acme.test."))).isEmpty();
    // external-dns sends the whole zone object with its RRsets: extra fields are ignored.
    Answer whole =
        patch(
            """
            {"id": "acme.test.", "name": "acme.test.", "kind": "Native", "serial": 1,
             "rrsets": [{"name": "ext.acme.test.", "type": "A", "ttl": 300,
               "changetype": "REPLACE", "records": [{"content": "192.0.2.7", "disabled": false}],
               "comments": []}]}
            """);
    assertThat(whole.status()).as(whole.body()).isEqualTo(204);
    assertThat(contents(rrset(call("GET", Z + "/acme.test.", null).json(), "ext.acme.test.", "A")))
        .containsExactly("192.0.2.7");
  }

  @Test
  void badPatchesAreRefusedWholeAndChangeNothing() throws Exception {
    createAcme();
    patch(
        """
        {"rrsets": [{"name": "www.acme.test.", "type": "A", "ttl": 300, "changetype": "REPLACE",
          "records": [{"content": "192.0.2.1"}]}]}
        """);
    String good =
        "{\"name\": \"ok.acme.test.\", \"type\": \"A\", \"ttl\": 60, \"changetype\": \"REPLACE\","
            + " \"records\": [{\"content\": \"192.0.2.50\"}]}";
    record Case(int status, String rrset, String error) {}
    List<Case> cases =
        List.of(
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"A\", \"ttl\": 60,"
                    + " \"records\": [{\"content\": \"192.0.2.9\"}]}",
                "Key 'changetype' not present"),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"A\", \"ttl\": 60, \"changetype\": \"ADD\","
                    + " \"records\": [{\"content\": \"192.0.2.9\"}]}",
                "Changetype 'ADD' is not a valid value"),
            new Case(
                422,
                "{\"name\": \"x.other.test.\", \"type\": \"A\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"192.0.2.9\"}]}",
                "RRset x.other.test. IN A: Name is out of zone"),
            new Case(
                422,
                "{\"name\": \"x.acme.test\", \"type\": \"A\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"192.0.2.9\"}]}",
                "DNS Name 'x.acme.test' is not canonical"),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"A\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"192.0.2\"}]}",
                "Record x.acme.test./A '192.0.2': "),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"TXT\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"unquoted text\"}]}",
                "should start with quote"),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"BOGUS\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"1\"}]}",
                "unknown type given"),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"A\", \"changetype\": \"REPLACE\","
                    + " \"records\": [{\"content\": \"192.0.2.9\"}]}",
                "Key 'ttl'"),
            new Case(
                422,
                "{\"name\": \"x.acme.test.\", \"type\": \"A\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"192.0.2.9\"}, {\"content\":"
                    + " \"192.0.2.9\"}]}",
                "RRset x.acme.test. IN A: duplicate record with content"),
            new Case(
                422,
                "{\"name\": \"www.acme.test.\", \"type\": \"CNAME\", \"ttl\": 60, \"changetype\":"
                    + " \"REPLACE\", \"records\": [{\"content\": \"elsewhere.test.\"}]}",
                "RRset www.acme.test. IN CNAME: Conflicts with pre-existing RRset"),
            new Case(
                422,
                "{\"name\": \"acme.test.\", \"type\": \"SOA\", \"changetype\": \"DELETE\"}",
                "SOA"),
            new Case(
                422,
                good.replace("ok.acme", "ok2.acme") + ", " + good.replace("ok.acme", "ok2.acme"),
                "Duplicate RRset ok2.acme.test. IN A with changetype: REPLACE"));
    for (Case c : cases) {
      // Each bad RRset follows a good one: the good one must not be applied either.
      String body = "{\"rrsets\": [" + good + ", " + c.rrset() + "]}";
      String error = refused(c.status(), () -> patch(body));
      assertThat(error).as(c.rrset()).contains(c.error());
    }
    assertThat(refused(400, () -> patch("{\"rrsets\": ["))).contains("malformed JSON");
    assertThat(refused(422, () -> patch("{\"records\": []}"))).contains("No rrsets given");
    assertThat(served("acme.test.").recordsAt(Name.fromString("ok.acme.test."))).isEmpty();
  }

  @Test
  void putChangesKindBetweenNativeAndMasterOnlyAndNotifyRetrieveExportWork() throws Exception {
    createAcme();
    assertThat(call("PUT", Z + "/acme.test.", "{\"kind\": \"Master\"}").status()).isEqualTo(204);
    assertThat(call("GET", Z + "/acme.test.", null).json().path("kind").asText())
        .isEqualTo("Master");
    assertThat(call("PUT", Z + "/acme.test.", "{\"kind\": \"native\"}").status()).isEqualTo(204);
    assertThat(call("GET", Z + "/acme.test.", null).json().path("kind").asText())
        .isEqualTo("Native");
    assertThat(refused(422, () -> call("PUT", Z + "/acme.test.", "{\"kind\": \"Slave\"}")))
        .contains("delete the zone and create it again");
    assertThat(refused(422, () -> call("PUT", Z + "/acme.test.", "{\"dnssec\": true}")))
        .contains("does not sign");
    assertThat(call("PUT", Z + "/acme.test.", "{\"soa_edit_api\": \"INCREASE\"}").status())
        .isEqualTo(204);

    Answer retrieve = call("PUT", Z + "/acme.test./axfr-retrieve", null);
    assertThat(retrieve.status()).isEqualTo(422);
    assertThat(retrieve.error()).contains("is not a secondary domain");

    Answer export = call("GET", Z + "/acme.test./export", null);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("text/plain");
    assertThat(export.body()).contains("SOA").contains("ns1.example.net.");
  }

  @Test
  void aSlaveZoneIsASecondaryWithItsMasters() throws Exception {
    Answer made =
        call(
            "POST",
            Z,
            "{\"name\": \"follow.test.\", \"kind\": \"Slave\", \"masters\": [\"127.0.0.1:1\","
                + " \"127.0.0.2\"]}"); // loopback: tests send nothing further
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonNode zone = made.json();
    assertThat(zone.path("kind").asText()).isEqualTo("Slave");
    assertThat(zone.path("masters").toString()).isEqualTo("[\"127.0.0.1:1\",\"127.0.0.2\"]");
    assertThat(zone.path("rrsets").size()).isZero(); // not transferred yet
    assertThat(zone.path("serial").asLong()).isZero();

    Answer retrieve = call("PUT", Z + "/follow.test./axfr-retrieve", null);
    assertThat(retrieve.status()).isEqualTo(200);
    assertThat(retrieve.json().path("result").asText())
        .isEqualTo("Added retrieval request for 'follow.test.' from primary 127.0.0.1:1");
    Answer change =
        call(
            "PATCH",
            Z + "/follow.test.",
            "{\"rrsets\": [{\"name\": \"a.follow.test.\", \"type\": \"A\", \"ttl\": 1,"
                + " \"changetype\": \"REPLACE\", \"records\": [{\"content\": \"192.0.2.1\"}]}]}");
    assertThat(change.status()).isEqualTo(422);
    assertThat(change.error()).contains("Slave");
    Answer toNative = call("PUT", Z + "/follow.test.", "{\"kind\": \"Native\"}");
    assertThat(toNative.status()).isEqualTo(422);
    // The masters change at run time, the zone kept.
    Answer masters = call("PUT", Z + "/follow.test.", "{\"masters\": [\"127.0.0.3\"]}");
    assertThat(masters.status()).as(masters.body()).isEqualTo(204);
    assertThat(call("GET", Z + "/follow.test.", null).json().path("masters").toString())
        .isEqualTo("[\"127.0.0.3\"]");
    assertThat(call("PUT", Z + "/follow.test.", "{\"masters\": []}").status()).isEqualTo(422);
    assertThat(call("PUT", Z + "/follow.test./notify", null).status()).isEqualTo(200);
    assertThat(call("DELETE", Z + "/follow.test.", null).status()).isEqualTo(204);
    assertThat(call("GET", Z + "/follow.test.", null).status()).isEqualTo(404);
  }

  @Test
  void metadataThatSaysWhoMayTransferIsTheZonesTransferRules() throws Exception {
    createAcme();
    String m = Z + "/acme.test./metadata";
    Answer put = call("PUT", m + "/ALLOW-AXFR-FROM", "{\"metadata\": [\"192.0.2.0/24\"]}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().path("kind").asText()).isEqualTo("ALLOW-AXFR-FROM");
    assertThat(h.get("/api/zones/acme.test/settings").json().path("allowTransfer").toString())
        .isEqualTo("[\"192.0.2.0/24\"]");
    Answer post =
        call(
            "POST",
            m,
            "{\"kind\": \"ALLOW-AXFR-FROM\", \"metadata\": [\"192.0.2.0/24\", \"198.51.100.7\"]}");
    assertThat(post.status()).as(post.body()).isEqualTo(201);
    assertThat(post.json().path("metadata").toString())
        .isEqualTo("[\"192.0.2.0/24\",\"198.51.100.7/32\"]");
    assertThat(
            call("POST", m, "{\"kind\": \"ALLOW-AXFR-FROM\", \"metadata\": [\"AUTO-NS\"]}")
                .status())
        .isEqualTo(422);
    JsonNode all = call("GET", m, null).json();
    List<String> kinds = new ArrayList<>();
    all.forEach(k -> kinds.add(k.path("kind").asText()));
    // SOA-EDIT-API from creation; Tandem's hidden kind marker is not shown.
    assertThat(kinds).containsExactlyInAnyOrder("ALLOW-AXFR-FROM", "SOA-EDIT-API");
    assertThat(call("GET", m + "/ALLOW-AXFR-FROM", null).json().path("metadata").size())
        .isEqualTo(2);
    assertThat(call("DELETE", m + "/ALLOW-AXFR-FROM", null).status()).isEqualTo(204);
    assertThat(call("GET", m + "/ALLOW-AXFR-FROM", null).json().path("metadata").size()).isZero();
    assertThat(h.get("/api/zones/acme.test/settings").json().path("allowTransfer").size()).isZero();
    assertThat(call("PUT", m + "/X-TANDEM-PDNS-KIND", "{\"metadata\": [\"Master\"]}").status())
        .isEqualTo(422);
    assertThat(call("PUT", m + "/BAD%20KIND", "{\"metadata\": [\"x\"]}").status()).isEqualTo(422);
    assertThat(call("PUT", m + "/X-OK", "{\"metadata\": \"x\"}").status()).isEqualTo(422);
    assertThat(call("PUT", m + "/X-OK", "{\"metadata\": [\"x\"]}").status()).isEqualTo(200);
    Answer unknown = call("PUT", m + "/AXFR-SOURCE", "{\"metadata\": [\"192.0.2.1\"]}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.error()).contains("AXFR-SOURCE is not supported");
    assertThat(call("GET", Z + "/nope.test./metadata", null).status()).isEqualTo(404);
  }

  @Test
  void tsigKeysAreMadeListedShownAndDeleted() {
    String k = "/api/v1/servers/localhost/tsigkeys";
    Answer made = call("POST", k, "{\"name\": \"acme\", \"algorithm\": \"hmac-sha256\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    JsonNode key = made.json();
    assertThat(key.path("name").asText()).isEqualTo("acme");
    assertThat(key.path("id").asText()).isEqualTo("acme.");
    assertThat(key.path("algorithm").asText()).isEqualTo("hmac-sha256");
    assertThat(key.path("type").asText()).isEqualTo("TSIGKey");
    assertThat(java.util.Base64.getDecoder().decode(key.path("key").asText())).hasSize(32);

    JsonNode list = call("GET", k, null).json();
    List<String> names = new ArrayList<>();
    list.forEach(
        e -> {
          names.add(e.path("name").asText());
          assertThat(e.path("key").asText()).isEmpty();
        });
    assertThat(names).contains("acme", "configured");

    assertThat(call("GET", k + "/acme.", null).json().path("key").asText())
        .isEqualTo(key.path("key").asText());
    assertThat(call("GET", k + "/acme", null).status()).isEqualTo(200);
    Answer dup =
        call(
            "POST",
            k,
            "{\"name\": \"acme.\", \"algorithm\": \"hmac-sha256\", \"key\": \""
                + ApiHarness.TSIG_SECRET
                + "\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.error()).contains("already exists");
    Answer rot13 = call("POST", k, "{\"name\": \"x\", \"algorithm\": \"rot13\"}");
    assertThat(rot13.status()).isEqualTo(400); // PowerDNS's status for it
    assertThat(rot13.error()).isEqualTo("Invalid TSIG algorithm: rot13");
    assertThat(call("POST", k, "{\"name\": \"y\", \"key\": \"***\"}").status()).isEqualTo(422);
    assertThat(call("DELETE", k + "/configured.", null).status()).isEqualTo(409);
    assertThat(call("DELETE", k + "/acme.", null).status()).isEqualTo(204);
    Answer gone = call("GET", k + "/acme.", null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.error()).isEqualTo("TSIG key with name 'acme' not found");
  }

  @Test
  void idsEscapeAsPowerDnsDoesAndBothFormsAreAccepted() throws Exception {
    assertThat(PowerDnsText.id(Name.fromString("acme.test."))).isEqualTo("acme.test.");
    assertThat(PowerDnsText.id(Name.fromString("_x.acme.test."))).isEqualTo("=5Fx.acme.test.");
    assertThat(PowerDnsText.id(Name.root)).isEqualTo("=2E");
    assertThat(PowerDnsText.unescape("=5Fx.acme.test.")).isEqualTo("_x.acme.test.");
    assertThat(PowerDnsText.unescape("0=2F26.2.0.192.in-addr.arpa."))
        .isEqualTo("0/26.2.0.192.in-addr.arpa.");
    Answer made =
        call(
            "POST",
            Z,
            "{\"name\": \"_sub.acme.test.\", \"kind\": \"Native\", \"nameservers\":"
                + " [\"ns1.acme.test.\"]}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(made.json().path("id").asText()).isEqualTo("=5Fsub.acme.test.");
    assertThat(call("GET", Z + "/=5Fsub.acme.test.", null).status()).isEqualTo(200);
    assertThat(call("GET", Z + "/_sub.acme.test", null).status()).isEqualTo(200);
  }

  @Test
  void contentIsPrintedAsPowerDnsPrintsIt() throws Exception {
    assertThat(PowerDnsText.ipv6(java.net.InetAddress.getByName("2001:db8::1").getAddress()))
        .isEqualTo("2001:db8::1");
    assertThat(PowerDnsText.ipv6(java.net.InetAddress.getByName("::").getAddress()))
        .isEqualTo("::");
    assertThat(
            PowerDnsText.ipv6(java.net.InetAddress.getByName("2001:db8:0:1:0:0:0:1").getAddress()))
        .isEqualTo("2001:db8:0:1::1");
    assertThat(PowerDnsText.ipv6(java.net.InetAddress.getByName("2001:0:0:1:0:0:0:0").getAddress()))
        .isEqualTo("2001:0:0:1::");
    assertThat(PowerDnsText.ipv6(java.net.InetAddress.getByName("1:0:1:0:1:0:1:0").getAddress()))
        .isEqualTo("1:0:1:0:1:0:1:0");
    Name n = Name.fromString("t.acme.test.");
    assertThat(
            PowerDnsText.content(
                Record.fromString(n, Type.TXT, 1, 60, "\"a b\" c \"\\195\\169\"", Name.root)))
        .isEqualTo("\"a b\" \"c\" \"\\195\\169\"");
    assertThat(
            PowerDnsText.content(
                Record.fromString(
                    n,
                    Type.DS,
                    1,
                    60,
                    "1 8 2 ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
                    Name.root)))
        .isEqualTo("1 8 2 abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  }
}
