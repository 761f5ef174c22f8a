package dev.tandem.control.primary;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.RefusalLog;
import dev.tandem.control.zone.CatalogStatus;
import dev.tandem.control.zone.Change;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.control.zone.LargeZones;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.SignatureStatus;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.control.zone.ZoneWarnings;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
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
 * <p>Changes are serialized by one lock per zone, held across the store write; readers (queries,
 * transfers out, status) never take it: they read one immutable {@link Serving} value, replaced
 * after the write has returned. A change that fails at any step (it does not apply, the store
 * refuses it) leaves what is served and stored as it was.
 *
 * <p>A zone with a zone file: see {@link ZoneFileSource}. A changed file becomes the zone's
 * contents as one journaled change (the edits made since the last import that the file does not
 * have are dropped; {@code tandem zone export} first keeps them).
 *
 * <p>One piece, past the usual size, because every path that changes the zone (start, reload,
 * import, edit, UPDATE, compaction, another node's change) takes the one change lock and replaces
 * the one {@link Serving} value; keeping them together keeps that discipline in sight. What does
 * not need the lock lives beside it: {@link ZoneFileSource}, {@link NotifyTargets}, the rules in
 * {@link PrimaryConfig}.
 */
public final class PrimaryZone implements ManagedZone {
  private static final Logger log = LoggerFactory.getLogger(PrimaryZone.class);

  /** Journal entries written since the last compaction after which the base is rewritten. */
  private static final int FLUSH_AFTER = 100;

  private static final String SIGNED =
      "the zone is signed and Tandem does not sign: a change here would break validation;"
          + " make it where the zone is signed (the zone file, or the hidden primary)";

  /**
   * What the zone serves at one moment.
   *
   * @param zone the version served, null before the first
   * @param kept the changes that led to it, for IXFR out
   * @param lastChange when the last change was made, or null
   * @param lastError why the last change failed, or null
   */
  private record Serving(
      @Nullable ZoneSnapshot zone,
      JournalWindow kept,
      @Nullable Instant lastChange,
      @Nullable String lastError) {}

  // Replaced whole by reconfigure (under `changes`); read anywhere, one read per use.
  private volatile PrimaryConfig config;
  private final ZoneContext ctx;
  private final Predicate<InetSocketAddress> self;
  private final @Nullable StartingFile fromFile;
  // The digest of the zone file's bytes as read at start, stored with the records' (written once).
  private Supplier<@Nullable String> fileBytes = () -> null;
  private final ReentrantLock changes = new ReentrantLock();
  private final AtomicReference<Serving> serving;
  private final ZoneWarnings warnings = new ZoneWarnings();
  private final java.util.concurrent.atomic.AtomicLong refusedTransfers =
      new java.util.concurrent.atomic.AtomicLong(); // since start; the rules are the config's

  /** What this zone is to a catalog (a catalog this server makes), or null. */
  private volatile @Nullable CatalogStatus catalogStatus;

  // Written under `changes`.
  private volatile boolean stored; // the store holds the zone
  private boolean closed;
  private int appendsSinceFlush;

  /**
   * @param self whether an address is where this server answers (never NOTIFYed)
   * @param fromFile the zone file as the caller found it (read and checked, or unchanged since it
   *     was last taken in), or null for a zone that lives only in the store
   */
  public PrimaryZone(
      PrimaryConfig config,
      ZoneContext ctx,
      Predicate<InetSocketAddress> self,
      @Nullable StartingFile fromFile) {
    this.config = config;
    this.ctx = ctx;
    this.self = self;
    this.fromFile = fromFile;
    this.serving =
        new AtomicReference<>(new Serving(null, JournalWindow.empty(config.journal()), null, null));
  }

  @Override
  public Name name() {
    return config.zone();
  }

  @Override
  public ZoneKind kind() {
    return ZoneKind.PRIMARY;
  }

  public PrimaryConfig config() {
    return config;
  }

  @Override
  public @Nullable ZoneSnapshot current() {
    return serving.get().zone();
  }

  /**
   * Serves the zone at once: what the store has, or the zone file's contents when the file is new
   * or changed since it was last taken in. A zone new to the store is written to it in the
   * background (queries do not wait for that; changes do).
   *
   * @throws StoreException if a store-only zone cannot be read
   */
  @Override
  public String start() {
    Name zone = config.zone();
    changes.lock();
    try {
      StartingFile starting = fromFile;
      if (starting instanceof StartingFile.Unchanged unchanged) {
        String served = startUnchanged();
        if (served != null) {
          return served;
        }
        ZoneSnapshot read = unchanged.read().get();
        if (read == null) {
          throw new StoreException(
              "zone " + zone + ": its stored copy is unreadable and its zone file has errors");
        }
        starting = new StartingFile.Read(read, () -> null);
      }
      ZoneSnapshot file = starting instanceof StartingFile.Read r ? r.zone() : null;
      fileBytes = starting instanceof StartingFile.Read r ? r.bytes() : () -> null;
      Optional<ZoneState> state = ctx.store().state(zone);
      boolean ours = state.isPresent() && state.get().kind() == ZoneKind.PRIMARY;
      // A pass over every record: only worth it before serving when there is a stored copy to
      // compare with (a zone new to the store is digested in the background, as it is stored).
      String fileDigest = file == null || !ours ? null : ZoneFileSource.digest(file);
      String storedDigest = ours ? ZoneFileSource.stored(ctx.store(), zone) : null;
      if (file != null
          && ours
          && state.get().serial() == file.serial()
          && Objects.equals(fileDigest, storedDigest)) {
        // The stored version is the file's, byte for byte (no change since it was taken in:
        // every change moves the serial): serve what was read, without reading it again.
        stored = true;
        publish(file, loadKept(file.serial()));
        rememberBytes(storedDigest);
        return "serial " + file.serial() + " from " + config.file() + ", as stored";
      }
      ZoneSnapshot fromStore = null;
      if (ours) {
        try {
          fromStore = ctx.store().contents(zone).orElse(null);
        } catch (StoreException e) {
          if (file == null) {
            throw e;
          }
          log.error("{}: stored copy unreadable, taking the zone file: {}", zone, e.getMessage());
        }
      } else if (state.isPresent()) {
        log.warn("{}: the store holds it as a {} zone; now a primary", zone, state.get().kind());
      }
      if (fromStore == null) {
        if (file == null) {
          throw new StoreException("zone " + zone + " has no stored contents");
        }
        publish(file, JournalWindow.empty(config.journal()));
        String digest = fileDigest;
        ctx.afterListening()
            .execute(() -> storeFirst(file, digest != null ? digest : ZoneFileSource.digest(file)));
        return "serial " + file.serial() + " from " + config.file();
      }
      stored = true;
      JournalWindow kept = loadKept(fromStore.serial());
      publish(fromStore, kept);
      if (file == null || Objects.equals(fileDigest, storedDigest)) {
        rememberBytes(storedDigest);
        return "serial "
            + fromStore.serial()
            + " from the store ("
            + kept.size()
            + " changes kept)";
      }
      return takeFile(fromStore, file, Objects.requireNonNull(fileDigest), fileBytes.get())
          .message();
    } finally {
      changes.unlock();
    }
  }

  /**
   * Serves the stored zone, its file unchanged since it was taken in; null, having done nothing, if
   * the store has no readable copy of it as a primary zone (the caller reads the file then).
   */
  private @Nullable String startUnchanged() {
    Name zone = config.zone();
    Optional<ZoneState> state = ctx.store().state(zone);
    if (state.isEmpty() || state.get().kind() != ZoneKind.PRIMARY) {
      return null;
    }
    ZoneSnapshot fromStore;
    try {
      fromStore = ctx.store().contents(zone).orElse(null);
    } catch (StoreException e) {
      log.error("{}: stored copy unreadable, reading the zone file: {}", zone, e.getMessage());
      return null;
    }
    if (fromStore == null) {
      return null;
    }
    stored = true;
    JournalWindow kept = loadKept(fromStore.serial());
    publish(fromStore, kept);
    return "serial "
        + fromStore.serial()
        + " from the store, "
        + config.file()
        + " unchanged since it was taken in ("
        + kept.size()
        + " changes kept)";
  }

  /**
   * Adds the digest of the zone file's bytes as read at start to the stored digest of its records,
   * {@code recordsDigest}, when the file is the one the store holds and the bytes' is not stored
   * yet: the next start then need not read the file.
   */
  private void rememberBytes(@Nullable String recordsDigest) {
    String bytes = fileBytes.get();
    if (bytes != null && !bytes.equals(ZoneFileSource.storedBytes(ctx.store(), config.zone()))) {
      ZoneFileSource.save(ctx.store(), config.zone(), recordsDigest, bytes);
    }
  }

  /**
   * Takes {@code next} as the zone's configuration at once, keeping what it serves and the changes
   * kept for IXFR (within the new journal limits): transfers, UPDATEs and NOTIFYs from now on
   * follow it. The new NOTIFY targets are told the serial served.
   *
   * @throws IllegalArgumentException if {@code next} is of another zone or another zone file
   */
  public void reconfigure(PrimaryConfig next) {
    if (!next.zone().equals(config.zone()) || !Objects.equals(next.file(), config.file())) {
      throw new IllegalArgumentException(
          "a primary zone's configuration keeps its name and zone file: " + next.zone());
    }
    changes.lock();
    try {
      config = next;
      Instant now = ctx.clock().instant();
      serving.updateAndGet(
          s ->
              new Serving(
                  s.zone(),
                  s.kept().withLimits(next.journal(), now),
                  s.lastChange(),
                  s.lastError()));
    } finally {
      changes.unlock();
    }
    log.info("{}: configuration replaced", next.zone());
    notifyNow();
  }

  /** Serves a zone just written to the store whole (created through the API): nothing to read. */
  public void startCreated(ZoneSnapshot created) {
    changes.lock();
    try {
      stored = true;
      publish(created, JournalWindow.empty(config.journal()));
    } finally {
      changes.unlock();
    }
    notifyNow();
  }

  /** The stored journal's last changes that chain up to {@code serial}. */
  private JournalWindow loadKept(long serial) {
    JournalWindow w =
        JournalWindow.load(
            ctx.store(), config.zone(), serial, config.journal(), ctx.clock().instant());
    if (w == null) {
      log.warn("{}: journal unreadable, IXFR out sends the whole zone", config.zone());
      return JournalWindow.empty(config.journal());
    }
    return w;
  }

  @Override
  public void followStore(long storedSerial) {
    ZoneSnapshot served = current();
    if (storedSerial < 0 || served == null || storedSerial == served.serial()) {
      return; // the everyday case: no lock taken, nothing read
    }
    changes.lock();
    try {
      ZoneSnapshot z = current();
      if (closed || !stored || z == null) {
        return;
      }
      // Read again under the lock: the serial given may be older than a change made here since.
      long now = ctx.store().state(config.zone()).map(ZoneState::serial).orElse(-1L);
      if (now < 0 || now == z.serial()) {
        return;
      }
      ZoneSnapshot fromStore = ctx.store().contents(config.zone()).orElse(null);
      if (fromStore == null) {
        return;
      }
      publish(fromStore, loadKept(fromStore.serial()));
      log.info(
          "{}: serial {} → {} changed by another node sharing the store",
          config.zone(),
          z.serial(),
          fromStore.serial());
    } finally {
      changes.unlock();
    }
    notifyNow();
  }

  /** Writes a zone new to the store (in the background at start, once the server listens). */
  private void storeFirst(ZoneSnapshot zone, @Nullable String fileDigest) {
    changes.lock();
    try {
      ensureStored(zone, fileDigest);
    } catch (StoreException e) {
      serving.updateAndGet(
          s ->
              new Serving(
                  s.zone(),
                  s.kept(),
                  s.lastChange(),
                  "could not store the zone: " + e.getMessage()));
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
    if (stored || closed) {
      return;
    }
    long t0 = System.nanoTime();
    ctx.store()
        .replace(zone, ZoneState.primary(config.zone(), zone.serial(), ctx.clock().instant()));
    if (config.file() != null) {
      ZoneFileSource.save(ctx.store(), config.zone(), fileDigest, fileBytes.get());
    }
    stored = true;
    log.info(
        "{}: stored serial {} ({} records, {} ms)",
        config.zone(),
        zone.serial(),
        zone.recordCount(),
        (System.nanoTime() - t0) / 1_000_000);
    LargeZones.stored(zone.recordCount());
  }

  // ---- changes ----

  /** The zone file was read again (SIGHUP, {@code tandem reload}). */
  public Change reload(ZoneSnapshot file) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      String fileDigest = ZoneFileSource.digest(file);
      if (stored && fileDigest.equals(ZoneFileSource.stored(ctx.store(), config.zone()))) {
        return Change.unchanged(
            z, "zone file unchanged since it was taken in; serving serial " + z.serial());
      }
      return takeFile(z, file, fileDigest, null);
    } finally {
      changes.unlock();
    }
  }

  /** Replaces the zone's contents with {@code replacement} ({@code tandem zone import}). */
  public Change importZone(ZoneSnapshot replacement) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      return takeWhole(z, replacement, "import", "the imported zone equals serial " + z.serial());
    } finally {
      changes.unlock();
    }
  }

  /**
   * Makes the zone's contents those of its file (see {@link #takeWhole}); {@code bytes} is the
   * digest of the file's bytes, if known.
   */
  private Change takeFile(
      ZoneSnapshot z, ZoneSnapshot file, String fileDigest, @Nullable String bytes) {
    Change c =
        takeWhole(
            z,
            file,
            "zone file " + config.file(),
            "zone file has the served contents; serving serial " + z.serial());
    if (c.ok()) {
      ZoneFileSource.save(ctx.store(), config.zone(), fileDigest, bytes);
    }
    return c;
  }

  /**
   * Makes {@code replacement} (a zone file, an import) the zone's contents: one journaled change
   * with its serial if that is newer; else, for an unsigned zone, the next serial by policy, with a
   * warning (its serial did not move).
   *
   * <p>A signed zone's SOA is never rewritten: its RRSIG covers the serial, and a new serial under
   * the old signature makes the SOA, and every negative answer that carries it, bogus to validating
   * resolvers (RFC 4035 section 5.3). A re-signed zone whose serial did not move (ldns-signzone and
   * dnssec-signzone keep it unless told otherwise) is served as signed, replacing the old version
   * whole, with the warning BIND and Knot give: secondaries will not transfer it until the serial
   * moves. Serving it beats keeping the old version, whose signatures the operator re-signed for a
   * reason (often that they are about to expire).
   */
  private Change takeWhole(
      ZoneSnapshot z, ZoneSnapshot replacement, String why, String unchangedMessage) {
    ZoneDiff diff = ZoneDiff.between(z, replacement);
    boolean newer = Serial.isNewer(replacement.serial(), z.serial());
    if (diff.isEmpty() && !newer && sameSoaTimers(z.soa(), replacement.soa())) {
      return Change.unchanged(z, unchangedMessage);
    }
    if (newer) {
      return commit(z, diff, replacement.soa(), replacement.serial(), why);
    }
    if (replacement.signed()) {
      return replaceSigned(z, replacement, diff, why);
    }
    long serial = config.serialPolicy().next(z.serial(), ctx.clock().instant());
    Change c = commit(z, diff, replacement.soa(), serial, why);
    if (!c.ok()) {
      return c;
    }
    String warning =
        "the "
            + (why.equals("import") ? "imported zone" : "zone file")
            + "'s serial "
            + replacement.serial()
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

  /**
   * Serves a signed {@code replacement} whose serial is not newer than {@code z}'s exactly as it
   * is: stored whole (the journal emptied, since no change leads to it; IXFR from an older serial
   * gets the whole zone), published, nobody NOTIFYed (a NOTIFY of the same serial moves no
   * secondary).
   */
  private Change replaceSigned(
      ZoneSnapshot z, ZoneSnapshot replacement, ZoneDiff diff, String why) {
    Name zone = config.zone();
    Instant now = ctx.clock().instant();
    try {
      ctx.store().replace(replacement, ZoneState.primary(zone, replacement.serial(), now));
    } catch (StoreException | IllegalArgumentException e) {
      return failed(z, why + " could not be stored: " + e.getMessage());
    }
    stored = true;
    appendsSinceFlush = 0;
    serving.set(new Serving(replacement, JournalWindow.empty(config.journal()), now, null));
    ctx.publisher().publish(replacement);
    String warning =
        String.format(
            "the zone is signed and its serial %d is not newer than %d: served as signed, with"
                + " serial %d (a signed SOA is never rewritten: its RRSIG would no longer"
                + " validate); secondaries will not transfer it until the serial moves, so raise"
                + " the serial and sign again",
            replacement.serial(), z.serial(), replacement.serial());
    log.warn(
        "{}: {} ({} removed, {} added): {}",
        zone,
        why,
        diff.removed().size(),
        diff.added().size(),
        warning);
    return new Change(
        Rcode.NOERROR,
        String.format(
            "serial %d → %d by %s (%d removed, %d added) (%s)",
            z.serial(),
            replacement.serial(),
            why,
            diff.removed().size(),
            diff.added().size(),
            warning),
        z.serial(),
        replacement.serial(),
        diff.removed().size(),
        diff.added().size());
  }

  /**
   * Applies an RFC 2136 UPDATE from {@code peer} signed with {@code key} under the zone's rules for
   * that key: refused unless a rule names it. Refusals are counted and logged as summaries ({@link
   * RefusalLog}): an unsigned UPDATE costs its sender one datagram.
   */
  @Override
  public Change update(Message request, InetAddress peer, @Nullable Name key) {
    String who = peer.getHostAddress() + (key == null ? " (unsigned)" : " key " + key);
    ZoneUpdate.Policy policy = key == null ? null : config.updatePolicy(key);
    RefusalLog.Refused refused;
    Change c;
    if (policy == null) {
      refused =
          new RefusalLog.Refused(
              key == null ? RefusalLog.Reason.UPDATE_UNSIGNED : RefusalLog.Reason.UPDATE_NO_RULE,
              key == null
                  ? "unsigned, and no update rule takes unsigned UPDATEs"
                  : "key " + key + ": no update rule names it");
      c = Change.refused(this, Rcode.REFUSED, "no update rule allows " + who);
    } else {
      Refusable r = change(request, policy, who);
      refused = r.refused();
      if (refused != null) {
        refused = new RefusalLog.Refused(refused.reason(), "key " + key + ": " + refused.why());
      }
      c = r.change();
    }
    if (refused != null) {
      ctx.refusals().refused(config.zone(), peer, refused);
    }
    return c;
  }

  /**
   * Applies a change written as an UPDATE (RFC 2136: prerequisites and updates) under {@code
   * policy}. Prerequisites, policy and the change itself are checked before anything is written.
   */
  public Change edit(Message request, ZoneUpdate.Policy policy, String who) {
    return logged(change(request, policy, who), who);
  }

  /** An UPDATE's change, worked out by RFC 2136's rules under {@code policy}. */
  private Refusable change(Message request, ZoneUpdate.Policy policy, String who) {
    return change(
        z -> {
          ZoneUpdate.Result r = ZoneUpdate.apply(z, request, policy, config.rrsetLimits());
          ZoneDiff diff = r.diff();
          if (r.rcode() != Rcode.NOERROR || diff == null) {
            throw new Refused(r.rcode(), r.reason());
          }
          return diff; // an SOA in it is newer (RFC 2136 section 3.4.2.2): its serial is taken
        },
        "UPDATE from " + who);
  }

  /** A refusal of a change asked for by hand is logged as it is (no flood to fear). */
  private Change logged(Refusable r, String who) {
    RefusalLog.Refused refused = r.refused();
    if (refused != null) {
      log.info("{}: change by {} refused: {}", config.zone(), who, refused.why());
    }
    return r.change();
  }

  /** What a change came to, and why it was refused if it was. */
  private record Refusable(Change change, RefusalLog.@Nullable Refused refused) {}

  /**
   * A change worked out against the version served, while the zone's change lock is held, so that
   * nothing changes between reading the zone and writing the change.
   */
  @FunctionalInterface
  public interface Edit {
    /**
     * The records to remove (exactly as the zone holds them) and to add. A replaced apex SOA is
     * among them (the old one removed, the new one added) and gives the new SOA its fields; its
     * serial is taken only if newer than the zone's, else the zone's serial policy picks the next.
     *
     * @throws RuntimeException to refuse the change (nothing is written; the exception reaches the
     *     caller of {@link #edit(Edit, String)})
     */
    ZoneDiff plan(ZoneSnapshot current);
  }

  /**
   * Applies a change an operator asked for through the API or the CLI: exactly the records {@code
   * edit} plans (an API that says REPLACE replaces, also at the apex), as one new serial, or
   * nothing. The RFC 2136 rules that protect an UPDATE's apex do not apply here; {@code edit} makes
   * the checks a zone needs.
   */
  public Change edit(Edit edit, String who) {
    return logged(
        change(
            z -> {
              ZoneDiff d = edit.plan(z);
              String tooLarge = config.rrsetLimits().problemAfter(z, d);
              if (tooLarge != null) {
                throw new Refused(Rcode.REFUSED, tooLarge);
              }
              return d;
            },
            "change by " + who),
        who);
  }

  /** An UPDATE refused by RFC 2136's rules, with the RCODE to answer. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int rcode;

    Refused(int rcode, String reason) {
      super(reason, null, false, false);
      this.rcode = rcode;
    }
  }

  private Refusable change(Edit edit, String why) {
    changes.lock();
    try {
      ZoneSnapshot z = requireCurrent();
      if (z.signed()) {
        // Tandem does not sign: a change here would leave the RRSIGs and the NSEC chain stale,
        // and validating resolvers would call the changed names bogus. The signer makes changes.
        return new Refusable(
            Change.refused(this, Rcode.REFUSED, SIGNED),
            new RefusalLog.Refused(RefusalLog.Reason.UPDATE_SIGNED_ZONE, "the zone is signed"));
      }
      ZoneDiff diff;
      try {
        diff = edit.plan(z);
      } catch (Refused r) {
        String reason = String.valueOf(r.getMessage());
        return new Refusable(
            Change.refused(this, r.rcode, reason),
            new RefusalLog.Refused(
                RefusalLog.Reason.UPDATE_REJECTED, Rcode.string(r.rcode) + " (" + reason + ")"));
      }
      if (diff.isEmpty()) {
        return new Refusable(
            Change.unchanged(z, "nothing to change; serial stays " + z.serial()), null);
      }
      SOARecord soa = z.soa();
      long serial = config.serialPolicy().next(z.serial(), ctx.clock().instant());
      for (Record a : diff.added()) {
        if (a instanceof SOARecord s && s.getName().equals(config.zone())) {
          soa = s;
          if (Serial.isNewer(s.getSerial(), z.serial())) {
            serial = s.getSerial();
          }
        }
      }
      return new Refusable(commit(z, withoutApexSoa(diff), soa, serial, why), null);
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
    SOARecord oldSoa = z.soa();
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
    Instant now = ctx.clock().instant();
    JournalStep step = new JournalStep(z.serial(), serial, full, now);
    try {
      if (!stored) { // a change before the background write at start: store the file's version
        ensureStored(z, config.file() == null ? null : ZoneFileSource.digest(z));
      }
      ctx.store().append(zone, step, ZoneState.primary(zone, serial, now));
    } catch (StoreException | IllegalArgumentException e) {
      return failed(z, why + " could not be stored: " + e.getMessage());
    }
    JournalWindow kept = serving.get().kept().with(step, now);
    serving.set(new Serving(next, kept, now, null));
    ctx.publisher().publish(next);
    String message =
        String.format(
            "serial %d → %d by %s (%d removed, %d added)",
            z.serial(), serial, why, diff.removed().size(), diff.added().size());
    log.info("{}: {}", zone, message);
    notifyNow();
    if (++appendsSinceFlush >= FLUSH_AFTER) {
      ctx.workers().execute(this::compactNow);
    }
    return new Change(
        Rcode.NOERROR, message, z.serial(), serial, diff.removed().size(), diff.added().size());
  }

  private Change failed(ZoneSnapshot z, String why) {
    serving.updateAndGet(s -> new Serving(s.zone(), s.kept(), s.lastChange(), why));
    log.error("{}: {}; serving serial {} as before", config.zone(), why, z.serial());
    return new Change(Rcode.SERVFAIL, why, z.serial(), z.serial(), 0, 0);
  }

  /** Rewrites the stored base (every {@link #FLUSH_AFTER} changes), after the change's answer. */
  private void compactNow() {
    changes.lock();
    try {
      ZoneSnapshot z = current();
      if (z == null || closed) {
        return;
      }
      appendsSinceFlush = 0;
      Instant now = ctx.clock().instant();
      JournalWindow kept = serving.get().kept().trimmed(now);
      serving.updateAndGet(s -> new Serving(s.zone(), kept, s.lastChange(), s.lastError()));
      ctx.store().compact(z, kept.size());
    } catch (StoreException e) {
      log.error("{}: could not rewrite the stored base: {}", config.zone(), e.getMessage());
    } finally {
      changes.unlock();
    }
  }

  private void publish(ZoneSnapshot z, JournalWindow kept) {
    serving.updateAndGet(s -> new Serving(z, kept, s.lastChange(), s.lastError()));
    ctx.publisher().publish(z);
  }

  @Override
  public void close() {
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

  // ---- what the data plane and the operator read ----

  @Override
  public @Nullable List<ZoneDiff> changes(long from, long to) {
    return serving.get().kept().changes(from, to);
  }

  @Override
  public List<JournalStep> journal() {
    return serving.get().kept().steps();
  }

  @Override
  public boolean mayTransfer(InetAddress peer, @Nullable Name key, boolean overTls) {
    if (AclRule.anyMatches(config.allowTransfer(), peer, key, overTls)) {
      return true;
    }
    refusedTransfers.incrementAndGet();
    return false;
  }

  /**
   * The SOA's EXPIRE, as RFC 7314 section 3 has a primary answer (and Knot does): its copy never
   * ages, so a secondary asking it counts the full EXPIRE; -1 before the zone is loaded.
   */
  @Override
  public long expireSeconds() {
    ZoneSnapshot z = current();
    return z == null ? -1 : z.soa().getExpire();
  }

  @Override
  public boolean usesKey(Name key) {
    return config.usesKey(key);
  }

  /** NOTIFYs the secondaries of the serial now served; targets are worked out off this thread. */
  @Override
  public void notifyNow() {
    ZoneSnapshot z = current();
    if (z == null || !NotifyTargets.any(config)) {
      return;
    }
    ctx.notifier()
        .notifyLater(config.zone(), z.serial(), z.soa(), () -> NotifyTargets.of(config, z, self));
  }

  @Override
  public @Nullable SignatureStatus signatures() {
    return SignatureStatus.of(serving.get().zone(), ctx.clock().instant());
  }

  @Override
  public ZoneStatus status() {
    Serving s = serving.get();
    ZoneSnapshot z = s.zone();
    ZoneStatus.State state =
        z == null
            ? ZoneStatus.State.LOADING
            : s.lastError() != null ? ZoneStatus.State.FAILING : ZoneStatus.State.OK;
    return ZoneStatus.of(config.zone(), ZoneKind.PRIMARY, state, z == null ? -1 : z.serial())
        .attempts(s.lastChange(), s.lastChange(), s.lastError())
        .downstream(ctx.notifier().outcomes(config.zone()), refusedTransfers.get())
        .signatures(SignatureStatus.of(z, ctx.clock().instant()))
        .warnings(warnings.of(z))
        .catalog(catalogStatus)
        .build();
  }

  /** What this zone, a catalog this server makes of its zones, says of itself in its status. */
  public void describeCatalog(CatalogStatus status) {
    catalogStatus = status;
  }

  // ---- records ----

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
