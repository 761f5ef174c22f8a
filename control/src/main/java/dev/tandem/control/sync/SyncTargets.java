package dev.tandem.control.sync;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.notFound;

import dev.tandem.control.service.ServiceException;
import dev.tandem.control.sync.adapter.SyncAdapter;
import dev.tandem.control.sync.adapter.SyncException;
import dev.tandem.control.zone.Timers;
import dev.tandem.store.ZoneStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Every zone's sync targets: added, listed, planned, applied, resolved and removed here (the API's
 * use cases), kept in the store as control objects of kind {@value #KIND}, each run by its own
 * {@link TargetRunner} on a small shared scheduler. A runner's step every {@code tick} costs one
 * read of the zone's served serial when there is nothing to do.
 */
public final class SyncTargets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncTargets.class);
  static final String KIND = "sync-target";

  private final ZoneStore store;
  private final OurZones ours;
  private final Function<SyncTarget, SyncAdapter> adapters;
  private final Clock clock;
  private final Duration tick;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final List<SyncAlert.Sink> sinks;
  private final Duration grace;
  // With several nodes on one store: who pushes to each target, and what this node last saved.
  private volatile @Nullable SyncLease lease;
  private final Map<String, String> lastSaved = new ConcurrentHashMap<>();
  private final java.util.Set<String> pushedHere = ConcurrentHashMap.newKeySet();

  /** A runner, its scheduled turns, and one turn: a step, then the alert it made due, if any. */
  private record Running(TargetRunner runner, ScheduledFuture<?> task, Runnable turn) {}

  /**
   * @param adapters makes a target's adapter (refusing, with {@link ServiceException}, one whose
   *     endpoint or key does not do)
   * @param tick how often each target looks for a new serial
   */
  public SyncTargets(
      ZoneStore store,
      OurZones ours,
      Function<SyncTarget, SyncAdapter> adapters,
      Clock clock,
      Duration tick) {
    this(store, ours, adapters, clock, tick, List.of(), Duration.ZERO);
  }

  /**
   * As above, alerting each target's change of state (in-sync, conflict, unreachable, failing) that
   * held for {@code grace} to the log and to {@code sinks}, once, as the cross-provider monitor
   * alerts a server's.
   */
  public SyncTargets(
      ZoneStore store,
      OurZones ours,
      Function<SyncTarget, SyncAdapter> adapters,
      Clock clock,
      Duration tick,
      List<SyncAlert.Sink> sinks,
      Duration grace) {
    List<SyncAlert.Sink> all = new ArrayList<>();
    all.add(SyncAlert.LOG);
    all.addAll(sinks);
    this.sinks = List.copyOf(all);
    this.grace = grace;
    this.store = store;
    this.ours = ours;
    this.adapters = adapters;
    this.clock = clock;
    this.tick = tick;
    this.scheduler = Timers.scheduler("sync", 2);
  }

  /**
   * Several nodes share the store: each target is pushed to by one of them at a time, the holder of
   * its lease ({@link SyncLease}); every {@code every} this node takes up targets added, changed or
   * removed by the others. Call before {@link #start}.
   *
   * @param node this node's name, unique among them (a new one at each start)
   */
  public void share(String node, Duration every) {
    this.lease = new SyncLease(store, node, clock);
    scheduler.scheduleWithFixedDelay(
        this::followSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Takes up every stored target at its stored position. */
  public void start() {
    store
        .objects(KIND)
        .forEach(
            (name, json) -> {
              try {
                lastSaved.put(name, json);
                run(SyncTarget.fromJson(json));
              } catch (RuntimeException e) {
                log.warn("sync target {} not started: {}", name, e.getMessage());
              }
            });
  }

  /**
   * Adds a target (not pushed to until applied: see {@link #plan} first).
   *
   * @throws ServiceException if the zone is not served here, the name is taken, or the endpoint or
   *     key does not do
   */
  public SyncStatus add(SyncTarget t) {
    if (ours.current(t.zone()) == null) {
      throw notFound("zone " + t.zone() + " is not served here with contents to sync");
    }
    String id = t.objectName();
    if (running.containsKey(id) || store.object(KIND, id).isPresent()) {
      throw conflict("zone " + t.zone() + " has a sync target '" + t.name() + "' already");
    }
    SyncTarget fresh = t.progress(List.of(), false, -1, Map.of());
    TargetRunner r = run(fresh);
    save(fresh);
    return r.status();
  }

  private TargetRunner run(SyncTarget t) {
    SyncAdapter adapter = adapters.apply(t);
    TargetRunner r =
        new TargetRunner(
            t, adapter, ours, this::save, SyncHistory.load(store, t.objectName()), clock);
    String id = t.objectName();
    Runnable turn =
        () -> {
          SyncLease l = lease;
          if (l != null) {
            if (!l.holds(id)) {
              pushedHere.remove(id);
              return; // another node pushes to it
            }
            if (pushedHere.add(id)) {
              // Taken over (or first taken): from where the last holder left it, history included.
              synchronized (r) {
                store
                    .object(KIND, id)
                    .ifPresent(
                        json -> {
                          lastSaved.put(id, json);
                          r.takeOver(SyncTarget.fromJson(json));
                        });
              }
            }
          }
          r.step();
          alert(r);
        };
    ScheduledFuture<?> task =
        scheduler.scheduleWithFixedDelay(
            turn, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    Running old = running.put(t.objectName(), new Running(r, task, turn));
    if (old != null) {
      old.task().cancel(false);
      old.runner().close();
    }
    return r;
  }

  /** Delivers the runner's alert, if one is due, to every sink. */
  private void alert(TargetRunner r) {
    SyncAlert a = r.alertDue(grace);
    if (a == null) {
      return;
    }
    for (SyncAlert.Sink s : sinks) {
      try {
        s.deliver(a);
      } catch (RuntimeException e) {
        log.warn(
            "sync {} of zone {}: an alert sink failed: {}", a.target(), a.zone(), e.toString());
      }
    }
  }

  private void save(SyncTarget t) {
    if (running.containsKey(t.objectName())) {
      String json = t.toJson();
      lastSaved.put(t.objectName(), json);
      store.saveObject(KIND, t.objectName(), json);
    }
  }

  private void followSafely() {
    try {
      follow();
    } catch (RuntimeException e) {
      log.warn("sync targets: following the shared store failed: {}", e.getMessage());
    }
  }

  /**
   * Takes up what other nodes did: a target added there runs here too (pushing only with the
   * lease), one removed there stops here, one changed there (pushed to, reconfigured, applied) is
   * taken up as it is stored.
   */
  void follow() {
    Map<String, String> stored = store.objects(KIND);
    for (Map.Entry<String, String> e : stored.entrySet()) {
      Running r = running.get(e.getKey());
      if (r == null) {
        try {
          lastSaved.put(e.getKey(), e.getValue());
          run(SyncTarget.fromJson(e.getValue()));
        } catch (RuntimeException x) {
          log.warn("sync target {} not started: {}", e.getKey(), x.getMessage());
        }
      } else if (!e.getValue().equals(lastSaved.get(e.getKey()))) {
        synchronized (r.runner()) {
          // Read again under the runner's lock: it may have saved since the list was read.
          store
              .object(KIND, e.getKey())
              .filter(json -> !json.equals(lastSaved.get(e.getKey())))
              .ifPresent(
                  json -> {
                    lastSaved.put(e.getKey(), json);
                    r.runner().takeUp(SyncTarget.fromJson(json));
                  });
        }
      }
    }
    for (String id : List.copyOf(running.keySet())) {
      if (!stored.containsKey(id)) {
        Running r = running.remove(id);
        if (r != null) {
          r.task().cancel(false);
          r.runner().close();
          lastSaved.remove(id);
          pushedHere.remove(id);
          log.info("sync target {}: removed on another node", id);
        }
      }
    }
  }

  /** One turn of a target now, on the caller's thread (for tests). */
  void turn(Name zone, String name) {
    Running r = running.get(SyncTarget.objectName(zone, name));
    if (r == null) {
      throw notFound("zone " + zone + " has no sync target '" + name + "'");
    }
    r.turn().run();
  }

  /**
   * A new version of {@code zone} is served: its targets take a step now rather than at their next
   * tick. Returns at once (called where a zone is published).
   */
  public void published(Name zone) {
    String prefix = zone.canonicalize() + "/";
    running.forEach(
        (id, r) -> {
          if (id.startsWith(prefix)) {
            try {
              scheduler.execute(r.turn());
            } catch (java.util.concurrent.RejectedExecutionException e) {
              // closing: nothing more to push
            }
          }
        });
  }

  /**
   * Changes a target's settings; each null keeps the one it has. Its position and what it refused
   * are kept.
   */
  public SyncStatus reconfigure(
      Name zone,
      String name,
      SyncTarget.@Nullable Policy policy,
      @Nullable Duration interval,
      @Nullable List<String> exclusions,
      @Nullable Boolean unionNs) {
    TargetRunner r = runner(zone, name);
    r.reconfigure(
        t ->
            t.settings(
                policy != null ? policy : t.policy(),
                interval != null ? interval : t.interval(),
                exclusions != null ? exclusions : t.exclusions(),
                unionNs != null ? unionNs : t.unionNs()));
    return r.status();
  }

  /** Removes a target: nothing more is pushed there; what it has stays. */
  public void remove(Name zone, String name) {
    Running r = running.remove(SyncTarget.objectName(zone, name));
    if (r == null) {
      throw notFound("zone " + zone + " has no sync target '" + name + "'");
    }
    r.task().cancel(false);
    r.runner().close();
    SyncLease l = lease;
    if (l != null) {
      l.release(SyncTarget.objectName(zone, name));
    }
    lastSaved.remove(SyncTarget.objectName(zone, name));
    pushedHere.remove(SyncTarget.objectName(zone, name));
    store.deleteObject(KIND, SyncTarget.objectName(zone, name));
    SyncHistory.forget(store, SyncTarget.objectName(zone, name));
  }

  /**
   * The zone is no longer served (deleted here, or on another node sharing the store): its targets
   * are removed, on the sync threads (the caller may hold the registry's lock; this writes to the
   * store). What they hold stays there.
   */
  public void zoneRemoved(Name zone) {
    try {
      scheduler.execute(
          () -> {
            for (SyncTarget t : targets(zone)) {
              try {
                remove(zone, t.name());
              } catch (ServiceException e) {
                // removed meanwhile
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** The targets of a zone, by name. */
  public List<SyncStatus> list(Name zone) {
    return targets(zone).stream().map(t -> runner(zone, t.name()).status()).toList();
  }

  /** Every target of every zone, for the metrics. */
  public Map<Name, List<SyncStatus>> all() {
    Map<Name, List<SyncStatus>> out = new java.util.TreeMap<>();
    for (Running r : running.values()) {
      out.computeIfAbsent(r.runner().target().zone(), z -> new ArrayList<>())
          .add(r.runner().status());
    }
    return out;
  }

  /** How many RRsets were pushed to a target since start, for the metrics. */
  public long pushed(Name zone, String name) {
    return runner(zone, name).pushedRrSets();
  }

  public SyncStatus status(Name zone, String name) {
    return runner(zone, name).status();
  }

  /** What applying would change at the target now. */
  public SyncPlan plan(Name zone, String name) {
    TargetRunner r = runner(zone, name);
    try {
      return r.plan();
    } catch (SyncException e) {
      throw unavailable(r, e);
    }
  }

  /** Pushes the whole difference now, or adopts the target's RRsets as ours. */
  public SyncPlan apply(Name zone, String name, boolean adoptTheirs) {
    TargetRunner r = runner(zone, name);
    try {
      return r.apply(adoptTheirs);
    } catch (SyncException e) {
      throw unavailable(r, e);
    } finally {
      alert(r);
    }
  }

  /**
   * Resolves the target's conflicts (all, or those of one name and type): with ours pushed there,
   * or with theirs made ours.
   */
  public List<SyncPlan.Entry> resolve(
      Name zone, String name, @Nullable String owner, @Nullable String type, boolean takeOurs) {
    TargetRunner r = runner(zone, name);
    try {
      return r.resolve(owner, type, takeOurs);
    } catch (SyncException e) {
      throw unavailable(r, e);
    } finally {
      alert(r);
    }
  }

  private static RuntimeException unavailable(TargetRunner r, SyncException e) {
    String why = "sync target " + r.target().name() + ": " + e.getMessage();
    return e.kind() == SyncException.Kind.REFUSED ? conflict(why) : new TargetUnavailable(why);
  }

  /** The target did not answer, or failed, while an operator waited for it (HTTP 502). */
  public static final class TargetUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetUnavailable(String message) {
      super(message);
    }
  }

  private List<SyncTarget> targets(Name zone) {
    String prefix = zone.canonicalize() + "/";
    return running.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().runner().target())
        .sorted(java.util.Comparator.comparing(SyncTarget::name))
        .toList();
  }

  private TargetRunner runner(Name zone, String name) {
    Running r = running.get(SyncTarget.objectName(zone, name));
    if (r == null) {
      throw notFound("zone " + zone + " has no sync target '" + name + "'");
    }
    return r.runner();
  }

  @Override
  public void close() {
    running.values().forEach(r -> r.runner().close());
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SyncLease l = lease;
    if (l != null) {
      l.releaseAll(); // the other nodes take over at once
    }
  }
}
