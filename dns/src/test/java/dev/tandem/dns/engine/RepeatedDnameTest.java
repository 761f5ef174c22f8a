package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNAME applies to every name below its owner, including a name it has just synthesized (RFC 6672
 * section 3.2): meeting the same DNAME again is the next substitution, not a loop. BIND, NSD, Knot
 * and PowerDNS all follow it; Tandem used to stop there with NOERROR and half a chain.
 */
class RepeatedDnameTest {
  private static final String ZONE =
      """
      example. 300 IN SOA ns.example.net. admin.example.net. 1 3600 600 86400 60
      example. 300 IN NS ns.example.net.
      b.example. 300 IN DNAME example.
      host.example. 300 IN A 192.0.2.7
      one.example. 300 IN DNAME two.example.
      two.example. 300 IN DNAME one.example.
      """;

  private static final InProcessResponder SERVER = InProcessResponder.serving("example.", ZONE);

  @Test
  void theSameDnameAppliesAgainToTheNameItSynthesized() throws IOException {
    Message r = ask("host.b.b.example.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(records(r))
        .containsExactlyInAnyOrder(
            "b.example. 300 IN DNAME example.",
            "host.b.b.example. 300 IN CNAME host.b.example.",
            "host.b.example. 300 IN CNAME host.example.",
            "host.example. 300 IN A 192.0.2.7");
  }

  @Test
  void aChainThroughTheSameDnameToANameThatDoesNotExistIsNxdomain() throws IOException {
    Message r = ask("nothing.b.b.example.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(records(r))
        .containsExactlyInAnyOrder(
            "b.example. 300 IN DNAME example.",
            "nothing.b.b.example. 300 IN CNAME nothing.b.example.",
            "nothing.b.example. 300 IN CNAME nothing.example.");
  }

  @Test
  void twoDnamesPointingAtEachOtherEndAtTheChainLimit() throws IOException {
    Message r = ask("x.one.example.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    List<String> answer = records(r);
    assertThat(answer)
        .contains(
            "one.example. 300 IN DNAME two.example.",
            "two.example. 300 IN DNAME one.example.",
            "x.one.example. 300 IN CNAME x.two.example.",
            "x.two.example. 300 IN CNAME x.one.example.");
    // Each DNAME once, then synthesized CNAMEs up to the chain limit of five, as knotd does.
    assertThat(answer).hasSize(7);
  }

  private static Message ask(String name, int type) {
    return SERVER.ask(name, type);
  }

  private static List<String> records(Message m) {
    return m.getSection(Section.ANSWER).stream()
        .map(r -> r.toString().replaceAll("\\s+", " "))
        .toList();
  }
}
