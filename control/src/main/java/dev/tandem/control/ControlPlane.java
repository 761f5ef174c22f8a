package dev.tandem.control;

import dev.tandem.dns.engine.ControlPort;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneKind;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/**
 * The control plane as the rest of the server sees it: the secondary zones and their lifecycles,
 * the TSIG keys, who may transfer what, and the {@link ControlPort} the data plane calls for
 * NOTIFY, TSIG and transfer permission.
 */
public final class ControlPlane implements ControlPort, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

  /**
   * Tunables.
   *
   * @param timers clamps on the SOA timers
   * @param limits per-transfer limits
   * @param probeTimeout how long to wait for an SOA answer (per try)
   * @param workers threads running zone events (transfers run on them)
   */
  public record Options(
      TimerPolicy timers, TransferLimits limits, Duration probeTimeout, int workers) {
    public static final Options DEFAULT =
        new Options(TimerPolicy.DEFAULT, TransferLimits.DEFAULT, Duration.ofSeconds(2), 4);

    public Options withLimits(TransferLimits l) {
      return new Options(timers, l, probeTimeout, workers);
    }
  }

  private final Keyring keys;
  private final ControlMetrics metrics = new ControlMetrics();
  // Configured first, then those created through the API; read on network threads (NOTIFY,
  // transfers), changed by the API.
  private final Map<Name, SecondaryZone> secondaries =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<Name, PrimaryZone> primaries = new java.util.concurrent.ConcurrentHashMap<>();
  private final SecondaryContext ctx;
  private volatile List<InetSocketAddress> ownAddresses = List.of();
  private final PrimaryZones editor;
  private final ExecutorService workers;
  private final ExecutorService notifyIo;
  private final ScheduledExecutorService scheduler;

  /**
   * @param secondaries the secondary zones
   * @param primaries the primary zones given in the configuration (zone files); those created
   *     through the CLI are found in the store at {@link #start}
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
    this.keys = new Keyring(keys, clock);
    for (SecondaryConfig c : secondaries) {
      checkKeys(c);
    }
    for (PrimaryConfig p : primaries) {
      checkKeys(p);
    }
    this.workers = Executors.newFixedThreadPool(options.workers(), daemon("tandem-zone"));
    this.notifyIo = Executors.newFixedThreadPool(2, daemon("tandem-notify"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("tandem-timer"));
    this.ctx =
        new SecondaryContext(
            store,
            publisher,
            this.keys,
            new SoaProbe(options.probeTimeout()),
            new TransferIn(options.limits()),
            new PrimaryOrder(clock),
            new NotifySender(this.keys, notifyIo, scheduler, clock, metrics),
            options.timers(),
            workers,
            scheduler,
            clock,
            random);
    for (SecondaryConfig c : secondaries) {
      if (this.secondaries.put(c.zone(), new SecondaryZone(c, ctx)) != null) {
        throw new IllegalArgumentException("secondary zone " + c.zone() + " is configured twice");
      }
    }
    this.editor = new PrimaryZones(this, ctx, this.primaries, this::newPrimary);
    for (PrimaryConfig p : primaries) {
      if (this.secondaries.containsKey(p.zone())
          || this.primaries.put(p.zone(), newPrimary(p)) != null) {
        throw new IllegalArgumentException("zone " + p.zone() + " is configured twice");
      }
    }
  }

  private PrimaryZone newPrimary(PrimaryConfig p) {
    return new PrimaryZone(p, ctx, this::isOwnAddress);
  }

  /**
   * Whether {@code a} is where this server answers (a wildcard bind answers on every local one).
   */
  private boolean isOwnAddress(InetSocketAddress a) {
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
      return a.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(a) != null;
    } catch (java.net.SocketException e) {
      return false;
    }
  }

  /** Checks that every key {@code p} names is defined. */
  void checkKeysOf(PrimaryConfig p) {
    checkKeys(p);
  }

  private void checkKeys(PrimaryConfig p) {
    p.allowTransfer().forEach(r -> checkKey(p.zone(), r.key()));
    p.alsoNotify().forEach(r -> checkKey(p.zone(), r.key()));
    p.allowUpdate().forEach(r -> checkKey(p.zone(), r.key()));
  }

  private void checkKeys(SecondaryConfig c) {
    c.primaries().forEach(p -> checkKey(c.zone(), p.key()));
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

  /**
   * Serves every zone at once: primary zones from their files (already read: {@code files}) or the
   * store, secondary zones from the store; then starts the secondaries' timers.
   *
   * @return what each primary zone serves, in words, by zone
   */
  public Map<Name, String> start(Map<Name, ZoneSnapshot> files) {
    for (ZoneState s : ctx.store().zones()) {
      if (s.kind() == ZoneKind.PRIMARY
          && !primaries.containsKey(s.zone())
          && !secondaries.containsKey(s.zone())) {
        Optional<PrimaryConfig> created = CreatedZones.config(ctx.store(), s.zone());
        if (created.isEmpty()) {
          continue;
        }
        created.ifPresent(
            c -> {
              try {
                checkKeys(c);
              } catch (IllegalArgumentException e) {
                log.error(
                    "{}: {}; its transfers, NOTIFYs or UPDATEs with that key fail",
                    c.zone(),
                    e.getMessage());
              }
              primaries.put(c.zone(), newPrimary(c));
            });
      }
    }
    for (ZoneState s : ctx.store().zones()) {
      if (s.kind() == ZoneKind.SECONDARY
          && !primaries.containsKey(s.zone())
          && !secondaries.containsKey(s.zone())) {
        CreatedZones.secondary(ctx.store(), s.zone())
            .ifPresent(
                c -> {
                  secondaries.put(c.zone(), new SecondaryZone(c, ctx));
                  createdHere.add(c.zone());
                });
      }
    }
    Map<Name, String> outcome = new LinkedHashMap<>();
    for (PrimaryZone p : primaries.values()) {
      try {
        outcome.put(p.name(), p.start(files.get(p.name())));
      } catch (StoreException e) {
        primaries.remove(p.name());
        outcome.put(p.name(), "not served: " + e.getMessage());
      }
    }
    secondaries.values().forEach(SecondaryZone::start);
    scheduler.scheduleWithFixedDelay(
        this::checkSignatures,
        SIGNATURE_CHECK_DELAY.toSeconds(),
        SIGNATURE_CHECK_PERIOD.toSeconds(),
        TimeUnit.SECONDS);
    return outcome;
  }

  /** The addresses this server answers on: never NOTIFYed as part of a zone's NS set. */
  public void ownAddresses(List<InetSocketAddress> addresses) {
    ownAddresses = List.copyOf(addresses);
  }

  private static final Duration SIGNATURE_CHECK_DELAY = Duration.ofSeconds(10);
  private static final Duration SIGNATURE_CHECK_PERIOD = Duration.ofMinutes(5);
  private final Map<Name, String> signatureStates = new ConcurrentHashMap<>();

  /**
   * Logs each zone whose served signatures come near expiry or have expired (and when they are
   * fresh again): once per change of state, and every check while expired.
   */
  private void checkSignatures() {
    try {
      for (ZoneStatus s : status()) {
        SignatureStatus sig = s.signatures();
        String state = sig == null ? "unsigned" : sig.state();
        String before = signatureStates.put(s.zone(), state);
        if (sig == null || (state.equals(before) && !state.equals("expired"))) {
          continue;
        }
        if (sig.stale()) {
          log.warn(
              "{}: served signatures {}: the RRSIG over {} expires at {}{}",
              s.zone(),
              state.equals("expired") ? "have expired" : "expire soon",
              sig.rrset(),
              sig.earliestExpiry(),
              s.kind().equals("secondary")
                  ? "; the primary has not re-signed, or its changes do not arrive"
                  : "; re-sign the zone");
        } else if (before != null && !before.equals("unsigned")) {
          log.info(
              "{}: served signatures are fresh again (first expiry {})",
              s.zone(),
              sig.earliestExpiry());
        }
      }
    } catch (RuntimeException e) {
      log.error("checking signature freshness failed", e);
    }
  }

  /** The status of every zone: primaries by name, then secondaries in configuration order. */
  public List<ZoneStatus> status() {
    List<ZoneStatus> all = new ArrayList<>();
    primaries.values().stream()
        .sorted(java.util.Comparator.comparing(PrimaryZone::name))
        .forEach(z -> all.add(z.status()));
    secondaries.values().forEach(z -> all.add(z.status()));
    return all;
  }

  public Optional<ZoneStatus> status(Name zone) {
    PrimaryZone p = primaries.get(zone);
    if (p != null) {
      return Optional.of(p.status());
    }
    SecondaryZone z = secondaries.get(zone);
    return z == null ? Optional.empty() : Optional.of(z.status());
  }

  /** The service that edits primary zones. */
  public PrimaryZones primaryZones() {
    return editor;
  }

  /**
   * Creates a secondary zone (kept in the store, so it is served again after a restart) and starts
   * following its primaries.
   *
   * @throws IllegalArgumentException if the zone exists or names an undefined key
   */
  public synchronized void addSecondary(SecondaryConfig c) {
    checkKeys(c);
    if (status(c.zone()).isPresent()) {
      throw new IllegalArgumentException("zone " + c.zone() + " already exists");
    }
    if (ctx.store().state(c.zone()).isPresent()) {
      ctx.store().delete(c.zone()); // left behind by a zone removed from the configuration
    }
    ctx.store().saveState(ZoneState.fresh(c.zone(), ZoneKind.SECONDARY));
    CreatedZones.save(ctx.store(), c);
    SecondaryZone z = new SecondaryZone(c, ctx);
    secondaries.put(c.zone(), z);
    createdHere.add(c.zone());
    z.start();
    log.info("{}: secondary zone created, primaries {}", c.zone(), c.primaries());
  }

  /**
   * Stops and removes a secondary zone created through the API.
   *
   * @throws IllegalArgumentException if it is configured (not created through the API)
   * @return false if there is no such secondary
   */
  public synchronized boolean removeSecondary(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    if (z == null) {
      return false;
    }
    if (CreatedZones.secondary(ctx.store(), zone).isEmpty()) {
      throw new IllegalArgumentException(
          "zone " + zone + " comes from the configuration: remove it there");
    }
    secondaries.remove(zone);
    createdHere.remove(zone);
    z.stop();
    ctx.publisher().remove(zone);
    ctx.store().delete(zone);
    log.info("{}: secondary zone deleted", zone);
    return true;
  }

  /** Whether {@code zone} is a secondary created through the API (not configured). */
  public boolean isCreatedSecondary(Name zone) {
    return secondaries.containsKey(zone) && CreatedZones.secondary(ctx.store(), zone).isPresent();
  }

  /** A secondary zone's configuration, if it is one. */
  public Optional<SecondaryConfig> secondaryConfig(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    return z == null ? Optional.empty() : Optional.of(z.config());
  }

  /** A primary zone's configuration, if it is one. */
  public Optional<PrimaryConfig> primaryConfig(Name zone) {
    PrimaryZone p = primaries.get(zone);
    return p == null ? Optional.empty() : Optional.of(p.config());
  }

  /** Queues a full transfer (AXFR) of a secondary zone; false if there is no such secondary. */
  public boolean retransfer(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    if (z == null) {
      return false;
    }
    z.retransferNow();
    return true;
  }

  /** Sends NOTIFY for a secondary zone's served serial to its downstream secondaries. */
  public boolean notifyDownstream(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    if (z == null) {
      return false;
    }
    z.notifyDownstreamNow();
    return true;
  }

  /** Adds or replaces a TSIG key: transfers, NOTIFYs and UPDATEs signed with it work at once. */
  public void putKey(TsigKey key) {
    keys.put(key);
  }

  /** Removes a TSIG key: requests signed with it are refused from now on. */
  public void removeKey(Name name) {
    keys.remove(name);
  }

  /** Whether a TSIG key of that name is known. */
  public boolean hasKey(Name name) {
    return keys.has(name);
  }

  /** The zones that use TSIG key {@code key} anywhere in their configuration. */
  public List<Name> zonesUsingKey(Name key) {
    List<Name> out = new ArrayList<>();
    for (PrimaryZone p : primaries.values()) {
      PrimaryConfig c = p.config();
      if (c.allowTransfer().stream().anyMatch(r -> key.equals(r.key()))
          || c.alsoNotify().stream().anyMatch(r -> key.equals(r.key()))
          || c.allowUpdate().stream().anyMatch(r -> key.equals(r.key()))) {
        out.add(p.name());
      }
    }
    for (SecondaryZone z : List.copyOf(secondaries.values())) {
      SecondaryConfig c = z.config();
      if (c.primaries().stream().anyMatch(r -> key.equals(r.key()))
          || c.downstream().stream().anyMatch(r -> key.equals(r.key()))
          || c.allowNotify().stream().anyMatch(r -> key.equals(r.key()))
          || c.allowTransfer().stream().anyMatch(r -> key.equals(r.key()))) {
        out.add(c.zone());
      }
    }
    out.sort(null);
    return out;
  }

  /** The version served of a zone, primary or secondary. */
  public Optional<ZoneSnapshot> served(Name zone) {
    PrimaryZone p = primaries.get(zone);
    if (p != null) {
      return Optional.ofNullable(p.current());
    }
    SecondaryZone z = secondaries.get(zone);
    return z == null ? Optional.empty() : Optional.ofNullable(z.current());
  }

  /**
   * Follows the changes other nodes sharing the store made (a PostgreSQL store): primary zones
   * created there are served here, those deleted there stop, and those changed there serve the
   * stored version. Called every few seconds by {@link #followStoreEvery}.
   */
  public void followStore() {
    followKeys();
    List<ZoneState> stored = ctx.store().zones();
    java.util.Set<Name> present = new java.util.HashSet<>();
    for (ZoneState s : stored) {
      present.add(s.zone());
      if (s.kind() == ZoneKind.SECONDARY) {
        followSecondary(s.zone());
        continue;
      }
      if (secondaries.containsKey(s.zone())) {
        continue;
      }
      PrimaryZone p = primaries.get(s.zone());
      if (p == null) {
        synchronized (this) {
          Optional<PrimaryConfig> created = CreatedZones.config(ctx.store(), s.zone());
          ZoneSnapshot contents = ctx.store().contents(s.zone()).orElse(null);
          if (created.isPresent() && contents != null && !primaries.containsKey(s.zone())) {
            PrimaryZone added = newPrimary(created.get());
            added.start(null);
            primaries.put(s.zone(), added);
            log.info("{}: created by another node sharing the store; serving it", s.zone());
          }
        }
      } else if (s.serial() != p.servedSerial()) {
        p.followStore();
      }
    }
    for (SecondaryZone z : List.copyOf(secondaries.values())) {
      Name zone = z.config().zone();
      if (!present.contains(zone) && createdHere.contains(zone)) {
        synchronized (this) {
          secondaries.remove(zone);
          createdHere.remove(zone);
          z.stop();
          ctx.publisher().remove(zone);
          log.info("{}: deleted by another node sharing the store; no longer served", zone);
        }
      }
    }
    for (PrimaryZone p : List.copyOf(primaries.values())) {
      if (!present.contains(p.name()) && p.config().file() == null) {
        synchronized (this) {
          p.close();
          primaries.remove(p.name());
          ctx.publisher().remove(p.name());
          ctx.notifier().forget(p.name());
          log.info("{}: deleted by another node sharing the store; no longer served", p.name());
        }
      }
    }
  }

  /** The TSIG keys last read from the store (made through the API, here or on another node). */
  private final java.util.Set<Name> storedKeys = ConcurrentHashMap.newKeySet();

  /** Takes in the TSIG keys other nodes made or deleted in the shared store. */
  private void followKeys() {
    java.util.Set<Name> now = new java.util.HashSet<>();
    for (TsigKey k : ControlObjects.storedKeys(ctx.store())) {
      now.add(k.name());
      if (storedKeys.add(k.name()) || !keys.has(k.name())) {
        keys.put(k);
      }
    }
    for (Name gone : List.copyOf(storedKeys)) {
      if (!now.contains(gone)) {
        storedKeys.remove(gone);
        keys.remove(gone);
        log.info("TSIG key {} deleted by another node sharing the store", gone);
      }
    }
  }

  /** Secondary zones created through the API (here or on another node): followed in the store. */
  private final java.util.Set<Name> createdHere = ConcurrentHashMap.newKeySet();

  /** Starts following a secondary zone another node created in the shared store. */
  private synchronized void followSecondary(Name zone) {
    if (secondaries.containsKey(zone) || primaries.containsKey(zone)) {
      return;
    }
    Optional<SecondaryConfig> c = CreatedZones.secondary(ctx.store(), zone);
    if (c.isEmpty()) {
      return; // being created, or configured on another node only
    }
    try {
      checkKeys(c.get());
    } catch (IllegalArgumentException e) {
      log.warn("{}: created by another node, not followed here: {}", zone, e.getMessage());
      return;
    }
    SecondaryZone z = new SecondaryZone(c.get(), ctx);
    secondaries.put(zone, z);
    createdHere.add(zone);
    z.start();
    log.info("{}: secondary created by another node sharing the store; following it", zone);
  }

  /** Runs {@link #followStore} every {@code period}, for a store other nodes share. */
  public void followStoreEvery(Duration period) {
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            followStore();
          } catch (RuntimeException e) {
            log.warn("following the shared store failed: {}", e.getMessage());
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Queues a refresh of a secondary zone; false if there is no such secondary. */
  public boolean refresh(Name zone) {
    SecondaryZone z = secondaries.get(zone);
    if (z == null) {
      return false;
    }
    z.refreshNow();
    return true;
  }

  @Override
  public @Nullable TSIG key(Name name) {
    return keys.tsig(name);
  }

  @Override
  public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key) {
    PrimaryZone p = primaries.get(zone);
    if (p != null) {
      return p.mayTransfer(peer, key);
    }
    SecondaryZone s = secondaries.get(zone);
    if (s == null) {
      return false;
    }
    if (AclRule.anyMatches(s.config().allowTransfer(), peer, key)) {
      return true;
    }
    s.refusedTransfer();
    return false;
  }

  @Override
  public CompletionStage<Integer> update(
      Name zone, Message request, InetAddress peer, @Nullable Name key) {
    PrimaryZone p = primaries.get(zone);
    String who = peer.getHostAddress() + (key == null ? " (unsigned)" : " key " + key);
    if (p == null) {
      // RFC 2136 section 6 lets a secondary forward UPDATEs to its primary; Tandem does not.
      log.info("{}: UPDATE from {} refused: not a primary zone here", zone, who);
      metrics.countUpdate(Rcode.REFUSED);
      return CompletableFuture.completedFuture(Rcode.REFUSED);
    }
    ZoneUpdate.Policy policy = key == null ? null : p.updatePolicy(key);
    if (policy == null) {
      log.info("{}: UPDATE from {} refused: no update rule for it", zone, who);
      metrics.countUpdate(Rcode.REFUSED);
      return CompletableFuture.completedFuture(Rcode.REFUSED);
    }
    return CompletableFuture.supplyAsync(() -> p.update(request, policy, who).rcode(), workers)
        .whenComplete((rcode, e) -> metrics.countUpdate(e == null ? rcode : Rcode.SERVFAIL));
  }

  @Override
  public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
    SecondaryZone s = secondaries.get(zone);
    int rcode = s == null ? Rcode.NOTAUTH : s.onNotify(peer, key, serial);
    metrics.countNotifyReceived(rcode);
    return rcode;
  }

  @Override
  public @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    PrimaryZone p = primaries.get(zone);
    if (p != null) {
      return p.changes(from, to);
    }
    SecondaryZone s = secondaries.get(zone);
    return s == null ? null : s.changes(from, to);
  }

  @Override
  public void notifyRefused(Name zone, InetAddress peer, String why) {
    metrics.countNotifyReceived(Rcode.REFUSED);
    SecondaryZone s = secondaries.get(zone);
    if (s != null) {
      s.refusedNotify(peer, why);
    }
  }

  /**
   * Counts a transfer out and records it in the zone's history, on a worker, not on this thread.
   */
  @Override
  public void transferredOut(TransferOut t) {
    metrics.countTransfer("out", t.type(), t.result());
    if (!metrics.historyQueued()) {
      return;
    }
    ZoneStore.Transfer record =
        new ZoneStore.Transfer(
            t.zone(),
            ctx.clock().instant().minusMillis(t.millis()),
            "out",
            t.peer().getHostAddress() + (t.key() == null ? "" : " key " + t.key()),
            t.type(),
            t.fromSerial(),
            t.toSerial(),
            t.records(),
            t.bytes(),
            t.millis(),
            t.result(),
            t.error());
    try {
      workers.execute(
          () -> {
            try {
              ctx.store().recordTransfer(record);
            } catch (StoreException e) {
              log.warn("{}: could not record a transfer out: {}", t.zone(), e.getMessage());
            } finally {
              metrics.historyDone();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      metrics.historyDone(); // shutting down
    }
  }

  @Override
  public long expireSeconds(Name zone) {
    SecondaryZone s = secondaries.get(zone);
    return s == null ? -1 : s.expireSeconds();
  }

  @Override
  public void close() {
    secondaries.values().forEach(SecondaryZone::stop);
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

  /** The counters of transfers, NOTIFYs and UPDATEs since start (read by the metrics). */
  public ControlMetrics metrics() {
    return metrics;
  }

  /**
   * A zone's transfers in and out, newest first, at most {@code limit} (the store keeps {@value
   * ZoneStore#TRANSFERS_KEPT} per zone).
   */
  public List<ZoneStore.Transfer> transfers(Name zone, int limit) {
    return ctx.store().transfers(zone, limit);
  }
}
