package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.section;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What is answered and what is not: opcodes, classes, zone transfers, names outside every zone, and
 * messages that are not queries at all.
 */
class OpcodeTest {
  private static final String ZONE =
      """
      $ORIGIN example.com.
      $TTL 3600
      @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
      @         NS    ns1
      ns1       A     192.0.2.53
      www       A     192.0.2.1
      """;

  private static final InProcessResponder SERVER = InProcessResponder.serving("example.com.", ZONE);

  private static Message notify(String zone) {
    Message q = query(zone, Type.SOA);
    q.getHeader().setOpcode(Opcode.NOTIFY);
    q.getHeader().unsetFlag(Flags.RD);
    return q;
  }

  private static Message withOpcode(int opcode) {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().setOpcode(opcode);
    return q;
  }

  record Case(String name, Message query, int rcode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> refusals() {
    return Stream.of(
        new Case("IQUERY", withOpcode(Opcode.IQUERY), Rcode.NOTIMP),
        new Case("STATUS", withOpcode(Opcode.STATUS), Rcode.NOTIMP),
        new Case("DSO", withOpcode(6), Rcode.NOTIMP),
        new Case("opcode 15", withOpcode(15), Rcode.NOTIMP),
        new Case("NOTIFY not for an SOA", withOpcode(Opcode.NOTIFY), Rcode.FORMERR),
        new Case("NOTIFY for no secondary zone", notify("example.com."), Rcode.NOTAUTH),
        new Case(
            "UPDATE nobody may make",
            Message.newUpdate(ZoneText.name("example.com.")),
            Rcode.REFUSED),
        new Case(
            "UPDATE of a zone not served",
            Message.newUpdate(ZoneText.name("example.org.")),
            Rcode.NOTAUTH),
        new Case("AXFR", query("example.com.", Type.AXFR), Rcode.REFUSED),
        new Case("IXFR", query("example.com.", Type.IXFR), Rcode.REFUSED),
        new Case("qtype 0", query("www.example.com.", 0), Rcode.NOTIMP),
        new Case("class HS", query("www.example.com.", Type.A, DClass.HS), Rcode.REFUSED),
        new Case("class NONE", query("www.example.com.", Type.A, DClass.NONE), Rcode.REFUSED),
        new Case("class CH, A", query("id.server.", Type.A, DClass.CH), Rcode.REFUSED),
        new Case("class CH, no identity", query("id.server.", Type.TXT, DClass.CH), Rcode.REFUSED),
        new Case(
            "class CH, no version", query("version.bind.", Type.TXT, DClass.CH), Rcode.REFUSED),
        new Case("outside every zone", query("www.example.org.", Type.A), Rcode.REFUSED),
        new Case("the parent of a zone", query("com.", Type.NS), Rcode.REFUSED),
        new Case("root", query(".", Type.NS), Rcode.REFUSED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void answersWithABareError(Case c) {
    Message m = SERVER.ask(c.query(), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(c.rcode());
    assertThat(m.getHeader().getOpcode()).isEqualTo(c.query().getHeader().getOpcode());
    assertThat(m.getHeader().getID()).isEqualTo(c.query().getHeader().getID());
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(m.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(m.getSection(Section.ADDITIONAL)).isEmpty();
    assertThat(m.getQuestion()).isEqualTo(c.query().getQuestion());
  }

  @Test
  void refusesNamesOutsideEveryZoneWithExtendedError20() {
    Message m = SERVER.ask(withEdns(query("www.example.org.", Type.A), 1232, 0), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    List<EDNSOption> ede = m.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    assertThat(ede).hasSize(1);
    assertThat(((ExtendedErrorCodeOption) ede.get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.NOT_AUTHORITATIVE);
  }

  @Test
  void refusesTransfersNobodyIsAllowedWithExtendedError18() {
    Message m = SERVER.ask(withEdns(query("example.com.", Type.AXFR), 1232, 0), Transport.TCP);

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    List<EDNSOption> ede = m.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    assertThat(ede).hasSize(1);
    assertThat(((ExtendedErrorCodeOption) ede.get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.PROHIBITED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"id.server.", "hostname.bind.", "ID.Server."})
  void answersIdentityInClassChaosWhenConfigured(String qname) {
    InProcessResponder server =
        new InProcessResponder(
            new ResponderConfig(1232, null, "ns1.fra.example", "tandem 0.1"),
            ZoneText.zone("example.com.", ZONE));

    Message m = server.ask(query(qname, Type.TXT, DClass.CH), Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER).get(0).getDClass()).isEqualTo(DClass.CH);
    assertThat(section(m, Section.ANSWER)).containsExactly(qname + " 0 TXT ns1.fra.example");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"version.server.", "version.bind."})
  void answersVersionInClassChaosWhenConfigured(String qname) {
    InProcessResponder server =
        new InProcessResponder(
            new ResponderConfig(1232, null, null, "tandem 0.1"),
            ZoneText.zone("example.com.", ZONE));

    Message m = server.ask(query(qname, Type.TXT, DClass.CH), Transport.UDP);

    assertThat(section(m, Section.ANSWER)).containsExactly(qname + " 0 TXT \"tandem 0.1\"");
  }

  @Test
  void saysNothingToAResponse() {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().setFlag(Flags.QR);

    assertThat(SERVER.respond(q.toWire(), Transport.UDP)).isEmpty();
  }

  @Test
  void saysNothingToAMessageShorterThanAHeader() {
    assertThat(SERVER.respond(new byte[] {1, 2, 3, 4, 5}, Transport.UDP)).isEmpty();
  }

  @Test
  void answersFormerrToAQueryWithoutAQuestion() {
    Message q = new Message();

    Message m = SERVER.ask(q, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void answersFormerrToTrailingBytes() {
    byte[] wire = query("www.example.com.", Type.A).toWire();
    byte[] longer = java.util.Arrays.copyOf(wire, wire.length + 3);

    Message m = parse(SERVER.respond(longer, Transport.UDP));

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getQuestion().getName()).isEqualTo(ZoneText.name("www.example.com."));
  }

  @Test
  void answersFormerrToTwoQuestions() {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(
        org.xbill.DNS.Record.newRecord(ZoneText.name("ns1.example.com."), Type.A, DClass.IN),
        Section.QUESTION);

    byte[] response = SERVER.respond(q.toWire(), Transport.UDP);

    assertThat(response[3] & 0xf).isEqualTo(Rcode.FORMERR);
  }

  private static Message parse(byte[] response) {
    try {
      return new Message(response);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void answersNotauthToASignedQueryWhileNoKeysAreConfigured() {
    Message q = query("www.example.com.", Type.A);
    q.setTSIG(
        new org.xbill.DNS.TSIG(
            org.xbill.DNS.TSIG.HMAC_SHA256, "key.example.", "c2VjcmV0c2VjcmV0c2VjcmV0"));

    byte[] signed = q.toWire(512); // signs
    assertThat(parse(signed).getTSIG()).isNotNull();

    Message m = parse(SERVER.respond(signed, Transport.UDP));

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }
}
