package dev.tandem.control.monitor;

import dev.tandem.control.access.Remote;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * What the monitor needs of the zones served here, and the little it may do to them. Over the
 * registry in a server ({@link RegistryZones}); scripted in tests.
 */
public interface WatchedZones {

  /** The zones served here, by name. */
  List<Name> names();

  /** One zone as the monitor sees it, if served here. */
  Optional<Subject> zone(Name name);

  /** Whether this server answers at {@code address}. */
  boolean isOwn(InetSocketAddress address);

  /** The addresses this server answers on (wildcards left out: they name no server). */
  List<InetSocketAddress> ownAddresses();

  /** The signer for a TSIG key, or null if it is not defined. */
  @Nullable TSIG tsig(Name key);

  /** NOTIFY of the serial served now, to {@code target} alone; false if there is none to send. */
  boolean notifyAgain(Name zone, Remote target);

  /**
   * A zone as the monitor sees it.
   *
   * @param current what is served, or null before the first version
   * @param serving whether {@code current} is answered (not expired, not loading)
   * @param primaries its configured primaries (empty for a zone that is not a secondary here)
   * @param notifyTargets the configured secondaries it NOTIFYs (its NS set's are found there)
   * @param notified the last NOTIFY to each target and what became of it
   */
  record Subject(
      Name name,
      @Nullable ZoneSnapshot current,
      boolean serving,
      List<Remote> primaries,
      List<Remote> notifyTargets,
      List<NotifyOutcome> notified) {
    public Subject {
      primaries = List.copyOf(primaries);
      notifyTargets = List.copyOf(notifyTargets);
      notified = List.copyOf(notified);
    }

    /** A zone answered from {@code current} whenever there is one. */
    public Subject(
        Name name,
        @Nullable ZoneSnapshot current,
        List<Remote> primaries,
        List<Remote> notifyTargets,
        List<NotifyOutcome> notified) {
      this(name, current, current != null, primaries, notifyTargets, notified);
    }
  }
}
