package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.section;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers from a zone changed incrementally (IXFR, UPDATE): the new version answers with the
 * change, names and empty non-terminals appear and vanish, and a query holding the old version
 * still gets the old answer.
 */
class ZoneChangeTest {
  private static final ZoneSnapshot V1 =
      ZoneText.zone(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 300
          @        SOA  ns1 hostmaster 1 7200 3600 1209600 300
          @        NS   ns1
          ns1      A    192.0.2.53
          www      A    192.0.2.1
          a.b      A    192.0.2.2
          """);

  private static final Record SOA_1 =
      ZoneText.record(
          "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300");
  private static final Record SOA_2 =
      ZoneText.record(
          "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2 7200 3600 1209600 300");

  private static InProcessResponder serving(ZoneSnapshot zone) {
    return new InProcessResponder(ResponderConfig.defaults(), zone);
  }

  @Test
  void answersFromTheNewVersion() throws ZoneDiffException {
    ZoneSnapshot v2 =
        V1.apply(
            new ZoneDiff(
                List.of(SOA_1, ZoneText.record("a.b.example.com. 300 A 192.0.2.2")),
                List.of(SOA_2, ZoneText.record("x.y.z.example.com. 300 A 192.0.2.3"))));
    InProcessResponder server = serving(v2);

    assertThat(section(server.ask("x.y.z.example.com.", Type.A), Section.ANSWER))
        .containsExactly("x.y.z.example.com. 300 A 192.0.2.3");
    // The new empty non-terminals exist; the old ones are gone with the name below them.
    assertThat(server.ask("y.z.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.ask("z.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(server.ask("a.b.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("b.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(section(server.ask("example.com.", Type.SOA), Section.ANSWER))
        .containsExactly(
            "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2 7200 3600 1209600 300");
  }

  @Test
  void theOldVersionStillAnswersAsBefore() throws ZoneDiffException {
    InProcessResponder old = serving(V1);
    V1.apply(
        new ZoneDiff(
            List.of(ZoneText.record("www.example.com. 300 A 192.0.2.1")),
            List.of(ZoneText.record("www.example.com. 300 A 192.0.2.9"))));

    Message m = old.ask("www.example.com.", Type.A);

    assertThat(section(m, Section.ANSWER)).containsExactly("www.example.com. 300 A 192.0.2.1");
  }

  @Test
  void answersAfterTheChangesAreFoldedIntoTheBase() throws ZoneDiffException {
    ZoneSnapshot zone = V1;
    List<Record> added = new ArrayList<>();
    for (int i = 0; i < 1500; i++) { // more changed names than an overlay holds before folding
      Record r =
          ZoneText.record(
              "h" + i + ".hosts.example.com. 300 A 10.0." + (i / 256) + "." + (i % 256));
      added.add(r);
      zone = zone.apply(new ZoneDiff(List.of(), List.of(r)));
    }
    zone = zone.apply(new ZoneDiff(List.of(added.get(7)), List.of()));
    InProcessResponder server = serving(zone);

    assertThat(section(server.ask("h1499.hosts.example.com.", Type.A), Section.ANSWER))
        .containsExactly("h1499.hosts.example.com. 300 A 10.0.5.219");
    assertThat(section(server.ask("h0.hosts.example.com.", Type.A), Section.ANSWER))
        .containsExactly("h0.hosts.example.com. 300 A 10.0.0.0");
    assertThat(server.ask("h7.hosts.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(server.ask("hosts.example.com.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(server.ask("www.example.com.", Type.A), Section.ANSWER))
        .containsExactly("www.example.com. 300 A 192.0.2.1");
  }
}
