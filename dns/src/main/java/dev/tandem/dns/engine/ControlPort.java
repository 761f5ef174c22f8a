package dev.tandem.dns.engine;

import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import java.net.InetAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/**
 * What the data plane asks the control plane, and what it hands over: TSIG keys, who may transfer
 * or NOTIFY a zone, and the NOTIFYs themselves. The control plane implements it; the responder
 * calls it on the (rare) requests that need it, never on a plain query.
 *
 * <p>Every method is called on a network thread and must not block: a NOTIFY is queued, not acted
 * on, before the method returns; an UPDATE is answered through a {@link CompletionStage}.
 */
public interface ControlPort {

  /** The TSIG key of that name (RFC 8945), or null if there is none. */
  @Nullable TSIG key(Name name);

  /**
   * The secrets of the TSIG key of that name that a request may be signed with, the current one
   * first: two while the key is being rotated (the old one still accepted for a while), else {@link
   * #key}'s. Empty if there is no such key. A response is signed with the secret that verified its
   * request.
   */
  default List<TSIG> keys(Name name) {
    TSIG k = key(name);
    return k == null ? List.of() : List.of(k);
  }

  /**
   * Whether {@code peer}, having signed with {@code key} (null if unsigned, otherwise already
   * verified), over TLS or not ({@code overTls}: RFC 9103), may transfer {@code zone} by AXFR or
   * IXFR.
   */
  boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key, boolean overTls);

  /**
   * A NOTIFY (RFC 1996) for {@code zone} from {@code peer}, signed with {@code key} (null if
   * unsigned, otherwise already verified), carrying {@code serial} (-1 if it carried no SOA).
   * Returns the RCODE to answer with: NOERROR when accepted (the refresh is queued), REFUSED or
   * NOTAUTH when the sender is not allowed or the zone takes no NOTIFY.
   */
  int notify(Name zone, InetAddress peer, @Nullable Name key, long serial);

  /**
   * The changes that take {@code zone} from serial {@code from} to {@code to}, oldest first, each
   * with the old SOA among its removals and the new one among its additions (RFC 1995); null when
   * they are not all kept (then IXFR is answered with the whole zone).
   */
  default @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    return null;
  }

  /**
   * A NOTIFY for {@code zone} from {@code peer} that the responder turned away before asking {@link
   * #notify} (its TSIG failed), so that the zone's status can say so.
   */
  default void notifyRefused(Name zone, InetAddress peer, String why) {}

  /**
   * An RFC 2136 UPDATE to {@code zone} (a zone served here) from {@code peer}, signed with {@code
   * key} (null if unsigned, otherwise already verified). The answer's RCODE arrives later: applying
   * an UPDATE writes to disk, which a network thread must not wait for. REFUSED when the signer may
   * not change the zone or the zone takes no UPDATE here (a secondary).
   */
  default CompletionStage<Integer> update(
      Name zone, Message request, InetAddress peer, @Nullable Name key) {
    return CompletableFuture.completedFuture(Rcode.REFUSED);
  }

  /**
   * A zone transfer out (AXFR or IXFR) that ended: sent whole, broken off, or refused. Called once
   * per transfer request for a zone served here, on a network thread when it ends: record it
   * elsewhere, do not wait for anything. (An IXFR answered with the whole zone is still an IXFR.)
   */
  default void transferredOut(Transfer transfer) {}

  /**
   * A transfer request over UDP or refused, answered in one message: {@link #mayTransfer} refused
   * {@code peer} ({@link TurnedAway#NOT_ALLOWED}), or an allowed client asked over UDP ({@link
   * TurnedAway#OVER_UDP}). Counted, then logged and kept in the zone's history as the control plane
   * sees fit. Each costs its sender one datagram, which may come from a forged address, so a flood
   * of them must not each write a log line and a history entry. By default, as any transfer that
   * ended.
   */
  default void transferTurnedAway(Transfer transfer, InetAddress peer, TurnedAway why) {
    transferredOut(transfer);
  }

  /** Why a transfer request was answered in one message (see {@link #transferTurnedAway}). */
  enum TurnedAway {
    /** Not on the zone's transfer ACL: REFUSED. */
    NOT_ALLOWED,
    /**
     * Over UDP: an AXFR is answered FORMERR (RFC 5936 section 4.2), an IXFR with the zone's SOA
     * only (RFC 1995 section 2: ask over TCP, or nothing newer).
     */
    OVER_UDP
  }

  /**
   * The control plane's clock, which the data plane reads to say when a transfer out started: the
   * data plane has none of its own, so that tests can run both on one fake clock.
   */
  default InstantSource clock() {
    return InstantSource.system();
  }

  /**
   * Seconds until {@code zone} expires, for the EDNS EXPIRE option (RFC 7314), or -1 if the zone
   * does not expire (a primary) or is unknown.
   */
  long expireSeconds(Name zone);

  /** No keys, no transfers, no NOTIFY: what a server with only zone files needs. */
  ControlPort NONE =
      new ControlPort() {
        @Override
        public @Nullable TSIG key(Name name) {
          return null;
        }

        @Override
        public boolean mayTransfer(
            Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
          return false;
        }

        @Override
        public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
          return Rcode.NOTAUTH;
        }

        @Override
        public long expireSeconds(Name zone) {
          return -1;
        }
      };
}
