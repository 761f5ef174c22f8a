package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static dev.tandem.dns.engine.PortClient.answers;
import static dev.tandem.dns.engine.PortClient.ixfr;
import static dev.tandem.dns.engine.PortClient.signed;
import static dev.tandem.dns.engine.PortClient.soa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneText;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Zone transfers out, as a secondary sees them: who gets one and in which form (AXFR, IXFR with the
 * changes, IXFR with the zone, one SOA), and, when the request was signed, every message signed
 * with the MACs chained (RFC 8945 section 5.3.1), whatever the form. Each request ends in one
 * report to the control plane.
 */
class TransferOutTest {
  private final PortClient client = new PortClient(PortClient.zone(1, 100));

  @Test
  void aSignedAxfrHasEveryMessageSignedWithTheMacsChained() {
    byte[] wire = signed(query("example.com.", Type.AXFR), KEY);

    List<Message> messages = client.exchange(wire, Transport.TCP);

    assertThat(client.verifyChain(wire)).isGreaterThan(1); // 100 TXT of 200 bytes: over 16 KB
    assertThat(messages).allSatisfy(m -> assertThat(m.getHeader().getFlag(Flags.AA)).isTrue());
    List<Record> records = answers(messages);
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
    assertThat(records).hasSize(1 + 1 + 1 + 100 + 1); // SOA, NS, A, 100 TXT, SOA
    assertThat(records.stream().filter(r -> r.getType() == Type.SOA)).hasSize(2);
    assertThat(client.port.transfers).isEmpty(); // reported when the sender is done
  }

  @Test
  void aSignedIncrementalIxfrHasEveryMessageSignedWithTheMacsChained() {
    SOARecord old = soa(0);
    SOARecord now = soa(1);
    Record added = ZoneText.record("www.example.com. 300 A 192.0.2.80");
    Record removed = ZoneText.record("host7.example.com. 3600 TXT \"" + "x".repeat(200) + "\"");
    client.port.changes = List.of(new ZoneDiff(List.of(removed, old), List.of(added, now)));
    byte[] wire = signed(ixfr(0), KEY);

    List<Message> messages = client.exchange(wire, Transport.TCP);

    // RFC 1995 section 4: new SOA, old SOA, removals, new SOA, additions, new SOA
    assertThat(answers(messages)).containsExactly(now, old, removed, now, added, now);
    client.verifyChain(wire);
  }

  @Test
  void anIxfrFromAnOlderSerialWithoutKeptChangesGetsTheZoneSignedAndChained() {
    byte[] wire = signed(ixfr(0), KEY);

    List<Message> older = client.exchange(wire, Transport.TCP);

    assertThat(answers(older)).hasSize(104);
    assertThat(client.verifyChain(wire)).isGreaterThan(1);
  }

  @Test
  void anIxfrFromTheCurrentSerialOrOverUdpGetsOneSignedSoa() {
    byte[] current = signed(ixfr(1), KEY);
    List<Message> upToDate = client.exchange(current, Transport.TCP);
    client.verifyChain(current);
    byte[] older = signed(ixfr(0), KEY);
    List<Message> overUdp = client.exchange(older, Transport.UDP);
    client.verifyChain(older);

    assertThat(upToDate).hasSize(1);
    assertThat(answers(upToDate)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(answers(overUdp)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(client.port.transfers)
        .extracting(Transfer::kind, Transfer::result, Transfer::records)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.OK, 1L));
  }

  @Test
  void refusesAnUnsignedAxfrWithExtendedError18AndReportsIt() {
    Message m =
        client.ask(withEdns(query("example.com.", Type.AXFR), 1232, 0).toWire(), Transport.TCP);

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(((ExtendedErrorCodeOption) m.getOPT().getOptions(15).get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.PROHIBITED);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(client.port.transfers)
        .singleElement()
        .satisfies(t -> assertThat(t.result()).isEqualTo(Transfer.Result.REFUSED));
  }

  @Test
  void answersAnAxfrOverUdpWithASignedFormerr() {
    byte[] wire = signed(query("example.com.", Type.AXFR), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    client.verifyChain(wire);
  }

  @Test
  void answersATransferOfAZoneNotServedWithNotauthAndOfOneWithNothingToServeWithServfail() {
    Message elsewhere = client.ask(signed(query("example.org.", Type.AXFR), KEY), Transport.TCP);
    client.served.set(client.served.get().withUnavailable(ZoneText.name("example.com.")));
    Message empty = client.ask(signed(query("example.com.", Type.AXFR), KEY), Transport.TCP);

    assertThat(elsewhere.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(empty.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(client.port.transfers)
        .singleElement()
        .satisfies(t -> assertThat(t.error()).isEqualTo("no data to send"));
  }
}
