package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * An API that says REPLACE replaces and DELETE deletes, at the apex too (tools such as octoDNS and
 * Terraform set a multi-provider zone's NS set to exactly both providers' servers): checked on what
 * is served, through the REST API, the PowerDNS API and the CLI's record endpoint. The checks a
 * zone needs stay: its apex keeps an SOA and at least one NS.
 */
class ApexEditsTest extends ApiOnSqlite {
  private static final String PDNS = "/api/v1/servers/localhost/zones/shop.test.";
  private static final Name ZONE = Name.fromConstantString("shop.test.");

  @BeforeEach
  void createShop() {
    Answer a =
        h.createPrimary(
            "shop.test",
            String.join(
                "\n",
                "$ORIGIN shop.test.",
                "$TTL 300",
                "@ SOA ns1 hostmaster 10 3600 900 1209600 300",
                "@ NS ns1",
                "@ NS ns2.old-provider.example.",
                "ns1 A 192.0.2.53",
                "www A 192.0.2.80",
                ""));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  private ZoneSnapshot served() {
    ZoneSnapshot z = h.served.get(ZONE);
    if (z == null) {
      throw new AssertionError("shop.test. is not served");
    }
    return z;
  }

  private TreeSet<String> servedData(Name owner, int type) {
    TreeSet<String> out = new TreeSet<>();
    for (Record r : served().recordsAt(owner)) {
      if (r.getType() == type) {
        out.add(r.rdataToString());
      }
    }
    return out;
  }

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private Answer rest(String rrsets) {
    return h.call(
        "PATCH", "/api/zones/shop.test/rrsets", j("{'rrsets':" + rrsets + "}"), ApiHarness.ADMIN);
  }

  private Answer pdns(String rrsets) {
    return h.call("PATCH", PDNS, j("{'rrsets':" + rrsets + "}"), ApiHarness.ADMIN);
  }

  private void refusedAndUnchanged(Answer a, String says) {
    long serial = served().serial();
    assertThat(a.status()).as(a.body()).isEqualTo(422);
    assertThat(a.error()).contains(says);
    assertThat(served().serial()).isEqualTo(serial);
  }

  @Test
  void replacingTheApexNsSetLeavesExactlyTheNewServers() {
    Answer a =
        rest(
            "[{'name':'@','type':'NS','ttl':3600,'changetype':'REPLACE',"
                + "'records':['ns1.shop.test.','ns.other-provider.example.']}]");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(servedData(ZONE, Type.NS))
        .containsExactly("ns.other-provider.example.", "ns1.shop.test.");
    Answer b =
        pdns(
            "[{'name':'shop.test.','type':'NS','ttl':3600,'changetype':'REPLACE',"
                + "'records':[{'content':'ns.third.example.'}]}]");
    assertThat(b.status()).as(b.body()).isEqualTo(204);
    assertThat(servedData(ZONE, Type.NS)).containsExactly("ns.third.example.");
    // The CLI's 'tandem record replace' goes through /records.
    Answer c =
        h.post(
            "/api/zones/shop.test/records",
            j("{'op':'replace','name':'@','ttl':300,'type':'NS','rdata':'ns1.shop.test.'}"));
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    assertThat(servedData(ZONE, Type.NS)).containsExactly("ns1.shop.test.");
  }

  @Test
  void theApexKeepsAnNsAndItsSoa() {
    refusedAndUnchanged(
        rest("[{'name':'@','type':'NS','changetype':'DELETE'}]"),
        "the apex must keep at least one NS record");
    refusedAndUnchanged(
        pdns("[{'name':'shop.test.','type':'NS','changetype':'DELETE'}]"),
        "the apex must keep at least one NS record");
    refusedAndUnchanged(
        pdns(
            "[{'name':'shop.test.','type':'NS','ttl':60,'changetype':'REPLACE',"
                + "'records':[{'content':'ns1.shop.test.','disabled':true}]}]"),
        "the apex must keep at least one NS record");
    refusedAndUnchanged(
        rest("[{'name':'@','type':'SOA','changetype':'DELETE'}]"), "the apex must keep its SOA");
    refusedAndUnchanged(
        h.post(
            "/api/zones/shop.test/records", j("{'op':'delete','name':'@','type':'NS','rdata':''}")),
        "the apex must keep at least one NS record");
    assertThat(servedData(ZONE, Type.NS)).hasSize(2);
  }

  @Test
  void replacingTheSoaTakesItsTimersAndMovesTheSerial() {
    long before = served().serial();
    Answer a =
        pdns(
            "[{'name':'shop.test.','type':'SOA','ttl':600,'changetype':'REPLACE','records':"
                + "[{'content':'ns1.shop.test. dns.shop.test. 1 7200 1800 2419200 60'}]}]");
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    SOARecord soa = served().soa();
    assertThat(soa.getAdmin()).isEqualTo(Name.fromConstantString("dns.shop.test."));
    assertThat(soa.getRefresh()).isEqualTo(7200);
    assertThat(soa.getMinimum()).isEqualTo(60);
    assertThat(soa.getTTL()).isEqualTo(600);
    assertThat(soa.getSerial()).isEqualTo(before + 1); // 1 is older: the serial policy moves it
    Answer newer =
        pdns(
            "[{'name':'shop.test.','type':'SOA','ttl':600,'changetype':'REPLACE','records':"
                + "[{'content':'ns1.shop.test. dns.shop.test. 2030010101 7200 1800 2419200 60'}]}]");
    assertThat(newer.status()).isEqualTo(204);
    assertThat(served().serial()).isEqualTo(2030010101L); // newer: taken as given
  }

  @Test
  void extendAndPruneAddAndTakeOutOneRecordInOrder() {
    Name www = Name.fromConstantString("www.shop.test.");
    Answer a =
        pdns(
            "[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'EXTEND',"
                + "'records':[{'content':'192.0.2.81'}]},"
                + "{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'PRUNE',"
                + "'records':[{'content':'192.0.2.80'}]},"
                + "{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'EXTEND',"
                + "'records':[{'content':'192.0.2.82'}]}]");
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    assertThat(a.body()).isEmpty();
    assertThat(servedData(www, Type.A)).containsExactly("192.0.2.81", "192.0.2.82");
    refusedAndUnchanged(
        pdns(
            "[{'name':'www.shop.test.','type':'A','ttl':60,'changetype':'EXTEND',"
                + "'records':[{'content':'192.0.2.83'}]}]"),
        "uses a different TTL value than the remainder of the RRset");
    Answer rest =
        rest("[{'name':'www','type':'A','ttl':300,'changetype':'PRUNE','records':['192.0.2.81']}]");
    assertThat(rest.status()).as(rest.body()).isEqualTo(200);
    assertThat(servedData(www, Type.A)).containsExactly("192.0.2.82");
  }

  @Test
  void aPatchTellsTheSerialsItMovedBetween() {
    long before = served().serial();
    Answer a =
        pdns(
            "[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'REPLACE',"
                + "'records':[{'content':'192.0.2.99'}]}]");
    assertThat(a.status()).isEqualTo(204);
    assertThat(a.contentType()).isNull(); // no body, no type
    assertThat(a.header("X-PDNS-Old-Serial")).isEqualTo(Long.toString(before));
    assertThat(a.header("X-PDNS-New-Serial")).isEqualTo(Long.toString(served().serial()));
    assertThat(served().serial()).isEqualTo(before + 1);
    Answer same =
        pdns(
            "[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'REPLACE',"
                + "'records':[{'content':'192.0.2.99'}]}]");
    assertThat(same.status()).isEqualTo(204);
    assertThat(same.header("X-PDNS-New-Serial")).isNull(); // nothing changed, no new serial
    assertThat(served().serial()).isEqualTo(before + 1);
  }

  @Test
  void commentsAndDisabledRecordsAreKeptAndShownButNotServed() {
    Answer a =
        pdns(
            "[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'REPLACE',"
                + "'records':[{'content':'192.0.2.80'},{'content':'192.0.2.66','disabled':true}],"
                + "'comments':[{'account':'ops','content':'old web server parked'}]}]");
    assertThat(a.status()).as(a.body()).isEqualTo(204);
    Name www = Name.fromConstantString("www.shop.test.");
    assertThat(servedData(www, Type.A)).containsExactly("192.0.2.80");
    JsonNode rrset = rrset(h.call("GET", PDNS, null, ApiHarness.ADMIN).json(), "www.shop.test.");
    assertThat(rrset.path("records").toString())
        .isEqualTo(
            "[{\"content\":\"192.0.2.66\",\"disabled\":true},"
                + "{\"content\":\"192.0.2.80\",\"disabled\":false}]");
    assertThat(rrset.path("comments").get(0).path("content").asText())
        .isEqualTo("old web server parked");
    assertThat(rrset.path("comments").get(0).path("modified_at").asLong()).isPositive();
    JsonNode without =
        h.call("GET", PDNS + "?include_disabled=false", null, ApiHarness.ADMIN).json();
    assertThat(rrset(without, "www.shop.test.").path("records").size()).isEqualTo(1);

    // A REPLACE of the records keeps the comments; a DELETE takes both.
    pdns(
        "[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'REPLACE',"
            + "'records':[{'content':'192.0.2.81'}]}]");
    rrset = rrset(h.call("GET", PDNS, null, ApiHarness.ADMIN).json(), "www.shop.test.");
    assertThat(rrset.path("comments").size()).isEqualTo(1);
    assertThat(rrset.path("records").size()).isEqualTo(1);
    pdns("[{'name':'www.shop.test.','type':'A','changetype':'DELETE'}]");
    assertThat(
            rrset(h.call("GET", PDNS, null, ApiHarness.ADMIN).json(), "www.shop.test.")
                .isMissingNode())
        .isTrue();
    assertThat(servedData(www, Type.A)).isEmpty();
  }

  private static JsonNode rrset(JsonNode zone, String name) {
    for (JsonNode r : zone.path("rrsets")) {
      if (r.path("name").asText().equals(name) && r.path("type").asText().equals("A")) {
        return r;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
