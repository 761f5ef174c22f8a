package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a zone file with mistakes, or past the zone size limits, reports: every error in one reading
 * (as kzonecheck, not only the first), each at its line; the limits of transfers applied to files
 * too, {@code $GENERATE} included, refused at the line that crosses them.
 */
class ZoneFileErrorsTest {
  private static final String HEAD = ZoneText.EXAMPLE_HEAD; // lines 1-5

  @TempDir Path dir;

  private ZoneLoader.Result load(String text, ZoneLimits limits) throws IOException {
    return ZoneLoader.load(name("example.com."), ZoneText.write(dir, "z", text), limits);
  }

  private ZoneLoader.Result load(String text) throws IOException {
    return load(text, ZoneLimits.DEFAULT);
  }

  private static List<String> lines(List<ZoneProblem> problems) {
    return problems.stream().map(p -> p.line() + " " + p.message()).toList();
  }

  @Test
  void everySyntaxErrorIsReportedAtItsLineInOneReading() throws IOException {
    ZoneLoader.Result r =
        load(
            HEAD
                + """
                a        A     192.0.2.300
                b        A     192.0.2.2
                c        BOGUS 1
                d        MX    ten mail
                e        AAAA  2001:db8::1
                """);

    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).extracting(ZoneProblem::line).containsExactly(6, 8, 9);
    assertThat(r.errors().get(1).message()).contains("unknown record type 'BOGUS'");
  }

  @Test
  void aSecondSoaIsReportedAtItsOwnLine() throws IOException {
    ZoneLoader.Result r =
        load(
            HEAD
                + """
                www      A     192.0.2.1
                @        SOA   ns1 hostmaster 2 7200 3600 1209600 300
                """);

    assertThat(r.ok()).isFalse();
    assertThat(lines(r.errors()))
        .singleElement()
        .asString()
        .startsWith("7 a second SOA record at the zone apex")
        .contains(":3)");
  }

  @Test
  void theSameSoaTwiceIsOneRecordAsBindLoadsIt() throws IOException {
    ZoneLoader.Result r = load(HEAD + "@        SOA  ns1 hostmaster 1 7200 3600 1209600 300\n");

    assertThat(r.errors()).isEmpty();
    assertThat(r.ok()).isTrue();
  }

  @Test
  void anOriginOutsideTheZoneSaysSoAtItsLine() throws IOException {
    ZoneLoader.Result r =
        load(
            """
            $ORIGIN example.org.
            $TTL 300
            @        SOA  ns1 hostmaster 1 7200 3600 1209600 300
            @        NS   ns1
            """);

    assertThat(r.ok()).isFalse();
    assertThat(lines(r.problems()))
        .anyMatch(p -> p.startsWith("1 $ORIGIN example.org. is not within the zone example.com."));
    assertThat(r.errors()).extracting(ZoneProblem::message).anyMatch(m -> m.contains("no SOA"));
  }

  @Test
  void aGenerateAskingForMoreRecordsThanTheLimitIsRefusedAtItsLineBeforeOneIsMade()
      throws IOException {
    // The 150-byte upload of issue 14, which ran 86 s into OutOfMemoryError.
    ZoneLoader.Result r = load(HEAD + "$GENERATE 0-100000000 h$ A 10.0.0.1\n");

    assertThat(r.ok()).isFalse();
    assertThat(lines(r.errors()))
        .containsExactly(
            "6 $GENERATE makes 100000001 records, more than the zone size limit of 20000000"
                + " records leaves (19999997 after the 3 before it)");
  }

  @Test
  void aGenerateWithinTheLimitIsRead() throws IOException {
    ZoneLoader.Result r = load(HEAD + "$GENERATE 1-7 h$ A 10.0.0.$\n", new ZoneLimits(10, 1000));

    assertThat(r.errors()).isEmpty();
    assertThat(r.zone()).isNotNull();
  }

  @Test
  void recordsAndBytesPastTheLimitsStopTheReadingAtTheLineThatCrossesThem() throws IOException {
    StringBuilder hosts = new StringBuilder(HEAD);
    for (int i = 0; i < 20; i++) {
      hosts.append("h").append(i).append(" A 192.0.2.").append(i).append('\n');
    }

    assertThat(lines(load(hosts.toString(), new ZoneLimits(10, 1 << 20)).errors()))
        .containsExactly("13 more than 10 records: the zone size limit");
    // Each host record is 16 bytes of owner, 10 fixed, 4 of address: 30.
    assertThat(lines(load(hosts.toString(), new ZoneLimits(1000, 400)).errors()))
        .singleElement()
        .asString()
        .endsWith("more than 400 bytes of records: the zone size limit");
  }

  @Test
  void aLimitReachedInAnIncludedFileStopsTheWholeReading() throws IOException {
    ZoneText.write(dir, "big", "$GENERATE 1-50 h$ A 10.0.0.1\n");
    ZoneLoader.Result r = load(HEAD + "$INCLUDE big\nafter BOGUS 1\n", new ZoneLimits(20, 1 << 20));

    assertThat(r.errors()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1));
    assertThat(r.errors().get(0).message()).startsWith("$GENERATE makes 50 records");
  }

  @Test
  void readingStopsAfterAHundredErrors() throws IOException {
    StringBuilder bad = new StringBuilder(HEAD);
    for (int i = 0; i < 150; i++) {
      bad.append("h").append(i).append(" A not-an-address\n");
    }

    ZoneLoader.Result r = load(bad.toString());

    assertThat(r.errors()).hasSize(ZoneFileIntake.MAX_ERRORS + 1);
    assertThat(r.errors().get(ZoneFileIntake.MAX_ERRORS).message())
        .isEqualTo("stopped reading after 100 errors; there may be more");
  }
}
