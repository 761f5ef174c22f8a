package dev.tandem.store;

import static dev.tandem.store.ZoneRows.key;

import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneRows.StoredContents;
import dev.tandem.store.ZoneRows.StoredEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * {@link ZoneStore} over a JDBC {@link DataSource}, in SQL that SQLite and PostgreSQL both run
 * ({@link ZoneRows}, {@link ControlRows}); the subclass opens the data source, migrates the schema
 * and sets what is particular to its database.
 *
 * <p><b>Layout.</b> A zone is a row of {@code zone} (its {@link ZoneState}), at most one row of
 * {@code zone_base} (a full version, as {@link RecordBlob}) and rows of {@code journal} (changes,
 * numbered by {@code seq} within the zone). {@link #append} adds a journal row and updates the
 * state row, so its cost follows the change. {@link #compact} rewrites the base but keeps the
 * journal, so the base records {@code journal_seq}, the last entry it already includes: reading a
 * zone decodes the base and replays only the entries after that one. {@link #replace} empties the
 * journal, whose changes led to versions that no longer exist.
 *
 * <p><b>Invariant.</b> A zone with a base has {@code zone.serial} equal to the serial its contents
 * read back at; a zone without one has serial -1. Every write checks what it is given against this
 * before changing anything (an {@link IllegalArgumentException} for a caller's inconsistent
 * arguments, a {@link StoreException} when the stored zone is not where the caller thinks), and
 * every read checks it again, with the CRC-32C of every blob, so that a damaged file fails loudly
 * instead of serving a different zone.
 *
 * <p><b>Concurrency.</b> Each transaction takes a connection from the data source and gives it
 * back. A store made {@code oneAtATime} (SQLite: one connection, one writer per file) runs one
 * transaction at a time under a lock: writes are few (one zone's lifecycle thread each) and short
 * next to the fsync that ends them. Otherwise (PostgreSQL: a pool, and maybe other processes on the
 * same database) transactions overlap, and every write to a zone first calls {@link #lockZone}, so
 * that writes to one zone, from this process or another, take turns and each sees the last one's
 * result; reads call {@link #beginReading} to see one consistent version. Either way the work that
 * costs the zone's size, encoding and decoding records, happens outside any transaction, so reading
 * a large zone back does not hold up writes to the others for longer than reading its bytes.
 *
 * <p>One piece, past the usual size: every method is one transaction of the contract with the same
 * checks around it; the SQL itself is in {@link ZoneRows} and {@link ControlRows}.
 */
abstract class JdbcZoneStore implements ZoneStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcZoneStore.class);

  private final DataSource source;
  private final Clock clock;
  private final String where;
  private final @Nullable ReentrantLock lock;
  private final Object closing = new Object();
  private volatile boolean closed;

  /**
   * @param source connections to a migrated schema, used by this store alone from now on
   * @param where the store in words, for messages ("the store /var/lib/tandem/tandem.db"), never
   *     with a password
   * @param oneAtATime whether to run one transaction at a time (the data source has one connection)
   */
  JdbcZoneStore(DataSource source, Clock clock, String where, boolean oneAtATime) {
    this.source = source;
    this.clock = clock;
    this.where = where;
    this.lock = oneAtATime ? new ReentrantLock() : null;
  }

  /** Closes what the data source holds (the connection, the pool); called once. */
  abstract void closeSource() throws SQLException;

  /**
   * Called first in every transaction that writes to zone {@code name} (its rows, settings or
   * transfers), before anything of the zone is read: from then until the transaction ends, no other
   * transaction, in this process or another, writes to that zone. Nothing by default: a store that
   * runs one transaction at a time needs nothing more.
   */
  void lockZone(Connection c, String name) throws SQLException {}

  /**
   * Called first in every transaction that only reads, so that its statements see one version of
   * the data, not one each. Nothing by default: SQLite's transactions always do.
   */
  void beginReading(Connection c) throws SQLException {}

  /**
   * Called first in a transaction that writes (once for a group of them), before it reads anything:
   * for a database that must take its write lock then (SQLite), not halfway through.
   */
  void beginWriting(Connection c) throws SQLException {}

  /**
   * Called first in every transaction that writes, auto-commit off, before its work: {@code
   * durable} says whether its commit must be on disk when it returns ({@link Durability#NOW}) or
   * may reach it within a second ({@link Durability#SOON}). Nothing by default: every commit is
   * durable, which keeps the contract.
   */
  void commitDurably(Connection c, boolean durable) throws SQLException {}

  /**
   * Brings every commit so far onto the disk: called, under the lock, within a second of a commit
   * that did not wait for it, by a store that runs one transaction at a time. Nothing by default.
   */
  void syncToDisk(Connection c) throws SQLException {}

  // ---- reads ----

  @Override
  public List<ZoneState> zones() {
    List<ZoneState> all = read("listing the zones", ZoneRows::states);
    // Sorted here rather than by ORDER BY, whose text order depends on the database's collation.
    all.sort(Comparator.comparing(ZoneState::zone));
    return all;
  }

  @Override
  public Optional<ZoneState> state(Name zone) {
    String name = key(zone);
    return read("reading the state of zone " + name, c -> ZoneRows.state(c, name));
  }

  @Override
  public Optional<ZoneSnapshot> contents(Name zone) {
    Name origin = zone.canonicalize();
    String name = key(origin);
    Optional<StoredContents> stored = read("reading zone " + name, c -> ZoneRows.contents(c, name));
    return stored.map(s -> decode(origin, name, s));
  }

  /** The zone {@code s} holds: its base with its journal applied, checked against its state. */
  private static ZoneSnapshot decode(Name origin, String name, StoredContents s) {
    String base = "zone " + name + ": the stored base at serial " + s.baseSerial();
    ZoneSnapshot z = RecordBlob.decodeZone(origin, s.blob(), s.crc(), base);
    if (z.serial() != s.baseSerial()) {
      throw new StoreException(base + " decodes to serial " + z.serial());
    }
    for (StoredEntry e : s.entries()) {
      String what = e.describe(name);
      if (e.fromSerial() != z.serial()) {
        throw new StoreException(what + " does not follow serial " + z.serial());
      }
      ZoneDiff diff = RecordBlob.decodeDiff(e.blob(), e.crc(), what);
      try {
        z = z.apply(diff);
      } catch (ZoneDiffException x) {
        throw new StoreException(what + " does not apply: " + x.getMessage(), x);
      }
      if (z.serial() != e.toSerial()) {
        throw new StoreException(what + " leads to serial " + z.serial());
      }
    }
    if (z.serial() != s.stateSerial()) {
      throw new StoreException(
          "zone "
              + name
              + " reads back at serial "
              + z.serial()
              + ", its state says "
              + s.stateSerial());
    }
    return z;
  }

  @Override
  public List<JournalStep> journal(Name zone) {
    String name = key(zone);
    List<StoredEntry> stored =
        read("reading the journal of zone " + name, c -> ZoneRows.entries(c, name, 0));
    return decodeJournal(name, stored);
  }

  private static List<JournalStep> decodeJournal(String name, List<StoredEntry> stored) {
    List<JournalStep> out = new ArrayList<>(stored.size());
    for (StoredEntry e : stored) {
      ZoneDiff diff = RecordBlob.decodeDiff(e.blob(), e.crc(), e.describe(name));
      out.add(new JournalStep(e.fromSerial(), e.toSerial(), diff, Instant.ofEpochMilli(e.at())));
    }
    return out;
  }

  /** The zones' states, contents and journals in one read transaction; decoded after it. */
  @Override
  public Map<Name, Starting> starting(List<Name> zones) {
    List<ZoneRows.StoredStart> stored =
        read(
            "reading " + zones.size() + " zones to serve",
            c -> {
              List<ZoneRows.StoredStart> out = new ArrayList<>(zones.size());
              for (Name zone : zones) {
                out.add(ZoneRows.start(c, zone));
              }
              return out;
            });
    Map<Name, Starting> out = new java.util.HashMap<>(zones.size() * 2);
    for (int i = 0; i < zones.size(); i++) {
      out.put(zones.get(i), decode(zones.get(i), stored.get(i)));
    }
    return out;
  }

  private static Starting decode(Name zone, ZoneRows.StoredStart s) {
    String name = key(zone);
    return Starting.of(
        s.state(),
        () -> s.contents().map(c -> decode(zone.canonicalize(), name, c)),
        () -> decodeJournal(name, s.journal()));
  }

  // ---- writes ----

  @Override
  public void replace(ZoneSnapshot contents, ZoneState state, Durability durability) {
    String name = key(state.zone());
    write("replacing zone " + name, name, durability, replacing(contents, state));
  }

  @Override
  public CompletionStage<@Nullable Void> replaceLater(ZoneSnapshot contents, ZoneState state) {
    if (lock == null || detached.get() >= GROUP) {
      // Nothing to join, or a group's worth queued already: the caller waits for its write, and
      // commits what is queued ahead of it (transfers coming faster than the disk takes them).
      return ZoneStore.super.replaceLater(contents, state);
    }
    Work<@Nullable Void> work = replacing(contents, state);
    CompletableFuture<@Nullable Void> written = new CompletableFuture<>();
    detach("replacing zone " + key(state.zone()), work, written);
    return written;
  }

  /** The checks and encoding of {@link #replace}, done before the transaction; then its work. */
  private Work<@Nullable Void> replacing(ZoneSnapshot contents, ZoneState state) {
    if (!state.zone().equals(contents.origin())) {
      throw new IllegalArgumentException(
          "the state is for zone " + state.zone() + ", the contents for " + contents.origin());
    }
    if (contents.serial() < 0) {
      throw new IllegalArgumentException(
          "zone " + contents.origin() + " has no SOA at its apex, hence no serial to store");
    }
    if (state.serial() != contents.serial()) {
      throw new IllegalArgumentException(
          "zone "
              + contents.origin()
              + ": the state says serial "
              + state.serial()
              + ", the contents are at "
              + contents.serial());
    }
    String name = key(state.zone());
    byte[] blob = RecordBlob.encode(contents);
    long crc = RecordBlob.crc(blob);
    return writing(
        name,
        c -> {
          ZoneRows.writeState(c, name, state);
          ZoneRows.deleteJournal(c, name);
          ZoneRows.writeBase(c, name, contents.serial(), crc, blob);
          return null;
        });
  }

  @Override
  public void append(Name zone, JournalStep step, ZoneState state, Durability durability) {
    long fromSerial = step.from();
    long toSerial = step.to();
    ZoneDiff diff = step.diff();
    if (!state.zone().equals(zone)) {
      throw new IllegalArgumentException(
          "the state is for zone " + state.zone() + ", the change for " + zone);
    }
    if (state.serial() != toSerial) {
      throw new IllegalArgumentException(
          "zone "
              + zone
              + ": the state says serial "
              + state.serial()
              + ", the change leads to "
              + toSerial);
    }
    long reached = serialAfter(zone, fromSerial, diff);
    if (reached != toSerial) {
      throw new IllegalArgumentException(
          "zone "
              + zone
              + ": the change from serial "
              + fromSerial
              + " to "
              + toSerial
              + " leaves the SOA at serial "
              + reached);
    }
    String name = key(zone);
    byte[] blob = RecordBlob.encode(diff);
    long crc = RecordBlob.crc(blob);
    long at = step.at().toEpochMilli();
    write(
        "appending to the journal of zone " + name,
        name,
        durability,
        c -> {
          long stored = requireContents(c, name, "append to");
          if (stored != fromSerial) {
            throw new StoreException(
                "zone "
                    + name
                    + " is stored at serial "
                    + stored
                    + ", the change starts from "
                    + fromSerial);
          }
          long seq = ZoneRows.lastSeq(c, name) + 1;
          ZoneRows.insertEntry(c, name, seq, fromSerial, toSerial, at, crc, blob);
          ZoneRows.writeState(c, name, state);
          return null;
        });
  }

  @Override
  public void saveState(ZoneState state, Durability durability) {
    String name = key(state.zone());
    write(
        "saving the state of zone " + name,
        name,
        durability,
        c -> {
          Long stored = ZoneRows.storedSerial(c, name);
          if (stored == null && state.serial() != -1) {
            throw new IllegalArgumentException(
                "zone "
                    + name
                    + " has no stored contents, so its state's serial must be -1, not "
                    + state.serial());
          }
          if (stored != null && stored != state.serial()) {
            throw new IllegalArgumentException(
                "zone "
                    + name
                    + " is stored at serial "
                    + stored
                    + ", its state cannot say "
                    + state.serial()
                    + " (contents change through replace or append)");
          }
          ZoneRows.writeState(c, name, state);
          return null;
        });
  }

  @Override
  public void compact(ZoneSnapshot current, int keep) {
    if (keep < 0) {
      throw new IllegalArgumentException("cannot keep " + keep + " journal entries");
    }
    String name = key(current.origin());
    byte[] blob = RecordBlob.encode(current);
    long crc = RecordBlob.crc(blob);
    write(
        "compacting zone " + name,
        name,
        c -> {
          long stored = requireContents(c, name, "compact");
          if (stored != current.serial()) {
            throw new StoreException(
                "zone "
                    + name
                    + " is stored at serial "
                    + stored
                    + ", not "
                    + current.serial()
                    + ": only the current version can become the base");
          }
          long last = ZoneRows.lastSeq(c, name);
          ZoneRows.updateBase(c, name, current.serial(), last, crc, blob);
          // Entries are numbered without gaps per zone: keep the newest `keep`.
          ZoneRows.deleteJournalThrough(c, name, last - keep);
          return null;
        });
  }

  @Override
  public Map<String, String> settings(Name zone) {
    String name = key(zone);
    return read("reading the settings of zone " + name, c -> ZoneRows.settings(c, name));
  }

  @Override
  public void saveSetting(Name zone, String setting, @Nullable String value) {
    String name = key(zone);
    write(
        "saving setting " + setting + " of zone " + name,
        name,
        c -> {
          if (ZoneRows.state(c, name).isEmpty()) {
            throw new StoreException("zone " + name + " is not stored: no setting to save");
          }
          if (value == null) {
            ZoneRows.deleteSetting(c, name, setting);
          } else {
            ZoneRows.writeSetting(c, name, setting, value);
          }
          return null;
        });
  }

  @Override
  public void saveSettings(Name zone, Map<String, @Nullable String> values) {
    String name = key(zone);
    write(
        "saving " + values.size() + " settings of zone " + name,
        name,
        c -> {
          if (ZoneRows.state(c, name).isEmpty()) {
            throw new StoreException("zone " + name + " is not stored: no setting to save");
          }
          for (Map.Entry<String, @Nullable String> e : values.entrySet()) {
            if (e.getValue() == null) {
              ZoneRows.deleteSetting(c, name, e.getKey());
            } else {
              ZoneRows.writeSetting(c, name, e.getKey(), e.getValue());
            }
          }
          return null;
        });
  }

  @Override
  public void delete(Name zone) {
    String name = key(zone);
    write(
        "deleting zone " + name,
        name,
        c -> {
          deleteRows(c, name);
          return null;
        });
  }

  private static void deleteRows(Connection c, String name) throws SQLException {
    ZoneRows.deleteJournal(c, name);
    ZoneRows.deleteBase(c, name);
    ZoneRows.deleteSettings(c, name);
    ControlRows.deleteTransfers(c, name);
    ZoneRows.deleteState(c, name);
  }

  @Override
  public Map<Name, String> settingOfAll(String setting) {
    Map<String, String> byKey =
        read(
            "reading setting " + setting + " of every zone",
            c -> ZoneRows.settingOfAll(c, setting));
    return byZone(byKey);
  }

  @Override
  public Map<Name, Map<String, String>> settingsStartingWith(String prefix) {
    Map<String, Map<String, String>> byKey =
        read(
            "reading the settings " + prefix + "* of every zone",
            c -> ZoneRows.settingsStartingWith(c, prefix));
    return byZone(byKey);
  }

  /** {@code byKey}, keyed by the zones its keys name; a key that does not parse is skipped. */
  private <V> Map<Name, V> byZone(Map<String, V> byKey) {
    Map<Name, V> out = new java.util.HashMap<>(byKey.size() * 2);
    byKey.forEach(
        (key, value) -> {
          Name zone = zoneNamed(key);
          if (zone != null) {
            out.put(zone, value);
          }
        });
    return out;
  }

  /**
   * The zone a stored key names, or null, with a warning, if it does not parse (a row written by
   * hand, or by another program): skipped rather than failing the whole read.
   */
  @Nullable Name zoneNamed(String key) {
    try {
      return Name.fromString(key);
    } catch (org.xbill.DNS.TextParseException e) {
      log.warn("{}: a zone name that does not parse ({}); skipped", where, key);
      return null;
    }
  }

  @Override
  public void createAll(List<NewZone> zones) {
    if (zones.isEmpty()) {
      return;
    }
    write(
        "creating " + zones.size() + " zones",
        null,
        c -> {
          List<String> keys = new ArrayList<>(zones.size());
          for (NewZone z : zones) {
            String name = key(z.state().zone());
            keys.add(name);
            lockZone(c, name);
          }
          for (int i : ZoneRows.insertStates(c, keys, zones)) { // stored already: replaced
            deleteRows(c, keys.get(i));
            ZoneRows.writeState(c, keys.get(i), zones.get(i).state());
          }
          ZoneRows.writeSettings(c, keys, zones);
          return null;
        });
  }

  @Override
  public void deleteAll(List<Name> zones) {
    if (zones.isEmpty()) {
      return;
    }
    write(
        "deleting " + zones.size() + " zones",
        null,
        c -> {
          for (Name z : zones) {
            String name = key(z);
            lockZone(c, name);
            deleteRows(c, name);
          }
          return null;
        });
  }

  // ---- control objects and transfer history ----

  @Override
  public Map<String, String> objects(String kind) {
    return read("reading the " + kind + " objects", c -> ControlRows.objects(c, kind));
  }

  @Override
  public Optional<String> object(String kind, String name) {
    return read("reading " + kind + " " + name, c -> ControlRows.object(c, kind, name));
  }

  @Override
  public void saveObject(String kind, String name, String json) {
    Instant now = clock.instant();
    write(
        "saving " + kind + " " + name,
        null,
        c -> {
          ControlRows.saveObject(c, kind, name, json, now);
          return null;
        });
  }

  @Override
  public boolean deleteObject(String kind, String name) {
    return write(
        "deleting " + kind + " " + name, null, c -> ControlRows.deleteObject(c, kind, name));
  }

  @Override
  public boolean replaceObject(String kind, String name, @Nullable String expected, String json) {
    Instant now = clock.instant();
    return write(
        "replacing " + kind + " " + name,
        null,
        c -> ControlRows.replaceObject(c, kind, name, expected, json, now));
  }

  @Override
  public void recordTransfer(Transfer transfer) {
    String name = key(transfer.zone());
    String what = "recording a transfer of zone " + name;
    Work<@Nullable Void> work =
        writing(
            name,
            c -> {
              ControlRows.insertTransfer(c, name, transfer, TRANSFERS_KEPT);
              return null;
            });
    if (lock == null) {
      this.<@Nullable Void>inTransaction(what, Durability.SOON, work);
    } else {
      // History, not the zone: it need not be durable before the caller goes on, so it joins the
      // next group commit instead of making one of its own (a catalog's thousands of new members
      // made one commit, a disk flush, for their contents and another for their history each).
      detach(what, work, null);
    }
  }

  /**
   * Queues {@code work} for the next group commit without a caller waiting for it (under {@link
   * Durability#SOON}): {@code written}, if not null, is completed once it is committed, else a
   * failure is logged. What still waits {@link #FLUSH_DELAY_NANOS} from now is committed then, if
   * no one else's transaction has taken it.
   */
  private void detach(
      String what, Work<@Nullable Void> work, @Nullable CompletableFuture<@Nullable Void> written) {
    detached.incrementAndGet();
    waiting.add(new Pending<@Nullable Void>(what, work, Durability.SOON, null, written));
    later(
        flushing,
        FLUSH_DELAY_NANOS,
        "tandem-store-flush",
        () -> {
          while (!waiting.isEmpty()) {
            runWaiting();
          }
        });
  }

  /** Queued transactions no caller waits for. */
  private final AtomicInteger detached = new AtomicInteger();

  /** Whether a commit of detached work (history, first versions) is on its way. */
  private final AtomicBoolean flushing = new AtomicBoolean();

  /** How long work queued without a waiting caller may wait for another's commit to join. */
  private static final long FLUSH_DELAY_NANOS = 20_000_000;

  /** Whether a commit since the last sync did not wait for the disk (guarded by the lock). */
  private boolean unsynced;

  /** Whether a sync is on its way. */
  private final AtomicBoolean syncPending = new AtomicBoolean();

  /** How long after a commit that did not wait for the disk its contents are on it. */
  static final long SYNC_WITHIN_NANOS = 1_000_000_000;

  /**
   * Runs {@code work} under the lock {@code delayNanos} from now on a virtual thread of its own,
   * unless {@code pending} says one is already on its way: that one does the work for both.
   */
  private void later(AtomicBoolean pending, long delayNanos, String thread, Runnable work) {
    ReentrantLock l = Objects.requireNonNull(lock);
    if (!pending.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name(thread)
        .start(
            () -> {
              LockSupport.parkNanos(delayNanos);
              pending.set(false); // from here, a new request starts another
              l.lock();
              try {
                work.run();
              } finally {
                release(l);
              }
            });
  }

  /** Syncs what is not yet on disk, if anything (under the lock). */
  private void syncNow() {
    if (!unsynced || closed) {
      return;
    }
    try (Connection c = source.getConnection()) {
      syncToDisk(c);
      unsynced = false;
    } catch (SQLException | RuntimeException e) {
      log.warn("syncing {} to disk failed: {}", where, e.toString());
    }
  }

  @Override
  public List<Transfer> transfers(Name zone, int limit) {
    String name = key(zone);
    return read(
        "reading the transfers of zone " + name, c -> ControlRows.transfers(c, name, limit));
  }

  @Override
  public void recordAudit(AuditEntry entry, int kept) {
    if (kept < 1) {
      throw new IllegalArgumentException("the audit log keeps at least one entry, not " + kept);
    }
    write(
        "recording a change in the audit log",
        AUDIT_LOCK,
        c -> {
          ControlRows.insertAudit(c, entry, kept);
          return null;
        });
  }

  @Override
  public List<AuditEntry> audit(AuditEntry.Query query) {
    return read("reading the audit log", c -> ControlRows.audit(c, query));
  }

  /** What audit writes lock on, so that nodes sharing a store number their entries in turn. */
  private static final String AUDIT_LOCK = " audit";

  @Override
  public void close() {
    if (lock != null) {
      lock.lock();
    }
    try {
      synchronized (closing) {
        if (closed) {
          return;
        }
        if (lock != null) {
          while (!waiting.isEmpty()) { // history queued without a caller waiting
            runWaiting();
          }
          syncNow();
        }
        closed = true;
      }
      closeSource();
    } catch (SQLException e) {
      throw new StoreException("closing " + where + " failed: " + e.getMessage(), e);
    } finally {
      if (lock != null) {
        release(lock);
      }
    }
  }

  private static long requireContents(Connection c, String name, String doing) throws SQLException {
    Long stored = ZoneRows.storedSerial(c, name);
    if (stored == null) {
      throw new StoreException("zone " + name + " has no stored contents to " + doing);
    }
    return stored;
  }

  /** The serial a diff leaves the zone at: that of the apex SOA it adds, if any. */
  private static long serialAfter(Name zone, long fromSerial, ZoneDiff diff) {
    long serial = fromSerial;
    for (Record r : diff.added()) {
      if (r instanceof SOARecord soa && soa.getName().equals(zone)) {
        serial = soa.getSerial();
      }
    }
    return serial;
  }

  // ---- transactions ----

  /** One transaction's work; it may return null when it has nothing to return. */
  @FunctionalInterface
  interface Work<T extends @Nullable Object> {
    T run(Connection c) throws SQLException;
  }

  /** A read-only transaction (as of one moment where the database offers it). */
  final <T extends @Nullable Object> T read(String what, Work<T> work) {
    return inTransaction(
        what,
        null, // nothing to make durable
        c -> {
          beginReading(c);
          return work.run(c);
        });
  }

  /** A transaction that writes, to zone {@code zone} (a key) if not null. */
  private <T extends @Nullable Object> T write(String what, @Nullable String zone, Work<T> work) {
    return write(what, zone, Durability.NOW, work);
  }

  /** As {@link #write(String, String, Work)}, on disk as {@code durability} says. */
  private <T extends @Nullable Object> T write(
      String what, @Nullable String zone, Durability durability, Work<T> work) {
    return inTransaction(what, durability, writing(zone, work));
  }

  /**
   * {@code work} as a write, which takes zone {@code zone}'s lock (a key) first if not null; the
   * transaction has called {@link #beginWriting} before.
   */
  private <T extends @Nullable Object> Work<T> writing(@Nullable String zone, Work<T> work) {
    return c -> {
      if (zone != null) {
        lockZone(c, zone);
      }
      return work.run(c);
    };
  }

  /**
   * Runs {@code work} as one transaction on a connection of its own and commits it, which returns
   * once it is on disk unless {@code durability} is {@link Durability#SOON} ({@link
   * #commitDurably}). Anything thrown rolls it back: nothing was changed.
   *
   * <p>A store that runs one transaction at a time (SQLite) commits concurrent callers' work
   * together (group commit): whoever holds the connection runs every transaction waiting, each
   * under a savepoint of its own (one that fails is rolled back alone), and one commit makes them
   * all durable; each caller returns once that commit has. A thousand secondary zones refreshing at
   * once so cost tens of disk flushes, not a thousand. The group's commit flushes the disk if any
   * of its transactions wants {@link Durability#NOW}; if none does, {@link #syncToDisk} follows
   * within a second.
   */
  private <T extends @Nullable Object> T inTransaction(
      String what, @Nullable Durability durability, Work<T> work) {
    ReentrantLock l = lock;
    if (l == null) {
      return alone(what, durability, work);
    }
    Pending<T> mine = new Pending<>(what, work, durability, Thread.currentThread(), null);
    waiting.add(mine);
    boolean interrupted =
        false; // kept for the caller: the wait, as the lock's was, is not cut short
    while (!mine.done) { // more than a group may wait ahead of it
      if (l.tryLock()) {
        try {
          runWaiting();
        } finally {
          release(l);
        }
      } else {
        // Until the group that runs it is committed, or the lock is handed on to this caller.
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return mine.outcome();
  }

  /**
   * Unlocks, then wakes the first caller still waiting, who takes the lock next. Callers whose
   * transactions a group ran are woken by {@link #runWaiting}: they need not take the lock in turn
   * only to find their work done. With sixteen zone workers writing, that convoy of hand-overs took
   * 4% of the CPU time of a catalog's 100,000 new members arriving and held up the next group: all
   * served 29.8 -> 25.3 s, CPU 36.9 -> 31.6 s (medians of three alternating runs).
   */
  private void release(ReentrantLock l) {
    l.unlock();
    for (Pending<?> p : waiting) {
      Thread caller = p.caller;
      if (caller != null) {
        LockSupport.unpark(caller);
        return;
      }
    }
  }

  /** Transactions waiting for the connection (stores that run one at a time). */
  private final java.util.Queue<Pending<?>> waiting =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** The most transactions committed together. */
  private static final int GROUP = 512;

  /** One caller's transaction, and how it ended. */
  private static final class Pending<T extends @Nullable Object> {
    final String what;
    final Work<T> work;
    final @Nullable Durability durability; // null: only reads
    final @Nullable Thread caller; // null: detached, no caller waits for it
    final @Nullable CompletableFuture<T> written; // detached: told how it ended (else it is logged)
    volatile boolean done;
    @Nullable T result;
    @Nullable RuntimeException failure;

    Pending(
        String what,
        Work<T> work,
        @Nullable Durability durability,
        @Nullable Thread caller,
        @Nullable CompletableFuture<T> written) {
      this.what = what;
      this.work = work;
      this.durability = durability;
      this.caller = caller;
      this.written = written;
    }

    /** Tells whoever waits for it that it ended (under the lock). */
    void end(Logger log) {
      done = true;
      if (caller != null) {
        LockSupport.unpark(caller);
        return;
      }
      RuntimeException f = failure;
      if (written != null) {
        if (f == null) {
          written.complete(result);
        } else {
          written.completeExceptionally(f);
        }
      } else if (f != null) {
        log.warn("{}", f.getMessage());
      }
    }

    @SuppressWarnings("NullAway") // result is set when done without failure
    T outcome() {
      RuntimeException f = failure;
      if (f != null) {
        throw f;
      }
      return result;
    }
  }

  /** Runs the waiting transactions as one (under the lock). */
  private void runWaiting() {
    List<Pending<?>> group = new ArrayList<>();
    for (Pending<?> p = waiting.poll(); p != null; p = waiting.poll()) {
      group.add(p);
      if (group.size() == GROUP) {
        break;
      }
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      if (closed) {
        for (Pending<?> p : group) {
          p.failure = new StoreException(p.what + ": " + where + " is closed");
        }
        return;
      }
      boolean durable = false;
      boolean soon = false;
      for (Pending<?> p : group) {
        durable |= p.durability == Durability.NOW;
        soon |= p.durability == Durability.SOON;
      }
      try (Connection c = source.getConnection()) {
        if (c.getAutoCommit()) {
          c.setAutoCommit(false);
        }
        try {
          if (durable || soon) {
            commitDurably(c, durable);
            beginWriting(c); // once for the group
          }
          if (group.size() == 1) {
            runOne(c, group.get(0), null);
          } else {
            try (Savepoints savepoints = new Savepoints(c)) {
              for (Pending<?> p : group) {
                runOne(c, p, savepoints);
              }
            }
          }
          c.commit();
          if (soon && !durable) {
            // Not cleared by a durable commit: one that changed nothing flushed nothing.
            unsynced = true; // on disk within SYNC_WITHIN_NANOS
            later(syncPending, SYNC_WITHIN_NANOS, "tandem-store-sync", this::syncNow);
          }
        } catch (SQLException | RuntimeException e) {
          rollback(c, e);
          throw e;
        }
      } catch (SQLException | RuntimeException e) {
        for (Pending<?> p : group) {
          if (p.failure == null) {
            p.failure =
                e instanceof SQLException se
                    ? new StoreException(p.what + " in " + where + " failed: " + reason(se), se)
                    : (RuntimeException) e;
            p.result = null;
          }
        }
      }
    } finally {
      for (Pending<?> p : group) {
        if (p.caller == null) {
          detached.decrementAndGet();
        }
        p.end(log);
      }
    }
  }

  /**
   * Runs one waiting transaction's work; in a group ({@code savepoints} not null), under a
   * savepoint rolled back if it fails.
   */
  private <T extends @Nullable Object> void runOne(
      Connection c, Pending<T> p, @Nullable Savepoints savepoints) throws SQLException {
    if (savepoints == null) {
      p.result = p.work.run(c); // a failure fails the transaction, as when it runs alone
      return;
    }
    savepoints.set();
    try {
      p.result = p.work.run(c);
      savepoints.release();
    } catch (SQLException e) {
      savepoints.rollback();
      p.failure = new StoreException(p.what + " in " + where + " failed: " + reason(e), e);
    } catch (RuntimeException e) {
      savepoints.rollback();
      p.failure = e;
    }
  }

  /**
   * The savepoint each write of a group runs under, its three statements prepared once for the
   * group. The driver's {@code setSavepoint} and {@code releaseSavepoint} format and prepare a new
   * statement each time: with 100,000 catalog members arriving, 0.9 s of CPU (bench/catalog).
   */
  static final class Savepoints implements AutoCloseable {
    private final PreparedStatement set;
    private final PreparedStatement release;
    private final PreparedStatement rollback;

    Savepoints(Connection c) throws SQLException {
      set = c.prepareStatement("SAVEPOINT tandem_write");
      release = c.prepareStatement("RELEASE SAVEPOINT tandem_write");
      rollback = c.prepareStatement("ROLLBACK TO SAVEPOINT tandem_write");
    }

    void set() throws SQLException {
      set.execute();
    }

    void release() throws SQLException {
      release.execute();
    }

    /** Undoes the write since {@link #set}, and ends its savepoint (a rollback alone keeps it). */
    void rollback() throws SQLException {
      rollback.execute();
      release.execute();
    }

    @Override
    public void close() throws SQLException {
      set.close();
      release.close();
      rollback.close();
    }
  }

  /** One transaction alone on a connection of its own (stores with a pool of connections). */
  private <T extends @Nullable Object> T alone(
      String what, @Nullable Durability durability, Work<T> work) {
    if (closed) {
      throw new StoreException(what + ": " + where + " is closed");
    }
    try (Connection c = source.getConnection()) {
      if (c.getAutoCommit()) {
        c.setAutoCommit(false);
      }
      try {
        if (durability != null) {
          commitDurably(c, durability == Durability.NOW);
          beginWriting(c);
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        rollback(c, e);
        throw e;
      } catch (RuntimeException e) {
        rollback(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(what + " in " + where + " failed: " + reason(e), e);
    }
  }

  /**
   * Why a statement failed, in words: the database's message, what lies under it when that adds
   * something (a refused connection under a pool's timeout), and what a conflict with another
   * writer means.
   */
  static String reason(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("40")) { // serialization failure, deadlock
      return "another node changed the same zone or object at the same moment ("
          + e.getMessage()
          + "); nothing was written, try again";
    }
    String message = String.valueOf(e.getMessage());
    Throwable cause = e.getCause();
    if (cause != null
        && cause.getMessage() != null
        && !message.contains(String.valueOf(cause.getMessage()))) {
      message += " (" + cause + ")";
    }
    return message;
  }

  private void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      log.warn("rollback in {} failed: {}", where, e.getMessage());
    }
  }
}
