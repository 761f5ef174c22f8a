package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.FakeControlPort.KEY;
import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static dev.tandem.dns.engine.PortClient.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneText;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * EDNS EXPIRE (RFC 7314): an SOA, AXFR or IXFR query that carries the option gets it back with the
 * value the control plane gives, whenever it gives one (not negative): a secondary's time left, or
 * a primary's SOA EXPIRE (as Knot answers). The engine does not ask which kind the zone is. A query
 * without the option, or a zone the control plane gives no value for, gets none.
 */
class EdnsExpireTest {
  private static final int EXPIRE = 9;

  private final PortClient client = new PortClient(PortClient.zone(1, 100));

  private static GenericEDNSOption asked() {
    return new GenericEDNSOption(EXPIRE, new byte[0]);
  }

  /** The EXPIRE value in {@code m}'s OPT, or null if it has none. */
  private static @Nullable Long expire(Message m) {
    OPTRecord opt = m.getOPT();
    if (opt == null) {
      return null;
    }
    List<EDNSOption> options = opt.getOptions(EXPIRE);
    if (options.isEmpty()) {
      return null;
    }
    assertThat(options).hasSize(1);
    byte[] data = options.get(0).toWire();
    assertThat(data).hasSize(8); // code, length 4, value
    return ((data[4] & 0xffL) << 24)
        | ((data[5] & 0xff) << 16)
        | ((data[6] & 0xff) << 8)
        | (data[7] & 0xff);
  }

  @ParameterizedTest(name = "EXPIRE {0}")
  @ValueSource(longs = {0, 1234, 1209600, 0xffffffffL})
  void anSoaQueryAskingForExpireGetsTheValueTheControlPlaneGives(long value) {
    client.port.expire = value;

    Message m =
        client.ask(
            withEdns(query("example.com.", Type.SOA), 1232, 0, asked()).toWire(), Transport.UDP);

    assertThat(m.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(expire(m)).isEqualTo(value);
  }

  @Test
  void aPrimaryZoneGetsItsSoaExpireTheSameWay() {
    // The control plane answers for a primary with the SOA's EXPIRE field, as Knot does.
    client.port.expire = soaNow().getExpire();

    Message m =
        client.ask(
            withEdns(query("example.com.", Type.SOA), 1232, 0, asked()).toWire(), Transport.TCP);

    assertThat(expire(m)).isEqualTo(1209600);
  }

  @Test
  void noExpireWhenNotAskedOrWhenTheControlPlaneGivesNone() {
    client.port.expire = 1234;
    Message notAsked =
        client.ask(withEdns(query("example.com.", Type.SOA), 1232, 0).toWire(), Transport.UDP);
    client.port.expire = -1;
    Message none =
        client.ask(
            withEdns(query("example.com.", Type.SOA), 1232, 0, asked()).toWire(), Transport.UDP);

    assertThat(expire(notAsked)).isNull();
    assertThat(expire(none)).isNull();
    assertThat(none.getOPT()).as("the OPT itself stays").isNotNull();
  }

  @Test
  void aSignedSoaQueryGetsExpireInsideTheSignedAnswer() {
    client.port.expire = 1234;
    byte[] wire = signed(withEdns(query("example.com.", Type.SOA), 1232, 0, asked()), KEY);

    Message m = client.ask(wire, Transport.UDP);

    assertThat(expire(m)).isEqualTo(1234);
    assertThat(KEY.verify(m, client.raw.get(0), PortClient.parse(wire).getTSIG()))
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void anAxfrCarriesExpireInItsFirstMessageOnly() {
    client.port.expire = 600;
    byte[] wire = signed(withEdns(query("example.com.", Type.AXFR), 1232, 0, asked()), KEY);

    List<Message> messages = client.exchange(wire, Transport.TCP);

    assertThat(messages).hasSizeGreaterThan(1);
    assertThat(expire(messages.get(0))).isEqualTo(600);
    assertThat(messages.subList(1, messages.size()))
        .allSatisfy(m -> assertThat(m.getOPT()).isNull());
    client.verifyChain(wire);
  }

  @Test
  void anIxfrCarriesExpireWhetherItSendsChangesOrOneSoa() {
    client.port.expire = 600;
    SOARecord old = PortClient.soa(0);
    SOARecord now = soaNow();
    client.port.changes =
        List.of(
            new ZoneDiff(
                List.of(old), List.of(now, ZoneText.record("www.example.com. 300 A 192.0.2.80"))));

    Message changes = client.exchange(signed(ixfr(0, true), KEY), Transport.TCP).get(0);
    Message current = client.exchange(signed(ixfr(1, true), KEY), Transport.TCP).get(0);
    Message notAsked = client.exchange(signed(ixfr(1, false), KEY), Transport.TCP).get(0);

    assertThat(expire(changes)).isEqualTo(600);
    assertThat(current.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(expire(current)).isEqualTo(600);
    assertThat(expire(notAsked)).isNull();
  }

  private SOARecord soaNow() {
    return java.util.Objects.requireNonNull(client.served.get().get(ZoneText.name("example.com.")))
        .soa();
  }

  private static Message ixfr(long serial, boolean askExpire) {
    Message q = PortClient.ixfr(serial);
    return askExpire ? withEdns(q, 1232, 0, asked()) : withEdns(q, 1232, 0);
  }
}
