package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Additional section processing (RFC 1034 section 4.3.2 step 6, RFC 2782 for SRV): the addresses of
 * NS, MX and SRV targets that the zone holds, once each; nothing for targets outside it.
 */
class AdditionalSectionTest {
  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @         NS    ns1
          @         MX    10 mail
          @         MX    20 mail.example.net.
          ns1       A     192.0.2.53
          atapex    MX    10 example.com.
          @         AAAA  2001:db8::80
          mail      A     192.0.2.25
          mail      AAAA  2001:db8:0:0:0:0:0:25
          _sip._tcp SRV   0 5 5060 sip
          sip       A     192.0.2.60
          twice     MX    10 mail
          twice     MX    20 MAIL
          svc       MX    10 host.wild
          *.wild    A     192.0.2.99
          bare      MX    10 noaddr
          noaddr    TXT   "no address here"
          www       A     192.0.2.1
          www       TXT   "unrelated"
          """);

  record Case(String question, List<String> additional) {
    @Override
    public String toString() {
      return question;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "example.com. MX",
            List.of(
                "mail.example.com. 3600 A 192.0.2.25",
                "mail.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:25")),
        new Case("example.com. NS", List.of("ns1.example.com. 3600 A 192.0.2.53")),
        new Case("_sip._tcp.example.com. SRV", List.of("sip.example.com. 3600 A 192.0.2.60")),
        // Two MX records naming the same host (in different case): its addresses once.
        new Case(
            "twice.example.com. MX",
            List.of(
                "mail.example.com. 3600 A 192.0.2.25",
                "mail.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:25")),
        // A target that a wildcard answers for gets the wildcard's addresses under its own name.
        new Case("svc.example.com. MX", List.of("host.wild.example.com. 3600 A 192.0.2.99")),
        // A target at the apex (mail served by the zone's own name).
        new Case("atapex.example.com. MX", List.of("example.com. 3600 AAAA 2001:db8:0:0:0:0:0:80")),
        new Case("bare.example.com. MX", List.of()),
        new Case("www.example.com. A", List.of()),
        new Case("www.example.com. TXT", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void addsTheAddressesOfTargetsInTheZone(Case c) {
    String[] q = c.question().split(" ");

    Message m = SERVER.ask(q[0], Type.value(q[1]));

    assertThat(section(m, Section.ANSWER)).isNotEmpty();
    assertThat(section(m, Section.ADDITIONAL)).containsExactlyInAnyOrderElementsOf(c.additional());
  }
}
