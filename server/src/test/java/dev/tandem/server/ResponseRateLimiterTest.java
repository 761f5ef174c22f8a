package dev.tandem.server;

import static dev.tandem.server.ResponseRateLimiter.Verdict.DROP;
import static dev.tandem.server.ResponseRateLimiter.Verdict.SEND;
import static dev.tandem.server.ResponseRateLimiter.Verdict.SLIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.server.ResponseRateLimiter.Verdict;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Response rate limiting as an operator configures it: a network gets the rate per second, then
 * every slip-th response truncated and the rest dropped; hosts of one /24 or /56 share the limit,
 * other networks do not; a new second starts afresh. The clock is given, not read.
 */
class ResponseRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 1000 * SECOND;

  private static ResponseRateLimiter limiter(int rate, int slip) {
    return new ResponseRateLimiter(new ResponseRateLimit(rate, slip, 24, 56), 0x5eed);
  }

  private static InetAddress ip(String text) throws UnknownHostException {
    return InetAddress.getByName(text);
  }

  private static List<Verdict> responses(
      ResponseRateLimiter l, InetAddress client, int n, long at) {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(l.decide(client, at + i));
    }
    return out;
  }

  @Test
  void aNetworkGetsTheRateThenEverySecondResponseTruncatedAndTheRestDropped() throws Exception {
    ResponseRateLimiter l = limiter(5, 2);
    InetAddress client = ip("192.0.2.7");
    assertThat(responses(l, client, 11, T0))
        .containsExactly(SEND, SEND, SEND, SEND, SEND, DROP, SLIP, DROP, SLIP, DROP, SLIP);
    assertThat(l.slipped()).isEqualTo(3);
    assertThat(l.dropped()).isEqualTo(3);
    // The next second starts afresh.
    assertThat(responses(l, client, 6, T0 + SECOND)).startsWith(SEND, SEND, SEND, SEND, SEND);
  }

  @ParameterizedTest
  @CsvSource({
    "0, DROP, DROP, DROP, DROP",
    "1, SLIP, SLIP, SLIP, SLIP",
    "3, DROP, DROP, SLIP, DROP"
  })
  void slipSaysWhichLimitedResponsesAreTruncated(
      int slip, Verdict first, Verdict second, Verdict third, Verdict fourth) throws Exception {
    ResponseRateLimiter l = limiter(2, slip);
    assertThat(responses(l, ip("198.51.100.1"), 6, T0))
        .containsExactly(SEND, SEND, first, second, third, fourth);
  }

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.254, 192.0.3.1",
    // 2001:db8:0:1200::/56 holds 2001:db8:0:12ff::; 2001:db8:0:1300:: is the next /56.
    "2001:db8:0:1200::1, 2001:db8:0:12ff:ffff::2, 2001:db8:0:1300::1"
  })
  void hostsOfOneNetworkShareTheLimitAndTheNextNetworkHasItsOwn(
      String host, String sameNetwork, String nextNetwork) throws Exception {
    ResponseRateLimiter l = limiter(3, 1);
    assertThat(responses(l, ip(host), 2, T0)).containsOnly(SEND);
    assertThat(responses(l, ip(sameNetwork), 2, T0)).containsExactly(SEND, SLIP);
    assertThat(responses(l, ip(nextNetwork), 3, T0)).containsOnly(SEND);
  }

  @Test
  void anIpv4NetworkIsNeverAnIpv6OneWhateverItsBits() throws Exception {
    ResponseRateLimiter l = limiter(3, 1);
    assertThat(responses(l, ip("2001:db8::1"), 3, T0)).containsOnly(SEND);
    assertThat(responses(l, ip("32.1.13.184"), 3, T0)).containsOnly(SEND);
  }

  @Test
  void prefixesAreTheOperatorsChoice() throws Exception {
    ResponseRateLimiter hosts = new ResponseRateLimiter(new ResponseRateLimit(1, 1, 32, 128), 1);
    assertThat(responses(hosts, ip("192.0.2.1"), 1, T0)).containsOnly(SEND);
    assertThat(responses(hosts, ip("192.0.2.2"), 1, T0)).containsOnly(SEND);
    assertThat(responses(hosts, ip("2001:db8::1"), 1, T0)).containsOnly(SEND);
    assertThat(responses(hosts, ip("2001:db8::2"), 2, T0)).containsExactly(SEND, SLIP);
  }

  @Test
  void manyQuietNetworksAreNeverLimitedWhileAFloodIs() throws Exception {
    // 50,000 networks in one second, each under the rate, share the table with one flooded
    // network: collisions may restart a count, never limit a network that stays under the rate.
    ResponseRateLimiter l = limiter(4, 2);
    InetAddress victim = ip("203.0.113.9");
    int limited = 0;
    for (int n = 0; n < 50_000; n++) {
      InetAddress network = InetAddress.getByAddress(new byte[] {10, (byte) (n >> 8), (byte) n, 1});
      for (int i = 0; i < 4; i++) {
        assertThat(l.decide(network, T0 + n)).as("network %d", n).isEqualTo(SEND);
      }
      limited += l.decide(victim, T0 + n) == SEND ? 0 : 1;
    }
    assertThat(limited).isEqualTo(50_000 - 4);
  }

  @Test
  void settingsOutOfRangeAreRejectedWithTheReason() {
    assertThatThrownBy(() -> new ResponseRateLimit(-1, 2, 24, 56)).hasMessageContaining("0 (off)");
    assertThatThrownBy(() -> new ResponseRateLimit(10, 11, 24, 56)).hasMessageContaining("slip");
    assertThatThrownBy(() -> new ResponseRateLimit(10, 2, 33, 56)).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> new ResponseRateLimit(10, 2, 24, 0)).hasMessageContaining("IPv6");
  }

  @Test
  void aSlippedResponseKeepsItsHeaderAndQuestionSetsTcAndCarriesNoRecords() throws Exception {
    Name qname = Name.fromConstantString("www.example.test.");
    Message response = Message.newQuery(Record.newRecord(qname, Type.A, DClass.IN));
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setRcode(Rcode.NOERROR);
    response.addRecord(new ARecord(qname, DClass.IN, 300, ip("192.0.2.80")), Section.ANSWER);
    response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] wire = response.toWire();

    int n = ResponseRateLimiter.truncate(wire, wire.length);

    Message slipped = new Message(java.util.Arrays.copyOf(wire, n));
    assertThat(slipped.getHeader().getID()).isEqualTo(response.getHeader().getID());
    assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(slipped.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(slipped.getQuestion().getName()).isEqualTo(qname);
    assertThat(slipped.getQuestion().getType()).isEqualTo(Type.A);
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      assertThat(slipped.getSection(section)).isEmpty();
    }
    assertThat(n).isEqualTo(12 + qname.length() + 4);
  }

  @Test
  void aSlippedResponseWithoutAQuestionIsItsHeader() throws Exception {
    byte[] formerr = {0x12, 0x34, (byte) 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
    int n = ResponseRateLimiter.truncate(formerr, formerr.length);
    assertThat(n).isEqualTo(12);
    Message m = new Message(formerr);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
  }
}
