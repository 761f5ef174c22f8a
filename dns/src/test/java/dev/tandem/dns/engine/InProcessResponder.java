package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A {@link Responder} serving some zones, driven in-process with dnsjava messages: what a client
 * would see, without sockets.
 */
final class InProcessResponder {
  private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

  private final Responder responder;
  private final Responder.Session session;

  InProcessResponder(ResponderConfig config, ZoneSnapshot... zones) {
    ServedZones served = ServedZones.of(List.of(zones));
    this.responder = new Responder(() -> served, config);
    this.session = responder.newSession();
  }

  /** Serves one zone given as zone-file text, with the default configuration. */
  static InProcessResponder serving(String origin, String zoneText) {
    return new InProcessResponder(ResponderConfig.defaults(), ZoneText.zone(origin, zoneText));
  }

  /** Asks an IN question over UDP without EDNS. */
  Message ask(String qname, int qtype) {
    return ask(query(qname, qtype), Transport.UDP);
  }

  Message ask(Message query, Transport transport) {
    byte[] response = respond(query.toWire(), transport);
    if (response.length == 0) {
      throw new AssertionError("no response to " + query);
    }
    try {
      return new Message(response);
    } catch (IOException e) {
      throw new UncheckedIOException("unparsable response", e);
    }
  }

  /** The response bytes to a raw message; empty if it gets no response. */
  byte[] respond(byte[] message, Transport transport) {
    int n = responder.respond(session, message.clone(), message.length, transport, LOOPBACK);
    return Arrays.copyOf(session.response(), n);
  }

  static Message query(String qname, int qtype) {
    return query(qname, qtype, DClass.IN);
  }

  static Message query(String qname, int qtype, int qclass) {
    return Message.newQuery(Record.newRecord(ZoneText.name(qname), qtype, qclass));
  }

  /** The query with an OPT record: the given payload size, flags (e.g. DO) and options. */
  static Message withEdns(Message query, int payload, int flags, EDNSOption... options) {
    query.addRecord(new OPTRecord(payload, 0, 0, flags, List.of(options)), Section.ADDITIONAL);
    return query;
  }

  /** A section's records as {@code "owner ttl TYPE rdata"}, OPT left out. */
  static List<String> section(Message m, int section) {
    return m.getSection(section).stream()
        .filter(r -> r.getType() != Type.OPT)
        .map(ZoneText::text)
        .toList();
  }
}
