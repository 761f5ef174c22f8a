package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A dynamic update (RFC 2136): checked here for form and zone (section 3.1), applied by the control
 * plane off the network thread, answered when it is applied.
 *
 * <p>Protocol: one response, echoing the zone section, signed with the request's key when it was
 * signed (signed when it is sent, so that its TSIG time is the time of sending). FORMERR for a zone
 * section that is not one SOA question (section 3.1.1); NOTAUTH for a zone not served here or a
 * class other than IN (section 3.1.2); otherwise the RCODE the control plane's {@link
 * ControlPort#update} gives (section 3.8), SERVFAIL if that fails. When the control plane answers
 * at once (a refusal) the response is sent at once; otherwise it comes later ({@link Reply.Later}),
 * from whatever thread completes the update.
 *
 * <p>The response is written while the request is still at hand (the exchange is reused by the next
 * request), with RCODE NOERROR and room for the TSIG record; when the outcome is known the RCODE is
 * set in a copy and the copy signed. UPDATE's RCODEs all fit the header's four bits.
 */
final class UpdateHandler {
  private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);

  private final ControlPort port;
  private final StandardQuery replies;

  UpdateHandler(ControlPort port, StandardQuery replies) {
    this.port = port;
    this.replies = replies;
  }

  Reply respond(Exchange x, Transport transport, InetAddress peer, Message request, Signer signer) {
    Query q = x.query;
    Record zoneSection = request.getQuestion();
    if (zoneSection == null || zoneSection.getType() != Type.SOA) {
      return bare(x, transport, signer, Rcode.FORMERR);
    }
    Name zone = zoneSection.getName();
    if (q.qclass() != DClass.IN || replies.zones().get(zone) == null) {
      return bare(x, transport, signer, Rcode.NOTAUTH);
    }
    CompletableFuture<Integer> outcome =
        port.update(zone, request, peer, signer.keyName())
            .exceptionally(
                e -> {
                  log.error("UPDATE of {} from {} failed", zone, peer.getHostAddress(), e);
                  return Rcode.SERVFAIL;
                })
            .toCompletableFuture();
    int n = replies.reply(x, transport, signer.reserve(), Rcode.NOERROR, -1);
    if (outcome.isDone()) {
      // Refused at once: no need to answer later.
      return new Reply.Written(finish(x.writer.buffer(), n, outcome.join(), signer));
    }
    byte[] response = Arrays.copyOf(x.writer.buffer(), n + signer.reserve());
    CompletableFuture<byte[]> later =
        outcome.thenApply(rcode -> Arrays.copyOf(response, finish(response, n, rcode, signer)));
    later.whenComplete(
        (bytes, e) -> {
          if (e != null) {
            log.error("UPDATE of {} from {}: no answer sent", zone, peer.getHostAddress(), e);
          }
        });
    return new Reply.Later(later);
  }

  private Reply bare(Exchange x, Transport transport, Signer signer, int rcode) {
    int n = replies.reply(x, transport, signer.reserve(), rcode, -1);
    return new Reply.Written(signer.sign(x.writer.buffer(), n));
  }

  /** Sets the RCODE of the response in {@code buf[0, length)} and signs it; its new length. */
  private static int finish(byte[] buf, int length, int rcode, Signer signer) {
    int r = rcode >= 0 && rcode <= 0xf ? rcode : Rcode.SERVFAIL;
    buf[3] = (byte) ((buf[3] & 0xf0) | r);
    return signer.sign(buf, length);
  }
}
