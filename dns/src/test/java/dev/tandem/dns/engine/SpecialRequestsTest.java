package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * What goes past the hot path: TSIG-signed requests, NOTIFY, AXFR and IXFR out, EDNS EXPIRE, and
 * zones configured but with nothing to serve. The control plane is a fake port that records calls.
 */
class SpecialRequestsTest {
  private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  private static final TSIG KEY = new TSIG(TSIG.HMAC_SHA256, "xfr.key.", SECRET);
  private static final TSIG WRONG = new TSIG(TSIG.HMAC_SHA256, "xfr.key.", "d3Jvbmd3cm9uZ3dyb25n");
  private static final TSIG STRANGER = new TSIG(TSIG.HMAC_SHA256, "other.key.", SECRET);

  /** A control plane that knows one key, allows transfers signed with it, and takes NOTIFYs. */
  static final class FakePort implements ControlPort {
    final List<String> notifies = new ArrayList<>();
    long expire = -1;
    @Nullable List<dev.tandem.dns.zone.ZoneDiff> changes;

    @Override
    public @Nullable TSIG key(Name name) {
      return name.equals(ZoneText.name("xfr.key.")) ? KEY : null;
    }

    @Override
    public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key) {
      return key != null;
    }

    @Override
    public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
      notifies.add(zone + " " + serial + " " + key);
      return zone.equals(ZoneText.name("example.com.")) ? Rcode.NOERROR : Rcode.NOTAUTH;
    }

    @Override
    public long expireSeconds(Name zone) {
      return expire;
    }

    @Override
    public @Nullable List<dev.tandem.dns.zone.ZoneDiff> changes(Name zone, long from, long to) {
      return from == 0 && to == 1 ? changes : null;
    }
  }

  private final FakePort port = new FakePort();
  private final AtomicReference<ServedZones> served =
      new AtomicReference<>(ServedZones.of(List.of(zone(1, 100))));
  private final Responder responder = new Responder(served::get, ResponderConfig.defaults(), port);
  private final Responder.Session session = responder.newSession();

  static ZoneSnapshot zone(long serial, int hosts) {
    StringBuilder text =
        new StringBuilder(
            "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster "
                + serial
                + " 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n");
    for (int i = 0; i < hosts; i++) {
      text.append("host").append(i).append(" TXT \"").append("x".repeat(200)).append("\"\n");
    }
    return ZoneText.zone("example.com.", text.toString());
  }

  private List<Message> exchange(Message request, Transport transport) {
    return exchange(request.toWire(), transport);
  }

  /** The responses to {@code wire}, raw bytes kept beside each for TSIG checks. */
  private final List<byte[]> raw = new ArrayList<>();

  private List<Message> exchange(byte[] wire, Transport transport) {
    raw.clear();
    int n =
        responder.respond(session, wire, wire.length, transport, InetAddress.getLoopbackAddress());
    List<Message> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    raw.add(Arrays.copyOf(session.response(), n));
    out.add(parse(raw.get(0)));
    MessageStream more = session.takeStream();
    while (more != null) {
      byte[] m = more.next();
      if (m == null) {
        break;
      }
      raw.add(m);
      out.add(parse(m));
    }
    return out;
  }

  private static Message parse(byte[] b) {
    try {
      return new Message(b);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The request signed with {@code key}, in wire form (dnsjava re-encodes a parsed TSIG away). */
  private static byte[] signed(Message q, TSIG key) {
    q.setTSIG(key);
    return q.toWire(65535); // toWire() with a size signs; without, it leaves the TSIG out
  }

  @Test
  void streamsASignedAxfrWithEveryMessageSignedAndVerifiable() throws IOException {
    byte[] wire = signed(query("example.com.", Type.AXFR), KEY);
    Message sent = parse(wire);

    List<Message> messages = exchange(wire, Transport.TCP);

    assertThat(messages.size()).isGreaterThan(1); // 100 records of 200 bytes do not fit in 16 KB
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(KEY, sent.getTSIG());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      assertThat(m.getTSIG()).as("every message is signed").isNotNull();
      assertThat(verifier.verify(m, raw.get(i))).isEqualTo(Rcode.NOERROR);
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      records.addAll(m.getSection(Section.ANSWER));
    }
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
    assertThat(records).hasSize(1 + 1 + 1 + 100 + 1); // SOA, NS, A, 100 TXT, SOA
    assertThat(records.stream().filter(r -> r.getType() == Type.SOA)).hasSize(2);
  }

  @Test
  void refusesAnUnsignedAxfrWithExtendedError18() {
    Message m = exchange(withEdns(query("example.com.", Type.AXFR), 1232, 0), Transport.TCP).get(0);

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(((ExtendedErrorCodeOption) m.getOPT().getOptions(15).get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.PROHIBITED);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersAnUnknownKeyWithBadkeyAndAWrongMacWithBadsig() {
    Message unknown =
        exchange(signed(query("www.example.com.", Type.A), STRANGER), Transport.UDP).get(0);
    Message wrong =
        exchange(signed(query("www.example.com.", Type.A), WRONG), Transport.UDP).get(0);

    assertThat(unknown.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(unknown.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
    assertThat(wrong.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(wrong.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
    assertThat(wrong.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void answersAQuerySignedAnHourAgoWithASignedBadtime() {
    java.time.Clock hourAgo =
        java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(-1));
    TSIG late =
        new TSIG(
            TSIG.HMAC_SHA256,
            ZoneText.name("xfr.key."),
            new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder().decode(SECRET), "HmacSHA256"),
            hourAgo);
    byte[] wire = signed(query("ns1.example.com.", Type.A), late);

    Message m = exchange(wire, Transport.UDP).get(0);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(m.getTSIG().getError()).isEqualTo(Rcode.BADTIME);
    assertThat(m.getTSIG().getSignature()).as("BADTIME is signed (RFC 8945 5.2.3)").isNotEmpty();
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void signsTheAnswerToASignedQuery() {
    byte[] wire = signed(query("ns1.example.com.", Type.A), KEY);

    Message m = exchange(wire, Transport.UDP).get(0);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    assertThat(KEY.verify(m, raw.get(0), parse(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void hands_a_notify_with_its_serial_to_the_control_plane_and_answers_with_aa() {
    Message n = query("example.com.", Type.SOA);
    n.getHeader().setOpcode(Opcode.NOTIFY);
    n.addRecord(
        new SOARecord(
            ZoneText.name("example.com."),
            DClass.IN,
            3600,
            ZoneText.name("ns1.example.com."),
            ZoneText.name("hostmaster.example.com."),
            42,
            7200,
            3600,
            1209600,
            300),
        Section.ANSWER);

    Message m = exchange(signed(n, KEY), Transport.UDP).get(0);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getTSIG()).isNotNull();
    assertThat(port.notifies).containsExactly("example.com. 42 xfr.key.");
  }

  @Test
  void answersAnIxfrFromTheCurrentSerialWithOneSoaAndFromAnOlderOneWithTheZone() {
    List<Message> current = exchange(signed(ixfr(1), KEY), Transport.TCP);
    List<Message> older = exchange(signed(ixfr(0), KEY), Transport.TCP);
    List<Message> overUdp = exchange(signed(ixfr(0), KEY), Transport.UDP);

    assertThat(current).hasSize(1);
    assertThat(current.get(0).getSection(Section.ANSWER)).hasSize(1);
    assertThat(overUdp.get(0).getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOf(SOARecord.class);
    long records = older.stream().mapToLong(m -> m.getSection(Section.ANSWER).size()).sum();
    assertThat(records).isEqualTo(104);
  }

  @Test
  void answersAnIxfrIncrementallyWhenTheChangesAreKept() {
    SOARecord old = soa(0);
    SOARecord now = soa(1);
    Record added = ZoneText.record("www.example.com. 300 A 192.0.2.80");
    Record removed = ZoneText.record("host7.example.com. 3600 TXT \"" + "x".repeat(200) + "\"");
    port.changes =
        List.of(new dev.tandem.dns.zone.ZoneDiff(List.of(removed, old), List.of(added, now)));

    List<Message> messages = exchange(signed(ixfr(0), KEY), Transport.TCP);

    List<Record> records = new ArrayList<>();
    messages.forEach(m -> records.addAll(m.getSection(Section.ANSWER)));
    // RFC 1995 section 4: new SOA, old SOA, removals, new SOA, additions, new SOA
    assertThat(records).containsExactly(now, old, removed, now, added, now);
    assertThat(messages).allSatisfy(m -> assertThat(m.getTSIG()).isNotNull());
  }

  private static SOARecord soa(long serial) {
    return (SOARecord)
        ZoneText.record(
            "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. "
                + serial
                + " 7200 3600 1209600 300");
  }

  private static Message ixfr(long serial) {
    Message q = query("example.com.", Type.IXFR);
    Name zone = ZoneText.name("example.com.");
    q.addRecord(
        new SOARecord(zone, DClass.IN, 0, zone, zone, serial, 0, 0, 0, 0), Section.AUTHORITY);
    return q;
  }

  @Test
  void addsEdnsExpireToSoaAnswersOfASecondaryZone() {
    port.expire = 1234;
    Message q =
        withEdns(query("example.com.", Type.SOA), 1232, 0, new GenericEDNSOption(9, new byte[0]));

    Message m = exchange(q, Transport.UDP).get(0);

    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
    List<EDNSOption> expire = m.getOPT().getOptions(9);
    assertThat(expire).hasSize(1);
    assertThat(expire.get(0).toWire()).containsExactly(0, 9, 0, 4, 0, 0, 4, (byte) 210);
  }

  @Test
  void addsEdnsExpireToASignedSoaAnswerOnlyWhenAskedFor() {
    port.expire = 1234;
    byte[] asked =
        signed(
            withEdns(
                query("example.com.", Type.SOA), 1232, 0, new GenericEDNSOption(9, new byte[0])),
            KEY);
    byte[] notAsked = signed(withEdns(query("example.com.", Type.SOA), 1232, 0), KEY);

    Message withOption = exchange(asked, Transport.UDP).get(0);
    Message without = exchange(notAsked, Transport.UDP).get(0);

    assertThat(withOption.getOPT().getOptions(9)).hasSize(1);
    assertThat(withOption.getTSIG()).isNotNull();
    assertThat(without.getOPT().getOptions(9)).isEmpty();
    assertThat(without.getTSIG()).isNotNull();
  }

  @Test
  void answersServfailWithExtendedError24ForAZoneWithNothingToServe() {
    served.set(served.get().withUnavailable(ZoneText.name("example.com.")));

    Message m =
        exchange(withEdns(query("www.example.com.", Type.A), 1232, 0), Transport.UDP).get(0);

    assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(((ExtendedErrorCodeOption) m.getOPT().getOptions(15).get(0)).getErrorCode())
        .isEqualTo(ExtendedErrorCodeOption.INVALID_DATA);

    served.set(served.get().with(zone(2, 1)));
    Message after = exchange(query("ns1.example.com.", Type.A), Transport.UDP).get(0);
    assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(after.getSection(Section.ANSWER)).hasSize(1);
  }
}
