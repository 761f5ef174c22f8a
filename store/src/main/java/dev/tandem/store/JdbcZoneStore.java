package dev.tandem.store;

import static dev.tandem.store.ZoneRows.key;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneRows.StoredContents;
import dev.tandem.store.ZoneRows.StoredEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * {@link ZoneStore} over one JDBC connection, in SQL that SQLite and PostgreSQL both run ({@link
 * ZoneRows}); the subclass opens the connection and sets what is particular to its database.
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
 * <p><b>Concurrency.</b> One connection, one lock, one transaction at a time: writes are few (one
 * zone's lifecycle thread each) and short next to the fsync that ends them. The work that costs the
 * zone's size, encoding and decoding records, happens outside the lock, so reading a large zone
 * back does not hold up writes to the others for longer than reading its bytes.
 */
abstract class JdbcZoneStore implements ZoneStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcZoneStore.class);

  private final Connection connection;
  private final Clock clock;
  private final String where;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed; // guarded by lock

  /**
   * @param connection a connection to a migrated schema, used by this store alone from now on
   * @param where the store in words, for messages ("the store /var/lib/tandem/tandem.db")
   */
  JdbcZoneStore(Connection connection, Clock clock, String where) throws SQLException {
    this.connection = connection;
    this.clock = clock;
    this.where = where;
    connection.setAutoCommit(false);
  }

  // ---- reads ----

  @Override
  public List<ZoneState> zones() {
    List<ZoneState> all = inTransaction("listing the zones", ZoneRows::states);
    // Sorted here rather than by ORDER BY, whose text order depends on the database's collation.
    all.sort(Comparator.comparing(ZoneState::zone));
    return all;
  }

  @Override
  public Optional<ZoneState> state(Name zone) {
    String name = key(zone);
    return inTransaction("reading the state of zone " + name, c -> ZoneRows.state(c, name));
  }

  @Override
  public Optional<ZoneSnapshot> contents(Name zone) {
    Name origin = zone.canonicalize();
    String name = key(origin);
    Optional<StoredContents> stored =
        inTransaction("reading zone " + name, c -> ZoneRows.contents(c, name));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredContents s = stored.get();
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
    return Optional.of(z);
  }

  @Override
  public List<JournalEntry> journal(Name zone) {
    String name = key(zone);
    List<StoredEntry> stored =
        inTransaction("reading the journal of zone " + name, c -> ZoneRows.entries(c, name, 0));
    List<JournalEntry> out = new ArrayList<>(stored.size());
    for (StoredEntry e : stored) {
      ZoneDiff diff = RecordBlob.decodeDiff(e.blob(), e.crc(), e.describe(name));
      out.add(new JournalEntry(e.fromSerial(), e.toSerial(), diff, Instant.ofEpochMilli(e.at())));
    }
    return out;
  }

  // ---- writes ----

  @Override
  public void replace(ZoneSnapshot contents, ZoneState state) {
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
    inTransaction(
        "replacing zone " + name,
        c -> {
          ZoneRows.writeState(c, name, state);
          ZoneRows.deleteJournal(c, name);
          ZoneRows.deleteBase(c, name);
          ZoneRows.insertBase(c, name, contents.serial(), crc, blob);
          return null;
        });
  }

  @Override
  public void append(Name zone, long fromSerial, long toSerial, ZoneDiff diff, ZoneState state) {
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
    long at = clock.millis();
    inTransaction(
        "appending to the journal of zone " + name,
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
  public void saveState(ZoneState state) {
    String name = key(state.zone());
    inTransaction(
        "saving the state of zone " + name,
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
    inTransaction(
        "compacting zone " + name,
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
    return inTransaction("reading the settings of zone " + name, c -> ZoneRows.settings(c, name));
  }

  @Override
  public void saveSetting(Name zone, String setting, @Nullable String value) {
    String name = key(zone);
    inTransaction(
        "saving setting " + setting + " of zone " + name,
        c -> {
          if (ZoneRows.state(c, name).isEmpty()) {
            throw new StoreException("zone " + name + " is not stored: no setting to save");
          }
          ZoneRows.deleteSetting(c, name, setting);
          if (value != null) {
            ZoneRows.insertSetting(c, name, setting, value);
          }
          return null;
        });
  }

  @Override
  public void delete(Name zone) {
    String name = key(zone);
    inTransaction(
        "deleting zone " + name,
        c -> {
          ZoneRows.deleteJournal(c, name);
          ZoneRows.deleteBase(c, name);
          ZoneRows.deleteSettings(c, name);
          ZoneRows.deleteState(c, name);
          return null;
        });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing " + where + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
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
  private interface Work<T extends @Nullable Object> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction under the lock and commits it, which for the databases we
   * use (SQLite with synchronous=FULL, PostgreSQL by default) returns once it is durable. Anything
   * thrown rolls it back: nothing was changed.
   */
  private <T extends @Nullable Object> T inTransaction(String what, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StoreException(what + ": " + where + " is closed");
      }
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException e) {
        rollback(e);
        throw new StoreException(what + " in " + where + " failed: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        rollback(e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private void rollback(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      log.warn("rollback in {} failed: {}", where, e.getMessage());
    }
  }
}
