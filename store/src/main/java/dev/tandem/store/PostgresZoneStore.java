package dev.tandem.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The shared store: a PostgreSQL database that several Tandem nodes may use at once, each through a
 * small pool of connections (HikariCP).
 *
 * <p>Opened from the URI an operator types ({@code
 * postgresql://tandem:secret@db1.example:5432/tandem?sslmode=require}, also {@code postgres://} and
 * {@code jdbc:postgresql://}). The schema is created and upgraded by Flyway from {@value
 * #MIGRATIONS} on open (Flyway serializes nodes that start together); the user should own the
 * database, or at least be allowed to create tables in its {@code public} schema. A commit that
 * must be durable returns once PostgreSQL has made it so (as the server's {@code
 * synchronous_commit} says: {@code on} by default); one that need not ({@link
 * ZoneStore.Durability#SOON}) does not wait (see {@link #commitDurably}).
 *
 * <p>Transactions overlap; writes to one zone take turns through a transaction-scoped advisory lock
 * on the zone's name, taken before anything of the zone is read. A row lock ({@code SELECT ... FOR
 * UPDATE} on the zone's row) would not do: it locks nothing for a zone that does not exist yet, as
 * when two nodes create it at once. Reads run in a read-only REPEATABLE READ transaction, so that a
 * zone's base and journal are read as of one moment. Messages name the database as {@code
 * postgresql://user@host:port/database}, never with the password or the URI's parameters.
 */
public final class PostgresZoneStore extends JdbcZoneStore {
  private static final Logger log = LoggerFactory.getLogger(PostgresZoneStore.class);

  /** Where the PostgreSQL copies of the migrations are: SQLite's with BYTEA for BLOB. */
  static final String MIGRATIONS = "classpath:db/postgresql";

  /** Connections per node: a few transactions at once, a small share of max_connections. */
  static final int POOL_SIZE = 4;

  /** How long a transaction waits for a connection (all in use, or the server unreachable). */
  static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  private final HikariDataSource pool;
  private final String shown;

  private PostgresZoneStore(HikariDataSource pool, Clock clock, String shown) {
    super(pool, clock, "the store " + shown, false);
    this.pool = pool;
    this.shown = shown;
  }

  /**
   * Opens the store in the database {@code url} names and brings its schema up to date.
   *
   * @param url {@code postgresql://user:password@host:port/database?parameters}; user and password
   *     may also be given as the parameters {@code user} and {@code password}; other parameters go
   *     to the JDBC driver ({@code sslmode}, for one)
   * @throws StoreException if the URL is not one, the server cannot be reached, refuses the user or
   *     has no such database, or the schema cannot be migrated
   */
  public static PostgresZoneStore open(String url) {
    return open(url, Clock.systemUTC());
  }

  /** As {@link #open(String)}, stamping journal entries with {@code clock}. */
  static PostgresZoneStore open(String url, Clock clock) {
    Target target = Target.parse(url);
    long started = System.nanoTime();
    HikariConfig config = new HikariConfig();
    config.setPoolName("tandem-store");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(target.jdbcUrl());
    if (target.user() != null) {
      config.setUsername(target.user());
    }
    if (target.password() != null) {
      config.setPassword(target.password());
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setAutoCommit(false);
    config.setConnectionInitSql(SESSION);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setInitializationFailTimeout(1); // try once on open, and fail with the reason
    config.addDataSourceProperty("ApplicationName", "tandem");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the store " + target.shown() + ": " + reason(e), e);
    }
    try {
      long connected = System.nanoTime();
      migrate(pool, target.shown());
      log.debug(
          "store {}: connected in {} ms, schema checked in {} ms",
          target.shown(),
          (connected - started) / 1_000_000,
          (System.nanoTime() - connected) / 1_000_000);
      return new PostgresZoneStore(pool, clock, target.shown());
    } catch (FlywayException e) {
      pool.close();
      throw new StoreException(
          "cannot open the store " + target.shown() + ": the schema migration failed: " + reason(e),
          e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  @Override
  public String describe() {
    return "PostgreSQL database " + shown;
  }

  @Override
  void closeSource() {
    pool.close();
  }

  /**
   * A transaction-scoped advisory lock on the zone's name (released at commit or rollback): what
   * every write to the zone takes first, on every node.
   */
  @Override
  void lockZone(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      s.setString(1, "tandem zone " + name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
      }
    }
  }

  /**
   * A commit that need not wait for the disk does not: the pool's connections have {@code
   * synchronous_commit} off ({@link #SESSION}), and PostgreSQL's WAL writer flushes such a commit
   * within three {@code wal_writer_delay}s (0.6 s by default); a server crash before that loses it,
   * never part of it. A transaction that must be durable sets it back to the server's own value for
   * itself. Off by default rather than for each such transaction: a catalog's 100,000 new members
   * write two such transactions each, and a statement more in each was a fifth of their round trips
   * to the server.
   */
  @Override
  void commitDurably(Connection c, boolean durable) throws SQLException {
    if (durable) {
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL synchronous_commit TO DEFAULT");
      }
    }
  }

  /** What each of the pool's connections runs first (see {@link #commitDurably}). */
  static final String SESSION = "SET synchronous_commit TO OFF";

  @Override
  void beginReading(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }
  }

  /**
   * Reads what was written since {@code mark}, a transaction id (see {@code
   * V5__postgresql_changes.sql}): rows stamped with an id at or above it, and the zones deleted by
   * such transactions. The mark returned is the oldest transaction still running when this read
   * began: everything older is in it, and whatever it could not see has an id at or above that. A
   * long open transaction on the database (a dump, an idle session) holds the mark back, and each
   * read takes in again what was written since it began; nothing is missed.
   */
  @Override
  public ZoneChanges changedZones(long mark, String setting) {
    boolean complete = mark == EVERY_ZONE;
    return read(
        complete ? "listing the zones" : "reading the zones changed since " + mark,
        c -> {
          long next = oldestRunning(c);
          List<ZoneState> zones = new ArrayList<>();
          Map<Name, String> values = new HashMap<>();
          try (PreparedStatement s = c.prepareStatement(complete ? ALL_ZONES : CHANGED_ZONES)) {
            s.setString(1, setting);
            if (!complete) {
              s.setLong(2, mark);
              s.setString(3, setting);
              s.setString(4, setting);
              s.setLong(5, mark);
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                ZoneState z = ZoneRows.readState(rs);
                zones.add(z);
                String value = rs.getString(10);
                if (value != null) {
                  values.put(z.zone(), value);
                }
              }
            }
          }
          Set<Name> deleted = complete ? Set.of() : deletedSince(c, mark);
          return new ZoneChanges(zones, values, deleted, complete, next);
        });
  }

  /** A zone's state, then its value of a setting (the first parameter) or null. */
  private static final String WITH_SETTING =
      "SELECT "
          + ZoneRows.STATE_COLUMNS
          + ", (SELECT value FROM zone_setting s WHERE s.zone = zone.name AND s.name = ?)";

  private static final String ALL_ZONES = WITH_SETTING + " FROM zone";

  /**
   * The zones with {@code changed} at or above the mark, or whose setting has: a union of two index
   * scans, where an {@code OR} of the two would read the whole table.
   */
  private static final String CHANGED_ZONES =
      WITH_SETTING
          + " FROM zone WHERE changed >= ? UNION "
          + WITH_SETTING
          + " FROM zone WHERE name IN (SELECT zone FROM zone_setting WHERE name = ? AND changed >= ?)";

  /** The id of the oldest transaction running when this transaction's snapshot was taken. */
  private static long oldestRunning(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The zones deleted by transactions from {@code mark} on and not stored since. */
  private Set<Name> deletedSince(Connection c, long mark) throws SQLException {
    Set<Name> out = new HashSet<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT DISTINCT zone FROM zone_gone g WHERE changed >= ?"
                + " AND NOT EXISTS (SELECT 1 FROM zone WHERE name = g.zone)")) {
      s.setLong(1, mark);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Name zone = zoneNamed(rs.getString(1));
          if (zone != null) {
            out.add(zone);
          }
        }
      }
    }
    return out;
  }

  private static void migrate(HikariDataSource pool, String shown) {
    MigrateResult result =
        Flyway.configure(PostgresZoneStore.class.getClassLoader())
            .dataSource(pool)
            .locations(MIGRATIONS)
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      log.info(
          "store {}: schema migrated to version {} ({} migrations)",
          shown,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    }
  }

  /** Why opening failed: the first SQLException's reason if there is one, else the message. */
  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return JdbcZoneStore.reason(sql);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.valueOf(e.getMessage());
  }

  /**
   * A database as the operator named it, for the JDBC driver: the URL without user and password,
   * which go apart, and how messages show it.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/database?parameters}
   * @param shown {@code postgresql://user@host:port/database}
   */
  record Target(String jdbcUrl, @Nullable String user, @Nullable String password, String shown) {

    private static final String FORMS =
        "postgresql://user:password@host:5432/database (or postgres://, jdbc:postgresql://)";

    static Target parse(String url) {
      String spec = url.trim();
      String lower = spec.toLowerCase(Locale.ROOT);
      String rest = null;
      for (String scheme : List.of("postgresql://", "postgres://", "jdbc:postgresql://")) {
        if (lower.startsWith(scheme)) {
          rest = spec.substring(scheme.length());
          break;
        }
      }
      if (rest == null) {
        throw bad(url, "it does not start with postgresql://, postgres:// or jdbc:postgresql://");
      }
      String query = "";
      int q = rest.indexOf('?');
      if (q >= 0) {
        query = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
      String user = null;
      String password = null;
      int at = rest.lastIndexOf('@');
      if (at >= 0) {
        String info = rest.substring(0, at);
        rest = rest.substring(at + 1);
        int colon = info.indexOf(':');
        user = decode(colon >= 0 ? info.substring(0, colon) : info, url);
        password = colon >= 0 ? decode(info.substring(colon + 1), url) : null;
      }
      int slash = rest.indexOf('/');
      String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
      String database = slash >= 0 ? rest.substring(slash + 1) : "";
      if (hosts.isEmpty()) {
        throw bad(url, "it names no host");
      }
      if (database.isEmpty() || database.contains("/")) {
        throw bad(url, "it names no database after the host");
      }
      if (!hosts.contains(",") && !hosts.matches(".*:\\d+") && !hosts.matches("\\[.*]:\\d+")) {
        hosts += ":5432";
      }
      List<String> parameters = new ArrayList<>();
      for (String p : query.split("&")) {
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String key = eq >= 0 ? p.substring(0, eq) : p;
        String value = eq >= 0 ? p.substring(eq + 1) : "";
        switch (key) {
          case "user" -> user = decode(value, url);
          case "password" -> password = decode(value, url);
          // libpq's names for what the JDBC driver calls otherwise
          case "connect_timeout" -> parameters.add("connectTimeout=" + value);
          case "application_name" -> parameters.add("ApplicationName=" + value);
          default -> parameters.add(p);
        }
      }
      String jdbc = "jdbc:postgresql://" + hosts + "/" + database;
      if (!parameters.isEmpty()) {
        jdbc += "?" + String.join("&", parameters);
      }
      String shown =
          "postgresql://"
              + (user == null || user.isEmpty() ? "" : user + "@")
              + hosts
              + "/"
              + decode(database, url);
      return new Target(jdbc, user, password, shown);
    }

    private static StoreException bad(String url, String why) {
      return new StoreException(
          "cannot open the store " + redact(url) + ": " + why + "; write " + FORMS);
    }

    /** Percent-decoding as in URIs (a '+' stays a '+'). */
    private static String decode(String s, String url) {
      if (s.indexOf('%') < 0) {
        return s;
      }
      StringBuilder out = new StringBuilder();
      ByteArrayOutputStream pending = new ByteArrayOutputStream(); // %XX bytes, UTF-8
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (ch == '%') {
          int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
          int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
          if (hi < 0 || lo < 0) {
            throw bad(url, "a % is not followed by two hexadecimal digits");
          }
          pending.write(hi * 16 + lo);
          i += 2;
        } else {
          out.append(pending.toString(StandardCharsets.UTF_8)).append(ch);
          pending.reset();
        }
      }
      return out.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }
  }

  /**
   * {@code spec} with any password in it masked: what follows the first colon of the user
   * information (before the last {@code @}), and the {@code password} and {@code sslpassword}
   * parameters. For messages about a spec that may not even parse.
   */
  static String redact(String spec) {
    String out = spec;
    int query = spec.indexOf('?');
    int at = spec.lastIndexOf('@', query < 0 ? spec.length() - 1 : query - 1);
    if (at >= 0) {
      int slashes = spec.indexOf("://");
      int colon = spec.indexOf(':', slashes >= 0 && slashes < at ? slashes + 3 : 0);
      if (colon >= 0 && colon < at) {
        out = spec.substring(0, colon + 1) + "***" + spec.substring(at);
      }
    }
    return out.replaceAll("(?i)([?&](ssl)?password=)[^&]*", "$1***");
  }
}
