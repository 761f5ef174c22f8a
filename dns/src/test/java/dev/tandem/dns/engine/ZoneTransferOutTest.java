package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The transfer writer's own wire format, read back by dnsjava: every record exactly once with its
 * TTL and rdata, whatever the names (deep, 255 octets long, siblings and cousins, past the 16 KB
 * reach of a compression pointer), in messages of about 16 KB, with owner names compressed.
 */
class ZoneTransferOutTest {

  private static ZoneSnapshot zone() {
    StringBuilder z =
        new StringBuilder(
            "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 7 7200 3600 1209600 300\n"
                + "@ NS ns1\nns1 A 192.0.2.53\n");
    for (int i = 0; i < 3000; i++) {
      z.append("h").append(i).append(".sub").append(i % 7).append(" 60 A 192.0.2.").append(i % 250);
      z.append('\n');
      if (i % 3 == 0) {
        z.append("h").append(i).append(".sub").append(i % 7).append(" 120 TXT \"t").append(i);
        z.append("\"\n");
      }
    }
    // A name of 255 octets and a deep one.
    String label = "a".repeat(63);
    z.append(label)
        .append('.')
        .append(label)
        .append('.')
        .append(label)
        .append('.')
        .append("b".repeat(49))
        .append(" A 192.0.2.1\n");
    z.append("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p MX 10 mail.example.net.\n");
    return ZoneText.zone("example.com.", z.toString());
  }

  private static List<Message> all(MessageStream s) throws IOException {
    List<Message> out = new ArrayList<>();
    for (byte[] m = s.next(); m != null; m = s.next()) {
      assertThat(m.length).isLessThan(20_000);
      out.add(new Message(m));
    }
    return out;
  }

  private static Message request(int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString("example.com."), type, DClass.IN));
  }

  @Test
  void anAxfrReadsBackAsTheZoneWithTheSoaAtBothEnds() throws IOException {
    ZoneSnapshot zone = zone();

    List<Message> messages =
        all(ZoneTransferOut.axfr(request(Type.AXFR), zone, Signer.UNSIGNED, null));

    List<Record> got = new ArrayList<>();
    messages.forEach(m -> got.addAll(m.getSection(Section.ANSWER)));
    assertThat(messages).hasSizeGreaterThan(3);
    assertThat(messages.get(0).getSection(Section.QUESTION)).hasSize(1);
    assertThat(messages.get(1).getSection(Section.QUESTION)).isEmpty();
    assertThat(got.get(0)).isInstanceOf(SOARecord.class);
    assertThat(got.get(got.size() - 1)).isInstanceOf(SOARecord.class);
    List<String> expected = new ArrayList<>();
    zone.forEachRecord(r -> expected.add(r.toString()));
    List<String> middle = got.subList(1, got.size() - 1).stream().map(Record::toString).toList();
    assertThat(middle)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().filter(s -> !s.contains("\tSOA\t")).toList());
    long bytes = messages.stream().mapToLong(m -> m.toWire().length).sum();
    assertThat(bytes).as("owner names compressed").isLessThan(zone.recordCount() * 40L);
  }

  @Test
  void anIxfrKeepsItsRecordsOrderAndTheCaseOfWhatItWritesOut() throws IOException {
    ZoneSnapshot zone = zone();
    SOARecord old =
        (SOARecord)
            ZoneText.record(
                "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 6 7200 3600 1209600 300");
    SOARecord now = zone.soa();
    Record removed = ZoneText.record("Gone.Example.COM. 60 A 192.0.2.9");
    Record added = ZoneText.record("New.sub.Example.com. 60 TXT \"hello world\"");
    ZoneDiff change = new ZoneDiff(List.of(old, removed), List.of(now, added));

    List<Message> messages =
        all(ZoneTransferOut.ixfr(request(Type.IXFR), zone, List.of(change), Signer.UNSIGNED, null));

    List<Record> got = new ArrayList<>();
    messages.forEach(m -> got.addAll(m.getSection(Section.ANSWER)));
    assertThat(got).containsExactly(now, old, removed, now, added, now);
    // Labels written out keep their case; a suffix compressed to the name before may take that
    // name's case (RFC 4343 section 4.1), as with BIND's compression.
    assertThat(got.get(2).getName().toString()).startsWith("Gone.");
    assertThat(got.get(4).getName().toString()).startsWith("New.sub.");
  }
}
