package dev.tandem.dns.zone;

import static dev.tandem.dns.zone.ZoneText.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Record;

/**
 * Zone files as RFC 1035 section 5 writes them: the directives ($ORIGIN, $TTL, $INCLUDE and BIND's
 * $GENERATE), defaulted owners, TTLs and classes, and RFC 3597's generic rdata.
 */
class ZoneFileTest {
  private static final String HEAD = ZoneText.EXAMPLE_HEAD;

  @TempDir Path dir;

  private Path write(String relative, String text) throws IOException {
    return ZoneText.write(dir, relative, text);
  }

  private static ZoneSnapshot loaded(Path file) {
    ZoneLoader.Result result = ZoneLoader.load(name("example.com."), file);
    assertThat(result.errors()).isEmpty();
    return Objects.requireNonNull(result.zone());
  }

  private static List<String> at(ZoneSnapshot zone, String owner) {
    return zone.recordsAt(name(owner)).stream().map(ZoneText::text).toList();
  }

  @Test
  void originMakesRelativeNamesAbsolute() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                HEAD
                    + """
                    $ORIGIN sub.example.com.
                    www      A    192.0.2.1
                    @        TXT  "at sub"
                    $ORIGIN example.com.
                    www      A    192.0.2.2
                    abs.example.com. A 192.0.2.3
                    """));

    assertThat(at(zone, "www.sub.example.com."))
        .containsExactly("www.sub.example.com. 300 A 192.0.2.1");
    assertThat(at(zone, "sub.example.com.")).containsExactly("sub.example.com. 300 TXT \"at sub\"");
    assertThat(at(zone, "www.example.com.")).containsExactly("www.example.com. 300 A 192.0.2.2");
    assertThat(at(zone, "abs.example.com.")).hasSize(1);
  }

  @Test
  void ttlDirectiveSetsTheDefaultFromWhereItStands() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                HEAD
                    + """
                    a        A    192.0.2.1
                    $TTL 1h
                    b        A    192.0.2.2
                    c   60   A    192.0.2.3
                    d        A    192.0.2.4
                    $TTL 2d
                    e        A    192.0.2.5
                    """));

    assertThat(zone.records())
        .filteredOn(r -> r.getName().labels() == 4 && !r.getName().equals(name("ns1.example.com.")))
        .extracting(r -> r.getName().getLabelString(0) + " " + r.getTTL())
        .containsExactly("a 300", "b 3600", "c 60", "d 3600", "e 172800");
  }

  @Test
  void withoutTtlDirectiveTheSoaMinimumIsTheDefault() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                """
                $ORIGIN example.com.
                @        SOA  ns1 hostmaster ( 1 7200 3600 1209600
                                               900 ) ; MINIMUM
                @        NS   ns1
                ns1      A    192.0.2.53
                """));

    assertThat(zone.records()).extracting(Record::getTTL).containsOnly(900L);
  }

  @Test
  void withoutAnyDefaultARecordTakesThePreviousTtl() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                """
                $ORIGIN example.com.
                @   600  SOA  ns1 hostmaster 1 7200 3600 1209600 900
                @        NS   ns1
                ns1  60  A    192.0.2.53
                www      A    192.0.2.1
                """));

    assertThat(at(zone, "example.com.")).allMatch(r -> r.contains(" 600 "));
    assertThat(at(zone, "www.example.com.")).containsExactly("www.example.com. 60 A 192.0.2.1");
  }

  @Test
  void acceptsClassAndTtlInEitherOrderAndDefaultsTheOwner() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                HEAD
                    + """
                    www  IN 600 A    192.0.2.1
                         600 IN A    192.0.2.2
                         IN     TXT  "class only"
                         MX     10 ns1 ; a comment
                    """));

    assertThat(at(zone, "www.example.com."))
        .containsExactly(
            "www.example.com. 600 A 192.0.2.1",
            "www.example.com. 600 A 192.0.2.2",
            "www.example.com. 300 MX 10 ns1.example.com.",
            "www.example.com. 300 TXT \"class only\"");
  }

  @Test
  void includesFilesRelativeToTheIncludingFileAtAnyDepth() throws IOException {
    write("zones/inc/hosts.inc", "www A 192.0.2.1\n$INCLUDE deeper/more.inc\n");
    write("zones/inc/deeper/more.inc", "mail A 192.0.2.25\n");
    Path main = write("zones/main.zone", HEAD + "$INCLUDE inc/hosts.inc\nafter A 192.0.2.9\n");

    ZoneSnapshot zone = loaded(main);

    assertThat(at(zone, "www.example.com.")).containsExactly("www.example.com. 300 A 192.0.2.1");
    assertThat(at(zone, "mail.example.com.")).containsExactly("mail.example.com. 300 A 192.0.2.25");
    assertThat(at(zone, "after.example.com."))
        .containsExactly("after.example.com. 300 A 192.0.2.9");
  }

  @Test
  void includesWithAnOriginThatAppliesOnlyInside() throws IOException {
    write("sub.inc", "www A 192.0.2.1\n@ TXT inside\n");
    Path main = write("main.zone", HEAD + "$INCLUDE sub.inc sub.example.com.\nwww A 192.0.2.2\n");

    ZoneSnapshot zone = loaded(main);

    assertThat(at(zone, "www.sub.example.com."))
        .containsExactly("www.sub.example.com. 300 A 192.0.2.1");
    assertThat(at(zone, "sub.example.com.")).containsExactly("sub.example.com. 300 TXT inside");
    assertThat(at(zone, "www.example.com.")).containsExactly("www.example.com. 300 A 192.0.2.2");
  }

  @Test
  void includedFilesInheritTheDefaultTtl() throws IOException {
    write("hosts.inc", "www A 192.0.2.1\n");
    Path main = write("main.zone", HEAD + "$TTL 77\n$INCLUDE hosts.inc\n");

    assertThat(at(loaded(main), "www.example.com."))
        .containsExactly("www.example.com. 77 A 192.0.2.1");
  }

  @Test
  void generatesRecords() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                HEAD
                    + """
                    $GENERATE 1-3 host$ A 192.0.2.$
                    $GENERATE 0-10/5 step$ 60 CNAME host$
                    $GENERATE 8-9 ptr${0,3,d} CNAME host$
                    last     A    192.0.2.99
                    """));

    assertThat(zone.records())
        .extracting(ZoneText::text)
        .contains(
            "host1.example.com. 300 A 192.0.2.1",
            "host2.example.com. 300 A 192.0.2.2",
            "host3.example.com. 300 A 192.0.2.3",
            "step0.example.com. 60 CNAME host0.example.com.",
            "step5.example.com. 60 CNAME host5.example.com.",
            "step10.example.com. 60 CNAME host10.example.com.",
            "ptr008.example.com. 300 CNAME host8.example.com.",
            "ptr009.example.com. 300 CNAME host9.example.com.",
            "last.example.com. 300 A 192.0.2.99");
    assertThat(zone.hasNode(name("host4.example.com."))).isFalse();
    assertThat(zone.hasNode(name("step1.example.com."))).isFalse();
  }

  @Test
  void readsUnknownTypesInGenericForm() throws IOException {
    ZoneSnapshot zone =
        loaded(
            write(
                "z",
                HEAD
                    + """
                    www      TYPE65280 \\# 4 0A000001
                    www      TYPE1     \\# 4 C0000201
                    www      TXT       \\# 3 02 6869
                    empty    TYPE65281 \\# 0
                    """));

    assertThat(at(zone, "www.example.com."))
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "www.example.com. 300 TXT hi",
            "www.example.com. 300 TYPE65280 \\# 4 0A000001");
    assertThat(zone.recordsAt(name("empty.example.com.")).get(0).rdataToWireCanonical()).isEmpty();
  }

  @Test
  void ownerAndOriginRevertAfterAnInclude() throws IOException {
    write("other.inc", "$ORIGIN other.example.com.\nin A 192.0.2.7\n");
    Path main =
        write(
            "main.zone",
            HEAD + "www A 192.0.2.1\n$INCLUDE other.inc\n     TXT \"www's\"\nafter A 192.0.2.2\n");

    ZoneSnapshot zone = loaded(main);

    // RFC 1035 section 5.1: after $INCLUDE, origin and current owner are what they were before.
    assertThat(at(zone, "in.other.example.com.")).hasSize(1);
    assertThat(at(zone, "www.example.com.")).contains("www.example.com. 300 TXT www's");
    assertThat(at(zone, "after.example.com.")).hasSize(1);
  }
}
