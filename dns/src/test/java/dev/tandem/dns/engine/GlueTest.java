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
 * The additional section of referrals: addresses of the delegation's name servers that the zone
 * holds (glue below the cut, and other names of the zone), none for names outside it.
 */
class GlueTest {
  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @         NS    ns1
          ns1       A     192.0.2.53
          both      NS    ns.both
          ns.both   A     192.0.2.10
          ns.both   AAAA  2001:db8:0:0:0:0:0:10
          v6        NS    ns.v6
          ns.v6     AAAA  2001:db8:0:0:0:0:0:6
          outside   NS    ns.example.net.
          outside   NS    ns.example.org.
          inzone    NS    ns1
          sibling   NS    ns.both
          deep      NS    a.b.deep
          a.b.deep  A     192.0.2.20
          missing   NS    ns.missing
          """);

  record Case(String delegation, List<String> additional) {
    @Override
    public String toString() {
      return delegation;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "both",
            List.of(
                "ns.both.example.com. 3600 A 192.0.2.10",
                "ns.both.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:10")),
        new Case("v6", List.of("ns.v6.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:6")),
        new Case("outside", List.of()),
        new Case("inzone", List.of("ns1.example.com. 3600 A 192.0.2.53")),
        // The name server lives below another delegation of the zone (sibling glue).
        new Case(
            "sibling",
            List.of(
                "ns.both.example.com. 3600 A 192.0.2.10",
                "ns.both.example.com. 3600 AAAA 2001:db8:0:0:0:0:0:10")),
        new Case("deep", List.of("a.b.deep.example.com. 3600 A 192.0.2.20")),
        // A glue name the zone lacks: the referral goes out without it.
        new Case("missing", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void referralCarriesTheAddressesTheZoneHas(Case c) {
    Message m = SERVER.ask("www." + c.delegation() + ".example.com.", Type.A);

    assertThat(section(m, Section.AUTHORITY)).isNotEmpty().allMatch(r -> r.contains(" NS "));
    assertThat(section(m, Section.ADDITIONAL)).containsExactlyInAnyOrderElementsOf(c.additional());
  }
}
