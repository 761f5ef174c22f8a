package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.store.SqliteZoneStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies made to break a parser: each is refused as JSON {@code {"error"}} naming the limit it
 * crossed, with a 4xx status, never a 500 carrying Java's internals, and nothing changes.
 */
class HostileRequestBodiesTest {
  @TempDir Path dir;
  private ApiHarness h;

  @BeforeEach
  void start() {
    h = new ApiHarness(SqliteZoneStore.open(dir.resolve("tandem.db")));
  }

  @AfterEach
  void stop() {
    h.close();
  }

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
  void malformedJsonSaysWhereWithoutInternals() {
    refusedAsJson(
        h.post("/api/zones", "{\"zone\": \"a.test\",,}"), 400, "malformed JSON at line 1");
  }
}
