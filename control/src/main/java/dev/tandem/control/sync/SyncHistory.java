package dev.tandem.control.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.sync.SyncStatus.State;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to one target, newest first, the last {@value #KEPT} events, and the state last
 * alerted for it: kept in the store as a control object of kind {@value #KIND} (named as the
 * target's), so that a restart, or another node taking the target over, neither forgets the history
 * nor alerts the same transition again. A store that fails is logged; the sync goes on.
 */
final class SyncHistory {
  private static final Logger log = LoggerFactory.getLogger(SyncHistory.class);
  static final String KIND = "sync-history";
  static final int KEPT = 100;

  private final ZoneStore store;
  private final String id;
  private final Deque<SyncStatus.Event> events = new ArrayDeque<>();
  private State alerted = State.IN_SYNC;
  // The last of in-sync, conflict, unreachable and failing the target was in, and since when.
  private State standing = State.IN_SYNC;
  private Instant standingSince = Instant.EPOCH;
  private boolean closed;

  /** A transition to alert: from the state last alerted, to the one held since {@code since}. */
  record Due(State from, State to, Instant since) {}

  private SyncHistory(ZoneStore store, String id) {
    this.store = store;
    this.id = id;
  }

  /** The history of target {@code id} as stored, or an empty one. */
  static SyncHistory load(ZoneStore store, String id) {
    SyncHistory h = new SyncHistory(store, id);
    try {
      store.object(KIND, id).ifPresent(h::read);
    } catch (StoreException e) {
      log.warn("sync target {}: history unreadable: {}", id, e.getMessage());
    }
    return h;
  }

  private void read(String json) {
    try {
      JsonNode o = SyncTarget.JSON.readTree(json);
      alerted = State.valueOf(o.path("alerted").asText("IN_SYNC").toUpperCase(Locale.ROOT));
      standing = alerted;
      for (JsonNode e : o.path("events")) {
        if (events.size() < KEPT) {
          events.addLast(
              new SyncStatus.Event(Instant.parse(e.path("at").asText()), e.path("what").asText()));
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("sync target {}: history unreadable, started anew: {}", id, e.getMessage());
      events.clear();
      alerted = State.IN_SYNC;
      standing = alerted;
    }
  }

  /** Reads it again from the store (another node kept it meanwhile). */
  synchronized void reload() {
    try {
      events.clear();
      alerted = State.IN_SYNC;
      standing = alerted;
      store.object(KIND, id).ifPresent(this::read);
    } catch (StoreException e) {
      log.warn("sync target {}: history unreadable: {}", id, e.getMessage());
    }
  }

  synchronized void add(SyncStatus.Event e) {
    events.addFirst(e);
    while (events.size() > KEPT) {
      events.removeLast();
    }
    save();
  }

  synchronized List<SyncStatus.Event> events() {
    return List.copyOf(events);
  }

  /** Notes the state a step left, when it is one that alerts. */
  synchronized void stand(State s, Instant now) {
    boolean alerts =
        s == State.IN_SYNC || s == State.CONFLICT || s == State.UNREACHABLE || s == State.FAILING;
    if (alerts && s != standing) {
      standing = s;
      standingSince = now;
    }
  }

  /**
   * The transition to alert now, if the state it stands in has held for {@code grace} and is not
   * the one last alerted; marked alerted (and saved), so it is returned once.
   */
  synchronized @Nullable Due due(Duration grace, Instant now) {
    if (standing == alerted || now.isBefore(standingSince.plus(grace))) {
      return null;
    }
    Due d = new Due(alerted, standing, standingSince);
    alerted = standing;
    save();
    return d;
  }

  /** The target was removed or handed over: nothing more is written for it here. */
  synchronized void close() {
    closed = true;
  }

  private void save() {
    if (closed) {
      return;
    }
    ObjectNode o = SyncTarget.JSON.createObjectNode();
    o.put("alerted", alerted.name());
    ArrayNode a = o.putArray("events");
    for (SyncStatus.Event e : events) {
      a.addObject().put("at", e.at().toString()).put("what", e.what());
    }
    try {
      store.saveObject(KIND, id, o.toString());
    } catch (StoreException e) {
      log.warn("sync target {}: history not saved: {}", id, e.getMessage());
    }
  }

  /** The target is removed: so is its history. */
  static void forget(ZoneStore store, String id) {
    try {
      store.deleteObject(KIND, id);
    } catch (StoreException e) {
      log.debug("sync target {}: history not removed: {}", id, e.getMessage());
    }
  }
}
