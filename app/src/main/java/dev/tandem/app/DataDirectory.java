package dev.tandem.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tandem's data directory: the lock that keeps two servers from sharing it, the control socket, and
 * (in later versions) the zone store. Created if missing.
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

  /** Where the control socket lives. */
  Path controlSocket() {
    return controlSocket(dir);
  }

  static Path controlSocket(Path dir) {
    return dir.resolve("control.sock");
  }

  @Override
  public void close() {
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
