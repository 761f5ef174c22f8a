package dev.tandem.control.monitor;

import dev.tandem.control.access.Remote;
import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.Evaluation;
import dev.tandem.control.monitor.check.Findings;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.check.ServerObservation;
import dev.tandem.control.monitor.check.ZoneObservation;
import dev.tandem.control.monitor.lookup.Delegation;
import dev.tandem.control.monitor.lookup.Querier;
import dev.tandem.control.monitor.lookup.Resolver;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.control.zone.Timers;
import dev.tandem.store.ZoneStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The cross-provider monitor: for every zone served here, a round of checks every interval
 * (jittered, so that ten thousand zones make a steady stream, not a burst each minute), soon after
 * each new serial served here (to see it spread, and time it), and whenever asked ({@link
 * #checkNow}).
 *
 * <p><b>A round</b> ({@link #round}): find the servers ({@link Discovery}: NS set, the parent's
 * delegation from the root, configured primaries and targets, ourselves); ask each of them ({@link
 * Probe}), all at once on virtual threads, through one paced {@link Querier}; judge ({@link
 * Findings}, pure); remember ({@link ZoneWatch}: since-when, transitions, kept in the store when
 * they change); alert what held ({@link Alerts}); heal what is safe to heal: a secondary we NOTIFY
 * that lags behind a serial it was told of is NOTIFYed again, a few times at most.
 *
 * <p><b>Threads.</b> One platform thread keeps time; rounds run on virtual threads, at most {@link
 * MonitorOptions#zonesAtOnce} at once, one at a time per zone. Nothing here is on the query path:
 * the data plane never waits for the monitor, and the monitor reads what is served through the
 * registry's published snapshots.
 */
public final class Monitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Monitor.class);
  private static final Duration SYNC = Duration.ofSeconds(5);
  private static final int AXFR_REFUSED_ROUNDS = 30;
  private static final Duration CHECK_NOW_TIMEOUT = Duration.ofMinutes(2);

  private final MonitorOptions options;
  private final Querier querier;
  private final WatchedZones zones;
  private final WatchStore history;
  private final Renotify renotify;
  private final Clock clock;
  private final RandomGenerator random;
  private final Resolver resolver;
  private final Discovery discovery;
  private final Probe probe;
  private final Alerts alerts;
  private final Audit audit;
  private final ScheduledExecutorService timer;
  private final ExecutorService rounds = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore atOnce;
  private final Map<Name, Entry> entries = new ConcurrentHashMap<>();
  private final List<Propagation> propagation = new CopyOnWriteArrayList<>();
  private final CheckCounters counters = new CheckCounters();
  private final java.util.Set<Name> skip = new java.util.HashSet<>();
  private volatile boolean closed;
  private boolean started;

  /** One zone's place in the schedule. */
  private static final class Entry {
    final ZoneWatch watch;
    final ReentrantLock round = new ReentrantLock();
    volatile @Nullable ScheduledFuture<?> next;
    final List<ScheduledFuture<?>> followUps = new CopyOnWriteArrayList<>();

    Entry(ZoneWatch watch) {
      this.watch = watch;
    }
  }

  /**
   * @param querier how servers are asked (the network's {@code DnsClient} in a server)
   * @param store where each zone's history is kept, or null to keep none
   * @param sinks where alerts go, besides the log
   */
  public Monitor(
      MonitorOptions options,
      WatchedZones zones,
      Querier querier,
      @Nullable ZoneStore store,
      List<Alert.Sink> sinks,
      Clock clock,
      RandomGenerator random) {
    this(
        options,
        zones,
        querier,
        Upstream.network(
            options.client().timeout(), TransferLimits.DEFAULT, clock, name -> null), // no TLS
        store,
        sinks,
        clock,
        random);
  }

  /** As above, transferring whole zones (to compare them) through {@code transfers}. */
  Monitor(
      MonitorOptions options,
      WatchedZones zones,
      Querier querier,
      Upstream transfers,
      @Nullable ZoneStore store,
      List<Alert.Sink> sinks,
      Clock clock,
      RandomGenerator random) {
    this.options = options;
    this.querier = querier;
    this.zones = zones;
    this.history = new WatchStore(store);
    this.renotify = new Renotify(zones, options, counters.renotified);
    this.clock = clock;
    this.random = random;
    this.resolver = new Resolver(querier, options.roots(), clock, options.ipv6());
    this.discovery = new Discovery(resolver, options.providers(), zones, options.ipv6());
    this.probe = new Probe(querier, new ContentCheck(querier, transfers), options);
    this.timer = Timers.scheduler("tandem-check-timer", 1);
    List<Alert.Sink> all = new ArrayList<>();
    all.add(Alerts.LOG);
    all.addAll(sinks);
    this.alerts = new Alerts(all, options.grace(), timer);
    this.atOnce = new Semaphore(options.zonesAtOnce());
    this.audit = new Audit(resolver, querier, options.providers());
    for (String z : options.skip()) {
      skip.add(Name.fromConstantString(z.endsWith(".") ? z : z + "."));
    }
  }

  /** Starts the rounds (every interval, if periodic); zones added later join within seconds. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    timer.scheduleWithFixedDelay(this::syncSafely, 0, SYNC.toMillis(), TimeUnit.MILLISECONDS);
  }

  public MonitorOptions options() {
    return options;
  }

  public CheckCounters counters() {
    return counters;
  }

  /** How the checks find a zone's delegation and name servers' addresses (from the root hints). */
  public Resolver resolver() {
    return resolver;
  }

  /** How the checks ask servers (a {@code DnsClient}, whose counters the metrics show). */
  public Querier querier() {
    return querier;
  }

  /** Calls {@code p} with each new propagation time (for the histogram in the metrics). */
  public void onPropagation(Propagation p) {
    propagation.add(p);
  }

  // ---- what the API asks ----

  /** The zone's last report, if it has had a round. */
  public Optional<ZoneReport> report(Name zone) {
    Entry e = entries.get(zone);
    return e == null ? Optional.empty() : Optional.ofNullable(e.watch.last());
  }

  /** Every zone's last report, by name (zones not checked yet left out). */
  public List<ZoneReport> reports() {
    List<ZoneReport> out = new ArrayList<>();
    for (Name n : zones.names()) {
      report(n).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Runs a round of {@code zone}'s checks now (after the one under way, if any) and returns its
   * report.
   *
   * @throws NoSuchElementException if the zone is not served here
   */
  public ZoneReport checkNow(Name zone) {
    return check(zone, true);
  }

  /** A round now: a full one if {@code asked}, else as the schedule would make it. */
  ZoneReport check(Name zone, boolean asked) {
    if (zones.zone(zone).isEmpty()) {
      throw new NoSuchElementException("zone " + zone + " is not served here");
    }
    Entry e = entry(zone);
    Future<ZoneReport> f =
        rounds.submit(
            () -> {
              e.round.lock();
              try {
                return round(zone, e, asked);
              } finally {
                e.round.unlock();
              }
            });
    try {
      return f.get(CHECK_NOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + zone, ex);
    } catch (ExecutionException ex) {
      throw new IllegalStateException("checking " + zone + " failed: " + ex.getCause(), ex);
    } catch (TimeoutException ex) {
      f.cancel(true);
      throw new IllegalStateException(
          "checking " + zone + " took longer than " + CHECK_NOW_TIMEOUT.toSeconds() + " s");
    }
  }

  /** Audits {@code domains} from the root (see {@link Audit}). */
  public List<Audit.Report> audit(List<Name> domains) {
    List<Future<Audit.Report>> futures = new ArrayList<>();
    for (Name d : domains) {
      futures.add(rounds.submit(() -> audit.of(d)));
    }
    List<Audit.Report> out = new ArrayList<>();
    for (Future<Audit.Report> f : futures) {
      try {
        out.add(f.get(CHECK_NOW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during the audit", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the audit failed: " + e, e);
      }
    }
    return out;
  }

  /**
   * A new serial is served here: noted as first seen now, and the zone checked again shortly, a few
   * times, to see it reach the others.
   */
  public void published(Name zone, long serial) {
    if (closed || skipped(zone) || !options.periodic()) {
      return;
    }
    Instant at = clock.instant();
    // Called as the zone is published: nothing here may wait (reading the history does).
    timer.execute(() -> followUp(zone, serial, at));
  }

  private void followUp(Name zone, long serial, Instant at) {
    Entry e = entry(zone);
    e.watch.serialSeen(serial, at);
    e.followUps.forEach(f -> f.cancel(false));
    e.followUps.clear();
    for (Duration d : options.afterChange()) {
      e.followUps.add(
          timer.schedule(
              () -> rounds.execute(() -> roundIfIdle(zone, e)),
              d.toMillis(),
              TimeUnit.MILLISECONDS));
    }
  }

  // ---- the schedule ----

  private Entry entry(Name zone) {
    return entries.computeIfAbsent(zone, z -> new Entry(history.load(z)));
  }

  private boolean skipped(Name zone) {
    return skip.contains(zone);
  }

  private void syncSafely() {
    try {
      sync();
    } catch (RuntimeException e) {
      log.warn("checks: cannot follow the zones served: {}", e.toString());
    }
  }

  /** Schedules zones that appeared, forgets those that went. */
  private void sync() {
    if (!options.periodic() && entries.isEmpty()) {
      return; // no rounds, and none asked for: nothing to follow
    }
    java.util.Set<Name> names = new java.util.HashSet<>(zones.names());
    boolean first = entries.isEmpty();
    for (Name n : names) {
      if (skipped(n) || !options.periodic()) {
        // Without periodic rounds a zone gets its entry (and its history read) when first asked:
        // 100,000 catalog members cost nothing here then.
        continue;
      }
      Entry e = entry(n);
      if (e.next == null) {
        // At start, spread the zones over one interval; a zone added later is checked soon.
        long delay =
            first
                ? (long) (random.nextDouble() * options.interval().toMillis())
                : Duration.ofSeconds(2).toMillis();
        schedule(n, e, delay);
      }
    }
    for (Name n : List.copyOf(entries.keySet())) {
      if (!names.contains(n)) {
        Entry gone = entries.remove(n);
        if (gone != null) {
          ScheduledFuture<?> next = gone.next;
          if (next != null) {
            next.cancel(false);
          }
          gone.followUps.forEach(f -> f.cancel(false));
          history.forget(n);
        }
      }
    }
  }

  private void schedule(Name zone, Entry e, long delayMillis) {
    if (closed) {
      return;
    }
    e.next =
        timer.schedule(
            () ->
                rounds.execute(
                    () -> {
                      roundIfIdle(zone, e);
                      if (entries.get(zone) == e) {
                        schedule(zone, e, jittered());
                      }
                    }),
            delayMillis,
            TimeUnit.MILLISECONDS);
  }

  private long jittered() {
    long ms = options.interval().toMillis();
    return Math.max(1, (long) (ms * (0.9 + 0.2 * random.nextDouble())));
  }

  /** A round, unless one of the zone's is under way (then that one will do). */
  private void roundIfIdle(Name zone, Entry e) {
    if (closed || !e.round.tryLock()) {
      return;
    }
    try {
      round(zone, e, false);
    } catch (RuntimeException ex) {
      if (!closed) { // closing interrupts the rounds under way: not a failure to report
        log.warn("{}: a round of checks failed: {}", zone, ex.toString(), ex);
      }
    } finally {
      e.round.unlock();
    }
  }

  // ---- one round ----

  /**
   * One round of the zone's checks; the caller holds the zone's round lock.
   *
   * @param asked whether an operator asked for it (then it is a full one)
   */
  private ZoneReport round(Name zone, Entry e, boolean asked) {
    try {
      atOnce.acquire();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
    try {
      return roundHeld(zone, e, asked);
    } finally {
      atOnce.release();
    }
  }

  private ZoneReport roundHeld(Name zone, Entry e, boolean asked) {
    Instant started = clock.instant();
    WatchedZones.Subject z =
        zones.zone(zone).orElseThrow(() -> new NoSuchElementException("zone " + zone + " is gone"));
    ZoneWatch w = e.watch;
    w.round++;
    boolean full = asked || w.round % options.fullEvery() == 1 || options.fullEvery() == 1;
    w.ours = OurVersion.of(z.current(), w.ours, started);
    OurVersion ours = w.ours;
    if (ours != null) {
      w.serialSeen(ours.serial(), started);
    }
    boolean signed = ours != null && !ours.dnskeys().isEmpty();
    // The DS RRset matters to a signed zone, or one the parent had a DS for; for the others it is
    // asked in full rounds (a DS for an unsigned zone breaks it for validating resolvers).
    boolean withDs = signed || w.hadDs || full;
    Discovery.Found found = discovery.discover(z, withDs);
    if (found.delegation() instanceof Delegation.Found f && f.dsError() == null) {
      w.hadDs = !f.ds().isEmpty(); // learnt this round
    }
    boolean withKeys =
        signed || found.delegation() instanceof Delegation.Found d && !d.ds().isEmpty();
    List<Future<Probe.Result>> pending = new ArrayList<>();
    for (Server s : found.servers()) {
      ServerObservation before = w.observed.get(s.address());
      Probe.Plan plan =
          new Probe.Plan(
              zone,
              full,
              before == null ? -1 : before.serial(),
              ours,
              z.serving(),
              withKeys,
              transfer(w, s, ours),
              w.sampleFrom,
              tsigFor(z, s.address()));
      pending.add(rounds.submit(() -> probe.observe(s, plan)));
    }
    List<ServerObservation> observed = new ArrayList<>();
    Map<InetSocketAddress, ServerObservation> kept = new java.util.HashMap<>();
    for (Future<Probe.Result> f : pending) {
      Probe.Result r = join(f);
      InetSocketAddress at = r.observation().server().address();
      ServerObservation o = Carry.apply(r, w.observed.get(at));
      observed.add(o);
      kept.put(at, o);
      Content c = r.observation().content();
      if (c != null && c.note() != null && c.method().equals("sample")) {
        w.axfrRefusedUntil.put(at, w.round + AXFR_REFUSED_ROUNDS);
      }
    }
    w.observed = kept;
    w.sampleFrom += options.sample();
    Instant now = clock.instant();
    ZoneObservation o =
        new ZoneObservation(
            zone,
            now,
            ours == null ? -1 : ours.serial(),
            found.ns(),
            found.nsAddresses(),
            ours == null ? List.of() : ours.dnskeys(),
            z.primaries().stream().map(Remote::address).toList(),
            observed,
            found.delegation(),
            w.serials());
    Evaluation ev = Findings.evaluate(o, options.providers(), options.thresholds());
    ZoneWatch.Update u = w.update(o, ev, started, now, this::propagated);
    ZoneReport report = u.report();
    renotify.heal(z, ev, ours, now, w);
    alerts.made(w, u.made());
    history.save(w);
    counters.rounds.incrementAndGet();
    counters.roundMillis.addAndGet(report.took());
    return report;
  }

  private void propagated(Server s, long seconds) {
    for (Propagation p : propagation) {
      p.reached(s, seconds);
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Whether to compare the whole zone with {@code s} by AXFR when its details are asked (a full
   * round, or a new serial there): unless it refused us lately.
   */
  private static boolean transfer(ZoneWatch w, Server s, @Nullable OurVersion ours) {
    if (ours == null || s.own()) {
      return false;
    }
    Integer until = w.axfrRefusedUntil.get(s.address());
    return until == null || w.round >= until;
  }

  /** The TSIG key configured for {@code at} (as a primary or a NOTIFY target), if any. */
  private @Nullable TSIG tsigFor(WatchedZones.Subject z, InetSocketAddress at) {
    List<Remote> remotes = new ArrayList<>(z.primaries());
    remotes.addAll(z.notifyTargets());
    for (Remote r : remotes) {
      Name key = r.key();
      if (r.address().equals(at) && key != null) {
        return zones.tsig(key);
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    rounds.shutdownNow();
  }
}
