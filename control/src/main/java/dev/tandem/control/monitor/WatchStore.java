package dev.tandem.control.monitor;

import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Each zone's consistency history ({@link ZoneWatch}: states, since-when, transitions) kept in the
 * store as a control object, so that a restart neither forgets it nor alerts again; a store that
 * fails is logged and the checks go on.
 */
final class WatchStore {
  private static final Logger log = LoggerFactory.getLogger(WatchStore.class);

  private final @Nullable ZoneStore store;

  /**
   * @param store where histories are kept, or null to keep none
   */
  WatchStore(@Nullable ZoneStore store) {
    this.store = store;
  }

  ZoneWatch load(Name zone) {
    if (store == null) {
      return new ZoneWatch(zone);
    }
    try {
      return store
          .object(ZoneWatch.KIND, zone.toString())
          .map(json -> ZoneWatch.fromJson(zone, json))
          .orElseGet(() -> new ZoneWatch(zone));
    } catch (StoreException e) {
      log.warn("{}: consistency history unreadable: {}", zone, e.getMessage());
      return new ZoneWatch(zone);
    }
  }

  void save(ZoneWatch w) {
    if (store == null || !w.dirty()) {
      return;
    }
    try {
      store.saveObject(ZoneWatch.KIND, w.zone.toString(), w.toJson());
    } catch (StoreException e) {
      log.warn("{}: consistency history not saved: {}", w.zone, e.getMessage());
    }
  }

  void forget(Name zone) {
    if (store != null) {
      try {
        store.deleteObject(ZoneWatch.KIND, zone.toString());
      } catch (StoreException e) {
        log.debug("{}: consistency history not removed: {}", zone, e.getMessage());
      }
    }
  }
}
