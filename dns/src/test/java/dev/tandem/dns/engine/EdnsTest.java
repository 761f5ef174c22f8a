package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static dev.tandem.dns.engine.InProcessResponder.section;
import static dev.tandem.dns.engine.InProcessResponder.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** EDNS (RFC 6891), the DO bit (RFC 3225) and NSID (RFC 5001). */
class EdnsTest {
  // www's answer is about 470 bytes: more than a payload size below 512 would allow.
  private static final String ZONE =
      """
      $ORIGIN example.com.
      $TTL 3600
      @         SOA   ns1 hostmaster 1 7200 3600 1209600 300
      @         NS    ns1
      ns1       A     192.0.2.53
      www       A     192.0.2.1
      big       TXT   "%s"
      big       TXT   "%s"
      big       TXT   "%s"
      big       TXT   "%s"
      """
          .formatted("a".repeat(100), "b".repeat(100), "c".repeat(100), "d".repeat(100));

  private static final InProcessResponder SERVER = InProcessResponder.serving("example.com.", ZONE);

  private static InProcessResponder configured(ResponderConfig config) {
    return new InProcessResponder(config, ZoneText.zone("example.com.", ZONE));
  }

  private static Message ask(InProcessResponder server, Message query) {
    return server.ask(query, Transport.UDP);
  }

  @ParameterizedTest(name = "client payload {0}")
  @ValueSource(ints = {512, 1232, 4096, 65535})
  void answersWithOurPayloadSize(int payload) {
    Message m = ask(SERVER, withEdns(query("www.example.com.", Type.A), payload, 0));

    OPTRecord opt = m.getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getOptions()).isEmpty();
    assertThat(section(m, Section.ANSWER)).containsExactly("www.example.com. 3600 A 192.0.2.1");
  }

  @Test
  void sendsNoOptToAClientThatSentNone() {
    Message m = SERVER.ask("www.example.com.", Type.A);

    assertThat(m.getOPT()).isNull();
  }

  @ParameterizedTest(name = "version {0}")
  @ValueSource(ints = {1, 2, 255})
  void answersBadversToAnUnknownVersion(int version) {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(new OPTRecord(1232, 0, version, 0), Section.ADDITIONAL);

    Message m = ask(SERVER, q);

    assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(m.getOPT()).isNotNull();
    assertThat(m.getOPT().getVersion()).isZero();
    assertThat(section(m, Section.ANSWER)).isEmpty();
  }

  @Test
  void ignoresUnknownOptions() {
    Message q =
        withEdns(
            query("www.example.com.", Type.A),
            1232,
            0,
            new GenericEDNSOption(65001, new byte[] {1, 2, 3}),
            new GenericEDNSOption(0xfde9, new byte[0]));

    Message m = ask(SERVER, q);

    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(m, Section.ANSWER)).containsExactly("www.example.com. 3600 A 192.0.2.1");
    assertThat(m.getOPT().getOptions()).isEmpty();
  }

  @ParameterizedTest(name = "client payload {0}")
  @ValueSource(ints = {0, 100, 511})
  void treatsAPayloadSizeBelow512As512(int payload) {
    Message m = ask(SERVER, withEdns(query("big.example.com.", Type.TXT), payload, 0));

    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getSection(Section.ANSWER)).hasSize(4);
  }

  @Test
  void echoesTheDoBit() {
    Message withDo =
        ask(SERVER, withEdns(query("www.example.com.", Type.A), 1232, ExtendedFlags.DO));
    Message withoutDo = ask(SERVER, withEdns(query("www.example.com.", Type.A), 1232, 0));

    assertThat(withDo.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(withoutDo.getOPT().getFlags() & ExtendedFlags.DO).isZero();
  }

  @Test
  void returnsTheNsidWhenConfiguredAndAskedFor() {
    InProcessResponder server = configured(new ResponderConfig(1232, "ns1.fra", null, null));

    Message m =
        ask(
            server,
            withEdns(query("www.example.com.", Type.A), 1232, 0, new NSIDOption(new byte[0])));

    List<EDNSOption> nsid = m.getOPT().getOptions(EDNSOption.Code.NSID);
    assertThat(nsid).hasSize(1);
    assertThat(nsid.get(0)).isEqualTo(new NSIDOption("ns1.fra".getBytes(StandardCharsets.UTF_8)));
    assertThat(section(m, Section.ANSWER)).containsExactly("www.example.com. 3600 A 192.0.2.1");
  }

  @Test
  void returnsNoNsidUnlessAskedFor() {
    InProcessResponder server = configured(new ResponderConfig(1232, "ns1.fra", null, null));

    Message m = ask(server, withEdns(query("www.example.com.", Type.A), 1232, 0));

    assertThat(m.getOPT().getOptions()).isEmpty();
  }

  @Test
  void returnsNoNsidUnlessConfigured() {
    Message m =
        ask(
            SERVER,
            withEdns(query("www.example.com.", Type.A), 1232, 0, new NSIDOption(new byte[0])));

    assertThat(m.getOPT().getOptions()).isEmpty();
  }

  @Test
  void returnsTheNsidOnErrorsToo() {
    InProcessResponder server = configured(new ResponderConfig(1232, "ns1.fra", null, null));

    Message m =
        ask(
            server,
            withEdns(query("www.example.org.", Type.A), 1232, 0, new NSIDOption(new byte[0])));

    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(m.getOPT().getOptions(EDNSOption.Code.NSID)).hasSize(1);
  }

  @Test
  void advertisesTheConfiguredPayloadSize() {
    InProcessResponder server = configured(new ResponderConfig(4096, null, null, null));

    Message m = ask(server, withEdns(query("www.example.com.", Type.A), 1232, 0));

    assertThat(m.getOPT().getPayloadSize()).isEqualTo(4096);
  }

  @Test
  void answersFormerrToTwoOptRecords() {
    Message q = withEdns(query("www.example.com.", Type.A), 1232, 0);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

    Message m = ask(SERVER, q);

    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
  }
}
