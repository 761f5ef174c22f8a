package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * CNAME chains (RFC 1034 section 4.3.2 step 3a, RFC 2308 for the negative ends): followed inside
 * the zone for at most five links, never around a loop, and never out of the zone.
 */
class CnameChainTest {
  private static final String SOA =
      "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300";

  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @        NS    ns1
          ns1      A     192.0.2.53
          @        A     192.0.2.80
          www      CNAME host
          toapex   CNAME example.com.
          host     A     192.0.2.1
          c1       CNAME c2
          c2       CNAME c3
          c3       CNAME c4
          c4       CNAME c5
          c5       CNAME c6
          c6       CNAME c7
          c7       A     192.0.2.7
          d1       CNAME d2
          d2       CNAME d3
          d3       CNAME d4
          d4       CNAME d5
          d5       CNAME d6
          d6       A     192.0.2.6
          loop1    CNAME loop2
          loop2    CNAME loop1
          self     CNAME self
          out      CNAME www.example.net.
          dangling CNAME nothere
          toent    CNAME ent
          a.ent    A     192.0.2.9
          todeleg  CNAME www.sub
          sub      NS    ns.sub
          ns.sub   A     192.0.2.99
          """);

  record Case(
      String name,
      String qname,
      int qtype,
      int rcode,
      List<String> answer,
      List<String> authority) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "followed to the target's data",
            "www.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "www.example.com. 3600 CNAME host.example.com.",
                "host.example.com. 3600 A 192.0.2.1"),
            List.of()),
        new Case(
            "a target at the apex is followed",
            "toapex.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "toapex.example.com. 3600 CNAME example.com.", "example.com. 3600 A 192.0.2.80"),
            List.of()),
        new Case(
            "a CNAME query is answered with the CNAME",
            "www.example.com.",
            Type.CNAME,
            Rcode.NOERROR,
            List.of("www.example.com. 3600 CNAME host.example.com."),
            List.of()),
        new Case(
            "five links are followed",
            "d1.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "d1.example.com. 3600 CNAME d2.example.com.",
                "d2.example.com. 3600 CNAME d3.example.com.",
                "d3.example.com. 3600 CNAME d4.example.com.",
                "d4.example.com. 3600 CNAME d5.example.com.",
                "d5.example.com. 3600 CNAME d6.example.com.",
                "d6.example.com. 3600 A 192.0.2.6"),
            List.of()),
        new Case(
            "the sixth link is not followed",
            "c1.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "c1.example.com. 3600 CNAME c2.example.com.",
                "c2.example.com. 3600 CNAME c3.example.com.",
                "c3.example.com. 3600 CNAME c4.example.com.",
                "c4.example.com. 3600 CNAME c5.example.com.",
                "c5.example.com. 3600 CNAME c6.example.com."),
            List.of()),
        new Case(
            "a loop stops where it closes",
            "loop1.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "loop1.example.com. 3600 CNAME loop2.example.com.",
                "loop2.example.com. 3600 CNAME loop1.example.com."),
            List.of()),
        new Case(
            "a CNAME to itself appears once",
            "self.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of("self.example.com. 3600 CNAME self.example.com."),
            List.of()),
        new Case(
            "a target outside the zone ends the chain",
            "out.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of("out.example.com. 3600 CNAME www.example.net."),
            List.of()),
        new Case(
            "a target that does not exist gives NXDOMAIN",
            "dangling.example.com.",
            Type.A,
            Rcode.NXDOMAIN,
            List.of("dangling.example.com. 3600 CNAME nothere.example.com."),
            List.of(SOA)),
        new Case(
            "a target without the type gives NODATA",
            "www.example.com.",
            Type.MX,
            Rcode.NOERROR,
            List.of("www.example.com. 3600 CNAME host.example.com."),
            List.of(SOA)),
        new Case(
            "a target that is an empty non-terminal gives NODATA",
            "toent.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of("toent.example.com. 3600 CNAME ent.example.com."),
            List.of(SOA)),
        new Case(
            "a target below a delegation gives the referral",
            "todeleg.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of("todeleg.example.com. 3600 CNAME www.sub.example.com."),
            List.of("sub.example.com. 3600 NS ns.sub.example.com.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void chain(Case c) {
    Message m = SERVER.ask(c.qname(), c.qtype());

    assertThat(m.getRcode()).as("rcode").isEqualTo(c.rcode());
    assertThat(section(m, Section.ANSWER)).as("answer").isEqualTo(c.answer());
    assertThat(section(m, Section.AUTHORITY)).as("authority").isEqualTo(c.authority());
    // RFC 1034 4.3.2: AA follows the first name, which is ours, whatever the chain reaches.
    assertThat(m.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
  }
}
