package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.api.ZoneMetrics;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The client commands against a real server: each command's output and exit code, and the errors a
 * person meets (no server, a wrong key, an unknown zone, invalid data), as the CLI prints them.
 */
class ClientCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @    SOA ns1 hostmaster 1 3600 900 1209600 300
           NS  ns1
      ns1  A   192.0.2.1
      www  A   192.0.2.80
      """;

  @TempDir Path dir;
  private Path zoneFile;
  private Path data;
  private TandemServer server;

  /** What one command did. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    zoneFile = dir.resolve("example.test.zone");
    Files.writeString(zoneFile, ZONE);
    data = dir.resolve("data");
    server =
        TandemServer.start(
            new TandemServer.Options(
                List.of(ZoneSource.parse("example.test=" + zoneFile)),
                data,
                ServerConfig.of(List.of(new InetSocketAddress("127.0.0.1", 0)), 1),
                ResponderConfig.defaults(),
                TandemServer.Control.none(),
                null,
                "test-admin-secret",
                null,
                new InetSocketAddress("127.0.0.1", 0),
                null,
                ZoneMetrics.DEFAULT_PER_ZONE));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runs {@code tandem ARGS...} against the server's data directory. */
  private Run tandem(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data");
    all.add(data.toString());
    return raw(all.toArray(String[]::new));
  }

  /** Runs {@code tandem ARGS...} as given. */
  private static Run raw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private long serial() throws Exception {
    var z = server.zones().get(Name.fromString("example.test."));
    assertThat(z).isNotNull();
    return z == null ? -1 : z.serial();
  }

  private String url() {
    return "http://" + server.http().address();
  }

  // ---- zones ----

  @Test
  void statusShowsEveryZoneAndOneZoneAsTextAndJson() throws Exception {
    Run all = tandem("zone", "status");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).startsWith("example.test. primary ok serial 1");

    Run json = tandem("zone", "status", "example.test", "--json");
    assertThat(json.code()).isZero();
    assertThat(json.out().strip()).doesNotContain("\n"); // one line, as before
    JsonNode zones = JSON.readTree(json.out()).path("zones");
    assertThat(zones).hasSize(1);
    assertThat(zones.get(0).path("zone").asText()).isEqualTo("example.test.");
    assertThat(zones.get(0).path("serial").asLong()).isEqualTo(1);

    for (String[] alias :
        List.of(new String[] {"status"}, new String[] {"zone-status", "example.test."})) {
      Run r = tandem(alias);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("example.test. primary ok serial 1");
    }
  }

  @Test
  void anUnknownZoneIsNamedWithExitCodeOne() {
    Run r = tandem("zone", "status", "nope.test");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("tandem: no zone nope.test. here");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void listShowsAZoneTableAndTheApiJson() throws Exception {
    Run r = tandem("zone", "list");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .first()
        .asString()
        .startsWith("ZONE")
        .contains("KIND", "STATE", "SERIAL");
    assertThat(r.out()).containsPattern("example\\.test\\.\\s+primary\\s+ok\\s+1");
    Run json = tandem("zone", "list", "--json");
    JsonNode list = JSON.readTree(json.out());
    assertThat(list.isArray()).isTrue();
    assertThat(list.get(0).path("kind").asText()).isEqualTo("primary");
    assertThat(json.out()).contains("\n  "); // indented
  }

  @Test
  void recordsAreEditedOneSerialEachAndTheJournalShowsThem() throws Exception {
    Run add = tandem("record", "add", "example.test", "mail", "300", "MX", "10", "mx.example.net.");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out()).contains("2");
    Run replace = tandem("record", "replace", "example.test", "www", "600", "A", "192.0.2.9");
    assertThat(replace.code()).as(replace.err()).isZero();
    Run delete = tandem("record", "delete", "example.test", "mail", "MX");
    assertThat(delete.code()).as(delete.err()).isZero();
    assertThat(serial()).isEqualTo(4);

    Run list = tandem("record", "list", "example.test", "www");
    assertThat(list.out()).contains("www.example.test.\t600\tIN\tA\t192.0.2.9");
    assertThat(list.out()).doesNotContain("ns1");
    Run listJson = tandem("record", "list", "example.test", "--json");
    assertThat(JSON.readTree(listJson.out()).size()).isEqualTo(4); // SOA, NS, ns1 A, www A

    Run journal = tandem("journal", "example.test");
    assertThat(journal.code()).isZero();
    assertThat(journal.out())
        .contains("serial 1 -> 2")
        .contains("+ mail.example.test.")
        .contains("serial 3 -> 4")
        .contains("- mail.example.test.");
    Run zoneJournal = tandem("zone", "journal", "example.test", "--json");
    assertThat(JSON.readTree(zoneJournal.out())).hasSize(3);
  }

  @Test
  void invalidRdataIsRefusedWithTheReasonAndNothingChanges() throws Exception {
    Run bad = tandem("record", "add", "example.test", "x", "300", "A", "not-an-address");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).startsWith("tandem: ").contains("not-an-address").contains("rdata");
    Run badType = tandem("record", "add", "example.test", "x", "300", "NOPE", "1");
    assertThat(badType.code()).isEqualTo(1);
    assertThat(badType.err()).contains("RRset x.example.test. IN NOPE: unknown type given");
    Run unknownZone = tandem("record", "add", "nope.test", "x", "300", "A", "192.0.2.1");
    assertThat(unknownZone.code()).isEqualTo(1);
    assertThat(unknownZone.err()).contains("no zone nope.test. here");
    assertThat(serial()).isEqualTo(1);
    Run journal = tandem("journal", "example.test");
    assertThat(journal.out()).contains("example.test.: no changes kept");
  }

  @Test
  void aCnameBesideOtherDataIsRefusedNotDroppedAndNothingChanges() throws Exception {
    Run cname = tandem("record", "add", "example.test", "www", "300", "CNAME", "elsewhere.test.");
    assertThat(cname.code()).isEqualTo(1);
    assertThat(cname.err())
        .startsWith("tandem: ")
        .contains("RRset www.example.test. IN CNAME: Conflicts with pre-existing RRset A");
    assertThat(serial()).isEqualTo(1);

    Run alias = tandem("record", "add", "example.test", "alias", "300", "CNAME", "www");
    assertThat(alias.code()).as(alias.err()).isZero();
    Run beside = tandem("record", "replace", "example.test", "alias", "300", "TXT", "\"x\"");
    assertThat(beside.code()).isEqualTo(1);
    assertThat(beside.err())
        .contains("RRset alias.example.test. IN TXT: Conflicts with pre-existing RRset CNAME");
    assertThat(serial()).isEqualTo(2);
    assertThat(tandem("record", "list", "example.test", "alias").out())
        .contains("alias.example.test.\t300\tIN\tCNAME\twww.example.test.")
        .doesNotContain("TXT");
  }

  @Test
  void exportThenImportReadsBackAndCreateFromAFileUploadsIt() throws Exception {
    assertThat(tandem("record", "add", "example.test", "a", "300", "A", "192.0.2.7").code())
        .isZero();
    Run export = tandem("zone", "export", "example.test");
    assertThat(export.code()).isZero();
    assertThat(export.out()).contains("$ORIGIN example.test.").contains("a.example.test.");
    Path exported = dir.resolve("exported.zone");
    Files.writeString(exported, export.out());

    Run imported = tandem("zone", "import", "example.test", exported.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("equals serial 2");

    // A file the server never sees: the CLI reads it and sends its text.
    Path copy = dir.resolve("elsewhere/copy.zone");
    Files.createDirectories(copy.getParent());
    Files.writeString(copy, ZONE.replace("example.test.", "copy.test."));
    Run created = tandem("zone", "create", "copy.test", "--file", copy.toString());
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).contains("zone copy.test. created at serial 1");
    assertThat(server.zones().get(Name.fromString("copy.test."))).isNotNull();
  }

  @Test
  void aZoneFileWithErrorsIsRefusedLineByLine() throws Exception {
    Path bad = dir.resolve("bad.zone");
    Files.writeString(bad, ZONE + "www CNAME ns1\nbad A 192.0.2.300\n");
    Run r = tandem("zone", "import", "example.test", bad.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(bad + ":8: error:")
        .contains("tandem: the zone file was not taken: nothing changed");
    Run missing = tandem("zone", "import", "example.test", dir.resolve("nope.zone").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .contains("cannot read " + dir.resolve("nope.zone") + ": no such file");
    Run create = tandem("zone", "create", "other.test", "--file", bad.toString());
    assertThat(create.code()).isEqualTo(1);
    assertThat(create.err()).contains(bad + ":").contains("nothing changed");
    assertThat(serial()).isEqualTo(1);
  }

  @Test
  void aZoneIsCreatedEmptyTransferredAndDeletedWithItsHistory() throws Exception {
    Run created =
        tandem(
            "zone",
            "create",
            "new.test",
            "--ns",
            "ns1.provider.example.",
            "--allow-transfer",
            "127.0.0.1");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("zone new.test. created at serial");
    Run none = tandem("zone", "transfers", "new.test");
    assertThat(none.out()).contains("new.test.: no transfers yet");

    int port = server.dns().addresses().get(0).getPort();
    ZoneTransferIn axfr =
        ZoneTransferIn.newAXFR(Name.fromString("new.test."), "127.0.0.1", port, null);
    axfr.run();
    assertThat(axfr.getAXFR()).isNotEmpty();

    Run transfers = tandem("zone", "transfers", "new.test", "--limit", "5");
    assertThat(transfers.code()).as(transfers.err()).isZero();
    assertThat(transfers.out().lines().findFirst().orElse(""))
        .contains("TIME", "DIR", "PEER", "TYPE", "SERIALS", "RECORDS", "BYTES", "MS", "RESULT");
    assertThat(transfers.out()).containsPattern("out\\s+127\\.0\\.0\\.1\\S*\\s+AXFR");
    JsonNode json = JSON.readTree(tandem("zone", "transfers", "new.test", "--json").out());
    assertThat(json.get(0).path("direction").asText()).isEqualTo("out");

    Run notify = tandem("zone", "notify", "new.test");
    assertThat(notify.code()).as(notify.err()).isZero();
    assertThat(notify.out()).contains("NOTIFY for serial");
    assertThat(tandem("zone-notify", "new.test").code()).isZero();

    Run deleted = tandem("zone", "delete", "new.test");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    assertThat(deleted.out()).contains("zone new.test. deleted");
    assertThat(server.zones().get(Name.fromString("new.test."))).isNull();
    Run again = tandem("zone", "delete", "new.test");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("no zone new.test. here");
    Run configured = tandem("zone", "delete", "example.test");
    assertThat(configured.code()).isEqualTo(1);
    assertThat(configured.err()).contains("comes from the configuration");
  }

  @Test
  void aSecondaryIsCreatedRefreshedAndRetransferred() throws Exception {
    Run created = tandem("zone", "create", "sec.test", "--secondary", "--primary", "127.0.0.1:9");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).contains("zone sec.test. created: secondary of 127.0.0.1");
    Run status = tandem("status", "sec.test");
    assertThat(status.out()).startsWith("sec.test. secondary").contains("primaries");

    for (String[] args :
        List.of(
            new String[] {"zone", "refresh", "sec.test"},
            new String[] {"zone-refresh", "sec.test"})) {
      Run r = tandem(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("sec.test.: refresh queued");
    }
    for (String[] args :
        List.of(
            new String[] {"zone", "retransfer", "sec.test"},
            new String[] {"zone-retransfer", "sec.test"})) {
      Run r = tandem(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("sec.test.: retransfer (AXFR) queued");
    }
    Run primary = tandem("zone", "refresh", "example.test");
    assertThat(primary.code()).isEqualTo(1);
    assertThat(primary.err()).contains("is a primary here");
    Run edit = tandem("record", "add", "sec.test", "x", "300", "A", "192.0.2.1");
    assertThat(edit.code()).isEqualTo(1);
    assertThat(edit.err()).contains("is a secondary here");
    assertThat(tandem("zone", "delete", "sec.test").code()).isZero();
  }

  @Test
  void createFlagsThatDoNotFitAreUsageErrors() {
    Run nothing = tandem("zone", "create", "x.test");
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("--file FILE or at least one --ns NAME");
    Run noPrimary = tandem("zone", "create", "x.test", "--secondary");
    assertThat(noPrimary.code()).isEqualTo(2);
    assertThat(noPrimary.err()).contains("needs at least one --primary");
    Run mixed = tandem("zone", "create", "x.test", "--primary", "192.0.2.1", "--ns", "ns1.x.");
    assertThat(mixed.code()).isEqualTo(2);
    assertThat(mixed.err()).contains("--ns is for primary zones");
    Run badPrimary = tandem("zone", "create", "x.test", "--primary", "not an address");
    assertThat(badPrimary.code()).isEqualTo(1);
    assertThat(badPrimary.err()).contains("primaries[0]");
  }

  // ---- reload ----

  @Test
  void reloadServesTheNewFileAndKeepsTheOldOneOnErrors() throws Exception {
    Files.writeString(zoneFile, ZONE.replace(" 1 3600", " 2 3600"));
    Run r = tandem("reload");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("example.test.: loaded serial 2");

    Files.writeString(zoneFile, ZONE.replace(" 1 3600", " 3 3600") + "www CNAME ns1\n");
    Run broken = tandem("zone-reload");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out())
        .contains(zoneFile + ":7: error: CNAME and other data")
        .contains("not reloaded, still serving serial 2");
  }

  // ---- finding the server ----

  @Test
  void withoutARunningServerTheDataDirectoryIsNamed() {
    Path elsewhere = dir.resolve("elsewhere");
    Run r = raw("reload", "--data", elsewhere.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("tandem: no server is running with data directory " + elsewhere)
        .contains("no " + elsewhere.resolve("api.json"));
  }

  @Test
  void aServerThatDoesNotAnswerIsSaidToBeDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = raw("zone", "list", "--server", "http://127.0.0.1:" + port, "--api-key", "k");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("tandem: the server at http://127.0.0.1:" + port + " does not answer")
        .containsIgnoringCase("connection refused")
        .contains("is tandem serve running");
    Run noKey = raw("zone", "list", "--server", "http://127.0.0.1:" + port);
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err()).contains("needs an API key");
  }

  @Test
  void theServerIsReachedByUrlAndAWrongKeyIsRefused() {
    Run ok = raw("zone", "list", "--server", url(), "--api-key", "test-admin-secret");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("example.test.");
    Run bad = raw("zone", "list", "--server", url(), "--api-key", "wrong");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("tandem: the API key is not valid");
    Run reload = raw("reload", "--server", url() + "/api/", "--api-key", "test-admin-secret");
    assertThat(reload.code()).as(reload.err()).isZero();
  }

  // ---- keys, peers, ACLs, API keys ----

  @Test
  void apiKeysAreCreatedWithTheirScopeListedAndRevoked() throws Exception {
    Run made = tandem("api-key", "create", "reader", "--scope", "read", "--json");
    assertThat(made.code()).as(made.err()).isZero();
    String secret = JSON.readTree(made.out()).path("secret").asText();
    assertThat(secret).isNotEmpty();

    Run list = tandem("api-key", "list");
    assertThat(list.out()).containsPattern("reader\\s+read");
    Run read = raw("zone", "status", "--server", url(), "--api-key", secret);
    assertThat(read.code()).as(read.err()).isZero();
    Run write =
        raw(
            "record",
            "add",
            "example.test",
            "x",
            "300",
            "A",
            "192.0.2.1",
            "--server",
            url(),
            "--api-key",
            secret);
    assertThat(write.code()).isEqualTo(1);
    assertThat(write.err()).contains("has scope read; this needs write");
    Run admin = tandem("api-key", "list", "--api-key", secret);
    assertThat(admin.code()).isEqualTo(1);
    assertThat(admin.err()).contains("this needs admin");

    Run human = tandem("api-key", "create", "writer", "--scope", "write");
    assertThat(human.out()).contains("API key writer (scope write) created");
    Run badScope = tandem("api-key", "create", "x", "--scope", "root");
    assertThat(badScope.code()).isEqualTo(1);
    assertThat(badScope.err()).contains("scope 'root' is not read, write or admin");

    assertThat(tandem("api-key", "delete", "reader").out()).contains("API key reader revoked");
    Run revoked = raw("zone", "status", "--server", url(), "--api-key", secret);
    assertThat(revoked.code()).isEqualTo(1);
    assertThat(revoked.err()).contains("the API key is not valid");
  }

  @Test
  void tsigKeysPeersAndAclsAreManaged() throws Exception {
    Run key = tandem("key", "create", "xfr", "--algorithm", "hmac-sha256");
    assertThat(key.code()).as(key.err()).isZero();
    assertThat(key.out()).contains("xfr.").contains("secret").contains("as --tsig");
    Run given = tandem("key", "create", "given", "--secret", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");
    assertThat(given.out()).contains("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");
    assertThat(tandem("key", "list").out()).containsPattern("xfr\\.\\s+hmac-sha256\\s+api");
    assertThat(JSON.readTree(tandem("key", "show", "xfr", "--json").out()).path("secret").asText())
        .isNotEmpty();
    Run dup = tandem("key", "create", "xfr");
    assertThat(dup.code()).isEqualTo(1);
    assertThat(dup.err()).contains("exists already");

    Run peer =
        tandem(
            "peer",
            "add",
            "hidden",
            "--address",
            "127.0.53.53", // loopback: the secondary below asks it, and tests send nothing further
            "--port",
            "5353",
            "--key",
            "xfr",
            "--no-ixfr");
    assertThat(peer.code()).as(peer.err()).isZero();
    assertThat(peer.out()).contains("hidden: 127.0.53.53 port 5353, key xfr., AXFR only");
    assertThat(tandem("peer", "list").out()).containsPattern("hidden\\s+127\\.0\\.53\\.53\\s+5353");
    assertThat(tandem("peer", "show", "hidden").code()).isZero();
    Run keyInUse = tandem("key", "delete", "xfr");
    assertThat(keyInUse.code()).isEqualTo(1);
    assertThat(keyInUse.err()).contains("still used by peer hidden");
    Run badPeer = tandem("peer", "add", "p2", "--address", "192.0.2.1", "--key", "nokey");
    assertThat(badPeer.code()).isEqualTo(1);
    assertThat(badPeer.err()).contains("TSIG key nokey. is not defined");

    // A secondary zone whose primary is the peer, by name.
    Run sec = tandem("zone", "create", "peer.test", "--primary", "hidden");
    assertThat(sec.code()).as(sec.err()).isZero();
    assertThat(sec.out()).contains("127.0.53.53");
    assertThat(tandem("zone", "delete", "peer.test").code()).isZero();

    Run acl = tandem("acl", "set", "ours", "192.0.2.0/24", "2001:db8::/32@xfr");
    assertThat(acl.code()).as(acl.err()).isZero();
    assertThat(acl.out()).contains("ours: 192.0.2.0/24, 2001:db8::/32@xfr");
    assertThat(tandem("acl", "list").out()).contains("ours");
    assertThat(JSON.readTree(tandem("acl", "show", "ours", "--json").out()).path("rules"))
        .hasSize(2);
    Run badAcl = tandem("acl", "set", "bad", "not-a-prefix");
    assertThat(badAcl.code()).isEqualTo(1);
    assertThat(badAcl.err()).contains("rules[0]");

    assertThat(tandem("acl", "delete", "ours").out()).contains("ACL ours deleted");
    assertThat(tandem("peer", "delete", "hidden").out()).contains("peer hidden deleted");
    assertThat(tandem("key", "delete", "xfr").out()).contains("TSIG key xfr. deleted");
    Run gone = tandem("peer", "show", "hidden");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).contains("no peer 'hidden' here");
  }

  // ---- settings at run time ----

  @Test
  void zoneSetChangesAZonesSettingsAndSaysWhatTheyAreNow() throws Exception {
    Run made = tandem("zone", "create", "shop.test", "--ns", "ns1.example.net.");
    assertThat(made.code()).as(made.err()).isZero();
    Run set =
        tandem(
            "zone",
            "set",
            "shop.test",
            "--allow-transfer",
            "192.0.2.0/24",
            "--allow-transfer",
            "198.51.100.7",
            "--serial-policy",
            "dateserial",
            "--journal-max-changes",
            "50");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out())
        .contains("allowTransfer   192.0.2.0/24, 198.51.100.7/32")
        .contains("serialPolicy    dateserial")
        .contains("journal         50 changes");
    Run cleared = tandem("zone", "set", "shop.test", "--clear", "allow-transfer", "--json");
    assertThat(cleared.code()).as(cleared.err()).isZero();
    assertThat(JSON.readTree(cleared.out()).path("allowTransfer").size()).isZero();

    Run bad = tandem("zone", "set", "shop.test", "--primary", "192.0.2.1");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("'primaries' is not a setting of a primary zone");
    Run configured = tandem("zone", "set", "example.test", "--allow-transfer", "any");
    assertThat(configured.code()).isEqualTo(1);
    assertThat(configured.err()).contains("comes from the configuration");
    Run nothing = tandem("zone", "set", "shop.test");
    assertThat(nothing.code()).isEqualTo(2);
  }

  @Test
  void keyRotateGivesANewSecretAndSaysUntilWhenTheOldOneIsTaken() throws Exception {
    assertThat(tandem("key", "create", "xfr").code()).isZero();
    String before =
        JSON.readTree(tandem("key", "show", "xfr", "--json").out()).path("secret").asText();
    Run rotated = tandem("key", "rotate", "xfr", "--overlap", "120");
    assertThat(rotated.code()).as(rotated.err()).isZero();
    assertThat(rotated.out()).contains("rollover   the old secret is accepted too until");
    JsonNode after = JSON.readTree(tandem("key", "show", "xfr", "--json").out());
    assertThat(after.path("secret").asText()).isNotEqualTo(before).isNotEmpty();
    assertThat(after.path("previousUntil").isTextual()).isTrue();
    Run given =
        tandem(
            "key",
            "rotate",
            "xfr",
            "--secret",
            "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0",
            "--overlap",
            "0");
    assertThat(given.code()).as(given.err()).isZero();
    assertThat(given.out()).contains("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0").doesNotContain("rollover");
    Run unknown = tandem("key", "rotate", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no TSIG key nope.");
  }
}
