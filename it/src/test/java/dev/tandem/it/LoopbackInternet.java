package dev.tandem.it;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A small internet on loopback, every server on port 53 of its own address in 127.N.0.0/16 (N
 * random per run, so that two runs on one host do not meet): a root (nsd, 127.N.0.1), the TLD
 * {@code test.} (knotd, 127.N.0.2), provider A (BIND, 127.N.1.1: named binds only an address an
 * interface carries, so it is added to {@code lo} for the run and removed after) and provider B's
 * second server (knotd, 127.N.2.2, a secondary of Tandem at 127.N.2.1). Root hints name the root;
 * nothing in it points outside 127.0.0.0/8.
 */
final class LoopbackInternet implements AutoCloseable {
  final int n = ThreadLocalRandom.current().nextInt(100, 200);
  final String root = "127." + n + ".0.1";
  final String tld = "127." + n + ".0.2";
  final String a1 = "127." + n + ".1.1";
  final String b1 = "127." + n + ".2.1";
  final String b2 = "127." + n + ".2.2";

  final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private @Nullable Process knot;
  private @Nullable Process named;
  private boolean addressAdded;

  LoopbackInternet(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath();
    Files.createDirectories(this.dir);
  }

  /** The root hints file naming the root server. */
  Path rootHints() throws IOException {
    Path f = dir.resolve("named.root");
    Files.writeString(
        f,
        """
        ; the root of this test internet
        .                    3600000  NS  a.root-servers.net.
        a.root-servers.net.  3600000  A   %s
        """
            .formatted(root));
    return f;
  }

  // ---- the root and the TLD ----

  void startRoot() throws IOException, InterruptedException {
    Path d = Files.createDirectories(dir.resolve("root"));
    Files.writeString(
        d.resolve("root.zone"),
        """
        . 86400 IN SOA a.root-servers.net. hostmaster.root-servers.net. 1 1800 900 604800 86400
        . 518400 IN NS a.root-servers.net.
        a.root-servers.net. 518400 IN A %s
        test. 172800 IN NS ns.tld.test.
        ns.tld.test. 172800 IN A %s
        """
            .formatted(root, tld));
    Files.writeString(
        d.resolve("nsd.conf"),
        """
        server:
            ip-address: %2$s
            port: 53
            do-ip6: no
            server-count: 1
            username: ""
            chroot: ""
            zonesdir: "%1$s"
            database: ""
            zonelistfile: "%1$s/zone.list"
            xfrdfile: "%1$s/xfrd.state"
            xfrdir: "%1$s"
            pidfile: "%1$s/nsd.pid"
        remote-control:
            control-enable: no
        zone:
            name: "."
            zonefile: "%1$s/root.zone"
        """
            .formatted(d, root));
    start(
        List.of(
            Peers.binary("nsd", "nsd").toString(), "-d", "-c", d.resolve("nsd.conf").toString()),
        d.resolve("nsd.log"));
    awaitSoa(root, ".");
  }

  /** The TLD's zone with {@code delegations} (lines relative to test.), at {@code serial}. */
  String tldZone(long serial, String delegations) {
    return """
        $ORIGIN test.
        @ 3600 SOA ns.tld.test. hostmaster.tld.test. %1$d 1800 900 604800 300
        @ 3600 NS ns.tld
        ns.tld 3600 A %2$s
        ns1.provider-a 3600 A %3$s
        ns1.provider-b 3600 A %4$s
        ns2.provider-b 3600 A %5$s
        """
            .formatted(serial, tld, a1, b1, b2)
        + delegations;
  }

  void startTld(String zone) throws IOException, InterruptedException {
    Path d = Files.createDirectories(dir.resolve("tld"));
    Files.writeString(d.resolve("test.zone"), zone);
    Files.writeString(
        d.resolve("knot.conf"),
        """
        server:
            rundir: "%1$s"
            listen: %2$s@53
            udp-workers: 1
            tcp-workers: 1
            background-workers: 1
        control:
            listen: "%1$s/knot.sock"
        database:
            storage: "%1$s"
        template:
          - id: default
            storage: "%1$s"
            semantic-checks: off
            zonefile-sync: -1
            journal-content: none
        log:
          - target: stderr
            any: info
        zone:
          - domain: test.
            file: "%1$s/test.zone"
        """
            .formatted(d, tld));
    start(
        List.of(Peers.binary("knotd", "knot").toString(), "-c", d.resolve("knot.conf").toString()),
        d.resolve("knotd.log"));
    awaitSoa(tld, "test.");
  }

  /** Replaces the TLD's zone and has knotd load it. */
  void changeTld(String zone) throws IOException, InterruptedException {
    Path d = dir.resolve("tld");
    long before = serial(tld, "test.");
    Files.writeString(d.resolve("test.zone"), zone);
    knotc(d, "zone-reload", "test.");
    awaitSerialNot(tld, "test.", before);
  }

