package dev.tandem.control.monitor.lookup;

import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One question for an authoritative server, as the checks ask it: recursion not desired (RFC 1034
 * section 4.3.1), EDNS with a 1232-byte payload (the DNS flag day 2020 size, which avoids
 * fragments), the DO bit when signatures are wanted (RFC 3225), the EDNS EXPIRE option when the
 * server's remaining expiry is wanted (RFC 7314).
 *
 * @param tcp whether to ask over TCP from the start (otherwise UDP, TCP only when truncated)
 */
public record Question(Name name, int type, boolean dnssecOk, boolean expire, boolean tcp) {
  /** RFC 7314 option code. */
  public static final int EDNS_EXPIRE = 9;

  static final int PAYLOAD = 1232;

  public Question {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("question name " + name + " is not absolute");
    }
  }

  /** {@code name}/{@code type} over UDP, without DO or EXPIRE. */
  public static Question of(Name name, int type) {
    return new Question(name, type, false, false, false);
  }

  /** This question with the DO bit: the answer carries RRSIGs. */
  public Question withSignatures() {
    return new Question(name, type, true, expire, tcp);
  }

  /** This question with the EDNS EXPIRE option. */
  public Question withExpire() {
    return new Question(name, type, dnssecOk, true, tcp);
  }

  /** This question over TCP. */
  public Question overTcp() {
    return new Question(name, type, dnssecOk, expire, true);
  }

  /** The query message with message ID {@code id}. */
  public Message message(int id) {
    Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    m.getHeader().setID(id);
    m.getHeader().unsetFlag(Flags.RD);
    List<EDNSOption> options =
        expire ? List.of(new GenericEDNSOption(EDNS_EXPIRE, new byte[0])) : List.of();
    m.addRecord(
        new OPTRecord(PAYLOAD, 0, 0, dnssecOk ? ExtendedFlags.DO : 0, options), Section.ADDITIONAL);
    return m;
  }

  /** Whether {@code answer} answers this question (RFC 5452 section 9.1: same question back). */
  boolean answeredBy(Message answer) {
    Record q = answer.getQuestion();
    return answer.getHeader().getFlag(Flags.QR)
        && q != null
        && q.getName().equals(name)
        && q.getType() == type
        && q.getDClass() == DClass.IN;
  }

  @Override
  public String toString() {
    return name + " " + Type.string(type) + (tcp ? " over TCP" : "");
  }
}
