package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The access stage for every request that is more than a plain query: reads it whole with dnsjava
 * (which the TSIG check and the handlers after it need), then checks its TSIG (RFC 8945 section
 * 5.2) against the control plane's keys.
 *
 * <p>Protocol: an unsigned request is granted, unsigned; a request whose MAC verifies is granted
 * with a {@link Signer} for that key, which signs every response to it. Otherwise one response,
 * NOTAUTH, and nothing else happens:
 *
 * <ul>
 *   <li>an unknown key (BADKEY) or a wrong MAC (BADSIG): a TSIG record carrying the error, with an
 *       empty MAC, since the response cannot be signed (RFC 8945 sections 5.2.1 and 5.2.2);
 *   <li>a time outside the fudge (BADTIME): signed, with our time in the other data (section
 *       5.2.3);
 *   <li>a message dnsjava cannot read (a record's rdata it rejects): FORMERR, unsigned.
 * </ul>
 *
 * A NOTIFY turned away here is reported to the control plane ({@link ControlPort#notifyRefused}),
 * so that the zone's status shows why a primary's NOTIFYs go unheeded.
 */
final class TsigAccess {
  private static final Logger log = LoggerFactory.getLogger(TsigAccess.class);

  /** What the access stage decided. */
  sealed interface Verdict {}

  /** Go on to the handlers, with the request read whole and how to sign the responses. */
  record Granted(Message request, Signer signer) implements Verdict {}

  /** Refused: the response (NOTAUTH or FORMERR) is in the exchange's writer. */
  record Denied(int length) implements Verdict {}

  private final ControlPort port;
  private final StandardQuery replies;

  TsigAccess(ControlPort port, StandardQuery replies) {
    this.port = port;
    this.replies = replies;
  }

  Verdict check(Exchange x, Transport transport, InetAddress peer) {
    Query q = x.query;
    byte[] wire = Arrays.copyOf(q.message(), q.length());
    Message request;
    try {
      request = new Message(wire);
      if (!readWhole(request, wire)) {
        throw new IOException("dnsjava stopped early (it does, for a message with TC set)");
      }
    } catch (IOException e) {
      // Our parser took it, dnsjava's did not (a record's rdata it cannot read, say): without
      // reading the whole message we cannot check a signature or act on it.
      return new Denied(replies.reply(x, transport, 0, Rcode.FORMERR, -1));
    }
    TSIGRecord signature = request.getTSIG();
    if (signature == null) {
      return q.hasTsig()
          ? new Denied(replies.reply(x, transport, 0, Rcode.FORMERR, -1)) // a TSIG dnsjava rejects
          : new Granted(request, Signer.UNSIGNED);
    }
    Name keyName = signature.getName();
    List<TSIG> secrets = port.keys(keyName);
    if (secrets.isEmpty()) {
      // debug, not info: anyone can send these by the thousand (a refused NOTIFY is also kept
      // in its zone's status, and logged there)
      log.debug("{}: TSIG key {} unknown (BADKEY)", peer.getHostAddress(), keyName);
      refusedNotify(request, peer, "signed with key " + keyName + ", which is not configured here");
      return new Denied(unsignedError(x, transport, signature, Rcode.BADKEY));
    }
    // While a key is rotated, its old secret verifies too; the answer is signed with the one that
    // verified. A failure is reported as the current secret's.
    TSIG key = secrets.get(0);
    int error = key.verify(request, wire, null);
    for (int i = 1; i < secrets.size() && error != Rcode.NOERROR; i++) {
      if (secrets.get(i).verify(request, wire, null) == Rcode.NOERROR) {
        key = secrets.get(i);
        error = Rcode.NOERROR;
      }
    }
    if (error == Rcode.NOERROR) {
      return new Granted(request, new Signer(key, signature));
    }
    log.debug(
        "{}: TSIG with key {} failed: {}", peer.getHostAddress(), keyName, Rcode.TSIGstring(error));
    refusedNotify(
        request, peer, "TSIG with key " + keyName + " failed (" + Rcode.TSIGstring(error) + ")");
    if (error == Rcode.BADTIME) {
      Signer signer = new Signer(key, signature);
      int n = replies.reply(x, transport, signer.reserve(), Rcode.NOTAUTH, -1);
      return new Denied(signer.sign(x.writer.buffer(), n, Rcode.BADTIME));
    }
    return new Denied(unsignedError(x, transport, signature, error));
  }

  /** NOTAUTH with an unsigned TSIG record carrying {@code error}; the response's length. */
  private int unsignedError(Exchange x, Transport transport, TSIGRecord signature, int error) {
    byte[] tsig =
        new TSIGRecord(
                signature.getName(),
                DClass.ANY,
                0,
                signature.getAlgorithm(),
                port.clock().instant(),
                Duration.ofSeconds(300),
                new byte[0],
                x.query.id(),
                error,
                null)
            .toWire(Section.ADDITIONAL);
    int n = replies.reply(x, transport, tsig.length, Rcode.NOTAUTH, -1);
    return Signer.append(x.writer.buffer(), n, tsig);
  }

  private void refusedNotify(Message request, InetAddress peer, String why) {
    org.xbill.DNS.Record question = request.getQuestion();
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
}
