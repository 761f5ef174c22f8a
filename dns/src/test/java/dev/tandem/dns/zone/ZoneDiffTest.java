package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static dev.tandem.dns.zone.ZoneText.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Record;

/**
 * Incremental changes (one IXFR sequence, RFC 1995, or one UPDATE, RFC 2136) applied to a zone
 * version: a new version results, the old one stays as it was.
 */
class ZoneDiffTest {
  private static final String SOA_1 =
      "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300";
  private static final String SOA_2 =
      "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2 7200 3600 1209600 300";

  private static ZoneSnapshot zone() {
    return ZoneText.zone(
        "example.com.",
        """
        $ORIGIN example.com.
        $TTL 300
        @          SOA  ns1 hostmaster 1 7200 3600 1209600 300
        @          NS   ns1
        ns1        A    192.0.2.53
        www        A    192.0.2.1
        www        A    192.0.2.2
        www        TXT  "web"
        mail       A    192.0.2.25
        """);
  }

  private static List<String> at(ZoneSnapshot zone, String owner) {
    return zone.recordsAt(name(owner)).stream().map(ZoneText::text).toList();
  }

  private static ZoneDiff diff(List<String> removed, List<String> added) {
    return new ZoneDiff(
        removed.stream().map(ZoneText::record).toList(),
        added.stream().map(ZoneText::record).toList());
  }

