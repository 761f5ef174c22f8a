package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import java.net.InetAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The request path: every message goes through the same fixed stages, in this order, all in {@link
 * #respond}.
 *
 * <ol>
 *   <li><b>Validate</b> ({@link Query}): drop what is not a query, FORMERR what is malformed.
 *   <li><b>Plain query</b>: a QUERY with no TSIG that is not a zone transfer and does not ask for
 *       EDNS EXPIRE is answered at once by {@link StandardQuery}: the hot path, allocation-free. So
 *       is any message with an EDNS version other than 0 (BADVERS, unsigned: RFC 6891 section
 *       6.1.3).
 *   <li><b>Access</b> ({@link TsigAccess}): everything else is read whole and its TSIG checked (RFC
 *       8945); a request that fails gets its NOTAUTH there and goes no further.
 *   <li><b>Dispatch</b> on opcode: NOTIFY to {@link NotifyHandler}; UPDATE to {@link
 *       UpdateHandler}; QUERY for AXFR or IXFR to {@link TransferOutHandler}; any other QUERY (a
 *       signed one, or an SOA query asking for EXPIRE) to {@link StandardQuery}; other opcodes
 *       NOTIMP. Each response is signed when the request was ({@link Signer}).
 * </ol>
 *
 * Every response is counted ({@link QueryCounters}), once, by RCODE, transport and question type:
 * an UPDATE's when it is made. Thread safety: the responder is shared; each thread answers with its
 * own {@link Session}.
 */
public final class Responder {
  private final StandardQuery queries;
  private final TsigAccess access;
  private final NotifyHandler notifies;
  private final UpdateHandler updates;
  private final TransferOutHandler transfers;
  private final ControlPort port;
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
   * @param port the control plane: TSIG keys, transfer and NOTIFY permissions, NOTIFYs, UPDATEs
   * @param counters where every response is counted (by RCODE, transport and question type)
   */
  public Responder(
      Supplier<ServedZones> zones,
      ResponderConfig config,
      ControlPort port,
      QueryCounters counters) {
    this.queries = new StandardQuery(zones, config);
    this.access = new TsigAccess(port, queries);
    this.notifies = new NotifyHandler(port, queries);
    this.updates = new UpdateHandler(port, queries);
    this.transfers = new TransferOutHandler(port, queries, config.udpMaxPayload());
    this.port = port;
    this.counters = counters;
  }

  /** The counts of what this responder answered. */
  public QueryCounters counters() {
    return counters;
  }

  /**
   * The per-thread state of answering: parsed query, response buffer, answer walk, and what the
   * last request left for the caller to send after its response.
   */
  public static final class Session extends Exchange {
    Session(boolean overTls) {
      super(overTls);
    }

    /** A response in an array of its own (a transfer's first message), or null. */
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

  /** A session for a UDP socket or a TCP connection. */
  public Session newSession() {
    return new Session(false);
  }

  /** A session for a connection over TLS (RFC 7858, RFC 9103). */
  public Session newTlsSession() {
    return new Session(true);
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
    // 1. Validate.
    switch (q.parse(message, length)) {
      case DROP -> {
        return 0;
      }
      case MALFORMED -> {
        int n = queries.formerr(s, transport);
        counters.count(Rcode.FORMERR, -1, transport);
        return n;
      }
      case OK -> {}
    }
    // 2. The plain query, at once; 3 and 4 for the rest.
    int n = isPlain(q) ? queries.answer(s, transport) : handOver(s, transport, peer);
    if (n > 0) {
      // The header's RCODE, whichever path wrote the response; BADVERS (16) lives in the OPT.
      int rcode = isBadvers(q) ? QueryCounters.BADVERS : s.response()[3] & 0xf;
      counters.count(
          rcode, q.opcode() == Opcode.QUERY && q.hasQuestion() ? q.qtype() : -1, transport);
    }
    return n;
  }

  /** Whether the hot path answers this (well-formed) message by itself. */
  private static boolean isPlain(Query q) {
    if (isBadvers(q)) {
      return true;
    }
    if (q.hasTsig()) {
      return false;
    }
    return switch (q.opcode()) {
      case Opcode.NOTIFY, Opcode.UPDATE -> false;
      case Opcode.QUERY -> !q.hasQuestion() || !isZoneQuery(q) || !isTransferOrExpire(q);
      default -> true; // NOTIMP
    };
  }

  private static boolean isBadvers(Query q) {
    return q.hasEdns() && q.ednsVersion() != 0;
  }

  private static boolean isZoneQuery(Query q) {
    return q.qclass() == DClass.IN || q.qclass() == DClass.ANY;
  }

  private static boolean isTransferOrExpire(Query q) {
    int t = q.qtype();
    return t == Type.AXFR || t == Type.IXFR || (t == Type.SOA && q.expireRequested());
  }

  /** Stages 3 and 4: access, then dispatch; the response's length (0: later, or none). */
  private int handOver(Session s, Transport transport, InetAddress peer) {
    return switch (access.check(s, transport, peer)) {
      case TsigAccess.Denied d -> d.length();
      case TsigAccess.Granted g ->
          taken(s, dispatch(s, transport, peer, g.request(), g.signer()), transport);
    };
  }

  private Reply dispatch(
      Session s, Transport transport, InetAddress peer, Message request, Signer signer) {
    Query q = s.query;
    switch (q.opcode()) {
      case Opcode.NOTIFY -> {
        return new Reply.Written(notifies.respond(s, transport, peer, request, signer));
      }
      case Opcode.UPDATE -> {
        return updates.respond(s, transport, peer, request, signer);
      }
      case Opcode.QUERY -> {
        if (q.hasQuestion()
            && isZoneQuery(q)
            && (q.qtype() == Type.AXFR || q.qtype() == Type.IXFR)) {
          return transfers.respond(s, transport, peer, request, signer);
        }
        int n = queries.answer(s, transport, signer.reserve(), expire(q, request));
        return new Reply.Written(signer.sign(s.writer.buffer(), n));
      }
      default -> {
        int n = queries.reply(s, transport, signer.reserve(), Rcode.NOTIMP, -1);
        return new Reply.Written(signer.sign(s.writer.buffer(), n));
      }
    }
  }

  /**
   * The EDNS EXPIRE value (RFC 7314) for an SOA query that asks for it: what the control plane
   * gives for the zone, whatever kind it is; -1 for none.
   */
  private long expire(Query q, Message request) {
    org.xbill.DNS.Record question = request.getQuestion();
    if (question == null || q.qtype() != Type.SOA || !q.expireRequested()) {
      return -1;
    }
    return port.expireSeconds(question.getName());
  }

  /** Puts a handler's reply where the caller finds it; the length of the response sent now. */
  private int taken(Session s, Reply reply, Transport transport) {
    return switch (reply) {
      case Reply.Written w -> w.length();
      case Reply.Streamed st -> {
        s.special = st.first();
        s.stream = st.rest();
        yield st.first().length;
      }
      case Reply.Later later -> {
        s.deferred =
            later
                .response()
                .thenApply(
                    bytes -> {
                      counters.count(bytes[3] & 0xf, -1, transport);
                      return bytes;
                    });
        yield 0;
      }
    };
  }
}
