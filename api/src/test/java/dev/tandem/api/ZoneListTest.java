package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.api.ApiHarness.Answer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/zones}: all zones, or page by page, of a state or a kind. */
class ZoneListTest extends ApiOnSqlite {

  @Test
  void pagesFollowOneAnotherByTheirLinkAndCoverEveryZoneOnce() {
    for (String zone : List.of("e.test", "b.test", "d.test", "a.test", "c.test")) {
      primary(zone);
    }
    assertThat(zones(h.get("/api/zones")))
        .containsExactly("a.test.", "b.test.", "c.test.", "d.test.", "e.test.");

    Answer first = h.get("/api/zones?limit=2");
    assertThat(zones(first)).containsExactly("a.test.", "b.test.");
    assertThat(first.header("Link")).isEqualTo("</api/zones?after=b.test.&limit=2>; rel=\"next\"");
    Answer second = h.get(next(first));
    assertThat(zones(second)).containsExactly("c.test.", "d.test.");
    Answer third = h.get(next(second));
    assertThat(zones(third)).containsExactly("e.test.");
    assertThat(third.header("Link")).as("the last page has no next").isNull();
    // after a zone that is not there: from the next one in DNS order
    assertThat(zones(h.get("/api/zones?after=bb.test&limit=10")))
        .containsExactly("c.test.", "d.test.", "e.test.");
  }

  @Test
  void aStateOrAKindKeepsOnlyItsZonesAndWrongWordsAreNamed() {
    primary("p.test");
    Answer made =
        h.post(
            "/api/zones",
            "{\"zone\":\"s.test\",\"kind\":\"secondary\",\"primaries\":[\"127.0.0.1:1\"]}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);

    assertThat(zones(h.get("/api/zones?kind=secondary"))).containsExactly("s.test.");
    assertThat(zones(h.get("/api/zones?state=ok"))).containsExactly("p.test.");
    assertThat(zones(h.get("/api/zones?state=ok&kind=secondary"))).isEmpty();

    Answer state = h.get("/api/zones?state=broken");
    assertThat(state.status()).isEqualTo(422);
    assertThat(state.error())
        .isEqualTo("state 'broken' is not one of loading, ok, refreshing, failing, expired");
    Answer kind = h.get("/api/zones?kind=hidden");
    assertThat(kind.status()).isEqualTo(422);
    assertThat(kind.error()).isEqualTo("kind 'hidden' is not one of secondary, primary");
    Answer limit = h.get("/api/zones?limit=0");
    assertThat(limit.status()).isEqualTo(422);
    assertThat(limit.error()).isEqualTo("limit must be from 1 to 10000");
  }

  private void primary(String zone) {
    Answer made =
        h.createPrimary(
            zone,
            "$ORIGIN "
                + zone
                + ".\n@ 300 SOA ns hm 1 60 60 600 60\n@ 300 NS ns\nns 300 A 192.0.2.1\n");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
  }

  private static List<String> zones(Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    a.json().forEach(z -> out.add(z.path("zone").asText()));
    return out;
  }

  /** The path the Link header names. */
  private static String next(Answer a) {
    String link = java.util.Objects.requireNonNull(a.header("Link"), "a Link header");
    assertThat(link).endsWith(">; rel=\"next\"");
    return link.substring(1, link.indexOf('>'));
  }
}
