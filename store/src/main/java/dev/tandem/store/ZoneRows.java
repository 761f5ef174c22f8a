package dev.tandem.store;

import dev.tandem.dns.zone.ZoneKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The SQL of {@link JdbcZoneStore}: reading and writing rows of {@code zone}, {@code zone_base} and
 * {@code journal} (see {@code db/migration}), in statements SQLite and PostgreSQL both run. Checks
 * nothing and decodes no blob: the store does both, outside its lock where it can.
 */
final class ZoneRows {
  private ZoneRows() {}

  static final String STATE_COLUMNS =
      "name, kind, serial, primary_serial, last_success, last_attempt, last_error, refresh_at,"
          + " expire_at";

  /** How a zone is named in the tables: lower-cased, absolute, in presentation form. */
  static String key(Name zone) {
    return zone.canonicalize().toString();
  }

  // ---- zone: the state ----

  static List<ZoneState> states(Connection c) throws SQLException {
    List<ZoneState> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM zone");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(readState(rs));
      }
    }
    return out;
  }

  static Optional<ZoneState> state(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + STATE_COLUMNS + " FROM zone WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(readState(rs)) : Optional.empty();
      }
    }
  }

  private static final String WRITE_STATE =
      "INSERT INTO zone ("
          + STATE_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
          + " serial = excluded.serial, primary_serial = excluded.primary_serial,"
          + " last_success = excluded.last_success, last_attempt = excluded.last_attempt,"
          + " last_error = excluded.last_error, refresh_at = excluded.refresh_at,"
          + " expire_at = excluded.expire_at";

  /** Inserts or updates the zone's row. */
  static void writeState(Connection c, String name, ZoneState state) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(WRITE_STATE)) {
      bindState(s, name, state);
      s.executeUpdate();
    }
  }

  /**
   * Inserts new zones' rows ({@code keys} their names as keys), each unless its zone has one
   * already, and returns the indexes of those that had (left as they were): one statement prepared
   * once and run as a batch, with nothing read first, since a catalog's thousands of new members
   * are new but for a few.
   */
  static List<Integer> insertStates(Connection c, List<String> keys, List<ZoneStore.NewZone> zones)
      throws SQLException {
    int[] inserted; // rows each inserted: SQLite's and PostgreSQL's drivers count them, 0 or 1
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO zone ("
                + STATE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      for (int i = 0; i < zones.size(); i++) {
        bindState(s, keys.get(i), zones.get(i).state());
        s.addBatch();
      }
      inserted = s.executeBatch();
    }
    List<Integer> stored = new ArrayList<>();
    for (int i = 0; i < inserted.length; i++) {
      if (inserted[i] == 0) {
        stored.add(i);
      }
    }
    return stored;
  }

  /** Inserts or updates many zones' settings ({@code keys} their names as keys), as one batch. */
  static void writeSettings(Connection c, List<String> keys, List<ZoneStore.NewZone> zones)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(WRITE_SETTING)) {
      for (int i = 0; i < zones.size(); i++) {
        for (Map.Entry<String, String> e : zones.get(i).settings().entrySet()) {
          s.setString(1, keys.get(i));
          s.setString(2, e.getKey());
          s.setString(3, e.getValue());
          s.addBatch();
        }
      }
      s.executeBatch();
    }
  }

  private static void bindState(PreparedStatement s, String name, ZoneState state)
      throws SQLException {
    s.setString(1, name);
    s.setString(2, state.kind().name());
    s.setLong(3, state.serial());
    s.setLong(4, state.primarySerial());
    setInstant(s, 5, state.lastSuccess());
    setInstant(s, 6, state.lastAttempt());
    String error = state.lastError();
    if (error == null) {
      s.setNull(7, Types.VARCHAR);
    } else {
      s.setString(7, error);
    }
    setInstant(s, 8, state.refreshAt());
    setInstant(s, 9, state.expireAt());
  }

  /** The serial the zone's contents are stored at (its state's), or null if it has none. */
  static @Nullable Long storedSerial(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT z.serial FROM zone z JOIN zone_base b ON b.zone = z.name WHERE z.name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  // ---- zone_base and journal: the contents ----

  /** A zone's rows as stored, read in one transaction and decoded after it (never compared). */
  @SuppressWarnings("ArrayRecordComponent")
  record StoredContents(
      long stateSerial, long baseSerial, long crc, byte[] blob, List<StoredEntry> entries) {}

  /** A journal row as stored (never compared). */
  @SuppressWarnings("ArrayRecordComponent")
  record StoredEntry(long seq, long fromSerial, long toSerial, long at, long crc, byte[] blob) {
    String describe(String zone) {
      return "zone "
          + zone
          + ": journal entry "
          + seq
          + " (serial "
          + fromSerial
          + " to "
          + toSerial
          + ")";
    }
  }

  /** The zone's base and the journal entries after it, or empty if it has no contents. */
  static Optional<StoredContents> contents(Connection c, String name) throws SQLException {
    long stateSerial;
    long baseSerial;
    long journalSeq;
    long crc;
    byte[] blob;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT z.serial, b.serial, b.journal_seq, b.crc, b.blob"
                + " FROM zone z JOIN zone_base b ON b.zone = z.name WHERE z.name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        stateSerial = rs.getLong(1);
        baseSerial = rs.getLong(2);
        journalSeq = rs.getLong(3);
        crc = rs.getLong(4);
        blob = rs.getBytes(5);
      }
    }
    List<StoredEntry> entries = entries(c, name, journalSeq);
    return Optional.of(new StoredContents(stateSerial, baseSerial, crc, blob, entries));
  }

  /** What a zone's start reads ({@link ZoneStore#starting}), as stored. */
  record StoredStart(
      Optional<ZoneState> state, Optional<StoredContents> contents, List<StoredEntry> journal) {}

  private static final String START =
      "SELECT z.name, z.kind, z.serial, z.primary_serial, z.last_success, z.last_attempt,"
          + " z.last_error, z.refresh_at, z.expire_at, b.serial, b.journal_seq, b.crc, b.blob"
          + " FROM zone z LEFT JOIN zone_base b ON b.zone = z.name WHERE z.name = ?";

  /**
   * {@code zone}'s state, contents and whole journal in two statements (its row with its base, then
   * its journal), where {@link #state}, {@link #contents} and {@link #entries} take four.
   */
  static StoredStart start(Connection c, Name zone) throws SQLException {
    String name = key(zone);
    ZoneState state;
    long baseSerial;
    long journalSeq;
    long crc;
    byte[] blob;
    try (PreparedStatement s = c.prepareStatement(START)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return new StoredStart(Optional.empty(), Optional.empty(), List.of());
        }
        state = readState(rs, zone.canonicalize());
        baseSerial = rs.getLong(10);
        if (rs.wasNull()) {
          return new StoredStart(Optional.of(state), Optional.empty(), List.of());
        }
        journalSeq = rs.getLong(11);
        crc = rs.getLong(12);
        blob = rs.getBytes(13);
      }
    }
    List<StoredEntry> journal = entries(c, name, 0);
    List<StoredEntry> sinceBase = new ArrayList<>(journal.size());
    for (StoredEntry e : journal) {
      if (e.seq() > journalSeq) {
        sinceBase.add(e);
      }
    }
    return new StoredStart(
        Optional.of(state),
        Optional.of(new StoredContents(state.serial(), baseSerial, crc, blob, sinceBase)),
        journal);
  }

  /** The zone's journal entries after {@code afterSeq} (0 for all), oldest first. */
  static List<StoredEntry> entries(Connection c, String name, long afterSeq) throws SQLException {
    List<StoredEntry> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, from_serial, to_serial, at, crc, blob FROM journal"
                + " WHERE zone = ? AND seq > ? ORDER BY seq")) {
      s.setString(1, name);
      s.setLong(2, afterSeq);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredEntry(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getBytes(6)));
        }
      }
    }
    return out;
  }

  /** The seq of the zone's newest journal entry, or 0 if it has none. */
  static long lastSeq(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(seq) FROM journal WHERE zone = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0; // MAX of no rows is NULL, which reads as 0
      }
    }
  }

  /**
   * A new base that includes no journal entry (the journal is empty or about to be), in place of
   * the one stored if any: one statement, where deleting the old one first was another lookup in
   * the index by name for each of a catalog's new members.
   */
  static void writeBase(Connection c, String name, long serial, long crc, byte[] blob)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO zone_base (zone, serial, journal_seq, crc, blob) VALUES (?, ?, 0, ?, ?)"
                + " ON CONFLICT (zone) DO UPDATE SET serial = excluded.serial, journal_seq = 0,"
                + " crc = excluded.crc, blob = excluded.blob")) {
      s.setString(1, name);
      s.setLong(2, serial);
      s.setLong(3, crc);
      s.setBytes(4, blob);
      s.executeUpdate();
    }
  }

  /** Rewrites the base, which now includes the journal up to {@code journalSeq}. */
  static void updateBase(
      Connection c, String name, long serial, long journalSeq, long crc, byte[] blob)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE zone_base SET serial = ?, journal_seq = ?, crc = ?, blob = ? WHERE zone = ?")) {
      s.setLong(1, serial);
      s.setLong(2, journalSeq);
      s.setLong(3, crc);
      s.setBytes(4, blob);
      s.setString(5, name);
      s.executeUpdate();
    }
  }

  static void insertEntry(
      Connection c, String name, long seq, long from, long to, long at, long crc, byte[] blob)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO journal (zone, seq, from_serial, to_serial, at, crc, blob)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, name);
      s.setLong(2, seq);
      s.setLong(3, from);
      s.setLong(4, to);
      s.setLong(5, at);
      s.setLong(6, crc);
      s.setBytes(7, blob);
      s.executeUpdate();
    }
  }

  static void deleteJournal(Connection c, String name) throws SQLException {
    update(c, "DELETE FROM journal WHERE zone = ?", name);
  }

  /** Deletes the zone's journal entries up to and including {@code seq}. */
  static void deleteJournalThrough(Connection c, String name, long seq) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM journal WHERE zone = ? AND seq <= ?")) {
      s.setString(1, name);
      s.setLong(2, seq);
      s.executeUpdate();
    }
  }

  static Map<String, String> settings(Connection c, String name) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT name, value FROM zone_setting WHERE zone = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /**
   * Every zone's settings whose names start with {@code prefix}, by zone key. Compared with {@code
   * substr}, not {@code LIKE} or a range: the same in both databases whatever the collation.
   */
  static Map<String, Map<String, String>> settingsStartingWith(Connection c, String prefix)
      throws SQLException {
    Map<String, Map<String, String>> out = new java.util.HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT zone, name, value FROM zone_setting WHERE substr(name, 1, ?) = ?")) {
      s.setInt(1, prefix.length());
      s.setString(2, prefix);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
              .put(rs.getString(2), rs.getString(3));
        }
      }
    }
    return out;
  }

  static void deleteSetting(Connection c, String zone, String setting) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM zone_setting WHERE zone = ? AND name = ?")) {
      s.setString(1, zone);
      s.setString(2, setting);
      s.executeUpdate();
    }
  }

  private static final String WRITE_SETTING =
      "INSERT INTO zone_setting (zone, name, value) VALUES (?, ?, ?)"
          + " ON CONFLICT (zone, name) DO UPDATE SET value = excluded.value";

  /** Inserts or updates one setting: one statement, so no concurrent writer sees it missing. */
  static void writeSetting(Connection c, String zone, String setting, String value)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(WRITE_SETTING)) {
      s.setString(1, zone);
      s.setString(2, setting);
      s.setString(3, value);
      s.executeUpdate();
    }
  }

  /** Every zone's value of one setting, by zone key. */
  static Map<String, String> settingOfAll(Connection c, String setting) throws SQLException {
    Map<String, String> out = new java.util.HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT zone, value FROM zone_setting WHERE name = ?")) {
      s.setString(1, setting);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  static void deleteSettings(Connection c, String name) throws SQLException {
    update(c, "DELETE FROM zone_setting WHERE zone = ?", name);
  }

  static void deleteBase(Connection c, String name) throws SQLException {
    update(c, "DELETE FROM zone_base WHERE zone = ?", name);
  }

  static void deleteState(Connection c, String name) throws SQLException {
    update(c, "DELETE FROM zone WHERE name = ?", name);
  }

  // ---- columns ----

  private static void update(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      s.executeUpdate();
    }
  }

  private static void setInstant(PreparedStatement s, int i, @Nullable Instant at)
      throws SQLException {
    if (at == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, at.toEpochMilli());
    }
  }

  /** The state in {@code rs}'s first columns ({@link #STATE_COLUMNS}). */
  static ZoneState readState(ResultSet rs) throws SQLException {
    return readState(rs, null);
  }

  /** The state in {@code rs}'s first columns; of {@code zone} if given (else read from the row). */
  private static ZoneState readState(ResultSet rs, @Nullable Name known) throws SQLException {
    String name = rs.getString(1);
    String kind = rs.getString(2);
    ZoneKind k;
    Name zone;
    try {
      k = ZoneKind.valueOf(kind);
      zone = known != null ? known : Name.fromString(name);
    } catch (IllegalArgumentException | TextParseException e) {
      throw new StoreException("the stored zone " + name + " does not read back: " + e, e);
    }
    return new ZoneState(
        zone,
        k,
        rs.getLong(3),
        rs.getLong(4),
        instant(rs, 5),
        instant(rs, 6),
        rs.getString(7),
        instant(rs, 8),
        instant(rs, 9));
  }

  private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
