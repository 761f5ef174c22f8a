package dev.tandem.dns.engine;

import java.net.InetAddress;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A NOTIFY (RFC 1996) from a primary: handed to the control plane, which queues a refresh or turns
 * it away, and acknowledged at once.
 *
 * <p>Protocol: one response, on the transport the NOTIFY came by, echoing its question; signed with
 * the NOTIFY's key when it was signed. NOERROR with AA set when accepted (as in the exchanges of
 * RFC 1996 section 4); whatever RCODE the control plane gives otherwise (REFUSED or NOTAUTH: a
 * sender not allowed, a zone that takes no NOTIFY); FORMERR when the question is missing or not an
 * SOA, the only type NOTIFY is defined for here. The serial of an SOA in the answer section is
 * passed on as what it is, a hint (RFC 1996 section 3.7).
 */
final class NotifyHandler {
  private final ControlPort port;
  private final StandardQuery replies;

  NotifyHandler(ControlPort port, StandardQuery replies) {
    this.port = port;
    this.replies = replies;
  }

  /** Answers the NOTIFY in {@code x}; returns the length of the response in its writer. */
  int respond(Exchange x, Transport transport, InetAddress peer, Message request, Signer signer) {
    Record question = request.getQuestion();
    int rcode;
    if (question == null || question.getType() != Type.SOA) {
      rcode = Rcode.FORMERR;
    } else {
      Name zone = question.getName();
      long serial = -1;
      for (Record r : request.getSection(Section.ANSWER)) {
        if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
          serial = soa.getSerial();
        }
      }
      rcode = port.notify(zone, peer, signer.keyName(), serial);
    }
    int n = replies.reply(x, transport, signer.reserve(), rcode, -1);
    if (rcode == Rcode.NOERROR) {
      x.writer.setAuthoritative();
    }
    return signer.sign(x.writer.buffer(), n);
  }
}
