package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * What one test starts in its directory, stopped together: Tandem nodes (each with its data
 * directory and the test's TSIG key file) and peer servers (with their logs).
 */
final class TestNodes implements AutoCloseable {
  private final Path dir;
  private final Path keys;
  private final List<TandemProcess> tandems = new ArrayList<>();
  private final List<Process> peers = new ArrayList<>();

  /** Nodes in {@code dir}, their TSIG keys the lines {@code NAME=ALGORITHM:SECRET} given. */
  TestNodes(Path dir, String... keyLines) throws IOException {
    this.dir = dir;
    this.keys = dir.resolve("keys");
    Files.writeString(keys, String.join("\n", keyLines) + "\n");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * {@code tandem serve} with its own data directory and the keys, and {@code args}; on a free
   * loopback port unless they give {@code --dns}.
   */
  TandemProcess tandem(String name, String... args) throws IOException, InterruptedException {
    List<String> all =
        new ArrayList<>(
            List.of("--data", dir.resolve(name).toString(), "--tsig-file", keys.toString()));
    if (!List.of(args).contains("--dns")) {
      all.addAll(List.of("--dns", "127.0.0.1:0"));
    }
    all.addAll(List.of(args));
    TandemProcess t = TandemProcess.serve(dir.resolve(name + "-work"), all.toArray(String[]::new));
    tandems.add(t);
    return t;
  }

  /** Starts a peer server, its output appended to {@code log}. */
  Process launch(Path log, String... cmd) throws IOException {
    Process p = Primary.launch(List.of(cmd), log);
    peers.add(p);
    return p;
  }

  /**
   * Starts named (BIND 9) with the named.conf in {@code dir}, listening on {@code port}, and waits
   * until it serves {@code zone}; returns its log.
   */
  Path named(Path dir, int port, String zone) throws IOException, InterruptedException {
    Path log = dir.resolve("named.log");
    Process named =
        launch(
            log,
            Peers.binary("named", "bind9").toString(),
            "-g",
            "-c",
            dir.resolve("named.conf").toString());
    Primary.awaitSoa(named, port, zone, log, "named");
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    for (TandemProcess t : tandems) {
      t.close();
    }
    for (Process p : peers) {
      Primary.terminate(p);
    }
  }
}
