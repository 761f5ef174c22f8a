package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Case (RFC 4343): names match without regard to ASCII case, and the question comes back exactly as
 * it was asked (resolvers using 0x20 randomisation check it), its spelling also owning the answer.
 */
class CaseTest {
  private static final InProcessResponder SERVER =
      new InProcessResponder(
          ResponderConfig.defaults(),
          ZoneText.zone(
              "Example.COM.",
              """
              $ORIGIN Example.COM.
              $TTL 3600
              @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
              @         NS    ns1
              ns1       A     192.0.2.53
              www       A     192.0.2.1
              MiXeD     A     192.0.2.2
              alias     CNAME WWW.example.com.
              """));

  static Stream<String> spellings() {
    return Stream.of(
        "www.example.com.",
        "WWW.EXAMPLE.COM.",
        "wWw.ExAmPlE.cOm.",
        "mixed.example.com.",
        "MIXED.example.COM.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void echoesTheQuestionByteForByte(String qname) {
    byte[] query = InProcessResponder.query(qname, Type.A).toWire();

    byte[] response = SERVER.respond(query, Transport.UDP);

    int questionEnd = 12 + ZoneText.name(qname).length() + 4;
    assertThat(Arrays.copyOfRange(response, 12, questionEnd))
        .isEqualTo(Arrays.copyOfRange(query, 12, questionEnd));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void answersAnySpellingWithTheQuestionsSpelling(String qname) throws Exception {
    Message m = SERVER.ask(qname, Type.A);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo(qname);
  }

  @Test
  void followsACnameWhoseTargetIsInAnotherCase() {
    Message m = SERVER.ask("ALIAS.example.com.", Type.A);

    assertThat(section(m, Section.ANSWER))
        .map(String::toLowerCase)
        .containsExactly(
            "alias.example.com. 3600 cname www.example.com.", "www.example.com. 3600 a 192.0.2.1");
  }

  @Test
  void nxdomainKeepsTheSpellingToo() throws Exception {
    Message m = SERVER.ask("NoThErE.Example.Com.", Type.A);

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("NoThErE.Example.Com.");
  }
}
