package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a zone file may not say (errors: the zone is not loaded) and what it should not say
 * (warnings: it is loaded), each reported with the file and line a user must look at.
 */
class ZoneValidationTest {
  private static final String HEAD = ZoneText.EXAMPLE_HEAD;

  @TempDir Path dir;

  private Path write(String relative, String text) throws IOException {
    return ZoneText.write(dir, relative, text);
  }

  private static ZoneLoader.Result load(Path file) {
    return ZoneLoader.load(name("example.com."), file);
  }

  record Case(String name, String body, int line, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> errors() {
    return Stream.of(
        new Case("bad rdata", "www A 192.0.2.1\nwww A 300.1.1.1\n", 7, "300.1.1.1"),
        new Case(
            "bad rdata in a multi-line record (reported where the record starts)",
            "www MX (\n 10\n ) ; closes\nx MX ( 10\n www )\n",
            6,
            ""),
        new Case(
            "unknown type",
            "www A 192.0.2.1\n\n; comment\nwww FOO 1\n",
            9,
            "unknown record type 'FOO'"),
        new Case("bad generic rdata", "www TYPE65280 \\# 4 0A00\n", 6, ""),
        new Case("bad TTL", "www 1x A 192.0.2.1\n", 6, ""),
        new Case(
            "CNAME and other data", "www A 192.0.2.1\nwww CNAME host\n", 7, "CNAME and other data"),
        new Case(
            "CNAME at a name with NS", "sub NS ns1\nsub CNAME host\n", 7, "CNAME and other data"),
        new Case("two CNAMEs", "www CNAME a\nwww CNAME b\n", 6, "more than one CNAME"),
        new Case(
            "two CNAMEs from $GENERATE",
            "www A 192.0.2.1\n$GENERATE 1-2 alias CNAME host$\n",
            7,
            "more than one CNAME"),
        new Case(
            "a syntax error after $GENERATE",
            "$GENERATE 1-2 host$ A 192.0.2.$\nwww A 192.0.2\n",
            7,
            ""),
        new Case(
            "two DNAMEs", "d DNAME a.example.\nd DNAME b.example.\n", 6, "more than one DNAME"),
        new Case(
            "two SOAs (the second reported at its line)",
            "@ SOA ns1 hostmaster 2 7200 3600 1209600 300\n",
            6,
            "a second SOA record at the zone apex"),
        new Case(
            "an SOA below the apex",
            "www SOA ns1 hostmaster 2 7200 3600 1209600 300\n",
            6,
            "not the apex"),
        new Case("a record of class CH", "www CH TXT hello\n", 6, "class CH"),
        new Case(
            "an apex NS target without addresses (BIND's integrity check)",
            "@ NS ns2\n",
            6,
            "NS ns2.example.com."),
        new Case(
            "an apex NS target that is a CNAME", "@ NS alias\nalias CNAME ns1\n", 6, "is a CNAME"),
        new Case("an unknown directive", "$FOO bar\n", 6, "$FOO"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsErrorsWithFileAndLine(Case c) throws IOException {
    Path file = write("example.com.zone", HEAD + c.body());

    ZoneLoader.Result result = load(file);

    assertThat(result.ok()).isFalse();
    assertThat(result.zone()).isNull();
    assertThat(result.errors()).hasSize(1);
    ZoneProblem error = result.errors().get(0);
    assertThat(error.file()).isEqualTo(file);
    assertThat(error.line()).as(error.toString()).isEqualTo(c.line());
    assertThat(error.message()).contains(c.message());
    assertThat(error.toString()).startsWith(file + ":" + c.line() + ": error: ");
  }

  static Stream<Case> zoneErrors() {
    return Stream.of(
        new Case(
            "no SOA",
            "$ORIGIN example.com.\n$TTL 300\n@ NS ns1\nns1 A 192.0.2.53\n",
            0,
            "no SOA record"),
        new Case(
            "no apex NS",
            "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 2 3 4 5\nns1 A 192.0.2.53\n",
            0,
            "no NS records"),
        new Case("empty", "", 0, "no SOA record"),
        new Case(
            "a TTL missing",
            "$ORIGIN example.com.\nwww A 192.0.2.1\n@ 300 SOA ns1 hostmaster 1 2 3 4 5\n",
            2,
            "no TTL"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zoneErrors")
  void reportsZoneWideErrors(Case c) throws IOException {
    Path file = write("example.com.zone", c.body());

    ZoneLoader.Result result = load(file);

    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).isNotEmpty();
    assertThat(result.errors())
        .anySatisfy(
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.line()).isEqualTo(c.line());
              assertThat(e.message()).contains(c.message());
            });
  }

  static Stream<Case> warnings() {
    return Stream.of(
        new Case(
            "out-of-zone data",
            "www A 192.0.2.1\nwww.example.net. A 192.0.2.2\n",
            7,
            "out-of-zone"),
        new Case(
            "data below a delegation other than glue",
            "sub NS ns.sub\nns.sub A 192.0.2.1\nns.sub AAAA 2001:db8::1\nwww.sub TXT hidden\n",
            9,
            "below the delegation at sub.example.com."),
        new Case(
            "data below a DNAME",
            "d DNAME example.net.\na.d A 192.0.2.1\n",
            7,
            "below the DNAME at d.example.com."),
        new Case("NS target without addresses", "sub NS ns.sub\n", 6, "has no address records"),
        new Case(
            "the second NS target without addresses",
            "sub NS ns1\nsub NS ns2.sub\n",
            7,
            "NS ns2.sub.example.com."),
        new Case("a wildcard label not leftmost", "a.*.b A 192.0.2.1\n", 6, "not leftmost"),
        new Case("NS and DNAME together", "x NS ns1\nx DNAME example.net.\n", 7, "NS and DNAME"),
        new Case(
            "TTLs differing in an RRset",
            "www 600 A 192.0.2.1\nwww 60 A 192.0.2.2\n",
            7,
            "TTL 60"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("warnings")
  void reportsWarningsWithFileAndLineAndLoads(Case c) throws IOException {
    Path file = write("example.com.zone", HEAD + c.body());

    ZoneLoader.Result result = load(file);

    assertThat(result.errors()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.problems()).hasSize(1);
    ZoneProblem warning = result.problems().get(0);
    assertThat(warning.severity()).isEqualTo(ZoneProblem.Severity.WARNING);
    assertThat(warning.file()).isEqualTo(file);
    assertThat(warning.line()).as(warning.toString()).isEqualTo(c.line());
    assertThat(warning.message()).contains(c.message());
    assertThat(warning.toString()).startsWith(file + ":" + c.line() + ": warning: ");
  }

  @Test
  void reportsNothingForACleanZone() throws IOException {
    Path file =
        write(
            "example.com.zone",
            HEAD + "sub NS ns.sub\nns.sub A 192.0.2.1\n*.wild A 192.0.2.2\nd DNAME example.net.\n");

    ZoneLoader.Result result = load(file);

    assertThat(result.ok()).isTrue();
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void namesTheIncludedFileAndItsLineForSyntaxErrors() throws IOException {
    Path inc = write("inc/hosts.inc", "www A 192.0.2.1\n\nmail A 192.0.2.256\n");
    Path main = write("main.zone", HEAD + "$INCLUDE inc/hosts.inc\n");

    ZoneLoader.Result result = load(main);

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(inc);
              assertThat(e.line()).isEqualTo(3);
            });
  }

  @Test
  void namesTheIncludedFileAndItsLineForValidationProblems() throws IOException {
    Path inc =
        write(
            "hosts.inc",
            "a A 192.0.2.1\nwww A 192.0.2.1\nwww CNAME a\nx.example.net. A 192.0.2.3\n");
    Path main = write("main.zone", HEAD + "$INCLUDE hosts.inc\nafter A 192.0.2.9\n");

    ZoneLoader.Result result = load(main);

    assertThat(result.problems())
        .extracting(p -> p.file() + ":" + p.line() + " " + p.severity())
        .containsExactlyInAnyOrder(inc + ":3 ERROR", inc + ":4 WARNING");
  }

  @Test
  void namesTheIncludingFileAndLineForAMissingInclude() throws IOException {
    Path main = write("main.zone", HEAD + "www A 192.0.2.1\n$INCLUDE nothere.inc\n");

    ZoneLoader.Result result = load(main);

    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(main);
              assertThat(e.line()).isEqualTo(7);
              assertThat(e.message()).contains("nothere.inc", "no such file");
            });
  }

  @Test
  void stopsAnIncludeLoop() throws IOException {
    Path a = write("a.inc", "a A 192.0.2.1\n$INCLUDE b.inc\n");
    Path b = write("b.inc", "b A 192.0.2.2\n$INCLUDE a.inc\n");
    Path main = write("main.zone", HEAD + "$INCLUDE a.inc\n");

    ZoneLoader.Result result = load(main);

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isIn(a, b);
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.message()).contains("$INCLUDE", "loop");
            });
  }

  @Test
  void reportsAFileThatDoesNotExist() {
    Path missing = dir.resolve("nothere.zone");

    ZoneLoader.Result result = load(missing);

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(missing);
              assertThat(e.line()).isZero();
              assertThat(e.message()).contains("no such file");
              assertThat(e.toString())
                  .isEqualTo(missing + ": error: cannot read " + missing + ": no such file");
            });
  }

  @Test
  void reportsAFileThatCannotBeRead() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));

    ZoneLoader.Result result = load(directory);

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(directory);
              assertThat(e.message()).contains("cannot read");
            });
  }

  @Test
  void listsProblemsInFileOrder() throws IOException {
    Path file =
        write(
            "example.com.zone",
            HEAD
                + "x.example.net. A 192.0.2.1\nsub NS ns.sub\nwww CNAME a\nwww A 192.0.2.1\ny.example.org. A 192.0.2.2\n");

    ZoneLoader.Result result = load(file);

    assertThat(result.problems()).extracting(ZoneProblem::line).containsExactly(6, 7, 8, 10);
  }
}
