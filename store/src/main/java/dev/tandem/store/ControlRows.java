package dev.tandem.store;

import dev.tandem.dns.zone.Transfer;
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

/** The SQL of the control plane's objects and the transfer history (V3), as {@link ZoneRows}. */
final class ControlRows {
  private ControlRows() {}

  static Map<String, String> objects(Connection c, String kind) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (PreparedStatement s =
        c.prepareStatement("SELECT name, body FROM control_object WHERE kind = ?")) {
      s.setString(1, kind);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  static Optional<String> object(Connection c, String kind, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT body FROM control_object WHERE kind = ? AND name = ?")) {
      s.setString(1, kind);
      s.setString(2, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  static boolean deleteObject(Connection c, String kind, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM control_object WHERE kind = ? AND name = ?")) {
      s.setString(1, kind);
      s.setString(2, name);
      return s.executeUpdate() > 0;
    }
  }

  /**
   * Inserts or replaces one object in one statement (the same SQL on both databases), so that two
   * nodes saving the same object at once both succeed, the later one's body kept.
   */
  static void saveObject(Connection c, String kind, String name, String body, Instant at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO control_object (kind, name, body, updated) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, name) DO UPDATE SET body = excluded.body,"
                + " updated = excluded.updated")) {
      s.setString(1, kind);
      s.setString(2, name);
      s.setString(3, body);
      s.setLong(4, at.toEpochMilli());
      s.executeUpdate();
    }
  }

  /**
   * {@link ZoneStore#replaceObject}: an insert that does nothing on conflict, or a guarded update.
   */
  static boolean replaceObject(
      Connection c, String kind, String name, @Nullable String expected, String body, Instant at)
      throws SQLException {
    String sql =
        expected == null
            ? "INSERT INTO control_object (kind, name, body, updated) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (kind, name) DO NOTHING"
            : "UPDATE control_object SET body = ?, updated = ? WHERE kind = ? AND name = ? AND body = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (expected == null) {
        s.setString(1, kind);
        s.setString(2, name);
        s.setString(3, body);
        s.setLong(4, at.toEpochMilli());
      } else {
        s.setString(1, body);
        s.setLong(2, at.toEpochMilli());
        s.setString(3, kind);
        s.setString(4, name);
        s.setString(5, expected);
      }
      return s.executeUpdate() == 1;
    }
  }

  static void insertTransfer(Connection c, String zone, Transfer t, int keep) throws SQLException {
    long seq;
    // The next number and the row in one statement (SQLite 3.35+, PostgreSQL): a catalog's new
    // member records one transfer, and its own query for the number was 1.5% of the CPU of 100,000.
    // The number as a value's subquery, not as INSERT ... SELECT: SQLite copies a SELECT from the
    // table it inserts into to a temporary table first (6.5 -> 4.6 us a row, SQLite 3.40).
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO transfer (zone, seq, at, direction, peer, type, from_serial, to_serial,"
                + " records, bytes, millis, result, error)"
                + " VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transfer WHERE zone = ?),"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq")) {
      s.setString(1, zone);
      s.setString(2, zone);
      s.setLong(3, t.at().toEpochMilli());
      s.setString(4, t.direction().word());
      s.setString(5, t.peer());
      s.setString(6, t.kind().name());
      s.setLong(7, t.fromSerial());
      s.setLong(8, t.toSerial());
      s.setLong(9, t.records());
      s.setLong(10, t.bytes());
      s.setLong(11, t.millis());
      s.setString(12, t.result().word());
      if (t.error() == null) {
        s.setNull(13, Types.VARCHAR);
      } else {
        s.setString(13, t.error());
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        seq = rs.getLong(1);
      }
    }
    if (seq <= keep) {
      return; // nothing to let go yet
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM transfer WHERE zone = ? AND seq <= ?")) {
      s.setString(1, zone);
      s.setLong(2, seq - keep);
      s.executeUpdate();
    }
  }

  static List<Transfer> transfers(Connection c, String zone, int limit) throws SQLException {
    List<Transfer> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT at, direction, peer, type, from_serial, to_serial, records, bytes, millis,"
                + " result, error FROM transfer WHERE zone = ? ORDER BY seq DESC LIMIT ?")) {
      s.setString(1, zone);
      s.setInt(2, limit);
      try (ResultSet rs = s.executeQuery()) {
        Name name;
        try {
          name = Name.fromString(zone);
        } catch (TextParseException e) {
          throw new StoreException("the stored zone name " + zone + " does not read back", e);
        }
        while (rs.next()) {
          out.add(
              new Transfer(
                  name,
                  Instant.ofEpochMilli(rs.getLong(1)),
                  Transfer.Direction.of(rs.getString(2)),
                  rs.getString(3),
                  Transfer.Kind.valueOf(rs.getString(4)),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  rs.getLong(9),
                  Transfer.Result.of(rs.getString(10)),
                  rs.getString(11)));
        }
      }
    }
    return out;
  }

  static void deleteTransfers(Connection c, String zone) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM transfer WHERE zone = ?")) {
      s.setString(1, zone);
      s.executeUpdate();
    }
  }

  static void insertAudit(Connection c, AuditEntry e, int keep) throws SQLException {
    long seq;
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM audit")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        seq = rs.getLong(1) + 1;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO audit (seq, at, actor, via, action, zone, target, detail, outcome)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, seq);
      s.setLong(2, e.at().toEpochMilli());
      s.setString(3, e.actor());
      s.setString(4, e.via());
      s.setString(5, e.action());
      if (e.zone() == null) {
        s.setNull(6, Types.VARCHAR);
      } else {
        s.setString(6, e.zone());
      }
      s.setString(7, e.target());
      s.setString(8, e.detail());
      s.setString(9, e.outcome());
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM audit WHERE seq <= ?")) {
      s.setLong(1, seq - keep);
      s.executeUpdate();
    }
  }

  static List<AuditEntry> audit(Connection c, AuditEntry.Query q) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, at, actor, via, action, zone, target, detail, outcome FROM audit"
                + " WHERE seq < ?");
    List<Object> args = new ArrayList<>();
    args.add(q.beforeSeq() <= 0 ? Long.MAX_VALUE : q.beforeSeq());
    if (q.zone() != null) {
      sql.append(" AND zone = ?");
      args.add(q.zone());
    }
    if (q.actor() != null) {
      sql.append(" AND actor = ?");
      args.add(q.actor());
    }
    if (q.action() != null) {
      sql.append(" AND action = ?");
      args.add(q.action());
    }
    if (q.since() != null) {
      sql.append(" AND at >= ?");
      args.add(q.since().toEpochMilli());
    }
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(q.limit());
    List<AuditEntry> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Long l) {
          s.setLong(i + 1, l);
        } else if (a instanceof Integer n) {
          s.setInt(i + 1, n);
        } else {
          s.setString(i + 1, (String) a);
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AuditEntry(
                  rs.getLong(1),
                  Instant.ofEpochMilli(rs.getLong(2)),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
    }
    return out;
  }
}
