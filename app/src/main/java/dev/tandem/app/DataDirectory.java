package dev.tandem.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tandem's data directory: the lock that keeps two servers from sharing it, {@code api.json} (where
 * the CLI finds the API), the embedded store and the sample zone. Created if missing.
 */
final class DataDirectory implements AutoCloseable {
  static final Path DEFAULT = Path.of("tandem-data");

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates (if needed) and locks the directory.
   *
   * @throws StartException if it cannot be created or another server holds it
   */
  static DataDirectory open(Path dir) throws StartException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StartException("cannot create the data directory " + dir + ": " + e.getMessage());
    }
    Path lockFile = dir.resolve("tandem.lock");
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.READ);
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

  /** The API's address and this run's local key, as the CLI reads them. */
  record ApiAccess(String url, String key) {}

  void writeApiAccess(String url, String key) throws StartException {
    Path file = apiAccessFile(dir);
    Path tmp = dir.resolve("api.json.tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
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
