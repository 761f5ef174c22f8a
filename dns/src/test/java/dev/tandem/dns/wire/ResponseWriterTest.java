package dev.tandem.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The response writer's promises: compression pointers only to earlier names and only within reach
 * of 14 bits, RRsets written whole or not at all, and a message that parses after any of that.
 */
class ResponseWriterTest {
  private final Query query = new Query();
  private final ResponseWriter w = new ResponseWriter();

  private void begin(String qname, int maxSize) {
    byte[] q = Message.newQuery(Record.newRecord(ZoneText.name(qname), Type.A, DClass.IN)).toWire();
    assertThat(query.parse(q, q.length)).isEqualTo(Query.Verdict.OK);
    w.begin(query, maxSize, true);
  }

  /** An RRset in the zone's encoding: type, TTL, count, bytes, then (rdlength, rdata) each. */
  private static byte[] rrset(int type, byte[]... rdatas) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int bytes = 0;
    for (byte[] rd : rdatas) {
      bytes += 2 + rd.length;
    }
    u16(out, type);
    u32(out, 300);
    u16(out, rdatas.length);
    u32(out, bytes);
    for (byte[] rd : rdatas) {
      u16(out, rd.length);
      out.writeBytes(rd);
    }
    return out.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    u16(out, v >>> 16);
    u16(out, v);
  }

  private static byte[] wire(String name) {
    return ZoneText.name(name).toWire();
  }

  private static byte[] txt(int length) {
    byte[] rd = new byte[length + 1];
    rd[0] = (byte) length;
    Arrays.fill(rd, 1, rd.length, (byte) 't');
    return rd;
  }

  private static byte[] mx(int preference, String target) {
    byte[] name = wire(target);
    byte[] rd = new byte[2 + name.length];
    rd[1] = (byte) preference;
    System.arraycopy(name, 0, rd, 2, name.length);
    return rd;
  }

  private Message finish() throws IOException {
    int n = w.finish();
    byte[] response = Arrays.copyOf(w.buffer(), n);
    assertPointersGoBackwards(response);
    return new Message(response);
  }

  /**
   * Walks every name in the message (owners, and rdata names of the types the writer compresses)
   * and checks each pointer targets an earlier offset where a label starts.
   */
  private static void assertPointersGoBackwards(byte[] m) {
    int p = 12;
    int qd = ((m[4] & 0xff) << 8) | (m[5] & 0xff);
    int rrs = 0;
    for (int i = 6; i < 12; i += 2) {
      rrs += ((m[i] & 0xff) << 8) | (m[i + 1] & 0xff);
    }
    for (int i = 0; i < qd; i++) {
      p = checkName(m, p) + 4;
    }
    for (int i = 0; i < rrs; i++) {
      p = checkName(m, p);
      int type = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
      int rdlength = ((m[p + 8] & 0xff) << 8) | (m[p + 9] & 0xff);
      int rdata = p + 10;
      switch (type) {
        case Type.NS, Type.CNAME, Type.PTR -> checkName(m, rdata);
        case Type.MX -> checkName(m, rdata + 2);
        default -> {}
      }
      p = rdata + rdlength;
    }
    assertThat(p).isEqualTo(m.length);
  }

  private static int checkName(byte[] m, int at) {
    int p = at;
    while (true) {
      int len = m[p] & 0xff;
      if (len == 0) {
        return p + 1;
      }
      if ((len & 0xc0) == 0xc0) {
        int target = ((len & 0x3f) << 8) | (m[p + 1] & 0xff);
        assertThat(target).as("pointer at %d", p).isLessThan(at).isGreaterThanOrEqualTo(12);
        return p + 2;
      }
      p += len + 1;
    }
  }

  @Test
  void compressesOwnersAndTargetsAgainstEarlierNames() throws IOException {
    begin("www.example.com.", 512);
    byte[] owner = wire("www.example.com.");

    assertThat(
            w.putRrset(
                owner,
                0,
                rrset(Type.MX, mx(10, "mail.example.com."), mx(20, "www.example.com.")),
                0,
                300))
        .isTrue();
    Message m = finish();

    // Header 12, question 21, then two MX records: pointer owners (2), fixed fields (10),
    // preference (2), "mail" + pointer (7) and a bare pointer (2).
    assertThat(w.position()).isEqualTo(12 + 21 + (2 + 10 + 2 + 7) + (2 + 10 + 2 + 2));
    assertThat(m.getSection(Section.ANSWER))
        .extracting(ZoneText::text)
        .containsExactly(
            "www.example.com. 300 MX 10 mail.example.com.",
            "www.example.com. 300 MX 20 www.example.com.");
  }

  @Test
  void writesSrvTargetsInFullButPointsLaterNamesAtThem() throws IOException {
    begin("_sip._tcp.example.com.", 512);
    byte[] srv = new byte[6 + wire("sip.example.com.").length];
    srv[5] = 5;
    System.arraycopy(wire("sip.example.com."), 0, srv, 6, wire("sip.example.com.").length);

    w.putRrset(wire("_sip._tcp.example.com."), 0, rrset(Type.SRV, srv), 0, 300);
    int beforeA = w.position();
    w.section(ResponseWriter.ADDITIONAL);
    w.putRrset(
        wire("sip.example.com."), 0, rrset(Type.A, new byte[] {(byte) 192, 0, 2, 1}), 0, 300);
    Message m = finish();

    // RFC 2782: the SRV target is not compressed, not even "example.com." against the question.
    int srvRecord = 12 + 27 + 2 + 10;
    byte[] r = w.buffer();
    assertThat(Arrays.copyOfRange(r, srvRecord + 6, srvRecord + 6 + 17))
        .isEqualTo(wire("sip.example.com."));
    // The A record's owner is a pointer into it.
    assertThat(w.position() - beforeA).isEqualTo(2 + 10 + 4);
    assertThat(m.getSection(Section.ADDITIONAL))
        .extracting(ZoneText::text)
        .containsExactly("sip.example.com. 300 A 192.0.2.1");
  }

  @Test
  void neverPointsBeyondFourteenBits() throws IOException {
    begin("example.com.", ResponseWriter.MAX_SIZE);
    byte[] filler =
        rrset(
            Type.TXT, txt(255), txt(255), txt(255), txt(255), txt(255), txt(255), txt(255),
            txt(255));
    while (w.position() < 0x4000 + 100) {
      assertThat(w.putRrset(wire("fill.example.com."), 0, filler, 0, 300)).isTrue();
    }
    // Names first written beyond 0x3FFF: later ones cannot point at them.
    w.putRrset(wire("far.example.org."), 0, rrset(Type.NS, wire("ns.far.example.org.")), 0, 300);
    w.putRrset(wire("ns.far.example.org."), 0, rrset(Type.A, new byte[] {10, 0, 0, 1}), 0, 300);
    w.putRrset(wire("far.example.org."), 0, rrset(Type.TXT, txt(3), txt(4)), 0, 300);

    Message m = finish();

    List<Record> answer = m.getSection(Section.ANSWER);
    assertThat(answer.subList(answer.size() - 4, answer.size()))
        .extracting(ZoneText::text)
        .containsExactly(
            "far.example.org. 300 NS ns.far.example.org.",
            "ns.far.example.org. 300 A 10.0.0.1",
            "far.example.org. 300 TXT ttt",
            "far.example.org. 300 TXT tttt");
  }

  @Test
  void rollsBackAnRrsetThatDoesNotFitAndForgetsItsNames() throws IOException {
    begin("www.example.com.", 250);
    assertThat(
            w.putRrset(
                wire("www.example.com."),
                0,
                rrset(Type.A, new byte[] {(byte) 192, 0, 2, 1}),
                0,
                300))
        .isTrue();
    int mark = w.position();

    // Its first record fits (and its names are remembered for compression), the second does not.
    boolean fitted =
        w.putRrset(
            wire("rolled.back.example.org."),
            0,
            rrset(
                Type.NS,
                wire("ns.rolled.back.example.org."),
                wire(("x".repeat(62) + ".").repeat(3))),
            0,
            300);

    assertThat(fitted).as("fitted, at %d of %d", w.position(), w.maxSize()).isFalse();
    assertThat(w.position()).isEqualTo(mark);
    assertThat(w.count(ResponseWriter.ANSWER)).isEqualTo(1);

    // The same names again, in an RRset that fits: nothing may point into the discarded bytes.
    assertThat(
            w.putRrset(
                wire("rolled.back.example.org."),
                0,
                rrset(Type.NS, wire("ns.rolled.back.example.org.")),
                0,
                300))
        .isTrue();
    Message m = finish();

    assertThat(m.getSection(Section.ANSWER))
        .extracting(ZoneText::text)
        .containsExactly(
            "www.example.com. 300 A 192.0.2.1",
            "rolled.back.example.org. 300 NS ns.rolled.back.example.org.");
  }

  @Test
  void keepsReservedSpaceForTheOpt() throws IOException {
    begin("example.com.", 512);
    w.reserve(11);
    byte[] one = rrset(Type.TXT, txt(100));
    int written = 0;
    while (w.putRrset(wire("example.com."), 0, one, 0, 300)) {
      written++;
    }
    assertThat(w.position()).isLessThanOrEqualTo(512 - 11);
    w.release(11);
    w.section(ResponseWriter.ADDITIONAL);
    w.putOpt(1232, 0, false, null, -1);

    Message m = finish();

    assertThat(m.getSection(Section.ANSWER)).hasSize(written);
    assertThat(m.getOPT()).isNotNull();
    assertThat(w.position()).isLessThanOrEqualTo(512);
  }

  @Test
  void copiesIdOpcodeAndRdAndSetsQr() throws IOException {
    begin("Www.Example.Com.", 512);
    w.setAuthoritative();

    Message m = finish();

    assertThat(m.getHeader().getID()).isEqualTo(query.id());
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getQuestion().getName().toString()).isEqualTo("Www.Example.Com.");
  }

  @Test
  void writesAnRrsetWholeOrNotAtAll() throws IOException {
    for (int size = 40; size < 200; size++) {
      begin("example.com.", size);
      boolean fitted =
          w.putRrset(wire("example.com."), 0, rrset(Type.TXT, txt(20), txt(20), txt(20)), 0, 300);

      Message m = finish();

      assertThat(w.position()).isLessThanOrEqualTo(size);
      assertThat(m.getSection(Section.ANSWER)).hasSize(fitted ? 3 : 0);
      Name owner = ZoneText.name("example.com.");
      assertThat(m.getSection(Section.ANSWER)).allMatch(r -> r.getName().equals(owner));
    }
  }
}
