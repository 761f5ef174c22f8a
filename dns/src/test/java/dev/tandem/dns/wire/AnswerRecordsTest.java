package dev.tandem.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A transfer's records read from the wire give the bytes dnsjava gives for the same records, with
 * compressed names expanded, and a message that lies about its records stops the reading.
 */
class AnswerRecordsTest {
  private static final Name ZONE = Name.fromConstantString("Example.TEST.");

  /** Every type the reader expands, several compressed against the owner and each other. */
  private static final String[] RECORDS = {
    "@ 3600 IN SOA ns1.Example.TEST. hostmaster.example.test. 2024010101 3600 900 1209600 300",
    "@ 3600 IN NS ns1",
    "@ 3600 IN NS ns2.other.test.",
    "@ 3600 IN MX 10 mail",
    "@ 300 IN TXT \"v=spf1 -all\" \"second string\"",
    "@ 300 IN CAA 0 issue \"ca.example.net\"",
    "www 300 IN A 192.0.2.80",
    "www 300 IN AAAA 2001:db8::80",
    "alias 300 IN CNAME www",
    "d 300 IN DNAME www.example.test.",
    "_sip._tcp 300 IN SRV 10 5 5060 www",
    "4.2.0.192.in-addr 300 IN PTR www",
    "info 300 IN HINFO \"PC\" \"Linux\"",
    "mbox 300 IN MINFO admin errors",
    "rp 300 IN RP admin txt",
    "afs 300 IN AFSDB 1 www",
    "rt 300 IN RT 5 www",
    "kx 300 IN KX 5 www",
    "sub 300 IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "ssh 300 IN SSHFP 1 1 0123456789abcdef0123456789abcdef01234567",
    "_443._tcp 300 IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "@ 300 IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==",
    "@ 300 IN NSEC3PARAM 1 0 0 -",
    "www 300 IN NSEC zz.example.test. A AAAA RRSIG NSEC",
    "www 300 IN RRSIG A 13 3 300 20300101000000 20200101000000 12345 example.test. MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
    "x 300 IN NAPTR 100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.test!\" .",
  };

  @Test
  void readsEachRecordAsDnsjavaRendersIt() throws Exception {
    Message m = new Message();
    List<Record> records = new ArrayList<>();
    for (String text : RECORDS) {
      records.add(parse(text));
    }
    records.forEach(r -> m.addRecord(r, Section.ANSWER));
    m.addRecord(Record.newRecord(ZONE, Type.AXFR, DClass.IN), Section.QUESTION);
    byte[] wire = m.toWire(); // dnsjava compresses what RFC 1035 lets it

    AnswerRecords a = new AnswerRecords().reset(wire, wire.length);
    int expanded = 0;
    for (Record r : new Message(wire).getSection(Section.ANSWER)) {
      assertThat(a.next()).as("%s", r).isTrue();
      byte[] owner = r.getName().toWire();
      assertThat(Arrays.copyOf(a.owner(), a.ownerLength())).as("owner of %s", r).isEqualTo(owner);
      assertThat(a.type()).isEqualTo(r.getType());
      assertThat(a.dclass()).isEqualTo(DClass.IN);
      assertThat(a.ttl()).isEqualTo(r.getTTL());
      if (r.getType() == Type.NAPTR) {
        assertThat(a.expanded()).as("NAPTR's layout is left to dnsjava").isFalse();
        continue;
      }
      assertThat(a.expanded()).as("%s", r).isTrue();
      assertThat(Arrays.copyOf(a.rdata(), a.rdataLength()))
          .as("rdata of %s", r)
          .isEqualTo(rdata(r));
      expanded++;
    }
    assertThat(a.next()).isFalse();
    assertThat(a.malformed()).isFalse();
    assertThat(expanded).isEqualTo(RECORDS.length - 1);
    assertThat(wire.length).as("names were compressed").isLessThan(uncompressedLength(records));
  }

