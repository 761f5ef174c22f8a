package dev.tandem.control.secondary;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.access.Remote;
import dev.tandem.control.transfer.HeapSteps;
import dev.tandem.control.zone.CatalogPart;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.control.zone.LargeZones;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.control.zone.Timers;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZoneEvent;
import dev.tandem.control.zone.ZoneEvents;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import dev.tandem.store.ZoneStore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * One secondary zone's lifecycle: a small state machine driven by {@link ZoneEvent}s, one at a time
 * on a control-plane worker (see {@link ZoneEvents}), NSD's served/stored/notified SOAs and states.
 *
 * <p><b>REFRESH</b>: {@link Refresh} asks the primaries and checks what they send; what it returns
 * is stored, and only then served (the first version is served, then stored). Success re-arms
 * REFRESH and EXPIRE from the new SOA; failure re-arms REFRESH after RETRY with backoff and leaves
 * what is served and stored as it was.
 *
 * <p><b>EXPIRE</b> (a timer, not queued behind a refresh under way): when EXPIRE passes since the
 * last successful refresh, the zone answers SERVFAIL until a refresh succeeds. The deadline is
 * stored, so it survives restarts: a zone restarted after a week without its primary is expired at
 * once, not a week later.
 *
 * <p><b>Never in the data plane's way.</b> Everything the network threads read (the served version,
 * the changes kept for IXFR out, the timers for EDNS EXPIRE) is one immutable {@link Serving} value
 * in one volatile field, replaced whole by the zone's event thread after the store write it depends
 * on has returned. A NOTIFY only posts an event. Nothing a network thread touches is held across a
 * store write, so a busy or remote database delays refreshes, never answers.
 *
 * <p>One piece, past the usual size, because it is the state machine: each event's handler and the
 * one {@link Serving} value they replace. What does not touch that value lives beside it: {@link
 * Refresh} (the network), {@link SecondaryTimers} (the timer arithmetic), {@link Serving}, the
 * NOTIFY rules in {@link SecondaryConfig}.
 */
public final class SecondaryZone implements ManagedZone {
  private static final Logger log = LoggerFactory.getLogger(SecondaryZone.class);

  /** Journal entries written since the last compaction after which the base is rewritten. */
  private static final int FLUSH_AFTER = 100;

  /**
   * The changes kept in memory for IXFR out to downstream secondaries: the last ones applied, up to
   * this many steps and records; an older client gets the whole zone.
   */
  static final JournalWindow.Limits KEPT =
      new JournalWindow.Limits(200, 100_000, Duration.ofDays(365));

  /** No changes kept: one for every zone that has none (a catalog's members, mostly). */
  private static final JournalWindow NONE_KEPT = JournalWindow.empty(KEPT);

  // Replaced whole by reconfigure; read anywhere, one read per use.
  private volatile SecondaryConfig config;
  private final ZoneContext ctx;
  private final Listener listener;

  /** What the catalog this zone is says about itself (set by its consumer), or null. */
  private volatile @Nullable CatalogStatus catalogStatus;

  private final Events events;
  // Made at the first NOTIFY that starts a check (PACING): most of a catalog's members are quiet.
  private volatile @Nullable NotifyPacing pacing;
  // A volatile field changed by compare-and-set (SERVING), not an AtomicReference: one object less
  // for each of a catalog's 100,000 members.
  private volatile Serving serving;