  // ---- provider A: BIND ----

  /** Adds provider A's address to lo: named binds only addresses an interface carries. */
  void addAddress() throws IOException, InterruptedException {
    run("ip", "addr", "add", a1 + "/32", "dev", "lo");
    addressAdded = true;
  }

  /**
   * Starts named on provider A's address, primary of {@code zones} (name to zone file text), every
   * zone transferable by anyone, NOTIFYing Tandem (127.N.2.1) of each change.
   */
  void startNamed(Map<String, String> zones) throws IOException, InterruptedException {
    startNamed(zones, null, null);
  }

  /**
   * A key named knows when it runs with a key ({@link #startNamed(Map, String, String)}) but allows
   * nothing: a transfer signed with it is verified and refused, as at a primary whose ACL names
   * another key.
   */
  static final String DENIED_KEY = "denied-key";

  static final String DENIED_SECRET = "ZGVuaWVkLWtleS1zZWNyZXQtZm9yLXRoZS1sb29wYmFjay1uZXQ=";

  /**
   * As {@link #startNamed(Map)}, but with a TSIG key (hmac-sha256) when {@code keyName} is given:
   * transfers only signed with it, NOTIFY signed with it, and RFC 2136 UPDATEs signed with it
   * allowed (the setup wizard's canary). named also knows {@link #DENIED_KEY}, allowed nothing.
   */
  void startNamed(Map<String, String> zones, @Nullable String keyName, @Nullable String secret)
      throws IOException, InterruptedException {
    Path d = Files.createDirectories(dir.resolve("named"));
    StringBuilder conf = new StringBuilder();
    String transfer = keyName == null ? "any;" : "key \"" + keyName + "\";";
    if (keyName != null) {
      String key = "key \"%s\" { algorithm hmac-sha256; secret \"%s\"; };\n";
      conf.append(key.formatted(keyName, secret)).append(key.formatted(DENIED_KEY, DENIED_SECRET));
    }
    conf.append(
        """
        options {
          directory "%1$s";
          pid-file "%1$s/named.pid";
          session-keyfile "%1$s/session.key";
          managed-keys-directory "%1$s";
          listen-on port 53 { %2$s; };
          listen-on-v6 { none; };
          notify-source %2$s;
          recursion no;
          dnssec-validation no;
          notify explicit;
          notify-delay 0;
          allow-transfer { %3$s };
          check-integrity no;
          check-names primary ignore;
        };
        controls { };
        """
            .formatted(d, a1, transfer));
    for (Map.Entry<String, String> z : zones.entrySet()) {
      Path file = d.resolve(z.getKey() + "zone");
      Files.writeString(file, z.getValue());
      conf.append(
          """
          zone "%s" {
            type primary;
            file "%s";
            also-notify { %s port 53%s; };
            %s
          };
          """
              .formatted(
                  z.getKey(),
                  file,
                  b1,
                  keyName == null ? "" : " key \"" + keyName + "\"",
                  keyName == null ? "" : "allow-update { key \"" + keyName + "\"; };"));
    }
    Files.writeString(d.resolve("named.conf"), conf);
    named =
        start(
            List.of(
                Peers.binary("named", "bind9").toString(),
                "-g",
                "-n",
                "1",
                "-c",
                d.resolve("named.conf").toString()),
            d.resolve("named.log"));
    for (String z : zones.keySet()) {
      awaitSoa(a1, z);
    }
  }

  /** Rewrites one of named's zone files and has it reload (SIGHUP), until it serves the new one. */
  void changeAtProviderA(String zone, String text) throws IOException, InterruptedException {
    long before = serial(a1, zone);
    Files.writeString(dir.resolve("named").resolve(zone + "zone"), text);
    Process p = named;
    if (p == null) {
      throw new IllegalStateException("named is not running");
    }
    run("kill", "-HUP", Long.toString(p.pid()));
    awaitSerialNot(a1, zone, before);
  }

  // ---- provider B's second server: knotd, a secondary of Tandem ----

  /**
   * Starts knotd on 127.N.2.2, secondary of {@code zone} from Tandem (127.N.2.1), NOTIFY and AXFR
   * from 127.0.0.0/8, its copy in a zone file written after each transfer (so that a test can
   * change it there), and waits until it has the zone.
   */
  void startKnotSecondary(String zone) throws IOException, InterruptedException {
    startKnotSecondary(zone, null, null);
  }

