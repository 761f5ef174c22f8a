package dev.tandem.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the outside world is: free loopback ports, Debian's server binaries, ../shared. */
final class Peers {
  private Peers() {}

  /**
   * Stops what a test class started, in the order given (the browser before the server it talks to,
   * the server before the peers it follows); those never started (null) are skipped.
   */
  static void closeAll(AutoCloseable... started) throws Exception {
    for (AutoCloseable c : started) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** A port free for both UDP and TCP on 127.0.0.1 (high, random, checked just now). */
  static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, lo)) {
          return port;
        } catch (IOException e) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no free loopback port for UDP and TCP");
  }

  /**
   * The path of a server binary from a Debian package, failing with the package to install when it
   * is missing (the interop tests never skip: CI installs the packages).
   */
  static Path binary(String name, String debianPackage) {
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        name + " is not installed: apt-get install " + debianPackage + " (.ci/run does)");
  }

  /** The shared directory beside the repository (conformance data, bench). */
  static Path shared() {
    String configured = System.getProperty("tandem.shared");
    Path p = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(
          "the shared directory is not at " + p.toAbsolutePath() + " (set -Dtandem.shared=DIR)");
    }
    return p.normalize();
  }
}
