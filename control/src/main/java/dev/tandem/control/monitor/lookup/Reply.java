package dev.tandem.control.monitor.lookup;

import dev.tandem.control.transfer.Upstream;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;

/**
 * What came back for one {@link Question}: an answer, or silence with the reason. Silence is an
 * expected outcome of the checks (a server down, a network that drops UDP), never an exception.
 */
public sealed interface Reply {

  /**
   * A DNS message that answers the question (ID, source address and question all matched).
   *
   * @param tcp whether it came over TCP (asked for, or after a truncated UDP answer)
   * @param micros how long it took from the first try sent, in microseconds
   */
  record Answer(Message message, boolean tcp, long micros) implements Reply {
    public int rcode() {
      return message.getRcode();
    }

    /** The EDNS EXPIRE value (RFC 7314 section 2), in seconds, or -1 when there is none. */
    public long expire() {
      return Upstream.ednsExpire(message);
    }
  }

  /**
   * No usable answer.
   *
   * @param failure what kind of silence
   * @param why in words an operator can act on
   */
  record Silence(Failure failure, String why) implements Reply {}

  /** Kinds of silence. */
  enum Failure {
    /** Nothing came back within the timeout, every try. */
    TIMEOUT,
    /** The server's host said no one listens (TCP reset). */
    REFUSED_CONNECTION,
    /** This host has no route to the address (an IPv6 address on an IPv4-only host, say). */
    NO_ROUTE,
    /** Something came back that is not DNS, or not the answer to this question. */
    MALFORMED,
    /** The client is closing, or failed in an unexpected way. */
    ERROR
  }

  /** The answer, or null if this is silence. */
  default @Nullable Answer answer() {
    return this instanceof Answer a ? a : null;
  }
}
