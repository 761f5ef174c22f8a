package dev.tandem.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's data directory: the lock that keeps two servers from sharing it, {@code api.json} (where
 * the CLI finds the API), the embedded store and the sample zone. Created if missing.
 *
 * <p>It holds secrets in the clear (TSIG keys in the store, this run's admin API key in {@code
 * api.json}), so it is its owner's alone: the directory 0700, its files 0600, as BIND and Knot keep
 * their key files. New ones are created so (the store creates its file 0600 and SQLite gives its
 * {@code -wal} and {@code -shm} the same mode). At start, files left 0644 and a directory left 0755
 * by an earlier version are tightened, with a warning naming them: Tandem's own files only, and the
 * directory only if it holds nothing else (a {@code --data} that names the operator's directory by
 * mistake gets a warning, not a chmod). A directory every user may write to ({@code /tmp}, say) is
 * refused: anyone could put their own store or {@code api.json} there.
 */
final class DataDirectory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

  static final Path DEFAULT = Path.of("tandem-data");

  /** Where the sample zone goes, beneath the directory. */
  static final Path SAMPLE_ZONE = Path.of("zones", "example.test.zone");

  /** The entries Tandem makes here: tightened at start if an earlier version left them open. */
  private static final List<Path> OWN =
      List.of(
          Path.of("tandem.lock"),
          Path.of("api.json"),
          Path.of("api.json.tmp"),
          Path.of("tandem.db"),
          Path.of("tandem.db-wal"),
          Path.of("tandem.db-shm"),
          Path.of("tandem.db-journal"),
          Path.of("zones"),
          SAMPLE_ZONE,
          Path.of(DataDirectory.WEBHOOK_SECRET));

  /** The alert webhook's HMAC secret when none is given: made once, kept here. */
  static final String WEBHOOK_SECRET = "alert-webhook.secret";

  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates (if needed), tightens and locks the directory.
   *
   * @throws StartException if it cannot be created, every user may write to it, or another server
   *     holds it
   */
  static DataDirectory open(Path dir) throws StartException {
    create(dir);
    Path lockFile = dir.resolve("tandem.lock");
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              lockFile,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
              ownerOnly(dir, "rw-------"));
    } catch (IOException e) {
      throw new StartException("cannot write in the data directory " + dir + ": " + e.getMessage());
    }
    try {
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        throw new StartException(
            "the data directory "
                + dir
                + " is in use by another running tandem "
                + "(give this one its own with --data DIR)");
      }
      return new DataDirectory(dir, ch, l);
    } catch (IOException | OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new StartException("cannot lock the data directory " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Makes the directory if it is missing (0700; its parents as the umask says), and takes group and
   * other users' permissions from Tandem's files in it, and from it if it holds nothing else,
   * saying so.
   *
   * @throws StartException if it cannot be made, or every user may write to it
   */
  static void create(Path dir) throws StartException {
    try {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir, ownerOnly(parent, "rwx------"));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new StartException("the data directory " + dir + " is not a directory");
      }
    } catch (IOException e) {
      throw new StartException("cannot create the data directory " + dir + ": " + e.getMessage());
    }
    if (!posix(dir)) {
      return;
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
      if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new StartException(
            "the data directory "
                + dir
                + " is writable by every user (mode "
                + PosixFilePermissions.toString(mode)
                + "), who could replace its files: give tandem a directory of its own with --data"
                + " DIR");
      }
    } catch (IOException e) {
      throw new StartException("cannot read the mode of " + dir + ": " + e.getMessage());
    }
    tightenAll(dir);
  }

  /**
   * Takes group and other users' permissions from Tandem's files in the directory, and from the
   * directory itself if it holds nothing else: {@code --data} naming a directory of the operator's
   * by mistake ({@code /etc}, a home directory) must not change its mode.
   */
  private static void tightenAll(Path dir) {
    List<String> tightened = new ArrayList<>();
    for (Path own : OWN) {
      Path p = dir.resolve(own);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p)) {
        if (tighten(p)) {
          tightened.add(own.toString());
        }
      }
    }
    boolean onlyOurs;
    try (var entries = Files.list(dir)) {
      onlyOurs = entries.allMatch(e -> OWN.contains(dir.relativize(e)));
    } catch (IOException e) {
      onlyOurs = false;
    }
    if (onlyOurs) {
      if (tighten(dir)) {
        tightened.add(0, dir.toString());
      }
    } else if (!Collections.disjoint(mode(dir), GROUP_AND_OTHERS)) {
      log.warn(
          "data directory {} is open to other users (mode {}) and holds files Tandem did not make:"
              + " chmod 700 it, or give tandem a directory of its own",
          dir,
          PosixFilePermissions.toString(mode(dir)));
    }
    if (!tightened.isEmpty()) {
      log.warn(
          "data directory {}: other users could read it (it holds TSIG secrets and API keys);"
              + " made readable by the owner alone: {}",
          dir,
          String.join(", ", tightened));
    }
  }

  /** Takes group and other users' permissions from {@code p}; whether there were any. */
  private static boolean tighten(Path p) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      if (mode.removeAll(GROUP_AND_OTHERS)) {
        Files.setPosixFilePermissions(p, mode);
        return true;
      }
    } catch (IOException e) {
      log.warn("cannot make {} readable by its owner alone: {}", p, e.toString());
    }
    return false;
  }

  private static Set<PosixFilePermission> mode(Path p) {
    try {
      return Files.getPosixFilePermissions(p);
    } catch (IOException e) {
      return Set.of();
    }
  }

  /**
   * Writes {@code text} as the sample zone under {@code dir} unless it is there already.
   *
   * @return the zone file
   * @throws StartException if it cannot be written
   */
  static Path sampleZone(Path dir, String text) throws StartException {
    create(dir);
    Path file = dir.resolve(SAMPLE_ZONE);
    if (Files.exists(file)) {
      return file;
    }
    try {
      Path zones = file.getParent();
      if (zones != null && !Files.isDirectory(zones)) {
        Files.createDirectory(zones, ownerOnly(dir, "rwx------"));
      }
      Files.createFile(file, ownerOnly(dir, "rw-------"));
      Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StartException("cannot write the sample zone " + file + ": " + e.getMessage());
    }
    return file;
  }

  /** {@code mode} as the attribute to create a file with, where the file system has modes. */
  private static FileAttribute<?>[] ownerOnly(
      @org.jspecify.annotations.Nullable Path in, String mode) {
    return in != null && posix(in)
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    try {
      return Files.getFileStore(p).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false;
    }
  }

  Path path() {
    return dir;
  }

  /**
   * Where the local CLI finds the running server's API and a key for this run: {@code api.json},
   * readable by the owner alone (it holds an admin key, as the control socket of knotd is reachable
   * only by those who may open it).
   */
  static Path apiAccessFile(Path dir) {
    return dir.resolve("api.json");
  }

  /**
   * The alert webhook's HMAC secret kept here ({@value #WEBHOOK_SECRET}, owner-only): made (32
   * random bytes, base64) the first time, so that a receiver configured with it keeps working
   * across restarts.
   */
  byte[] webhookSecret() throws StartException {
    Path file = dir.resolve(WEBHOOK_SECRET);
    try {
      if (!Files.exists(file)) {
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        Files.createFile(file, ownerOnly(dir, "rw-------"));
        Files.writeString(file, java.util.Base64.getEncoder().encodeToString(raw) + "\n");
      }
      return Files.readString(file).strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StartException("cannot keep the webhook secret in " + file + ": " + e.getMessage());
    }
  }

  /** The API's address and this run's local key, as the CLI reads them. */
  record ApiAccess(String url, String key) {}

  void writeApiAccess(String url, String key) throws StartException {
    Path file = apiAccessFile(dir);
    Path tmp = dir.resolve("api.json.tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, ownerOnly(dir, "rw-------"));
      String json =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(java.util.Map.of("url", url, "key", key));
      Files.writeString(tmp, json + "\n");
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new StartException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Reads what a running server wrote with {@link #writeApiAccess}.
   *
   * @throws IOException if there is none (no server has run with this data directory) or it cannot
   *     be read
   */
  static ApiAccess readApiAccess(Path dir) throws IOException {
    Path file = apiAccessFile(dir);
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    String url = node.path("url").asText("");
    String key = node.path("key").asText("");
    if (url.isEmpty() || key.isEmpty()) {
      throw new IOException(file + " does not say where the API is");
    }
    return new ApiAccess(url, key);
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(apiAccessFile(dir));
    } catch (IOException e) {
      // a stale file names a port nothing answers on; the CLI says so
    }
    try {
      lock.release();
    } catch (IOException e) {
      // closing anyway
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
