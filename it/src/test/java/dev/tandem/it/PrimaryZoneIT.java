package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Tandem as a primary, black-box: RFC 2136 UPDATE with {@code nsupdate -y} (an ACME DNS-01 client's
 * TXT add and remove; unsigned and wrongly signed updates refused), the journal across a clean
 * restart and a kill -9 (IXFR still incremental from old serials), IXFR older than the journal
 * answered with the whole zone, transfers refused to strangers, and the CLI's edits, journal and
 * export.
 */
class PrimaryZoneIT {
  private static final String ZONE = "example.com.";
  private static final String SECRET =
      Base64.getEncoder().encodeToString("tandem-primary-it-secret-0123456".getBytes());
  private static final String ACME_SECRET =
      Base64.getEncoder().encodeToString("tandem-acme-client-secret-abcdef".getBytes());

  @TempDir Path dir;
  private final List<TandemProcess> running = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (TandemProcess t : running) {
      t.close();
    }
  }

  private Path zoneFile() throws IOException {
    Path f = dir.resolve("example.com.zone");
    if (!Files.exists(f)) {
      Files.writeString(
          f,
          """
          $ORIGIN example.com.
          $TTL 300
          @    SOA ns1 hostmaster 1 3600 900 1209600 300
               NS  ns1
          ns1  A   127.0.0.1
          www  A   192.0.2.1
          """);
    }
    return f;
  }

  private TandemProcess serve(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dns",
                "127.0.0.1:" + Peers.freePort(),
                "--data",
                dir.resolve("data").toString(),
                "--threads",
                "1",
                "--zone",
                "example.com=" + zoneFile(),
                "--tsig",
                "xfr=hmac-sha256:" + SECRET,
                "--tsig",
                "acme=hmac-sha256:" + ACME_SECRET,
                "--allow-transfer",
                "example.com=127.0.0.1@xfr",
                "--allow-update",
                "example.com=xfr",
                "--allow-update",
                "example.com=acme:_acme-challenge.example.com.:TXT"));
    args.addAll(List.of(extra));
    TandemProcess t = TandemProcess.serve(dir.resolve("run"), args.toArray(String[]::new));
    running.add(t);
    return t;
  }

  private static TSIG key(String name, String secret) {
    return new TSIG(TSIG.HMAC_SHA256, name + ".", secret);
  }

  /** {@code nsupdate -y} with {@code commands}; its exit code and output. */
  private static TandemProcess.Result nsupdate(int port, @Nullable String key, String commands)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("nsupdate"));
    if (key != null) {
      cmd.addAll(List.of("-y", key));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream()
        .write(
            ("server 127.0.0.1 " + port + "\nzone example.com\n" + commands + "\nsend\n")
                .getBytes());
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new TandemProcess.Result(
        p.exitValue(), new String(p.getInputStream().readAllBytes()), "");
  }

  private static List<String> txt(int port, String name) throws IOException {
    try (DnsClient c = new DnsClient(port)) {
      Message m = c.udp(Message.newQuery(Record.newRecord(Name.fromString(name), Type.TXT, 1)));
      List<String> out = new ArrayList<>();
      for (Record r : m.getSection(Section.ANSWER)) {
        out.add(((TXTRecord) r).getStrings().get(0));
      }
      return out;
    }
  }

  @Test
  void nsupdateAddsAndRemovesTxtAsAnAcmeClientDoesAndUnsignedOrWronglySignedIsRefused()
      throws Exception {
    TandemProcess t = serve();
    int port = t.port();
    String acme = "hmac-sha256:acme:" + ACME_SECRET;
    String name = "_acme-challenge.example.com.";

    assertThat(nsupdate(port, acme, "update add " + name + " 60 TXT \"token-one\"").exitCode())
        .isZero();
    assertThat(nsupdate(port, acme, "update add " + name + " 60 TXT \"token-two\"").exitCode())
        .isZero();
    assertThat(txt(port, name)).containsExactlyInAnyOrder("token-one", "token-two");
    assertThat(Serials.of(port, ZONE)).isEqualTo(3);

    assertThat(nsupdate(port, acme, "update delete " + name + " TXT \"token-one\"").exitCode())
        .isZero();
    assertThat(txt(port, name)).containsExactly("token-two");
    assertThat(nsupdate(port, acme, "update delete " + name + " TXT").exitCode()).isZero();
    assertThat(txt(port, name)).isEmpty();
    assertThat(Serials.of(port, ZONE)).isEqualTo(5);

    // Refused, and nothing changes: unsigned, wrongly signed, outside the acme key's rules.
    TandemProcess.Result unsigned =
        nsupdate(port, null, "update add www.example.com. 60 A 192.0.2.66");
    assertThat(unsigned.exitCode()).isNotZero();
    assertThat(unsigned.out()).contains("REFUSED");
    String wrong = "hmac-sha256:xfr:" + ACME_SECRET;
    assertThat(nsupdate(port, wrong, "update add www.example.com. 60 A 192.0.2.67").exitCode())
        .isNotZero();
    TandemProcess.Result outside =
        nsupdate(port, acme, "update add www.example.com. 60 A 192.0.2.68");
    assertThat(outside.out()).contains("REFUSED");
    assertThat(Serials.of(port, ZONE)).isEqualTo(5);

    // The admin key may change anything.
    assertThat(
            nsupdate(
                    port,
                    "hmac-sha256:xfr:" + SECRET,
                    "update add www.example.com. 60 A 192.0.2.69")
                .exitCode())
        .isZero();
    assertThat(Serials.of(port, ZONE)).isEqualTo(6);
    assertThat(t.output())
        .contains(
            "refused UPDATE from 127.0.0.1: unsigned, and no update rule takes unsigned UPDATEs");
  }

  private static void update(int port, int i) throws IOException {
    Update u = new Update(Name.fromString(ZONE));
    u.add(Name.fromString("h" + i + "." + ZONE), Type.A, 300, "192.0.2." + (100 + i));
    key("xfr", SECRET).apply(u, null);
    try (DnsClient c = new DnsClient(port)) {
      Message r = c.tcp(u);
      assertThat(r.getRcode()).as("UPDATE %d", i).isEqualTo(Rcode.NOERROR);
    }
  }

  private static ZoneTransferIn ixfr(int port, long from, TSIG key) throws Exception {
    ZoneTransferIn x =
        ZoneTransferIn.newIXFR(Name.fromString(ZONE), from, false, "127.0.0.1", port, key);
    x.setTimeout(Duration.ofSeconds(10));
    x.run();
    return x;
  }

  @Test
  void afterACleanRestartAndAKill9TheJournalIsIntactAndIxfrStillIncremental() throws Exception {
    TandemProcess t = serve();
    for (int i = 1; i <= 10; i++) {
      update(t.port(), i);
    }
    assertThat(ixfr(t.port(), 1, key("xfr", SECRET)).getIXFR()).hasSize(10);

    t.close();
    t = serve();
    assertThat(Serials.of(t.port(), ZONE)).isEqualTo(11);
    // the zone file was not touched: served from the store without parsing it again
    assertThat(t.output()).contains("unchanged since it was taken in, not read");
    ZoneTransferIn afterRestart = ixfr(t.port(), 1, key("xfr", SECRET));
    assertThat(afterRestart.isIXFR()).isTrue();
    assertThat(afterRestart.getIXFR()).hasSize(10);

    for (int i = 11; i <= 13; i++) {
      update(t.port(), i);
    }
    t.signal("KILL"); // right after the last UPDATE was answered: it must be durable
    for (int i = 0; i < 500 && t.isAlive(); i++) {
      Thread.sleep(10);
    }
    assertThat(t.isAlive()).isFalse();
    t = serve();
    assertThat(Serials.of(t.port(), ZONE)).isEqualTo(14);
    ZoneTransferIn afterKill = ixfr(t.port(), 1, key("xfr", SECRET));
    assertThat(afterKill.isIXFR()).isTrue();
    assertThat(afterKill.getIXFR()).hasSize(13);
    assertThat(ixfr(t.port(), 12, key("xfr", SECRET)).getIXFR()).hasSize(2);
  }

  @Test
  void ixfrFromASerialOlderThanTheJournalGetsTheWholeZone() throws Exception {
    Path config = dir.resolve("tandem.yaml");
    Files.writeString(
        config,
        "zone:\n  - domain: depth.test\n    file: " + depthZone() + "\n    journal-max-depth: 3\n");
    TandemProcess t =
        serve(
            "--config",
            config.toString(),
            "--allow-transfer",
            "depth.test=127.0.0.1@xfr",
            "--allow-update",
            "depth.test=xfr");
    for (int i = 1; i <= 6; i++) {
      Update u = new Update(Name.fromString("depth.test."));
      u.add(Name.fromString("n" + i + ".depth.test."), Type.A, 300, "192.0.2." + i);
      key("xfr", SECRET).apply(u, null);
      try (DnsClient c = new DnsClient(t.port())) {
        assertThat(c.tcp(u).getRcode()).isEqualTo(Rcode.NOERROR);
      }
    }
    ZoneTransferIn old =
        ZoneTransferIn.newIXFR(
            Name.fromString("depth.test."), 1, false, "127.0.0.1", t.port(), key("xfr", SECRET));
    old.run();
    assertThat(old.isAXFR()).as("answered with the whole zone").isTrue();
    assertThat(old.getAXFR()).extracting(r -> r.getName().toString()).contains("n6.depth.test.");
    ZoneTransferIn recent =
        ZoneTransferIn.newIXFR(
            Name.fromString("depth.test."), 4, false, "127.0.0.1", t.port(), key("xfr", SECRET));
    recent.run();
    assertThat(recent.isIXFR()).isTrue();
    assertThat(recent.getIXFR()).hasSize(3);
  }

  private Path depthZone() throws IOException {
    Path f = dir.resolve("depth.test.zone");
    Files.writeString(
        f,
        "$ORIGIN depth.test.\n$TTL 300\n@ SOA ns1 h 1 3600 900 1209600 300\n NS ns1\nns1 A 127.0.0.1\n");
    return f;
  }

  @Test
  void transfersAreRefusedToStrangersAndOtherKeysAndNothingIsSent() throws Exception {
    TandemProcess t = serve();
    List<@Nullable TSIG> strangers = new ArrayList<>();
    strangers.add(null);
    strangers.add(key("acme", ACME_SECRET));
    for (TSIG k : strangers) {
      ZoneTransferIn x = ZoneTransferIn.newAXFR(Name.fromString(ZONE), "127.0.0.1", t.port(), k);
      assertThatThrownBy(x::run)
          .isInstanceOf(ZoneTransferException.class)
          .hasMessageContaining("REFUSED");
    }
    ZoneTransferIn ok =
        ZoneTransferIn.newAXFR(Name.fromString(ZONE), "127.0.0.1", t.port(), key("xfr", SECRET));
    ok.run();
    assertThat(ok.getAXFR()).hasSize(5); // SOA, NS, 2 A, closing SOA
    TandemProcess.Result status =
        TandemProcess.run(
            dir, "zone", "status", ZONE, "--json", "--data", dir.resolve("data").toString());
    Object zone = Json.list(Json.parse(status.out().trim()), "zones").get(0);
    assertThat(((Number) Json.member(zone, "refusedTransfers")).longValue()).isEqualTo(2);
  }

  @Test
  void theCliEditsRecordsAndShowsTheJournalAndExportsAZoneThatReadsBack() throws Exception {
    TandemProcess t = serve();
    String data = dir.resolve("data").toString();
    assertThat(
            TandemProcess.run(
                    dir,
                    "record",
                    "add",
                    "--data",
                    data,
                    ZONE,
                    "mail",
                    "300",
                    "MX",
                    "10",
                    "mx.example.net.")
                .exitCode())
        .isZero();
    assertThat(
            TandemProcess.run(
                    dir, "record", "replace", "--data", data, ZONE, "www", "600", "A", "192.0.2.9")
                .exitCode())
        .isZero();
    assertThat(
            TandemProcess.run(dir, "record", "delete", "--data", data, ZONE, "mail", "MX")
                .exitCode())
        .isZero();
    TandemProcess.Result bad =
        TandemProcess.run(
            dir, "record", "add", "--data", data, ZONE, "x", "300", "A", "not-an-address");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("not-an-address");
    assertThat(Serials.of(t.port(), ZONE)).isEqualTo(4);

    TandemProcess.Result journal = TandemProcess.run(dir, "journal", "--data", data, ZONE);
    assertThat(journal.out())
        .contains("serial 1 -> 2")
        .contains("+ mail.example.com.")
        .contains("serial 3 -> 4")
        .contains("- mail.example.com.");

    TandemProcess.Result export = TandemProcess.run(dir, "zone", "export", "--data", data, ZONE);
    assertThat(export.exitCode()).isZero();
    Path exported = dir.resolve("exported.zone");
    Files.writeString(exported, export.out());
    TandemProcess.Result created =
        TandemProcess.run(
            dir, "zone", "create", "--data", data, "copy.test", "--ns", "ns1.provider.example.");
    assertThat(created.exitCode()).as(created.err()).isZero();
    try (DnsClient c = new DnsClient(t.port())) {
      Message soa =
          c.udp(
              Message.newQuery(
                  Record.newRecord(Name.fromString("copy.test."), Type.SOA, DClass.IN)));
      assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
    }
    assertThat(TandemProcess.run(dir, "zone", "delete", "--data", data, "copy.test").exitCode())
        .isZero();
    assertThat(
            TandemProcess.run(dir, "zone", "import", "--data", data, ZONE, exported.toString())
                .out())
        .contains("equals serial 4");
  }
}
