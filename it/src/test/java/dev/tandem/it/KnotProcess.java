package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * knotd (Debian package knot) on a loopback high port, with zones from files; or, from {@link
 * #startPrimary}, as the {@link Primary} of one zone that changes through knotc.
 */
final class KnotProcess implements Secondary.Wrapper {
  private Process process;
  private final Path dir;
  private final int port;
  // set for a primary (startPrimary) only
  private final @Nullable String origin;
  private final Path conf;
  private final Path log;

  private KnotProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.origin = null;
    this.conf = dir.resolve("knot.conf");
    this.log = dir.resolve("knotd.log");
  }

  private KnotProcess(Path dir, int port, String origin) {
    this.process = null;
    this.dir = dir;
    this.port = port;
    this.origin = origin;
    this.conf = dir.resolve("knot.conf");
    this.log = dir.resolve("knotd.log");
  }

  /** A zone for knotd: origin and zone file. */
  record Zone(String origin, Path file) {}

  /**
   * Starts knotd serving {@code zones} on 127.0.0.1 (one UDP and one TCP worker, no journal, no
   * semantic checks so it serves what Tandem serves), and waits until each zone answers SOA.
   */
  static KnotProcess start(Path dir, List<Zone> zones) throws IOException, InterruptedException {
    return start(dir, zones, null, null);
  }

  /**
   * As {@link #start(Path, List)}, and, when {@code keyName} is given, allowing zone transfers
   * (AXFR, IXFR) signed with that hmac-sha256 key.
   */
  static KnotProcess start(
      Path dir, List<Zone> zones, @Nullable String keyName, @Nullable String secretBase64)
      throws IOException, InterruptedException {
    return start(dir, zones, keyName, secretBase64, false);
  }

  /**
   * As above, also taking RFC 2136 UPDATEs signed with the key when {@code update} (the other
   * primary of a primary/primary sync).
   */
  static KnotProcess start(
      Path dir,
      List<Zone> zones,
      @Nullable String keyName,
      @Nullable String secretBase64,
      boolean update)
      throws IOException, InterruptedException {
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
        .append("log:\n  - target: stderr\n    any: info\n");
    if (keyName != null) {
      conf.append("key:\n  - id: \"")
          .append(keyName)
          .append("\"\n    algorithm: hmac-sha256\n    secret: \"")
          .append(secretBase64)
          .append("\"\nacl:\n  - id: transfer\n    key: \"")
          .append(keyName)
          .append(update ? "\"\n    action: [transfer, update]\n" : "\"\n    action: transfer\n");
    }
    conf.append("zone:\n");
    for (Zone z : zones) {
      conf.append("  - domain: ")
          .append(z.origin())
          .append('\n')
          .append("    file: \"")
          .append(z.file().toAbsolutePath())
          .append("\"\n");
      if (keyName != null) {
        conf.append("    acl: transfer\n");
      }
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

  @Override
  public int port() {
    return port;
  }

  /**
   * Starts knotd in {@code dir} as primary for {@code origin}, with the zone file text {@code
   * zoneText}, and waits until it serves the zone. Transfers need the key; NOTIFY (signed with the
   * key, sent over TCP by knotd 3.2) goes to 127.0.0.1:{@code notifyPort}. Changes made with {@link
   * #set} go into the journal (journal-content: changes), which knotd serves IXFR from and applies
   * to the zone file again after a restart; the zone file itself stays as written.
   */
  static KnotProcess startPrimary(
      Path dir, String origin, String zoneText, String keyName, String secretBase64, int notifyPort)
      throws IOException, InterruptedException {
    return startPrimary(
        dir,
        origin,
        zoneText,
        keyName,
        secretBase64,
        notifyPort,
        "",
        """
            # changes go to the journal, IXFR is served from it, and it is applied to the zone
            # file again at startup; the zone file is never rewritten
            journal-content: changes
            zonefile-sync: -1
        """);
  }

  /**
   * knotd as primary of {@code origin} (see {@link #startPrimary}): the configuration both kinds of
   * primary share, with {@code sections} (top-level, such as a policy) and {@code zoneSettings}
   * (lines of the zone entry) of their own.
   */
  private static KnotProcess startPrimary(
      Path dir,
      String origin,
      String zoneText,
      String keyName,
      String secretBase64,
      int notifyPort,
      String sections,
      String zoneSettings)
      throws IOException, InterruptedException {
    Peers.binary("knotd", "knot");
    Files.createDirectories(dir);
    KnotProcess k = new KnotProcess(dir.toAbsolutePath(), Peers.freePort(), Primary.bare(origin));
    Path socket = k.dir.resolve("knot.sock");
    if (socket.toString().length() > 100) {
      throw new IllegalStateException("the control socket path is too long: " + socket);
    }
    Path zoneFile = k.dir.resolve(k.origin + ".zone");
    Files.writeString(zoneFile, zoneText);
    String conf =
        """
        server:
            rundir: "%1$s"
            listen: 127.0.0.1@%2$d
            udp-workers: 1
            tcp-workers: 1
            background-workers: 1
        control:
            listen: "%3$s"
        key:
          - id: "%4$s"
            algorithm: hmac-sha256
            secret: "%5$s"
        remote:
          - id: secondary
            address: 127.0.0.1@%6$d
            key: "%4$s"
        acl:
          - id: transfer
            key: "%4$s"
            action: transfer
        database:
            storage: "%1$s"
        %9$s
        template:
          - id: default
            storage: "%1$s"
            semantic-checks: off
        log:
          - target: stderr
            any: info
        zone:
          - domain: "%7$s"
            file: "%8$s"
        %10$s
            notify: secondary
            acl: transfer
        """
            .formatted(
                k.dir,
                k.port,
                socket,
                keyName,
                secretBase64,
                notifyPort,
                k.origin,
                zoneFile,
                sections.stripTrailing(),
                zoneSettings.stripTrailing());
    Files.writeString(k.conf, conf);
    k.restart();
    return k;
  }

  /**
   * Starts knotd on 127.0.0.1:{@code port} as a secondary of {@code origin} from the primary at
   * 127.0.0.1:{@code primaryPort}, transfers and NOTIFYs signed with the key; waits until it has
   * the zone.
   */
  static KnotProcess startSecondary(
      Path dir, int port, String origin, int primaryPort, String keyName, String secretBase64)
      throws IOException, InterruptedException {
    Peers.binary("knotd", "knot");
    Files.createDirectories(dir);
    KnotProcess k = new KnotProcess(dir.toAbsolutePath(), port, Primary.bare(origin));
    String conf =
        """
        server:
            rundir: "%1$s"
            listen: 127.0.0.1@%2$d
            udp-workers: 1
            tcp-workers: 1
            background-workers: 1
        control:
            listen: "%1$s/knot.sock"
        key:
          - id: "%3$s"
            algorithm: hmac-sha256
            secret: "%4$s"
        remote:
          - id: primary
            address: 127.0.0.1@%5$d
            key: "%3$s"
        acl:
          - id: notify
            address: 127.0.0.1
            key: "%3$s"
            action: notify
          - id: transfer
            key: "%3$s"
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
          - domain: "%6$s"
            master: primary
            acl: [notify, transfer]
            zonefile-sync: -1
            # the zone lives in the journal alone, so a restart keeps it and asks for IXFR
            journal-content: all
            zonefile-load: none
        """
            .formatted(k.dir, port, keyName, secretBase64, primaryPort, k.origin);
    Files.writeString(k.conf, conf);
    k.restart();
    return k;
  }

  /**
   * As {@link #startPrimary}, but knotd signs the zone itself (automatic DNSSEC signing): a KSK and
   * a ZSK (ECDSAP256SHA256) made on first load and never rolled, NSEC3 (0 iterations, no salt, no
   * opt-out) if {@code nsec3} else NSEC, signatures valid 6 h and refreshed 2 h before they expire.
   * Each change ({@link #set}) is signed on commit; {@link #resign} signs the whole zone again. The
   * signed zone and its changes are kept in the journal, which IXFR is served from.
   */
  static KnotProcess startSigningPrimary(
      Path dir,
      String origin,
      String zoneText,
      String keyName,
      String secretBase64,
      int notifyPort,
      boolean nsec3)
      throws IOException, InterruptedException {
    return startPrimary(
        dir,
        origin,
        zoneText,
        keyName,
        secretBase64,
        notifyPort,
        """
        policy:
          - id: test
            algorithm: ecdsap256sha256
            ksk-lifetime: 0
            zsk-lifetime: 0
            nsec3: %s
            nsec3-iterations: 0
            nsec3-salt-length: 0
            nsec3-opt-out: off
            rrsig-lifetime: 6h
            rrsig-refresh: 2h
            rrsig-pre-refresh: 1h
        """
            .formatted(nsec3 ? "on" : "off"),
        """
            # the signed zone and each change go to the journal; the zone file is never rewritten
            journal-content: all
            zonefile-sync: -1
            zonefile-load: difference-no-serial
            dnssec-signing: on
            dnssec-policy: test
        """);
  }

  /**
   * As a signing primary ({@link #startSigningPrimary}): unbound "trust-anchor:" lines for the
   * zone, the DS (SHA-256) of each KSK as {@code keymgr ds} prints it.
   */
  List<String> trustAnchors() throws IOException, InterruptedException {
    requirePrimary();
    String out =
        Primary.run(
            List.of(
                Peers.binary("keymgr", "knot").toString(),
                "-c",
                conf.toString(),
                origin + ".",
                "ds"),
            "");
    List<String> anchors = new ArrayList<>();
    for (String line : out.lines().toList()) {
      // "signed.test. DS 2344 13 2 0585..."
      String[] f = line.trim().split("\\s+");
      if (f.length == 6 && f[1].equals("DS") && f[4].equals("2")) {
        anchors.add("trust-anchor: \"" + line.trim() + "\"");
      }
    }
    if (anchors.isEmpty()) {
      throw new IllegalStateException("keymgr ds printed no SHA-256 DS:\n" + out);
    }
    return anchors;
  }

  /**
   * As a signing primary: signs the whole zone again ({@code knotc zone-sign}, which drops every
   * signature and makes new ones, raising the serial), and returns the new serial once served.
   */
  long resign() throws IOException, InterruptedException {
    requirePrimary();
    long before = serial();
    knotc(true, "zone-sign", origin);
    return Primary.awaitNewSerial(port, origin, before, log, "knotd");
  }

  /**
   * As a secondary ({@link #startSecondary}): whether the transfer that brought {@code serial} was
   * incremental. knotd logs, per transfer in, "[ZONE.] IXFR, incoming, remote IP@PORT, finished,
   * ..." (an AXFR, or an IXFR answered with the whole zone, "[ZONE.] AXFR, incoming, ...,
   * finished"), then "[ZONE.] refresh, remote IP@PORT, zone updated, ..., serial A -> N, ...".
   */
  @Override
  public boolean fetchedByIxfr(long serial) throws IOException {
    String tag = "[" + origin() + ".] ";
    Pattern updated = Pattern.compile(", serial \\S+ -> " + serial + "(,|$)");
    Boolean incremental = null;
    for (String line : Primary.logLines(log)) {
      if (line.contains(tag + "IXFR, incoming, ") && line.contains(", finished")) {
        incremental = true;
      } else if (line.contains(tag + "AXFR, incoming, ") && line.contains(", finished")) {
        incremental = false;
      } else if (line.contains(tag + "refresh, remote ")
          && line.contains(", zone updated, ")
          && updated.matcher(line).find()) {
        return Boolean.TRUE.equals(incremental);
      }
    }
    return false;
  }

  /**
   * Replaces the RRset at {@code owner} of {@code type} with one record in a knotc transaction
   * (zone-begin, zone-unset, zone-set, zone-commit); knotd raises the serial on commit.
   */
  void set(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException {
    requirePrimary();
    String name = Primary.absolute(owner, origin);
    knotc(true, "zone-begin", origin);
    try {
      // fails harmlessly when there is no such RRset yet
      knotc(false, "zone-unset", origin, name, type);
      knotc(true, "zone-set", origin, name, Integer.toString(ttl), type, rdata);
      knotc(true, "zone-commit", origin);
    } catch (IOException | RuntimeException e) {
      knotc(false, "zone-abort", origin);
      throw e;
    }
  }

  /**
   * The records of {@code type} at {@code owner} knotd holds, one a line as {@code knotc zone-read}
   * prints them ({@code [ZONE.] OWNER TTL TYPE RDATA}): what it has, even an RRset that no DNS
   * message can carry (knotd 3.2 cannot send one in an AXFR: "transfer was not sent").
   */
  List<String> zoneRead(String owner, String type) throws IOException, InterruptedException {
    String zone = Objects.requireNonNull(origin, "no zone");
    return knotc(true, "zone-read", zone, Primary.absolute(owner, zone), type)
        .lines()
        .filter(l -> !l.isBlank())
        .toList();
  }

  /** Runs knotc; its output, or "" when it failed and {@code check} is false. */
  private String knotc(boolean check, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("knotc", "knot").toString());
    cmd.add("-c");
    cmd.add(conf.toString());
    cmd.addAll(List.of(args));
    try {
      return Primary.run(cmd, "");
    } catch (IllegalStateException e) {
      if (check) {
        throw e;
      }
      return "";
    }
  }

  private void requirePrimary() {
    if (origin == null) {
      throw new IllegalStateException("this knotd was not started with startPrimary");
    }
  }

  @Override
  public void change(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException {
    long before = serial();
    set(owner, ttl, type, rdata);
    Primary.awaitNewSerial(port, origin, before, log, "knotd");
  }

  @Override
  public String name() {
    return "knotd";
  }

  @Override
  public String origin() {
    requirePrimary();
    return origin;
  }

  @Override
  public void stop() throws InterruptedException {
    Primary.terminate(process);
  }

  @Override
  public void restart() throws IOException, InterruptedException {
    requirePrimary();
    stop();
    process =
        Primary.launch(
            List.of(Peers.binary("knotd", "knot").toString(), "-c", conf.toString()), log);
    try {
      Primary.awaitSoa(process, port, origin, log, "knotd");
    } catch (IOException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  @Override
  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public Path log() {
    return log;
  }

  /**
   * knotd logs "[ZONE.] IXFR, outgoing, remote IP@PORT, started, serial A -> B"; a fallback says
   * "incomplete history, serial A, fallback to AXFR", a current serial "zone is up-to-date".
   */
  @Override
  public boolean servedIxfr() throws IOException {
    return Primary.logHasLine(log, "[" + origin + ".] IXFR, outgoing", ", started");
  }

  @Override
  public boolean ixfrRequested() throws IOException {
    return Primary.logHasLine(log, "[" + origin + ".] IXFR, outgoing");
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
