package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zone names as clients send them: Unicode names (U-labels) are made into their A-labels (IDNA), as
 * a resolver will ask for them; a space, a control character or a '/' is refused on both surfaces,
 * naming the field, and no zone is made.
 */
class ZoneNamesFromTheApiTest extends ApiOnSqlite {
  private static final String PDNS = "/api/v1/servers/localhost/zones";

  private Answer createRest(String zone) {
    return h.post(
        "/api/zones",
        Json.MAPPER
            .createObjectNode()
            .put("zone", zone)
            .put("kind", "primary")
            .set("nameservers", Json.MAPPER.createArrayNode().add("ns1.example.net."))
            .toString());
  }

  private Answer createPdns(String zone) {
    return h.call(
        "POST",
        PDNS,
        Json.MAPPER
            .createObjectNode()
            .put("name", zone)
            .put("kind", "Native")
            .set("nameservers", Json.MAPPER.createArrayNode().add("ns1.example.net."))
            .toString(),
        ApiHarness.ADMIN);
  }

  @Test
  void aUnicodeZoneNameIsServedUnderItsALabels() {
    Answer rest = createRest("bücher.example");
    assertThat(rest.status()).as(rest.body()).isEqualTo(201);
    assertThat(rest.json().path("zone").asText()).isEqualTo("xn--bcher-kva.example.");
    assertThat(h.get("/api/zones/bücher.example").json().path("zone").asText())
        .isEqualTo("xn--bcher-kva.example.");
    Answer pdns = createPdns("παράδειγμα.test.");
    assertThat(pdns.status()).as(pdns.body()).isEqualTo(201);
    assertThat(pdns.json().path("name").asText()).isEqualTo("xn--hxajbheg2az3al.test.");
    assertThat(h.served)
        .containsKeys(name("xn--bcher-kva.example."), name("xn--hxajbheg2az3al.test."));
  }

  @Test
  void spacesControlCharactersAndEscapesAreRefusedOnBothSurfacesASlashOnTheRestApi() {
    for (String bad :
        List.of(
            "bad zone.test",
            "nul\u0000.test",
            "0/25.2.0.192.in-addr.arpa",
            "tab\t.test",
            "a\\032b.test")) {
      Answer rest = createRest(bad);
      assertThat(rest.status()).as(bad + ": " + rest.body()).isEqualTo(422);
      assertThat(rest.json().path("field").asText()).isEqualTo("zone");
      assertThat(rest.error()).contains("contains unsupported characters");
      if (!bad.contains("/")) { // the PowerDNS API takes a '/' (below)
        Answer pdns = createPdns(bad + ".");
        assertThat(pdns.status()).as(bad + ": " + pdns.body()).isEqualTo(422);
        assertThat(pdns.error()).contains("contains unsupported characters");
      }
    }
    assertThat(h.get("/api/zones").json()).isEmpty();
    assertThat(h.served).isEmpty();
  }

  @Test
  void anRfc2317ZoneIsMadeThroughThePowerDnsApiWhoseIdsEscapeTheSlash() {
    // PowerDNS's own character set: its ids write the '/' as =2F, so its paths can name the zone.
    Answer pdns = createPdns("0/25.2.0.192.in-addr.arpa.");
    assertThat(pdns.status()).as(pdns.body()).isEqualTo(201);
    assertThat(pdns.json().path("id").asText()).isEqualTo("0=2F25.2.0.192.in-addr.arpa.");
    Answer read = h.call("GET", PDNS + "/0=2F25.2.0.192.in-addr.arpa.", null, ApiHarness.ADMIN);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
  }

  @Test
  void anEmptyLabelIsRefusedAsUnparseable() {
    Answer pdns = createPdns("test..example.");
    assertThat(pdns.status()).isEqualTo(422);
    assertThat(pdns.error()).contains("Unable to parse Zone Name");
  }

  private static org.xbill.DNS.Name name(String s) {
    return org.xbill.DNS.Name.fromConstantString(s);
  }
}
