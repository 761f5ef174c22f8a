package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static dev.tandem.dns.zone.ZoneText.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

/**
 * RRsets as RFC 2181 section 5 defines them: duplicate records are one record, and an RRset has one
 * TTL (the first one given, with a warning for the others).
 */
class RrSetTest {
  private static final String HEAD =
      """
      $ORIGIN example.com.
      $TTL 300
      @          SOA  ns1 hostmaster 1 7200 3600 1209600 300
      @          NS   ns1
      ns1        A    192.0.2.53
      """;

  @Test
  void dropsDuplicateRecords() {
    ZoneSnapshot zone =
        ZoneText.zone(
            "example.com.",
            HEAD
                + """
                www        A    192.0.2.1
                www        A    192.0.2.2
                www        A    192.0.2.1
                www        A    \\# 4 C0000201
                WWW        A    192.0.2.1
                www        TXT  "hello"
                www        TXT  hello
                """);

    assertThat(zone.recordsAt(name("www.example.com.")))
        .extracting(ZoneText::text)
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 A 192.0.2.2",
            "www.example.com. 300 TXT hello");
    assertThat(zone.recordCount()).isEqualTo(3 + 3);
  }

  @Test
  void dropsDuplicatesAddedThroughTheBuilderOutOfOrder() {
    ZoneBuilder b = new ZoneBuilder(name("example.com."));
    b.add(record("www.example.com. 300 A 192.0.2.1"));
    b.add(record("mail.example.com. 300 A 192.0.2.1"));
    b.add(record("www.example.com. 300 A 192.0.2.1"));

    ZoneSnapshot zone = b.build();

    assertThat(b.size()).isEqualTo(3);
    assertThat(zone.recordCount()).isEqualTo(2);
    assertThat(zone.records()).hasSize(2);
  }

  @Test
  void takesTheFirstTtlOfAnRrsetAndWarnsAboutTheOthers() {
    ZoneLoader.Result result =
        ZoneText.load(
            "example.com.",
            HEAD
                + """
                www   600  A    192.0.2.1
                www   60   A    192.0.2.2
                www   600  A    192.0.2.3
                """);

    assertThat(result.ok()).isTrue();
    List<Record> www =
        java.util.Objects.requireNonNull(result.zone()).recordsAt(name("www.example.com."));
    assertThat(www).extracting(Record::getTTL).containsOnly(600L);
    assertThat(result.errors()).isEmpty();
    assertThat(result.problems()).hasSize(1);
    ZoneProblem warning = result.problems().get(0);
    assertThat(warning.severity()).isEqualTo(ZoneProblem.Severity.WARNING);
    assertThat(warning.message()).contains("TTL 60 ", "www.example.com.", "600");
  }

  @Test
  void aDifferentTtlDoesNotMakeADuplicateANewRecord() {
    ZoneSnapshot zone =
        ZoneText.zone(
            "example.com.",
            HEAD
                + """
                www   600  A    192.0.2.1
                www   60   A    192.0.2.1
                """);

    assertThat(zone.recordsAt(name("www.example.com.")))
        .extracting(ZoneText::text)
        .containsExactly("www.example.com. 600 A 192.0.2.1");
  }
}
