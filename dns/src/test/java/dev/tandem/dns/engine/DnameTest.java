package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNAME redirection (RFC 6672): the DNAME, a CNAME synthesized from it, then the target. */
class DnameTest {
  private static final String SOA =
      "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300";

  // A target of 205 bytes: a question of 255 bytes or less may be at most 50 bytes longer than
  // the DNAME owner.
  private static final String LONG_TARGET =
      "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".example.net.";

  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @        NS    ns1
          ns1      A     192.0.2.53
          old  600 DNAME new.example.com.
          www.new  A     192.0.2.80
          away     DNAME example.net.
          long     DNAME %s
          d.loop   DNAME x.d.loop.example.com.
          """
              .formatted(LONG_TARGET));

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
            "a name below the owner is redirected and the target answered",
            "www.old.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "old.example.com. 600 DNAME new.example.com.",
                "www.old.example.com. 600 CNAME www.new.example.com.",
                "www.new.example.com. 3600 A 192.0.2.80"),
            List.of()),
        new Case(
            "the redirected name does not exist",
            "a.b.old.example.com.",
            Type.A,
            Rcode.NXDOMAIN,
            List.of(
                "old.example.com. 600 DNAME new.example.com.",
                "a.b.old.example.com. 600 CNAME a.b.new.example.com."),
            List.of(SOA)),
        new Case(
            "a DNAME query at the owner gets the DNAME",
            "old.example.com.",
            Type.DNAME,
            Rcode.NOERROR,
            List.of("old.example.com. 600 DNAME new.example.com."),
            List.of()),
        new Case(
            "the owner itself is not redirected",
            "old.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(),
            List.of(SOA)),
        new Case(
            "a CNAME query is answered by the synthesized CNAME",
            "www.old.example.com.",
            Type.CNAME,
            Rcode.NOERROR,
            List.of(
                "old.example.com. 600 DNAME new.example.com.",
                "www.old.example.com. 600 CNAME www.new.example.com."),
            List.of()),
        new Case(
            "a target outside the zone ends the chain",
            "x.away.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "away.example.com. 3600 DNAME example.net.",
                "x.away.example.com. 3600 CNAME x.example.net."),
            List.of()),
        new Case(
            "a DNAME whose target is below itself is reapplied until the chain limit (as knotd)",
            "a.d.loop.example.com.",
            Type.A,
            Rcode.NOERROR,
            List.of(
                "d.loop.example.com. 3600 DNAME x.d.loop.example.com.",
                "a.d.loop.example.com. 3600 CNAME a.x.d.loop.example.com.",
                "a.x.d.loop.example.com. 3600 CNAME a.x.x.d.loop.example.com.",
                "a.x.x.d.loop.example.com. 3600 CNAME a.x.x.x.d.loop.example.com.",
                "a.x.x.x.d.loop.example.com. 3600 CNAME a.x.x.x.x.d.loop.example.com.",
                "a.x.x.x.x.d.loop.example.com. 3600 CNAME a.x.x.x.x.x.d.loop.example.com."),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void redirects(Case c) {
    Message m = SERVER.ask(c.qname(), c.qtype());

    assertThat(m.getRcode()).as("rcode").isEqualTo(c.rcode());
    assertThat(m.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
    assertThat(section(m, Section.ANSWER)).as("answer").isEqualTo(c.answer());
    assertThat(section(m, Section.AUTHORITY)).as("authority").isEqualTo(c.authority());
  }

  @Test
  void synthesizesANameOfExactly255Bytes() {
    String qname = "q".repeat(49) + ".long.example.com."; // 50 bytes replace the owner

    // DNAME and CNAME hold two long names, which do not fit 512 bytes: ask over TCP.
    Message m = SERVER.ask(InProcessResponder.query(qname, Type.A), Transport.TCP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(2);
    Record cname = m.getSection(Section.ANSWER).get(1);
    assertThat(cname).isInstanceOf(CNAMERecord.class);
    assertThat(((CNAMERecord) cname).getTarget().length()).isEqualTo((short) 255);
    assertThat(((CNAMERecord) cname).getTarget().toString())
        .isEqualTo("q".repeat(49) + "." + LONG_TARGET);
  }

  @Test
  void answersYxdomainWhenTheSynthesizedNameWouldBeTooLong() {
    String qname = "q".repeat(50) + ".long.example.com."; // one byte too many

    Message m = SERVER.ask(qname, Type.A);

    // RFC 6672 section 2.2: YXDOMAIN, with the DNAME but no CNAME.
    assertThat(m.getRcode()).isEqualTo(Rcode.YXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER))
        .containsExactly("long.example.com. 3600 DNAME " + LONG_TARGET);
  }
}
