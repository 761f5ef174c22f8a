package dev.tandem.dns.wire;

/**
 * A parsed incoming message, reused from one query to the next by the thread that owns it: parse
 * fills the fields in place and allocates nothing.
 *
 * <p>The checks follow RFC 1035, RFC 6891 and what Knot and NSD accept: a header and at most one
 * question whose name is not compressed; every record of the other sections well formed (names may
 * be compressed, pointing backwards only); at most one OPT and only in the additional section, with
 * options that exactly fill its rdata; TSIG last if present; no trailing bytes. A message too short
 * for a header, or a response, is dropped; anything else malformed is answered FORMERR, echoing the
 * question when that much parsed.
 */
public final class Query {
  /** What to do with a message after parsing it. */
  public enum Verdict {
    /** Well formed: answer it. */
    OK,
    /** Malformed: answer FORMERR. */
    MALFORMED,
    /** Not for us (no header, or QR set): say nothing. */
    DROP
  }

  private static final int HEADER = 12;
  private static final int MIN_RR = 11; // root owner + type, class, TTL, rdlength
  private static final int OPT = 41;
  private static final int TSIG = 250;
  private static final int EDNS_OPTION_NSID = 3;
  private static final int EDNS_OPTION_EXPIRE = 9; // RFC 7314

  private byte[] message = new byte[0];
  private int length;

  private int id;
  private int opcode;
  private int flags;
  private int qdcount;

  private boolean questionParsed;
  private int questionEnd;
  private int qtype;
  private int qclass;
  private final byte[] qname = new byte[WireName.MAX_LENGTH];
  private int qnameLength;
  private int labels;
  private final int[] labelStarts = new int[WireName.MAX_LABELS + 1];
  private final int[] suffixHashes = new int[WireName.MAX_LABELS + 1];

  private boolean edns;
  private int ednsPayload;
  private int ednsVersion;
  private boolean dnssecOk;
  private boolean nsidRequested;
  private boolean expireRequested;
  private int tsigOffset;

  /** Parses {@code message[0, length)}; the array is kept (not copied) until the next parse. */
  public Verdict parse(byte[] message, int length) {
    this.message = message;
    this.length = length;
    questionParsed = false;
    edns = false;
    dnssecOk = false;
    nsidRequested = false;
    expireRequested = false;
    tsigOffset = -1;
    qnameLength = 0;
    labels = 0;
    if (length < HEADER) {
      return Verdict.DROP;
    }
    id = u16(0);
    flags = u16(2);
    if ((flags & 0x8000) != 0) {
      return Verdict.DROP; // a response: never answer one (RFC 1035 section 4.1.1)
    }
    opcode = (flags >>> 11) & 0xf;
    qdcount = u16(4);
    int rrs = u16(6) + u16(8) + u16(10);
    int p = HEADER;
    if (qdcount > 1) {
      return Verdict.MALFORMED;
    }
    if (qdcount == 1) {
      int n = WireName.uncompressedLength(message, p, length);
      if (n < 0 || p + n + 4 > length) {
        return Verdict.MALFORMED;
      }
      WireName.toLowerCase(message, p, qname, 0, n);
      qnameLength = n;
      labels = WireName.labelStarts(qname, 0, labelStarts);
      int h = WireName.ROOT_HASH;
      suffixHashes[labels] = h;
      for (int i = labels - 1; i >= 0; i--) {
        h = WireName.foldLabel(h, qname, labelStarts[i]);
        suffixHashes[i] = h;
      }
      p += n;
      qtype = u16(p);
      qclass = u16(p + 2);
      p += 4;
      questionEnd = p;
      questionParsed = true;
    } else {
      questionEnd = HEADER;
    }
    if (rrs > (length - p) / MIN_RR) {
      return Verdict.MALFORMED;
    }
    return parseRecords(p) ? Verdict.OK : Verdict.MALFORMED;
  }

