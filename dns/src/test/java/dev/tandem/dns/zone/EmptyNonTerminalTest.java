package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static dev.tandem.dns.zone.ZoneText.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Empty non-terminals (RFC 8020, RFC 4592 section 2.2.2): the names between the apex and a name
 * with data exist, without records; they appear and vanish with the data below them.
 */
class EmptyNonTerminalTest {
  private static final String ZONE =
      """
      $ORIGIN example.com.
      $TTL 300
      @          SOA  ns1 hostmaster 1 7200 3600 1209600 300
      @          NS   ns1
      ns1        A    192.0.2.53
      a.b.c      A    192.0.2.1
      x.y        TXT  "y has data below"
      y          TXT  "and its own"
      """;

  private static final ZoneSnapshot ZONE_SNAPSHOT = ZoneText.zone("example.com.", ZONE);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"b.c.example.com.", "c.example.com."})
  void namesBetweenTheApexAndDataExistEmpty(String ent) {
    assertThat(ZONE_SNAPSHOT.hasNode(name(ent))).isTrue();
    assertThat(ZONE_SNAPSHOT.recordsAt(name(ent))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "x.c.example.com.",
        "a.example.com.",
        "z.a.b.c.example.com.",
        "com.",
        "example.net."
      })
  void otherNamesDoNotExist(String missing) {
    assertThat(ZONE_SNAPSHOT.hasNode(name(missing))).isFalse();
  }

  @Test
  void aNewDeepNameBringsItsAncestors() throws ZoneDiffException {
    ZoneSnapshot after =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(List.of(), List.of(record("p.q.r.example.com. 300 A 192.0.2.9"))));

    assertThat(after.hasNode(name("q.r.example.com."))).isTrue();
    assertThat(after.hasNode(name("r.example.com."))).isTrue();
    assertThat(after.recordsAt(name("r.example.com."))).isEmpty();
    assertThat(ZONE_SNAPSHOT.hasNode(name("r.example.com."))).isFalse();
  }

  @Test
  void removingTheOnlyDataBelowRemovesTheAncestors() throws ZoneDiffException {
    ZoneSnapshot after =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(List.of(record("a.b.c.example.com. 300 A 192.0.2.1")), List.of()));

    assertThat(after.hasNode(name("a.b.c.example.com."))).isFalse();
    assertThat(after.hasNode(name("b.c.example.com."))).isFalse();
    assertThat(after.hasNode(name("c.example.com."))).isFalse();
    assertThat(after.hasNode(name("example.com."))).isTrue();
  }

  @Test
  void anAncestorStaysWhileSomethingElseLivesBelowIt() throws ZoneDiffException {
    ZoneSnapshot both =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(List.of(), List.of(record("s.c.example.com. 300 A 192.0.2.2"))));

    ZoneSnapshot after =
        both.apply(new ZoneDiff(List.of(record("a.b.c.example.com. 300 A 192.0.2.1")), List.of()));

    assertThat(after.hasNode(name("b.c.example.com."))).isFalse();
    assertThat(after.hasNode(name("c.example.com."))).isTrue();
    assertThat(after.recordsAt(name("c.example.com."))).isEmpty();
  }

  @Test
  void aNameThatLosesItsDataButHasDescendantsBecomesEmpty() throws ZoneDiffException {
    ZoneSnapshot after =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(List.of(record("y.example.com. 300 TXT \"and its own\"")), List.of()));

    assertThat(after.hasNode(name("y.example.com."))).isTrue();
    assertThat(after.recordsAt(name("y.example.com."))).isEmpty();
    assertThat(after.recordsAt(name("x.y.example.com."))).hasSize(1);
  }

  @Test
  void anEmptyNonTerminalThatGainsDataIsAnOrdinaryName() throws ZoneDiffException {
    ZoneSnapshot after =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(List.of(), List.of(record("c.example.com. 300 A 192.0.2.3"))));
    ZoneSnapshot emptied =
        after.apply(new ZoneDiff(List.of(record("a.b.c.example.com. 300 A 192.0.2.1")), List.of()));

    assertThat(after.recordsAt(name("c.example.com."))).hasSize(1);
    assertThat(emptied.hasNode(name("c.example.com."))).isTrue();
    assertThat(emptied.recordsAt(name("c.example.com."))).hasSize(1);
    assertThat(emptied.hasNode(name("b.c.example.com."))).isFalse();
  }

  @Test
  void movingDataDownInOneDiffKeepsTheName() throws ZoneDiffException {
    ZoneSnapshot after =
        ZONE_SNAPSHOT.apply(
            new ZoneDiff(
                List.of(record("a.b.c.example.com. 300 A 192.0.2.1")),
                List.of(record("d.a.b.c.example.com. 300 A 192.0.2.1"))));

    assertThat(after.hasNode(name("a.b.c.example.com."))).isTrue();
    assertThat(after.recordsAt(name("a.b.c.example.com."))).isEmpty();
    assertThat(after.recordsAt(name("d.a.b.c.example.com."))).hasSize(1);
  }
}
