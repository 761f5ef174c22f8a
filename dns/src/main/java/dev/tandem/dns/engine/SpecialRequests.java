package dev.tandem.dns.engine;

import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * The requests the hot path hands over because they need more than a lookup: TSIG-signed ones (RFC
 * 8945), NOTIFY (RFC 1996), zone transfers out (AXFR, RFC 5936; IXFR, RFC 1995) and SOA queries
 * asking for EDNS EXPIRE (RFC 7314). They are rare next to plain queries, so they are parsed and
 * built with dnsjava's {@link Message}, and the control plane is asked through {@link ControlPort}.
 */
final class SpecialRequests {
  private static final Logger log = LoggerFactory.getLogger(SpecialRequests.class);
  static final int EDNS_EXPIRE = 9;
  private static final int EDE_PROHIBITED = 18; // RFC 8914 section 4.19

  private final Responder responder;
  private final ControlPort port;
  private final int udpMaxPayload;

  SpecialRequests(Responder responder, ControlPort port, int udpMaxPayload) {
    this.responder = responder;
    this.port = port;
    this.udpMaxPayload = udpMaxPayload;
  }

  /** Whether the hot path must hand this (well-formed) request over. */
  static boolean wanted(dev.tandem.dns.wire.Query q) {
    if (q.hasTsig() || q.opcode() == Opcode.NOTIFY || q.opcode() == Opcode.UPDATE) {
      return true;
    }
    if (q.opcode() != Opcode.QUERY
        || !q.hasQuestion()
        || (q.qclass() != DClass.IN && q.qclass() != DClass.ANY)) {
      return false;
    }
    int t = q.qtype();
    return t == Type.AXFR || t == Type.IXFR || (t == Type.SOA && q.expireRequested());
  }

  int respond(
      Responder.Session s, byte[] message, int length, Transport transport, InetAddress peer) {
    byte[] wire = Arrays.copyOf(message, length);
    Message request;
    try {
      request = new Message(wire);
      if (!readWhole(request, wire)) {
        throw new IOException("dnsjava stopped early (it does, for a message with TC set)");
      }
    } catch (IOException e) {
      // Our parser took it, dnsjava's did not (a record's rdata it cannot read, say): without
      // reading the whole message we cannot check a signature or act on it.
      return responder.answer(s, transport, 0, Rcode.FORMERR);
    }
    TSIG key = null;
    Name keyName = null;
    TSIGRecord signature = request.getTSIG();
    if (signature == null && s.query.hasTsig()) {
      return responder.answer(s, transport, 0, Rcode.FORMERR); // a TSIG record dnsjava rejects
    }
    if (signature != null) {
      keyName = signature.getName();
      key = port.key(keyName);
      if (key == null) {
        // debug, not info: anyone can send these by the thousand (a refused NOTIFY is also kept
        // in its zone's status, and logged there)
        log.debug("{}: TSIG key {} unknown (BADKEY)", peer.getHostAddress(), keyName);
        refusedNotify(
            request, peer, "signed with key " + keyName + ", which is not configured here");
        return out(s, tsigError(request, signature, Rcode.BADKEY));
      }
      int error = key.verify(request, wire, null);
      if (error != Rcode.NOERROR) {
        log.debug(
            "{}: TSIG with key {} failed: {}",
            peer.getHostAddress(),
            keyName,
            Rcode.TSIGstring(error));
        refusedNotify(
            request,
            peer,
            "TSIG with key " + keyName + " failed (" + Rcode.TSIGstring(error) + ")");
        Message r = reply(request, Rcode.NOTAUTH);
        if (error == Rcode.BADTIME) {
          key.apply(r, error, signature); // RFC 8945 section 5.2.3: BADTIME is signed
          return out(s, r.toWire());
        }
        return out(s, tsigError(request, signature, error));
      }
    }
    int opcode = request.getHeader().getOpcode();
    Record question = request.getQuestion();
    if (opcode == Opcode.NOTIFY) {
      return out(s, signed(notify(request, question, peer, keyName), key, signature));
    }
    if (opcode == Opcode.QUERY && question != null) {
      int type = question.getType();
      if (type == Type.AXFR || type == Type.IXFR) {
        return transfer(s, request, question, transport, peer, key, keyName);
      }
    }
    if (opcode == Opcode.UPDATE) {
      return update(s, request, question, transport, peer, key, keyName, signature);
    }
    if (opcode != Opcode.QUERY) {
      return out(s, signed(reply(request, Rcode.NOTIMP), key, signature));
    }
    // An ordinary query, signed or asking for EXPIRE: the hot path answers, then we add to it.
    int reserve = key == null ? 0 : key.recordLength();
    int n = responder.answer(s, transport, reserve, -1);
    if (key == null && question != null) {
      return withExpire(s, n, question);
    }
    Message r;
    try {
      r = new Message(Arrays.copyOf(s.response(), n));
    } catch (IOException e) {
      throw new IllegalStateException("the hot path wrote a response dnsjava cannot read", e);
    }
    if (question != null && question.getType() == Type.SOA && s.query.expireRequested()) {
      addExpire(r, port.expireSeconds(question.getName()));
    }
    byte[] bytes = signed(r, key, signature).toWire();
    if (transport == Transport.UDP && bytes.length > s.writer.maxSize() + reserve) {
      Message tc = reply(request, r.getRcode());
      tc.getHeader().setFlag(Flags.TC);
      bytes = signed(tc, key, signature).toWire();
    }
    return out(s, bytes);
  }

