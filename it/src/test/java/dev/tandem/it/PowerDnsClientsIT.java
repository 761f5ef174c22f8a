package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The PowerDNS-compatible API driven as three clients drive it that cannot be run on this machine
 * (none is packaged for Debian 12 or published on npm): Terraform's PowerDNS provider
 * (pan-net/terraform-provider-powerdns), octoDNS's (octodns-powerdns) and external-dns's pdns
 * provider. Each test sends the requests the client's source sends for a typical run, in its order:
 * the same methods, paths and headers, and bodies with the fields and zero values its JSON encoder
 * writes. Every change is then observed where a user sees it, over DNS. What this cannot show is
 * how each client reads our replies beyond the fields it is known to use.
 */
class PowerDnsClientsIT {
  private static final String KEY = "clients-it-key";
  private static final String ZONES = "/api/v1/servers/localhost/zones";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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

  /** Terraform: powerdns_zone and powerdns_record resources, created, changed and destroyed. */
  @Test
  void terraformsProviderCreatesAZoneManagesRecordsAndDestroysThem() throws Exception {
    // detectApiVersion: any 200 here means API v1.
    assertThat(go("GET", "/api/v1/servers", null).statusCode()).isEqualTo(200);
    // Exists before Create: 404 is "no such zone", anything else but 200 an error.
    assertThat(go("GET", ZONES + "/tf.test.", null).statusCode()).isEqualTo(404);
    // Create: ZoneInfo as Go marshals it (no omitempty on id, url, kind, dnsssec, serial).
    HttpResponse<String> created =
        go(
            "POST",
            ZONES,
            """
            {"id":"","name":"tf.test.","url":"","kind":"Native","dnsssec":false,"serial":0,\
            "nameservers":["ns1.example.net.","ns2.example.net."],"soa_edit_api":""}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = Json.string(Json.parse(created.body()), "id");
    assertThat(id).isEqualTo("tf.test.");
    assertThat(dns("tf.test.", Type.NS))
        .containsExactly("3600 ns1.example.net.", "3600 ns2.example.net.");
    // Read: the zone, and the apex NS among its rrsets.
    HttpResponse<String> read = go("GET", ZONES + "/" + id, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(Json.string(Json.parse(read.body()), "kind")).isEqualTo("Native");
    assertThat(read.body()).contains("ns1.example.net.");

    // powerdns_record: REPLACE with Record{name, type, content, ttl, disabled, set-ptr}.
    assertThat(replaceTf("192.0.2.1", "192.0.2.2").statusCode()).isIn(200, 204);
    assertThat(dns("www.tf.test.", Type.A)).containsExactly("300 192.0.2.1", "300 192.0.2.2");
    assertThat(go("GET", ZONES + "/tf.test.", null).body()).contains("192.0.2.2");
    // records is ForceNew: a change is a DELETE (no records, ttl 0), then a new REPLACE.
    HttpResponse<String> deleted =
        go(
            "PATCH",
            ZONES + "/tf.test.",
            """
            {"rrsets":[{"name":"www.tf.test.","type":"A","changetype":"DELETE","ttl":0}]}""");
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
    assertThat(dns("www.tf.test.", Type.A)).containsExactly("NXDOMAIN");
    assertThat(replaceTf("192.0.2.3").statusCode()).isIn(200, 204);
    assertThat(dns("www.tf.test.", Type.A)).containsExactly("300 192.0.2.3");

    // Update of kind: PUT with only kind set (the rest Go's zero values), 204.
    HttpResponse<String> put =
        go(
            "PUT",
            ZONES + "/tf.test.",
            """
            {"id":"","name":"","url":"","kind":"Master","dnsssec":false,"serial":0}""");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    assertThat(Json.string(Json.parse(go("GET", ZONES + "/tf.test.", null).body()), "kind"))
        .isEqualTo("Master");
    // Destroy.
    assertThat(go("DELETE", ZONES + "/tf.test.", null).statusCode()).isEqualTo(204);
    assertThat(go("GET", ZONES + "/tf.test.", null).statusCode()).isEqualTo(404);
    assertThat(dns("www.tf.test.", Type.A)).containsExactly("REFUSED");
  }

  private static HttpResponse<String> replaceTf(String... addresses) throws Exception {
    StringBuilder records = new StringBuilder();
    for (String a : addresses) {
      records
          .append(records.isEmpty() ? "" : ",")
          .append("{\"name\":\"www.tf.test.\",\"type\":\"A\",\"content\":\"")
          .append(a)
          .append("\",\"ttl\":300,\"disabled\":false,\"set-ptr\":false}");
    }
    return go(
        "PATCH",
        ZONES + "/tf.test.",
        "{\"rrsets\":[{\"name\":\"www.tf.test.\",\"type\":\"A\",\"changetype\":\"REPLACE\","
            + "\"ttl\":300,\"records\":["
            + records
            + "]}]}");
  }

  /**
   * octoDNS: a sync to a zone the server does not have yet (PATCH, 404, then POST with every
   * record), then a sync that changes and deletes records (DELETEs first, as octoDNS sorts them).
   */
  @Test
  void octoDnsCreatesAZoneWithItsRecordsThenSyncsChanges() throws Exception {
    // powerdns_version: GET servers/localhost (the URL's trailing slash stripped).
    HttpResponse<String> server = octo("GET", "/api/v1/servers/localhost", null);
    assertThat(server.statusCode()).isEqualTo(200);
    String version = Json.string(Json.parse(server.body()), "version");
    assertThat(version.split("\\.")[0]).isEqualTo("4"); // >= 4.3: soa_edit_api DEFAULT, 404s
    // populate: 404 means the zone does not exist yet.
    assertThat(octo("GET", ZONES + "/octo.test.", null).statusCode()).isEqualTo(404);
    String mods =
        """
        [{"name":"octo.test.","type":"MX","ttl":300,"changetype":"REPLACE",\
        "records":[{"content":"10 mail.octo.test.","disabled":false}]},\
        {"name":"octo.test.","type":"NS","ttl":3600,"changetype":"REPLACE",\
        "records":[{"content":"ns1.example.net.","disabled":false}]},\
        {"name":"octo.test.","type":"TXT","ttl":300,"changetype":"REPLACE",\
        "records":[{"content":"\\"v=spf1 -all\\"","disabled":false}]},\
        {"name":"mail.octo.test.","type":"A","ttl":300,"changetype":"REPLACE",\
        "records":[{"content":"192.0.2.25","disabled":false}]},\
        {"name":"www.octo.test.","type":"CNAME","ttl":300,"changetype":"REPLACE",\
        "records":[{"content":"mail.octo.test.","disabled":false}]}]""";
    // _apply: PATCH first; on 404 create the zone with the same mods.
    assertThat(octo("PATCH", ZONES + "/octo.test.", "{\"rrsets\":" + mods + "}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> created =
        octo(
            "POST",
            "/api/v1/servers/localhost/zones",
            "{\"name\":\"octo.test.\",\"kind\":\"Master\",\"masters\":[],\"nameservers\":[],"
                + "\"rrsets\":"
                + mods
                + ",\"soa_edit_api\":\"DEFAULT\",\"serial\":0}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(dns("octo.test.", Type.MX)).containsExactly("300 10 mail.octo.test.");
    assertThat(dns("octo.test.", Type.NS)).containsExactly("3600 ns1.example.net.");
    assertThat(dns("octo.test.", Type.TXT)).containsExactly("300 v=spf1 -all");
    assertThat(dns("www.octo.test.", Type.A))
        .containsExactly("300 192.0.2.25", "300 mail.octo.test.");

    // The next sync: populate reads the rrsets, then one PATCH: DELETEs (with the old records
    // and TTL) before REPLACEs.
    HttpResponse<String> populated = octo("GET", ZONES + "/octo.test.", null);
    assertThat(populated.statusCode()).isEqualTo(200);
    assertThat(populated.body()).contains("\"type\":\"CNAME\"", "mail.octo.test.");
    HttpResponse<String> synced =
        octo(
            "PATCH",
            ZONES + "/octo.test.",
            """
            {"rrsets":[{"name":"www.octo.test.","type":"CNAME","ttl":300,"changetype":"DELETE",\
            "records":[{"content":"mail.octo.test.","disabled":false}]},\
            {"name":"mail.octo.test.","type":"A","ttl":600,"changetype":"REPLACE",\
            "records":[{"content":"192.0.2.26","disabled":false},\
            {"content":"192.0.2.27","disabled":false}]}]}""");
    assertThat(synced.statusCode()).as(synced.body()).isEqualTo(204);
    assertThat(dns("www.octo.test.", Type.A)).containsExactly("NXDOMAIN");
    assertThat(dns("mail.octo.test.", Type.A)).containsExactly("600 192.0.2.26", "600 192.0.2.27");
  }

  /**
   * external-dns: Records (list the zones, then each by its id), then ApplyChanges: one PATCH per
   * zone with the zone object from the listing and the changed RRsets (records with content only,
   * no TTL on DELETE), its ownership TXT record beside each.
   */
  @Test
  void externalDnsPublishesUpdatesAndRemovesAServicesRecords() throws Exception {
    HttpResponse<String> made =
        go(
            "POST",
            ZONES,
            "{\"name\":\"ext.test.\",\"kind\":\"Native\",\"nameservers\":[\"ns1.example.net.\"]}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    Map<?, ?> zone = listed("ext.test.");
    String id = Json.string(zone, "id");
    assertThat(pdnsGo("GET", ZONES + "/" + id, null).statusCode()).isEqualTo(200);

    String owner =
        "\\\"heritage=external-dns,external-dns/owner=default,"
            + "external-dns/resource=service/default/app\\\"";
    assertThat(patchExt(zone, app("REPLACE", "192.0.2.10", owner)).statusCode()).isEqualTo(204);
    assertThat(dns("app.ext.test.", Type.A)).containsExactly("300 192.0.2.10");
    assertThat(dns("app.ext.test.", Type.TXT))
        .containsExactly(
            "300 heritage=external-dns,external-dns/owner=default,"
                + "external-dns/resource=service/default/app");

    // UpdateNew: REPLACE again; the old address must be gone.
    assertThat(patchExt(zone, app("REPLACE", "192.0.2.11", owner)).statusCode()).isEqualTo(204);
    assertThat(dns("app.ext.test.", Type.A)).containsExactly("300 192.0.2.11");

    // Delete: the records as they are, no TTL.
    assertThat(patchExt(zone, app("DELETE", "192.0.2.11", owner)).statusCode()).isEqualTo(204);
    assertThat(dns("app.ext.test.", Type.A)).containsExactly("NXDOMAIN");

    // A CNAME to a name outside the zone is sent as ALIAS (a PowerDNS type Tandem does not
    // have): refused whole, nothing changes.
    String alias =
        "[{\"name\":\"alias.ext.test.\",\"type\":\"ALIAS\",\"ttl\":300,\"changetype\":\"REPLACE\","
            + "\"records\":[{\"content\":\"lb.example.net.\"}]}]";
    HttpResponse<String> refused = patchExt(zone, alias);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(dns("alias.ext.test.", Type.A)).containsExactly("NXDOMAIN");
  }

  /** The A RRset of app.ext.test. and its ownership TXT, as external-dns writes them. */
  private static String app(String changetype, String address, String owner) {
    String ttl = changetype.equals("REPLACE") ? ",\"ttl\":300" : "";
    return "[{\"name\":\"app.ext.test.\",\"type\":\"A\""
        + ttl
        + ",\"changetype\":\""
        + changetype
        + "\",\"records\":[{\"content\":\""
        + address
        + "\"}]},{\"name\":\"app.ext.test.\",\"type\":\"TXT\""
        + ttl
        + ",\"changetype\":\""
        + changetype
        + "\",\"records\":[{\"content\":\""
        + owner
        + "\"}]}]";
  }

  /** The zone's entry in the zone list (GET .../zones), as external-dns finds it. */
  private static Map<?, ?> listed(String name) throws Exception {
    HttpResponse<String> list = pdnsGo("GET", ZONES, null);
    assertThat(list.statusCode()).isEqualTo(200);
    for (Object z : (List<?>) Json.parse(list.body())) {
      if (name.equals(Json.string(z, "name"))) {
        return (Map<?, ?>) z;
      }
    }
    throw new AssertionError(name + " is not in the zone list: " + list.body());
  }

  /** PATCH of the zone object from the listing (id, name, type, url, kind, serial) with rrsets. */
  private static HttpResponse<String> patchExt(Map<?, ?> zone, String rrsets) throws Exception {
    String body =
        "{\"id\":\""
            + Json.string(zone, "id")
            + "\",\"name\":\""
            + Json.string(zone, "name")
            + "\",\"type\":\"Zone\",\"url\":\""
            + Json.string(zone, "url")
            + "\",\"kind\":\""
            + Json.string(zone, "kind")
            + "\",\"rrsets\":"
            + rrsets
            + ",\"serial\":"
            + ((Double) Json.member(zone, "serial")).longValue()
            + "}";
    return pdnsGo("PATCH", ZONES + "/" + Json.string(zone, "id"), body);
  }

  /** A request as Go's net/http sends it for the Terraform provider. */
  private static HttpResponse<String> go(String method, String path, String body) throws Exception {
    HttpRequest.Builder r = request(path).header("Accept", "application/json");
    return send(r, method, body);
  }

  /** A request as the swagger client external-dns uses sends it. */
  private static HttpResponse<String> pdnsGo(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder r =
        request(path).header("Accept", "application/json").header("User-Agent", "Swagger-Codegen");
    return send(r, method, body);
  }

  /** A request as python-requests sends it for octoDNS ({@code json=} sets the content type). */
  private static HttpResponse<String> octo(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder r =
        request(path).header("Accept", "*/*").header("User-Agent", "python-requests");
    return send(r, method, body);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
        .header("X-API-Key", KEY);
  }

  private static HttpResponse<String> send(HttpRequest.Builder r, String method, String body)
      throws IOException, InterruptedException {
    if (body != null) {
      r.header("Content-Type", "application/json");
    }
    r.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer over DNS as sorted "TTL rdata" strings, or the RCODE alone when not NOERROR. */
  private static List<String> dns(String name, int type) throws IOException {
    try (DnsClient c = new DnsClient(tandem.port())) {
      Message m = c.udp(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
      if (m.getRcode() != Rcode.NOERROR) {
        return List.of(Rcode.string(m.getRcode()));
      }
      return m.getSection(Section.ANSWER).stream()
          .map(r -> r.getTTL() + " " + rdata(r))
          .sorted()
          .toList();
    }
  }

  /** The RDATA as text; a TXT record's strings as they are, one space between. */
  private static String rdata(Record r) {
    return r instanceof TXTRecord t ? String.join(" ", t.getStrings()) : r.rdataToString();
  }
}
