package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.PortClient.parse;
import static dev.tandem.dns.engine.PortClient.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * UPDATE (RFC 2136): checked for form and zone at once, applied by the control plane, answered when
 * it is applied with the control plane's RCODE, signed then when the UPDATE was signed.
 */
class UpdateTest {
  private final PortClient client = new PortClient(PortClient.zone(1, 0));

  private static Update addA() {
    Update u = new Update(ZoneText.name("example.com."));
    u.add(ZoneText.record("www.example.com. 300 A 192.0.2.80"));
    return u;
  }

  @Test
  void anUpdateIsAnsweredLaterWithTheRcodeTheControlPlaneGivesSigned() throws Exception {
    byte[] wire = signed(addA(), KEY);

    assertThat(client.exchange(wire, Transport.TCP)).as("nothing sent at once").isEmpty();
    CompletionStage<byte[]> later = client.later();
    assertThat(client.port.updates).containsExactly("example.com. xfr.key.");
    // The session answers something else meanwhile; the UPDATE's response is its own.
    client.ask(InProcessResponder.query("ns1.example.com.", Type.A).toWire(), Transport.TCP);
    client.port.update.complete(Rcode.YXRRSET);

    byte[] bytes = later.toCompletableFuture().get();
    Message m = parse(bytes);
    assertThat(m.getRcode()).isEqualTo(Rcode.YXRRSET);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
    assertThat(m.getHeader().getID()).isEqualTo(parse(wire).getHeader().getID());
    assertThat(m.getSection(Section.ZONE))
        .extracting(Record::getName)
        .containsExactly(ZoneText.name("example.com."));
    assertThat(KEY.verify(m, bytes, parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void anUpdateTheControlPlaneRefusesAtOnceIsAnsweredAtOnce() {
    client.port.update = CompletableFuture.completedFuture(Rcode.REFUSED);

    Message m = client.ask(addA().toWire(), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.UPDATE);
  }

  @Test
  void anUpdateThatFailsInTheControlPlaneIsAnsweredServfail() throws Exception {
    client.exchange(addA(), Transport.TCP);
    CompletionStage<byte[]> later = client.later();

    client.port.update.completeExceptionally(new IllegalStateException("disk full"));

    assertThat(parse(later.toCompletableFuture().get()).getRcode()).isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void anUpdateOfAZoneNotServedIsNotauthAndNeverHandedOver() {
    Update u = new Update(ZoneText.name("example.org."));
    u.add(ZoneText.record("www.example.org. 300 A 192.0.2.80"));

    Message m = client.ask(signed(u, KEY), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(m.getTSIG()).isNotNull();
    assertThat(client.port.updates).isEmpty();
  }

  @Test
  void anUpdateWhoseZoneSectionIsNotAnSoaIsFormerr() {
    Message u = InProcessResponder.query("example.com.", Type.A);
    u.getHeader().setOpcode(Opcode.UPDATE);

    Message m = client.ask(u.toWire(), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(client.port.updates).isEmpty();
  }
}
