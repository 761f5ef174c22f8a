package dev.tandem.control;

import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneKind;
import dev.tandem.store.ZoneState;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * One secondary zone's lifecycle: a small state machine driven by {@link ZoneEvent}s, one at a time
 * (see {@link ZoneEvents}).
 *
 * <p><b>REFRESH</b> (RFC 1034 section 4.3.5, RFC 1995, RFC 5936): ask the primaries in order (a
 * NOTIFY's sender first, unreachable ones after the others) for the SOA; if theirs is newer (RFC
 * 1982), transfer by IXFR from our serial, falling back to AXFR when IXFR is refused, answered
 * AXFR-style, or does not apply exactly to what we have; check the result; write it to the store;
 * only then publish it. Success re-arms REFRESH and EXPIRE from the new SOA; failure re-arms
 * REFRESH after RETRY with backoff, and leaves what is served and stored as it was.
 *
 * <p><b>EXPIRE</b>: when EXPIRE passes since the last successful refresh, the zone answers SERVFAIL
 * until a refresh succeeds. The deadline is stored, so it survives restarts: a zone restarted after
 * a week without its primary is expired at once, not a week later.
 */
final class SecondaryZone {
  private static final Logger log = LoggerFactory.getLogger(SecondaryZone.class);

  /** The retry delay before the first successful transfer, when there is no SOA to read it from. */
  private static final long INITIAL_RETRY = 5;

  private static final long INITIAL_REFRESH = 60;

  /** Journal entries written since the last compaction after which the base is rewritten. */
  private static final int FLUSH_AFTER = 100;

  /**
   * The changes kept in memory for IXFR out to downstream secondaries: the last ones applied, up to
   * this many steps and records; an older client gets the whole zone.
   */
  private static final JournalWindow.Limits KEPT =
      new JournalWindow.Limits(200, 100_000, java.time.Duration.ofDays(365));

  private final SecondaryConfig config;
  private final SecondaryContext ctx;
  private final ZoneEvents events;

  // Touched by the zone's own event (one at a time) and read by status(): guarded by this.
  private ZoneState state;
  private @Nullable ZoneSnapshot current;
  private boolean refreshing;
  private boolean expired;
  private int failures;
  private int appendsSinceFlush;
  private final SignatureStatus.Watch signatures = new SignatureStatus.Watch();
  private final java.util.concurrent.atomic.AtomicLong refusedTransfers =
      new java.util.concurrent.atomic.AtomicLong();

  /** The changes that led to {@link #current} (guarded by this). */
  private final JournalWindow kept = new JournalWindow(KEPT);

  private @Nullable InetAddress preferred;
  private @Nullable String lastRefusedNotify;
  private @Nullable ScheduledFuture<?> refreshTimer;
  private @Nullable ScheduledFuture<?> expireTimer;

  SecondaryZone(SecondaryConfig config, SecondaryContext ctx) {
    this.config = config;
    this.ctx = ctx;
    this.state = ZoneState.fresh(config.zone(), ZoneKind.SECONDARY);
    this.events = new ZoneEvents(config.zone().toString(), ctx.workers(), this::handle);
  }

  Name name() {
    return config.zone();
  }

  SecondaryConfig config() {
    return config;
  }

  /** Counts a transfer request the zone's ACL refused. */
  void refusedTransfer() {
    refusedTransfers.incrementAndGet();
  }

