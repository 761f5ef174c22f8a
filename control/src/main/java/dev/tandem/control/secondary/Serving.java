package dev.tandem.control.secondary;

import dev.tandem.control.zone.JournalWindow;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneState;
import org.jspecify.annotations.Nullable;

/**
 * What a secondary zone serves and knows at one moment: replaced whole by the zone's event thread,
 * read by anyone (network threads included) without a lock.
 *
 * @param zone the version served, null if none yet
 * @param kept the changes that led to it, for IXFR out
 * @param state serials and timers, as stored
 * @param expired whether EXPIRE has passed (SERVFAIL until a refresh succeeds)
 * @param refreshing whether a refresh is under way
 */
record Serving(
    @Nullable ZoneSnapshot zone,
    JournalWindow kept,
    ZoneState state,
    boolean expired,
    boolean refreshing) {

  Serving with(ZoneState s) {
    return new Serving(zone, kept, s, expired, refreshing);
  }

  Serving refreshing(boolean on) {
    return new Serving(zone, kept, state, expired, on);
  }

  /** Where the zone is: expired first, then refreshing, then whether it has data and it worked. */
  ZoneStatus.State phase() {
    if (expired) {
      return ZoneStatus.State.EXPIRED;
    }
    if (refreshing) {
      return ZoneStatus.State.REFRESHING;
    }
    if (zone == null) {
      return ZoneStatus.State.LOADING;
    }
    return state.lastError() != null ? ZoneStatus.State.FAILING : ZoneStatus.State.OK;
  }
}
