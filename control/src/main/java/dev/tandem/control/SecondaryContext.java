package dev.tandem.control;

import dev.tandem.store.ZoneStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** What every secondary zone's lifecycle shares: the store, the clock, threads, peers, keys. */
record SecondaryContext(
    ZoneStore store,
    ZonePublisher publisher,
    Keyring keys,
    SoaProbe probe,
    TransferIn transferIn,
    PrimaryOrder primaries,
    NotifySender notifier,
    TimerPolicy timers,
    Executor workers,
    ScheduledExecutorService scheduler,
    Clock clock,
    RandomGenerator random) {

  /** The signer for a key name, or null for none (the name was checked at configuration). */
  @Nullable TSIG tsig(@Nullable Name key) {
    return key == null ? null : keys.tsig(key);
  }
}
