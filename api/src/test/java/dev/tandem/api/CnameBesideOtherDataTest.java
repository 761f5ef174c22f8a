package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.SqliteZoneStore;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A CNAME beside other data at one name (RFC 1034 section 3.6.2) is refused with 422 naming the
 * field, through the REST API and the PowerDNS API alike, where an RFC 2136 UPDATE would have
 * dropped the record and answered "nothing to change"; a refused edit changes nothing. An edit that
 * removes the other data in the same change goes through, whatever the order of its RRsets.
 */
class CnameBesideOtherDataTest {
  private static final String SHOP =
      """
      $ORIGIN shop.test.
      $TTL 300
      @     SOA   ns1 hostmaster 10 3600 900 1209600 300
      @     NS    ns1
      ns1   A     192.0.2.53
      www   A     192.0.2.80
      alias CNAME www
      """;
  private static final String PDNS = "/api/v1/servers/localhost/zones";

  @TempDir Path dir;
  private ApiHarness api;

  @BeforeEach
  void start() {
    api = new ApiHarness(SqliteZoneStore.open(dir.resolve("tandem.db")));
    Answer a = api.createPrimary("shop.test", SHOP);
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  private ZoneSnapshot served() {
    ZoneSnapshot z = api.served.get(Name.fromConstantString("shop.test."));
    if (z == null) {
      throw new AssertionError("shop.test. is not served");
    }
    return z;
  }

  private List<Integer> typesAt(String name) {
    return served().recordsAt(Name.fromConstantString(name)).stream()
        .map(Record::getType)
        .distinct()
        .toList();
  }

  record Case(String method, String path, String body, @Nullable String field, String error) {}

  @Test
  void everySurfaceRefusesACnameBesideOtherDataAndChangesNothing() {
    String z = "/api/zones/shop.test";
    String p = PDNS + "/shop.test.";
    List<Case> cases =
        List.of(
            new Case(
                "PATCH",
                z + "/rrsets",
                "{'rrsets':[{'name':'www','type':'CNAME','records':['elsewhere.test.'],"
                    + "'changetype':'REPLACE'}]}",
                "rrsets[0]",
                "RRset www.shop.test. IN CNAME: Conflicts with pre-existing RRset A"),
            new Case(
                "PATCH",
                z + "/rrsets",
                "{'rrsets':[{'name':'ok','type':'A','records':['192.0.2.7'],'changetype':'REPLACE'},"
                    + "{'name':'alias','type':'TXT','records':['\\'x\\''],'changetype':'REPLACE'}]}",
                "rrsets[1]",
                "RRset alias.shop.test. IN TXT: Conflicts with pre-existing RRset CNAME"),
            new Case(
                "PUT",
                z + "/rrsets/www/CNAME",
                "{'ttl':60,'records':['elsewhere.test.']}",
                "rrsets[0]",
                "Conflicts with pre-existing RRset A"),
            new Case(
                "POST",
                z + "/records",
                "{'op':'add','name':'www','type':'CNAME','rdata':'elsewhere.test.'}",
                "name",
                "RRset www.shop.test. IN CNAME: Conflicts with pre-existing RRset A"),
            new Case(
                "POST",
                z + "/records",
                "{'op':'replace','name':'alias','type':'AAAA','rdata':'2001:db8::1'}",
                "name",
                "RRset alias.shop.test. IN AAAA: Conflicts with pre-existing RRset CNAME"),
            new Case(
                "PATCH",
                z + "/rrsets",
                "{'rrsets':[{'name':'two','type':'CNAME','records':['a.test.','b.test.'],"
                    + "'changetype':'REPLACE'}]}",
                "rrsets[0].records",
                "holds exactly one"),
            new Case(
                "PATCH",
                p,
                "{'rrsets':[{'name':'alias.shop.test.','type':'A','ttl':60,'changetype':'REPLACE',"
                    + "'records':[{'content':'192.0.2.9','disabled':false}]}]}",
                "rrsets[0]",
                "RRset alias.shop.test. IN A: Conflicts with pre-existing RRset"),
            new Case(
                "PATCH",
                p,
                "{'rrsets':[{'name':'two.shop.test.','type':'CNAME','ttl':60,"
                    + "'changetype':'REPLACE','records':[{'content':'a.test.'},"
                    + "{'content':'b.test.'}]}]}",
                "rrsets[0].records",
                "holds exactly one"));
    for (Case c : cases) {
      long serial = served().serial();
      String export = api.get("/api/zones/shop.test/export").body();
      Answer a = api.call(c.method(), c.path(), j(c.body()), ApiHarness.ADMIN);
      assertThat(a.status()).as(c.body() + " → " + a.body()).isEqualTo(422);
      assertThat(a.error()).as(c.body()).contains(c.error());
      assertThat(a.json().path("field").asText(null)).as(c.body()).isEqualTo(c.field());
      assertThat(served().serial()).as(c.body()).isEqualTo(serial);
      assertThat(api.get("/api/zones/shop.test/export").body()).isEqualTo(export);
    }
    assertThat(typesAt("www.shop.test.")).containsExactly(Type.A);
    assertThat(typesAt("alias.shop.test.")).containsExactly(Type.CNAME);
  }

  @Test
  void aCnameReplacesTheDataItsChangeRemovesWhateverTheOrder() {
    // The CNAME comes first in the change: had the UPDATE been made in this order, RFC 2136
    // section 3.4.2.2 would have dropped it beside the A record removed after it.
    Answer a =
        api.call(
            "PATCH",
            "/api/zones/shop.test/rrsets",
            j(
                "{'rrsets':[{'name':'www','type':'CNAME','records':['alias.shop.test.'],"
                    + "'changetype':'REPLACE'},{'name':'www','type':'A','changetype':'DELETE'}]}"),
            ApiHarness.ADMIN);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().path("toSerial").asLong()).isEqualTo(11);
    assertThat(typesAt("www.shop.test.")).containsExactly(Type.CNAME);

    // And back through the PowerDNS API: the CNAME out, the address in, one PATCH.
    Answer back =
        api.call(
            "PATCH",
            PDNS + "/shop.test.",
            j(
                "{'rrsets':[{'name':'www.shop.test.','type':'A','ttl':300,'changetype':'REPLACE',"
                    + "'records':[{'content':'192.0.2.81'}]},"
                    + "{'name':'www.shop.test.','type':'CNAME','changetype':'DELETE'}]}"),
            ApiHarness.ADMIN);
    assertThat(back.status()).as(back.body()).isEqualTo(204);
    assertThat(typesAt("www.shop.test.")).containsExactly(Type.A);
  }

