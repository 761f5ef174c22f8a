package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * NXDOMAIN and NODATA (RFC 2308): the right RCODE, an empty answer, and the zone's SOA in the
 * authority section with the negative caching TTL of RFC 2308 section 5.
 */
class NegativeAnswerTest {
  private static InProcessResponder server(long soaTtl, long minimum) {
    return InProcessResponder.serving(
        "example.com.",
        """
        $ORIGIN example.com.
        $TTL 3600
        @        %d SOA ns1 hostmaster 1 7200 3600 1209600 %d
        @        NS    ns1
        ns1      A     192.0.2.53
        www      A     192.0.2.1
        a.b      A     192.0.2.2
        """
            .formatted(soaTtl, minimum));
  }

  private static final InProcessResponder SERVER = server(3600, 300);

  static Stream<String> nonexistentNames() {
    return Stream.of(
        "nothere.example.com.", "x.www.example.com.", "c.a.b.example.com.", "x.b.example.com.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonexistentNames")
  void nxdomainForANameThatDoesNotExist(String qname) {
    Message m = SERVER.ask(qname, Type.A);

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY))
        .extracting(Record::getType)
        .containsExactly(Type.SOA);
    assertThat(section(m, Section.ADDITIONAL)).isEmpty();
  }

  static Stream<String> namesWithoutTheType() {
    return Stream.of(
        "www.example.com. MX",
        "example.com. A",
        "ns1.example.com. AAAA",
        // An empty non-terminal exists (RFC 8020): NODATA, not NXDOMAIN.
        "b.example.com. A",
        "b.example.com. TXT");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesWithoutTheType")
  void nodataForANameWithoutTheType(String question) {
    String[] q = question.split(" ");

    Message m = SERVER.ask(q[0], Type.value(q[1]));

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY))
        .extracting(Record::getType)
        .containsExactly(Type.SOA);
  }

  @ParameterizedTest(name = "SOA TTL {0}, MINIMUM {1}: {2}")
  @CsvSource({"3600, 300, 300", "60, 300, 60", "300, 300, 300", "0, 300, 0", "86400, 0, 0"})
  void soaTtlIsTheLesserOfItsTtlAndMinimum(long soaTtl, long minimum, long expected) {
    InProcessResponder server = server(soaTtl, minimum);

    Message nxdomain = server.ask("nothere.example.com.", Type.A);
    Message nodata = server.ask("www.example.com.", Type.MX);

    assertThat(nxdomain.getSection(Section.AUTHORITY))
        .extracting(Record::getTTL)
        .containsExactly(expected);
    assertThat(nodata.getSection(Section.AUTHORITY))
        .extracting(Record::getTTL)
        .containsExactly(expected);
  }

  @Test
  void positiveAnswerCarriesTheZoneTtlNotTheNegativeOne() {
    Message m = SERVER.ask("example.com.", Type.SOA);

    assertThat(section(m, Section.ANSWER))
        .containsExactly(
            "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300");
    assertThat(section(m, Section.AUTHORITY)).isEmpty();
  }
}
