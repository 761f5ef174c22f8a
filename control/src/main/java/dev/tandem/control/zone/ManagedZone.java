package dev.tandem.control.zone;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * A zone this server serves, whatever feeds it: a primary edited here, a secondary following
 * primaries, and the kinds to come (a catalog member, a zone kept equal to another provider's
 * primary). The registry ({@code ControlPlane}) holds them behind this interface, so that each kind
 * plugs in without another branch there.
 *
 * <p><b>Two kinds of caller.</b> Methods marked <em>data plane</em> are called on network threads
 * (NOTIFY, IXFR out, transfer ACLs, EDNS EXPIRE): they read the zone's one published immutable
 * state and return; they never wait for a lock that a change or a refresh holds, never touch the
 * store, never block. Everything else runs on control-plane threads and may block (store writes,
 * transfers in, waiting for a change under way).
 */
public interface ManagedZone {

  /** The zone's origin. */
  Name name();

  /** How the zone gets its contents. */
  ZoneKind kind();

  /**
   * Serves the zone at once from what the store (or its zone file) holds, and starts its timers.
   * Called once, before the zone is registered.
   *
   * @return what is served, in words, for the log
   */
  String start();

  /** What an operator wants to know about the zone now. */
  ZoneStatus status();

  /**
   * The served version's signatures, as {@link #status} tells them, or null if it has none (or
   * nothing is served): for the periodic freshness check, which builds no whole status for each of
   * a catalog's 100,000 members.
   */
  @Nullable SignatureStatus signatures();

  /**
   * Who configures the zone when it is neither the configuration nor the API (a catalog, RFC 9432),
   * in words: such a zone is deleted there, not through the API. Null by default.
   */
  default @Nullable String owner() {
    return null;
  }

  /** The version served, or null if there is none yet. Data plane. */
  @Nullable ZoneSnapshot current();

  /**
   * The changes that take the zone from serial {@code from} to {@code to}, oldest first, each with
   * the old SOA among its removals and the new one among its additions (RFC 1995); null when they
   * are not all kept in memory (then IXFR out sends the whole zone). Data plane.
   */
  @Nullable List<ZoneDiff> changes(long from, long to);

  /** The changes kept for IXFR out, oldest first. */
  List<JournalStep> journal();

  /**
   * Whether {@code peer}, signed with {@code key} (null if unsigned, else verified), over TLS or
   * not, may transfer the zone; a refusal is counted for the status. Data plane.
   */
  boolean mayTransfer(InetAddress peer, @Nullable Name key, boolean overTls);

  /**
   * A NOTIFY (RFC 1996) from {@code peer}, signed with {@code key}, carrying {@code serial} (-1 if
   * none): the RCODE to answer with. A zone that takes no NOTIFY answers NOTAUTH. Data plane.
   */
  default int onNotify(InetAddress peer, @Nullable Name key, long serial) {
    return Rcode.NOTAUTH;
  }

  /** A NOTIFY the responder turned away before {@link #onNotify} (its TSIG failed). Data plane. */
  default void notifyRefused(InetAddress peer, String why) {}

  /**
   * Applies an RFC 2136 UPDATE from {@code peer} signed with {@code key} (verified; null if
   * unsigned): the outcome, refused unless the zone takes UPDATEs from that key. Blocks until the
   * change is stored; called on a control-plane worker.
   */
  default Change update(Message request, InetAddress peer, @Nullable Name key) {
    return Change.refused(
        this, Rcode.REFUSED, "not a primary zone here: send UPDATEs to the zone's primary");
  }

  /**
   * Seconds left before the zone expires, for the EDNS EXPIRE option (RFC 7314), or -1 when there
   * is nothing to say. Data plane.
   */
  long expireSeconds();

  /** Whether the zone's configuration names TSIG key {@code key} anywhere. */
  boolean usesKey(Name key);

  /** Sends NOTIFY for the served serial to the zone's secondaries now. */
  void notifyNow();

  /**
   * Serves the version another node sharing the store wrote, if the store holds another serial than
   * the one served: {@code storedSerial}, read with every other zone's state in one query (-1 if
   * none yet). Costs nothing when it is the one served.
   */
  void followStore(long storedSerial);

  /**
   * Stops the zone: waits for a change or refresh under way, cancels its timers and makes later
   * changes fail, so that nothing stores or publishes it again. What is served is the caller's to
   * remove.
   */
  void close();
}
