package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** knotd (Debian package knot) on a loopback high port, with zones from files. */
final class KnotProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;

  private KnotProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** A zone for knotd: origin and zone file. */
  record Zone(String origin, Path file) {}

  /**
   * Starts knotd serving {@code zones} on 127.0.0.1 (one UDP and one TCP worker, no journal, no
   * semantic checks so it serves what Tandem serves), and waits until each zone answers SOA.
   */
  static KnotProcess start(Path dir, List<Zone> zones) throws IOException, InterruptedException {
    Path knotd = Peers.binary("knotd", "knot");
    Files.createDirectories(dir);
    int port = Peers.freePort();
    StringBuilder conf = new StringBuilder();
    conf.append("server:\n")
        .append("    rundir: \"")
        .append(dir)
        .append("\"\n")
        .append("    listen: 127.0.0.1@")
        .append(port)
        .append('\n')
        .append("    udp-workers: 1\n    tcp-workers: 1\n    background-workers: 1\n")
        .append("database:\n    storage: \"")
        .append(dir)
        .append("\"\n")
        .append("template:\n  - id: default\n    storage: \"")
        .append(dir)
        .append("\"\n")
        .append("    journal-content: none\n    zonefile-sync: -1\n    semantic-checks: off\n")
        .append("log:\n  - target: stderr\n    any: info\n")
        .append("zone:\n");
    for (Zone z : zones) {
      conf.append("  - domain: ")
          .append(z.origin())
          .append('\n')
          .append("    file: \"")
          .append(z.file().toAbsolutePath())
          .append("\"\n");
    }
    Path confFile = dir.resolve("knot.conf");
    Files.writeString(confFile, conf);
    Process p =
        new ProcessBuilder(knotd.toString(), "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("knotd.log").toFile())
            .start();
    KnotProcess k = new KnotProcess(p, dir, port);
    try (DnsClient c = new DnsClient(port)) {
      for (Zone z : zones) {
        k.awaitSoa(c, Name.fromString(z.origin(), Name.root));
      }
    } catch (IOException | RuntimeException e) {
      k.close();
      throw e;
    }
    return k;
  }

  private void awaitSoa(DnsClient c, Name origin) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Message q = Message.newQuery(Record.newRecord(origin, Type.SOA, org.xbill.DNS.DClass.IN));
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "knotd exited: " + Files.readString(dir.resolve("knotd.log")));
      }
      byte[] r = c.udp(q.toWire());
      if (r != null) {
        Message m = new Message(r);
        if (m.getRcode() == Rcode.NOERROR && m.getSection(Section.ANSWER).size() > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "knotd did not serve " + origin + ": " + Files.readString(dir.resolve("knotd.log")));
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
