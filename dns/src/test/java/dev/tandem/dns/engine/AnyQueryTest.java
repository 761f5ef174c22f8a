package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * ANY queries (RFC 8482): one RRset of the name rather than all of them, the one of the lowest type
 * (as Knot answers), whole.
 */
class AnyQueryTest {
  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @        NS    ns1
          ns1      A     192.0.2.53
          host     TXT   "text"
          host     MX    10 ns1
          host     A     192.0.2.1
          host     A     192.0.2.2
          mail     TXT   "text"
          mail     MX    10 ns1
          alias    CNAME host
          sub      NS    ns.example.net.
          *.wild   TXT   "wild"
          *.wild   AAAA  2001:db8::1
          """);

  record Case(String qname, List<String> answer) {
    @Override
    public String toString() {
      return qname;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "host.example.com.",
            List.of("host.example.com. 3600 A 192.0.2.1", "host.example.com. 3600 A 192.0.2.2")),
        new Case("mail.example.com.", List.of("mail.example.com. 3600 MX 10 ns1.example.com.")),
        new Case("example.com.", List.of("example.com. 3600 NS ns1.example.com.")),
        // The CNAME is the name's only RRset; it is not followed.
        new Case("alias.example.com.", List.of("alias.example.com. 3600 CNAME host.example.com.")),
        new Case("x.wild.example.com.", List.of("x.wild.example.com. 3600 TXT wild")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersOneRrsetOfTheLowestType(Case c) {
    Message m = SERVER.ask(c.qname(), Type.ANY);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(m, Section.ANSWER)).isEqualTo(c.answer());
  }

  @Test
  void answersClassAnyLikeClassIn() {
    Message m =
        SERVER.ask(
            InProcessResponder.query("mail.example.com.", Type.ANY, DClass.ANY), Transport.UDP);

    assertThat(section(m, Section.ANSWER))
        .containsExactly("mail.example.com. 3600 MX 10 ns1.example.com.");
  }

  @Test
  void answersNxdomainForANameThatDoesNotExist() {
    Message m = SERVER.ask("nothere.example.com.", Type.ANY);

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(section(m, Section.ANSWER)).isEmpty();
  }

  @Test
  void answersNodataForAnEmptyNonTerminal() {
    Message m = SERVER.ask("wild.example.com.", Type.ANY);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY)).hasSize(1);
  }

  @Test
  void refersAnAnyQueryAtADelegation() {
    Message m = SERVER.ask("sub.example.com.", Type.ANY);

    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(section(m, Section.AUTHORITY))
        .containsExactly("sub.example.com. 3600 NS ns.example.net.");
  }
}
