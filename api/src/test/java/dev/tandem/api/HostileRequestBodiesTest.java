package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import org.junit.jupiter.api.Test;

/**
 * Bodies made to break a parser: each is refused as JSON {@code {"error"}} naming the limit it
 * crossed, with a 4xx status, never a 500 carrying Java's internals, and nothing changes.
 */
class HostileRequestBodiesTest extends ApiOnSqlite {

  private static void refusedAsJson(Answer a, int status, String says) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/json");
    assertThat(a.error()).contains(says).doesNotContain("Exception").doesNotContain("jackson");
  }

  @Test
  void jsonNestedAThousandDeepIsRefusedNamingTheDepthLimit() {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    refusedAsJson(h.post("/api/zones", deep), 400, "deeper than the limit of 32 levels");
    refusedAsJson(
        h.call("POST", "/api/v1/servers/localhost/zones", deep, ApiHarness.ADMIN),
        400,
        "deeper than the limit of 32 levels");
    String deepObject = "{\"zone\":" + "{\"a\":".repeat(1000) + "1" + "}".repeat(1001);
    refusedAsJson(h.post("/api/zones", deepObject), 400, "deeper than the limit");
    assertThat(h.get("/api/zones").json()).isEmpty();
  }

  @Test
  void aTwentyMillionCharacterZoneNameIsRefusedAsAnInvalidName() {
    String name = "a".repeat(20_000_001);
    Answer rest = h.post("/api/zones", "{\"zone\":\"" + name + "\",\"kind\":\"primary\"}");
    refusedAsJson(rest, 422, "is not a domain name");
    assertThat(rest.body().length()).isLessThan(3000); // the name is not echoed whole
    assertThat(rest.json().path("field").asText()).isEqualTo("zone");
    Answer pdns =
        h.call(
            "POST",
            "/api/v1/servers/localhost/zones",
            "{\"name\":\"" + name + ".\",\"kind\":\"Native\"}",
            ApiHarness.ADMIN);
    refusedAsJson(pdns, 422, "is not a domain name");
    assertThat(h.get("/api/zones").json()).isEmpty();
  }

  @Test
  void aBodyOverSixtyFourMebibytesIsRefusedWith413AsJson() {
    String body = "x".repeat(64 * 1024 * 1024 + 1);
    refusedAsJson(h.post("/api/zones", body), 413, "larger than the limit of 67108864 bytes");
  }

  @Test
  void aPatchOfAHundredThousandRrsetsIsRefusedNamingTheLimit() {
    Answer made =
        h.createPrimary(
            "big.test",
            "$ORIGIN big.test.\n@ 300 SOA ns hm 1 60 60 600 60\n@ 300 NS ns\nns 300 A 192.0.2.1\n");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    StringBuilder pdns = new StringBuilder("{\"rrsets\":[");
    StringBuilder rest = new StringBuilder("{\"rrsets\":[");
    for (int i = 0; i < 100_000; i++) {
      String sep = i == 0 ? "" : ",";
      pdns.append(sep)
          .append("{\"name\":\"n")
          .append(i)
          .append(".big.test.\",\"type\":\"A\",\"ttl\":60,\"changetype\":\"REPLACE\",")
          .append("\"records\":[{\"content\":\"192.0.2.1\"}]}");
      rest.append(sep)
          .append("{\"name\":\"n")
          .append(i)
          .append("\",\"type\":\"A\",\"ttl\":60,\"changetype\":\"REPLACE\",")
          .append("\"records\":[\"192.0.2.1\"]}");
    }
    Answer p =
        h.call(
            "PATCH",
            "/api/v1/servers/localhost/zones/big.test.",
            pdns.append("]}").toString(),
            ApiHarness.ADMIN);
    refusedAsJson(p, 422, "a change may name at most 50000 RRsets (100000 given)");
    Answer r =
        h.call(
            "PATCH", "/api/zones/big.test/rrsets", rest.append("]}").toString(), ApiHarness.ADMIN);
    refusedAsJson(r, 422, "at most 50000 RRsets");
    assertThat(r.json().path("field").asText()).isEqualTo("rrsets");
    assertThat(h.get("/api/zones/big.test").json().path("serial").asLong()).isEqualTo(1);
  }

  @Test
  void malformedJsonSaysWhereWithoutInternals() {
    refusedAsJson(
        h.post("/api/zones", "{\"zone\": \"a.test\",,}"), 400, "malformed JSON at line 1");
  }
}
