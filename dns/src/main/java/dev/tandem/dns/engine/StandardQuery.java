package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.ResponseWriter;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Answers a standard query (opcode QUERY, RFC 1035 section 4.1.1) from the zones served, or from
 * the server's identity in class CHAOS; and writes every response the other handlers send that
 * carries no records of its own (an error, a NOTIFY acknowledgement), so that all of them handle
 * EDNS alike:
 *
 * <ul>
 *   <li><b>Size</b>: up to the client's EDNS payload size capped at ours over UDP (512 without
 *       EDNS), 65535 over TCP, minus what the caller keeps free for a TSIG record it adds after.
 *   <li><b>OPT</b> (RFC 6891 section 6.1.1): in the response exactly when the query had one, its
 *       space reserved before any record is written; BADVERS (RFC 6891 section 6.1.3) for a version
 *       other than 0; NSID (RFC 5001) when asked and it fits; an Extended DNS Error (RFC 8914) with
 *       an error; EXPIRE (RFC 7314) when the caller gives a value.
 *   <li><b>Zone</b>: the closest enclosing zone (for DS, the parent's: RFC 4035 section 3.1.4.1),
 *       else REFUSED; SERVFAIL if it has nothing to serve (a secondary not yet transferred, or
 *       expired); then {@link AuthoritativeAnswer}.
 *   <li><b>Errors</b>: any RCODE other than NOERROR, NXDOMAIN and YXDOMAIN discards what was
 *       written: header, question, OPT.
 * </ul>
 *
 * One response, unsigned; the caller signs it if the request was signed. Shared between threads:
 * the state of one answer is in the {@link Exchange}.
 */
final class StandardQuery {
  private static final int BADVERS = 16;
  private static final int EDE_NOT_AUTHORITATIVE = 20; // RFC 8914 section 4.21
  private static final int EDE_INVALID_DATA = 24; // RFC 8914 section 4.25
  private static final int LOOK_UP = -1;

  private final Supplier<ServedZones> zones;
  private final ResponderConfig config;
  private final byte @Nullable [] nsid;

  StandardQuery(Supplier<ServedZones> zones, ResponderConfig config) {
    this.zones = zones;
    this.config = config;
    this.nsid = config.nsidBytes();
  }

  /** Answers the query in {@code x}: the hot path. Returns the response's length. */
  int answer(Exchange x, Transport transport) {
    return write(x, transport, 0, LOOK_UP, -1, -1);
  }

  /**
   * Answers the query in {@code x} keeping {@code reserve} bytes free under the size limit (for a
   * TSIG record), with EXPIRE {@code expire} in the OPT if not negative.
   */
  int answer(Exchange x, Transport transport, int reserve, long expire) {
    return write(x, transport, reserve, LOOK_UP, -1, expire);
  }

  /**
   * A response with no records: header, question, OPT; RCODE {@code rcode}, and Extended DNS Error
   * {@code ede} if not negative. {@code reserve} bytes are kept free (for a TSIG record).
   */
  int reply(Exchange x, Transport transport, int reserve, int rcode, int ede) {
    return write(x, transport, reserve, rcode, ede, -1);
  }

  /** A bare FORMERR to a message that did not parse: no OPT, as its OPT may be what is wrong. */
  int formerr(Exchange x, Transport transport) {
    x.writer.begin(x.query, transport == Transport.TCP ? ResponseWriter.MAX_SIZE : 512, true);
    x.writer.setRcode(Rcode.FORMERR);
    return x.writer.finish();
  }

  ServedZones zones() {
    return zones.get();
  }

  private int write(Exchange x, Transport transport, int reserve, int rcode, int ede, long expire) {
    Query q = x.query;
    ResponseWriter w = x.writer;
    int maxSize = transport == Transport.TCP ? ResponseWriter.MAX_SIZE : 512;
    boolean edns = q.hasEdns();
    byte[] optNsid = edns && q.nsidRequested() ? nsid : null;
    long optExpire = edns ? expire : -1;
    if (edns && transport == Transport.UDP) {
      maxSize = Math.max(512, Math.min(q.ednsPayload(), config.udpMaxPayload()));
    }
    maxSize -= reserve;
    w.begin(q, maxSize, true);
    // An NSID may be 512 bytes (RFC 5001); after a long question it can leave no room for the OPT
    // in a 512-byte UDP response, and putOpt then dropped the whole record. NSID is optional:
    // leave it out unless OPT with it and an EDE fits after the header and question.
    if (optNsid != null && w.position() + ResponseWriter.optSize(optNsid, 0, optExpire) > maxSize) {
      optNsid = null;
    }
    int optSize = edns ? ResponseWriter.optSize(optNsid, ede, optExpire) : 0;
    w.reserve(optSize);

    x.ede = ede;
    if (edns && q.ednsVersion() != 0) {
      rcode = BADVERS;
    } else if (rcode == LOOK_UP) {
      rcode = dispatch(x, q, transport);
    }
    if (isError(rcode)) {
      optSize = edns ? ResponseWriter.optSize(optNsid, x.ede, optExpire) : 0;
      w.begin(q, maxSize, true); // discard anything written: an error carries no records
      w.reserve(optSize);
    }
    if (edns) {
      w.release(optSize);
      w.putOpt(config.udpMaxPayload(), rcode >>> 4, q.dnssecOk(), optNsid, x.ede, optExpire);
    }
    w.setRcode(rcode & 0xf);
    return w.finish();
  }

  private static boolean isError(int rcode) {
    return rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN && rcode != Rcode.YXDOMAIN;
  }

  /** RFC 1035 section 4.1.1: only QUERY is answered here; the responder hands the others over. */
  private int dispatch(Exchange x, Query q, Transport transport) {
    if (q.opcode() != Opcode.QUERY) {
      return Rcode.NOTIMP;
    }
    if (!q.hasQuestion()) {
      return Rcode.FORMERR;
    }
    if (q.qtype() == 0) {
      return Rcode.NOTIMP;
    }
    return switch (q.qclass()) {
      case DClass.IN, DClass.ANY -> internet(x, q, transport);
      case DClass.CH -> chaos(x.writer, q);
      default -> Rcode.REFUSED;
    };
  }

  private int internet(Exchange x, Query q, Transport transport) {
    int qtype = q.qtype();
    ServedZones served = zones.get();
    ZoneSnapshot zone = null;
    if (qtype == Type.DS && q.labelCount() > 0) {
      zone = served.find(q, 1);
    }
    if (zone == null) {
      zone = served.find(q, 0);
    }
    if (zone == null) {
      x.ede = EDE_NOT_AUTHORITATIVE;
      return Rcode.REFUSED;
    }
    if (!served.isAvailable(zone)) {
      x.ede = EDE_INVALID_DATA; // a secondary not yet transferred, or expired
      return Rcode.SERVFAIL;
    }
    return switch (x.answer.answer(q, zone, transport)) {
      case ERROR -> Rcode.SERVFAIL;
      case HIT, NODATA, MISS, DELEG, FOLLOW, TRUNC -> x.answer.rcode();
    };
  }

  /** CHAOS TXT queries for the server's identity and version, when configured. */
  private int chaos(ResponseWriter w, Query q) {
    if (q.qtype() != Type.TXT && q.qtype() != Type.ANY) {
      return Rcode.REFUSED;
    }
    String value = null;
    if (is(q, ID_SERVER) || is(q, HOSTNAME_BIND)) {
      value = config.identity();
    } else if (is(q, VERSION_SERVER) || is(q, VERSION_BIND)) {
      value = config.version();
    }
    if (value == null) {
      return Rcode.REFUSED;
    }
    w.section(ResponseWriter.ANSWER);
    w.setAuthoritative();
    w.putTxt(q.qname(), 0, 0, value.getBytes(StandardCharsets.UTF_8), DClass.CH);
    return Rcode.NOERROR;
  }

  private static final byte[] ID_SERVER = wire("id", "server");
  private static final byte[] HOSTNAME_BIND = wire("hostname", "bind");
  private static final byte[] VERSION_SERVER = wire("version", "server");
  private static final byte[] VERSION_BIND = wire("version", "bind");

  private static byte[] wire(String a, String b) {
    byte[] out = new byte[a.length() + b.length() + 3];
    out[0] = (byte) a.length();
    System.arraycopy(a.getBytes(StandardCharsets.US_ASCII), 0, out, 1, a.length());
    out[a.length() + 1] = (byte) b.length();
    System.arraycopy(b.getBytes(StandardCharsets.US_ASCII), 0, out, a.length() + 2, b.length());
    return out;
  }

  private static boolean is(Query q, byte[] name) {
    return q.qnameLength() == name.length
        && Arrays.equals(q.qname(), 0, name.length, name, 0, name.length);
  }
}