  /**
   * An RFC 2136 UPDATE: checked here for form and zone (RFC 2136 section 3.1), applied by the
   * control plane off this thread; the response follows through {@link Responder.Session#deferred}.
   */
  private int update(
      Responder.Session s,
      Message request,
      @Nullable Record zoneSection,
      Transport transport,
      InetAddress peer,
      @Nullable TSIG key,
      @Nullable Name keyName,
      @Nullable TSIGRecord signature) {
    if (zoneSection == null
        || request.getHeader().getCount(Section.ZONE) != 1
        || zoneSection.getType() != Type.SOA) {
      return out(s, signed(reply(request, Rcode.FORMERR), key, signature));
    }
    Name zone = zoneSection.getName();
    ZoneSnapshot served = responder.zones().get(zone);
    if (served == null || zoneSection.getDClass() != DClass.IN) {
      return out(s, signed(reply(request, Rcode.NOTAUTH), key, signature));
    }
    java.util.concurrent.CompletableFuture<byte[]> answer =
        port.update(zone, request, peer, keyName)
            .exceptionally(
                e -> {
                  log.error("UPDATE of {} from {} failed", zone, peer.getHostAddress(), e);
                  return Rcode.SERVFAIL;
                })
            .thenApply(rcode -> signed(reply(request, rcode), key, signature).toWire())
            .toCompletableFuture();
    answer.whenComplete(
        (bytes, e) -> {
          if (e != null) {
            log.error("UPDATE of {} from {}: no answer sent", zone, peer.getHostAddress(), e);
          }
        });
    if (answer.isDone()) {
      return out(s, answer.join()); // refused at once: no need to answer later
    }
    s.deferred = answer.thenApply(bytes -> counted(bytes, transport));
    return 0;
  }

  private byte[] counted(byte[] response, Transport transport) {
    responder.countDeferred(response, transport);
    return response;
  }

  private void refusedNotify(Message request, InetAddress peer, String why) {
    Record question = request.getQuestion();
    if (request.getHeader().getOpcode() == Opcode.NOTIFY && question != null) {
      port.notifyRefused(question.getName(), peer, why);
    }
  }