  private static final VarHandle SERVING;
  private static final VarHandle PACING;
  private static final VarHandle REFUSED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SERVING = lookup.findVarHandle(SecondaryZone.class, "serving", Serving.class);
      PACING = lookup.findVarHandle(SecondaryZone.class, "pacing", NotifyPacing.class);
      REFUSED = lookup.findVarHandle(SecondaryZone.class, "refusedTransfers", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The zone's own monitor (synchronized (this)) is held while a new version is stored and
  // published, so that close() can wait for it: no lock object for each of a catalog's members.

  private volatile boolean closed;
  private volatile @Nullable InetAddress notifier;
  private volatile boolean wholeZoneNext;
  private volatile @Nullable String lastRefusedNotify;
  // Transfers out refused since start, added to through REFUSED from network threads (the rules
  // are the configuration's): a field, not an object for each of a catalog's members.
  private volatile long refusedTransfers;

  // The event thread's own (and start's, before any event runs).
  private int failures;
  private int appendsSinceFlush;
  private volatile Timers.Timer refreshTimer = Timers.NONE;
  private volatile Timers.Timer expireTimer = Timers.NONE;

  public SecondaryZone(SecondaryConfig config, ZoneContext ctx) {
    this(config, ctx, z -> {});
  }

  /** What a zone tells of its refreshes, on the thread that ran them: its catalog's consumer. */
  public interface Listener {
    /**
     * The zone serves {@code version} from now on (from the store at start, by a transfer, or
     * stored by another node); told after it is served: a catalog consumer reads its catalog there
     * (RFC 9432 section 5.1).
     */
    void served(ZoneSnapshot version);

    /** A refresh of {@code zone} failed; the next one comes as its timers say. */
    default void refreshFailed(Name zone) {}
  }

  public SecondaryZone(SecondaryConfig config, ZoneContext ctx, Listener listener) {
    this.config = config;
    this.ctx = ctx;
    this.listener = listener;
    this.serving =
        new Serving(
            null, NONE_KEPT, ZoneState.fresh(config.zone(), ZoneKind.SECONDARY), false, false);
    this.events = new Events();
  }

  @Override
  public Name name() {
    return config.zone();
  }

  @Override
  public ZoneKind kind() {
    return ZoneKind.SECONDARY;
  }

  public SecondaryConfig config() {
    return config;
  }

  /** Loads what the store has and serves it at once; then refreshes when the stored timer says. */
  @Override
  public String start() {
    return start(ZoneStore.Starting.read(ctx.store(), config.zone()));
  }

  /**
   * {@link #start()} from what the store holds of the zone, read already (with other zones', in one
   * transaction).
   */
  public String start(ZoneStore.Starting read) {
    Name zone = config.zone();
    ZoneState stored = read.state().orElse(ZoneState.fresh(zone, ZoneKind.SECONDARY));
    ZoneSnapshot contents = read.contents();
    if (read.unreadable() != null) {
      log.error("{}: stored copy unreadable, transferring anew: {}", zone, read.unreadable());
    }
    Instant now = ctx.clock().instant();
    // The stored state goes with the stored contents (the store holds their serials equal), even
    // when the contents did not decode: the next transfer replaces both.
    Instant expireAt = stored.expireAt();
    boolean expired = contents != null && expireAt != null && !now.isBefore(expireAt);
    serving = new Serving(contents, kept(contents, read.journal()), stored, expired, false);
    String what;
    if (contents == null) {
      ctx.publisher().unavailable(zone);
      what = "no data yet: transferring from " + config.primaries();
    } else if (expired) {
      ctx.publisher().publish(contents);
      ctx.publisher().unavailable(zone);
      what = "serial " + contents.serial() + " from disk, but it expired at " + expireAt;
      log.warn("{}: {}", zone, what);
    } else {
      ctx.publisher().publish(contents);
      what = "serving serial " + contents.serial() + " from disk";
      log.debug("{}: {} ({} records)", zone, what, contents.recordCount());
    }
    Instant refreshAt = stored.refreshAt();
    armRefresh(refreshAt == null || refreshAt.isBefore(now) ? now : refreshAt);
    armExpire();
    if (contents != null && !expired) {
      listener.served(contents);
    }
    return what;
  }

  /**
   * Starts a zone new to the store (a catalog's new member, its state just created): nothing to
   * read, nothing to serve yet (queries get SERVFAIL); the first transfer is due now.
   */
  public void startNew() {
    ctx.publisher().unavailable(config.zone());
    armRefresh(ctx.clock().instant());
  }

  /** The stored journal's last changes that chain up to {@code zone}. */
  private JournalWindow loadKept(@Nullable ZoneSnapshot zone) {
    if (zone == null) {
      return NONE_KEPT;
    }
    List<JournalStep> journal;
    try {
      journal = ctx.store().journal(config.zone());
    } catch (StoreException e) {
      journal = null;
    }
    return kept(zone, journal);
  }

  /** The last changes of {@code journal} (null: unreadable) that chain up to {@code zone}. */
  private JournalWindow kept(@Nullable ZoneSnapshot zone, @Nullable List<JournalStep> journal) {
    if (zone == null) {
      return NONE_KEPT;
    }
    if (journal == null) {
      log.warn("{}: journal unreadable, IXFR out sends the whole zone", config.zone());
      return NONE_KEPT;
    }
    return JournalWindow.of(journal, zone.serial(), KEPT, ctx.clock().instant());
  }

  // ---- what the data plane and the operator read ----

  @Override
  public @Nullable ZoneSnapshot current() {
    return serving.zone();
  }

  @Override
  public @Nullable List<ZoneDiff> changes(long from, long to) {
    return serving.kept().changes(from, to);
  }

  @Override
  public List<JournalStep> journal() {
    return serving.kept().steps();
  }

  @Override
  public boolean mayTransfer(InetAddress peer, @Nullable Name key, boolean overTls) {
    if (AclRule.anyMatches(config.allowTransfer(), peer, key, overTls)) {
      return true;
    }
    REFUSED.getAndAdd(this, 1L);
    return false;
  }

  /** Seconds until the zone expires (RFC 7314), or 0 if it has, or -1 if it has no data. */
  @Override
  public long expireSeconds() {
    Serving s = serving;
    Instant at = s.state().expireAt();
    if (s.zone() == null || at == null) {
      return -1;
    }
    return Math.max(0, Duration.between(ctx.clock().instant(), at).toSeconds());
  }

  @Override
  public boolean usesKey(Name key) {
    return config.usesKey(key);
  }

  @Override
  public @Nullable String owner() {
    CatalogPart c = config.catalog();
    return c == null ? null : c.owner();
  }

  /** What this zone, a catalog this server follows, says about its members; shown in its status. */
  public void describeCatalog(CatalogStatus status) {
    catalogStatus = status;
  }

  @Override
  public @Nullable SignatureStatus signatures() {
    return SignatureStatus.of(serving.zone(), ctx.clock().instant());
  }

  @Override
  public ZoneStatus status() {
    Serving s = serving;
    ZoneSnapshot z = s.zone();
    ZoneState st = s.state();
    List<String> primaries = new ArrayList<>();
    config
        .primaries()
        .forEach(
            p -> primaries.add(Remote.format(p.address()) + (p.tls() != null ? " (TLS)" : "")));
    return ZoneStatus.of(config.zone(), ZoneKind.SECONDARY, s.phase(), z == null ? -1 : z.serial())
        .attempts(st.lastSuccess(), st.lastAttempt(), st.lastError())
        .refresh(
            primaries,
            st.primarySerial(),
            st.refreshAt(),
            z == null ? null : st.expireAt(),
            lastRefusedNotify)
        .downstream(ctx.notifier().outcomes(config.zone()), refusedTransfers)
        .signatures(SignatureStatus.of(z, ctx.clock().instant()))
        .catalog(catalogPart())
        .build();
  }

  private @Nullable CatalogStatus catalogPart() {
    CatalogPart c = config.catalog();
    if (c != null && c.isMember()) {
      return CatalogStatus.member(c.catalog(), c.group());
    }
    return catalogStatus;
  }

  // ---- NOTIFY in ----

  /**
   * A NOTIFY arrived (RFC 1996 section 3.10): accepted from a primary (signed with its key if it
   * has one) or an address on the allow-notify list; a refresh is queued unless we serve the serial
   * it carries already, paced ({@link NotifyPacing}): a thousand NOTIFYs leave one SOA check a
   * second at most.
   */
  @Override
  public int onNotify(InetAddress peer, @Nullable Name key, long serial) {
    RefusalLog.Refused refusal = config.notifyRefusal(peer, key);
    if (refusal != null) {
      refused(peer, refusal);
      return Rcode.REFUSED;
    }
    notifier = peer;
    Serving s = serving;
    ZoneSnapshot z = s.zone();
    if (z != null && serial >= 0 && serial == z.serial() && !s.expired()) {
      return Rcode.NOERROR; // nothing new
    }
    log.debug("{}: NOTIFY from {} (serial {})", config.zone(), peer.getHostAddress(), serial);
    pacing().notified();
    return Rcode.NOERROR;
  }

  private NotifyPacing pacing() {
    NotifyPacing p = pacing;
    if (p == null) {
      NotifyPacing made = new NotifyPacing(ctx.clock(), ctx.timers(), ctx.serialQueries(), events);
      NotifyPacing won = (NotifyPacing) PACING.compareAndExchange(this, null, made);
      p = won == null ? made : won;
    }
    return p;
  }

  /** A NOTIFY whose TSIG failed. */
  @Override
  public void notifyRefused(InetAddress peer, String why) {
    refused(peer, new RefusalLog.Refused(RefusalLog.Reason.NOTIFY_BAD_TSIG, why));
  }

  private void refused(InetAddress peer, RefusalLog.Refused refusal) {
    lastRefusedNotify =
        "NOTIFY from "
            + peer.getHostAddress()
            + " at "
            + ctx.clock().instant()
            + ": "
            + refusal.why();
    ctx.refusals().refused(config.zone(), peer, refusal);
  }

  // ---- what an operator asks for ----

  /**
   * Takes {@code next} as the zone's configuration at once, keeping what it serves: the next
   * refresh asks the new primaries with their keys, and is queued now (a zone that failed with a
   * wrong key or address need not wait out its retry timer); NOTIFY and transfer rules apply from
   * the next request on.
   *
   * @throws IllegalArgumentException if {@code next} is of another zone
   */
  public void reconfigure(SecondaryConfig next) {
    if (!next.zone().equals(config.zone())) {
      throw new IllegalArgumentException("a zone's configuration keeps its name: " + next.zone());
    }
    config = next;
    log.info("{}: configuration replaced; primaries {}", next.zone(), next.primaries());
    events.post(ZoneEvent.REFRESH);
  }

  /** An operator asked for a refresh now. */
  public void refreshNow() {
    events.post(ZoneEvent.REFRESH);
  }

  /** An operator asked for the whole zone again now (AXFR), whatever the serials say. */
  public void retransferNow() {
    wholeZoneNext = true;
    events.post(ZoneEvent.REFRESH);
  }

  @Override
  public void notifyNow() {
    events.post(ZoneEvent.NOTIFY_OUT);
  }

  /** Checks the store's serial here; serving what another node stored happens on an event. */
  @Override
  public void followStore(long storedSerial) {
    ZoneSnapshot ours = current();
    if (storedSerial >= 0 && (ours == null || ours.serial() != storedSerial)) {
      events.post(ZoneEvent.LOAD); // which reads the state again: it may be ours, stored since
    }
  }

  @Override
  public void close() {
    closed = true;
    events.close();
    synchronized (this) {
      // Entered once a version being stored and published is; none follows (closed is set).
    }
    refreshTimer.cancel();
    expireTimer.cancel();
  }

  /**
   * The zone's event queue, handled by {@link #handle}; run as a task (the REFRESH timer's, a paced
   * NOTIFY's) it posts a REFRESH. One object for the queue, its handler and that task: a catalog
   * member's timer is re-armed at every refresh, and 100,000 members each kept two lambdas.
   */
  private final class Events extends ZoneEvents implements Runnable {
    @Override
    protected void handle(ZoneEvent event) {
      SecondaryZone.this.handle(event);
    }

    @Override
    protected Name zone() {
      return config.zone();
    }

    @Override
    protected java.util.concurrent.Executor workers() {
      return ctx.workers();
    }

    @Override
    public void run() {
      post(ZoneEvent.REFRESH);
    }
  }

  private void handle(ZoneEvent event) {
    if (closed) {
      return;
    }
    switch (event) {
      case LOAD -> load();
      case UNSTORED -> unstored();
      case REFRESH -> HeapSteps.holdingThrough(this::refresh); // a large zone built and stored too
      case NOTIFY_OUT -> notifyDownstream();
      case FLUSH -> flush();
    }
  }

  /** The timer arithmetic, made when a refresh ends (one object less for each zone at rest). */
  private SecondaryTimers timers() {
    return new SecondaryTimers(config.zone(), ctx);
  }

  private void update(UnaryOperator<Serving> change) {
    Serving before;
    do {
      before = serving;
    } while (!SERVING.compareAndSet(this, before, change.apply(before)));
  }

  // ---- LOAD: what another node sharing the store stored ----

  private void load() {
    try {
      ZoneState stored = ctx.store().state(config.zone()).orElse(null);
      ZoneSnapshot ours = current();
      if (stored == null
          || stored.serial() < 0
          || ours != null && ours.serial() == stored.serial()) {
        return;
      }
      ZoneSnapshot z = ctx.store().contents(config.zone()).orElse(null);
      if (z == null) {
        return;
      }
      JournalWindow kept = loadKept(z);
      synchronized (this) {
        if (closed) {
          return;
        }
        update(s -> new Serving(z, kept, stored, false, s.refreshing()));
        ctx.publisher().publish(z);
      }
      armRefresh(stored.refreshAt() == null ? ctx.clock().instant() : stored.refreshAt());
      armExpire();
      log.info("{}: serving serial {} stored by another node", config.zone(), z.serial());
      listener.served(z);
    } catch (StoreException e) {
      log.warn("{}: cannot read the stored version: {}", config.zone(), e.getMessage());
    }
  }

  // ---- REFRESH ----

  private void refresh() {
    Instant started = ctx.clock().instant();
    InetAddress first = notifier;
    notifier = null;
    boolean whole = wholeZoneNext;
    wholeZoneNext = false;
    update(s -> s.refreshing(true));
    armExpire(); // a refresh that hangs past EXPIRE must not hold expiry back
    List<Transfer> transfers = new ArrayList<>();
    try {
      Refresh.Outcome outcome =
          new Refresh(config.zone(), ctx, config.allowSerialReset())
              .run(
                  current(),
                  config.primaries(),
                  first,
                  whole,
                  t -> {
                    ctx.metrics().count(t);
                    transfers.add(t);
                  });
      if (closed) {
        // Deleted, or the server stopping, while the primary was asked: the answer goes nowhere
        // (the store may be closed already).
        transfers.clear();
        return;
      }
      switch (outcome) {
        case Refresh.Current c -> current(c, started);
        case Refresh.Transferred t -> transferred(t, started);
        case Refresh.Failed f -> failed(f.error(), f.primarySerial(), f.cutShort(), started);
      }
    } finally {
      update(s -> s.refreshing(false));
      armExpire(); // none under way now: a healthy zone needs no EXPIRE timer until the next one
      recordTransfers(transfers);
    }
  }

  /** The primary has what we serve: only the timers move. */
  private void current(Refresh.Current c, Instant started) {
    Serving before = serving;
    ZoneSnapshot z = before.zone();
    if (z == null) {
      failed(
          Remote.format(c.primary().address()) + ": up to date, but we have no data",
          -1,
          false,
          started);
      return;
    }
    ZoneState next = timers().refreshed(z, c.primarySerial(), c.ednsExpire());
    try {
      ctx.store().saveState(next, durability());
    } catch (StoreException e) {
      log.error("{}: could not save its timers: {}", config.zone(), e.getMessage());
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      update(s -> new Serving(s.zone(), s.kept(), next, false, s.refreshing()));
      if (before.expired()) {
        ctx.publisher().publish(z); // available again
        log.info("{}: no longer expired", config.zone());
      }
    }
    failures = 0;
    rearm(next);
    log.debug(
        "{}: serial {} is current at {}",
        config.zone(),
        z.serial(),
        Remote.format(c.primary().address()));
  }

  /**
   * A newer version arrived: stored, then served (a first one the other way round), then downstream
   * NOTIFYed.
   */
  private void transferred(Refresh.Transferred t, Instant started) {
    ZoneSnapshot z = t.zone();
    boolean first = current() == null;
    if (z.nsec3Iterations() > 0) {
      ZoneSnapshot ours = current();
      if (ours == null || ours.nsec3Iterations() != z.nsec3Iterations()) {
        log.warn("{}: {}", config.zone(), ZoneLoader.nsec3IterationsAdvice(z));
      }
    }
    if (t.whole()) {
      warnOversized(z);
    }
    ZoneState next = timers().refreshed(z, t.primarySerial(), t.ednsExpire());
    // A first version, with nothing served, is served before it is stored: a restart before the
    // write ends finds nothing, as it would have before the transfer, and answers come as soon as
    // the zone is here (the write of a 1,000,000-record zone takes 0.4-0.6 s). Any later version
    // is stored first, so that a restart never serves older than what was answered.
    boolean servedFirst = first && t.whole();
    boolean wasExpired;
    synchronized (this) {
      if (closed) {
        return;
      }
      wasExpired = serving.expired();
      try {
        if (!servedFirst) {
          store(t, next);
          serve(t, next);
        } else {
          serve(t, next);
          if (durability() == ZoneStore.Durability.SOON && z.recordCount() < LargeZones.RECORDS) {
            storeLater(z, next);
          } else {
            store(t, next);
          }
        }
      } catch (StoreException e) {
        if (servedFirst) {
          wholeZoneNext = true; // served but not stored: the next refresh transfers it again
        }
        failed(
            "could not store the new version: " + e.getMessage(),
            t.primarySerial(),
            false,
            started);
        // On a store other nodes share, one of them may have stored a newer version first: take
        // what the store has, so that the next refresh starts from there.
        load();
        return;
      }
    }
    failures = 0;
    rearm(next);
    NotifyPacing p = pacing;
    if (p != null) {
      p.found();
    }
    // A catalog's members are many: their first transfers are told by the catalog, not one by one,
    // and the line is not even formatted (its address and duration, made for each of 100,000 new
    // members and dropped, were 0.5% of the CPU samples while they arrived).
    Level level =
        config.catalog() != null && config.catalog().isMember() && first ? Level.DEBUG : Level.INFO;
    if (log.isEnabledForLevel(level)) {
      log.atLevel(level)
          .log(
              "{}: serial {} from {} by {} ({} records, {} ms)",
              config.zone(),
              z.serial(),
              Remote.format(t.primary().address()),
              t.how(),
              t.changed(),
              Duration.between(started, ctx.clock().instant()).toMillis());
    }
    if (wasExpired) {
      log.info("{}: no longer expired", config.zone());
    }
    if (!config.downstream().isEmpty()) {
      events.post(ZoneEvent.NOTIFY_OUT);
    }
    if (appendsSinceFlush >= FLUSH_AFTER) {
      events.post(ZoneEvent.FLUSH);
    }
    listener.served(z);
    if (t.whole()) {
      LargeZones.stored(z.recordCount());
    }
  }

  /** Serves what a refresh brought, with the journal window it extends (or clears, if whole). */
  private void serve(Refresh.Transferred t, ZoneState next) {
    JournalWindow kept = serving.kept();
    if (t.whole()) {
      kept = kept.cleared(); // no change leads to a version that came whole
      appendsSinceFlush = 0;
    } else {
      Instant now = ctx.clock().instant();
      for (JournalStep step : t.steps()) {
        kept = kept.with(step, now);
      }
      appendsSinceFlush += t.steps().size();
    }
    JournalWindow newKept = kept;
    ZoneSnapshot z = t.zone();
    update(s -> new Serving(z, newKept, next, false, s.refreshing()));
    ctx.publisher().publish(z);
  }

  /**
   * RRsets too large to answer, or for BIND secondaries to take, are served as the primary sent
   * them (refusing the zone would take down every other name in it), with a warning.
   */
  private void warnOversized(ZoneSnapshot z) {
    List<String> oversized = ZoneLoader.oversizedRrsets(z);
    if (oversized.isEmpty()) {
      return;
    }
    oversized.stream().limit(10).forEach(w -> log.warn("{}: {}", config.zone(), w));
    if (oversized.size() > 10) {
      log.warn("{}: and {} more RRsets past the limits", config.zone(), oversized.size() - 10);
    }
  }

  /**
   * Writes a first version, already served, without waiting for the write: a catalog's members
   * arriving by the thousand so share commits (26,490 commits and 1.9 GB written to the disk for
   * 100,000 members, each worker waiting for its own). If the store refuses it, the zone says why
   * ({@link #unstored}) and the next refresh transfers it whole again. Not for a catalog (its
   * members, whose creation waits for the disk, must not outlive it in a power failure) nor for a
   * large zone: its write is a commit of its own, and the full collection after it ({@link
   * LargeZones#stored}) should find the encoded copy gone.
   */
  private void storeLater(ZoneSnapshot z, ZoneState next) {
    ctx.store()
        .replaceLater(z, next)
        .whenComplete(
            (written, e) -> {
              if (e == null) {
                return;
              }
              String why =
                  "could not store the new version: "
                      + (e instanceof StoreException se ? se.getMessage() : e.toString());
              Instant now = ctx.clock().instant();
              wholeZoneNext = true; // served but not stored
              update(
                  s ->
                      s.with(
                          s.state()
                              .failed(
                                  now,
                                  why,
                                  Objects.requireNonNullElse(s.state().refreshAt(), now))));
              events.post(ZoneEvent.UNSTORED);
            });
  }

  /** A first version the store refused, on the zone's event thread: a failed refresh. */
  private void unstored() {
    ZoneState state = serving.state();
    String why = state.lastError();
    if (why == null || !wholeZoneNext) {
      return; // a refresh has stored a version since
    }
    failed(why, state.primarySerial(), false, ctx.clock().instant());
  }

  /** Writes what a refresh brought: the whole zone, or each IXFR step as one journal entry. */
  private void store(Refresh.Transferred t, ZoneState next) {
    if (t.whole()) {
      ctx.store().replace(t.zone(), next, durability());
      return;
    }
    List<JournalStep> steps = t.steps();
    for (int i = 0; i < steps.size(); i++) {
      JournalStep step = steps.get(i);
      ZoneState at = i == steps.size() - 1 ? next : SecondaryTimers.atSerial(next, step.to());
      ctx.store().append(config.zone(), step, at, durability());
    }
  }

  /**
   * How soon what a refresh writes must be on disk: within a second, since the primaries still have
   * it (a power failure in that second leaves the version before, and the next refresh transfers
   * the rest again); at once for a catalog this server follows, so that its members, whose creation
   * is durable, never meet an older catalog after a power failure that would remove them.
   */
  private ZoneStore.Durability durability() {
    CatalogPart c = config.catalog();
    return c != null && !c.isMember() ? ZoneStore.Durability.NOW : ZoneStore.Durability.SOON;
  }

  private void failed(String error, long primarySerial, boolean cutShort, Instant started) {
    Instant now = ctx.clock().instant();
    failures++;
    ZoneState next =
        timers()
            .failed(serving.state(), current(), failures, error, primarySerial, cutShort, started);
    try {
      ctx.store().saveState(next, durability());
    } catch (StoreException e) {
      log.error("{}: could not save its timers: {}", config.zone(), e.getMessage());
    }
    update(s -> s.with(next));
    armRefresh(Objects.requireNonNull(next.refreshAt()));
    Instant expireAt = next.expireAt();
    if (expireAt != null && !now.isBefore(expireAt)) {
      expire();
    } else {
      armExpire(); // failing now: EXPIRE may come before a refresh succeeds
    }
    log.warn("{}: refresh failed (attempt {}): {}", config.zone(), failures, error);
    listener.refreshFailed(config.zone());
  }

  /**
   * Writes the refresh's transfers to the zone's history: after the new version is published, so
   * that the bookkeeping never delays it; a history that cannot be written is only logged.
   */
  private void recordTransfers(List<Transfer> transfers) {
    for (Transfer t : transfers) {
      try {
        ctx.store().recordTransfer(t);
      } catch (RuntimeException e) { // StoreException, or a store that cannot
        log.warn(
            "{}: could not record the {} from {}: {}",
            config.zone(),
            t.kind(),
            t.peer(),
            e.toString());
      }
    }
  }

  // ---- EXPIRE ----

  private void expire() {
    Serving s;
    synchronized (this) { // checked and changed under the lock a refresh publishes under
      s = serving;
      Instant at = s.state().expireAt();
      if (closed || s.expired() || s.zone() == null || at == null) {
        return;
      }
      if (ctx.clock().instant().isBefore(at)) {
        // The timer ran a little early (its executor's clock is not ours): not expired yet, and
        // no refresh may come to notice later, so the timer is set again.
        armExpire();
        return;
      }
      update(v -> new Serving(v.zone(), v.kept(), v.state(), true, v.refreshing()));
      ctx.publisher().unavailable(config.zone());
    }
    log.warn(
        "{}: expired: no successful refresh since {}; answering SERVFAIL until one succeeds",
        config.zone(),
        s.state().lastSuccess());
  }

  // ---- NOTIFY_OUT ----

  private void notifyDownstream() {
    ZoneSnapshot z = current();
    if (z != null && !config.downstream().isEmpty()) {
      ctx.notifier().notify(config.zone(), z.serial(), z.soa(), config.downstream());
    }
  }

  // ---- FLUSH ----

  private void flush() {
    ZoneSnapshot z = current();
    appendsSinceFlush = 0;
    if (z == null) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      ctx.store().compact(z);
      log.info(
          "{}: stored base rewritten at serial {} ({} ms)",
          config.zone(),
          z.serial(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (StoreException e) {
      log.error("{}: could not rewrite the stored base: {}", config.zone(), e.getMessage());
    }
  }

  // ---- timers ----

  private void rearm(ZoneState next) {
    Instant refreshAt = next.refreshAt();
    armRefresh(refreshAt == null ? ctx.clock().instant() : refreshAt);
    armExpire();
  }

  private void armRefresh(Instant at) {
    refreshTimer.cancel();
    refreshTimer = ctx.timers().at(at, events);
  }

  /**
   * Sets the EXPIRE timer, unless the next refresh comes first from a healthy state and none is
   * under way: that refresh, when it starts, sets it, and cancels it when it succeeds. A node of
   * 100,000 healthy catalog members so keeps 100,000 timers fewer (a tenth of what each costs).
   */
  private void armExpire() {
    expireTimer.cancel();
    expireTimer = Timers.NONE; // the cancelled task is not kept alive by its handle
    if (closed) {
      return;
    }
    Serving s = serving;
    ZoneState state = s.state();
    Instant at = state.expireAt();
    if (at == null || s.expired()) {
      return;
    }
    Instant refreshAt = state.refreshAt();
    if (!s.refreshing()
        && state.lastError() == null
        && refreshAt != null
        && refreshAt.isBefore(at)) {
      return;
    }
    // Not an event: a refresh trying a dead primary may run for seconds, and expiry waits for
    // nothing. The zone's monitor orders it with a refresh's new version.
    expireTimer = ctx.timers().at(at, this::expire);
  }
}
