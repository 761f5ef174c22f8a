package dev.tandem.dns.engine;

import static dev.tandem.dns.engine.InProcessResponder.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Every response is counted once, by RCODE and transport, and every QUERY by question type, on
 * every path (the lookup, the hand-over past the hot path, FORMERR, BADVERS, an UPDATE answered
 * later); every transfer out ends in one report to the control plane.
 */
class QueryCountersTest {
  private static final InetAddress PEER = InetAddress.getLoopbackAddress();

  /** Allows transfers from loopback only; records reports; UPDATEs wait for the test. */
  static final class Port implements ControlPort {
    final List<Transfer> transfers = new ArrayList<>();
    final CompletableFuture<Integer> update = new CompletableFuture<>();

    @Override
    public @Nullable TSIG key(Name name) {
      return null;
    }

    @Override
    public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
      return peer.isLoopbackAddress();
    }

    @Override
    public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
      return Rcode.NOTAUTH;
    }

    @Override
    public CompletionStage<Integer> update(
        Name zone, Message request, InetAddress peer, @Nullable Name key) {
      return update;
    }

    @Override
    public void transferredOut(Transfer t) {
      transfers.add(t);
    }

    @Override
    public long expireSeconds(Name zone) {
      return -1;
    }
  }

  private final Port port = new Port();
  private final QueryCounters counters = new QueryCounters();
  private final ServedZones served =
      ServedZones.of(
          List.of(
              ZoneText.zone(
                  "example.com.",
                  ZoneText.EXAMPLE_HEAD + "www A 192.0.2.1\nwww AAAA 2001:db8::1\n")));
  private final Responder responder =
      new Responder(() -> served, ResponderConfig.defaults(), port, counters);
  private final Responder.Session session = responder.newSession();

  private int send(Message m, Transport transport) {
    return send(m.toWire(), transport, PEER);
  }

  private int send(byte[] wire, Transport transport, InetAddress peer) {
    return responder.respond(session, wire, wire.length, transport, peer);
  }

  @Test
  void responsesAreCountedByRcodeAndTransportAndQueriesByType() {
    send(query("www.example.com.", Type.A), Transport.UDP);
    send(query("www.example.com.", Type.A), Transport.UDP);
    send(query("www.example.com.", Type.AAAA), Transport.TCP);
    send(query("nothing.example.com.", Type.A), Transport.UDP); // NXDOMAIN
    send(query("www.example.org.", Type.MX), Transport.UDP); // not ours: REFUSED
    send(query("www.example.com.", 65400), Transport.UDP); // a private type: NODATA
    byte[] cut = Arrays.copyOf(query("www.example.com.", Type.A).toWire(), 20);
    send(cut, Transport.UDP, PEER); // the question cut short: FORMERR
    Message badvers = query("www.example.com.", Type.A);
    badvers.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    send(badvers, Transport.UDP);
    Message notify = query("example.com.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    send(notify, Transport.UDP); // handed over, answered NOTAUTH by the port

    assertThat(counters.responses(Rcode.NOERROR, Transport.UDP)).isEqualTo(3);
    assertThat(counters.responses(Rcode.NOERROR, Transport.TCP)).isEqualTo(1);
    assertThat(counters.responses(Rcode.NXDOMAIN)).isEqualTo(1);
    assertThat(counters.responses(Rcode.REFUSED)).isEqualTo(1);
    assertThat(counters.responses(Rcode.FORMERR)).isEqualTo(1);
    assertThat(counters.responses(QueryCounters.BADVERS)).isEqualTo(1);
    assertThat(counters.responses(Rcode.NOTAUTH)).isEqualTo(1);
    assertThat(counters.responses(Rcode.SERVFAIL)).isZero();

    assertThat(counters.queries(Type.A)).isEqualTo(4); // FORMERR has no question to count
    assertThat(counters.queries(Type.AAAA)).isEqualTo(1);
    assertThat(counters.queries(Type.MX)).isEqualTo(1);
    assertThat(counters.queries(65400)).isEqualTo(1); // "other"
    assertThat(counters.queries(Type.SOA)).isZero(); // the NOTIFY is not a query
  }

  @Test
  void theLabelsAreTheNamesOperatorsKnow() {
    assertThat(QueryCounters.rcodeName(Rcode.NXDOMAIN)).isEqualTo("NXDOMAIN");
    assertThat(QueryCounters.rcodeName(QueryCounters.BADVERS)).isEqualTo("BADVERS");
    List<String> types = new ArrayList<>();
    for (int i = 0; i < QueryCounters.typeSlots(); i++) {
      types.add(QueryCounters.typeName(i));
    }
    assertThat(types).contains("A", "AAAA", "CAA", "HTTPS", "AXFR", "IXFR").endsWith("other");
    assertThat(types).doesNotHaveDuplicates();
  }

  @Test
  void anUpdateAnsweredLaterIsCountedWhenAnswered() {
    Update u = new Update(Name.fromConstantString("example.com."));
    assertThat(send(u, Transport.TCP)).isZero(); // the answer comes later
    assertThat(counters.responses(Rcode.NOERROR)).isZero();

    port.update.complete(Rcode.NOERROR);
    assertThat(counters.responses(Rcode.NOERROR, Transport.TCP)).isEqualTo(1);
  }

  @Test
  void eachTransferOutEndsInOneReport() throws Exception {
    // Refused by the ACL.
    InetAddress stranger = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});
    send(query("example.com.", Type.AXFR).toWire(), Transport.TCP, stranger);
    // Over UDP: FORMERR.
    send(query("example.com.", Type.AXFR), Transport.UDP);
    // Sent whole: reported when the sender says it is done, with what it sent.
    int first = send(query("example.com.", Type.AXFR), Transport.TCP);
    MessageStream stream = java.util.Objects.requireNonNull(session.takeStream());
    while (stream.next() != null) {
      // the sender drains it
    }
    assertThat(port.transfers).hasSize(2);
    stream.finished(7, null);
    stream.finished(9, "told twice: reported once");
    // IXFR from the current serial: one SOA, reported at once.
    Message ixfr = query("example.com.", Type.IXFR);
    ixfr.addRecord(soa(1), Section.AUTHORITY);
    send(ixfr, Transport.TCP);

    assertThat(port.transfers)
        .extracting(Transfer::kind, Transfer::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.REFUSED),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.FAILED),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.AXFR, Transfer.Result.OK),
            org.assertj.core.groups.Tuple.tuple(Transfer.Kind.IXFR, Transfer.Result.OK));
    Transfer refused = port.transfers.get(0);
    assertThat(refused.peer()).isEqualTo(stranger.getHostAddress());
    assertThat(refused.error()).contains("ACL");
    assertThat(port.transfers.get(1).error()).isEqualTo("AXFR over UDP");
    Transfer axfr = port.transfers.get(2);
    assertThat(axfr.zone()).isEqualTo(Name.fromConstantString("example.com."));
    assertThat(axfr.toSerial()).isEqualTo(1);
    assertThat(axfr.fromSerial()).isEqualTo(-1);
    assertThat(axfr.records()).isEqualTo(6); // SOA, NS, A, A, AAAA, SOA
    assertThat(axfr.bytes()).isGreaterThanOrEqualTo(first);
    assertThat(axfr.millis()).isEqualTo(7);
    assertThat(axfr.error()).isNull();
    Transfer upToDate = port.transfers.get(3);
    assertThat(upToDate.fromSerial()).isEqualTo(1);
    assertThat(upToDate.toSerial()).isEqualTo(1);
    assertThat(upToDate.records()).isEqualTo(1);
  }

  private static Record soa(long serial) {
    return new SOARecord(
        Name.fromConstantString("example.com."),
        org.xbill.DNS.DClass.IN,
        300,
        Name.fromConstantString("ns1.example.com."),
        Name.fromConstantString("hostmaster.example.com."),
        serial,
        7200,
        3600,
        1209600,
        300);
  }
}
