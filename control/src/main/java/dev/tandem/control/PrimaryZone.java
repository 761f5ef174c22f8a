package dev.tandem.control;

import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneKind;
import dev.tandem.store.ZoneState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One primary zone: the source of truth for its secondaries. Every change set (an UPDATE, a CLI
 * edit, a changed zone file, an import) becomes exactly one new serial (by the zone's {@link
 * SerialPolicy}), one journal entry written durably to the store, one atomically published
 * snapshot, and a NOTIFY to the secondaries; the last changes stay in memory for IXFR out.
 *
 * <p>Changes are serialized by one lock per zone; readers (queries, transfers out, status) never
 * take it. A change that fails at any step (it does not apply, the store refuses it) leaves what is
 * served and stored as it was.
 *
 * <p>A zone with a zone file: the store remembers the digest of the file's contents last taken in.
 * At start and on reload, an unchanged file leaves the stored zone (with the edits made since) as
 * it is; a changed file becomes the zone's contents, as one journaled change (the edits made since
 * the last import that the file does not have are dropped; {@code tandem zone export} first keeps
 * them).
 */
final class PrimaryZone {
  private static final Logger log = LoggerFactory.getLogger(PrimaryZone.class);

  /** Journal entries written since the last compaction after which the base is rewritten. */
  private static final int FLUSH_AFTER = 100;

  static final String SETTING_SOURCE = "source";

  /** The result of a change: what it did, in words, and the serials it moved between. */
  record Change(int rcode, String message, long fromSerial, long toSerial, int removed, int added) {
    boolean changed() {
      return fromSerial != toSerial;
    }
  }

  private final PrimaryConfig config;
  private final SecondaryContext ctx;
  private final Predicate<InetSocketAddress> self;
  private final ReentrantLock changes = new ReentrantLock();
  private final SignatureStatus.Watch signatures = new SignatureStatus.Watch();
  private final AtomicLong refusedTransfers = new AtomicLong();

  // Written under `changes`, read by anyone: guarded by this.
  private @Nullable ZoneSnapshot current;
  private JournalWindow kept;
  private @Nullable Instant lastChange;
  private @Nullable String lastError;
  private int appendsSinceFlush;
  private volatile boolean stored; // the store holds the zone (written under `changes`)
  private boolean closed; // deleted (under `changes`)

  PrimaryZone(PrimaryConfig config, SecondaryContext ctx, Predicate<InetSocketAddress> self) {
    this.config = config;
    this.ctx = ctx;
    this.self = self;
    this.kept = new JournalWindow(config.journal());
  }

  Name name() {
    return config.zone();
  }

  PrimaryConfig config() {
    return config;
  }

  /** The serial served, -1 if none yet. */
  synchronized long servedSerial() {
    return current == null ? -1 : current.serial();
  }

  synchronized @Nullable ZoneSnapshot current() {
    return current;
  }

  /**
   * Serves the zone at once: what the store has, or {@code fromFile} when the file is new or
   * changed since it was last taken in. A zone new to the store is written to it in the background
   * (queries do not wait for that; changes do).
   *
   * @param fromFile the zone file's contents, or null for a zone that lives only in the store
   * @return what was served, in words
   * @throws StoreException if a store-only zone cannot be read
   */
  String start(@Nullable ZoneSnapshot fromFile) {
    Name zone = config.zone();
    changes.lock();
    try {
      Optional<ZoneState> state = ctx.store().state(zone);
      String fileDigest = fromFile == null ? null : digest(fromFile);
      String storedDigest = storedDigest();
      if (fromFile != null
          && state.isPresent()
          && state.get().kind() == ZoneKind.PRIMARY
          && state.get().serial() == fromFile.serial()
          && Objects.equals(fileDigest, storedDigest)) {
        // The stored version is the file's, byte for byte (no change since it was taken in:
        // every change moves the serial): serve what was read, without reading it again.
        this.stored = true;
        loadJournal(fromFile.serial());
        publish(fromFile);
        return "serial " + fromFile.serial() + " from " + config.file() + ", as stored";
      }
      ZoneSnapshot fromStore = null;
      if (state.isPresent() && state.get().kind() == ZoneKind.PRIMARY) {
        try {
          fromStore = ctx.store().contents(zone).orElse(null);
        } catch (StoreException e) {
          if (fromFile == null) {
            throw e;
          }
          log.error("{}: stored copy unreadable, taking the zone file: {}", zone, e.getMessage());
        }
      } else if (state.isPresent()) {
        log.warn("{}: the store holds it as a {} zone; now a primary", zone, state.get().kind());
      }
      if (fromStore == null) {
        if (fromFile == null) {
          throw new StoreException("zone " + zone + " has no stored contents");
        }
        publish(fromFile);
        ZoneSnapshot first = fromFile;
        ctx.workers().execute(() -> storeFirst(first, fileDigest));
        return "serial " + fromFile.serial() + " from " + config.file();
      }
      this.stored = true;
      loadJournal(fromStore.serial());
      publish(fromStore);
      if (fromFile == null || Objects.equals(fileDigest, storedDigest)) {
        return "serial "
            + fromStore.serial()
            + " from the store ("
            + kept.size()
            + " changes kept)";
      }
      return takeFile(fromStore, fromFile, Objects.requireNonNull(fileDigest)).message();
    } finally {
      changes.unlock();
    }
  }

