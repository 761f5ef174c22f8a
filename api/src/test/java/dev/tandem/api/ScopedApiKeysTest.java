package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API keys limited to zones, and in them to names and types, on both surfaces: a DNS-01 client's
 * key for {@code _acme-challenge} TXT in two zones changes that and nothing else, and sees no other
 * zone.
 */
class ScopedApiKeysTest extends ApiOnSqlite {
  private static final String PDNS = "/api/v1/servers/localhost/zones";
  private String acme;

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  @BeforeEach
  void zonesAndAKey() {
    for (String z : List.of("a.test", "b.test", "c.test")) {
      Answer made =
          h.createPrimary(
              z,
              "$ORIGIN "
                  + z
                  + ".\n@ 300 SOA ns hm 1 60 60 600 60\n@ 300 NS ns\nns 300 A 192.0.2.1\n");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
    }
    Answer key =
        h.post(
            "/api/api-keys",
            j(
                "{'name':'acme','scope':'write','zones':['a.test','b.test'],"
                    + "'names':['_acme-challenge.a.test','_acme-challenge.b.test'],'types':['TXT']}"));
    assertThat(key.status()).as(key.body()).isEqualTo(201);
    assertThat(key.json().path("types").toString()).isEqualTo("[\"TXT\"]");
    acme = key.json().path("secret").asText();
  }

  private Answer as(String method, String path, @org.jspecify.annotations.Nullable String body) {
    return h.call(method, path, body == null ? null : j(body), acme);
  }

  private static String txt(String owner) {
    return "{'rrsets':[{'name':'"
        + owner
        + "','type':'TXT','ttl':60,'changetype':'REPLACE','records':[{'content':'\\\"token\\\"'}]}]}";
  }

  @Test
  void theKeyChangesItsTxtRecordsAndNothingElse() {
    assertThat(as("PATCH", PDNS + "/a.test.", txt("_acme-challenge.a.test.")).status())
        .isEqualTo(204);
    assertThat(as("PATCH", PDNS + "/b.test.", txt("_acme-challenge.b.test.")).status())
        .isEqualTo(204);
    Answer rest =
        as(
            "PATCH",
            "/api/zones/a.test/rrsets",
            "{'rrsets':[{'name':'_acme-challenge','type':'TXT','ttl':60,'changetype':'DELETE'}]}");
    assertThat(rest.status()).as(rest.body()).isEqualTo(200);

    record Case(String method, String path, @org.jspecify.annotations.Nullable String body) {}
    long before = h.get("/api/zones/a.test").json().path("serial").asLong();
    for (Case c :
        new Case[] {
          new Case("PATCH", PDNS + "/a.test.", txt("www.a.test.")),
          new Case(
              "PATCH",
              PDNS + "/a.test.",
              "{'rrsets':[{'name':'_acme-challenge.a.test.','type':'A','ttl':60,"
                  + "'changetype':'REPLACE','records':[{'content':'192.0.2.1'}]}]}"),
          new Case("PATCH", PDNS + "/c.test.", txt("_acme-challenge.c.test.")),
          new Case("PUT", PDNS + "/a.test.", "{'soa_edit_api':'EPOCH'}"),
          new Case("DELETE", PDNS + "/a.test.", null),
          new Case("PATCH", "/api/zones/a.test", "{'allowTransfer':['any']}"),
          new Case(
              "POST", "/api/zones", "{'zone':'d.test','kind':'primary','nameservers':['ns.x.']}"),
          new Case("GET", "/api/tsig-keys", null),
          new Case("GET", "/api/zones/c.test", null),
          new Case("GET", "/api/v1/servers/localhost/statistics", null),
          new Case(
              "POST",
              "/api/zones/a.test/records",
              "{'op':'add','name':'www','type':'A','rdata':'192.0.2.9'}"),
        }) {
      Answer a = as(c.method(), c.path(), c.body());
      assertThat(a.status()).as(c.method() + " " + c.path() + " → " + a.body()).isEqualTo(403);
      assertThat(a.error()).contains("the API key 'acme'");
    }
    assertThat(h.get("/api/zones/a.test").json().path("serial").asLong()).isEqualTo(before);
    assertThat(h.get("/api/zones").json().size()).isEqualTo(3); // nothing made or deleted
  }

  @Test
  void theKeySeesOnlyItsZones() {
    List<String> rest = new ArrayList<>();
    as("GET", "/api/zones", null).json().forEach(z -> rest.add(z.path("zone").asText()));
    assertThat(rest).containsExactly("a.test.", "b.test.");
    List<String> pdns = new ArrayList<>();
    as("GET", PDNS, null).json().forEach(z -> pdns.add(z.path("name").asText()));
    assertThat(pdns).containsExactly("a.test.", "b.test.");
    JsonNode found = as("GET", "/api/v1/servers/localhost/search-data?q=*.test", null).json();
    found.forEach(x -> assertThat(x.path("zone_id").asText()).isNotEqualTo("c.test."));
    assertThat(as("GET", PDNS + "/a.test.", null).status()).isEqualTo(200);
    assertThat(as("GET", "/api/v1/servers/localhost", null).status()).isEqualTo(200);
  }

  @Test
  void aKeyLimitedToZonesOnlyManagesThoseZonesWhole() {
    Answer made =
        h.post("/api/api-keys", j("{'name':'team-a','scope':'write','zones':['a.test']}"));
    String team = made.json().path("secret").asText();
    assertThat(
            h.call("PATCH", "/api/zones/a.test", j("{'allowTransfer':['192.0.2.0/24']}"), team)
                .status())
        .isEqualTo(200);
    assertThat(h.call("PATCH", PDNS + "/a.test.", j(txt("www.a.test.")), team).status())
        .isEqualTo(204);
    assertThat(h.call("PATCH", PDNS + "/b.test.", j(txt("www.b.test.")), team).status())
        .isEqualTo(403);
    Answer admin = h.post("/api/api-keys", j("{'name':'bad','scope':'admin','zones':['a.test']}"));
    assertThat(admin.status()).isEqualTo(422);
    assertThat(admin.error()).contains("scope read or write");
  }
}
