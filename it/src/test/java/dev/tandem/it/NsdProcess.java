package dev.tandem.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * NSD (Debian package nsd) as the {@link Primary} of one zone read from a file: a change rewrites
 * the file with a raised serial and reloads it through nsd-control (a unix socket, no TLS keys).
 * With {@code create-ixfr} NSD computes the difference on reload and serves it as IXFR, also after
 * a restart (it keeps it in ZONEFILE.ixfr). Runs in the foreground ({@code -d}), logging to
 * nsd.log. Or, from {@link #startSecondary}, as a secondary of one zone (for Tandem as the
 * primary).
 */
final class NsdProcess extends DaemonPrimary implements Secondary.Wrapper {
  private final Path conf;
  private final Path zoneFile;
  // nsd-control's unix socket (no TLS keys needed, unlike the default TCP control port)
  private final Path socket;

  private NsdProcess(Path dir, String origin, int port) {
    super(dir, origin, port, "nsd.log");
    this.conf = dir.resolve("nsd.conf");
    this.zoneFile = dir.resolve(origin + ".zone");
    this.socket = dir.resolve("nsd.ctl");
  }

  /**
   * Writes the zone file and nsd.conf into {@code dir}, starts nsd on a free port and waits until
   * it serves the zone. Transfers need the key; NOTIFY (signed with the key) goes to
   * 127.0.0.1:{@code notifyPort}.
   */
  static NsdProcess start(
      Path dir, String origin, String zoneText, String keyName, String secretBase64, int notifyPort)
      throws IOException, InterruptedException {
    NsdProcess n = create(dir, origin, Peers.freePort());
    Files.writeString(n.zoneFile, zoneText);
    return n.configureAndStart(
        keyName,
        secretBase64,
        """
            provide-xfr: 127.0.0.1 %1$s
            notify: 127.0.0.1@%2$d %1$s
            # keep the differences between versions of the zone file and serve them as IXFR
            store-ixfr: yes
            create-ixfr: yes
        """
            .formatted(keyName, notifyPort));
  }

  /**
   * Writes nsd.conf into {@code dir} and starts nsd on 127.0.0.1:{@code port} as a SECONDARY of
   * {@code origin} from the primary at 127.0.0.1:{@code primaryPort}, and waits until it serves the
   * zone. Transfers in and out are signed with the key (hmac-sha256); NOTIFY is taken from
   * 127.0.0.1 only when signed with the key. {@code request-xfr} without AXFR asks for IXFR once it
   * has the zone (allow-axfr-fallback is left at yes: if an IXFR fails it transfers the whole zone,
   * which {@link #fetchedByIxfr(long)} then tells). {@code store-ixfr} keeps the IXFRs it receives,
   * which is what tells them apart: see {@link #fetchedByIxfr(long)}.
   */
  static NsdProcess startSecondary(
      Path dir, int port, String origin, int primaryPort, String keyName, String secretBase64)
      throws IOException, InterruptedException {
    NsdProcess n = create(dir, origin, port);
    // the zone file is written by "nsd-control write" (and hourly), with the IXFRs kept beside it
    return n.configureAndStart(
        keyName,
        secretBase64,
        """
            request-xfr: 127.0.0.1@%2$d %1$s
            allow-notify: 127.0.0.1 %1$s
            provide-xfr: 127.0.0.1 %1$s
            # keep the IXFRs received (ZONEFILE.ixfr, ZONEFILE.ixfr.2, ...): nsd logs nothing else
            # that tells an IXFR in from an AXFR
            store-ixfr: yes
        """
            .formatted(keyName, primaryPort));
  }

  /** An nsd in {@code dir} (created) on 127.0.0.1:{@code port} for {@code origin}, not started. */
  private static NsdProcess create(Path dir, String origin, int port) throws IOException {
    Peers.binary("nsd", "nsd");
    Files.createDirectories(dir);
    NsdProcess n = new NsdProcess(dir.toAbsolutePath(), Primary.bare(origin), port);
    if (n.socket.toString().length() > 100) {
      throw new IllegalStateException("the control socket path is too long: " + n.socket);
    }
    return n;
  }

  /**
   * Writes nsd.conf, starts nsd, waits until it serves the zone and returns it. What a primary and
   * a secondary share is here: the server (everything in {@code dir}, running as the user that
   * starts it), nsd-control on the unix socket, the key and the zone's name and file; {@code zone}
   * adds the role's zone options (each line indented and ending in a newline).
   */
  private NsdProcess configureAndStart(String keyName, String secretBase64, String zone)
      throws IOException, InterruptedException {
    String text =
        """
        server:
            ip-address: 127.0.0.1
            port: %2$d
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
            # 2 logs every transfer: "axfr for ZONE. from IP", "ixfr for ZONE. from IP"
            verbosity: 2
        remote-control:
            control-enable: yes
            control-interface: "%3$s"
        key:
            name: "%4$s"
            algorithm: hmac-sha256
            secret: "%5$s"
        zone:
            name: "%6$s"
            zonefile: "%7$s"
        %8$s"""
            .formatted(dir, port, socket, keyName, secretBase64, origin, zoneFile, zone);
    Files.writeString(conf, text);
    restart();
    return this;
  }