  /** Reads the stored journal into a new window (off the monitor), then swaps it in. */
  private void loadJournal(long serial) {
    JournalWindow loaded = new JournalWindow(config.journal());
    if (!loaded.load(ctx.store(), config.zone(), serial, ctx.clock().instant())) {
      log.warn("{}: journal unreadable, IXFR out sends the whole zone", config.zone());
    }
    synchronized (this) {
      kept = loaded;
    }
  }

  /** Serves a zone just written to the store whole (created): nothing to read back. */
  void startCreated(ZoneSnapshot created) {
    changes.lock();
    try {
      stored = true;
      publish(created);
    } finally {
      changes.unlock();
    }
  }

  /**
   * Serves what the store holds if another node sharing the store changed the zone: true if the
   * served version changed. Costs one read of the zone's state when nothing changed.
   */
  boolean followStore() {
    changes.lock();
    try {
      ZoneSnapshot z = current();
      if (closed || !stored || z == null) {
        return false;
      }
      long storedSerial = ctx.store().state(config.zone()).map(ZoneState::serial).orElse(-1L);
      if (storedSerial < 0 || storedSerial == z.serial()) {
        return false;
      }
      ZoneSnapshot fromStore = ctx.store().contents(config.zone()).orElse(null);
      if (fromStore == null) {
        return false;
      }
      loadJournal(fromStore.serial());
      publish(fromStore);
      log.info(
          "{}: serial {} → {} changed by another node sharing the store",
          config.zone(),
          z.serial(),
          fromStore.serial());
      notifySecondaries();
      return true;
    } finally {
      changes.unlock();
    }
  }

  /** Writes a zone new to the store (in the background at start). */
  private void storeFirst(ZoneSnapshot zone, @Nullable String fileDigest) {
    changes.lock();
    try {
      ensureStored(zone, fileDigest);
    } catch (StoreException e) {
      synchronized (this) {
        lastError = "could not store the zone: " + e.getMessage();
      }
      log.error("{}: could not store the zone: {}", config.zone(), e.getMessage());
    } finally {
      changes.unlock();
    }
  }

