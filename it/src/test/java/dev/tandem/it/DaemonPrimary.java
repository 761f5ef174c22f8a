package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the primaries run as a daemon in the foreground share: where they live, their port and log,
 * and stopping and (re)starting the process until it serves the zone.
 */
abstract class DaemonPrimary implements Primary {
  protected final Path dir;
  protected final String origin;
  protected final int port;
  protected final Path log;
  private @Nullable Process process;

  DaemonPrimary(Path dir, String origin, int port, String logName) {
    this.dir = dir;
    this.origin = origin;
    this.port = port;
    this.log = dir.resolve(logName);
  }

  /** The command line that runs the daemon in the foreground. */
  abstract List<String> command() throws IOException;

  /** The daemon's program name, for messages. */
  abstract String program();

  @Override
  public int port() {
    return port;
  }

  @Override
  public String origin() {
    return origin;
  }

  @Override
  public void stop() throws InterruptedException {
    Primary.terminate(process);
  }

  @Override
  public void restart() throws IOException, InterruptedException {
    stop();
    Process p = Primary.launch(command(), log);
    process = p;
    try {
      Primary.awaitSoa(p, port, origin, log, program());
    } catch (IOException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  @Override
  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  @Override
  public Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
