package dev.tandem.control;

import dev.tandem.control.access.StoredKeys;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Takes in what other nodes sharing the store (PostgreSQL) changed: zones created there are served
 * here, zones deleted there stop, zones changed there serve the stored version, and TSIG keys made
 * or deleted there are added or removed. One read of the zone table and one of the keys per round;
 * a zone whose stored serial is the one served costs nothing more: it is given the serial that read
 * found (a query a zone was 100,000 queries a second with a catalog's 100,000 members).
 */
final class StoreFollower {
  private static final Logger log = LoggerFactory.getLogger(StoreFollower.class);

  private final ControlPlane registry;
  private final ZoneStore store;

  /** The TSIG keys last read from the store (made through the API, here or on another node). */
  private final Set<Name> storedKeys = ConcurrentHashMap.newKeySet();

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
    // Only zones served before the store is read can be judged by what it holds: one made here
    // meanwhile (stored, then served: a catalog's thousand new members, a zone made through the
    // API) may have been stored after the read, and is not one another node deleted. Every zone
    // served here but those of the configuration has its row before it is served.
    List<ManagedZone> before = List.copyOf(registry.zonesInAnyOrder()); // not sorted: not needed
    Set<Name> present = new HashSet<>();
    Map<Name, String> createdBy = store.settingOfAll(CreatedZones.CREATED);
    for (ZoneState s : store.zones()) {
      present.add(s.zone());
      Optional<ManagedZone> here = registry.zone(s.zone());
      if (here.isPresent()) {
        here.get().followStore(s.serial());
        continue;
      }
      if (!CreatedZones.byApi(createdBy.get(s.zone()))) {
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
    for (ManagedZone z : before) {
      if (!present.contains(z.name())
          && !registry.isConfigured(z.name())
          && registry.zone(z.name()).orElse(null) == z) {
        registry.forget(z);
        log.info("{}: deleted by another node sharing the store; no longer served", z.name());
      }
    }
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