  @Test
  void expandsNamesCompressedWhereRfc3597SaysTheyShouldNotBe() throws Exception {
    // SRV's and RRSIG's names compressed all the same (as dnsjava reads them): pointers to the
    // owner name, at offset 12 + question.
    byte[] question = Name.fromConstantString("example.test.").toWire();
    byte[] msg = header(2);
    msg = concat(msg, question, new byte[] {0, (byte) 252, 0, 1});
    int ownerAt = 12;
    byte[] ptr = {(byte) 0xc0, (byte) ownerAt};
    msg = concat(msg, ptr, rr(Type.SRV, concat(new byte[] {0, 10, 0, 5, 0x13, (byte) 0xc4}, ptr)));
    byte[] fields = new byte[18];
    fields[1] = Type.A;
    msg = concat(msg, ptr, rr(Type.RRSIG, concat(fields, ptr, new byte[] {1, 2, 3})));

    AnswerRecords a = new AnswerRecords().reset(msg, msg.length);
    assertThat(a.next()).isTrue();
    assertThat(Arrays.copyOf(a.rdata(), a.rdataLength()))
        .isEqualTo(concat(new byte[] {0, 10, 0, 5, 0x13, (byte) 0xc4}, question));
    assertThat(a.next()).isTrue();
    assertThat(Arrays.copyOf(a.rdata(), a.rdataLength()))
        .isEqualTo(concat(fields, question, new byte[] {1, 2, 3}));
    assertThat(a.next()).isFalse();
    assertThat(a.malformed()).isFalse();
  }

  @Test
  void stopsAtWhatIsNotARecord() throws Exception {
    byte[] question = Name.fromConstantString("example.test.").toWire();
    byte[] start = concat(header(1), question, new byte[] {0, (byte) 252, 0, 1});
    byte[] forward = {(byte) 0xc0, (byte) 0xff}; // a pointer forwards
    byte[] label = new byte[64];
    label[0] = 63;
    byte[] tooLong = concat(label, label, label, label, new byte[] {0}); // 257 bytes
    byte[][] bad = {
      concat(start, forward, rr(Type.A, new byte[] {1, 2, 3, 4})),
      concat(start, tooLong, rr(Type.A, new byte[] {1, 2, 3, 4})),
      concat(start, question, rr(Type.NS, forward)),
      concat(start, question, rr(Type.SOA, concat(question, question, new byte[19]))),
      concat(start, question, rr(Type.MX, new byte[] {0, 10})),
      Arrays.copyOf(concat(start, question, rr(Type.A, new byte[] {1, 2, 3, 4})), 40),
    };
    for (byte[] msg : bad) {
      AnswerRecords a = new AnswerRecords().reset(msg, msg.length);
      assertThat(a.next()).isFalse();
      assertThat(a.malformed()).isTrue();
    }
    AnswerRecords a = new AnswerRecords().reset(new byte[5], 5);
    assertThat(a.next()).isFalse();
    assertThat(a.malformed()).isTrue();
  }

  private static Record parse(String text) throws Exception {
    String[] f = text.split(" ", 5);
    Name owner = f[0].equals("@") ? ZONE : Name.fromString(f[0], ZONE);
    return Record.fromString(owner, Type.value(f[3]), DClass.IN, Long.parseLong(f[1]), f[4], ZONE);
  }

  /** The rdata as a zone keeps it: dnsjava's rendering, names uncompressed. */
  private static byte[] rdata(Record r) {
    byte[] wire = r.toWire(Section.ANSWER); // owner, type, class, TTL, rdlength, rdata
    return Arrays.copyOfRange(wire, r.getName().length() + 10, wire.length);
  }

  private static int uncompressedLength(List<Record> records) {
    return records.stream().mapToInt(r -> r.toWire(Section.ANSWER).length).sum();
  }

  private static byte[] header(int answers) {
    return new byte[] {0, 1, (byte) 0x84, 0, 0, 1, 0, (byte) answers, 0, 0, 0, 0};
  }

  /** Type, class IN, TTL 300, rdlength, rdata. */
  private static byte[] rr(int type, byte[] rdata) {
    return concat(
        new byte[] {
          (byte) (type >> 8),
          (byte) type,
          0,
          1,
          0,
          0,
          1,
          44,
          (byte) (rdata.length >> 8),
          (byte) rdata.length
        },
        rdata);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