  /**
   * As a secondary ({@link #startSecondary}): whether {@code serial} came in by an incremental
   * IXFR. NSD 4.6 logs the same lines for an IXFR and an AXFR in ("xfrd: zone ZONE committed
   * "received update to serial N at TIME from IP@PORT TSIG verified with key KEY"", "zone ZONE
   * serial A is updated to N"), even at verbosity 5. But with {@code store-ixfr} it keeps every
   * IXFR it receives (an AXFR drops them) and writes them beside the zone file when it writes that:
   * so this has it write the zone ({@code nsd-control write}, logged as "writing zone ZONE IXFR
   * data to file ZONEFILE.ixfr") and looks for "; to_serial N" in those files (up to 10 s for the
   * write).
   */
  @Override
  public boolean fetchedByIxfr(long serial) throws IOException, InterruptedException {
    Primary.run(
        List.of(
            Peers.binary("nsd-control", "nsd").toString(), "-c", conf.toString(), "write", origin),
        "");
    String wanted = "; to_serial " + serial;
    String prefix = zoneFile.getFileName() + ".ixfr";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
          try {
            if (Files.readAllLines(f, StandardCharsets.ISO_8859_1).contains(wanted)) {
              return true;
            }
          } catch (NoSuchFileException e) {
            // renamed while nsd writes a new version: look again
          }
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void change(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException {
    Name originName = Name.fromString(origin + ".");
    Name name = Name.fromString(Primary.absolute(owner, origin));
    int rrType = Type.value(type, true);
    if (rrType < 0) {
      throw new IllegalArgumentException("unknown type " + type);
    }
    Record added = Record.fromString(name, rrType, DClass.IN, ttl, rdata, originName);
    List<Record> records = new ArrayList<>();
    long before = -1;
    try (Master m =
        new Master(
            new ByteArrayInputStream(Files.readAllBytes(zoneFile)), originName, DEFAULT_TTL)) {
      Record r;
      while ((r = m.nextRecord()) != null) {
        if (r instanceof SOARecord soa && r.getName().equals(originName)) {
          before = soa.getSerial();
          r =
              new SOARecord(
                  soa.getName(),
                  soa.getDClass(),
                  soa.getTTL(),
                  soa.getHost(),
                  soa.getAdmin(),
                  (soa.getSerial() + 1) & 0xffffffffL,
                  soa.getRefresh(),
                  soa.getRetry(),
                  soa.getExpire(),
                  soa.getMinimum());
        } else if (r.getName().equals(name) && r.getType() == rrType) {
          continue;
        }
        records.add(r);
      }
    }
    if (before < 0) {
      throw new IllegalStateException("no SOA at " + originName + " in " + zoneFile);
    }
    records.add(added);
    StringBuilder text = new StringBuilder();
    for (Record r : records) {
      text.append(r).append('\n');
    }
    Path tmp = dir.resolve(zoneFile.getFileName() + ".new");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, zoneFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Primary.run(
        List.of(
            Peers.binary("nsd-control", "nsd").toString(), "-c", conf.toString(), "reload", origin),
        "");
    Primary.awaitNewSerial(port, origin, before, log, "nsd");
  }

  @Override
  public String name() {
    return "nsd";
  }

  /**
   * Approximate: nsd logs "ixfr for ZONE. from IP" for every IXFR it answers, the same when it
   * answers with the whole zone (no difference kept from the serial asked for); so this is true
   * once it has answered an IXFR and has differences ("zone ZONE created IXFR").
   */
  @Override
  public boolean servedIxfr() throws IOException {
    String answered = "ixfr for " + origin + ". from ";
    return Primary.logLines(log).stream()
            .anyMatch(l -> l.contains(answered) && !l.contains("refused"))
        && Primary.logHasLine(log, "zone " + origin + " created IXFR");
  }

  @Override
  public boolean ixfrRequested() throws IOException {
    return Primary.logHasLine(log, "ixfr for " + origin + ". from ");
  }

  @Override
  List<String> command() throws IOException {
    return List.of(Peers.binary("nsd", "nsd").toString(), "-d", "-c", conf.toString());
  }

  @Override
  String program() {
    return "nsd";
  }
}