  /** Loads what the store has and serves it at once; then refreshes when the stored timer says. */
  void start() {
    Name zone = config.zone();
    ZoneState stored = ctx.store().state(zone).orElse(null);
    Optional<ZoneSnapshot> contents;
    try {
      contents = ctx.store().contents(zone);
    } catch (StoreException e) {
      log.error("{}: stored copy unreadable, transferring anew: {}", zone, e.getMessage());
      contents = Optional.empty();
    }
    Instant now = ctx.clock().instant();
    synchronized (this) {
      // The stored state goes with the stored contents (the store holds their serials equal),
      // even when the contents did not decode: the next transfer replaces both.
      state = stored != null ? stored : ZoneState.fresh(zone, ZoneKind.SECONDARY);
      current = contents.orElse(null);
      ZoneSnapshot loaded = current;
      if (loaded != null) {
        keepStored(loaded.serial());
      }
      ZoneSnapshot z = current;
      if (z != null) {
        ctx.publisher().publish(z);
        Instant expireAt = state.expireAt();
        if (expireAt != null && !now.isBefore(expireAt)) {
          expired = true;
          ctx.publisher().unavailable(zone);
          log.warn("{}: serial {} from disk, but it expired at {}", zone, z.serial(), expireAt);
        } else {
          log.info(
              "{}: serving serial {} from disk ({} records)", zone, z.serial(), z.recordCount());
        }
      } else {
        ctx.publisher().unavailable(zone);
      }
      Instant refreshAt = state.refreshAt();
      armRefresh(refreshAt == null || refreshAt.isBefore(now) ? now : refreshAt);
      armExpire();
    }
  }

  /** Keeps the stored journal's last changes, those that chain up to {@code serial}. */
  private void keepStored(long serial) {
    if (!kept.load(ctx.store(), config.zone(), serial, ctx.clock().instant())) {
      log.warn("{}: journal unreadable, IXFR out sends the whole zone", config.zone());
    }
  }

  /**
   * The kept changes from serial {@code from} to {@code to}, or null if they are not all kept (for
   * IXFR out; see {@link dev.tandem.dns.engine.ControlPort#changes}).
   */
  synchronized @Nullable List<ZoneDiff> changes(long from, long to) {
    return kept.changes(from, to);
  }

  void stop() {
    events.close();
    synchronized (this) {
      cancel(refreshTimer);
      cancel(expireTimer);
    }
  }

  /** An operator asked for a refresh now. */
  void refreshNow() {
    events.post(ZoneEvent.REFRESH);
  }

