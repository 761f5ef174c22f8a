package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.store.SqliteZoneStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new zone without an SOA gets the same default SOA whichever API creates it, its serial by the
 * zone's serial policy on the server's clock (here one fixed a second before midnight UTC, so a
 * date serial read from the machine's own date would differ); a zone file given as text is still
 * taken as it is.
 */
class NewZoneDefaultSoaTest {
  private static final Instant NOW = Instant.parse("2031-05-06T23:59:59Z");
  private static final String PDNS = "/api/v1/servers/localhost/zones";

  @TempDir Path dir;
  private ApiHarness api;

  @BeforeEach
  void start() {
    api =
        new ApiHarness(
            SqliteZoneStore.open(dir.resolve("tandem.db")), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String j(String s) {
    return s.replace('\'', '"');
  }

  /** The zone's SOA as the REST API shows it. */
  private String soa(String zone) {
    Answer a = api.get("/api/zones/" + zone + "/rrsets?type=SOA");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json().get(0).path("records").get(0).asText();
  }

  @Test
  void bothApisMakeTheSameDefaultSoaWithADateSerialFromTheServersClock() {
    Answer rest =
        api.post(
            "/api/zones",
            j(
                "{'zone':'rest.test','kind':'primary','nameservers':['ns1.example.net.'],"
                    + "'serialPolicy':'dateserial'}"));
    assertThat(rest.status()).as(rest.body()).isEqualTo(201);
    Answer pdns =
        api.post(
            PDNS,
            j(
                "{'name':'pdns.test.','kind':'Native','nameservers':['ns1.example.net.'],"
                    + "'soa_edit_api':'DEFAULT'}"));
    assertThat(pdns.status()).as(pdns.body()).isEqualTo(201);

    assertThat(soa("rest.test"))
        .isEqualTo("ns1.example.net. hostmaster.rest.test. 2031050601 10800 3600 604800 3600");
    assertThat(soa("pdns.test"))
        .isEqualTo("ns1.example.net. hostmaster.pdns.test. 2031050601 10800 3600 604800 3600");
    assertThat(pdns.json().path("serial").asLong()).isEqualTo(2031050601L);
  }

  @Test
  void otherPoliciesStartAtOneOrAtTheClocksSecond() {
    assertThat(
            api.post(
                    "/api/zones",
                    j("{'zone':'inc.test','kind':'primary','nameservers':['ns1.example.net.']}"))
                .json()
                .path("serial")
                .asLong())
        .isEqualTo(1);
    assertThat(
            api.post(
                    PDNS,
                    j(
                        "{'name':'epoch.test.','kind':'Master','nameservers':['ns1.example.net.'],"
                            + "'soa_edit_api':'EPOCH'}"))
                .json()
                .path("serial")
                .asLong())
        .isEqualTo(NOW.getEpochSecond());
  }

  @Test
  void aPowerDnsZoneGivenAsZoneFileTextIsTakenAsItIs() {
    Answer made =
        api.post(
            PDNS,
            Json.MAPPER
                .createObjectNode()
                .put("name", "text.test.")
                .put("kind", "Native")
                .put(
                    "zone",
                    "$ORIGIN text.test.\n$TTL 300\n@ SOA ns1 admin 42 7200 900 86400 60\n"
                        + "@ NS ns1\nns1 A 192.0.2.53\n")
                .toString());
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(soa("text.test")).isEqualTo("ns1.text.test. admin.text.test. 42 7200 900 86400 60");

    Answer bad =
        api.post(
            PDNS,
            Json.MAPPER
                .createObjectNode()
                .put("name", "bad.test.")
                .put("kind", "Native")
                .put(
                    "zone", "$ORIGIN bad.test.\n@ SOA ns1 h 1 1 1 1 1\n@ NS ns1\nns1 A 300.1.1.1\n")
                .toString());
    assertThat(bad.status()).as(bad.body()).isEqualTo(422);
    assertThat(bad.error()).contains("line 4"); // the client's own text: its lines mean something
  }
}
