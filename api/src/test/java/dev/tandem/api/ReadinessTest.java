package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.api.ApiHarness.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /ready}: what it waits for, named while few and counted when many. */
class ReadinessTest extends ApiOnSqlite {

  @Test
  void aFewSecondariesWaitingAreNamedOneByOneAndDoNotHoldReadinessBack() {
    secondaries(2);
    Answer ready = h.call("GET", "/ready", null, null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(problems(ready.json()))
        .containsExactly(
            "s01.test.: waiting for its first transfer",
            "s02.test.: waiting for its first transfer");
  }

  @Test
  void manySecondariesWaitingAreOneLineNamingTheFirstTwenty() {
    secondaries(23);
    Answer ready = h.call("GET", "/ready", null, null);
    assertThat(ready.status()).isEqualTo(200);
    List<String> first = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      first.add(String.format("s%02d.test.", i));
    }
    assertThat(problems(ready.json()))
        .containsExactly(
            "23 secondary zones waiting for their first transfer: "
                + String.join(", ", first)
                + " (and 3 more)");
  }

  /** Secondaries s01.test ... whose primary never answers (nothing listens on port 1). */
  private void secondaries(int n) {
    for (int i = n; i >= 1; i--) { // created out of order: the line is in the zones' order
      Answer made =
          h.post(
              "/api/zones",
              String.format(
                  "{\"zone\":\"s%02d.test\",\"kind\":\"secondary\",\"primaries\":[\"127.0.0.1:1\"]}",
                  i));
      assertThat(made.status()).as(made.body()).isEqualTo(201);
    }
  }

  private static List<String> problems(JsonNode health) {
    List<String> out = new ArrayList<>();
    health.path("problems").forEach(p -> out.add(p.asText()));
    return out;
  }
}
