package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Rcode;

/**
 * Malformed queries (RFC 1035, RFC 6891 section 6.1.1, RFC 8945 section 5.1) get FORMERR, with the
 * question echoed when it parsed, and never an answer or a crash.
 */
class MalformedQueryTest {
  private static final InProcessResponder SERVER =
      InProcessResponder.serving(
          "example.com.",
          """
          $ORIGIN example.com.
          $TTL 3600
          @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
          @         NS    ns1
          ns1       A     192.0.2.53
          www       A     192.0.2.1
          """);

  private static final byte[] QNAME = ZoneText.name("www.example.com.").toWire();

  /** A query: ID 0x1234, RD, the given counts; then the given sections' bytes. */
  private static byte[] message(int qd, int an, int ns, int ar, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] header = {0x12, 0x34, 0x01, 0x00, 0, qd, 0, an, 0, ns, 0, ar};
    for (int b : header) {
      out.write(b);
    }
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] question() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(QNAME);
    out.writeBytes(bytes(0, 1, 0, 1));
    return out.toByteArray();
  }

  /** An OPT record: root owner, payload 1232, version 0, the given rdata. */
  private static byte[] opt(byte[] rdata) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes(0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, rdata.length >>> 8, rdata.length));
    out.writeBytes(rdata);
    return out.toByteArray();
  }

  /** An A record owned by a pointer to the question name. */
  private static byte[] answerRecord() {
    return bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1);
  }

  /** A TSIG-typed record (its rdata is not looked at by the parser). */
  private static byte[] tsig() {
    return bytes(0, 0, 250, 0, 255, 0, 0, 0, 0, 0, 0);
  }

  /** A malformed message, and whether its question parses (and so is echoed). */
  static final class Case {
    final String name;
    final byte[] message;
    final boolean questionEchoed;

    Case(String name, byte[] message, boolean questionEchoed) {
      this.name = name;
      this.message = message;
      this.questionEchoed = questionEchoed;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "compressed question name",
            message(1, 0, 0, 0, bytes(3, 'w', 'w', 'w', 0xc0, 12, 0, 1, 0, 1)),
            false),
        new Case(
            "question name of a label over 63 bytes",
            message(1, 0, 0, 0, bytes(64, 'a', 0, 0, 1, 0, 1)),
            false),
        new Case("question cut short", message(1, 0, 0, 0, QNAME, bytes(0, 1)), false),
        new Case("question name without end", message(1, 0, 0, 0, bytes(3, 'w', 'w', 'w')), false),
        new Case("counts more records than there are", message(1, 1, 0, 0, question()), true),
        new Case("record cut short", message(1, 0, 0, 1, question(), bytes(0, 0, 1, 0, 1)), true),
        new Case(
            "rdata longer than the message",
            message(1, 1, 0, 0, question(), bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 9, 1)),
            true),
        new Case(
            "record name pointing forwards",
            message(1, 1, 0, 0, question(), bytes(0xc0, 40, 0, 1, 0, 1, 0, 0, 0, 60, 0, 0)),
            true),
        new Case(
            "OPT in the answer section", message(1, 1, 0, 0, question(), opt(new byte[0])), true),
        new Case(
            "two OPT records",
            message(1, 0, 0, 2, question(), opt(new byte[0]), opt(new byte[0])),
            true),
        new Case(
            "OPT with an owner name",
            message(1, 0, 0, 1, question(), bytes(0xc0, 12, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0)),
            true),
        new Case(
            "OPT option overrunning its rdata",
            message(1, 0, 0, 1, question(), opt(bytes(0, 10, 0, 5, 1, 2))),
            true),
        new Case(
            "OPT option header cut short",
            message(1, 0, 0, 1, question(), opt(bytes(0, 10, 0))),
            true),
        new Case("TSIG not last", message(1, 0, 0, 2, question(), tsig(), opt(new byte[0])), true),
        new Case(
            "TSIG outside the additional section", message(1, 1, 0, 0, question(), tsig()), true),
        new Case("two TSIG records", message(1, 0, 0, 2, question(), tsig(), tsig()), true),
        new Case(
            "trailing bytes after a record",
            message(1, 1, 0, 0, question(), answerRecord(), bytes(0)),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersFormerr(Case c) {
    byte[] response = SERVER.respond(c.message, Transport.UDP);

    assertThat(response.length).isGreaterThanOrEqualTo(12);
    assertThat(response[0]).isEqualTo((byte) 0x12);
    assertThat(response[1]).isEqualTo((byte) 0x34);
    assertThat(response[2] & 0x80).as("QR").isNotZero();
    assertThat(response[3] & 0x0f).as("rcode").isEqualTo(Rcode.FORMERR);
    assertThat(response[5]).as("question count").isEqualTo((byte) (c.questionEchoed ? 1 : 0));
    assertThat(response[7] | response[9] | response[11]).as("no records").isZero();
    assertThat(response.length).isEqualTo(c.questionEchoed ? 12 + question().length : 12);
  }
}