  @Test
  void addsToAnExistingRrset() throws ZoneDiffException {
    ZoneSnapshot after = zone().apply(diff(List.of(), List.of("www.example.com. 300 A 192.0.2.3")));

    assertThat(at(after, "www.example.com."))
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 A 192.0.2.2",
            "www.example.com. 300 A 192.0.2.3",
            "www.example.com. 300 TXT web");
    assertThat(after.recordCount()).isEqualTo(zone().recordCount() + 1);
  }

  @Test
  void addsANewRrsetInTypeOrder() throws ZoneDiffException {
    ZoneSnapshot after =
        zone().apply(diff(List.of(), List.of("www.example.com. 300 MX 10 mail.example.com.")));

    assertThat(at(after, "www.example.com."))
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 A 192.0.2.2",
            "www.example.com. 300 MX 10 mail.example.com.",
            "www.example.com. 300 TXT web");
  }

  @Test
  void addsANewName() throws ZoneDiffException {
    ZoneSnapshot after = zone().apply(diff(List.of(), List.of("new.example.com. 300 A 192.0.2.9")));

    assertThat(at(after, "new.example.com.")).containsExactly("new.example.com. 300 A 192.0.2.9");
    assertThat(after.records())
        .extracting(r -> r.getName().toString())
        .isSortedAccordingTo((x, y) -> name(x).compareTo(name(y)));
  }

  @Test
  void removesRecordsAndEmptyRrsets() throws ZoneDiffException {
    ZoneSnapshot after =
        zone()
            .apply(
                diff(
                    List.of("www.example.com. 300 A 192.0.2.1", "www.example.com. 300 TXT web"),
                    List.of()));

    assertThat(at(after, "www.example.com.")).containsExactly("www.example.com. 300 A 192.0.2.2");
    assertThat(after.recordCount()).isEqualTo(zone().recordCount() - 2);
  }

  @Test
  void removingTheLastRecordOfANameRemovesTheName() throws ZoneDiffException {
    ZoneSnapshot after =
        zone().apply(diff(List.of("mail.example.com. 300 A 192.0.2.25"), List.of()));

    assertThat(after.hasNode(name("mail.example.com."))).isFalse();
    assertThat(after.records()).noneMatch(r -> r.getName().equals(name("mail.example.com.")));
  }

  @Test
  void matchesRemovalsWithoutRegardToTheOwnersCaseOrTtl() throws ZoneDiffException {
    ZoneSnapshot after =
        zone().apply(diff(List.of("MAIL.Example.COM. 9999 A 192.0.2.25"), List.of()));

    assertThat(after.hasNode(name("mail.example.com."))).isFalse();
  }

  @Test
  void updatesTheSerialFromTheNewSoa() throws ZoneDiffException {
    ZoneSnapshot before = zone();

    ZoneSnapshot after = before.apply(diff(List.of(SOA_1), List.of(SOA_2)));

    assertThat(before.serial()).isEqualTo(1);
    assertThat(after.serial()).isEqualTo(2);
    assertThat(at(after, "example.com.")).contains(SOA_2).doesNotContain(SOA_1);
  }

  @Test
  void keepsTheSerialWhenTheSoaIsUntouched() throws ZoneDiffException {
    ZoneSnapshot after = zone().apply(diff(List.of(), List.of("new.example.com. 300 A 192.0.2.9")));

    assertThat(after.serial()).isEqualTo(1);
  }

  @Test
  void leavesTheOldVersionAsItWas() throws ZoneDiffException {
    ZoneSnapshot before = zone();
    List<String> records = before.records().stream().map(ZoneText::text).toList();
    int count = before.recordCount();

    before.apply(
        diff(
            List.of(
                SOA_1, "www.example.com. 300 A 192.0.2.1", "mail.example.com. 300 A 192.0.2.25"),
            List.of(
                SOA_2, "a.b.new.example.com. 300 A 192.0.2.9", "www.example.com. 300 AAAA ::1")));

    assertThat(before.records()).extracting(ZoneText::text).isEqualTo(records);
    assertThat(before.recordCount()).isEqualTo(count);
    assertThat(before.serial()).isEqualTo(1);
    assertThat(before.hasNode(name("new.example.com."))).isFalse();
    assertThat(before.hasNode(name("mail.example.com."))).isTrue();
  }

  @Test
  void addingARecordTheZoneHasChangesNothingButItsTtl() throws ZoneDiffException {
    ZoneSnapshot after = zone().apply(diff(List.of(), List.of("www.example.com. 60 A 192.0.2.1")));

    // RFC 2181 section 5.2: the RRset takes the TTL it was last given, for all its records.
    assertThat(at(after, "www.example.com."))
        .containsExactly(
            "www.example.com. 60 A 192.0.2.1",
            "www.example.com. 60 A 192.0.2.2",
            "www.example.com. 300 TXT web");
    assertThat(after.recordCount()).isEqualTo(zone().recordCount());
  }

  @Test
  void removesBeforeAdding() throws ZoneDiffException {
    ZoneSnapshot after =
        zone()
            .apply(
                diff(
                    List.of("mail.example.com. 300 A 192.0.2.25"),
                    List.of("mail.example.com. 300 A 192.0.2.25")));

    assertThat(at(after, "mail.example.com."))
        .containsExactly("mail.example.com. 300 A 192.0.2.25");
  }

  static Stream<List<String>> impossibleRemovals() {
    return Stream.of(
        List.of("www.example.com. 300 A 192.0.2.99"), // no such rdata
        List.of("www.example.com. 300 AAAA ::1"), // no such type
        List.of("nothere.example.com. 300 A 192.0.2.1"), // no such name
        List.of(
            "mail.example.com. 300 A 192.0.2.25", "mail.example.com. 300 A 192.0.2.25"), // twice
        List.of("www.example.net. 300 A 192.0.2.1")); // not in the zone
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impossibleRemovals")
  void refusesToRemoveWhatTheZoneDoesNotHave(List<String> removed) {
    ZoneSnapshot before = zone();

    assertThatThrownBy(() -> before.apply(diff(removed, List.of())))
        .isInstanceOf(ZoneDiffException.class);
    assertThat(before.recordCount()).isEqualTo(zone().recordCount());
  }

  @Test
  void refusesToAddOutsideTheZone() {
    assertThatThrownBy(
            () -> zone().apply(diff(List.of(), List.of("www.example.net. 300 A 192.0.2.1"))))
        .isInstanceOf(ZoneDiffException.class);
  }

  @Test
  void appliesOneDiffAfterAnother() throws ZoneDiffException {
    ZoneSnapshot z = zone();
    for (int i = 0; i < 50; i++) {
      Record soaOld =
          record(
              String.format(
                  "example.com. 300 SOA ns1.example.com. hostmaster.example.com. %d 7200 3600 1209600 300",
                  i + 1));
      Record soaNew =
          record(
              String.format(
                  "example.com. 300 SOA ns1.example.com. hostmaster.example.com. %d 7200 3600 1209600 300",
                  i + 2));
      z =
          z.apply(
              new ZoneDiff(
                  List.of(soaOld),
                  List.of(soaNew, record("h" + i + ".example.com. 300 A 192.0.2." + i))));
    }

    assertThat(z.serial()).isEqualTo(51);
    assertThat(z.recordCount()).isEqualTo(zone().recordCount() + 50);
    assertThat(at(z, "h49.example.com.")).containsExactly("h49.example.com. 300 A 192.0.2.49");
  }
}
