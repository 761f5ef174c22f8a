package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The PowerDNS API's zone PUT, metadata, server-wide endpoints and HTTP manners, as PowerDNS's own
 * regression suite ({@code regression-tests.api}) and its clients exercise them: every field given
 * is honoured (what it says is what the zone does next) or refused with 422 naming it.
 */
class PowerDnsSurfaceTest extends ApiOnSqlite {
  private static final String S = "/api/v1/servers/localhost";
  private static final String Z = S + "/zones";
  private static final Name ZONE = Name.fromConstantString("acme.test.");

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private Answer call(String method, String path, @org.jspecify.annotations.Nullable String body) {
    return h.call(method, path, body == null ? null : j(body), ApiHarness.ADMIN);
  }

  private void createAcme(String extra) {
    Answer a =
        call(
            "POST",
            Z,
            "{'name':'acme.test.','kind':'Native','nameservers':['ns1.acme.test.']" + extra + "}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  private boolean mayTransfer(String address, @org.jspecify.annotations.Nullable String key) {
    return h.mayTransfer("acme.test.", address, key);
  }

  @Test
  void theQuickStartZoneWithItsNameServerInsideIsMadeAndWarnedAbout() {
    createAcme("");
    JsonNode status = h.get("/api/zones/acme.test").json();
    assertThat(status.path("state").asText()).isEqualTo("ok");
    assertThat(status.path("warnings").get(0).asText())
        .startsWith("name server ns1.acme.test. is in the zone but has no address record");
    call(
        "PATCH",
        Z + "/acme.test.",
        "{'rrsets':[{'name':'ns1.acme.test.','type':'A','ttl':60,'changetype':'REPLACE',"
            + "'records':[{'content':'192.0.2.53'}]}]}");
    assertThat(h.get("/api/zones/acme.test").json().path("warnings").size()).isZero();
  }

  @Test
  void aPutChangesKeysPolicyAndAccountAndEachReadsBack() throws Exception {
    createAcme("");
    assertThat(call("POST", S + "/tsigkeys", "{'name':'xfr','algorithm':'hmac-sha256'}").status())
        .isEqualTo(201);
    Answer put =
        call(
            "PUT",
            Z + "/acme.test.",
            "{'kind':'Master','master_tsig_key_ids':['xfr.'],'soa_edit_api':'EPOCH',"
                + "'account':'team-a','api_rectify':true}");
    assertThat(put.status()).as(put.body()).isEqualTo(204);
    JsonNode zone = call("GET", Z + "/acme.test.", null).json();
    assertThat(zone.path("kind").asText()).isEqualTo("Master");
    assertThat(zone.path("master_tsig_key_ids").toString()).isEqualTo("[\"xfr.\"]");
    assertThat(zone.path("soa_edit_api").asText()).isEqualTo("EPOCH");
    assertThat(zone.path("account").asText()).isEqualTo("team-a");
    assertThat(mayTransfer("198.51.100.1", "xfr.")).isTrue(); // honoured, not just stored
    assertThat(mayTransfer("198.51.100.1", null)).isFalse();
    assertThat(h.get("/api/zones/acme.test/settings").json().path("serialPolicy").asText())
        .isEqualTo("unixtime");

    record Case(String body, String says) {}
    String before = call("GET", Z + "/acme.test.", null).body();
    for (Case c :
        new Case[] {
          new Case("{'master_tsig_key_ids':['nokey']}", "A TSIG key with the name 'nokey'"),
          new Case("{'slave_tsig_key_ids':['nokey']}", "A TSIG key with the name 'nokey'"),
          new Case("{'masters':['192.0.2.1']}", "masters are for Slave zones"),
          new Case("{'kind':'Slave'}", "cannot change zone"),
          new Case("{'dnssec':true}", "does not sign"),
          new Case("{'nsec3param':'1 0 1 ab'}", "nsec3param"),
          new Case("{'catalog':'cat.test.'}", "catalog"),
          new Case("{'soa_edit_api':'SOMETIMES'}", "SOA-EDIT-API 'SOMETIMES'"),
          new Case("{'frobnicate':1}", "unknown field 'frobnicate'"),
          new Case(
              "{'rrsets':[{'name':'acme.test.','type':'NS','ttl':60,"
                  + "'records':[{'content':'ns1.acme.test.'}]}]}",
              "Must give SOA record for zone when replacing all RR sets"),
        }) {
      Answer a = call("PUT", Z + "/acme.test.", c.body());
      assertThat(a.status()).as(c.body() + " → " + a.body()).isEqualTo(422);
      assertThat(a.error()).as(c.body()).contains(c.says());
      assertThat(call("GET", Z + "/acme.test.", null).body()).isEqualTo(before);
    }
  }

  @Test
  void aPutOfRrsetsReplacesTheContentsWhole() {
    createAcme("");
    call(
        "PATCH",
        Z + "/acme.test.",
        "{'rrsets':[{'name':'old.acme.test.','type':'A','ttl':60,'changetype':'REPLACE',"
            + "'records':[{'content':'192.0.2.1'}]}]}");
    Answer put =
        call(
            "PUT",
            Z + "/acme.test.",
            "{'rrsets':["
                + "{'name':'acme.test.','type':'SOA','ttl':3600,'records':"
                + "[{'content':'ns1.example.org. hostmaster.acme.test. 1 10800 3600 604800 3600'}]},"
                + "{'name':'acme.test.','type':'NS','ttl':3600,'records':"
                + "[{'content':'ns1.example.org.'},{'content':'ns2.example.org.'}]},"
                + "{'name':'www.acme.test.','type':'A','ttl':3600,'records':"
                + "[{'content':'192.0.2.80'}]}]}");
    assertThat(put.status()).as(put.body()).isEqualTo(204);
    var served = h.served.get(ZONE);
    if (served == null) {
      throw new AssertionError("acme.test. is not served");
    }
    List<String> names = new ArrayList<>();
    served.forEachRecord(r -> names.add(r.getName() + " " + Type.string(r.getType())));
    assertThat(names)
        .containsExactlyInAnyOrder(
            "acme.test. SOA", "acme.test. NS", "acme.test. NS", "www.acme.test. A");
    assertThat(served.soa().getSerial()).isGreaterThan(1); // the serial moved on
  }

  @Test
  void accessMetadataIsTheZonesSettings() throws Exception {
    createAcme("");
    assertThat(call("POST", S + "/tsigkeys", "{'name':'upd','algorithm':'hmac-sha256'}").status())
        .isEqualTo(201);
    String m = Z + "/acme.test./metadata";
    assertThat(call("PUT", m + "/TSIG-ALLOW-AXFR", "{'metadata':['upd']}").status()).isEqualTo(200);
    assertThat(mayTransfer("203.0.113.9", "upd.")).isTrue();
    assertThat(call("PUT", m + "/TSIG-ALLOW-DNSUPDATE", "{'metadata':['upd.']}").status())
        .isEqualTo(200);
    assertThat(h.get("/api/zones/acme.test/settings").json().path("allowUpdate").toString())
        .isEqualTo("[\"upd.\"]");
    assertThat(call("PUT", m + "/ALSO-NOTIFY", "{'metadata':['127.0.44.44:5300']}").status())
        .isEqualTo(200);
    assertThat(h.get("/api/zones/acme.test/settings").json().path("notify").toString())
        .isEqualTo("[\"127.0.44.44:5300\"]");
    assertThat(call("GET", m + "/TSIG-ALLOW-AXFR", null).json().path("metadata").toString())
        .isEqualTo("[\"upd\"]");
    assertThat(call("PUT", m + "/TSIG-ALLOW-AXFR", "{'metadata':['nokey']}").status())
        .isEqualTo(422);
    assertThat(call("PUT", m + "/ALLOW-DNSUPDATE-FROM", "{'metadata':['0.0.0.0/0']}").status())
        .isEqualTo(422);
    assertThat(call("DELETE", m + "/TSIG-ALLOW-AXFR", null).status()).isEqualTo(204);
    assertThat(mayTransfer("203.0.113.9", "upd.")).isFalse();
    // A kind Tandem refuses to set reads as not set, and deleting it is a no-op.
    assertThat(call("GET", m + "/AXFR-SOURCE", null).json().path("metadata").size()).isZero();
    assertThat(call("DELETE", m + "/AXFR-SOURCE", null).status()).isEqualTo(204);
  }

  @Test
  void searchFindsZonesRecordsAndCommentsCaseIgnored() {
    createAcme("");
    call(
        "PATCH",
        Z + "/acme.test.",
        "{'rrsets':[{'name':'Mail.acme.test.','type':'A','ttl':60,'changetype':'REPLACE',"
            + "'records':[{'content':'192.0.2.25'}],"
            + "'comments':[{'account':'ops','content':'the MX host'}]}]}");
    JsonNode all = call("GET", S + "/search-data?q=*ACME*", null).json();
    List<String> kinds = new ArrayList<>();
    all.forEach(x -> kinds.add(x.path("object_type").asText() + " " + x.path("name").asText()));
    assertThat(kinds).contains("zone acme.test.", "record mail.acme.test.", "record acme.test.");
    JsonNode byContent = call("GET", S + "/search-data?q=192.0.2.25", null).json();
    assertThat(byContent.size()).isEqualTo(1);
    assertThat(byContent.get(0).path("type").asText()).isEqualTo("A");
    assertThat(byContent.get(0).path("zone_id").asText()).isEqualTo("acme.test.");
    JsonNode comments = call("GET", S + "/search-data?q=*mx*&object_type=comment", null).json();
    assertThat(comments.size()).isEqualTo(1);
    assertThat(comments.get(0).path("content").asText()).isEqualTo("the MX host");
    assertThat(
            call("GET", S + "/search-data?q=acme.test&object_type=zone&max=1", null).json().size())
        .isEqualTo(1);
    assertThat(call("GET", S + "/search-data", null).status()).isEqualTo(422);
    assertThat(call("GET", S + "/search-data?q=x&object_type=dog", null).status()).isEqualTo(422);
  }

  @Test
  void statisticsComeFromTheCounters() {
    JsonNode all = call("GET", S + "/statistics", null).json();
    List<String> names = new ArrayList<>();
    all.forEach(x -> names.add(x.path("name").asText()));
    assertThat(names).contains("uptime", "udp-queries", "response-by-rcode", "zones");
    JsonNode one = call("GET", S + "/statistics?statistic=zones", null).json();
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.get(0).path("value").asText()).isEqualTo("0");
    createAcme("");
    assertThat(
            call("GET", S + "/statistics?statistic=zones", null)
                .json()
                .get(0)
                .path("value")
                .asText())
        .isEqualTo("1");
    Answer unknown = call("GET", S + "/statistics?statistic=nope", null);
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.error()).contains("Unknown statistic name");
  }

  @Test
  void serverWideEndpointsSayWhatTandemHas() {
    createAcme("");
    assertThat(call("GET", S + "/config", null).body()).contains("\"name\":\"daemon\"");
    Answer flush = call("PUT", S + "/cache/flush?domain=acme.test.", null);
    assertThat(flush.status()).isEqualTo(200);
    assertThat(flush.json().path("count").asLong()).isZero();
    assertThat(flush.json().path("result").asText()).isEqualTo("Flushed cache.");
    assertThat(call("PUT", S + "/cache/flush", null).status()).isEqualTo(422);
    assertThat(call("PUT", S + "/cache/flush?domain=bar", null).status()).isEqualTo(422);
    assertThat(call("GET", S + "/autoprimaries", null).body()).isEqualTo("[]");
    assertThat(
            call("POST", S + "/autoprimaries", "{'ip':'192.0.2.1','nameserver':'ns.example.com'}")
                .status())
        .isEqualTo(422);
    assertThat(call("GET", Z + "/acme.test./cryptokeys", null).body()).isEqualTo("[]");
    assertThat(call("POST", Z + "/acme.test./cryptokeys", "{'keytype':'ksk'}").status())
        .isEqualTo(422);
    Answer rectify = call("PUT", Z + "/acme.test./rectify", null);
    assertThat(rectify.status()).isEqualTo(200);
    assertThat(rectify.json().path("result").asText()).isEqualTo("Rectified");
  }

  @Test
  void optionsAnswersPreflightsAndProbesNeedNoKey() {
    Answer o = h.call("OPTIONS", Z + "/acme.test.", null, null);
    assertThat(o.status()).isEqualTo(200);
    assertThat(o.header("Access-Control-Allow-Methods"))
        .isEqualTo("GET, PATCH, PUT, DELETE, OPTIONS");
    assertThat(o.header("Access-Control-Allow-Headers")).isEqualTo("Content-Type, X-API-Key");
    assertThat(o.header("Access-Control-Allow-Origin")).isNull();
    assertThat(h.call("OPTIONS", S + "/nowhere", null, null).status()).isEqualTo(404);
    assertThat(h.call("OPTIONS", "/api/v1/servers/remotehost", null, null).status()).isEqualTo(404);
    assertThat(h.call("GET", "/", null, null).body()).contains("/api/docs");
    assertThat(h.call("GET", "/health", null, null).json().path("status").asText())
        .isEqualTo("alive");
    Answer ready = h.call("GET", "/ready", null, null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("ready");
  }
}
