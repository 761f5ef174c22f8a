package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.section;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DO in a query to a zone that is not signed (its SOA has no RRSIG) changes nothing: a DS at a
 * delegation proves nothing there, and it is not sent with the referral (as Knot answers). Asked
 * for by type it is the answer, as any record.
 */
class UnsignedZoneWithDoTest {
  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @        NS    ns1
          ns1      A     192.0.2.53
          sub      NS    ns.sub
          sub      DS    12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          ns.sub   A     192.0.2.54
          """);

  private static Message askDo(String qname, int qtype) {
    return SERVER.ask(withEdns(query(qname, qtype), 1232, ExtendedFlags.DO), Transport.UDP);
  }

  @Test
  void aReferralCarriesNoDsWhenTheZoneIsNotSigned() {
    Message m = askDo("www.sub.example.com.", Type.A);

    assertThat(section(m, Section.AUTHORITY))
        .containsExactly("sub.example.com. 3600 NS ns.sub.example.com.");
  }

  @Test
  void aNegativeAnswerCarriesOnlyTheSoa() {
    Message m = askDo("nothing.example.com.", Type.A);

    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(section(m, Section.AUTHORITY)).hasSize(1);
  }

  @Test
  void theDsAskedForIsTheAnswer() {
    Message m = askDo("sub.example.com.", Type.DS);

    assertThat(section(m, Section.ANSWER)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER).get(0).getType()).isEqualTo(Type.DS);
  }
}