  /** Whether dnsjava read every record the header counts. */
  private static boolean readWhole(Message m, byte[] wire) {
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      int counted = ((wire[4 + 2 * section] & 0xff) << 8) | (wire[5 + 2 * section] & 0xff);
      if (m.getSection(section).size() != counted) {
        return false;
      }
    }
    return true;
  }

  private int withExpire(Responder.Session s, int n, Record question) {
    long expire = port.expireSeconds(question.getName());
    if (expire < 0) {
      return n;
    }
    try {
      Message r = new Message(Arrays.copyOf(s.response(), n));
      addExpire(r, expire);
      return out(s, r.toWire());
    } catch (IOException e) {
      throw new IllegalStateException("the hot path wrote a response dnsjava cannot read", e);
    }
  }

  /**
   * Adds the EXPIRE option (RFC 7314) to the response's OPT, unless the zone does not expire (-1).
   */
  private static void addExpire(Message r, long expire) {
    OPTRecord opt = r.getOPT();
    if (expire < 0 || opt == null) {
      return;
    }
    List<EDNSOption> options = new ArrayList<>(opt.getOptions());
    options.removeIf(o -> o.getCode() == EDNS_EXPIRE);
    options.add(new GenericEDNSOption(EDNS_EXPIRE, expireBytes(expire)));
    r.removeRecord(opt, Section.ADDITIONAL);
    r.addRecord(
        new OPTRecord(
            opt.getPayloadSize(),
            opt.getExtendedRcode(),
            opt.getVersion(),
            opt.getFlags(),
            options),
        Section.ADDITIONAL);
  }

  private static byte[] expireBytes(long seconds) {
    long v = Math.min(seconds, 0xffffffffL);
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private Message notify(
      Message request, @Nullable Record question, InetAddress peer, @Nullable Name keyName) {
    if (question == null || question.getType() != Type.SOA) {
      return reply(request, Rcode.FORMERR);
    }
    long serial = -1;
    for (Record r : request.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(question.getName())) {
        serial = soa.getSerial();
      }
    }
    int rcode = port.notify(question.getName(), peer, keyName, serial);
    Message r = reply(request, rcode);
    if (rcode == Rcode.NOERROR) {
      r.getHeader().setFlag(Flags.AA);
    }
    return r;
  }

  private int transfer(
      Responder.Session s,
      Message request,
      Record question,
      Transport transport,
      InetAddress peer,
      @Nullable TSIG key,
      @Nullable Name keyName) {
    TSIGRecord signature = request.getTSIG();
    Name zoneName = question.getName();
    String kind = Type.string(question.getType());
    ServedZones served = responder.zones();
    if (!served.isConfigured(zoneName)) {
      return out(s, signed(reply(request, Rcode.NOTAUTH), key, signature));
    }
    Transfer.Builder outgoing =
        Transfer.out(
            zoneName,
            port.clock().instant(),
            peer,
            keyName,
            question.getType() == Type.IXFR ? Transfer.Kind.IXFR : Transfer.Kind.AXFR);
    if (!port.mayTransfer(zoneName, peer, keyName)) {
      log.info(
          "{} of {} refused to {}{}",
          kind,
          zoneName,
          peer.getHostAddress(),
          keyName == null ? " (unsigned)" : " (key " + keyName + ")");
      Message r = reply(request, Rcode.REFUSED);
      addEde(r, request, EDE_PROHIBITED);
      int n = out(s, signed(r, key, signature));
      transferEnded(
          outgoing.refused(
              keyName == null
                  ? "not allowed by the zone's transfer ACL (unsigned)"
                  : "not allowed by the zone's transfer ACL (key " + keyName + ")"));
      return n;
    }
    ZoneSnapshot zone = served.get(zoneName);
    if (zone == null) {
      int n = out(s, signed(reply(request, Rcode.SERVFAIL), key, signature));
      transferEnded(outgoing.failed("no data to send"));
      return n;
    }
    SOARecord soa = zone.soa();
    boolean ixfr = question.getType() == Type.IXFR;
    long theirs = -1;
    if (ixfr) {
      for (Record r : request.getSection(Section.AUTHORITY)) {
        if (r instanceof SOARecord their) {
          theirs = their.getSerial();
        }
      }
      // RFC 1995 section 2: over UDP, or when the client is current, one SOA says "ask over TCP"
      // or "nothing to send".
      if (theirs < 0 && transport == Transport.TCP) {
        int n = out(s, signed(reply(request, Rcode.FORMERR), key, signature));
        transferEnded(outgoing.failed("IXFR without the client's SOA"));
        return n;
      }
      if (transport == Transport.UDP
          || !dev.tandem.dns.zone.Serial.isNewer(soa.getSerial(), theirs)) {
        Message r = reply(request, Rcode.NOERROR);
        r.getHeader().setFlag(Flags.AA);
        r.addRecord(soa, Section.ANSWER);
        int n = out(s, signed(r, key, signature));
        transferEnded(outgoing.serials(theirs, soa.getSerial()).carried(1, n).ok());
        return n;
      }
      // The kept changes from their serial to ours; or, when they are not all kept, the zone.
      List<ZoneDiff> changes = port.changes(zoneName, theirs, zone.serial());
      if (changes != null && !changes.isEmpty()) {
        ZoneTransferOut stream =
            ZoneTransferOut.ixfr(request, zone, changes, key, transferOpt(request, zoneName));
        return stream(
            s, stream, "IXFR (incremental, from " + theirs + ")", outgoing, theirs, zone);
      }
      kind = "IXFR (the whole zone, from " + theirs + ")";
    } else if (transport == Transport.UDP) {
      int n = out(s, signed(reply(request, Rcode.FORMERR), key, signature)); // RFC 5936 4.2
      transferEnded(outgoing.failed("AXFR over UDP"));
      return n;
    }
    ZoneTransferOut stream =
        ZoneTransferOut.axfr(request, zone, key, transferOpt(request, zoneName));
    return stream(s, stream, kind, outgoing, theirs, zone);
  }

  /**
   * Tells the control plane how a transfer request ended (see {@link ControlPort#transferredOut}).
   */
  private void transferEnded(Transfer t) {
    try {
      port.transferredOut(t);
    } catch (RuntimeException e) {
      log.error("recording the {} of {} to {} failed", t.kind(), t.zone(), t.peer(), e);
    }
  }

  private int stream(
      Responder.Session s,
      ZoneTransferOut stream,
      String kind,
      Transfer.Builder outgoing,
      long from,
      ZoneSnapshot zone) {
    Name zoneName = zone.origin();
    outgoing.serials(from, zone.serial());
    stream.whenFinished(
        (t, millis, error) ->
            transferEnded(
                outgoing
                    .carried(t.records(), t.bytes())
                    .took(millis)
                    .end(error == null ? Transfer.Result.OK : Transfer.Result.FAILED, error)));
    log.info("{} of {} serial {} to {}", kind, zoneName, zone.serial(), outgoing.peer());
    byte[] first = stream.next();
    if (first == null) {
      throw new IllegalStateException("a zone transfer with no first message");
    }
    s.stream = stream;
    return out(s, first);
  }

  private @Nullable OPTRecord transferOpt(Message request, Name zone) {
    OPTRecord opt = request.getOPT();
    if (opt == null) {
      return null;
    }
    List<EDNSOption> options = new ArrayList<>();
    long expire = port.expireSeconds(zone);
    if (expire >= 0 && !opt.getOptions(EDNS_EXPIRE).isEmpty()) {
      options.add(new GenericEDNSOption(EDNS_EXPIRE, expireBytes(expire)));
    }
    return new OPTRecord(udpMaxPayload, 0, 0, 0, options);
  }

  /** A response with the request's ID, opcode and question, and {@code rcode}. */
  private Message reply(Message request, int rcode) {
    Message r = new Message(request.getHeader().getID());
    r.getHeader().setOpcode(request.getHeader().getOpcode());
    r.getHeader().setFlag(Flags.QR);
    if (request.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    Record question = request.getQuestion();
    if (question != null) {
      r.addRecord(question, Section.QUESTION);
    }
    OPTRecord opt = request.getOPT();
    if (opt != null) {
      r.addRecord(new OPTRecord(udpMaxPayload, rcode >>> 4, 0, 0), Section.ADDITIONAL);
    }
    r.getHeader().setRcode(rcode & 0xf);
    return r;
  }

  private void addEde(Message r, Message request, int code) {
    OPTRecord opt = r.getOPT();
    if (opt == null) {
      return;
    }
    r.removeRecord(opt, Section.ADDITIONAL);
    r.addRecord(
        new OPTRecord(
            udpMaxPayload,
            opt.getExtendedRcode(),
            0,
            0,
            List.of(new ExtendedErrorCodeOption(code))),
        Section.ADDITIONAL);
  }

  private static Message signed(Message r, @Nullable TSIG key, @Nullable TSIGRecord signature) {
    if (key != null) {
      key.apply(r, signature);
    }
    return r;
  }

  /**
   * A NOTAUTH response carrying an unsigned TSIG record with the error (RFC 8945 section 5.2.1 and
   * 5.2.2): the key is unknown or the MAC is wrong, so we cannot sign.
   */
  private byte[] tsigError(Message request, TSIGRecord signature, int error) {
    Message r = reply(request, Rcode.NOTAUTH);
    r.addRecord(
        new TSIGRecord(
            signature.getName(),
            DClass.ANY,
            0,
            signature.getAlgorithm(),
            Instant.now(),
            Duration.ofSeconds(300),
            new byte[0],
            request.getHeader().getID(),
            error,
            null),
        Section.ADDITIONAL);
    return r.toWire();
  }

  private static int out(Responder.Session s, Message m) {
    return out(s, m.toWire());
  }

  private static int out(Responder.Session s, byte[] bytes) {
    s.special = bytes;
    return bytes.length;
  }
}
