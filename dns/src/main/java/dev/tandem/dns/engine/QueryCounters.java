package dev.tandem.dns.engine;

import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * What the data plane answered, counted as it answers: responses by RCODE and transport, and
 * queries by type. {@link Responder#respond} counts every response it makes (the plain query, the
 * handlers past the access stage, FORMERR to what does not parse) and, later, the deferred UPDATE
 * answers; a zone transfer counts once, for its first message.
 *
 * <p>It lives here, beside the {@link Responder}, because the responder is the one place every UDP
 * and TCP answer passes through with its RCODE, question type and transport known, and because the
 * metrics surface ({@code api}) may read {@code dns} but not {@code server}.
 *
 * <p>Cost on the hot path: two {@link LongAdder} increments per response, no allocation, no lock. A
 * {@link LongAdder} is striped: uncontended it is one CAS on its base; when event loops collide it
 * spreads them over padded cells, so the loops do not fight over one cache line. Reads (a scrape)
 * sum the cells; a read concurrent with answers may miss the answers in flight, never counts one
 * twice.
 */
public final class QueryCounters {
  /** BADVERS (RFC 6891): 16, carried in the OPT record; counted in its own slot. */
  public static final int BADVERS = 16;

  /** RCODE slots: the sixteen of the header, and BADVERS. */
  public static final int RCODES = 17;

  /**
   * The question types counted one by one; every other type is counted as {@link #OTHER_TYPE}. The
   * common ones of an authoritative server: addresses, delegation, mail, service, DNSSEC, zone
   * transfers.
   */
  private static final int[] TYPES = {
    Type.A,
    Type.NS,
    Type.CNAME,
    Type.SOA,
    Type.PTR,
    Type.MX,
    Type.TXT,
    Type.AAAA,
    Type.SRV,
    Type.NAPTR,
    Type.DS,
    Type.RRSIG,
    Type.NSEC,
    Type.DNSKEY,
    Type.NSEC3,
    Type.NSEC3PARAM,
    Type.TLSA,
    Type.CDS,
    Type.CDNSKEY,
    Type.SVCB,
    Type.HTTPS,
    Type.CAA,
    Type.IXFR,
    Type.AXFR,
    Type.ANY
  };

  /** The label of the slot counting every type not in the table. */
  public static final String OTHER_TYPE = "other";

  /** Slot by type for types below 256 (all in the table but CAA); {@code TYPES.length}: other. */
  private static final byte[] SLOT_BELOW_256 = new byte[256];

  private static final int CAA_SLOT;

  static {
    java.util.Arrays.fill(SLOT_BELOW_256, (byte) TYPES.length);
    int caa = TYPES.length;
    for (int i = 0; i < TYPES.length; i++) {
      if (TYPES[i] < 256) {
        SLOT_BELOW_256[TYPES[i]] = (byte) i;
      } else if (TYPES[i] == Type.CAA) {
        caa = i;
      } else {
        throw new AssertionError("type table: " + TYPES[i]);
      }
    }
    CAA_SLOT = caa;
  }

  // Index: rcode * 2 + transport ordinal. One increment counts RCODE and transport together.
  private final LongAdder[] byRcode = adders(RCODES * 2);
  private final LongAdder[] byType = adders(TYPES.length + 1);

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /**
   * Counts one response.
   *
   * @param rcode 0 to 15 (the header's), or {@link #BADVERS}
   * @param qtype the question's type, or -1 not to count a type (no question, or not a QUERY)
   */
  void count(int rcode, int qtype, Transport transport) {
    byRcode[rcode * 2 + transport.ordinal()].increment();
    if (qtype >= 0) {
      byType[slot(qtype)].increment();
    }
  }

  private static int slot(int qtype) {
    if (qtype < 256) {
      return SLOT_BELOW_256[qtype];
    }
    return qtype == Type.CAA ? CAA_SLOT : TYPES.length;
  }

  /** Responses with {@code rcode} (0 to 15, or {@link #BADVERS}) sent over {@code transport}. */
  public long responses(int rcode, Transport transport) {
    return byRcode[rcode * 2 + transport.ordinal()].sum();
  }

  /** Responses with {@code rcode}, over both transports. */
  public long responses(int rcode) {
    return responses(rcode, Transport.UDP) + responses(rcode, Transport.TCP);
  }

  /**
   * The name of an RCODE slot as operators know it: {@code NOERROR}, {@code NXDOMAIN}, ..., {@code
   * BADVERS}; {@code RESERVED12} for unassigned ones (dnsjava's mnemonics).
   */
  public static String rcodeName(int rcode) {
    return Rcode.string(rcode);
  }

  /** The number of type slots: those named by {@link #typeName}, and the last one, other types. */
  public static int typeSlots() {
    return TYPES.length + 1;
  }

  /** The label of type slot {@code i}: a type mnemonic ({@code A}, {@code AAAA}), or "other". */
  public static String typeName(int i) {
    return i == TYPES.length ? OTHER_TYPE : Type.string(TYPES[i]);
  }

  /** Queries counted in type slot {@code i} (see {@link #typeName}). */
  public long queriesOfTypeSlot(int i) {
    return byType[i].sum();
  }

  /** Queries of {@code qtype}, or of all types not in the table if it is not in it. */
  public long queries(int qtype) {
    return byType[slot(qtype)].sum();
  }
}
