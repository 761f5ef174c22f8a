package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TlsAuth;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;

/**
 * What a secondary zone asks of its primaries: the SOA (the refresh check, RFC 1034 section 4.3.5)
 * and a transfer (AXFR, RFC 5936, or IXFR, RFC 1995). Every outcome is a value, the expected
 * failures included: a primary that does not answer, refuses, or sends something broken is {@link
 * Failed}, with words an operator can act on; nothing is thrown.
 *
 * <p>{@link #network} talks to real primaries over UDP and TCP; tests script one in memory. Called
 * on a zone's event thread, one call at a time per zone; may block for as long as the transfer
 * limits allow.
 */
public interface Upstream {

  /**
   * The SOA of {@code zone} at {@code primary} (over TLS if it is reached so), signed with {@code
   * tsig} if not null.
   */
  Probe probe(Name zone, Remote primary, @Nullable TSIG tsig);

  /**
   * Transfers {@code zone} from {@code primary} (over TLS if it is reached so): by IXFR from {@code
   * ourSerial}, or by AXFR when it is -1. Nothing is applied: the caller decides what to do with
   * what arrived.
   */
  Received transfer(Name zone, Remote primary, @Nullable TSIG tsig, long ourSerial);

  /**
   * The address the primary sees our queries come from, for the hints of a failure ({@link
   * TransferHints}), or null if not known.
   */
  default java.net.@Nullable InetAddress source(InetSocketAddress primary) {
    return null;
  }

  /** The answer to an SOA query. */
  sealed interface Probe permits Soa, Failed {}

  /** What a transfer brought. */
  sealed interface Received permits Full, Incremental, UpToDate, Failed {
    /** Records received (SOAs included). */
    long records();

    /** Bytes received: owner, fixed part and rdata of each record. */
    long bytes();
  }

  /**
   * The primary's SOA.
   *
   * @param soa its SOA for the zone
   * @param expire the EDNS EXPIRE it reported (RFC 7314), in seconds, or -1
   */
  record Soa(SOARecord soa, long expire) implements Probe {}

  /**
   * A whole zone (AXFR, or an IXFR answered AXFR-style): the records to build it from.
   *
   * @param zone the records, the closing SOA left out
   * @param serial the serial of its SOA
   * @param expire the EDNS EXPIRE the primary gave with it (RFC 7314 section 3), or -1
   */
  record Full(ZoneBuilder zone, long serial, long records, long bytes, long expire)
      implements Received {
    /** A whole zone that came without EDNS EXPIRE. */
    public Full(ZoneBuilder zone, long serial, long records, long bytes) {
      this(zone, serial, records, bytes, -1);
    }
  }

  /** The changes from our serial to the primary's, one IXFR sequence each, oldest first. */
  record Incremental(List<JournalStep> steps, long records, long bytes) implements Received {
    public Incremental {
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("an incremental transfer has at least one step");
      }
      steps = List.copyOf(steps);
    }

    /** The serial the last step reaches. */
    public long serial() {
      return steps.get(steps.size() - 1).to();
    }
  }

  /** IXFR answered with our own SOA alone: we have the primary's serial already. */
  record UpToDate(long records, long bytes) implements Received {}

  /**
   * No usable answer.
   *
   * @param error what happened, naming the primary
   * @param unreachable whether the primary could not be reached at all (then it is backed off)
   * @param refused whether the primary said no (REFUSED or NOTAUTH): it is there, but will not
   * @param cutShort whether the connection ended after records had arrived (closed or reset
   *     mid-stream): the primary has the zone and was sending it, so trying again soon is likely to
   *     work
   */
  record Failed(
      String error,
      boolean unreachable,
      boolean refused,
      boolean cutShort,
      long records,
      long bytes)
      implements Probe, Received {
    public Failed(String error, boolean unreachable) {
      this(error, unreachable, false, false, 0, 0);
    }

    /** The primary answered REFUSED or NOTAUTH. */
    public static Failed refusal(String error) {
      return new Failed(error, false, true, false, 0, 0);
    }
  }

  /** The EDNS EXPIRE value in {@code response} (RFC 7314 section 2), in seconds, or -1 if none. */
  static long ednsExpire(org.xbill.DNS.Message response) {
    return SoaProbe.expireOption(response);
  }

  /**
   * Real primaries over the network: SOA queries time out after {@code probeTimeout} (two tries,
   * then TCP if truncated; over TLS for a primary reached so); transfers stop at {@code limits}.
   * Primaries reached over TLS are authenticated by {@code tlsAuths} (by the name a remote gives
   * after {@code +tls=}). Connections to a primary are kept a few seconds and reused.
   */
  static Upstream network(
      java.time.Duration probeTimeout,
      TransferLimits limits,
      java.time.InstantSource clock,
      Function<String, @Nullable TlsAuth> tlsAuths) {
    Connections connections = new Connections(new TlsClient(tlsAuths), clock);
    SoaProbe probe = new SoaProbe(probeTimeout, connections);
    TransferIn transfers = new TransferIn(limits, clock, connections);
    return new Upstream() {
      @Override
      public Probe probe(Name zone, Remote primary, @Nullable TSIG tsig) {
        return probe.probe(zone, primary, tsig);
      }

      @Override
      public Received transfer(Name zone, Remote primary, @Nullable TSIG tsig, long ourSerial) {
        return transfers.transfer(zone, primary, tsig, ourSerial);
      }

      @Override
      public java.net.@Nullable InetAddress source(InetSocketAddress primary) {
        return TransferHints.sourceFor(primary);
      }
    };
  }
}
