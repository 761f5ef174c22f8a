package dev.tandem.dns.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Feeds hostile messages to one {@link Responder.Session}, over UDP and then TCP, and judges each
 * response against {@link QueryModel}:
 *
 * <ul>
 *   <li>nothing escapes the responder, and it answers exactly the messages that must be answered;
 *   <li>a response is a DNS message dnsjava can read, with QR set, the query's ID and opcode, the
 *       question echoed as sent when one was read, and within the size limit (512 bytes without
 *       EDNS, the client's payload size capped at 1232 with it, 65535 over TCP);
 *   <li>its RCODE is the one the rules call for, an error carries no records but OPT, OPT is there
 *       exactly when the query was well formed with EDNS, and TC is never set over TCP;
 *   <li>the records after the question do not change the answer: the same query without them (on
 *       another session) gets the same bytes;
 *   <li>the session is not left damaged: a valid query sent next on it gets exactly the response a
 *       fresh session gives.
 * </ul>
 *
 * Problems are collected (the first few with the offending message in hex), not thrown, so one run
 * shows them all.
 */
final class Referee {
  private static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

  /** A valid query and the responses a fresh session gives it over UDP and TCP. */
  static final class FollowUp {
    private final String what;
    private final byte[] query;
    private final byte[] udp;
    private final byte[] tcp;

    private FollowUp(String what, byte[] query, byte[] udp, byte[] tcp) {
      this.what = what;
      this.query = query;
      this.udp = udp;
      this.tcp = tcp;
    }

    String what() {
      return what;
    }

    byte[] query() {
      return query;
    }

    byte[] udp() {
      return udp;
    }

    byte[] tcp() {
      return tcp;
    }
  }

  private static final int SHOWN = 20;

  private final Responder responder;
  private final Name origin;
  private final Responder.Session session;
  private final Responder.Session witness;
  private final List<FollowUp> followUps;
  private int next;

  private final List<String> problems = new ArrayList<>();
  private int problemCount;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private int messages;

  Referee(Responder responder, Name origin, List<FollowUp> followUps) {
    this.responder = responder;
    this.origin = origin;
    this.session = responder.newSession();
    this.witness = responder.newSession();
    this.followUps = followUps;
  }

  /** The responses of a fresh session to {@code query} over UDP and TCP. */
  static FollowUp followUp(Responder responder, String what, byte[] query) {
    Responder.Session fresh = responder.newSession();
    int u = responder.respond(fresh, query, query.length, Transport.UDP, LOOPBACK);
    byte[] udp = Arrays.copyOf(fresh.response(), u);
    int t = responder.respond(fresh, query, query.length, Transport.TCP, LOOPBACK);
    byte[] tcp = Arrays.copyOf(fresh.response(), t);
    return new FollowUp(what, query, udp, tcp);
  }

  /** Judges {@code message} over UDP, then over TCP. */
  void judge(String kind, byte[] message) {
    judge(kind, message, Transport.UDP);
    judge(kind, message, Transport.TCP);
  }

  void judge(String kind, byte[] message, Transport transport) {
    messages++;
    QueryModel model = QueryModel.of(message, message.length, origin, true);
    String problem;
    try {
      int n = responder.respond(session, message, message.length, transport, LOOPBACK);
      problem = problem(model, message, transport, n);
    } catch (RuntimeException | StackOverflowError e) {
      problem = "the responder threw " + e;
    }
    if (problem != null) {
      report(kind, message, transport, problem);
    }
    FollowUp f = followUps.get(next++ % followUps.size());
    try {
      int n = responder.respond(session, f.query(), f.query().length, transport, LOOPBACK);
      byte[] want = transport == Transport.UDP ? f.udp() : f.tcp();
      if (!Arrays.equals(session.response(), 0, n, want, 0, want.length)) {
        report(kind, message, transport, "the next query (" + f.what() + ") got a wrong answer");
      }
    } catch (RuntimeException | StackOverflowError e) {
      report(kind, message, transport, "the next query (" + f.what() + ") threw " + e);
    }
  }

  private @Nullable String problem(QueryModel model, byte[] m, Transport t, int n) {
    if (model.expect == QueryModel.Expect.DROP) {
      count(t, "dropped");
      return n == 0 ? null : "answered a message that must get no response";
    }
    if (n == 0) {
      return "no response; expected " + model.expect;
    }
    byte[] resp = Arrays.copyOf(session.response(), n);
    Message r;
    try {
      r = new Message(resp);
    } catch (IOException e) {
      return "the response is not a DNS message (" + e.getMessage() + "): " + hex(resp);
    }
    Header h = r.getHeader();
    int rcode = r.getRcode();
    count(t, Rcode.string(rcode));
    if (h.getID() != model.id || !h.getFlag(Flags.QR) || h.getOpcode() != model.opcode) {
      return "header: ID, QR or opcode wrong: " + h;
    }
    OPTRecord opt = r.getOPT();
    boolean wantOpt = model.wellFormed && model.optStart >= 0;
    if ((opt != null) != wantOpt) {
      return wantOpt ? "no OPT in the response to an EDNS query" : "OPT in the response";
    }
    int limit =
        t == Transport.TCP
            ? 65535
            : opt != null
                ? Math.max(
                    512, Math.min(model.ednsPayload, ResponderConfig.DEFAULT_UDP_MAX_PAYLOAD))
                : 512;
    if (n > limit) {
      return "response of " + n + " bytes, over the limit of " + limit;
    }
    if (!model.allows(rcode)) {
      return "RCODE " + Rcode.string(rcode) + ", expected " + model.expect;
    }
    int qd = h.getCount(Section.QUESTION);
    if (model.questionEnd > 0) {
      if (qd != 1 || !Arrays.equals(resp, 12, model.questionEnd, m, 12, model.questionEnd)) {
        return "the question is not echoed as sent";
      }
    } else if (qd != 0) {
      return "a question in the response, though none could be read";
    }
    if (model.expect != QueryModel.Expect.ANSWER
        && (h.getCount(Section.ANSWER) != 0
            || h.getCount(Section.AUTHORITY) != 0
            || h.getCount(Section.ADDITIONAL)
                != (opt != null ? 1 : 0) + (model.tsig && r.getTSIG() != null ? 1 : 0))) {
      return "an error response with records: " + r;
    }
    if (t == Transport.TCP && h.getFlag(Flags.TC)) {
      return "TC set over TCP";
    }
    if (model.wellFormed && !model.tsig && !model.readWhole()) {
      byte[] s = model.stripped();
      int k = responder.respond(witness, s, s.length, t, LOOPBACK);
      if (!Arrays.equals(resp, 0, n, witness.response(), 0, k)) {
        return "the records after the question changed the response; without them: "
            + hex(Arrays.copyOf(witness.response(), k))
            + ", with them: "
            + hex(resp);
      }
    }
    return null;
  }

  private void count(Transport t, String outcome) {
    outcomes.merge(t + " " + outcome, 1, Integer::sum);
  }

  private void report(String kind, byte[] m, Transport t, String problem) {
    problemCount++;
    if (problems.size() < SHOWN) {
      problems.add(kind + " over " + t + ": " + problem + "\n    message: " + hex(m));
    }
  }

  private static String hex(byte[] b) {
    String s = HexFormat.of().formatHex(b, 0, Math.min(b.length, 400));
    return b.length > 400 ? s + "... (" + b.length + " bytes)" : s;
  }

  /** The problems found, the first ones in full. */
  List<String> problems() {
    if (problemCount > problems.size()) {
      List<String> all = new ArrayList<>(problems);
      all.add("... and " + (problemCount - problems.size()) + " more");
      return all;
    }
    return problems;
  }

  /** Whether any message was judged. */
  boolean judgedAny() {
    return messages > 0;
  }

  /** Messages judged (each transport counted) and their outcomes. */
  String summary() {
    return messages + " messages judged, " + outcomes;
  }
}