  /**
   * As {@link #startKnotSecondary(String)}, with a TSIG key (hmac-sha256) when {@code keyName} is
   * given: it transfers with it, and takes NOTIFY and AXFR signed with it.
   */
  void startKnotSecondary(String zone, @Nullable String keyName, @Nullable String secret)
      throws IOException, InterruptedException {
    Path d = Files.createDirectories(dir.resolve("knot"));
    String keys =
        keyName == null
            ? ""
            : "key:\n  - id: %s\n    algorithm: hmac-sha256\n    secret: %s\n"
                .formatted(keyName, secret);
    String signed = keyName == null ? "" : "\n    key: " + keyName;
    Files.writeString(
        d.resolve("knot.conf"),
        keys
            + """
        server:
            rundir: "%1$s"
            listen: %2$s@53
            udp-workers: 1
            tcp-workers: 1
            background-workers: 1
        control:
            listen: "%1$s/knot.sock"
        remote:
          - id: tandem
            address: %3$s@53%5$s
        acl:
          - id: notify
            address: 127.0.0.0/8
            action: notify%5$s
          - id: transfer
            address: 127.0.0.0/8
            action: transfer
        database:
            storage: "%1$s"
        template:
          - id: default
            storage: "%1$s"
            semantic-checks: off
        log:
          - target: stderr
            any: info
        zone:
          - domain: %4$s
            file: "%1$s/%4$szone"
            master: tandem
            acl: [notify, transfer]
            zonefile-sync: 0
            zonefile-load: whole
            journal-content: none
        """
                .formatted(d, b2, b1, zone, signed));
    restartKnot();
    awaitSoa(b2, zone);
  }

  /** Starts (again) the secondary knotd; it keeps its copy and its timers. */
  void restartKnot() throws IOException, InterruptedException {
    Path d = dir.resolve("knot");
    knot =
        start(
            List.of(
                Peers.binary("knotd", "knot").toString(), "-c", d.resolve("knot.conf").toString()),
            d.resolve("knotd.log"));
  }

  void stopKnot() throws InterruptedException {
    Process p = knot;
    if (p != null) {
      Primary.terminate(p);
      processes.remove(p);
      knot = null;
    }
  }

  /** Edits the secondary knotd's zone file (same serial) and has it load it. */
  void editAtKnot(String zone, String from, String to) throws IOException, InterruptedException {
    Path d = dir.resolve("knot");
    Path file = d.resolve(zone + "zone");
    String text = Files.readString(file);
    if (!text.contains(from)) {
      throw new IllegalStateException(file + " has no '" + from + "':\n" + text);
    }
    Files.writeString(file, text.replace(from, to));
    knotc(d, "zone-reload", zone);
  }

  Path knotLog() {
    return dir.resolve("knot").resolve("knotd.log");
  }

  // ---- helpers ----

  private Process start(List<String> cmd, Path log) throws IOException {
    Process p = Primary.launch(cmd, log);
    processes.add(p);
    return p;
  }

  private static void knotc(Path d, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("knotc", "knot").toString());
    cmd.add("-c");
    cmd.add(d.resolve("knot.conf").toString());
    cmd.addAll(List.of(args));
    Primary.run(cmd, "");
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Primary.run(List.of(cmd), "");
  }

  /** The SOA serial {@code server} gives for {@code zone} over UDP port 53, or -1. */
  static long serial(String server, String zone) throws IOException {
    Message q =
        Message.newQuery(Record.newRecord(Name.fromString(zone, Name.root), Type.SOA, DClass.IN));
    try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
      s.setSoTimeout(1000);
      byte[] out = q.toWire();
      s.send(new java.net.DatagramPacket(out, out.length, InetAddress.getByName(server), 53));
      byte[] in = new byte[4096];
      java.net.DatagramPacket p = new java.net.DatagramPacket(in, in.length);
      s.receive(p);
      Message m = new Message(java.util.Arrays.copyOf(in, p.getLength()));
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r instanceof SOARecord soa) {
          return soa.getSerial();
        }
      }
      return -1;
    } catch (java.net.SocketTimeoutException e) {
      return -1;
    }
  }

  static void awaitSoa(String server, String zone) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (serial(server, zone) >= 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(server + " did not serve " + zone + " within 30 s");
  }

  static void awaitSerial(String server, String zone, long serial)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long now = -1;
    while (System.nanoTime() < deadline) {
      now = serial(server, zone);
      if (now == serial) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        server + " serves " + zone + " at serial " + now + ", not " + serial + ", after 30 s");
  }

  static void awaitSerialNot(String server, String zone, long before)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      long now = serial(server, zone);
      if (now >= 0 && now != before) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(server + " still serves " + zone + " at " + before);
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Primary.terminate(processes.get(i));
    }
    if (addressAdded) {
      try {
        run("ip", "addr", "del", a1 + "/32", "dev", "lo");
      } catch (IOException | RuntimeException e) {
        System.err.println("could not remove " + a1 + " from lo: " + e);
      }
    }
  }
}
