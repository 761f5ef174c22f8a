package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.FakeControlPort.SECRET;
import static dev.tandem.dns.engine.FakeControlPort.STRANGER;
import static dev.tandem.dns.engine.FakeControlPort.WRONG;
import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static dev.tandem.dns.engine.PortClient.parse;
import static dev.tandem.dns.engine.PortClient.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Signed requests (RFC 8945): the answer to a signed request is signed over the request's MAC and
 * fits the size limit with its TSIG record; a request that fails the check gets NOTAUTH with the
 * TSIG error, signed only for BADTIME (section 5.2).
 */
class TsigTest {
  private final PortClient client =
      new PortClient(ZoneText.zone("example.com.", ZoneText.EXAMPLE_HEAD + bigTxt(4)));

  /** {@code n} TXT records of 200 bytes at big.example.com: more than 512 bytes, less than 1232. */
  private static String bigTxt(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("big TXT \"").append(Character.toString('a' + i).repeat(200)).append("\"\n");
    }
    return b.toString();
  }

  @Test
  void signsTheAnswerToASignedQueryOverTheRequestsMac() {
    byte[] wire = signed(query("ns1.example.com.", Type.A), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(KEY.verify(m, client.raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aSignedAnswerTooLargeForUdpIsTruncatedAndStillSigned() {
    byte[] wire = signed(query("big.example.com.", Type.TXT), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(client.raw.get(0).length).isLessThanOrEqualTo(512);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(KEY.verify(m, client.raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aSignedAnswerWithEdnsUsesThePayloadSizeLessTheTsigRecord() {
    byte[] wire = signed(withEdns(query("big.example.com.", Type.TXT), 1232, 0), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(client.raw.get(0).length).isLessThanOrEqualTo(1232);
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).hasSize(4);
    assertThat(m.getOPT()).isNotNull();
    assertThat(KEY.verify(m, client.raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void answersAnUnknownKeyWithBadkeyAndAWrongMacWithBadsigUnsigned() {
    Message unknown =
        client.ask(signed(query("www.example.com.", Type.A), STRANGER), Transport.UDP);
    Message wrong = client.ask(signed(query("www.example.com.", Type.A), WRONG), Transport.UDP);

    assertThat(unknown.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(unknown.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
    assertThat(unknown.getTSIG().getSignature()).as("RFC 8945 5.2.1: unsigned").isEmpty();
    assertThat(wrong.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(wrong.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
    assertThat(wrong.getTSIG().getSignature()).as("RFC 8945 5.2.2: unsigned").isEmpty();
    assertThat(wrong.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersAQuerySignedAnHourAgoWithASignedBadtime() {
    TSIG late =
        new TSIG(
            TSIG.HMAC_SHA256,
            ZoneText.name("xfr.key."),
            new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA256"),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
    byte[] wire = signed(query("ns1.example.com.", Type.A), late);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(m.getTSIG().getError()).isEqualTo(Rcode.BADTIME);
    assertThat(m.getTSIG().getSignature()).as("BADTIME is signed (RFC 8945 5.2.3)").isNotEmpty();
    assertThat(m.getTSIG().getOther()).as("our time, for the client").hasSize(6);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void signsTheNotimpToASignedRequestWithAnOpcodeNotServed() {
    Message status = query("www.example.com.", Type.A);
    status.getHeader().setOpcode(Opcode.STATUS);
    byte[] wire = signed(status, KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(KEY.verify(m, client.raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aNotifyWhoseTsigFailsIsReportedToTheControlPlaneAndNotActedOn() {
    Message m = client.ask(signed(NotifyTest.notify("example.com.", 42), WRONG), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(client.port.notifies).isEmpty();
    assertThat(client.port.refusedNotifies).singleElement().asString().contains("BADSIG");
  }
}