  /**
   * Writes the served version to the store if it is not there yet: before the first change, when
   * that comes before the background write at start.
   */
  private void ensureStored(ZoneSnapshot zone, @Nullable String fileDigest) {
    if (stored) {
      return;
    }
    long t0 = System.nanoTime();
    ctx.store().replace(zone, stateAt(zone.serial()));
    saveSource(fileDigest);
    stored = true;
    log.info(
        "{}: stored serial {} ({} records, {} ms)",
        config.zone(),
        zone.serial(),
        zone.recordCount(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** The zone file was read again (SIGHUP, {@code tandem reload}). */
  Change reload(ZoneSnapshot fromFile) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      String fileDigest = digest(fromFile);
      if (stored && fileDigest.equals(storedDigest())) {
        return unchanged(
            z, "zone file unchanged since it was taken in; serving serial " + z.serial());
      }
      return takeFile(z, fromFile, fileDigest);
    } finally {
      changes.unlock();
    }
  }

  /** Replaces the zone's contents with {@code replacement} ({@code tandem zone import}). */
  Change importZone(ZoneSnapshot replacement) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      ZoneDiff diff = ZoneDiff.between(z, replacement);
      boolean newer = Serial.isNewer(replacement.serial(), z.serial());
      if (diff.isEmpty() && !newer && sameSoaTimers(soaOf(z), soaOf(replacement))) {
        return unchanged(z, "the imported zone equals serial " + z.serial());
      }
      long serial =
          newer
              ? replacement.serial()
              : config.serialPolicy().next(z.serial(), ctx.clock().instant());
      return commit(z, diff, soaOf(replacement), serial, "import");
    } finally {
      changes.unlock();
    }
  }

  /**
   * Makes the zone's contents those of its file: one journaled change with the file's serial if it
   * is newer, else the next serial by policy (with a warning: the file's serial did not move).
   */
  private Change takeFile(ZoneSnapshot z, ZoneSnapshot fromFile, String fileDigest) {
    ZoneDiff diff = ZoneDiff.between(z, fromFile);
    boolean newer = Serial.isNewer(fromFile.serial(), z.serial());
    if (diff.isEmpty() && !newer && sameSoaTimers(soaOf(z), soaOf(fromFile))) {
      saveSource(fileDigest);
      return unchanged(z, "zone file has the served contents; serving serial " + z.serial());
    }
    long serial =
        newer ? fromFile.serial() : config.serialPolicy().next(z.serial(), ctx.clock().instant());
    Change c = commit(z, diff, soaOf(fromFile), serial, "zone file " + config.file());
    if (c.rcode() == Rcode.NOERROR) {
      saveSource(fileDigest);
      if (!newer) {
        String warning =
            "the zone file's serial "
                + fromFile.serial()
                + " is not newer than "
                + z.serial()
                + "; its contents are served as serial "
                + serial;
        log.warn("{}: {}", config.zone(), warning);
        return new Change(
            c.rcode(),
            c.message() + " (" + warning + ")",
            c.fromSerial(),
            c.toSerial(),
            c.removed(),
            c.added());
      }
    }
    return c;
  }

  /**
   * Applies an RFC 2136 UPDATE (or a CLI edit, which is one) under {@code policy}. Prerequisites,
   * policy and the change itself are checked before anything is written.
   */
  Change update(Message request, ZoneUpdate.Policy policy, String who) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      if (z.signed()) {
        // Tandem does not sign: a change here would leave the RRSIGs and the NSEC chain stale,
        // and validating resolvers would call the changed names bogus. The signer makes changes.
        log.info("{}: UPDATE from {} refused: the zone is signed", name(), who);
        return new Change(
            Rcode.REFUSED,
            "the zone is signed and Tandem does not sign: a change here would break validation;"
                + " make it where the zone is signed (the zone file, or the hidden primary)",
            z.serial(),
            z.serial(),
            0,
            0);
      }
      ZoneUpdate.Result r = ZoneUpdate.apply(z, request, policy);
      ZoneDiff diff = r.diff();
      if (r.rcode() != Rcode.NOERROR || diff == null) {
        log.info(
            "{}: UPDATE from {} refused: {} ({})",
            name(),
            who,
            Rcode.string(r.rcode()),
            r.reason());
        return new Change(r.rcode(), r.reason(), z.serial(), z.serial(), 0, 0);
      }
      if (diff.isEmpty()) {
        return unchanged(z, "nothing to change; serial stays " + z.serial());
      }
      SOARecord soa = soaOf(z);
      long serial = config.serialPolicy().next(z.serial(), ctx.clock().instant());
      for (Record a : diff.added()) {
        if (a instanceof SOARecord s && s.getName().equals(config.zone())) {
          soa = s; // the UPDATE set a newer SOA itself (RFC 2136 section 3.4.2.2)
          serial = s.getSerial();
        }
      }
      return commit(z, withoutApexSoa(diff), soa, serial, "UPDATE from " + who);
    } finally {
      changes.unlock();
    }
  }

  /**
   * Makes {@code diff} (no apex SOA in it) plus the move to {@code serial} (with {@code soa}'s
   * other fields) the zone's next version: applied, stored, published, kept, NOTIFYed.
   */
  private Change commit(ZoneSnapshot z, ZoneDiff diff, SOARecord soa, long serial, String why) {
    Name zone = config.zone();
    SOARecord oldSoa = soaOf(z);
    SOARecord newSoa =
        new SOARecord(
            zone,
            oldSoa.getDClass(),
            soa.getTTL(),
            soa.getHost(),
            soa.getAdmin(),
            serial,
            soa.getRefresh(),
            soa.getRetry(),
            soa.getExpire(),
            soa.getMinimum());
    List<Record> removed = new ArrayList<>(diff.removed().size() + 1);
    removed.add(oldSoa);
    removed.addAll(diff.removed());
    List<Record> added = new ArrayList<>(diff.added().size() + 1);
    added.addAll(diff.added());
    added.add(newSoa);
    ZoneDiff full = new ZoneDiff(removed, added);
    ZoneSnapshot next;
    try {
      next = z.apply(full);
    } catch (ZoneDiffException e) {
      return failed(z, why + " does not apply: " + e.getMessage());
    }
    try {
      if (!stored) { // an UPDATE before the background write at start: store the file's version
        ensureStored(z, config.file() == null ? null : digest(z));
      }
      ctx.store().append(zone, z.serial(), serial, full, stateAt(serial));
    } catch (StoreException | IllegalArgumentException e) {
      return failed(z, why + " could not be stored: " + e.getMessage());
    }
    Instant now = ctx.clock().instant();
    boolean flush;
    synchronized (this) {
      kept.add(new JournalWindow.Step(z.serial(), serial, full, now), now);
      lastChange = now;
      lastError = null;
      flush = ++appendsSinceFlush >= FLUSH_AFTER;
    }
    publish(next);
    String message =
        String.format(
            "serial %d → %d by %s (%d removed, %d added)",
            z.serial(), serial, why, diff.removed().size(), diff.added().size());
    log.info("{}: {}", zone, message);
    notifySecondaries();
    if (flush) {
      ctx.workers().execute(this::compactNow);
    }
    return new Change(
        Rcode.NOERROR, message, z.serial(), serial, diff.removed().size(), diff.added().size());
  }

  private Change failed(ZoneSnapshot z, String why) {
    synchronized (this) {
      lastError = why;
    }
    log.error("{}: {}; serving serial {} as before", config.zone(), why, z.serial());
    return new Change(Rcode.SERVFAIL, why, z.serial(), z.serial(), 0, 0);
  }

  private static Change unchanged(ZoneSnapshot z, String why) {
    return new Change(Rcode.NOERROR, why, z.serial(), z.serial(), 0, 0);
  }

  /** Rewrites the stored base (every {@link #FLUSH_AFTER} changes), after the change's answer. */
  private void compactNow() {
    changes.lock();
    try {
      ZoneSnapshot z = current();
      if (z != null && !closed) {
        compact(z);
      }
    } finally {
      changes.unlock();
    }
  }

  /** Rewrites the stored base so that reading the zone back replays few journal entries. */
  private void compact(ZoneSnapshot z) {
    int keep;
    synchronized (this) {
      appendsSinceFlush = 0;
      kept.trim(ctx.clock().instant());
      keep = kept.size();
    }
    try {
      ctx.store().compact(z, keep);
    } catch (StoreException e) {
      log.error("{}: could not rewrite the stored base: {}", config.zone(), e.getMessage());
    }
  }

  private void publish(ZoneSnapshot z) {
    synchronized (this) {
      current = z;
    }
    ctx.publisher().publish(z);
  }

  /**
   * Stops the zone before it is deleted: waits for a change under way, and makes every later one
   * fail, so that nothing publishes or stores it again.
   */
  void close() {
    changes.lock();
    try {
      closed = true;
    } finally {
      changes.unlock();
    }
  }

  private ZoneSnapshot requireCurrent() {
    ZoneSnapshot z = current();
    if (closed) {
      throw new IllegalStateException(config.zone() + " has been deleted");
    }
    if (z == null) {
      throw new IllegalStateException(config.zone() + " is not loaded");
    }
    return z;
  }

  private ZoneState stateAt(long serial) {
    Instant now = ctx.clock().instant();
    return new ZoneState(config.zone(), ZoneKind.PRIMARY, serial, -1, now, now, null, null, null);
  }

  // ---- where the contents came from ----

  private @Nullable String storedDigest() {
    return ctx.store().settings(config.zone()).get(SETTING_SOURCE);
  }

  private void saveSource(@Nullable String fileDigest) {
    if (config.file() == null || fileDigest == null) {
      return;
    }
    try {
      ctx.store().saveSetting(config.zone(), SETTING_SOURCE, fileDigest);
    } catch (StoreException e) {
      log.warn("{}: could not remember the zone file's digest: {}", config.zone(), e.getMessage());
    }
  }

  /** SHA-256 of a zone's records in canonical order, in wire form. */
  static String digest(ZoneSnapshot z) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] fixed = new byte[10];
    z.forEachRecordWire(
        (owner, ownerLength, type, ttl, rdata, off, len) -> {
          d.update(owner, 0, ownerLength);
          fixed[0] = (byte) (type >> 8);
          fixed[1] = (byte) type;
          for (int i = 0; i < 4; i++) {
            fixed[2 + i] = (byte) (ttl >> (24 - 8 * i));
          }
          fixed[6] = (byte) (len >> 8);
          fixed[7] = (byte) len;
          d.update(fixed, 0, 8);
          d.update(rdata, off, len);
        });
    return "sha256:" + HexFormat.of().formatHex(d.digest());
  }

  // ---- transfers and NOTIFY out ----

  synchronized @Nullable List<ZoneDiff> changes(long from, long to) {
    return kept.changes(from, to);
  }

  synchronized List<JournalWindow.Step> journal() {
    return kept.steps();
  }

  boolean mayTransfer(InetAddress peer, @Nullable Name key) {
    if (AclRule.anyMatches(config.allowTransfer(), peer, key)) {
      return true;
    }
    refusedTransfers.incrementAndGet();
    return false;
  }

  /** The update policy for a request signed with {@code key}, or null if it may change nothing. */
  ZoneUpdate.@Nullable Policy updatePolicy(Name key) {
    List<UpdateRule> rules =
        config.allowUpdate().stream().filter(r -> r.key().equals(key)).toList();
    if (rules.isEmpty()) {
      return null;
    }
    return (owner, type) -> rules.stream().anyMatch(r -> r.allows(key, owner, type));
  }

  /** NOTIFYs the secondaries of the serial now served. */
  void notifySecondaries() {
    ZoneSnapshot z = current();
    if (z == null) {
      return;
    }
    boolean ns = config.notifyNs() && !config.allowTransfer().isEmpty();
    if (!ns && config.alsoNotify().isEmpty()) {
      return;
    }
    ctx.notifier()
        .notifyLater(
            config.zone(),
            z.serial(),
            soaOf(z),
            () -> {
              List<Remote> targets = new ArrayList<>(config.alsoNotify());
              if (ns) {
                targets.addAll(nsTargets(z));
              }
              return targets;
            });
  }

  /**
   * The addresses of the zone's NS set on port 53 (RFC 1996 section 3.3), but for the primary
   * master's (SOA MNAME), ours, and those already NOTIFYed as configured targets. In-zone names by
   * their glue, others by the system's resolver (so this runs on the NOTIFY threads, never on a
   * change's).
   */
  private List<Remote> nsTargets(ZoneSnapshot z) {
    Set<InetAddress> configured = new LinkedHashSet<>();
    config.alsoNotify().forEach(r -> configured.add(r.address().getAddress()));
    List<Remote> out = new ArrayList<>();
    for (InetSocketAddress at : nsAddresses(z, configured, self, 53)) {
      out.add(new Remote(at, null));
    }
    return out;
  }

  static List<InetSocketAddress> nsAddresses(
      ZoneSnapshot z, Set<InetAddress> skip, Predicate<InetSocketAddress> self, int port) {
    Name zone = z.origin();
    Name mname = soaOf(z).getHost();
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (Record r : z.recordsAt(zone)) {
      if (!(r instanceof NSRecord ns) || ns.getTarget().equals(mname)) {
        continue;
      }
      Name host = ns.getTarget();
      if (host.subdomain(zone)) {
        for (Record g : z.recordsAt(host)) {
          if (g instanceof ARecord a) {
            addresses.add(a.getAddress());
          } else if (g instanceof AAAARecord a) {
            addresses.add(a.getAddress());
          }
        }
      } else {
        try {
          addresses.addAll(List.of(InetAddress.getAllByName(host.toString(true))));
        } catch (UnknownHostException e) {
          log.debug("{}: NS {} has no address to NOTIFY", zone, host);
        }
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      InetSocketAddress at = new InetSocketAddress(a, port);
      if (!skip.contains(a) && !self.test(at)) {
        out.add(at);
      }
    }
    return out;
  }

  synchronized ZoneStatus status() {
    ZoneSnapshot z = current;
    return new ZoneStatus(
        config.zone(),
        "primary",
        z == null ? "loading" : "ok",
        z == null ? -1 : z.serial(),
        -1,
        lastChange,
        lastChange,
        lastError,
        null,
        null,
        null,
        List.of(),
        ctx.notifier().outcomes(config.zone()),
        refusedTransfers.get(),
        signatures.status(z, ctx.clock().instant()));
  }

  // ---- records ----

  static SOARecord soaOf(ZoneSnapshot zone) {
    return SecondaryZone.soaOf(zone);
  }

  private static boolean sameSoaTimers(SOARecord a, SOARecord b) {
    return a.getTTL() == b.getTTL()
        && a.getHost().equals(b.getHost())
        && a.getAdmin().equals(b.getAdmin())
        && a.getRefresh() == b.getRefresh()
        && a.getRetry() == b.getRetry()
        && a.getExpire() == b.getExpire()
        && a.getMinimum() == b.getMinimum();
  }

  private ZoneDiff withoutApexSoa(ZoneDiff d) {
    Predicate<Record> apexSoa = r -> r.getType() == Type.SOA && r.getName().equals(config.zone());
    return new ZoneDiff(
        d.removed().stream().filter(apexSoa.negate()).toList(),
        d.added().stream().filter(apexSoa.negate()).toList());
  }
}