  private boolean parseRecords(int start) {
    int p = start;
    int an = u16(6);
    int ns = u16(8);
    int ar = u16(10);
    int total = an + ns + ar;
    for (int i = 0; i < total; i++) {
      int rrStart = p;
      int n = WireName.compressedLength(message, p, length);
      if (n < 0 || p + n + 10 > length) {
        return false;
      }
      int owner = p;
      p += n;
      int type = u16(p);
      int rdlength = u16(p + 8);
      int rdata = p + 10;
      if (rdata + rdlength > length) {
        return false;
      }
      boolean additional = i >= an + ns;
      if (type == OPT) {
        if (!additional || edns || n != 1 || message[owner] != 0 || !parseOpt(p, rdata, rdlength)) {
          return false;
        }
      } else if (type == TSIG) {
        if (!additional || tsigOffset >= 0 || i != total - 1) {
          return false;
        }
        tsigOffset = rrStart;
      }
      p = rdata + rdlength;
    }
    return p == length;
  }

  /** RFC 6891 section 6.1.2: class is the payload size, TTL holds version and flags. */
  private boolean parseOpt(int fixed, int rdata, int rdlength) {
    edns = true;
    ednsPayload = u16(fixed + 2);
    ednsVersion = message[fixed + 5] & 0xff;
    dnssecOk = (message[fixed + 6] & 0x80) != 0;
    int p = rdata;
    int end = rdata + rdlength;
    while (p < end) {
      if (p + 4 > end) {
        return false;
      }
      int code = u16(p);
      int len = u16(p + 2);
      p += 4 + len;
      if (p > end) {
        return false;
      }
      if (code == EDNS_OPTION_NSID) {
        nsidRequested = true;
      } else if (code == EDNS_OPTION_EXPIRE) {
        expireRequested = true;
      }
    }
    return true;
  }

  private int u16(int p) {
    return ((message[p] & 0xff) << 8) | (message[p + 1] & 0xff);
  }

  /** The message as received. */
  public byte[] message() {
    return message;
  }

  public int length() {
    return length;
  }

  public int id() {
    return id;
  }

  public int opcode() {
    return opcode;
  }

  /** The second 16 bits of the header (QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE). */
  public int flags() {
    return flags;
  }

  public boolean recursionDesired() {
    return (flags & 0x0100) != 0;
  }

  public int questionCount() {
    return qdcount;
  }

  /** Whether a question was parsed (and can be echoed). */
  public boolean hasQuestion() {
    return questionParsed;
  }

  /** End of the question section in {@link #message()} (12 when there is no question). */
  public int questionEnd() {
    return questionEnd;
  }

  public int qtype() {
    return qtype;
  }

  public int qclass() {
    return qclass;
  }

  /** The question name, lower-cased, in wire form (valid up to {@link #qnameLength()}). */
  public byte[] qname() {
    return qname;
  }

  public int qnameLength() {
    return qnameLength;
  }

  /** Number of labels of the question name (the root label not counted). */
  public int labelCount() {
    return labels;
  }

  /** Offset in {@link #qname()} where label {@code i} (0 = leftmost) starts. */
  public int labelStart(int i) {
    return labelStarts[i];
  }

  /**
   * The hash ({@link WireName#hash}) of the suffix of the question name that starts at label {@code
   * i}; {@code i == labelCount()} gives the root's.
   */
  public int suffixHash(int i) {
    return suffixHashes[i];
  }

  public boolean hasEdns() {
    return edns;
  }

  public int ednsPayload() {
    return ednsPayload;
  }

  public int ednsVersion() {
    return ednsVersion;
  }

  /** The DO bit (RFC 3225): the client wants DNSSEC records. */
  public boolean dnssecOk() {
    return dnssecOk;
  }

  public boolean nsidRequested() {
    return nsidRequested;
  }

  /** Whether the query carries the EDNS EXPIRE option (RFC 7314). */
  public boolean expireRequested() {
    return expireRequested;
  }

  public boolean hasTsig() {
    return tsigOffset >= 0;
  }

  /** Where the TSIG record starts, or -1. */
  public int tsigOffset() {
    return tsigOffset;
  }
}
