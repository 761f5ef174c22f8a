package dev.tandem.it;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A peer server as the PRIMARY a secondary (Tandem) transfers one zone from: on 127.0.0.1 at a high
 * port, AXFR and IXFR allowed only with one TSIG key (hmac-sha256), NOTIFY signed with that key and
 * sent to the secondary at 127.0.0.1:notifyPort on every change. Everything it writes is in its own
 * directory; docs/interop.md says how each peer is configured and what it does.
 */
interface Primary extends AutoCloseable {
  /** The peers, by {@link #name()}. */
  List<String> NAMES = List.of("named", "knotd", "nsd", "pdns");

  /** The TTL {@link #change(String, String, String)} gives the record. */
  int DEFAULT_TTL = 300;

  /**
   * Starts the peer called {@code name} (one of {@link #NAMES}) in {@code dir} as primary for
   * {@code origin} with the zone file text {@code zoneText}, and waits until it serves the zone.
   */
  static Primary start(
      String name,
      Path dir,
      String origin,
      String zoneText,
      String keyName,
      String secretBase64,
      int notifyPort)
      throws IOException, InterruptedException {
    return switch (name) {
      case "named" -> NamedProcess.start(dir, origin, zoneText, keyName, secretBase64, notifyPort);
      case "knotd" ->
          KnotProcess.startPrimary(dir, origin, zoneText, keyName, secretBase64, notifyPort);
      case "nsd" -> NsdProcess.start(dir, origin, zoneText, keyName, secretBase64, notifyPort);
      case "pdns" -> PdnsProcess.start(dir, origin, zoneText, keyName, secretBase64, notifyPort);
      default -> throw new IllegalArgumentException("no such peer: " + name + " (" + NAMES + ")");
    };
  }

  /** The port it serves DNS on, UDP and TCP, on 127.0.0.1. */
  int port();

  /** Which peer: "named", "knotd", "nsd" or "pdns". */
  String name();

  /** The zone's origin, without the final dot. */
  String origin();

  /**
   * Replaces the RRset at {@code owner} (relative to the origin, "@", or absolute with a final dot)
   * of {@code type} with one record of {@code rdata} (master file syntax), raising the SOA serial,
   * and returns once the peer serves the new serial. The peer sends NOTIFY for it on its own.
   */
  void change(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException;

  /** {@link #change(String, int, String, String)} with {@link #DEFAULT_TTL}. */
  default void change(String owner, String type, String rdata)
      throws IOException, InterruptedException {
    change(owner, DEFAULT_TTL, type, rdata);
  }

  /** The SOA serial the peer serves now (a UDP query). */
  default long serial() throws IOException {
    return soaSerial(port(), origin());
  }

  /** Stops the peer (SIGTERM, then SIGKILL after 10 s); its files stay for {@link #restart()}. */
  void stop() throws InterruptedException;

  /** Starts the peer again on the same port with the same files, after {@link #stop()} or not. */
  void restart() throws IOException, InterruptedException;

  /** Whether the peer is running. */
  boolean isAlive();

  /** The peer's log (stdout and stderr, across restarts). */
  Path log();

  /**
   * Best effort, from the log: whether the peer answered an IXFR request incrementally (not with
   * the whole zone). Always false for pdns, which never does; approximate for nsd, whose log line
   * is the same either way (docs/interop.md).
   */
  boolean servedIxfr() throws IOException;

  /** From the log: whether an IXFR request reached the peer, however it answered it. */
  boolean ixfrRequested() throws IOException;

  /** Stops the peer. */
  @Override
  void close() throws InterruptedException;

  // Shared plumbing for the implementations.

  /**
   * {@code owner} as an absolute name with the final dot ("@" and relative names are in origin).
   */
  static String absolute(String owner, String origin) {
    String o = origin.endsWith(".") ? origin : origin + ".";
    if (owner.equals("@")) {
      return o;
    }
    return owner.endsWith(".") ? owner : owner + "." + o;
  }

  /** {@code origin} without the final dot. */
  static String bare(String origin) {
    return origin.endsWith(".") && origin.length() > 1
        ? origin.substring(0, origin.length() - 1)
        : origin;
  }

  /** The serial of the SOA served for {@code origin} at 127.0.0.1:{@code port}, over UDP. */
  static long soaSerial(int port, String origin) throws IOException {
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromString(absolute("@", origin)), Type.SOA, DClass.IN));
    try (DnsClient c = new DnsClient(port)) {
      Message r = c.udp(q);
      for (Record rr : r.getSection(Section.ANSWER)) {
        if (rr instanceof SOARecord soa) {
          return soa.getSerial();
        }
      }
      throw new IOException(
          "no SOA for "
              + origin
              + " from 127.0.0.1:"
              + port
              + " ("
              + Rcode.string(r.getRcode())
              + ")");
    }
  }

  /**
   * Waits up to 30 s until {@code process} answers SOA for {@code origin} with NOERROR, failing
   * with the log if it exits first or never does.
   */
  static void awaitSoa(Process process, int port, String origin, Path log, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromString(absolute("@", origin)), Type.SOA, DClass.IN));
    // first until it accepts TCP (cheap to poll), so the UDP query is not lost before it binds
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        break;
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    try (DnsClient c = new DnsClient(port)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              what + " exited with " + process.exitValue() + ":\n" + readLog(log));
        }
        byte[] r = c.udp(q.toWire());
        if (r != null) {
          Message m = new Message(r);
          if (m.getRcode() == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty()) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(what + " did not serve " + origin + ":\n" + readLog(log));
  }

  /**
   * Waits up to 30 s until the serial served at {@code port} differs from {@code before} (serials
   * wrap, so "differs" rather than "is greater"), returning it.
   */
  static long awaitNewSerial(int port, String origin, long before, Path log, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        long now = soaSerial(port, origin);
        if (now != before) {
          return now;
        }
      } catch (IOException e) {
        // busy reloading (nsd forks a new server process): ask again
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        what + " still serves serial " + before + " after a change:\n" + readLog(log));
  }

  /** Starts {@code cmd} with its output appended to {@code log}. */
  static Process launch(List<String> cmd, Path log) throws IOException {
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Runs a helper command to completion (60 s at most) with {@code input} on its stdin, returning
   * its output, and failing with that output if it exits non-zero.
   */
  static String run(List<String> cmd, String input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + text);
    }
    return text;
  }

  /** Stops {@code process}: SIGTERM, then SIGKILL if it has not exited after 10 s. */
  static void terminate(@Nullable Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The log's text, or a note that there is none. */
  static String readLog(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
  }

  /** The log's lines (none if there is no log yet). */
  static List<String> logLines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
  }

  /** Whether any line of the log contains all of {@code parts}. */
  static boolean logHasLine(Path log, String... parts) throws IOException {
    for (String line : logLines(log)) {
      boolean all = true;
      for (String part : parts) {
        if (!line.contains(part)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }
}
