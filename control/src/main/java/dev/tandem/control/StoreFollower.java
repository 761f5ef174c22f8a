package dev.tandem.control;

import dev.tandem.control.access.StoredKeys;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Takes in what other nodes sharing the store (PostgreSQL) changed: zones created there are served
 * here, zones deleted there stop, zones changed there serve the stored version, and TSIG keys made
 * or deleted there are added or removed. Each round reads only the zones written since the round
 * before ({@link ZoneStore#changedZones}; reading the whole zone table every second was a quarter
 * of a core at rest with 100,000 zones), and every {@link #COMPLETE_EVERY} all of them, in case a
 * round was missed for longer than the store keeps deletions. A zone whose stored serial is the one
 * served costs nothing more: it is given the serial the read found.
 */
final class StoreFollower {
  private static final Logger log = LoggerFactory.getLogger(StoreFollower.class);

  /** How often a round reads every zone: well within the hour the store keeps deletions. */
  static final Duration COMPLETE_EVERY = Duration.ofMinutes(10);

  private final ControlPlane registry;
  private final ZoneStore store;

  /** The TSIG keys last read from the store (made through the API, here or on another node). */
  private final Set<Name> storedKeys = ConcurrentHashMap.newKeySet();

  /** Where the next round's read starts ({@link ZoneStore#EVERY_ZONE} before the first). */
  private long mark = ZoneStore.EVERY_ZONE;

  /** When the last round that read every zone began ({@link System#nanoTime}). */
  private long lastComplete;

  StoreFollower(ControlPlane registry, ZoneStore store) {
    this.registry = registry;
    this.store = store;
  }

  /** {@link #follow}, logging a failure (the next round tries again). */
  void followSafely() {
    try {
      follow();
    } catch (RuntimeException e) {
      log.warn("following the shared store failed: {}", e.getMessage());
    }
  }

  void follow() {
    followKeys();
    long now = System.nanoTime();
    if (now - lastComplete >= COMPLETE_EVERY.toNanos()) {
      mark = ZoneStore.EVERY_ZONE;
    }
    // Only zones served before the store is read can be judged by what it holds: one made here
    // meanwhile (stored, then served: a catalog's thousand new members, a zone made through the
    // API) may have been stored after the read, and is not one another node deleted. Every zone
    // served here but those of the configuration has its row before it is served.
    List<ManagedZone> before = List.copyOf(registry.zonesInAnyOrder()); // not sorted: not needed
    ZoneStore.ZoneChanges read = store.changedZones(mark, CreatedZones.CREATED);
    Set<Name> present = new HashSet<>();
    for (ZoneState s : read.zones()) {
      present.add(s.zone());
      Optional<ManagedZone> here = registry.zone(s.zone());
      if (here.isPresent()) {
        here.get().followStore(s.serial());
        continue;
      }
      if (!CreatedZones.byApi(read.setting().get(s.zone()))) {
        continue; // a catalog's member or catalog: its catalog serves it, or not
      }
      registry
          .created(s.zone(), s.kind())
          .ifPresent(
              z -> {
                try {
                  registry.adopt(z);
                  log.info(
                      "{}: {} zone created by another node sharing the store; serving it",
                      z.name(),
                      z.kind().word());
                } catch (RuntimeException e) {
                  log.warn(
                      "{}: created by another node, not served here: {}", z.name(), e.getMessage());
                }
              });
    }
    if (read.complete() || !read.deleted().isEmpty()) {
      for (ManagedZone z : before) {
        boolean gone =
            read.complete() ? !present.contains(z.name()) : read.deleted().contains(z.name());
        if (gone && !registry.isConfigured(z.name()) && registry.zone(z.name()).orElse(null) == z) {
          registry.forget(z);
          log.info("{}: deleted by another node sharing the store; no longer served", z.name());
        }
      }
    }
    if (read.complete()) {
      lastComplete = now;
    }
    mark = read.mark();
  }

  /** Takes in the TSIG keys other nodes made or deleted in the shared store. */
  private void followKeys() {
    Set<Name> now = new HashSet<>();
    for (TsigKey k : StoredKeys.read(store)) {
      now.add(k.name());
      if (storedKeys.add(k.name()) || !registry.hasKey(k.name())) {
        registry.putKey(k);
      }
    }
    for (Name gone : List.copyOf(storedKeys)) {
      if (!now.contains(gone)) {
        storedKeys.remove(gone);
        registry.removeKey(gone);
        log.info("TSIG key {} deleted by another node sharing the store", gone);
      }
    }
  }
}
