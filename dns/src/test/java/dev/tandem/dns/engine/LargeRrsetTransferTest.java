package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.PortClient.answers;
import static dev.tandem.dns.engine.PortClient.ixfr;
import static dev.tandem.dns.engine.PortClient.signed;
import static dev.tandem.dns.engine.PortClient.soa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An RRset larger than a DNS message (300 TXT records of 255 bytes at one name: 80 KB, a valid
 * zone) goes out in AXFR and IXFR split across messages, each message within the 65535 bytes its
 * TCP length prefix can say (RFC 1035 section 4.2.2), signed ones too; a client reading the stream
 * back gets every record once. Only a single record too large for any message stops a transfer, and
 * the error names it. A query for such an RRset cannot be answered: TC over UDP, SERVFAIL over TCP
 * (an RRset is never split in an answer: RFC 2181 section 5).
 */
class LargeRrsetTransferTest {
  private static final int RECORDS = 300;
  private static final Name ACME = ZoneText.name("_acme-challenge.example.com.");

  /** The 300 records, each with one distinct 255-byte string. */
  static List<Record> challenges() {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      String text = String.format("%03d", i) + "t".repeat(252);
      out.add(new TXTRecord(ACME, DClass.IN, 300, text));
    }
    return out;
  }

  private static String head(long serial) {
    return "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster "
        + serial
        + " 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n";
  }

  static ZoneSnapshot withChallenges(long serial) {
    StringBuilder text = new StringBuilder(head(serial));
    for (Record r : challenges()) {
      text.append(r.toString()).append('\n');
    }
    return ZoneText.zone("example.com.", text.toString());
  }

  private final PortClient client = new PortClient(withChallenges(2));

  /** The checks every message of a transfer out passes, as a client reads it. */
  private static void assertEachMessageFitsItsLengthPrefix(PortClient client) {
    assertThat(client.raw).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(65535));
  }

  private static List<Record> challengesIn(List<Record> records) {
    return records.stream().filter(r -> r.getName().equals(ACME)).toList();
  }

  /** How many messages carry some of the challenge records. */
  private static long messagesCarryingTheRrset(List<Message> messages) {
    return messages.stream()
        .filter(m -> m.getSection(Section.ANSWER).stream().anyMatch(r -> r.getName().equals(ACME)))
        .count();
  }

  @Test
  void anAxfrSplitsAnRrsetLargerThanAMessageAcrossMessages() {
    byte[] wire = signed(query("example.com.", Type.AXFR), KEY);

    List<Message> messages = client.exchange(wire, Transport.TCP);

    assertEachMessageFitsItsLengthPrefix(client);
    assertThat(messagesCarryingTheRrset(messages)).isGreaterThan(1);
    List<Record> records = answers(messages);
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
    assertThat(records).hasSize(1 + 1 + 1 + RECORDS + 1);
    assertThat(challengesIn(records)).containsExactlyInAnyOrderElementsOf(challenges());
    assertThat(client.verifyChain(wire)).isEqualTo(messages.size());
  }

  @Test
  void anUnsignedAxfrSplitsItTooAndKeepsMessagesNearTheBudget() {
    // The transfer ACL of the fake control plane wants a key; go to the writer directly.
    ZoneSnapshot zone = withChallenges(2);
    List<byte[]> raw = new ArrayList<>();
    MessageStream out =
        ZoneTransferOut.axfr(query("example.com.", Type.AXFR), zone, Signer.UNSIGNED, null);
    for (byte[] m = out.next(); m != null; m = out.next()) {
      raw.add(m);
    }

    List<Message> messages = raw.stream().map(PortClient::parse).toList();
    assertThat(raw)
        .allSatisfy(
            m -> assertThat(m.length).isLessThanOrEqualTo(ZoneTransferOut.MESSAGE_BUDGET + 600));
    assertThat(challengesIn(answers(messages))).containsExactlyInAnyOrderElementsOf(challenges());
    assertThat(out.records()).isEqualTo(RECORDS + 4);
  }

  @Test
  void anIxfrAddingTheRrsetSplitsItAcrossSignedMessages() {
    SOARecord old = soa(1);
    SOARecord now = soa(2);
    List<Record> added = new ArrayList<>(challenges());
    added.add(now);
    client.port.changesFrom = 1;
    client.port.changesTo = 2;
    client.port.changes = List.of(new ZoneDiff(List.of(old), added));
    byte[] wire = signed(ixfr(1), KEY);

    List<Message> messages = client.exchange(wire, Transport.TCP);

    assertEachMessageFitsItsLengthPrefix(client);
    assertThat(messagesCarryingTheRrset(messages)).isGreaterThan(1);
    List<Record> records = answers(messages);
    // RFC 1995 section 4: new SOA, old SOA, (no removals), new SOA, the additions, new SOA
    assertThat(records.subList(0, 3)).containsExactly(now, old, now);
    assertThat(records.get(records.size() - 1)).isEqualTo(now);
    assertThat(records.subList(3, records.size() - 1)).containsExactlyElementsOf(challenges());
    assertThat(client.verifyChain(wire)).isEqualTo(messages.size());
  }

  @Test
  void aQueryForTheRrsetIsTruncatedOverUdpAndServfailOverTcp() {
    Message udp = client.ask(query(ACME.toString(), Type.TXT).toWire(), Transport.UDP);
    Message tcp = client.ask(query(ACME.toString(), Type.TXT).toWire(), Transport.TCP);

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(tcp.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(tcp.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void aRecordNoMessageCanHoldStopsTheTransferNamingTheRecord() {
    // 255 strings of 255 bytes and one of 254: rdata of 65535 bytes, the most RDLENGTH can say,
    // which with an owner and a header cannot fit in any message.
    List<String> strings = new ArrayList<>(Collections.nCopies(255, "h".repeat(255)));
    strings.add("h".repeat(254));
    Name huge = ZoneText.name("huge.example.com.");
    ZoneBuilder b = new ZoneBuilder(ZoneText.name("example.com."));
    PortClient.zone(1, 0).forEachRecord(b::add);
    b.add(new TXTRecord(huge, DClass.IN, 300, strings));
    ZoneSnapshot zone = b.build();
    MessageStream out =
        ZoneTransferOut.axfr(query("example.com.", Type.AXFR), zone, Signer.UNSIGNED, null);

    assertThatThrownBy(
            () -> {
              while (out.next() != null) {
                // the sender drains it until it cannot go on
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TXT record at huge.example.com.")
        .hasMessageContaining("65535");
  }
}
