package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
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

  @TempDir Path dir;

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

  private Message ask(String name, int type) throws IOException {
    Path file = dir.resolve("example.zone");
    Files.writeString(file, ZONE);
    ZoneLoader.Result loaded = ZoneLoader.load(Name.fromString("example."), file);
    ZoneSnapshot zone = Objects.requireNonNull(loaded.zone(), loaded.problems().toString());
    ServedZones served = ServedZones.of(List.of(zone));
    Responder responder = new Responder(() -> served, ResponderConfig.defaults());
    Responder.Session session = responder.newSession();
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    byte[] wire = q.toWire();
    int n = responder.respond(session, wire, wire.length, Transport.UDP);
    return new Message(Arrays.copyOf(session.response(), n));
  }

  private static List<String> records(Message m) {
    return m.getSection(Section.ANSWER).stream()
        .map(r -> r.toString().replaceAll("\\s+", " "))
        .toList();
  }
}
