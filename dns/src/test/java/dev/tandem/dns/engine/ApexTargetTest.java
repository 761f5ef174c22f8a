package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The zone apex as the target of a CNAME, DNAME or NS record is a name inside the zone like any
 * other: the chain continues there, and the apex's addresses go into the additional section. (It
 * was once taken for a name outside the zone: a CNAME to the apex stopped, and a name server named
 * like the zone got no address; BIND, NSD, Knot and PowerDNS all do what these tests expect.)
 */
class ApexTargetTest {
  private static final String ZONE =
      """
      example. 300 IN SOA ns.example.net. admin.example.net. 1 3600 600 86400 60
      example. 300 IN NS example.
      example. 300 IN A 192.0.2.1
      example. 300 IN AAAA 2001:db8::1
      www.example. 300 IN CNAME example.
      short.example. 300 IN DNAME .
      sub.example. 300 IN NS example.
      """;

  private static final InProcessResponder SERVER = InProcessResponder.serving("example.", ZONE);

  @Test
  void aCnameToTheApexIsFollowedToTheApexData() throws IOException {
    Message r = ask("www.example.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(records(r, Section.ANSWER))
        .containsExactlyInAnyOrder(
            "www.example. 300 IN CNAME example.", "example. 300 IN A 192.0.2.1");
  }

  @Test
  void aDnameThatLeadsToTheApexIsFollowedToTheApexData() throws IOException {
    Message r = ask("example.short.example.", Type.AAAA);
    assertThat(records(r, Section.ANSWER))
        .containsExactlyInAnyOrder(
            "short.example. 300 IN DNAME .",
            "example.short.example. 300 IN CNAME example.",
            "example. 300 IN AAAA 2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aNameServerNamedLikeTheZoneGetsItsAddressesInTheAdditionalSection() throws IOException {
    Message r = ask("example.", Type.NS);
    assertThat(records(r, Section.ANSWER)).containsExactly("example. 300 IN NS example.");
    assertThat(records(r, Section.ADDITIONAL))
        .containsExactlyInAnyOrder(
            "example. 300 IN A 192.0.2.1", "example. 300 IN AAAA 2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aReferralToANameServerAtTheApexCarriesItsAddresses() throws IOException {
    Message r = ask("host.sub.example.", Type.A);
    assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(records(r, Section.AUTHORITY)).containsExactly("sub.example. 300 IN NS example.");
    assertThat(records(r, Section.ADDITIONAL))
        .containsExactlyInAnyOrder(
            "example. 300 IN A 192.0.2.1", "example. 300 IN AAAA 2001:db8:0:0:0:0:0:1");
  }

  private static Message ask(String name, int type) {
    return SERVER.ask(name, type);
  }

  private static List<String> records(Message m, int section) {
    return m.getSection(section).stream().map(r -> r.toString().replaceAll("\\s+", " ")).toList();
  }
}
