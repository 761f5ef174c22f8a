package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PowerDNS Authoritative Server (Debian packages pdns-server and pdns-backend-sqlite3) as the
 * {@link Primary} of one zone in an SQLite database: a change is pdnsutil replace-rrset and
 * increase-serial, then pdns_control notify. PowerDNS never serves IXFR incrementally: it answers
 * an IXFR with an older serial with the whole zone (AXFR style) and one with the current serial
 * with the SOA alone. Runs in the foreground, logging to pdns.log. Or, from {@link
 * #startSecondary}, as a secondary of one zone (for Tandem as the primary).
 */
final class PdnsProcess extends DaemonPrimary implements Secondary.Wrapper {
  private static final List<Path> SCHEMAS =
      List.of(
          Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"),
          Path.of("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"));

  private PdnsProcess(Path dir, String origin, int port) {
    super(dir, origin, port, "pdns.log");
  }

  /**
   * Creates the database from the zone file text in {@code dir}, writes pdns.conf there, starts
   * pdns_server on a free port and waits until it serves the zone. Transfers need the key; NOTIFY
   * (signed with the key) goes only to 127.0.0.1:{@code notifyPort}.
   */
  static PdnsProcess start(
      Path dir, String origin, String zoneText, String keyName, String secretBase64, int notifyPort)
      throws IOException, InterruptedException {
    PdnsProcess p = create(dir, origin, Peers.freePort());
    p.configure(
        """
        primary=yes
        # NOTIFY to the secondary only: only-notify empty keeps pdns from notifying the addresses
        # of the zone's NS names (also-notify is not subject to it)
        also-notify=127.0.0.1:%d
        only-notify=
        # no NOTIFY taken
        allow-notify-from=
        """
            .formatted(notifyPort));
    return p.loadPrimary(zoneText, keyName, secretBase64);
  }

  /**
   * As {@link #start}, with the webserver and its HTTP API on 127.0.0.1:{@code apiPort} and {@code
   * apiKey} as its key: the other primary of a primary/primary sync, changed through its API.
   */
  static PdnsProcess startWithApi(
      Path dir,
      String origin,
      String zoneText,
      String keyName,
      String secretBase64,
      int apiPort,
      String apiKey)
      throws IOException, InterruptedException {
    PdnsProcess p = create(dir, origin, Peers.freePort());
    p.configure(
        """
        primary=yes
        only-notify=
        allow-notify-from=
        api=yes
        api-key=%s
        webserver=yes
        webserver-address=127.0.0.1
        webserver-port=%d
        webserver-allow-from=127.0.0.0/8
        """
            .formatted(apiKey, apiPort));
    return p.loadPrimary(zoneText, keyName, secretBase64);
  }

  /**
   * Creates an empty database in {@code dir} with {@code origin} as a secondary zone of the primary
   * at 127.0.0.1:{@code primaryPort}, writes pdns.conf, starts pdns_server on 127.0.0.1:{@code
   * port} and waits until it serves the zone. The zone's metadata: AXFR-MASTER-TSIG (transfers in
   * signed with the key), TSIG-ALLOW-AXFR (transfers out only with it) and IXFR=1: without that
   * PowerDNS always transfers in by AXFR; with it, it asks for IXFR once it has the zone. NOTIFY is
   * taken from 127.0.0.0/8 (pdns checks the TSIG of a signed one, but cannot require one), and the
   * zones are checked every second ({@code xfr-cycle-interval}), so a NOTIFY is acted on at once.
   */
  static PdnsProcess startSecondary(
      Path dir, int port, String origin, int primaryPort, String keyName, String secretBase64)
      throws IOException, InterruptedException {
    PdnsProcess p = create(dir, origin, port);
    p.configure(
        """
        secondary=yes
        # look for zones to refresh (after a NOTIFY) every second, not every 60 s
        xfr-cycle-interval=1
        allow-notify-from=127.0.0.0/8
        # no NOTIFY of its own (secondary-do-renotify is off too)
        only-notify=
        """);
    p.pdnsutil("create-secondary-zone", p.origin, "127.0.0.1:" + primaryPort);
    p.pdnsutil("import-tsig-key", keyName, "hmac-sha256", secretBase64);
    p.pdnsutil("activate-tsig-key", p.origin, keyName, "secondary");
    p.pdnsutil("activate-tsig-key", p.origin, keyName, "primary");
    p.pdnsutil("set-meta", p.origin, "IXFR", "1");
    p.restart();
    return p;
  }

  /** Loads the zone as a primary one whose transfers need the key, and starts pdns_server. */
  private PdnsProcess loadPrimary(String zoneText, String keyName, String secretBase64)
      throws IOException, InterruptedException {
    Path zoneFile = dir.resolve(origin + ".zone");
    Files.writeString(zoneFile, zoneText);
    pdnsutil("load-zone", origin, zoneFile.toString());
    pdnsutil("set-kind", origin, "primary");
    pdnsutil("import-tsig-key", keyName, "hmac-sha256", secretBase64);
    pdnsutil("activate-tsig-key", origin, keyName, "primary");
    restart();
    return this;
  }

  /** A pdns_server in {@code dir} (created) on 127.0.0.1:{@code port} for {@code origin}. */
  private static PdnsProcess create(Path dir, String origin, int port) throws IOException {
    Peers.binary("pdns_server", "pdns-server");
    Files.createDirectories(dir);
    return new PdnsProcess(dir.toAbsolutePath(), Primary.bare(origin), port);
  }

  /**
   * Writes pdns.conf and creates the empty SQLite database. What a primary and a secondary share is
   * here: the backend, the address, running in the foreground with everything in {@code dir},
   * transfers out by TSIG only, the log level, no caches, nothing on the network of its own; {@code
   * role} adds the role's settings at the end (lines ending in a newline).
   */
  private void configure(String role) throws IOException, InterruptedException {
    Path schema =
        SCHEMAS.stream()
            .filter(Files::isReadable)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the PowerDNS SQLite schema is missing: apt-get install"
                            + " pdns-backend-sqlite3 (.ci/run does)"));
    Path db = dir.resolve("pdns.sqlite3");
    String conf =
        """
        launch=gsqlite3
        gsqlite3-database=%s
        local-address=127.0.0.1
        local-port=%d
        # transfers out by TSIG only: by default 127.0.0.0/8 may transfer unsigned
        allow-axfr-ips=
        socket-dir=%s
        daemon=no
        guardian=no
        disable-syslog=yes
        write-pid=no
        # 6 logs transfers out ("AXFR-out zone ...") and in ("IXFR-in zone: ...", "AXFR-in zone:
        # ..."), NOTIFYs queued and received
        loglevel=6
        # the zone changes behind the server's back (pdnsutil, transfers in): no caches
        cache-ttl=0
        query-cache-ttl=0
        negquery-cache-ttl=0
        zone-metadata-cache-ttl=0
        security-poll-suffix=
        webserver=no
        api=no
        %s"""
            .formatted(db, port, dir, role);
    Files.writeString(dir.resolve("pdns.conf"), conf);
    Primary.run(
        List.of(Peers.binary("sqlite3", "sqlite3").toString(), db.toString()),
        Files.readString(schema));
  }

  /**
   * As a secondary ({@link #startSecondary}): whether the transfer that brought {@code serial} was
   * incremental. pdns logs "IXFR-in zone: 'ZONE', primary: 'IP', got N deltas, zone committed with
   * serial S" for an IXFR, and "AXFR-in zone: 'ZONE', primary: 'IP', zone committed with serial S"
   * for an AXFR (also after "IXFR-in zone ..., IXFR turned into an AXFR").
   */
  @Override
  public boolean fetchedByIxfr(long serial) throws IOException {
    String committed = ", zone committed with serial " + serial;
    return Primary.logLines(log).stream()
        .anyMatch(
            l ->
                l.contains("IXFR-in zone: '" + origin + "', ")
                    && l.contains(", got ")
                    && l.endsWith(committed));
  }

  private String pdnsutil(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Peers.binary("pdnsutil", "pdns-server").toString());
    cmd.add("--config-dir=" + dir);
    cmd.addAll(List.of(args));
    return Primary.run(cmd, "");
  }

  /** The owner as pdnsutil takes it: relative to the zone, or "@". */
  private String relative(String owner) {
    String name = Primary.absolute(owner, origin);
    String apex = origin + ".";
    if (name.equalsIgnoreCase(apex)) {
      return "@";
    }
    if (!name.toLowerCase(Locale.ROOT).endsWith("." + apex.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(owner + " is not in " + origin);
    }
    return name.substring(0, name.length() - apex.length() - 1);
  }

  @Override
  public void change(String owner, int ttl, String type, String rdata)
      throws IOException, InterruptedException {
    long before = serial();
    pdnsutil("replace-rrset", origin, relative(owner), type, Integer.toString(ttl), rdata);
    pdnsutil("increase-serial", origin);
    // pdns notices the new serial on its own within seconds too (and notifies again then)
    Primary.run(
        List.of(
            Peers.binary("pdns_control", "pdns-server").toString(),
            "--config-dir=" + dir,
            "notify",
            origin),
        "");
    Primary.awaitNewSerial(port, origin, before, log, "pdns_server");
  }

  @Override
  public String name() {
    return "pdns";
  }

  /**
   * Always false: PowerDNS answers IXFR with the whole zone ("IXFR fallback to AXFR") or, when the
   * serial asked for is current, with the SOA alone ("IXFR finished").
   */
  @Override
  public boolean servedIxfr() {
    return false;
  }

  @Override
  public boolean ixfrRequested() throws IOException {
    return Primary.logHasLine(log, "IXFR-out zone '" + origin + "'", "transfer initiated");
  }

  @Override
  List<String> command() throws IOException {
    return List.of(Peers.binary("pdns_server", "pdns-server").toString(), "--config-dir=" + dir);
  }

  @Override
  String program() {
    return "pdns_server";
  }
}
