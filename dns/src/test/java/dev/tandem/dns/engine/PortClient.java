package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A client of a {@link Responder} wired to a {@link FakeControlPort}, in process: sends one request
 * and reads back every message of the answer (a zone transfer's too), keeping the raw bytes of each
 * for TSIG checks. For the requests that go past the hot path.
 */
final class PortClient {
  final FakeControlPort port = new FakeControlPort();
  final AtomicReference<ServedZones> served;
  final Responder responder;
  private final Responder.Session session;

  /** The raw bytes of the messages of the last exchange. */
  final List<byte[]> raw = new ArrayList<>();

  PortClient(ZoneSnapshot... zones) {
    served = new AtomicReference<>(ServedZones.of(List.of(zones)));
    responder = new Responder(served::get, ResponderConfig.defaults(), port);
    session = responder.newSession();
  }

  /**
   * example.com serving NS, ns1 A and {@code hosts} TXT records of 200 bytes, at {@code serial}.
   */
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

  /** example.com's SOA at {@code serial}, as {@link #zone} has it. */
  static SOARecord soa(long serial) {
    return (SOARecord)
        ZoneText.record(
            "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. "
                + serial
                + " 7200 3600 1209600 300");
  }

  /** An IXFR request for example.com from {@code serial} (RFC 1995 section 3: its SOA). */
  static Message ixfr(long serial) {
    Message q = InProcessResponder.query("example.com.", Type.IXFR);
    Name zone = ZoneText.name("example.com.");
    q.addRecord(
        new SOARecord(zone, DClass.IN, 0, zone, zone, serial, 0, 0, 0, 0), Section.AUTHORITY);
    return q;
  }

  List<Message> exchange(Message request, Transport transport) {
    return exchange(request.toWire(), transport);
  }

  /** The responses to {@code wire}, in order; empty if none now. */
  List<Message> exchange(byte[] wire, Transport transport) {
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

  /** The one response to {@code request}. */
  Message ask(byte[] request, Transport transport) {
    List<Message> all = exchange(request, transport);
    if (all.size() != 1) {
      throw new AssertionError("expected one response, got " + all.size());
    }
    return all.get(0);
  }

  /** The response that comes later, if the last request got none at once. */
  java.util.concurrent.CompletionStage<byte[]> later() {
    return java.util.Objects.requireNonNull(session.takeDeferred(), "no response to come later");
  }

  static Message parse(byte[] b) {
    try {
      return new Message(b);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The request signed with {@code key}, in wire form (dnsjava re-encodes a parsed TSIG away). */
  static byte[] signed(Message q, TSIG key) {
    q.setTSIG(key);
    return q.toWire(65535); // toWire() with a size signs; without, it leaves the TSIG out
  }

  /**
   * Checks the messages of the last exchange as a client holding {@link FakeControlPort#KEY} does
   * (RFC 8945 section 5.3.1): each signed, each MAC over the one before, the first over the
   * request's. Returns the number of messages.
   */
  int verifyChain(byte[] request) {
    TSIG.StreamVerifier verifier =
        new TSIG.StreamVerifier(FakeControlPort.KEY, parse(request).getTSIG());
    for (int i = 0; i < raw.size(); i++) {
      Message m = parse(raw.get(i));
      if (m.getTSIG() == null) {
        throw new AssertionError("message " + (i + 1) + " of " + raw.size() + " is not signed");
      }
      int result = verifier.verify(m, raw.get(i), i == raw.size() - 1);
      if (result != Rcode.NOERROR) {
        throw new AssertionError(
            "message " + (i + 1) + " of " + raw.size() + ": " + Rcode.TSIGstring(result));
      }
    }
    return raw.size();
  }

  /** The answer sections of {@code messages}, one after the other. */
  static List<Record> answers(List<Message> messages) {
    List<Record> all = new ArrayList<>();
    messages.forEach(m -> all.addAll(m.getSection(Section.ANSWER)));
    return all;
  }
}
