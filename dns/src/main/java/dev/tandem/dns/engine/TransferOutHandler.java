package dev.tandem.dns.engine;

import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone transfer request, AXFR (RFC 5936) or IXFR (RFC 1995), for a zone served here.
 *
 * <p>Protocol:
 *
 * <ul>
 *   <li>a zone not configured here: NOTAUTH; the control plane's ACL ({@link
 *       ControlPort#mayTransfer}) refuses: REFUSED with Extended DNS Error 18, Prohibited;
 *       configured but nothing to serve yet: SERVFAIL; AXFR over UDP: FORMERR (RFC 5936 section
 *       4.2); an IXFR over TCP without the client's SOA: FORMERR. Each one response.
 *   <li>IXFR from the current serial (or newer), or over UDP: one response with the zone's SOA (RFC
 *       1995 sections 2 and 4).
 *   <li>IXFR from an older serial whose changes are all kept: the changes in IXFR form; otherwise,
 *       and for AXFR, the whole zone in AXFR form. Several messages ({@link ZoneTransferOut}), made
 *       as the connection asks for them.
 * </ul>
 *
 * When the request was signed every message is signed, the MACs chained (RFC 8945 section 5.3.1).
 * The first message carries the OPT when the request had one, with EDNS EXPIRE (RFC 7314) when it
 * asked and the control plane gives a value: a secondary's time left, or a primary's SOA EXPIRE.
 * Each request for a configured zone ends in one {@link ControlPort#transferredOut} report: at once
 * for a single response, when the sender is done for a stream.
 */
final class TransferOutHandler {
  private static final Logger log = LoggerFactory.getLogger(TransferOutHandler.class);
  private static final int EDE_PROHIBITED = 18; // RFC 8914 section 4.19

  private final ControlPort port;
  private final StandardQuery replies;
  private final int udpMaxPayload;

  TransferOutHandler(ControlPort port, StandardQuery replies, int udpMaxPayload) {
    this.port = port;
    this.replies = replies;
    this.udpMaxPayload = udpMaxPayload;
  }

  Reply respond(Exchange x, Transport transport, InetAddress peer, Message request, Signer signer) {
    Record question = java.util.Objects.requireNonNull(request.getQuestion());
    Name zoneName = question.getName();
    boolean ixfr = question.getType() == Type.IXFR;
    ServedZones served = replies.zones();
    if (!served.isConfigured(zoneName)) {
      return bare(x, transport, signer, Rcode.NOTAUTH, -1);
    }
    Name keyName = signer.keyName();
    Transfer.Builder outgoing =
        Transfer.out(
            zoneName,
            port.clock().instant(),
            peer,
            keyName,
            ixfr ? Transfer.Kind.IXFR : Transfer.Kind.AXFR);
    if (!port.mayTransfer(zoneName, peer, keyName, x.overTls)) {
      String how =
          (keyName == null ? "unsigned" : "key " + keyName)
              + (x.overTls
                  ? ", over TLS"
                  : transport == Transport.TCP ? ", over TCP" : ", over UDP");
      Reply r = bare(x, transport, signer, Rcode.REFUSED, EDE_PROHIBITED);
      turnedAway(
          outgoing.refused("not allowed by the zone's transfer ACL (" + how + ")"),
          peer,
          ControlPort.TurnedAway.NOT_ALLOWED);
      return r;
    }
    ZoneSnapshot zone = served.get(zoneName);
    if (zone == null) {
      Reply r = bare(x, transport, signer, Rcode.SERVFAIL, -1);
      ended(outgoing.failed("no data to send"));
      return r;
    }
    byte[] opt = firstOpt(x, zoneName);
    String kind = "AXFR";
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
        Reply r = bare(x, transport, signer, Rcode.FORMERR, -1);
        ended(outgoing.failed("IXFR without the client's SOA"));
        return r;
      }
      if (transport == Transport.UDP || !Serial.isNewer(zone.serial(), theirs)) {
        byte[] soa = ZoneTransferOut.soaOnly(request, zone, signer, opt).first();
        Transfer t = outgoing.serials(theirs, zone.serial()).carried(1, soa.length).ok();
        if (transport == Transport.UDP) {
          turnedAway(t, peer, ControlPort.TurnedAway.OVER_UDP); // one datagram, from anywhere
        } else {
          ended(t);
        }
        return new Reply.Streamed(soa, null);
      }
      // The kept changes from their serial to ours; or, when they are not all kept, the zone.
      List<ZoneDiff> changes = port.changes(zoneName, theirs, zone.serial());
      if (changes != null && !changes.isEmpty()) {
        return stream(
            ZoneTransferOut.ixfr(request, zone, changes, signer, opt),
            "IXFR (incremental, from " + theirs + ")",
            outgoing,
            theirs,
            zone);
      }
      kind = "IXFR (the whole zone, from " + theirs + ")";
    } else if (transport == Transport.UDP) {
      Reply r = bare(x, transport, signer, Rcode.FORMERR, -1); // RFC 5936 section 4.2
      turnedAway(outgoing.failed("AXFR over UDP"), peer, ControlPort.TurnedAway.OVER_UDP);
      return r;
    }
    return stream(ZoneTransferOut.axfr(request, zone, signer, opt), kind, outgoing, theirs, zone);
  }

  private Reply bare(Exchange x, Transport transport, Signer signer, int rcode, int ede) {
    int n = replies.reply(x, transport, signer.reserve(), rcode, ede);
    return new Reply.Written(signer.sign(x.writer.buffer(), n));
  }

  /**
   * The OPT of the first message, when the request had one: our payload size, and EXPIRE when asked
   * for and the control plane gives a value (whatever the zone's kind: the engine does not know or
   * care whether it is a primary or a secondary).
   */
  private byte @Nullable [] firstOpt(Exchange x, Name zone) {
    if (!x.query.hasEdns()) {
      return null;
    }
    long expire = x.query.expireRequested() ? port.expireSeconds(zone) : -1;
    return ZoneTransferOut.opt(udpMaxPayload, expire);
  }

  /**
   * Tells the control plane how a transfer request ended (see {@link ControlPort#transferredOut}).
   */
  private void ended(Transfer t) {
    tell(t, () -> port.transferredOut(t));
  }

  /**
   * Tells the control plane of a request turned away before anything was sent, which it logs and
   * keeps as it sees fit, not once per request (see {@link ControlPort#transferTurnedAway}).
   */
  private void turnedAway(Transfer t, InetAddress peer, ControlPort.TurnedAway why) {
    tell(t, () -> port.transferTurnedAway(t, peer, why));
  }

  private static void tell(Transfer t, Runnable report) {
    try {
      report.run();
    } catch (RuntimeException e) {
      log.error("recording the {} of {} to {} failed", t.kind(), t.zone(), t.peer(), e);
    }
  }

  private Reply stream(
      ZoneTransferOut stream,
      String kind,
      Transfer.Builder outgoing,
      long from,
      ZoneSnapshot zone) {
    outgoing.serials(from, zone.serial());
    stream.whenFinished(
        (t, millis, error) ->
            ended(
                outgoing
                    .carried(t.records(), t.bytes())
                    .took(millis)
                    .end(error == null ? Transfer.Result.OK : Transfer.Result.FAILED, error)));
    log.info("{} of {} serial {} to {}", kind, zone.origin(), zone.serial(), outgoing.peer());
    return new Reply.Streamed(stream.first(), stream);
  }
}
