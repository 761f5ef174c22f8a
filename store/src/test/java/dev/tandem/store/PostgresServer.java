package dev.tandem.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for tests: Debian's PostgreSQL ({@code apt-get install
 * postgresql}), its own cluster in a fresh temporary directory, listening on a free port on
 * 127.0.0.1 (its Unix socket in that directory too), fsync off. Never the system's cluster on port
 * 5432, never a service.
 *
 * <p>{@link #shared()} starts one per JVM, on first use, stopped when the JVM exits; {@link
 * #newDatabase()} gives each test (or class) a database of its own, so that tests do not see each
 * other's rows. PostgreSQL refuses to run as root: as root, the cluster belongs to user {@code
 * postgres} and its programs run through {@code runuser}.
 *
 * <p>If PostgreSQL is not installed, starting fails saying what to install, unless the system
 * property {@code tandem.postgres=skip} is set: then the tests that need it are skipped.
 */
public final class PostgresServer implements AutoCloseable {
  /** The system property that skips the PostgreSQL tests when set to {@code skip}. */
  public static final String SKIP_PROPERTY = "tandem.postgres";

  /** The superuser, who connects with {@link #password()} over TCP. */
  public static final String USER = "tandem";

  private static final String HOST = "127.0.0.1";

  private static @Nullable PostgresServer shared;
  private static @Nullable RuntimeException sharedFailure;

  private final Path bin;
  private final Path dir;
  private final boolean asPostgres;
  private final String password;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread stopAtExit;
  private boolean closed; // guarded by this

  /**
   * The server of this JVM, started on first use and stopped when the JVM exits.
   *
   * @throws org.opentest4j.TestAbortedException if {@code -Dtandem.postgres=skip} (the test is
   *     skipped)
   * @throws IllegalStateException if PostgreSQL is not installed or does not start (the test fails,
   *     saying why); every later call throws the same
   */
  public static synchronized PostgresServer shared() {
    abortIfSkipped();
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
    }
    return shared;
  }

  /** Starts a server of one's own; {@link #close()} stops it (or the JVM's exit, at the latest). */
  public static PostgresServer start() {
    abortIfSkipped();
    Path bin = binaries();
    boolean root = isRoot();
    Path dir;
    try {
      dir = Files.createTempDirectory("tandem-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return new PostgresServer(bin, dir, root);
    } catch (RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  private PostgresServer(Path bin, Path dir, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.asPostgres = asPostgres;
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    this.password = HexFormat.of().formatHex(secret);
    long started = System.nanoTime();
    try {
      Files.writeString(dir.resolve("pwfile"), password + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (asPostgres) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), "chown", false);
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data().toString(),
            "-U",
            USER,
            "--pwfile=" + dir.resolve("pwfile"),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync"),
        "initdb",
        true);
    // A free port can be taken between looking and listening: try a few.
    int listening = -1;
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3 && listening < 0; attempt++) {
      int candidate = freePort();
      try {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data().toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p "
                    + candidate
                    + " -k "
                    + dir
                    + " -c listen_addresses="
                    + HOST
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                    + " -c max_connections=200",
                "start"),
            "pg_ctl start",
            true);
        listening = candidate;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    if (listening < 0) {
      throw new IllegalStateException(
          "PostgreSQL did not start; its log says:\n" + tail(dir.resolve("server.log")), last);
    }
    this.port = listening;
    this.stopAtExit = new Thread(this::stop, "stop PostgreSQL in " + dir);
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    System.err.printf(
        "PostgresServer: %s on %s:%d, data in %s, started in %d ms%n",
        bin.resolve("postgres"), HOST, port, dir, (System.nanoTime() - started) / 1_000_000);
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return port;
  }

  public String password() {
    return password;
  }

  /** The URL of database {@code database}, as an operator writes it, password included. */
  public String url(String database) {
    return "postgresql://" + USER + ":" + password + "@" + HOST + ":" + port + "/" + database;
  }

  /** Creates a new empty database ({@code t_1}, {@code t_2}, ...) and returns its {@link #url}. */
  public String newDatabase() {
    String name = "t_" + databases.incrementAndGet();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + port + "/postgres", USER, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /**
   * Stops the server at once (no checkpoint: its data is thrown away) and deletes its directory.
   */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs, or ran, stop() itself
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "stop"),
          "pg_ctl stop",
          true);
    } catch (RuntimeException e) {
      System.err.println("PostgresServer: " + e.getMessage());
    }
    delete(dir);
  }

  private Path data() {
    return dir.resolve("data");
  }

  /**
   * Runs a program to its end, as user postgres if asked and we are root; fails with its output.
   */
  private void run(List<String> command, String what, boolean asPostgresIfRoot) {
    List<String> full = new ArrayList<>();
    if (asPostgresIfRoot && asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path out = dir.resolve(what.replace(' ', '-') + ".out");
    try {
      Process p =
          new ProcessBuilder(full)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not finish in 2 minutes: " + full);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            what + " failed (exit " + p.exitValue() + "): " + full + "\n" + tail(out));
      }
    } catch (IOException e) {
      throw new IllegalStateException(what + " could not run: " + full + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  private static void abortIfSkipped() {
    Assumptions.assumeFalse(
        "skip".equals(System.getProperty(SKIP_PROPERTY)),
        "PostgreSQL tests skipped (-D" + SKIP_PROPERTY + "=skip)");
  }

  /** Debian's PostgreSQL binaries ({@code /usr/lib/postgresql/VERSION/bin}), the newest. */
  private static Path binaries() {
    Path versions = Path.of("/usr/lib/postgresql");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(versions)) {
      try (Stream<Path> s = Files.list(versions)) {
        s.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
            .forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found.stream()
        .max(Comparator.comparingInt(PostgresServer::version))
        .map(v -> v.resolve("bin"))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb), and the"
                        + " PostgreSQL store's tests need it: apt-get install postgresql (or skip"
                        + " them with -D"
                        + SKIP_PROPERTY
                        + "=skip)"));
  }

  private static int version(Path versionDir) {
    try {
      return Integer.parseInt(String.valueOf(versionDir.getFileName()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return out.equals("0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("PostgresServer: could not delete " + dir + ": " + e);
    }
  }
}
