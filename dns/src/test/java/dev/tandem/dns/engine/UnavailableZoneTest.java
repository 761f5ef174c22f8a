package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone configured here with nothing to serve (a secondary not yet transferred, or expired)
 * answers SERVFAIL with Extended DNS Error 24, Invalid Data, rather than REFUSED; once it has data
 * it answers again.
 */
class UnavailableZoneTest {
  private final PortClient client = new PortClient(PortClient.zone(1, 1));

  @Test
  void answersServfailWithExtendedError24UntilTheZoneHasData() {
    client.served.set(client.served.get().withUnavailable(ZoneText.name("example.com.")));

    Message m =
        client.ask(withEdns(query("www.example.com.", Type.A), 1232, 0).toWire(), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(((ExtendedErrorCodeOption) m.getOPT().getOptions(15).get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.INVALID_DATA);

    client.served.set(client.served.get().with(PortClient.zone(2, 1)));
    Message after = client.ask(query("ns1.example.com.", Type.A).toWire(), Transport.UDP);
    assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(after.getSection(Section.ANSWER)).hasSize(1);
  }
}