  @Test
  void theSameRrsetTwiceInOneChangeIsRefused() {
    Answer a =
        api.call(
            "PATCH",
            "/api/zones/shop.test/rrsets",
            j(
                "{'rrsets':[{'name':'x','type':'A','records':['192.0.2.1'],'changetype':'REPLACE'},"
                    + "{'name':'x.shop.test.','type':'a','records':['192.0.2.2'],"
                    + "'changetype':'REPLACE'}]}"),
            ApiHarness.ADMIN);
    assertThat(a.status()).as(a.body()).isEqualTo(422);
    assertThat(a.json().path("field").asText()).isEqualTo("rrsets[1]");
    assertThat(a.error()).contains("Duplicate RRset x.shop.test. IN A with changetype: REPLACE");
    assertThat(served().recordsAt(Name.fromConstantString("x.shop.test."))).isEmpty();
  }

  @Test
  void aNewZoneThroughThePowerDnsApiWithACnameBesideAnAddressIsNotCreated() {
    Answer a =
        api.post(
            PDNS,
            j(
                """
                {'name': 'new.test.', 'kind': 'Native', 'nameservers': ['ns1.example.net.'],
                 'rrsets': [
                   {'name': 'www.new.test.', 'type': 'A', 'ttl': 60,
                    'records': [{'content': '192.0.2.1'}]},
                   {'name': 'www.new.test.', 'type': 'CNAME', 'ttl': 60,
                    'records': [{'content': 'elsewhere.test.'}]}]}
                """));
    assertThat(a.status()).as(a.body()).isEqualTo(422);
    assertThat(a.error()).contains("RRset www.new.test. IN CNAME: conflicts with existing A RRset");
    assertThat(api.get("/api/zones/new.test").status()).isEqualTo(404);
    JsonNode zones = api.get("/api/zones").json();
    assertThat(zones).hasSize(1);
  }
}