  /** Serves the stored version if the store holds another serial than the one served. */
  private void followStore() {
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
      synchronized (this) {
        current = z;
        state = stored;
      }
      keepStored(z.serial());
      ctx.publisher().publish(z);
      log.info("{}: serving serial {} stored by another node", config.zone(), z.serial());
    } catch (StoreException e) {
      log.warn("{}: cannot read the stored version: {}", config.zone(), e.getMessage());
    }
  }

  /** The version served, null if none yet. */
  synchronized @Nullable ZoneSnapshot current() {
    return current;
  }

  /** An operator asked for NOTIFY to the downstream secondaries now. */
  void notifyDownstreamNow() {
    ctx.workers().execute(this::notifyDownstream);
  }

  /** An operator asked for the whole zone again now (AXFR), whatever the serials say. */
  void retransferNow() {
    wholeZoneNext = true;
    events.post(ZoneEvent.REFRESH);
  }

  /** Set by {@link #retransferNow}: the next refresh transfers the whole zone. */
  private volatile boolean wholeZoneNext;

  /** Records a NOTIFY turned away (here, or by the responder for a failed TSIG) for the status. */
  void refusedNotify(InetAddress peer, String why) {
    synchronized (this) {
      lastRefusedNotify =
          "NOTIFY from " + peer.getHostAddress() + " at " + ctx.clock().instant() + ": " + why;
    }
    log.info("{}: refused NOTIFY from {}: {}", config.zone(), peer.getHostAddress(), why);
  }

  /**
   * A NOTIFY arrived (RFC 1996 section 3.10): accepted from a primary (signed with its key if it
   * has one) or an address on the allow-notify list. Returns the RCODE to answer with.
   */
  int onNotify(InetAddress peer, @Nullable Name key, long serial) {
    String refusal = notifyRefusal(peer, key);
    if (refusal != null) {
      refusedNotify(peer, refusal);
      return Rcode.REFUSED;
    }
    synchronized (this) {
      preferred = peer;
      ZoneSnapshot z = current;
      if (z != null && serial >= 0 && serial == z.serial() && !expired) {
        return Rcode.NOERROR; // nothing new
      }
    }
    log.debug("{}: NOTIFY from {} (serial {})", config.zone(), peer.getHostAddress(), serial);
    events.post(ZoneEvent.REFRESH);
    return Rcode.NOERROR;
  }

  private @Nullable String notifyRefusal(InetAddress peer, @Nullable Name key) {
    for (AclRule rule : config.allowNotify()) {
      if (rule.matches(peer, key)) {
        return null;
      }
    }
    boolean fromPrimary = false;
    for (Remote p : config.primaries()) {
      if (p.address().getAddress().equals(peer)) {
        fromPrimary = true;
        if (p.key() == null || p.key().equals(key)) {
          return null;
        }
      }
    }
    if (fromPrimary) {
      return key == null
          ? "not TSIG-signed, and this zone's primary has a key"
          : "signed with the wrong key " + key;
    }
    return "not a primary of this zone, nor allowed to notify it";
  }

  /** Seconds until the zone expires (RFC 7314), or 0 if it has, or -1 if it has no data. */
  synchronized long expireSeconds() {
    Instant at = state.expireAt();
    if (current == null || at == null) {
      return -1;
    }
    return Math.max(0, Duration.between(ctx.clock().instant(), at).toSeconds());
  }

  synchronized ZoneStatus status() {
    ZoneSnapshot z = current;
    String s = expired ? "expired" : refreshing ? "refreshing" : z == null ? "loading" : "ok";
    List<String> primaries = new ArrayList<>();
    config.primaries().forEach(p -> primaries.add(Remote.format(p.address())));
    return new ZoneStatus(
        config.zone(),
        "secondary",
        s,
        z == null ? -1 : z.serial(),
        state.primarySerial(),
        state.lastSuccess(),
        state.lastAttempt(),
        state.lastError(),
        lastRefusedNotify,
        state.refreshAt(),
        z == null ? null : state.expireAt(),
        primaries,
        ctx.notifier().outcomes(config.zone()),
        refusedTransfers.get(),
        signatures.status(z, ctx.clock().instant()));
  }

  private void handle(ZoneEvent event) {
    switch (event) {
      case REFRESH -> refresh();
      case EXPIRE -> expire();
      case NOTIFY_OUT -> notifyDownstream();
      case FLUSH -> flush();
    }
  }

  // ---- REFRESH ----

  private void refresh() {
    Instant started = ctx.clock().instant();
    InetAddress first;
    synchronized (this) {
      refreshing = true;
      first = preferred;
      preferred = null;
    }
    List<String> errors = new ArrayList<>();
    try {
      for (Remote primary : ctx.primaries().order(config.primaries(), first)) {
        try {
          Outcome outcome = refreshFrom(primary);
          ctx.primaries().reachable(primary);
          succeeded(primary, outcome, started);
          return;
        } catch (TransferException e) {
          if (e.unreachable()) {
            ctx.primaries().unreachable(primary);
          }
          errors.add(e.getMessage());
        } catch (StoreException e) {
          errors.add("could not store the new version: " + e.getMessage());
          // On a store other nodes share, one of them may have stored a newer version first:
          // take what the store has, so that the next refresh starts from there.
          followStore();
          break; // the primary is fine; we are not
        } catch (RuntimeException e) {
          // A bug here or in a library, not the primary's fault: log it, and retry as for any
          // failure rather than leave the zone without a timer.
          log.error("{}: refresh from {} failed unexpectedly", config.zone(), primary, e);
          errors.add(Remote.format(primary.address()) + ": internal error (" + e + ")");
        }
      }
      failed(String.join("; ", errors), started);
    } finally {
      synchronized (this) {
        refreshing = false;
      }
      recordTransfers();
    }
  }

  /** The transfers of the refresh under way, kept once it is over (the zone's own event only). */
  private final List<dev.tandem.store.ZoneStore.Transfer> unrecorded = new ArrayList<>();

  /**
   * Writes the refresh's transfers to the zone's history: after the new version is published, so
   * that the bookkeeping never delays it; a history that cannot be written is only logged.
   */
  private void recordTransfers() {
    for (dev.tandem.store.ZoneStore.Transfer t : unrecorded) {
      try {
        ctx.store().recordTransfer(t);
      } catch (RuntimeException e) { // StoreException, or a store that cannot
        log.warn(
            "{}: could not record the {} from {}: {}",
            config.zone(),
            t.type(),
            t.peer(),
            e.toString());
      }
    }
    unrecorded.clear();
  }

  /** What a successful refresh found. */
  private record Outcome(ZoneSnapshot zone, ZoneState state, String how, int changed) {}

  private Outcome refreshFrom(Remote primary) throws TransferException {
    Name zone = config.zone();
    var tsig = ctx.tsig(primary.key());
    SoaProbe.Answer answer = ctx.probe().probe(zone, primary.address(), tsig);
    long theirs = answer.soa().getSerial();
    ZoneSnapshot ours;
    synchronized (this) {
      ours = current;
      state = withPrimarySerial(state, theirs);
    }
    String who = Remote.format(primary.address());
    if (wholeZoneNext) {
      wholeZoneNext = false;
      return axfr(primary, tsig, theirs, answer.expire(), "AXFR (retransfer asked for)");
    }
    if (ours != null) {
      if (theirs == ours.serial()) {
        return new Outcome(ours, successState(ours, theirs, answer.expire()), "up to date", 0);
      }
      if (!Serial.isNewer(theirs, ours.serial())) {
        throw new TransferException(
            who
                + " has serial "
                + theirs
                + ", older than ours ("
                + ours.serial()
                + "); keeping ours (RFC 1982)");
      }
    }
    long from = ours == null || !primary.ixfr() ? -1 : ours.serial(); // -1: AXFR
    try {
      return new Received(primary, tsig, from)
          .run(
              x ->
                  switch (x.transfer()) {
                    case TransferIn.UpToDate u -> {
                      if (ours == null) {
                        throw new TransferException(
                            who + ": IXFR said up to date, but we have no data");
                      }
                      yield new Outcome(
                          ours,
                          successState(ours, theirs, answer.expire()),
                          "up to date (IXFR)",
                          0);
                    }
                    case TransferIn.Full full ->
                        storeFull(
                            full,
                            theirs,
                            answer.expire(),
                            who,
                            ours == null ? "AXFR" : "AXFR-style IXFR",
                            x);
                    case TransferIn.Incremental inc -> {
                      if (ours == null) {
                        throw new TransferException(who + ": IXFR answer to an AXFR request");
                      }
                      yield applyIncremental(ours, inc, theirs, answer.expire());
                    }
                  });
    } catch (NotApplied e) {
      // RFC 1995 section 4: if the differences don't apply, ask for the whole zone.
      return axfr(primary, tsig, theirs, answer.expire(), "AXFR after IXFR did not apply");
    }
  }

  /** Transfers the whole zone by AXFR and stores it; {@code how} says why, for the log. */
  private Outcome axfr(
      Remote primary, org.xbill.DNS.@Nullable TSIG tsig, long theirs, long ednsExpire, String how)
      throws TransferException {
    String who = Remote.format(primary.address());
    try {
      return new Received(primary, tsig, -1)
          .run(
              x -> {
                if (!(x.transfer() instanceof TransferIn.Full f)) {
                  throw new TransferException(who + ": AXFR returned no zone (" + how + ")");
                }
                return storeFull(f, theirs, ednsExpire, who, how, x);
              });
    } catch (NotApplied e) {
      throw new IllegalStateException("an AXFR has no IXFR steps to apply", e);
    }
  }

  /** The IXFR received does not apply to what we have: AXFR is needed (RFC 1995 section 4). */
  private static final class NotApplied extends Exception {
    private static final long serialVersionUID = 1L;

    NotApplied(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  private interface TransferBody {
    Outcome run(Received transfer) throws TransferException, NotApplied;
  }

  /**
   * One transfer in (one AXFR or IXFR request): what it brought is filled in as it goes; when it
   * ends, however it ends, it is counted, and kept for the zone's transfer history (written when
   * the refresh is over: {@link #recordTransfers}).
   */
  private final class Received {
    private final Remote primary;
    private final org.xbill.DNS.@Nullable TSIG tsig;
    private final long from;
    private final String type;
    private final Instant at = ctx.clock().instant();
    private final long t0 = System.nanoTime();
    private long to = -1;
    private long records;
    private long bytes;

    /** {@code from}: our serial for IXFR, -1 for AXFR. */
    Received(Remote primary, org.xbill.DNS.@Nullable TSIG tsig, long from) {
      this.primary = primary;
      this.tsig = tsig;
      this.from = from;
      this.type = from < 0 ? "AXFR" : "IXFR";
    }

    /** Makes the transfer and notes what arrived. */
    TransferIn.Result transfer() throws TransferException {
      TransferIn.Result r = ctx.transferIn().transfer(config.zone(), primary.address(), tsig, from);
      switch (r) {
        case TransferIn.UpToDate u -> {
          to = from;
          records = 1;
        }
        case TransferIn.Full f -> {
          to = f.serial();
          records = f.records() + 1L; // and the closing SOA
        }
        case TransferIn.Incremental inc -> {
          to = inc.steps().get(inc.steps().size() - 1).to();
          records = 2; // the opening and closing SOA
          for (TransferIn.Step step : inc.steps()) {
            for (List<Record> part : List.of(step.diff().removed(), step.diff().added())) {
              for (Record rr : part) {
                records++;
                bytes += rr.getName().length() + 10 + rr.rdataToWireCanonical().length;
              }
            }
          }
        }
      }
      return r;
    }

    /** The size of a zone received whole, as the transfer counted it: owner, fixed part, rdata. */
    void wholeZone(ZoneSnapshot zone) {
      long[] sum = {0};
      zone.forEachRecordWire(
          (o, ownerLength, t, ttl, rd, off, len) -> sum[0] += ownerLength + 10 + len);
      bytes = sum[0];
    }

    Outcome run(TransferBody body) throws TransferException, NotApplied {
      String error = null;
      try {
        return body.run(this);
      } catch (TransferException e) {
        error = e.getMessage();
        throw e;
      } catch (NotApplied e) {
        error = e.getMessage();
        throw e;
      } catch (StoreException e) {
        error = "could not store the new version: " + e.getMessage();
        throw e;
      } catch (RuntimeException e) {
        error = "internal error (" + e + ")";
        throw e;
      } finally {
        ended(error);
      }
    }

    private void ended(@Nullable String error) {
      String result = error == null ? "ok" : "failed";
      long millis = (System.nanoTime() - t0) / 1_000_000;
      ctx.notifier().metrics().countTransfer("in", type, result);
      String address = primary.address().getAddress().getHostAddress();
      String peer =
          address
              + "#"
              + primary.address().getPort()
              + (primary.key() == null ? "" : " key " + primary.key());
      unrecorded.add(
          new dev.tandem.store.ZoneStore.Transfer(
              config.zone(),
              at,
              "in",
              peer,
              type,
              from,
              to,
              records,
              bytes,
              millis,
              result,
              error));
    }
  }

  private Outcome storeFull(
      TransferIn.Full full, long theirs, long ednsExpire, String who, String how, Received x)
      throws TransferException {
    ZoneSnapshot ours;
    synchronized (this) {
      ours = current;
    }
    // The SOA probe said newer, but what arrives is what counts: a primary (or dnsjava's own
    // IXFR-to-AXFR fallback) may send an older version than the one probed.
    if (ours != null && !Serial.isNewer(full.serial(), ours.serial())) {
      throw new TransferException(
          who
              + ": the transferred zone has serial "
              + full.serial()
              + (full.serial() == ours.serial() ? ", the same as ours (" : ", older than ours (")
              + ours.serial()
              + "); keeping ours (RFC 1982)");
    }
    ZoneSnapshot zone = full.zone().build();
    x.wholeZone(zone);
    if (zone.serial() != full.serial()) {
      throw new TransferException(who + ": the transferred zone has no SOA at its apex");
    }
    List<String> errors = ZoneLoader.errors(zone);
    if (!errors.isEmpty()) {
      throw new TransferException(
          who
              + ": the transferred zone (serial "
              + zone.serial()
              + ") is invalid: "
              + errors.get(0)
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }
    if (zone.nsec3Iterations() > 0
        && (ours == null || ours.nsec3Iterations() != zone.nsec3Iterations())) {
      log.warn("{}: {}", config.zone(), ZoneLoader.nsec3IterationsAdvice(zone));
    }
    ZoneState next = successState(zone, theirs, ednsExpire);
    ctx.store().replace(zone, next);
    synchronized (this) {
      appendsSinceFlush = 0;
      kept.clear(); // no change leads to a version that came whole
    }
    return new Outcome(zone, next, how, full.records());
  }

  /**
   * Applies and stores IXFR steps.
   *
   * @throws NotApplied if they do not apply exactly (then AXFR is needed)
   */
  private Outcome applyIncremental(
      ZoneSnapshot ours, TransferIn.Incremental inc, long theirs, long ednsExpire)
      throws NotApplied {
    ZoneSnapshot z = ours;
    List<ZoneSnapshot> versions = new ArrayList<>();
    int changed = 0;
    for (TransferIn.Step step : inc.steps()) {
      if (step.from() != z.serial()) {
        throw notApplied(
            "IXFR step from serial "
                + step.from()
                + " does not start at ours ("
                + z.serial()
                + ")");
      }
      try {
        z = z.apply(step.diff());
      } catch (ZoneDiffException e) {
        throw notApplied("IXFR does not apply (" + e.getMessage() + ")");
      }
      if (z.serial() != step.to()) {
        throw notApplied("IXFR step did not reach serial " + step.to());
      }
      versions.add(z);
      changed += step.diff().removed().size() + step.diff().added().size();
    }
    ZoneState next = successState(z, theirs, ednsExpire);
    for (int i = 0; i < versions.size(); i++) {
      TransferIn.Step step = inc.steps().get(i);
      ZoneState at =
          i == versions.size() - 1 ? next : successState(versions.get(i), theirs, ednsExpire);
      ctx.store().append(config.zone(), step.from(), step.to(), step.diff(), at);
    }
    synchronized (this) {
      Instant now = ctx.clock().instant();
      inc.steps()
          .forEach(st -> kept.add(new JournalWindow.Step(st.from(), st.to(), st.diff(), now), now));
      appendsSinceFlush += versions.size();
      if (appendsSinceFlush >= FLUSH_AFTER) {
        events.post(ZoneEvent.FLUSH);
      }
    }
    return new Outcome(z, next, "IXFR", changed);
  }

  private NotApplied notApplied(String why) {
    log.info("{}: {}; trying AXFR", config.zone(), why);
    return new NotApplied(why + "; trying AXFR");
  }

  private ZoneState successState(ZoneSnapshot zone, long theirs, long ednsExpire) {
    Instant now = ctx.clock().instant();
    SOARecord soa = soaOf(zone);
    Duration expire = ctx.timers().expire(soa.getExpire());
    if (ednsExpire >= 0 && Duration.ofSeconds(ednsExpire).compareTo(expire) < 0) {
      expire = Duration.ofSeconds(ednsExpire); // RFC 7314 section 4: the primary's copy ends sooner
    }
    Duration refresh = TimerPolicy.jitter(ctx.timers().refresh(soa.getRefresh()), ctx.random());
    return new ZoneState(
        config.zone(),
        ZoneKind.SECONDARY,
        zone.serial(),
        theirs,
        now,
        now,
        null,
        now.plus(refresh),
        now.plus(expire));
  }

  private void succeeded(Remote primary, Outcome o, Instant started) {
    ZoneState next = o.state();
    boolean changed;
    boolean wasExpired;
    synchronized (this) {
      changed = current != o.zone();
      wasExpired = expired;
      if (!changed) {
        ctx.store().saveState(next); // only the timers moved
      }
      state = next;
      current = o.zone();
      expired = false;
      failures = 0;
      if (changed || wasExpired) {
        ctx.publisher().publish(o.zone());
      }
      Instant refreshAt = next.refreshAt();
      armRefresh(refreshAt == null ? ctx.clock().instant() : refreshAt);
      armExpire();
    }
    long ms = Duration.between(started, ctx.clock().instant()).toMillis();
    if (changed) {
      log.info(
          "{}: serial {} from {} by {} ({} records, {} ms)",
          config.zone(),
          o.zone().serial(),
          Remote.format(primary.address()),
          o.how(),
          o.changed(),
          ms);
      if (!config.downstream().isEmpty()) {
        events.post(ZoneEvent.NOTIFY_OUT);
      }
    } else {
      log.debug(
          "{}: serial {} is current at {}",
          config.zone(),
          o.zone().serial(),
          Remote.format(primary.address()));
    }
    if (wasExpired) {
      log.info("{}: no longer expired", config.zone());
    }
  }

  private void failed(String error, Instant started) {
    Instant now = ctx.clock().instant();
    synchronized (this) {
      failures++;
      ZoneSnapshot z = current;
      long retry = INITIAL_RETRY;
      long refresh = INITIAL_REFRESH;
      if (z != null) {
        SOARecord soa = soaOf(z);
        retry = soa.getRetry();
        refresh = soa.getRefresh();
      }
      Duration delay =
          TimerPolicy.jitter(ctx.timers().retry(retry, refresh, failures), ctx.random());
      ZoneState s = state;
      state =
          new ZoneState(
              s.zone(),
              s.kind(),
              s.serial(),
              s.primarySerial(),
              s.lastSuccess(),
              started,
              error,
              now.plus(delay),
              s.expireAt());
      try {
        ctx.store().saveState(state);
      } catch (StoreException e) {
        log.error("{}: could not save its timers: {}", config.zone(), e.getMessage());
      }
      armRefresh(now.plus(delay));
      Instant expireAt = s.expireAt();
      if (expireAt != null && !now.isBefore(expireAt)) {
        events.post(ZoneEvent.EXPIRE);
      }
    }
    log.warn("{}: refresh failed (attempt {}): {}", config.zone(), failures, error);
  }

  // ---- EXPIRE ----

  private void expire() {
    synchronized (this) {
      Instant at = state.expireAt();
      if (expired || current == null || at == null || ctx.clock().instant().isBefore(at)) {
        return;
      }
      expired = true;
      ctx.publisher().unavailable(config.zone());
    }
    log.warn(
        "{}: expired: no successful refresh since {}; answering SERVFAIL until one succeeds",
        config.zone(),
        state.lastSuccess());
  }

  // ---- NOTIFY_OUT ----

  private void notifyDownstream() {
    ZoneSnapshot z;
    synchronized (this) {
      z = current;
    }
    if (z != null) {
      ctx.notifier().notify(config.zone(), z.serial(), soaOf(z), config.downstream());
    }
  }

  // ---- FLUSH ----

  private void flush() {
    ZoneSnapshot z;
    synchronized (this) {
      z = current;
      appendsSinceFlush = 0;
    }
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

  private void armRefresh(Instant at) {
    cancel(refreshTimer);
    long delay = Math.max(0, Duration.between(ctx.clock().instant(), at).toMillis());
    try {
      refreshTimer =
          ctx.scheduler()
              .schedule(() -> events.post(ZoneEvent.REFRESH), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The control plane is shutting down while this refresh ended: no next one.
      log.debug("{}: not re-armed, shutting down", config.zone());
    }
  }

  private void armExpire() {
    cancel(expireTimer);
    Instant at = state.expireAt();
    if (at != null && !expired) {
      long delay = Math.max(0, Duration.between(ctx.clock().instant(), at).toMillis());
      expireTimer =
          ctx.scheduler()
              .schedule(() -> events.post(ZoneEvent.EXPIRE), delay, TimeUnit.MILLISECONDS);
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }

  private static ZoneState withPrimarySerial(ZoneState s, long serial) {
    return new ZoneState(
        s.zone(),
        s.kind(),
        s.serial(),
        serial,
        s.lastSuccess(),
        s.lastAttempt(),
        s.lastError(),
        s.refreshAt(),
        s.expireAt());
  }

  static SOARecord soaOf(ZoneSnapshot zone) {
    for (Record r : zone.recordsAt(zone.origin())) {
      if (r instanceof SOARecord soa) {
        return soa;
      }
    }
    throw new IllegalStateException(zone.origin() + " has no SOA");
  }
}
