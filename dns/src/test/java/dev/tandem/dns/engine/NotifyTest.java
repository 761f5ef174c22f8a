package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.PortClient.parse;
import static dev.tandem.dns.engine.PortClient.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * NOTIFY (RFC 1996): handed to the control plane with its serial hint and key, and acknowledged at
 * once with the control plane's RCODE: AA when accepted, signed when the NOTIFY was.
 */
class NotifyTest {
  private final PortClient client = new PortClient(PortClient.zone(1, 0));

  /** A NOTIFY for {@code zone}, with an SOA of {@code serial} in the answer section if not -1. */
  static Message notify(String zone, long serial) {
    Message n = query(zone, Type.SOA);
    n.getHeader().setOpcode(Opcode.NOTIFY);
    n.getHeader().unsetFlag(Flags.RD);
    if (serial >= 0) {
      n.addRecord(
          new SOARecord(
              ZoneText.name(zone),
              DClass.IN,
              3600,
              ZoneText.name("ns1." + zone),
              ZoneText.name("hostmaster." + zone),
              serial,
              7200,
              3600,
              1209600,
              300),
          Section.ANSWER);
    }
    return n;
  }

  @Test
  void anAcceptedNotifyIsHandedOverWithItsSerialAndKeyAndAnsweredSignedWithAa() {
    byte[] wire = signed(notify("example.com.", 42), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getQuestion()).isEqualTo(parse(wire).getQuestion());
    assertThat(KEY.verify(m, client.raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
    assertThat(client.port.notifies).containsExactly("example.com. 42 xfr.key.");
  }

  @Test
  void anUnsignedNotifyWithoutASerialIsHandedOverWithNone() {
    Message m = client.ask(notify("example.com.", -1).toWire(), Transport.TCP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getTSIG()).isNull();
    assertThat(client.port.notifies).containsExactly("example.com. -1 null");
  }

  @Test
  void aRefusedNotifyGetsTheControlPlanesRcodeWithoutAa() {
    client.port.notifyRcode = Rcode.REFUSED;
    byte[] wire = signed(notify("example.com.", 42), KEY);

    Message refused = client.ask(wire, Transport.UDP);
    Message elsewhere = client.ask(notify("example.org.", 7).toWire(), Transport.UDP);

    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(refused.getTSIG()).as("still signed").isNotNull();
    assertThat(elsewhere.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(elsewhere.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void aNotifyForAnythingButAnSoaIsFormerrAndNotHandedOver() {
    Message n = query("example.com.", Type.A);
    n.getHeader().setOpcode(Opcode.NOTIFY);

    Message m = client.ask(signed(n, KEY), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getTSIG()).isNotNull();
    assertThat(client.port.notifies).isEmpty();
  }
}
