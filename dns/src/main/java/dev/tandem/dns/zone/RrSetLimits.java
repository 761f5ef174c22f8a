package dev.tandem.dns.zone;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * How large one RRset may grow by a change made here (an RFC 2136 UPDATE, an API edit): a limit on
 * its records, per zone (BIND's {@code max-records-per-type}, 100 by default there and here), and
 * one on the bytes it takes in an answer, fixed by the protocol.
 *
 * <p>Why: a query is answered in one message, 65535 bytes at most over TCP; an RRset larger than
 * that can be carried by a zone transfer (split across messages, RFC 5936) but never answered (UDP
 * gets TC, TCP SERVFAIL, as from Knot). 60,000 bytes leaves room for the header, the question, EDNS
 * and TSIG. And secondaries running BIND 9.18.28 or later refuse a zone with an RRset of more than
 * 100 records. So a change is refused before it makes such an RRset; a zone file or a transfer that
 * already has one is served, with a warning, since refusing the whole zone for one RRset would take
 * down every other name in it.
 *
 * @param maxRecords records one RRset may hold after a change
 * @param maxAnswerBytes bytes one RRset may take in an answer: {@link #answerBytes}
 */
public record RrSetLimits(int maxRecords, int maxAnswerBytes) {
  /** BIND's {@code max-records-per-type}, and the answer bytes a message has room for. */
  public static final RrSetLimits DEFAULT = new RrSetLimits(100, 60_000);

  /** Per record in an answer, besides its rdata: a compressed owner, type, class, TTL, RDLENGTH. */
  static final int PER_RECORD = 12;

  public RrSetLimits {
    if (maxRecords < 1 || maxAnswerBytes < 1 || maxAnswerBytes > 65535) {
      throw new IllegalArgumentException(
          "an RRset limit must be at least 1 record, and between 1 and 65535 bytes");
    }
  }

  /** A limit of {@code n} records, the byte limit as it is. */
  public RrSetLimits withMaxRecords(int n) {
    return new RrSetLimits(n, maxAnswerBytes);
  }

  /** The bytes {@code records} records with {@code rdataBytes} bytes of rdata in all take. */
  static long answerBytes(int records, long rdataBytes) {
    return (long) PER_RECORD * records + rdataBytes;
  }

  /**
   * What is wrong with an RRset of {@code records} records and {@code rdataBytes} bytes of rdata,
   * or null if nothing.
   */
  @Nullable String problem(Name owner, int type, int records, long rdataBytes) {
    String rrset = "the " + Type.string(type) + " RRset at " + owner;
    if (records > maxRecords) {
      return rrset
          + " would hold "
          + records
          + " records, more than the "
          + maxRecords
          + " this zone allows in one RRset (max-records-per-type)";
    }
    long bytes = answerBytes(records, rdataBytes);
    if (bytes > maxAnswerBytes) {
      return rrset
          + " would take "
          + bytes
          + " bytes in an answer, more than "
          + maxAnswerBytes
          + ": no response could carry it";
    }
    return null;
  }
}
