package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BIND 9 named (Debian package bind9) as the {@link Primary} of one dynamic zone: changes go in by
 * signed UPDATE (nsupdate), named keeps them in its journal and serves IXFR from it, also after a
 * restart. Runs in the foreground ({@code -g}) as the user that starts it, logging to named.log.
 * Or, from {@link #startSecondary}, as a secondary of one zone (for Tandem as the primary).
 */
final class NamedProcess extends DaemonPrimary implements Secondary.Wrapper {
  private final Path conf;
  private final Path keyFile;
  // set by startSecondary: named then runs at debug level 3, the level at which it logs whether a
  // transfer in was incremental ("got incremental response")
  private boolean secondary;

  private NamedProcess(Path dir, String origin, int port) {
    super(dir, origin, port, "named.log");
    this.conf = dir.resolve("named.conf");
    this.keyFile = dir.resolve("tsig.key");
  }

  /**
   * Writes the zone file and named.conf into {@code dir}, starts named on a free port and waits
   * until it serves the zone. Transfers and updates need the key; NOTIFY (signed with the key) goes
   * only to 127.0.0.1:{@code notifyPort}.
   */
  static NamedProcess start(
      Path dir, String origin, String zoneText, String keyName, String secretBase64, int notifyPort)
      throws IOException, InterruptedException {
    NamedProcess n = create(dir, origin, Peers.freePort());
    Path zoneFile = n.dir.resolve(n.origin + ".zone");
    Files.writeString(zoneFile, zoneText);
    return n.configureAndStart(
        keyName,
        secretBase64,
        """
          // NOTIFY only to also-notify, never to the NS names of the zone
          notify explicit;
          // NOTIFY at once for every change, not batched over 5 s
          notify-delay 0;
          // IXFR whatever the size of the difference: by default named sends the whole zone when
          // the difference is larger than the zone, which it often is for a small test zone
          max-ixfr-ratio unlimited;
          // keep the whole history in the journal (by default about twice the zone's size)
          max-journal-size unlimited;
          // serve the zone as the test wrote it (in-zone NS without glue and such)
          check-integrity no;
          check-names primary ignore;
        """,
        """
          type primary;
          file "%1$s";
          allow-transfer { key "%2$s"; };
          allow-update { key "%2$s"; };
          also-notify { 127.0.0.1 port %3$d key "%2$s"; };
        """
            .formatted(zoneFile, keyName, notifyPort));
  }

  /**
   * Writes named.conf into {@code dir} and starts named on 127.0.0.1:{@code port} as a SECONDARY of
   * {@code origin} from the primary at 127.0.0.1:{@code primaryPort}, and waits until it serves the
   * zone (its first transfer, an AXFR). Transfers in and out are signed with the key (hmac-sha256);
   * it asks for IXFR ({@code request-ixfr yes}), takes NOTIFY from 127.0.0.1 (verifying the TSIG of
   * a signed one) and sends none itself. It runs with {@code -d 3} so that the log says how each
   * transfer came in: see {@link #fetchedByIxfr(long)}.
   */
  static NamedProcess startSecondary(
      Path dir, int port, String origin, int primaryPort, String keyName, String secretBase64)
      throws IOException, InterruptedException {
    NamedProcess n = create(dir, origin, port);
    n.secondary = true;
    return n.configureAndStart(
        keyName,
        secretBase64,
        """
          // no NOTIFY of its own: the zone's NS names may have loopback addresses (port 53)
          notify no;
          check-names secondary ignore;
        """,
        """
          type secondary;
          file "%1$s";
          masterfile-format text;
          primaries { 127.0.0.1 port %2$d key "%3$s"; };
          request-ixfr yes;
          allow-notify { 127.0.0.1; };
          allow-transfer { key "%3$s"; };
        """
            .formatted(n.dir.resolve(n.origin + ".bk"), primaryPort, keyName));
  }

  /**
   * The options of a named on loopback with everything in {@code dir}, no recursion and no rndc
   * channel (127.0.0.1#953 may be another named's), and {@code more} (each line ending in a
   * newline; the listen-on lines among them).
   */
  static String options(Path dir, String more) {
    return """
        options {
          directory "%1$s";
          pid-file "%1$s/named.pid";
          session-keyfile "%1$s/session.key";
          managed-keys-directory "%1$s";
          listen-on-v6 { none; };
          recursion no;
          dnssec-validation no;
        %2$s};
        controls { };
        """
        .formatted(dir, more);
  }

  /** A named in {@code dir} (created) on 127.0.0.1:{@code port} for {@code origin}, not started. */
  private static NamedProcess create(Path dir, String origin, int port) throws IOException {
    Peers.binary("named", "bind9");
    Files.createDirectories(dir);
    return new NamedProcess(dir.toAbsolutePath(), Primary.bare(origin), port);
  }

  /**
   * Writes the key file and named.conf, starts named, waits until it serves the zone and returns
   * it. What a primary and a secondary share is here: the key (also the key file nsupdate reads),
   * the options for a loopback server of one zone without recursion or rndc channel, the zone
   * itself; {@code options} adds the role's options, {@code zone} the zone's statements (each line
   * indented and ending in a newline).
   */
  private NamedProcess configureAndStart(
      String keyName, String secretBase64, String options, String zone)
      throws IOException, InterruptedException {
    String key =
        """
        key "%s" {
          algorithm hmac-sha256;
          secret "%s";
        };
        """
            .formatted(keyName, secretBase64);
    Files.writeString(keyFile, key);
    String text =
        options(dir, "listen-on port " + port + " { 127.0.0.1; };\n" + options)
            + """
        %1$szone "%2$s" {
        %3$s};
        """
                .formatted(key, origin, zone);
    Files.writeString(conf, text);
    restart();
    return this;
  }

  /**
   * As a secondary: whether the transfer that brought {@code serial} was incremental. At debug
   * level 3 named logs, per transfer in, "transfer of 'ZONE/IN' from IP#PORT: got incremental
   * response" (or "got nonincremental response" for an AXFR, or an IXFR answered with the whole
   * zone), then "zone ZONE/IN: transferred serial N: TSIG 'KEY'". (Without -d named logs neither
   * the type nor anything else that tells an IXFR from an AXFR.)
   */
  @Override
  public boolean fetchedByIxfr(long serial) throws IOException {
    String transfer = "transfer of '" + origin + "/IN' from ";
    String transferred = "zone " + origin + "/IN: transferred serial " + serial + ":";
    Boolean incremental = null;
    for (String line : Primary.logLines(log)) {
      if (line.contains(transfer) && line.contains(": got incremental response")) {
        incremental = true;
      } else if (line.contains(transfer) && line.contains(": got nonincremental response")) {
        incremental = false;
      } else if (line.contains(transferred)) {
        return Boolean.TRUE.equals(incremental);
      }
    }
    return false;
  }

  /**
   * Sends one signed UPDATE for the zone with nsupdate: {@code commands} are nsupdate lines such as
   * {@code update add www.example. 300 A 192.0.2.1} (server, zone and send are added).
   */
  void update(String commands) throws IOException, InterruptedException {
    String input = "server 127.0.0.1 " + port + "\nzone " + origin + ".\n" + commands + "\nsend\n";
    Primary.run(
        List.of(
            Peers.binary("nsupdate", "bind9-dnsutils").toString(),
            "-v",
            "-t",
            "10",
            "-k",
            keyFile.toString()),
        input);
  }

  @Override
  public void change(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException {
    String name = Primary.absolute(owner, origin);
    long before = serial();
    update(
        "update delete "
            + name
            + " "
            + type
            + "\nupdate add "
            + name
            + " "
            + ttl
            + " "
            + type
            + " "
            + rdata);
    Primary.awaitNewSerial(port, origin, before, log, "named");
  }

  @Override
  public String name() {
    return "named";
  }

  /** named logs "transfer of 'ZONE/IN': IXFR started" (a fallback says "AXFR-style IXFR"). */
  @Override
  public boolean servedIxfr() throws IOException {
    return Primary.logHasLine(log, "transfer of '" + origin + "/IN'", ": IXFR started");
  }

  @Override
  public boolean ixfrRequested() throws IOException {
    return Primary.logHasLine(log, "transfer of '" + origin + "/IN'", "IXFR")
        || Primary.logHasLine(log, "'" + origin + "/IXFR/IN'");
  }

  @Override
  List<String> command() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of(Peers.binary("named", "bind9").toString(), "-g", "-n", "1"));
    if (secondary) {
      cmd.addAll(List.of("-d", "3"));
    }
    cmd.addAll(List.of("-c", conf.toString()));
    return cmd;
  }

  @Override
  String program() {
    return "named";
  }
}
