package dev.tandem.dns.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * What the responder must do with a message, worked out from the published rules alone and written
 * apart from the parser it checks ({@code dev.tandem.dns.wire.Query}), so that a fuzzing test can
 * tell a wrong verdict from a right one.
 *
 * <p>The rules (RFC 1035 section 4.1, RFC 6891 section 6.1.1, RFC 8945 section 5.1, and the
 * stricter choices Knot and NSD make): fewer than 12 bytes, or QR set, gets no response. Otherwise
 * the message is malformed (FORMERR) unless: at most one question, its name uncompressed; every
 * other record with a name whose compression pointers each point before themselves and whose
 * expansion fits in 255 bytes, ten fixed bytes and rdata inside the message; at most one OPT, in
 * the additional section, owned by the root written as one zero byte, its options exactly filling
 * its rdata; TSIG only as the very last record; nothing after the last record.
 *
 * <p>A well-formed message then gets: BADVERS for an EDNS version other than 0; NOTAUTH (BADKEY)
 * for anything TSIG-signed, as no keys are configured, or FORMERR if the TSIG record's rdata does
 * not parse (likewise any record's, in a NOTIFY or zone transfer request); FORMERR for a QUERY,
 * NOTIFY or UPDATE without a question, and for a NOTIFY whose question is not an SOA; NOTIMP for
 * other opcodes and QTYPE 0; NOTAUTH for NOTIFY (no zone takes it here), REFUSED for an UPDATE of
 * the zone (nobody may change it), NOTAUTH for an UPDATE of another zone and for a zone transfer of
 * a name that is not a zone's origin; REFUSED for transfers of the zone (nobody is allowed), names
 * in no served zone, classes other than IN, ANY and CH, and CHAOS queries for anything but the
 * configured identity and version names; an answer otherwise.
 */
final class QueryModel {
  /** The response the rules call for, before the answer engine has its say. */
  enum Expect {
    DROP,
    FORMERR,
    BADVERS,
    NOTIMP,
    NOTAUTH,
    REFUSED,
    /** NOERROR, NXDOMAIN or YXDOMAIN from a zone (or a CHAOS TXT answer). */
    ANSWER
  }

  private static final int HEADER = 12;

  final boolean wellFormed;
  final Expect expect;
  final int id;
  final int opcode;

  /** End of the question in the message, or -1 if none was read. */
  final int questionEnd;

  final int qtype;
  final int qclass;

  /** Where the OPT record starts and ends, or -1. */
  final int optStart;

  final int optEnd;
  final int ednsPayload;
  final boolean tsig;

  /**
   * A NOTIFY or zone transfer request: read whole by dnsjava, so records whose rdata it cannot read
   * (which the wire rules here do not look into) make it FORMERR, and its records count (IXFR
   * carries the client's SOA, NOTIFY the new one).
   */
  private boolean readWhole;

  private int p;
  private final byte[] m;
  private final int len;

  private QueryModel(byte[] m, int len, Name origin, boolean chaosAnswered) {
    this.m = m;
    this.len = len;
    if (len < HEADER || (m[2] & 0x80) != 0) {
      wellFormed = false;
      expect = Expect.DROP;
      id = -1;
      opcode = -1;
      questionEnd = -1;
      qtype = qclass = -1;
      optStart = optEnd = ednsPayload = -1;
      tsig = false;
      return;
    }
    id = u16(0);
    opcode = (m[2] >>> 3) & 0xf;
    int qd = u16(4);
    int an = u16(6);
    int ns = u16(8);
    int ar = u16(10);
    p = HEADER;

    int qEnd = -1;
    int type = -1;
    int klass = -1;
    byte[] qname = null;
    boolean ok = qd <= 1;
    if (ok && qd == 1) {
      qname = readName(false);
      ok = qname != null && p + 4 <= len;
      if (ok) {
        type = u16(p);
        klass = u16(p + 2);
        p += 4;
        qEnd = p;
      }
    }

    int oStart = -1;
    int oEnd = -1;
    int payload = -1;
    int version = 0;
    boolean signed = false;
    int total = an + ns + ar;
    for (int i = 0; ok && i < total; i++) {
      int start = p;
      byte[] owner = readName(true);
      if (owner == null || p + 10 > len) {
        ok = false;
        break;
      }
      int rrType = u16(p);
      int rdlength = u16(p + 8);
      int rdata = p + 10;
      if (rdata + rdlength > len) {
        ok = false;
        break;
      }
      boolean additional = i >= an + ns;
      if (rrType == WireBuilder.OPT) {
        ok = additional && oStart < 0 && p - start == 1 && optionsFill(rdata, rdata + rdlength);
        oStart = start;
        oEnd = rdata + rdlength;
        payload = u16(p + 2);
        version = m[p + 5] & 0xff;
      } else if (rrType == WireBuilder.TSIG) {
        ok = additional && i == total - 1;
        signed = true;
      }
      p = rdata + rdlength;
    }
    ok = ok && p == len;

    wellFormed = ok;
    questionEnd = qEnd;
    qtype = type;
    qclass = klass;
    optStart = ok ? oStart : -1;
    optEnd = ok ? oEnd : -1;
    ednsPayload = ok ? payload : -1;
    tsig = ok && signed;
    if (!ok) {
      expect = Expect.FORMERR;
    } else if (oStart >= 0 && version != 0) {
      expect = Expect.BADVERS;
    } else {
      expect = dispatch(qname, origin, chaosAnswered);
    }
  }

  /**
   * Reads {@code m[0, len)}. {@code origin} is the one zone served; {@code chaosAnswered} says
   * whether CHAOS identity queries get an answer (the responder has an identity configured).
   */
  static QueryModel of(byte[] m, int len, Name origin, boolean chaosAnswered) {
    return new QueryModel(m, len, origin, chaosAnswered);
  }

  private static final List<Name> CHAOS_NAMES =
      List.of(
          Name.fromConstantString("id.server."),
          Name.fromConstantString("hostname.bind."),
          Name.fromConstantString("version.server."),
          Name.fromConstantString("version.bind."));

  private Expect dispatch(byte @Nullable [] qname, Name origin, boolean chaosAnswered) {
    if (tsig) {
      return Expect.NOTAUTH;
    }
    if (opcode == Opcode.NOTIFY) {
      readWhole = true;
      return qname != null && qtype == Type.SOA ? Expect.NOTAUTH : Expect.FORMERR;
    }
    if (opcode == Opcode.UPDATE) {
      // RFC 2136 section 3.1: one zone, type SOA; ours takes no UPDATE here (no rules), others'
      // are not ours.
      readWhole = true;
      if (qname == null || qtype != Type.SOA) {
        return Expect.FORMERR;
      }
      Name zone;
      try {
        zone = new Name(qname);
      } catch (IOException e) {
        throw new IllegalStateException("dnsjava rejects a name the rules accept", e);
      }
      return zone.equals(origin) && qclass == DClass.IN ? Expect.REFUSED : Expect.NOTAUTH;
    }
    if (opcode != Opcode.QUERY) {
      return Expect.NOTIMP;
    }
    if (qname == null) {
      return Expect.FORMERR;
    }
    if (qtype == 0) {
      return Expect.NOTIMP;
    }
    Name name;
    try {
      name = new Name(qname);
    } catch (IOException e) {
      throw new IllegalStateException("dnsjava rejects a name the rules accept", e);
    }
    if (qclass == DClass.CH) {
      return chaosAnswered && (qtype == Type.TXT || qtype == Type.ANY) && CHAOS_NAMES.contains(name)
          ? Expect.ANSWER
          : Expect.REFUSED;
    }
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      return Expect.REFUSED;
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      readWhole = true;
      return name.equals(origin) ? Expect.REFUSED : Expect.NOTAUTH;
    }
    return name.subdomain(origin) ? Expect.ANSWER : Expect.REFUSED;
  }

  /** Whether EDNS options (code, length, data) exactly fill {@code [from, to)}. */
  private boolean optionsFill(int from, int to) {
    int q = from;
    while (q + 4 <= to) {
      q += 4 + u16(q + 2);
    }
    return q == to;
  }

  /**
   * Reads the name at {@link #p} and moves past it; returns its expansion (uncompressed wire form)
   * or null if it breaks the rules.
   */
  private byte @Nullable [] readName(boolean compressed) {
    ByteArrayOutputStream expansion = new ByteArrayOutputStream();
    int at = p;
    int resume = -1;
    while (true) {
      if (at >= len) {
        return null;
      }
      int b = m[at] & 0xff;
      if (b == 0) {
        expansion.write(0);
        p = resume >= 0 ? resume : at + 1;
        return expansion.size() <= 255 ? expansion.toByteArray() : null;
      }
      if (b >= 0xc0) {
        if (!compressed || at + 2 > len) {
          return null;
        }
        int target = ((b & 0x3f) << 8) | (m[at + 1] & 0xff);
        if (target >= at) {
          return null; // forward or to itself: could loop
        }
        if (resume < 0) {
          resume = at + 2;
        }
        at = target;
        continue;
      }
      if (b > 63 || at + 1 + b > len) {
        return null; // extended label types (0x40, 0x80) are not in use
      }
      expansion.write(m, at, b + 1);
      if (expansion.size() + 1 > 255) {
        return null;
      }
      at += b + 1;
    }
  }

  private int u16(int at) {
    return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
  }

  boolean readWhole() {
    return readWhole;
  }

  /** The rcodes {@link #expect} allows. */
  boolean allows(int rcode) {
    return switch (expect) {
      case DROP -> false;
      case FORMERR -> rcode == Rcode.FORMERR;
      case BADVERS -> rcode == Rcode.BADVERS;
      case NOTIMP -> rcode == Rcode.NOTIMP;
      case NOTAUTH -> rcode == Rcode.NOTAUTH || ((tsig || readWhole) && rcode == Rcode.FORMERR);
      case REFUSED -> rcode == Rcode.REFUSED || (readWhole && rcode == Rcode.FORMERR);
      case ANSWER -> rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN || rcode == Rcode.YXDOMAIN;
    };
  }

  /**
   * The same query without the records that must not change its answer: header, question and OPT
   * only (all as sent), the counts set to match. Meaningful for well-formed messages.
   */
  byte[] stripped() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(m, 0, 4);
    int qd = questionEnd > 0 ? 1 : 0;
    int ar = optStart >= 0 ? 1 : 0;
    b.writeBytes(new byte[] {0, (byte) qd, 0, 0, 0, 0, 0, (byte) ar});
    if (questionEnd > 0) {
      b.write(m, HEADER, questionEnd - HEADER);
    }
    if (optStart >= 0) {
      b.write(m, optStart, optEnd - optStart);
    }
    return b.toByteArray();
  }

  @Override
  public String toString() {
    return expect + (wellFormed ? "" : " (malformed)") + ", ID " + id;
  }
}
