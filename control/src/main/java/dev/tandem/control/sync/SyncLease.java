package dev.tandem.control.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node pushes to a target when several share the store: the one holding its lease, a control
 * object of kind {@value #KIND} ({@code {"holder": NODE, "until": MILLIS}}) changed only by {@link
 * ZoneStore#replaceObject}, so that of two nodes taking it at once exactly one does. The holder
 * renews it once a third of its {@link #TERM} has passed; it stops pushing when it cannot renew
 * (the store down) before the others may take it, {@link #TERM} after the last renewal. A node that
 * stops (kill -9 included) stops renewing, and another takes the target over within a term. The
 * nodes' clocks must agree to within a few seconds.
 */
final class SyncLease {
  private static final Logger log = LoggerFactory.getLogger(SyncLease.class);
  static final String KIND = "sync-lease";
  static final Duration TERM = Duration.ofSeconds(15);

  private final ZoneStore store;
  private final String node;
  private final Clock clock;
  // Targets held here: until when. Others' targets: when to look again (their lease's end).
  private final Map<String, Instant> held = new ConcurrentHashMap<>();
  private final Map<String, Instant> othersUntil = new ConcurrentHashMap<>();

  SyncLease(ZoneStore store, String node, Clock clock) {
    this.store = store;
    this.node = node;
    this.clock = clock;
  }

  String node() {
    return node;
  }

  /** Whether this node holds target {@code id}'s lease now: renewed, or taken, when due. */
  boolean holds(String id) {
    Instant now = clock.instant();
    Instant until = held.get(id);
    if (until != null && now.isBefore(until.minus(TERM.multipliedBy(2).dividedBy(3)))) {
      return true;
    }
    Instant other = othersUntil.get(id);
    if (until == null && other != null && now.isBefore(other)) {
      return false;
    }
    try {
      Optional<String> body = store.object(KIND, id);
      Lease now0 = body.map(SyncLease::read).orElse(null);
      if (now0 != null && !now0.holder().equals(node) && now.isBefore(now0.until())) {
        lost(id, now0);
        return false;
      }
      Instant next = now.plus(TERM);
      String json =
          SyncTarget.JSON
              .createObjectNode()
              .put("holder", node)
              .put("until", next.toEpochMilli())
              .toString();
      if (store.replaceObject(KIND, id, body.orElse(null), json)) {
        if (until == null) {
          log.info("sync target {}: pushed from this node ({}) now", id, node);
        }
        held.put(id, next);
        othersUntil.remove(id);
        return true;
      }
      lost(id, null);
      return false;
    } catch (StoreException e) {
      // Not renewed: pushing stops before another node may take it over.
      if (until != null && now.isBefore(until)) {
        log.warn("sync target {}: lease not renewed: {}", id, e.getMessage());
      }
      held.remove(id);
      return false;
    }
  }

  private void lost(String id, @Nullable Lease theirs) {
    if (held.remove(id) != null) {
      log.warn("sync target {}: another node pushes to it now", id);
    }
    othersUntil.put(id, theirs == null ? clock.instant().plusSeconds(1) : theirs.until());
  }

  /** Gives up the leases held here (at a clean stop), so that another node takes over at once. */
  void releaseAll() {
    for (String id : held.keySet()) {
      release(id);
    }
  }

  /** Gives up target {@code id}'s lease if it is held here. */
  void release(String id) {
    if (held.remove(id) == null) {
      return;
    }
    try {
      store
          .object(KIND, id)
          .filter(b -> node.equals(read(b).holder()))
          .ifPresent(
              b ->
                  store.replaceObject(
                      KIND,
                      id,
                      b,
                      SyncTarget.JSON
                          .createObjectNode()
                          .put("holder", node)
                          .put("until", 0L)
                          .toString()));
    } catch (StoreException e) {
      log.debug("sync target {}: lease not released: {}", id, e.getMessage());
    }
  }

  /** The holder of target {@code id}'s lease, if any holds it now. */
  @Nullable String holder(String id) {
    Lease l = store.object(KIND, id).map(SyncLease::read).orElse(null);
    return l == null || !clock.instant().isBefore(l.until()) ? null : l.holder();
  }

  private record Lease(String holder, Instant until) {}

  private static Lease read(String json) {
    try {
      JsonNode o = SyncTarget.JSON.readTree(json);
      return new Lease(o.path("holder").asText(), Instant.ofEpochMilli(o.path("until").asLong()));
    } catch (IOException e) {
      return new Lease("", Instant.EPOCH); // unreadable: anyone may take it
    }
  }
}
