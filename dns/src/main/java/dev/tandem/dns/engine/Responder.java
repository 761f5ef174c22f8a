package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.ResponseWriter;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The request path: every message goes through the same fixed stages, in this order.
 *
 * <ol>
 *   <li><b>Parse</b> ({@link Query}): drop what is not a query, FORMERR what is malformed.
 *   <li><b>Hand over</b> to {@link SpecialRequests} what needs more than a lookup: TSIG-signed
 *       requests, NOTIFY, AXFR and IXFR, SOA queries asking for EDNS EXPIRE.
 *   <li><b>EDNS</b> (RFC 6891): response size from the client's payload size and ours; BADVERS for
 *       a version other than 0; the OPT record's space reserved.
 *   <li><b>Dispatch</b> on opcode and class: QUERY in IN (or ANY) to the zones, QUERY in CHAOS to
 *       the server's identity; UPDATE is refused until zones take it (NOTAUTH, as Knot answers when
 *       no zone accepts one); other opcodes NOTIMP.
 *   <li><b>Zone</b>: the closest enclosing zone (for DS, the parent's: RFC 4035 section 3.1.4.1),
 *       else REFUSED; SERVFAIL if it has nothing to serve (a secondary not yet transferred, or
 *       expired).
 *   <li><b>Answer</b> ({@link AuthoritativeAnswer}).
 *   <li><b>Finish</b>: OPT, RCODE, section counts.
 * </ol>
 *
 * An error RCODE from any stage produces a bare response: header, question, OPT. Thread safety: the
 * responder is shared; each thread answers with its own {@link Session}.
 */
public final class Responder {
  private static final int BADVERS = 16;
  private static final int EDE_NOT_AUTHORITATIVE = 20; // RFC 8914 section 4.21

  private static final int EDE_INVALID_DATA = 24; // RFC 8914 section 4.25

  private final Supplier<ServedZones> zones;
  private final ResponderConfig config;
  private final byte @Nullable [] nsid;
  private final SpecialRequests special;
  private final QueryCounters counters;

  /**
   * @param zones the zones to answer from, read once per query (give it a volatile read)
   */
  public Responder(Supplier<ServedZones> zones, ResponderConfig config) {
    this(zones, config, ControlPort.NONE);
  }

  /**
   * @param zones the zones to answer from, read once per query (give it a volatile read)
   * @param port the control plane: TSIG keys, transfer and NOTIFY permissions, NOTIFYs
   */
  public Responder(Supplier<ServedZones> zones, ResponderConfig config, ControlPort port) {
    this(zones, config, port, new QueryCounters());
  }

  /**
   * @param zones the zones to answer from, read once per query (give it a volatile read)
   * @param port the control plane: TSIG keys, transfer and NOTIFY permissions, NOTIFYs
   * @param counters where every response is counted (by RCODE, transport and question type)
   */
  public Responder(
      Supplier<ServedZones> zones,
      ResponderConfig config,
      ControlPort port,
      QueryCounters counters) {
    this.zones = zones;
    this.config = config;
    this.nsid = config.nsidBytes();
    this.counters = counters;
    this.special = new SpecialRequests(this, port, config.udpMaxPayload());
  }

  /** The counts of what this responder answered. */
  public QueryCounters counters() {
    return counters;
  }

  ServedZones zones() {
    return zones.get();
  }

  /** The per-thread state of answering: parsed query, response buffer, answer walk. */
  public static final class Session {
    final Query query = new Query();
    final ResponseWriter writer = new ResponseWriter();
    final AuthoritativeAnswer answer = new AuthoritativeAnswer(writer);

    /** The Extended DNS Error (RFC 8914) for this response, or -1. */
    int ede;

    /** A response built off the hot path ({@link SpecialRequests}), or null. */
    byte @Nullable [] special;

    /** The rest of a multi-message response (a zone transfer), or null. */
    @Nullable MessageStream stream;

    /** A response that comes later (an UPDATE, applied off the network thread), or null. */
    @Nullable CompletionStage<byte[]> deferred;

    /** The buffer holding the last response (valid until the next {@link #respond}). */
    public byte[] response() {
      byte[] b = special;
      return b != null ? b : writer.buffer();
    }

    /**
     * The messages that follow the last response, if it began a zone transfer: the caller sends
     * them, in order, after it; null otherwise. Taking it leaves none.
     */
    public @Nullable MessageStream takeStream() {
      MessageStream m = stream;
      stream = null;
      return m;
    }

    /**
     * The response to the last request, if it comes later ({@link #respond} returned 0): the caller
     * sends it when it completes, from whatever thread that is. Taking it leaves none.
     */
    public @Nullable CompletionStage<byte[]> takeDeferred() {
      CompletionStage<byte[]> d = deferred;
      deferred = null;
      return d;
    }
  }

  public Session newSession() {
    return new Session();
  }

  /**
   * Answers the message in {@code message[0, length)}. Returns the response length (the response is
   * in {@link Session#response()}), or 0 if the message gets no response now (it may get one later:
   * {@link Session#takeDeferred()}).
   */
  public int respond(Session s, byte[] message, int length, Transport transport, InetAddress peer) {
    Query q = s.query;
    s.special = null;
    s.stream = null;
    s.deferred = null;
    switch (q.parse(message, length)) {
      case DROP -> {
        return 0;
      }
      case MALFORMED -> {
        int n = formerr(s, transport);
        counters.count(Rcode.FORMERR, -1, transport);
        return n;
      }
      case OK -> {}
    }
    boolean badvers = q.hasEdns() && q.ednsVersion() != 0;
    int n =
        SpecialRequests.wanted(q) && !badvers
            ? special.respond(s, message, length, transport, peer)
            : answer(s, transport, 0, -1);
    if (n > 0) {
      // The header's RCODE, whichever path wrote the response; BADVERS (16) lives in the OPT.
      int rcode = badvers ? QueryCounters.BADVERS : s.response()[3] & 0xf;
      counters.count(
          rcode, q.opcode() == Opcode.QUERY && q.hasQuestion() ? q.qtype() : -1, transport);
    }
    return n;
  }

  /** Counts a response made later ({@link Session#deferred}: an UPDATE's), when it is made. */
  void countDeferred(byte[] response, Transport transport) {
    counters.count(response[3] & 0xf, -1, transport);
  }

  /** A bare FORMERR to a message that did not parse. */
  private int formerr(Session s, Transport transport) {
    s.writer.begin(s.query, transport == Transport.TCP ? ResponseWriter.MAX_SIZE : 512, true);
    s.writer.setRcode(Rcode.FORMERR);
    return s.writer.finish();
  }

  /**
   * Answers the query parsed into {@code s}, leaving {@code reserve} bytes free under the size
   * limit (for a TSIG record added afterwards); or, if {@code rcode} is not -1, gives that error
   * with EDNS handled as for any other.
   */
  int answer(Session s, Transport transport, int reserve, int rcode) {
    Query q = s.query;
    ResponseWriter w = s.writer;
    int maxSize = transport == Transport.TCP ? ResponseWriter.MAX_SIZE : 512;
    boolean edns = q.hasEdns();
    byte[] optNsid = edns && q.nsidRequested() ? nsid : null;
    if (edns && transport == Transport.UDP) {
      maxSize = Math.max(512, Math.min(q.ednsPayload(), config.udpMaxPayload()));
    }
    maxSize -= reserve;
    w.begin(q, maxSize, true);
    // RFC 6891 section 6.1.1: the response to an EDNS query carries OPT, and BADVERS lives in it.
    // An NSID may be 512 bytes (RFC 5001); after a long question it can leave no room for the OPT
    // in a 512-byte UDP response, and putOpt then dropped the whole record. NSID is optional:
    // leave it out unless OPT with it and an EDE fits after the header and question.
    if (optNsid != null && w.position() + ResponseWriter.optSize(optNsid, 0) > maxSize) {
      optNsid = null;
    }
    int optSize = edns ? ResponseWriter.optSize(optNsid, -1) : 0;
    w.reserve(optSize);

    s.ede = -1;
    if (edns && q.ednsVersion() != 0) {
      rcode = BADVERS;
    } else if (rcode < 0) {
      rcode = dispatch(s, q, transport);
    }
    if (isError(rcode)) {
      optSize = edns ? ResponseWriter.optSize(optNsid, s.ede) : 0;
      w.begin(q, maxSize, true); // discard anything written: an error carries no records
      w.reserve(optSize);
    }
    if (edns) {
      w.release(optSize);
      w.putOpt(config.udpMaxPayload(), rcode >>> 4, q.dnssecOk(), optNsid, s.ede);
    }
    w.setRcode(rcode & 0xf);
    return w.finish();
  }

  private static boolean isError(int rcode) {
    return rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN && rcode != Rcode.YXDOMAIN;
  }

  private int dispatch(Session s, Query q, Transport transport) {
    switch (q.opcode()) {
      case Opcode.QUERY -> {
        if (!q.hasQuestion()) {
          return Rcode.FORMERR;
        }
        if (q.qtype() == 0) {
          return Rcode.NOTIMP;
        }
        return switch (q.qclass()) {
          case DClass.IN, DClass.ANY -> internet(s, q, transport);
          case DClass.CH -> chaos(s.writer, q);
          default -> Rcode.REFUSED;
        };
      }
      case Opcode.UPDATE -> {
        return q.hasQuestion() ? Rcode.NOTAUTH : Rcode.FORMERR;
      }
      default -> {
        return Rcode.NOTIMP;
      }
    }
  }

  private int internet(Session s, Query q, Transport transport) {
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
      s.ede = EDE_NOT_AUTHORITATIVE;
      return Rcode.REFUSED;
    }
    if (!served.isAvailable(zone)) {
      s.ede = EDE_INVALID_DATA; // a secondary not yet transferred, or expired
      return Rcode.SERVFAIL;
    }
    return switch (s.answer.answer(q, zone, transport)) {
      case ERROR -> Rcode.SERVFAIL;
      case HIT, NODATA, MISS, DELEG, FOLLOW, TRUNC -> s.answer.rcode();
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
        && java.util.Arrays.equals(q.qname(), 0, name.length, name, 0, name.length);
  }
}
