package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Truncation (RFC 2181 section 9, RFC 9471): TC when the answer, or the glue a referral needs, does
 * not fit the UDP size; never for additional data that is merely nice to have; never over TCP.
 */
class TruncationTest {
  private static final InProcessResponder SERVER =
      new InProcessResponder(ResponderConfig.defaults(), ZoneText.zone("example.com.", zone()));

  /**
   * medium: ten 100-byte TXT records, about 1150 bytes; large: twenty, about 2300; mx: twelve MX
   * records that fit 512 bytes, but not with all their addresses; deleg: eight name servers that
   * fit, but not with their glue.
   */
  private static String zone() {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN example.com.
            $TTL 3600
            @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
            @         NS    ns1
            ns1       A     192.0.2.53
            """);
    for (int i = 0; i < 20; i++) {
      String text = Character.toString('a' + i).repeat(100);
      if (i < 10) {
        z.append("medium TXT \"").append(text).append("\"\n");
      }
      z.append("large TXT \"").append(text).append("\"\n");
    }
    for (int i = 10; i < 22; i++) {
      z.append("mx MX ").append(i).append(" mailserver-number-").append(i).append('\n');
      z.append("mailserver-number-").append(i).append(" A 192.0.2.").append(i).append('\n');
      z.append("mailserver-number-").append(i).append(" AAAA 2001:db8::").append(i).append('\n');
    }
    for (int i = 10; i < 18; i++) {
      z.append("deleg NS name-server-").append(i).append(".deleg\n");
      z.append("name-server-").append(i).append(".deleg A 192.0.2.").append(i).append('\n');
      z.append("name-server-").append(i).append(".deleg AAAA 2001:db8::").append(i).append('\n');
    }
    return z.toString();
  }

  record Case(String name, Message query, Transport transport, boolean tc, int answers, int limit) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> answers() {
    return Stream.of(
        new Case(
            "1150 bytes, no EDNS",
            query("medium.example.com.", Type.TXT),
            Transport.UDP,
            true,
            0,
            512),
        new Case(
            "1150 bytes, EDNS 1232",
            withEdns(query("medium.example.com.", Type.TXT), 1232, 0),
            Transport.UDP,
            false,
            10,
            1232),
        new Case(
            "1150 bytes, EDNS 1000",
            withEdns(query("medium.example.com.", Type.TXT), 1000, 0),
            Transport.UDP,
            true,
            0,
            1000),
        // Our own limit (1232) applies when the client offers more.
        new Case(
            "2300 bytes, EDNS 4096",
            withEdns(query("large.example.com.", Type.TXT), 4096, 0),
            Transport.UDP,
            true,
            0,
            1232),
        new Case(
            "2300 bytes, TCP",
            query("large.example.com.", Type.TXT),
            Transport.TCP,
            false,
            20,
            65535),
        new Case(
            "2300 bytes, TCP with EDNS 512",
            withEdns(query("large.example.com.", Type.TXT), 512, 0),
            Transport.TCP,
            false,
            20,
            65535));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void truncatesAnAnswerThatDoesNotFit(Case c) {
    byte[] response = SERVER.respond(c.query().toWire(), c.transport());
    Message m = parse(response);

    assertThat(response.length).as("size").isLessThanOrEqualTo(c.limit());
    assertThat(m.getHeader().getFlag(Flags.TC)).as("TC").isEqualTo(c.tc());
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    // An RRset is sent whole or not at all.
    assertThat(m.getSection(Section.ANSWER)).hasSize(c.answers());
  }

  @Test
  void leavesOutAdditionalDataWithoutTruncating() {
    byte[] response = SERVER.respond(query("mx.example.com.", Type.MX).toWire(), Transport.UDP);
    Message m = parse(response);

    assertThat(response.length).isLessThanOrEqualTo(512);
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).hasSize(12);
    assertThat(m.getSection(Section.ADDITIONAL)).hasSizeLessThan(24);
  }

  @Test
  void givesAllAdditionalDataWhenThereIsRoom() {
    Message m = SERVER.ask(withEdns(query("mx.example.com.", Type.MX), 1232, 0), Transport.UDP);

    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ADDITIONAL)).hasSize(24 + 1); // and the OPT
  }

  @Test
  void truncatesAReferralWhoseGlueDoesNotFit() {
    byte[] response =
        SERVER.respond(query("www.deleg.example.com.", Type.A).toWire(), Transport.UDP);
    Message m = parse(response);

    assertThat(response.length).isLessThanOrEqualTo(512);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getSection(Section.AUTHORITY)).hasSize(8);
  }

  @Test
  void sendsAReferralWithAllItsGlueWhenThereIsRoom() {
    Message m =
        SERVER.ask(withEdns(query("www.deleg.example.com.", Type.A), 1232, 0), Transport.UDP);

    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.AUTHORITY)).hasSize(8);
    assertThat(m.getSection(Section.ADDITIONAL)).hasSize(16 + 1);
  }

  @Test
  void failsAnAnswerTooLargeEvenForTcp() {
    StringBuilder z =
        new StringBuilder(
            """
            $ORIGIN example.com.
            $TTL 3600
            @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
            @         NS    ns1
            ns1       A     192.0.2.53
            """);
    for (int i = 0; i < 300; i++) {
      z.append("huge TXT \"")
          .append(String.format("%05d", i))
          .append("x".repeat(240))
          .append("\"\n");
    }
    InProcessResponder server =
        new InProcessResponder(
            ResponderConfig.defaults(), ZoneText.zone("example.com.", z.toString()));

    Message tcp = server.ask(query("huge.example.com.", Type.TXT), Transport.TCP);
    Message udp = server.ask(query("huge.example.com.", Type.TXT), Transport.UDP);

    assertThat(tcp.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(tcp.getSection(Section.ANSWER)).isEmpty();
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
  }

  private static Message parse(byte[] response) {
    try {
      return new Message(response);
    } catch (java.io.IOException e) {
      throw new AssertionError("unparsable response", e);
    }
  }
}
