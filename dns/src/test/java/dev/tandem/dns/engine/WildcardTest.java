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

/** Wildcard synthesis, RFC 4592: the example zone of its section 2.2.1 and a few more. */
class WildcardTest {
  private static final String SOA =
      "example. 300 SOA ns.example.com. hostmaster.example. 1 2 3 4 300";

  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.",
          """
          $TTL 3600
          example.                 SOA   ns.example.com. hostmaster.example. 1 2 3 4 300
          example.                 NS    ns.example.com.
          example.                 NS    ns.example.net.
          *.example.               TXT   "this is a wildcard"
          *.example.               MX    10 host1.example.
          sub.*.example.           TXT   "this is not a wildcard"
          host1.example.           A     192.0.2.1
          _ssh._tcp.host1.example. SRV   0 0 22 host1.example.
          _ssh._tcp.host2.example. SRV   0 0 22 host2.example.
          subdel.example.          NS    ns.example.com.
          subdel.example.          NS    ns.example.net.
          *.alias.example.         CNAME host1.example.
          *.away.example.          CNAME www.example.net.
          *.loop.example.          CNAME a.loop.example.
          """);

  record Case(String qname, int qtype, int rcode, List<String> answer, List<String> authority) {
    @Override
    public String toString() {
      return qname + " " + Type.string(qtype);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // RFC 4592 section 2.2.1: synthesized from *.example with QNAME as owner.
        new Case(
            "host3.example.",
            Type.MX,
            Rcode.NOERROR,
            List.of("host3.example. 3600 MX 10 host1.example."),
            List.of()),
        // The wildcard matches, but has no A: NODATA.
        new Case("host3.example.", Type.A, Rcode.NOERROR, List.of(), List.of(SOA)),
        // Two labels missing: the closest encloser is still example.
        new Case(
            "foo.bar.example.",
            Type.TXT,
            Rcode.NOERROR,
            List.of("foo.bar.example. 3600 TXT \"this is a wildcard\""),
            List.of()),
        // The wildcard never matches a name that exists.
        new Case("host1.example.", Type.MX, Rcode.NOERROR, List.of(), List.of(SOA)),
        new Case("sub.*.example.", Type.MX, Rcode.NOERROR, List.of(), List.of(SOA)),
        // host2.example is an empty non-terminal: it exists and blocks the wildcard.
        new Case("host2.example.", Type.TXT, Rcode.NOERROR, List.of(), List.of(SOA)),
        new Case("foo.host2.example.", Type.TXT, Rcode.NXDOMAIN, List.of(), List.of(SOA)),
        new Case("_telnet._tcp.host1.example.", Type.SRV, Rcode.NXDOMAIN, List.of(), List.of(SOA)),
        // The source of synthesis would be *.*.example, which does not exist.
        new Case("ghost.*.example.", Type.MX, Rcode.NXDOMAIN, List.of(), List.of(SOA)),
        // A query for the wildcard name itself gets its records, owner '*'.
        new Case(
            "*.example.",
            Type.TXT,
            Rcode.NOERROR,
            List.of("*.example. 3600 TXT \"this is a wildcard\""),
            List.of()),
        // A wildcard CNAME: the CNAME has QNAME as owner and is followed.
        new Case(
            "x.alias.example.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "x.alias.example. 3600 CNAME host1.example.", "host1.example. 3600 A 192.0.2.1"),
            List.of()),
        new Case(
            "deep.x.alias.example.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "deep.x.alias.example. 3600 CNAME host1.example.",
                "host1.example. 3600 A 192.0.2.1"),
            List.of()),
        // A CNAME query is answered with the synthesized CNAME, not followed.
        new Case(
            "x.alias.example.",
            Type.CNAME,
            Rcode.NOERROR,
            List.of("x.alias.example. 3600 CNAME host1.example."),
            List.of()),
        // Leaving the zone ends the chain: the resolver follows it.
        new Case(
            "x.away.example.",
            Type.A,
            Rcode.NOERROR,
            List.of("x.away.example. 3600 CNAME www.example.net."),
            List.of()),
        // A wildcard CNAME whose target the same wildcard answers: followed once, then stopped.
        new Case(
            "x.loop.example.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "x.loop.example. 3600 CNAME a.loop.example.",
                "a.loop.example. 3600 CNAME a.loop.example."),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersAsRfc4592Says(Case c) {
    Message m = SERVER.ask(c.qname(), c.qtype());

    assertThat(m.getRcode()).as("rcode").isEqualTo(c.rcode());
    assertThat(m.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
    assertThat(section(m, Section.ANSWER)).as("answer").isEqualTo(c.answer());
    assertThat(section(m, Section.AUTHORITY)).as("authority").isEqualTo(c.authority());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("belowDelegation")
  void doesNotApplyBelowADelegation(String qname) {
    Message m = SERVER.ask(qname, Type.MX);

    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(section(m, Section.AUTHORITY))
        .containsExactlyInAnyOrder(
            "subdel.example. 3600 NS ns.example.com.", "subdel.example. 3600 NS ns.example.net.");
  }

  static Stream<String> belowDelegation() {
    return Stream.of("host.subdel.example.", "a.b.subdel.example.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ownerCases")
  void synthesizedOwnerIsTheQuestionNameAsWritten(String qname) {
    Message m = SERVER.ask(qname, Type.MX);

    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo(qname);
  }

  static Stream<String> ownerCases() {
    return Stream.of("Host3.EXAMPLE.", "a.b.c.example.", "\\000.example.");
  }
}
