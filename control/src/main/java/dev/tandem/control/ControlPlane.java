package dev.tandem.control;

import dev.tandem.control.access.Keyring;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TlsAuth;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.StartingFile;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.transfer.ControlMetrics;
import dev.tandem.control.transfer.NotifySender;
import dev.tandem.control.transfer.PrimaryOrder;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.SerialQueryRate;
import dev.tandem.control.zone.TimerPolicy;
import dev.tandem.control.zone.Timers;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.control.zone.ZoneRegistry;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneLimits;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The registry of managed zones, and what they share: the threads, the keyring, the NOTIFY sender,
 * the counters. Each zone kind (primary, secondary, and those to come) is a {@link ManagedZone};
 * the registry never asks which kind a zone is, it adds, finds, lists and removes them.
 *
 * <p>Around it: {@link DataPlanePort}, what the network threads call ({@link #port}); {@link
 * StoreFollower}, which takes in what other nodes sharing the store changed; {@link
 * SignatureWatch}, which logs signatures near expiry.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  /**
   * Tunables.
   *
   * @param timers clamps on the SOA timers
   * @param limits per-transfer limits
   * @param probeTimeout how long to wait for an SOA answer (per try)
   * @param workers threads running zone events (transfers run on them): sixteen, since a transfer
   *     mostly waits, on the primary and on the store's commit, and a catalog's thousands of new
   *     members are transferred at once (the store commits concurrent writes together)
   * @param serialQueryRate SOA checks NOTIFYs may start per second, all zones together; 0: no bound
   * @param tlsAuths how primaries reached over TLS are authenticated, by name ({@code +tls=NAME})
   */
  public record Options(
      TimerPolicy timers,
      TransferLimits limits,
      Duration probeTimeout,
      int workers,
      int serialQueryRate,
      List<TlsAuth> tlsAuths) {
    public static final Options DEFAULT =
        new Options(
            TimerPolicy.DEFAULT,
            TransferLimits.DEFAULT,
            Duration.ofSeconds(2),
            16,
            SerialQueryRate.DEFAULT,
            List.of());

    public Options {
      if (serialQueryRate < 0) {
        throw new IllegalArgumentException("the serial query rate must be 0 (no bound) or more");
      }
      tlsAuths = List.copyOf(tlsAuths);
    }

    public Options withLimits(TransferLimits l) {
      return new Options(timers, l, probeTimeout, workers, serialQueryRate, tlsAuths);
    }

    public Options withSerialQueryRate(int perSecond) {
      return new Options(timers, limits, probeTimeout, workers, perSecond, tlsAuths);
    }

    public Options withTlsAuths(List<TlsAuth> auths) {
      return new Options(timers, limits, probeTimeout, workers, serialQueryRate, auths);
    }

    /** The TLS authentication of that name, or null. */
    @Nullable TlsAuth tlsAuth(String name) {
      for (TlsAuth a : tlsAuths) {
        if (a.name().equals(name)) {
          return a;
        }
      }
      return null;
    }
  }

  private final Keyring keys;
  private final Options options;
  private final ZoneContext ctx;
  private final ControlMetrics metrics = new ControlMetrics();
  private final RefusalLog refusals = new RefusalLog();
  private final Map<Name, ManagedZone> zones = new ConcurrentHashMap<>();

  /** Zones of the configuration (files, flags), which the API may not delete. */
  private final Set<Name> configured = ConcurrentHashMap.newKeySet();

  private final List<SecondaryConfig> configuredSecondaries;
  private final List<PrimaryConfig> configuredPrimaries;
  private final ExecutorService workers;

  /** Completes once the server listens (given to {@link #start(Map, CompletionStage)}). */
  private volatile CompletionStage<?> listening = CompletableFuture.completedFuture(null);

  private final ExecutorService notifyIo;
  private final ScheduledExecutorService scheduler;
  private final DataPlanePort port;
  private final AuditTrail audit;
  private final Catalogs catalogs;
  private final ZoneLimits zoneLimits;
  private volatile List<InetSocketAddress> ownAddresses = List.of();

  /**
   * @param secondaries the secondary zones of the configuration
   * @param primaries the primary zones of the configuration (zone files); those created through the
   *     API are found in the store at {@link #start}
   * @throws IllegalArgumentException if the configuration names a key that is not defined, or a
   *     zone twice
   */
  public ControlPlane(
      List<SecondaryConfig> secondaries,
      List<PrimaryConfig> primaries,
      Collection<TsigKey> keys,
      ZoneStore store,
      ZonePublisher publisher,
      Options options,
      Clock clock,
      RandomGenerator random) {
    this(
        secondaries,
        primaries,
        Catalogs.Config.NONE,
        keys,
        store,
        publisher,
        options,
        Upstream.network(options.probeTimeout(), options.limits(), clock, options::tlsAuth),
        clock,
        random);
  }

  /**
   * As above, with the catalog zones (RFC 9432) of the configuration: those to follow, the
   * templates of their members, those to make of this server's zones.
   */
  public ControlPlane(
      List<SecondaryConfig> secondaries,
      List<PrimaryConfig> primaries,
      Catalogs.Config catalogs,
      Collection<TsigKey> keys,
      ZoneStore store,
      ZonePublisher publisher,
      Options options,
      Clock clock,
      RandomGenerator random) {
    this(
        secondaries,
        primaries,
        catalogs,
        keys,
        store,
        publisher,
        options,
        Upstream.network(options.probeTimeout(), options.limits(), clock, options::tlsAuth),
        clock,
        random);
  }

  /** As above, reaching primaries through {@code upstream} (a scripted one in tests). */
  ControlPlane(
      List<SecondaryConfig> secondaries,
      List<PrimaryConfig> primaries,
      Catalogs.Config catalogConfig,
      Collection<TsigKey> keys,
      ZoneStore store,
      ZonePublisher publisher,
      Options options,
      Upstream upstream,
      Clock clock,
      RandomGenerator random) {
    this.keys = new Keyring(keys, clock);
    this.options = options;
    secondaries.forEach(this::checkKeys);
    primaries.forEach(this::checkKeys);
    for (SecondaryConfig c : secondaries) {
      if (!configured.add(c.zone())) {
        throw new IllegalArgumentException("secondary zone " + c.zone() + " is configured twice");
      }
    }
    for (PrimaryConfig p : primaries) {
      if (!configured.add(p.zone())) {
        throw new IllegalArgumentException("zone " + p.zone() + " is configured twice");
      }
    }
    this.configuredSecondaries = List.copyOf(secondaries);
    this.configuredPrimaries = List.copyOf(primaries);
    this.zoneLimits = options.limits().zone();
    this.workers = Executors.newFixedThreadPool(options.workers(), daemon("tandem-zone"));
    this.notifyIo = Executors.newFixedThreadPool(2, daemon("tandem-notify"));
    this.scheduler = Timers.scheduler("tandem-timer", 1);
    this.ctx =
        new ZoneContext(
            store,
            publisher,
            this.keys,
            upstream,
            new PrimaryOrder(clock),
            new NotifySender(this.keys, notifyIo, scheduler, clock, metrics),
            metrics,
            options.timers(),
            workers,
            r -> listening.thenRun(() -> workers.execute(r)),
            Timers.on(scheduler, clock),
            clock,
            random,
            refusals,
            new SerialQueryRate(options.serialQueryRate()));
    this.audit = new AuditTrail(store, clock);
    this.port = new DataPlanePort(this, metrics, workers, clock);
    for (Name c : catalogConfig.names()) {
      if (!configured.add(c)) {
        throw new IllegalArgumentException("zone " + c + " is configured twice");
      }
    }
    this.catalogs =
        new Catalogs(new Registry(), ctx, catalogConfig, this::checkKeys, this::isOwnAddress);
  }

  /** How large a zone from a file or an upload may be: the transfer limits' records and bytes. */
  public ZoneLimits zoneLimits() {
    return zoneLimits;
  }

  /**
   * Serves every zone at once: primary zones from their files (as found: {@code files}) or the
   * store, secondary zones from the store; zones created through the API (found in the store) too.
   * Then starts the secondaries' timers and the signature watch.
   *
   * @return what each zone serves, in words, by zone
   */
  public Map<Name, String> start(Map<Name, StartingFile> files) {
    return start(files, CompletableFuture.completedFuture(null));
  }

  /**
   * As {@link #start(Map)}, but what serving does not need waits for {@code listening}: the write
   * of a zone new to the store. On one core, the listener's start shared it with that write: a
   * 1,000,000-record zone file answered about 0.2 s later (docs/benchmarks.md).
   */
  public Map<Name, String> start(Map<Name, StartingFile> files, CompletionStage<?> listening) {
    this.listening = listening;
    Map<Name, String> outcome = new LinkedHashMap<>();
    for (PrimaryConfig p : configuredPrimaries) {
      startZone(newPrimary(p, files.get(p.zone())), outcome);
    }
    for (SecondaryConfig c : configuredSecondaries) {
      startZone(new SecondaryZone(c, ctx), outcome);
    }
    Map<Name, String> createdBy = ctx.store().settingOfAll(CreatedZones.CREATED);
    for (ZoneState s : ctx.store().zones()) {
      if (!zones.containsKey(s.zone()) && CreatedZones.byApi(createdBy.get(s.zone()))) {
        created(s.zone(), s.kind()).ifPresent(z -> startZone(z, outcome));
      }
    }
    outcome.putAll(catalogs.start());
    new SignatureWatch(this).every(scheduler);
    refusals.every(scheduler);
    return outcome;
  }

  private void startZone(ManagedZone z, Map<Name, String> outcome) {
    try {
      outcome.put(z.name(), z.start());
      register(z);
    } catch (StoreException e) {
      outcome.put(z.name(), "not served: " + e.getMessage());
    }
  }

  /**
   * A zone created through the API (here or on another node sharing the store), from its stored
   * settings: empty if it is not one, or its settings name a key that is not defined.
   */
  Optional<ManagedZone> created(Name zone, ZoneKind kind) {
    Optional<? extends ManagedZone> z =
        switch (kind) {
          case PRIMARY -> CreatedZones.primary(ctx.store(), zone).map(c -> newPrimary(c, null));
          case SECONDARY ->
              CreatedZones.secondary(ctx.store(), zone).map(c -> new SecondaryZone(c, ctx));
        };
    return z.map(ManagedZone.class::cast);
  }

  private PrimaryZone newPrimary(PrimaryConfig p, @Nullable StartingFile file) {
    return new PrimaryZone(p, ctx, this::isOwnAddress, file);
  }

  // ---- the registry ----

  /** The zone of that name, if served here. */
  public Optional<ManagedZone> zone(Name name) {
    return Optional.ofNullable(zones.get(name));
  }

  /** Every zone, by name. */
  public List<ManagedZone> zones() {
    List<ManagedZone> all = new ArrayList<>(zones.values());
    all.sort(Comparator.comparing(ManagedZone::name));
    return all;
  }

  /** Every zone, in no order: a view, not a copy (zones added or removed meanwhile may show). */
  public java.util.Collection<ManagedZone> zonesInAnyOrder() {
    return java.util.Collections.unmodifiableCollection(zones.values());
  }

  /** The names of the zones, in no order (no sort of thousands of names for who needs none). */
  public List<Name> namesInAnyOrder() {
    return List.copyOf(zones.keySet());
  }

  public Optional<ZoneStatus> status(Name zone) {
    return zone(zone).map(ManagedZone::status);
  }

  /** Whether {@code zone} comes from the configuration (not created through the API). */
  public boolean isConfigured(Name zone) {
    return configured.contains(zone);
  }

  /**
   * Creates a primary zone: stored whole with its settings (so it is served again after a restart,
   * and by every node sharing the store), then served.
   *
   * @throws IllegalArgumentException if the zone exists or the configuration names an undefined key
   * @throws StoreException if it cannot be stored (then nothing is served)
   */
  public synchronized PrimaryZone createPrimary(PrimaryConfig config, ZoneSnapshot contents) {
    checkNew(config.zone());
    checkKeys(config);
    replaceLeftover(config.zone());
    ctx.store()
        .replace(
            contents, ZoneState.primary(config.zone(), contents.serial(), ctx.clock().instant()));
    CreatedZones.save(ctx.store(), config);
    PrimaryZone p = newPrimary(config, null);
    register(p);
    p.startCreated(contents);
    log.info("{}: primary zone created at serial {}", config.zone(), contents.serial());
    return p;
  }

  /**
   * Creates a secondary zone (kept in the store, so it is served again after a restart) and starts
   * following its primaries.
   *
   * @throws IllegalArgumentException if the zone exists or names an undefined key
   */
  public synchronized SecondaryZone createSecondary(SecondaryConfig c) {
    checkNew(c.zone());
    checkKeys(c);
    replaceLeftover(c.zone());
    ctx.store().saveState(ZoneState.fresh(c.zone(), ZoneKind.SECONDARY));
    CreatedZones.save(ctx.store(), c);
    SecondaryZone z = new SecondaryZone(c, ctx);
    z.start();
    register(z);
    log.info("{}: secondary zone created, primaries {}", c.zone(), c.primaries());
    return z;
  }

  /**
   * Replaces a primary zone's configuration, all or nothing, keeping what it serves: checked (every
   * key it names defined), stored (every setting at once, so that a restart and every node sharing
   * the store take it), then swapped in ({@link PrimaryZone#reconfigure}).
   *
   * @throws IllegalArgumentException if there is no such primary zone, it comes from the
   *     configuration, or {@code c} names an undefined key
   * @throws StoreException if it cannot be stored (then nothing changed)
   */
  public synchronized PrimaryZone reconfigure(PrimaryConfig c) {
    if (!(apiZone(c.zone()) instanceof PrimaryZone p)) {
      throw new IllegalArgumentException("zone " + c.zone() + " is not a primary zone here");
    }
    checkKeys(c);
    CreatedZones.save(ctx.store(), c);
    p.reconfigure(c);
    return p;
  }

  /**
   * As {@link #reconfigure(PrimaryConfig)}, for a secondary zone ({@link
   * SecondaryZone#reconfigure}).
   */
  public synchronized SecondaryZone reconfigure(SecondaryConfig c) {
    if (!(apiZone(c.zone()) instanceof SecondaryZone z)) {
      throw new IllegalArgumentException("zone " + c.zone() + " is not a secondary zone here");
    }
    checkKeys(c);
    CreatedZones.save(ctx.store(), c);
    z.reconfigure(c);
    return z;
  }

  /** The zone of that name, which must have been created through the API (not configured). */
  private ManagedZone apiZone(Name zone) {
    ManagedZone z = zones.get(zone);
    if (z == null) {
      throw new IllegalArgumentException("no zone " + zone + " here");
    }
    if (configured.contains(zone)) {
      throw new IllegalArgumentException(
          "zone " + zone + " comes from the configuration: change it there (a restart takes it)");
    }
    return z;
  }

  private void checkNew(Name zone) {
    if (zones.containsKey(zone)) {
      throw new IllegalArgumentException("zone " + zone + " already exists");
    }
  }

  /** Puts a started zone in the registry and tells the catalogs made here. */
  private void register(ManagedZone z) {
    zones.put(z.name(), z);
    catalogs.changed();
  }

  /** The registry as the catalogs see it. */
  private final class Registry implements ZoneRegistry {
    @Override
    public Optional<ManagedZone> zone(Name name) {
      return ControlPlane.this.zone(name);
    }

    @Override
    public List<ManagedZone> zones() {
      return new ArrayList<>(ControlPlane.this.zones.values());
    }

    @Override
    public void add(ManagedZone z) {
      if (zones.putIfAbsent(z.name(), z) != null) {
        z.close();
        throw new IllegalArgumentException("zone " + z.name() + " is served here already");
      }
      catalogs.changed();
    }

    @Override
    public void replace(ManagedZone old, ManagedZone next) {
      old.close();
      next.start();
      zones.put(next.name(), next);
    }

    @Override
    public void remove(ManagedZone z) {
      forget(z);
    }
  }

  /** The catalog zones followed and made here (RFC 9432). */
  public Catalogs catalogs() {
    return catalogs;
  }

  /** Removes what a zone removed from the configuration left in the store. */
  private void replaceLeftover(Name zone) {
    if (ctx.store().state(zone).isPresent()) {
      ctx.store().delete(zone);
    }
  }

  /**
   * Stops serving a zone created through the API and removes it from the store: contents, journal,
   * settings and history.
   *
   * @throws IllegalArgumentException if it comes from the configuration
   * @throws StoreException if it is no longer served but could not be removed from the store
   * @return false if there is no such zone
   */
  public synchronized boolean delete(Name zone) {
    ManagedZone z = zones.get(zone);
    if (z == null) {
      return false;
    }
    if (configured.contains(zone)) {
      throw new IllegalArgumentException(
          "zone " + zone + " comes from the configuration: remove it there");
    }
    String owner = z.owner();
    if (owner != null) {
      throw new IllegalArgumentException("zone " + zone + " comes from " + owner);
    }
    forget(z);
    ctx.store().delete(zone);
    log.info("{}: {} zone deleted", zone, z.kind().word());
    return true;
  }

  /** Stops serving {@code z} (deleted here or on another node sharing the store). */
  synchronized void forget(ManagedZone z) {
    z.close(); // a change under way finishes first; none follows
    zones.remove(z.name(), z);
    ctx.publisher().remove(z.name());
    ctx.notifier().forget(z.name());
    catalogs.changed();
  }

  /** Serves {@code z}, found in the store (created on another node), unless one exists. */
  synchronized void adopt(ManagedZone z) {
    if (zones.containsKey(z.name())) {
      return;
    }
    z.start();
    register(z);
  }

  // ---- keys ----

  /** Checks that every key {@code p} names is defined. */
  public void checkKeys(PrimaryConfig p) {
    p.allowTransfer().forEach(r -> checkKey(p.zone(), r.key()));
    p.alsoNotify().forEach(r -> checkKey(p.zone(), r.key()));
    p.allowUpdate().forEach(r -> checkKey(p.zone(), r.key()));
  }

  /** Checks that every key and TLS authentication {@code c} names is defined. */
  public void checkKeys(SecondaryConfig c) {
    c.primaries().forEach(p -> checkKey(c.zone(), p.key()));
    c.primaries().forEach(p -> checkTls(c.zone(), p.tls()));
    c.downstream().forEach(p -> checkKey(c.zone(), p.key()));
    c.allowNotify().forEach(r -> checkKey(c.zone(), r.key()));
    c.allowTransfer().forEach(r -> checkKey(c.zone(), r.key()));
  }

  private void checkKey(Name zone, @Nullable Name key) {
    if (key != null && !keys.has(key)) {
      throw new IllegalArgumentException(
          "zone " + zone + " uses TSIG key " + key + ", which is not defined (--tsig)");
    }
  }

  private void checkTls(Name zone, @Nullable String tls) {
    if (tls != null && !tls.isEmpty() && options.tlsAuth(tls) == null) {
      throw new IllegalArgumentException(
          "zone "
              + zone
              + " reaches a primary over TLS as '"
              + tls
              + "', which is not defined"
              + " (--tls-auth)");
    }
  }

  /** Adds or replaces a TSIG key: transfers, NOTIFYs and UPDATEs signed with it work at once. */
  public void putKey(TsigKey key) {
    keys.put(key);
  }

  /**
   * Takes {@code next} as a key's secret; requests signed with the secret it replaces ({@code
   * previous}) are still accepted until {@code until} (null: from now on, no longer).
   */
  public void rotateKey(TsigKey next, @Nullable TsigKey previous, @Nullable Instant until) {
    keys.rotate(next, previous, until);
  }

  /** Until when a rotated key's old secret is still accepted, or null if none is. */
  public @Nullable Instant keyOverlapUntil(Name key) {
    return keys.overlapUntil(key);
  }

  /** Removes a TSIG key: requests signed with it are refused from now on. */
  public void removeKey(Name name) {
    keys.remove(name);
  }

  /** Whether a TSIG key of that name is known. */
  public boolean hasKey(Name name) {
    return keys.has(name);
  }

  /** The zones that use TSIG key {@code key} anywhere in their configuration, by name. */
  public List<Name> zonesUsingKey(Name key) {
    return zones().stream().filter(z -> z.usesKey(key)).map(ManagedZone::name).toList();
  }

  Keyring keyring() {
    return keys;
  }

  /** The signer for TSIG key {@code name}, or null if no such key is defined. */
  public @Nullable TSIG tsig(Name name) {
    return keys.tsig(name);
  }

  /**
   * Sends NOTIFY for the serial {@code zone} serves now to {@code target} alone (a secondary that
   * did not follow the last one), with retries, leaving the zone's other targets as they are.
   *
   * @return false if the zone is not served here or has nothing to serve yet
   */
  public boolean notifyAgain(Name zone, Remote target) {
    ManagedZone z = zones.get(zone);
    ZoneSnapshot current = z == null ? null : z.current();
    if (current == null) {
      return false;
    }
    ctx.notifier().again(zone, current.serial(), current.soa(), target);
    return true;
  }

  // ---- around the registry ----

  /** The audit log, of every change asked for. */
  public AuditTrail audit() {
    return audit;
  }

  /** What the data plane calls: NOTIFY, UPDATE, transfer permission and reports, TSIG keys. */
  public ControlPort port() {
    return port;
  }

  /** The addresses this server answers on: never NOTIFYed as part of a zone's NS set. */
  public void ownAddresses(List<InetSocketAddress> addresses) {
    ownAddresses = List.copyOf(addresses);
  }

  /** The addresses this server answers on, as bound (a wildcard one among them, maybe). */
  public List<InetSocketAddress> ownAddresses() {
    return ownAddresses;
  }

  /**
   * Whether {@code a} is where this server answers (a wildcard bind answers on every local one).
   */
  public boolean isOwnAddress(InetSocketAddress a) {
    for (InetSocketAddress own : ownAddresses) {
      if (own.getPort() != a.getPort()) {
        continue;
      }
      if (own.getAddress().equals(a.getAddress())) {
        return true;
      }
      if (own.getAddress().isAnyLocalAddress() && isLocal(a.getAddress())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(InetAddress a) {
    try {
      return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** Follows what other nodes sharing the store change, every {@code period}. */
  public void followStoreEvery(Duration period) {
    StoreFollower follower = new StoreFollower(this, ctx.store());
    scheduler.scheduleWithFixedDelay(
        follower::followSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Takes in once what other nodes sharing the store changed (see {@link StoreFollower}). */
  public void followStore() {
    new StoreFollower(this, ctx.store()).follow();
  }

  /** The counters of transfers, NOTIFYs and UPDATEs since start (read by the metrics). */
  public ControlMetrics metrics() {
    return metrics;
  }

  /**
   * NOTIFYs, UPDATEs and transfers out refused for who sent them, by reason (read by the metrics).
   */
  public RefusalLog refusals() {
    return refusals;
  }

  /**
   * A zone's transfers in and out, newest first, at most {@code limit} (the store keeps {@value
   * ZoneStore#TRANSFERS_KEPT} per zone).
   */
  public List<Transfer> transfers(Name zone, int limit) {
    return ctx.store().transfers(zone, limit);
  }

  ZoneContext context() {
    return ctx;
  }

  @Override
  public void close() {
    catalogs.close();
    zones.values().forEach(ManagedZone::close);
    refusals.summarize(); // what the last interval counted
    scheduler.shutdownNow();
    notifyIo.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
