package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A validating resolver (Debian's unbound) on a loopback high port, in the foreground, that sends
 * every query for one zone to one authoritative server on 127.0.0.1 (a stub zone) and validates the
 * answers from that zone's trust anchor. Nothing else is resolved: no root hints are used, and
 * unbound's built-in refusal of the "test." names (RFC 6761) is turned off.
 *
 * <p>To keep each answer a fresh look at the authoritative server: no aggressive use of cached
 * NSEC/NSEC3 (RFC 8198), no QNAME minimisation, no prefetch; {@link #flush} empties the caches
 * through unbound-control (on a Unix socket in the directory, no certificates).
 */
final class UnboundProcess implements AutoCloseable {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path conf;
  private final Path log;
  private final int port;
  private final Name zone;

  private UnboundProcess(Process process, Path conf, Path log, int port, Name zone) {
    this.process = process;
    this.conf = conf;
    this.log = log;
    this.port = port;
    this.zone = zone;
  }

  /**
   * Starts unbound in {@code dir} resolving {@code zone} through the server at 127.0.0.1:{@code
   * authPort}, with {@code trustAnchors} as its trust anchors: whole "trust-anchor:" configuration
   * lines such as {@code trust-anchor: "signed.test. DS 2344 13 2 0585..."}. Returns once it
   * answers (a query for "localhost.", which it answers itself).
   */
  static UnboundProcess start(Path dir, Name zone, int authPort, List<String> trustAnchors)
      throws IOException, InterruptedException {
    Path unbound = Peers.binary("unbound", "unbound");
    dir = dir.toAbsolutePath();
    Files.createDirectories(dir);
    Path socket = dir.resolve("unbound.ctl");
    if (socket.toString().length() > 100) {
      throw new IllegalStateException("the control socket path is too long: " + socket);
    }
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("no trust anchor for " + zone);
    }
    int port = Peers.freePort();
    Path log = dir.resolve("unbound.log");
    StringBuilder anchors = new StringBuilder();
    for (String a : trustAnchors) {
      if (!a.startsWith("trust-anchor:")) {
        throw new IllegalArgumentException("not a trust-anchor: line: " + a);
      }
      anchors.append("    ").append(a).append('\n');
    }
    String text =
        """
        server:
            interface: 127.0.0.1
            port: %2$d
            interface-automatic: no
            do-ip6: no
            do-daemonize: no
            username: ""
            chroot: ""
            directory: "%1$s"
            pidfile: "%1$s/unbound.pid"
            use-syslog: no
            logfile: "%3$s"
            log-time-ascii: yes
            verbosity: 1
            log-servfail: yes
            val-log-level: 2
            ede: yes
            num-threads: 1
            # the authoritative server under test is on 127.0.0.1
            do-not-query-localhost: no
            module-config: "validator iterator"
            # unbound refuses the RFC 6761 "test." names by default
            local-zone: "test." nodefault
            qname-minimisation: no
            aggressive-nsec: no
            prefetch: no
            prefetch-key: no
            serve-expired: no
            trust-anchor-signaling: no
            root-key-sentinel: no
            harden-referral-path: no
            target-fetch-policy: "0 0 0 0 0"
            msg-cache-size: 1m
            rrset-cache-size: 1m
            key-cache-size: 1m
            neg-cache-size: 1m
            val-bogus-ttl: 1
            infra-host-ttl: 5
        %4$s
        remote-control:
            control-enable: yes
            control-interface: "%5$s"
            control-use-cert: no
        stub-zone:
            name: "%6$s"
            stub-addr: 127.0.0.1@%7$d
            stub-prime: no
        """
            .formatted(dir, port, log, anchors.toString().stripTrailing(), socket, zone, authPort);
    Path conf = dir.resolve("unbound.conf");
    Files.writeString(conf, text);
    Process p =
        new ProcessBuilder(unbound.toString(), "-d", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("unbound.out").toFile())
            .start();
    UnboundProcess u = new UnboundProcess(p, conf, log, port, zone);
    try {
      u.awaitReady(dir.resolve("unbound.out"));
    } catch (IOException | RuntimeException | InterruptedException e) {
      u.close();
      throw e;
    }
    return u;
  }

  private void awaitReady(Path out) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Message q =
        Message.newQuery(
            Record.newRecord(Name.fromConstantString("localhost."), Type.A, DClass.IN));
    try (DnsClient c = new DnsClient(port)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "unbound exited with "
                  + process.exitValue()
                  + ":\n"
                  + Primary.readLog(out)
                  + Primary.readLog(log));
        }
        byte[] r = c.udp(q.toWire());
        if (r != null) {
          Message m = new Message(r);
          if (m.getRcode() == Rcode.NOERROR
              && m.getSection(Section.ANSWER).stream().anyMatch(ARecord.class::isInstance)) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "unbound did not answer within 30 s:\n" + Primary.readLog(out) + Primary.readLog(log));
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /**
   * Asks unbound for {@code name}/{@code type} over TCP with RD=1 and DO=1 (so that it sets AD on
   * answers it validated as secure and returns the DNSSEC records), waiting up to 20 s.
   */
  Message query(Name name, int type) throws IOException {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(port);
    r.setTCP(true);
    r.setTimeout(QUERY_TIMEOUT);
    r.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return r.send(q);
  }

  /**
   * Empties unbound's caches for the zone (messages, RRsets, keys, bogus and negative entries) and
   * what it knows of servers, so the next queries go to the authoritative server again.
   */
  void flush() throws IOException, InterruptedException {
    control("flush_zone", zone.toString());
    control("flush_bogus");
    control("flush_negative");
    control("flush_infra", "all");
    control("flush_requestlist");
  }

  private String control(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("unbound-control", "unbound").toString());
    cmd.add("-c");
    cmd.add(conf.toString());
    cmd.addAll(List.of(args));
    return Primary.run(cmd, "");
  }

  /** The lines of unbound's log that mention {@code name} (validation failures and SERVFAILs). */
  List<String> logLinesAbout(Name name) throws IOException {
    String needle = name.toString().toLowerCase(Locale.ROOT);
    return Primary.logLines(log).stream()
        .filter(l -> l.toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    Primary.terminate(process);
  }
}
