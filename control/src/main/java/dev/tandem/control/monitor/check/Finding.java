package dev.tandem.control.monitor.check;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Something the checks found wrong, with the evidence. A finding is identified by its {@link #key}
 * (kind, server, subject): the same key in consecutive rounds is the same finding, whose "since"
 * the monitor keeps.
 *
 * @param server the server it is about, or null for the zone as a whole
 * @param subject what within that it is about (a provider missing from an NS set, ...), or ""
 * @param detail one sentence an operator can act on
 * @param evidence what was observed, one item per line (differing RRsets, NS sets, ...)
 */
public record Finding(
    Kind kind,
    @Nullable InetSocketAddress server,
    String subject,
    String detail,
    List<String> evidence) {

  public Finding {
    evidence = List.copyOf(evidence);
  }

  /** What kind of finding, and the state it puts its server or zone in. */
  public enum Kind {
    /** No answer over UDP or TCP. */
    UNREACHABLE(ConsistencyState.UNREACHABLE),
    /** Answers, but not authoritatively (REFUSED, SERVFAIL, no AA, another zone's SOA). */
    LAME(ConsistencyState.LAME),
    /** Behind the newest serial. */
    SERIAL_DRIFT(ConsistencyState.LAGGING),
    /** Ahead of the newest serial of the zone's source: it did not follow a serial reset. */
    SERIAL_AHEAD(ConsistencyState.DRIFTED),
    /** A primary's serial went backwards: secondaries keep the higher one (RFC 1982). */
    SERIAL_RESET(ConsistencyState.DRIFTED),
    /** The apex NS RRset served differs from ours. */
    NS_SET_DIFFERS(ConsistencyState.DRIFTED),
    /** An NS RRset (served, or the parent's) lists no server of one of the zone's providers. */
    NS_SET_MISSING_PROVIDER(ConsistencyState.DRIFTED),
    /** The parent's delegation lists no server of one of the zone's providers. */
    DELEGATION_MISSING_PROVIDER(ConsistencyState.DRIFTED),
    /** The parent's NS names or glue differ from the zone's own. */
    DELEGATION_DIFFERS(ConsistencyState.DRIFTED),
    /** The parent has no delegation for the zone. */
    NOT_DELEGATED(ConsistencyState.DRIFTED),
    /** No parent server could be asked (the root or a TLD unreachable from here). */
    DELEGATION_UNKNOWN(ConsistencyState.OK),
    /** The DS RRset at the parent matches no DNSKEY served. */
    DS_MISMATCH(ConsistencyState.DRIFTED),
    /** The DNSKEY RRset served differs from ours. */
    DNSKEY_DIFFERS(ConsistencyState.DRIFTED),
    /** RRsets differ at the same serial. */
    CONTENT_DRIFT(ConsistencyState.DRIFTED),
    /** A signature served expires soon. */
    SIGNATURE_EXPIRING(ConsistencyState.OK),
    /** A signature served has expired: validating resolvers fail on it. */
    SIGNATURE_EXPIRED(ConsistencyState.DRIFTED),
    /** A name of the NS set has no address. */
    NS_UNRESOLVED(ConsistencyState.DRIFTED),
    /** Every listed server belongs to one provider: an outage of it takes the zone down. */
    SINGLE_PROVIDER(ConsistencyState.OK),
    /** Every listed server is in one network (/24, /48). */
    SINGLE_NETWORK(ConsistencyState.OK);

    private final ConsistencyState effect;

    Kind(ConsistencyState effect) {
      this.effect = effect;
    }

    /** The state a finding of this kind puts its server (or zone) in. */
    public ConsistencyState effect() {
      return effect;
    }

    /** The word the API uses: {@code serial-drift}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** What identifies the finding from one round to the next. */
  public String key() {
    return kind.word() + " " + (server == null ? "-" : Server.label(server)) + " " + subject;
  }

  /** A finding about {@code server}. */
  static Finding of(Kind kind, Server server, String detail, List<String> evidence) {
    return new Finding(kind, server.address(), "", detail, evidence);
  }
}
