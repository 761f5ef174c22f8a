package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Delegations (RFC 1034 section 4.3.2 step 3b): names at and below a zone cut get a referral, not
 * an authoritative answer, except DS, which the parent side of the cut answers (RFC 4035 section
 * 3.1.4.1).
 */
class ReferralTest {
  private static final String DS_RDATA = "12345 13 2 " + "0123456789ABCDEF".repeat(4);

  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @        NS    ns1
          ns1      A     192.0.2.53
          sub      86400 NS ns1.sub
          sub      86400 NS ns.example.net.
          sub      DS    %s
          ns1.sub  A     192.0.2.10
          nods     NS    ns1
          """
              .formatted(DS_RDATA));

  static Stream<String> namesAtOrBelowTheCut() {
    return Stream.of(
        "sub.example.com. A",
        "sub.example.com. NS",
        "sub.example.com. SOA",
        "www.sub.example.com. A",
        "a.b.c.sub.example.com. MX",
        "ns1.sub.example.com. A",
        "x.sub.example.com. DS");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namesAtOrBelowTheCut")
  void refersNamesAtAndBelowTheCut(String question) {
    String[] q = question.split(" ");

    Message m = SERVER.ask(q[0], Type.value(q[1]));

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).as("AA").isFalse();
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(section(m, Section.AUTHORITY))
        .containsExactlyInAnyOrder(
            "sub.example.com. 86400 NS ns1.sub.example.com.",
            "sub.example.com. 86400 NS ns.example.net.");
    assertThat(section(m, Section.ADDITIONAL))
        .containsExactly("ns1.sub.example.com. 3600 A 192.0.2.10");
  }

  @Test
  void answersDsAtTheCutFromTheParent() {
    Message m = SERVER.ask("sub.example.com.", Type.DS);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER)).containsExactly("sub.example.com. 3600 DS " + DS_RDATA);
    assertThat(section(m, Section.AUTHORITY)).isEmpty();
  }

  @Test
  void answersNodataForDsAtACutWithoutOne() {
    Message m = SERVER.ask("nods.example.com.", Type.DS);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER)).isEmpty();
    assertThat(section(m, Section.AUTHORITY))
        .containsExactly(
            "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300");
  }

  @Test
  void answersTheApexNsAuthoritatively() {
    Message m = SERVER.ask("example.com.", Type.NS);

    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(m, Section.ANSWER)).containsExactly("example.com. 3600 NS ns1.example.com.");
  }

  @Test
  void answersDsFromTheParentWhenBothSidesOfTheCutAreServed() {
    InProcessResponder both =
        new InProcessResponder(
            ResponderConfig.defaults(),
            dev.tandem.dns.zone.ZoneText.zone(
                "example.com.",
                """
                $ORIGIN example.com.
                $TTL 3600
                @        SOA   ns1 hostmaster 1 7200 3600 1209600 300
                @        NS    ns1
                ns1      A     192.0.2.53
                sub      NS    ns1.sub
                sub      DS    %s
                ns1.sub  A     192.0.2.10
                """
                    .formatted(DS_RDATA)),
            dev.tandem.dns.zone.ZoneText.zone(
                "sub.example.com.",
                """
                $ORIGIN sub.example.com.
                $TTL 3600
                @        SOA   ns1 hostmaster 7 7200 3600 1209600 300
                @        NS    ns1
                ns1      A     192.0.2.10
                www      A     192.0.2.11
                """));

    Message ds = both.ask("sub.example.com.", Type.DS);
    Message soa = both.ask("sub.example.com.", Type.SOA);
    Message www = both.ask("www.sub.example.com.", Type.A);

    assertThat(section(ds, Section.ANSWER)).containsExactly("sub.example.com. 3600 DS " + DS_RDATA);
    assertThat(section(soa, Section.ANSWER))
        .containsExactly(
            "sub.example.com. 3600 SOA ns1.sub.example.com. hostmaster.sub.example.com. 7 7200 3600 1209600 300");
    assertThat(www.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(section(www, Section.ANSWER))
        .containsExactly("www.sub.example.com. 3600 A 192.0.2.11");
  }

  @Test
  void refersFromTheRootZoneWithGlue() {
    InProcessResponder root =
        InProcessResponder.serving(
            ".",
            """
            $ORIGIN .
            $TTL 86400
            @         SOA   a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400
            @         NS    a.root-servers.net.
            com.      172800 NS a.gtld-servers.net.
            a.gtld-servers.net. 172800 A 192.5.6.30
            a.root-servers.net. A 198.41.0.4
            """);

    Message referral = root.ask("www.example.com.", Type.A);
    Message apex = root.ask(".", Type.NS);

    assertThat(referral.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(section(referral, Section.AUTHORITY))
        .containsExactly("com. 172800 NS a.gtld-servers.net.");
    assertThat(section(referral, Section.ADDITIONAL))
        .containsExactly("a.gtld-servers.net. 172800 A 192.5.6.30");
    assertThat(section(apex, Section.ANSWER)).containsExactly(". 86400 NS a.root-servers.net.");
    assertThat(section(apex, Section.ADDITIONAL))
        .containsExactly("a.root-servers.net. 86400 A 198.41.0.4");
  }
}
