package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog zones (RFC 9432) between Tandem and the Debian 12 peers, on loopback: Knot 3.2 follows
 * the catalog Tandem makes, and Tandem follows the catalogs Knot generates ({@code catalog-role:
 * generate}), BIND 9.18 and NSD 4.6 serve (neither generates one: BIND's is changed by UPDATE,
 * NSD's zone file edited and reloaded, which is how operators of those servers produce catalogs;
 * NSD generates catalogs from 4.9 on) and PowerDNS 4.7 makes ({@code producer} zones). A zone added
 * at the producer is served by the consumer within 2 s (NOTIFY, then IXFR or AXFR of the catalog,
 * then the member's transfer), and a zone removed there disappears.
 */
class CatalogInteropIT {
  private static final String KEY = "xfr";
  private static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  private static final String API_KEY = "catalog-test-key";
  private static final Duration SOON = Duration.ofSeconds(2);

  @TempDir Path dir;
  private TestNodes nodes;

  @BeforeEach
  void keys() throws IOException {
    nodes = new TestNodes(dir, KEY + "=hmac-sha256:" + SECRET);
  }

  @AfterEach
  void stop() throws InterruptedException {
    nodes.close();
  }

  private static String member(String origin) {
    return "$ORIGIN "
        + origin
        + ".\n$TTL 300\n@ SOA ns1.example.net. hostmaster 1 3600 600 86400 300\n"
        + "@ NS ns1.example.net.\nwww A 192.0.2.80\n";
  }

  /** Waits until {@code port} serves {@code zone} (any serial), or, if not {@code served}, not. */
  private static void await(int port, String zone, boolean served, Duration within, Path log)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if ((Serials.of(port, zone) >= 0) == served) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "127.0.0.1:"
            + port
            + (served ? " does not serve " : " still serves ")
            + zone
            + " after "
            + within.toMillis()
            + " ms:\n"
            + Primary.readLog(log));
  }

  private static void awaitLog(Path log, String... parts) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Primary.logHasLine(log, parts)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no line with " + List.of(parts) + " in:\n" + Primary.readLog(log));
      }
      Thread.sleep(20);
    }
  }

  // ---- Knot follows Tandem ----

  @Test
  void knotServesAZoneCreatedInTandemWithinTwoSecondsAndDropsOneDeleted() throws Exception {
    int knotPort = Peers.freePort();
    int http = Peers.freePort();
    TandemProcess producer =
        nodes.tandem(
            "producer",
            "--http",
            "127.0.0.1:" + http,
            "--api-key",
            API_KEY,
            "--produce-catalog",
            "cat.test",
            "--allow-transfer",
            "cat.test=127.0.0.1@" + KEY,
            "--notify",
            "cat.test=127.0.0.1:" + knotPort + "@" + KEY);
    Path knot = dir.resolve("knot");
    Files.createDirectories(knot);
    Files.writeString(
        knot.resolve("knot.conf"),
        """
        server:
            rundir: "%1$s"
            listen: 127.0.0.1@%2$d
            udp-workers: 1
            tcp-workers: 1
            background-workers: 1
        key:
          - id: %3$s
            algorithm: hmac-sha256
            secret: %4$s
        remote:
          - id: tandem
            address: 127.0.0.1@%5$d
            key: %3$s
        acl:
          - id: notify
            address: 127.0.0.1
            key: %3$s
            action: notify
        database:
            storage: "%1$s"
        template:
          - id: default
            storage: "%1$s"
            semantic-checks: off
          - id: member
            storage: "%1$s"
            master: tandem
            acl: notify
            semantic-checks: off
            zonefile-sync: -1
            zonefile-load: none
            journal-content: all
        log:
          - target: stderr
            any: info
        zone:
          - domain: cat.test
            master: tandem
            acl: notify
            catalog-role: interpret
            catalog-template: member
            zonefile-sync: -1
            zonefile-load: none
            journal-content: all
        """
            .formatted(knot, knotPort, KEY, SECRET, producer.port()));
    Path log = knot.resolve("knotd.log");
    nodes.launch(
        log, Peers.binary("knotd", "knot").toString(), "-c", knot.resolve("knot.conf").toString());
    // Knot does not answer queries for a catalog it interprets: its log says when it has it.
    awaitLog(log, "[cat.test.] refresh, remote", "zone updated");

    TandemApi api = new TandemApi(http, API_KEY);
    api.expect(
        201,
        "POST",
        "/api/zones",
        """
        {"zone": "shop.example", "kind": "primary", "nameservers": ["ns1.example.net."],
         "allowTransfer": ["127.0.0.1@%s"], "notify": ["127.0.0.1:%d@%s"]}"""
            .formatted(KEY, knotPort, KEY));
    await(knotPort, "shop.example.", true, SOON, log);

    api.expect(204, "DELETE", "/api/zones/shop.example", null);
    await(knotPort, "shop.example.", false, SOON, log);
    assertThat(Primary.readLog(log)).contains("[shop.example.] zone purged");
  }

  // ---- Tandem follows Knot ----

  @Test
  void tandemServesAZoneKnotAddsToItsGeneratedCatalogWithinTwoSecondsByItsGroup() throws Exception {
    int knotPort = Peers.freePort();
    Path knot = dir.resolve("knot");
    Files.createDirectories(knot);
    for (String z : List.of("m1.example", "m2.example")) {
      Files.writeString(knot.resolve(z + ".zone"), member(z));
    }
    TandemProcess consumer =
        nodes.tandem(
            "consumer",
            "--catalog",
            "kcat.test=127.0.0.1:" + knotPort + "@" + KEY,
            "--catalog-template",
            "g1=127.0.0.1:" + knotPort + "@" + KEY + ";allow-transfer=127.0.0.1");
    Path conf = knot.resolve("knot.conf");
    Files.writeString(
        conf,
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
          - id: %3$s
            algorithm: hmac-sha256
            secret: %4$s
        remote:
          - id: tandem
            address: 127.0.0.1@%5$d
            key: %3$s
        acl:
          - id: transfer
            key: %3$s
            action: transfer
        database:
            storage: "%1$s"
        template:
          - id: default
            storage: "%1$s"
            semantic-checks: off
            acl: transfer
            notify: tandem
            zonefile-sync: -1
          - id: member
            storage: "%1$s"
            semantic-checks: off
            acl: transfer
            notify: tandem
            zonefile-sync: -1
            catalog-role: member
            catalog-zone: kcat.test
            catalog-group: g1
        log:
          - target: stderr
            any: info
        zone:
          - domain: kcat.test
            catalog-role: generate
          - domain: m1.example
            template: member
        """
            .formatted(knot, knotPort, KEY, SECRET, consumer.port()));
    Path log = knot.resolve("knotd.log");
    Process k = nodes.launch(log, Peers.binary("knotd", "knot").toString(), "-c", conf.toString());
    Primary.awaitSoa(k, knotPort, "m1.example", log, "knotd");
    await(consumer.port(), "m1.example.", true, Duration.ofSeconds(15), log);

    knotc(conf, "conf-begin");
    knotc(conf, "conf-set", "zone[m2.example]");
    knotc(conf, "conf-set", "zone[m2.example].template", "member");
    knotc(conf, "conf-commit");
    await(consumer.port(), "m2.example.", true, SOON, log);
    // Configured by the template of its group g1, which lets 127.0.0.1 transfer it (a member
    // configured from the catalog's primaries alone may be transferred by nobody).
    org.xbill.DNS.ZoneTransferIn xfr =
        org.xbill.DNS.ZoneTransferIn.newAXFR(
            org.xbill.DNS.Name.fromString("m2.example."), "127.0.0.1", consumer.port(), null);
    xfr.run();
    assertThat(xfr.getAXFR()).extracting(r -> r.getName().toString()).contains("m2.example.");

    knotc(conf, "conf-begin");
    knotc(conf, "conf-unset", "zone[m1.example]");
    knotc(conf, "conf-commit");
    await(consumer.port(), "m1.example.", false, SOON, log);
  }

  private static void knotc(Path conf, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(Peers.binary("knotc", "knot").toString(), "-c", conf.toString()));
    cmd.addAll(List.of(args));
    Primary.run(cmd, "");
  }

  // ---- Tandem follows BIND ----

  @Test
  void tandemFollowsACatalogBindServesAndChangesByUpdate() throws Exception {
    int bindPort = Peers.freePort();
    TandemProcess consumer =
        nodes.tandem("consumer", "--catalog", "bcat.test=127.0.0.1:" + bindPort + "@" + KEY);
    Path bind = dir.resolve("bind");
    Files.createDirectories(bind);
    Files.writeString(bind.resolve("m1.zone"), member("m1.example"));
    Files.writeString(bind.resolve("m2.zone"), member("m2.example"));
    Files.writeString(
        bind.resolve("bcat.zone"),
        "$ORIGIN bcat.test.\n$TTL 0\n@ SOA invalid. invalid. 1 3600 600 2419200 0\n@ NS invalid.\n"
            + "version TXT \"2\"\nb1.zones PTR m1.example.\n");
    String key = "key \"%s\" { algorithm hmac-sha256; secret \"%s\"; };\n".formatted(KEY, SECRET);
    Files.writeString(bind.resolve("tsig.key"), key);
    Files.writeString(
        bind.resolve("named.conf"),
        NamedProcess.options(
                bind,
                "listen-on port %2$d { 127.0.0.1; };\nnotify explicit;\nnotify-delay 0;\ncheck-integrity no;\n"
                    .formatted(bind, bindPort))
            + """
        %3$s
        zone "bcat.test" { type primary; file "%1$s/bcat.zone"; allow-update { key "%4$s"; };
          allow-transfer { key "%4$s"; }; also-notify { 127.0.0.1 port %5$d key "%4$s"; }; };
        zone "m1.example" { type primary; file "%1$s/m1.zone"; allow-transfer { key "%4$s"; }; };
        zone "m2.example" { type primary; file "%1$s/m2.zone"; allow-transfer { key "%4$s"; }; };
        """
                .formatted(bind, bindPort, key, KEY, consumer.port()));
    Path log = nodes.named(bind, bindPort, "bcat.test");
    await(consumer.port(), "m1.example.", true, Duration.ofSeconds(15), log);

    nsupdate(bind, bindPort, "update add b2.zones.bcat.test. 0 PTR m2.example.");
    await(consumer.port(), "m2.example.", true, SOON, log);
    nsupdate(bind, bindPort, "update delete b1.zones.bcat.test. PTR");
    await(consumer.port(), "m1.example.", false, SOON, log);
  }

  private static void nsupdate(Path bind, int port, String command)
      throws IOException, InterruptedException {
    Primary.run(
        List.of(
            Peers.binary("nsupdate", "bind9-dnsutils").toString(),
            "-k",
            bind.resolve("tsig.key").toString()),
        "server 127.0.0.1 " + port + "\nzone bcat.test.\n" + command + "\nsend\n");
  }

  // ---- Tandem follows NSD ----

  @Test
  void tandemFollowsACatalogNsdServesFromAZoneFile() throws Exception {
    int nsdPort = Peers.freePort();
    TandemProcess consumer =
        nodes.tandem("consumer", "--catalog", "ncat.test=127.0.0.1:" + nsdPort + "@" + KEY);
    Path nsd = dir.resolve("nsd");
    Files.createDirectories(nsd);
    for (String z : List.of("m1.example", "m2.example")) {
      Files.writeString(nsd.resolve(z + ".zone"), member(z));
    }
    Path catalog = nsd.resolve("ncat.zone");
    Files.writeString(catalog, nsdCatalog(1, "n1.zones PTR m1.example.\n"));
    StringBuilder zones = new StringBuilder();
    for (String z : List.of("ncat.test", "m1.example", "m2.example")) {
      zones.append(
          """
          zone:
              name: "%1$s"
              zonefile: "%2$s"
              provide-xfr: 127.0.0.1 %3$s
              notify: 127.0.0.1@%4$d %3$s
          """
              .formatted(
                  z,
                  z.equals("ncat.test") ? catalog : nsd.resolve(z + ".zone"),
                  KEY,
                  consumer.port()));
    }
    Path conf = nsd.resolve("nsd.conf");
    Files.writeString(
        conf,
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
        remote-control:
            control-enable: yes
            control-interface: "%1$s/nsd.sock"
        key:
            name: "%3$s"
            algorithm: hmac-sha256
            secret: "%4$s"
        %5$s"""
            .formatted(nsd, nsdPort, KEY, SECRET, zones));
    Path log = nsd.resolve("nsd.log");
    Process p =
        nodes.launch(log, Peers.binary("nsd", "nsd").toString(), "-d", "-c", conf.toString());
    Primary.awaitSoa(p, nsdPort, "ncat.test", log, "nsd");
    await(consumer.port(), "m1.example.", true, Duration.ofSeconds(15), log);

    Files.writeString(catalog, nsdCatalog(2, "n2.zones PTR m2.example.\n"));
    Primary.run(
        List.of(
            Peers.binary("nsd-control", "nsd").toString(),
            "-c",
            conf.toString(),
            "reload",
            "ncat.test"),
        "");
    await(consumer.port(), "m2.example.", true, SOON, log);
    await(consumer.port(), "m1.example.", false, SOON, log);
  }

  private static String nsdCatalog(long serial, String members) {
    return "$ORIGIN ncat.test.\n$TTL 0\n@ SOA invalid. invalid. "
        + serial
        + " 3600 600 2419200 0\n@ NS invalid.\nversion TXT \"2\"\n"
        + members;
  }

  // ---- Tandem follows PowerDNS ----

  @Test
  void tandemFollowsTheCatalogPowerDnsProduces() throws Exception {
    int pdnsPort = Peers.freePort();
    TandemProcess consumer =
        nodes.tandem("consumer", "--catalog", "pcat.test=127.0.0.1:" + pdnsPort + "@" + KEY);
    Path pdns = dir.resolve("pdns");
    Files.createDirectories(pdns);
    Path db = pdns.resolve("pdns.sqlite3");
    Files.writeString(
        pdns.resolve("pdns.conf"),
        """
        launch=gsqlite3
        gsqlite3-database=%1$s
        local-address=127.0.0.1
        local-port=%2$d
        allow-axfr-ips=
        socket-dir=%3$s
        daemon=no
        guardian=no
        disable-syslog=yes
        write-pid=no
        loglevel=6
        cache-ttl=0
        query-cache-ttl=0
        negquery-cache-ttl=0
        zone-metadata-cache-ttl=0
        # zones made with pdnsutil while it runs are served at once (the zone cache is off)
        zone-cache-refresh-interval=0
        security-poll-suffix=
        webserver=no
        api=no
        primary=yes
        also-notify=127.0.0.1:%4$d
        only-notify=
        # look for changed serials (the producer zone's, too) every second, not every 60 s
        xfr-cycle-interval=1
        """
            .formatted(db, pdnsPort, pdns, consumer.port()));
    Path schema =
        List.of(
                Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"),
                Path.of("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"))
            .stream()
            .filter(Files::isReadable)
            .findFirst()
            .orElseThrow();
    Primary.run(
        List.of(Peers.binary("sqlite3", "sqlite3").toString(), db.toString()),
        Files.readString(schema));
    pdnsutil(pdns, "create-zone", "pcat.test", "ns1.example.net");
    pdnsutil(pdns, "set-kind", "pcat.test", "producer");
    pdnsutil(pdns, "import-tsig-key", KEY, "hmac-sha256", SECRET);
    pdnsutil(pdns, "activate-tsig-key", "pcat.test", KEY, "producer");
    addPdnsMember(pdns, "m1.example");
    Path log = pdns.resolve("pdns.log");
    Process p =
        nodes.launch(
            log, Peers.binary("pdns_server", "pdns-server").toString(), "--config-dir=" + pdns);
    Primary.awaitSoa(p, pdnsPort, "pcat.test", log, "pdns_server");
    await(consumer.port(), "m1.example.", true, Duration.ofSeconds(15), log);

    addPdnsMember(pdns, "m2.example");
    // PowerDNS makes the catalog anew on its cycle (every second here), then NOTIFYs.
    await(consumer.port(), "m2.example.", true, SOON, log);
    pdnsutil(pdns, "delete-zone", "m1.example");
    await(consumer.port(), "m1.example.", false, SOON, log);
  }

  private static void addPdnsMember(Path pdns, String zone)
      throws IOException, InterruptedException {
    pdnsutil(pdns, "create-zone", zone, "ns1.example.net");
    pdnsutil(pdns, "set-kind", zone, "primary");
    pdnsutil(pdns, "activate-tsig-key", zone, KEY, "primary");
    pdnsutil(pdns, "set-catalog", zone, "pcat.test");
  }

  private static void pdnsutil(Path pdns, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Peers.binary("pdnsutil", "pdns-server").toString(), "--config-dir=" + pdns));
    cmd.addAll(List.of(args));
    Primary.run(cmd, "");
  }
}
