package dev.tandem.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file (ADR 0006), usually {@code tandem.db} in the data directory.
 *
 * <p>The file is in WAL mode with {@code synchronous=FULL}: a commit returns after the log is
 * fsynced, so a write is durable when {@link ZoneStore}'s methods return, and a kill at any moment
 * leaves the last committed version. A commit of {@link ZoneStore.Durability#SOON} writes alone
 * runs at {@code synchronous=NORMAL}: the log is written but not fsynced, and a checkpoint within a
 * second (which fsyncs the log, then the database file) puts it on disk. SQLite's log is in commit
 * order and checksummed frame by frame, so after a power failure the file reads back at the last
 * commit whose frames all reached the disk: an earlier version, never a torn one. The schema is
 * created and upgraded by Flyway from {@code db/migration} on open. One process should own the file
 * (the data directory's lock sees to that); a second one would wait on SQLite's locks for {@link
 * #BUSY_TIMEOUT_MILLIS} and then fail. The store keeps one connection and runs one transaction at a
 * time.
 */
public final class SqliteZoneStore extends JdbcZoneStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteZoneStore.class);

  /**
   * How long a statement waits for another connection's lock before failing: long, because a write
   * waiting here delays only the control plane (answers never wait on the store), and a write that
   * fails is a change refused or a refresh retried later.
   */
  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private final SingleConnectionSource source;
  private final Path file;

  private SqliteZoneStore(SingleConnectionSource source, Clock clock, Path file) {
    super(source, clock, "the store " + file, true);
    this.source = source;
    this.file = file;
  }

  @Override
  public String describe() {
    return "SQLite file " + file;
  }

  @Override
  void closeSource() throws SQLException {
    source.close();
  }

  /**
   * Opens the store in {@code file}, creating it (but not its directory) if it does not exist and
   * bringing its schema up to date.
   *
   * @throws StoreException if the file cannot be opened, is not a store, or cannot be migrated
   */
  public static SqliteZoneStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, stamping journal entries with {@code clock}. */
  static SqliteZoneStore open(Path file, Clock clock) {
    Path path = file.toAbsolutePath();
    Path dir = path.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new StoreException("cannot open the store " + path + ": no directory " + dir);
    }
    if (Files.isDirectory(path)) {
      throw new StoreException("cannot open the store " + path + ": it is a directory");
    }
    boolean created = createOwnerOnly(path);
    long started = System.nanoTime();
    SQLiteDataSource source = dataSource(path);
    Connection connection;
    try {
      connection = source.getConnection();
    } catch (SQLException e) {
      throw new StoreException("cannot open the store " + path + ": " + e.getMessage(), e);
    }
    try {
      checkSettings(connection, path);
      long connected = System.nanoTime();
      if (!atSchemaVersion(connection)) {
        migrate(source, path);
      }
      if (!created) {
        tighten(path); // only now: a file that turned out not to be a store is left as it was
      }
      log.debug(
          "store {}: connected in {} ms, schema checked in {} ms",
          path,
          (connected - started) / 1_000_000,
          (System.nanoTime() - connected) / 1_000_000);
      return new SqliteZoneStore(new SingleConnectionSource(connection), clock, path);
    } catch (SQLException | FlywayException | StoreException e) {
      try {
        connection.close();
      } catch (SQLException c) {
        e.addSuppressed(c);
      }
      if (e instanceof StoreException s) {
        throw s;
      }
      throw new StoreException("cannot open the store " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the file readable by its owner alone if it is missing, before SQLite opens it: it holds
   * TSIG secrets in the clear, and SQLite would create it 0644. SQLite gives the {@code -wal},
   * {@code -shm} and {@code -journal} it creates the database's mode (os_unix.c,
   * findCreateFileMode), so they are 0600 too.
   *
   * @return whether the file was created
   */
  private static boolean createOwnerOnly(Path path) {
    if (!posix(path)) {
      return false;
    }
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new StoreException("cannot create the store " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes other users' permissions from a store and its companions that earlier versions left 0644,
   * saying so.
   */
  private static void tighten(Path path) {
    if (!posix(path)) {
      return;
    }
    List<String> tightened = new ArrayList<>();
    List<Path> files = new ArrayList<>(List.of(path));
    COMPANIONS.forEach(c -> files.add(path.resolveSibling(path.getFileName() + c)));
    for (Path f : files) {
      try {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
          if (mode.retainAll(OWNER_ONLY)) {
            Files.setPosixFilePermissions(f, mode);
            tightened.add(f.getFileName().toString());
          }
        }
      } catch (IOException e) {
        log.warn("store {}: cannot make {} readable by its owner alone: {}", path, f, e.toString());
      }
    }
    if (!tightened.isEmpty()) {
      log.warn(
          "store {}: other users could read it (it holds TSIG secrets); made readable by the owner"
              + " alone: {}",
          path,
          String.join(", ", tightened));
    }
  }

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** SQLite's files beside the database: the write-ahead log, its index, a rollback journal. */
  private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

  private static boolean posix(Path path) {
    Path dir = path.getParent();
    try {
      return dir != null && Files.getFileStore(dir).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false; // SQLite will say what is wrong with the directory
    }
  }

  /**
   * Takes the file's write lock before the transaction reads anything, waiting for another
   * connection that holds it ({@link #BUSY_TIMEOUT_MILLIS}). In WAL mode SQLite does not wait to
   * upgrade a transaction that has read to one that writes: it would fail at once with SQLITE_BUSY.
   * A statement that may write takes the lock when it starts, whether or not it changes a row.
   */
  @Override
  void beginWriting(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE zone SET serial = serial WHERE 0 = 1")) {
      s.executeUpdate();
    }
  }

  /** Whether the connection's commits fsync the log (synchronous=FULL) or not (NORMAL). */
  private boolean commitsSync = true;

  /**
   * Sets the level when it changes, between transactions: SQLite refuses to inside one, and the
   * driver keeps one open (empty) while auto-commit is off, so it is turned on for the moment.
   */
  @Override
  void commitDurably(Connection c, boolean durable) throws SQLException {
    if (durable != commitsSync) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
      }
      c.setAutoCommit(false);
      commitsSync = durable;
    }
  }

  /**
   * A passive checkpoint: SQLite fsyncs the log, copies it into the database file and fsyncs that.
   * Outside a transaction (SQLite refuses a checkpoint inside one); the next transaction turns
   * auto-commit off again.
   */
  @Override
  void syncToDisk(Connection c) throws SQLException {
    c.setAutoCommit(true);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && rs.getInt(1) != 0) {
        throw new SQLException("the checkpoint was blocked (another connection to the file?)");
      }
    }
  }

  /** Every connection to the file, ours and Flyway's, gets the same settings. */
  private static SQLiteDataSource dataSource(Path path) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    // No statement of ours asks for generated keys: without this the driver runs one more query,
    // compiled each time, after every INSERT (3.5% of a catalog's 100,000 members' load).
    config.setGetGeneratedKeys(false);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + path);
    return source;
  }

  /**
   * Checks that SQLite took the settings durability rests on. It falls back from WAL silently on
   * file systems without shared memory (some network file systems): there we would rather not run.
   */
  private static void checkSettings(Connection c, Path path) throws SQLException {
    String mode = pragma(c, "journal_mode");
    if (!mode.equalsIgnoreCase("wal")) {
      throw new StoreException(
          "cannot open the store "
              + path
              + ": SQLite would not use its write-ahead log there (journal_mode is "
              + mode
              + "); put the data directory on a local file system");
    }
    String sync = pragma(c, "synchronous");
    if (!sync.equals("2") && !sync.equals("3")) { // FULL or EXTRA
      throw new StoreException(
          "cannot open the store " + path + ": synchronous is " + sync + ", not FULL");
    }
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      return rs.next() ? String.valueOf(rs.getString(1)) : "";
    }
  }

  /**
   * The version the migrations in {@code db/migration} end at ({@code MigrationsTest} holds them
   * equal): a new migration raises it.
   */
  static final int SCHEMA_VERSION = 4;

  /**
   * Whether the store's schema is at {@link #SCHEMA_VERSION} with every migration applied: then
   * Flyway has nothing to do, and is not asked (its configuration and its look through the
   * classpath cost 0.1 s of every start). Anything else, a new file, an older schema, a newer one
   * (an older Tandem on a newer store) or a failed migration, goes to Flyway, which acts or says
   * what is wrong.
   */
  static boolean atSchemaVersion(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT MAX(CAST(version AS INTEGER)), MIN(success), COUNT(*)"
                    + " FROM flyway_schema_history")) {
      return rs.next()
          && rs.getInt(1) == SCHEMA_VERSION
          && rs.getInt(2) == 1
          && rs.getInt(3) == SCHEMA_VERSION;
    } catch (SQLException e) {
      return false; // no history: a new store, or not one (Flyway says which)
    }
  }

  private static void migrate(SQLiteDataSource source, Path path) {
    MigrateResult result =
        Flyway.configure(SqliteZoneStore.class.getClassLoader())
            .dataSource(source)
            .locations("classpath:db/migration")
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      log.info(
          "store {}: schema migrated to version {} ({} migrations)",
          path,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    }
  }
}
