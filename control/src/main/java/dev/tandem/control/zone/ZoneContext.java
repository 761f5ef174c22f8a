package dev.tandem.control.zone;

import dev.tandem.control.access.Keyring;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.control.transfer.NotifySender;
import dev.tandem.control.transfer.PrimaryOrder;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.store.ZoneStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * What every managed zone runs on, shared by all of them: the store, where snapshots are published,
 * the keys, the primaries and how to reach them, NOTIFY out, threads and timers, the clock and the
 * random source, and the counters.
 *
 * @param workers where zone events and changes run (control-plane threads, allowed to block)
 * @param afterListening where work that serving does not need runs (writing a zone new to the
 *     store): on the workers, once the server listens
 * @param timers where REFRESH and EXPIRE timers are set
 * @param refreshTimers the bounds on a secondary's SOA timers
 * @param refusals where NOTIFYs and UPDATEs refused for their sender are counted and logged
 * @param serialQueries how fast NOTIFYs may start SOA checks, all zones together
 */
public record ZoneContext(
    ZoneStore store,
    ZonePublisher publisher,
    Keyring keys,
    Upstream upstream,
    PrimaryOrder primaries,
    NotifySender notifier,
    ControlMetrics metrics,
    TimerPolicy refreshTimers,
    Executor workers,
    Executor afterListening,
    Timers timers,
    Clock clock,
    RandomGenerator random,
    RefusalLog refusals,
    SerialQueryRate serialQueries) {

  /** The signer for a key name, or null for none (the name was checked at configuration). */
  public @Nullable TSIG tsig(@Nullable Name key) {
    return key == null ? null : keys.tsig(key);
  }
}
