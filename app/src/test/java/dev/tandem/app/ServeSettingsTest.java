package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.access.TsigKey;
import dev.tandem.control.monitor.lookup.RootHints;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.server.ListenAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/**
 * How {@code tandem serve} merges its configuration file and its flags: a flag given wins, also
 * with its default value; one not given leaves the file's value; named things (zones, keys) and
 * access rules add up. The flags are parsed by picocli exactly as {@code tandem serve} parses them.
 */
class ServeSettingsTest {
  private static final String FILE_SECRET = b64("file-secret-file-secret-file-sec");
  private static final String FLAG_SECRET = b64("flag-secret-flag-secret-flag-sec");

  /** A secondary (example.com) and a primary (example.org) zone with rules, limits, addresses. */
  private static final String CONFIG =
      """
      server:
        listen: 127.0.0.1@5301
        http: 127.0.0.1:8054
      key:
        - id: xfr
          algorithm: hmac-sha256
          secret: %s
      remote:
        - id: hidden
          address: 192.0.2.1@53
          key: xfr
        - id: downstream
          address: 198.51.100.7@53
      acl:
        - id: xfr-out
          address: 198.51.100.0/24
          key: xfr
          action: transfer
        - id: monitor
          address: 203.0.113.9
          action: notify
        - id: acme
          key: xfr
          action: update
      zone:
        - domain: example.com
          primary: hidden
          notify: downstream
          acl: [xfr-out, monitor]
        - domain: example.org
          file: example.org.zone
          notify: downstream
          acl: [xfr-out, acme]
          serial-policy: unixtime
          journal-max-depth: 50
      transfer:
        max-records: 1000
        max-bytes: 2000
        timeout: 30
      """
          .formatted(FILE_SECRET);

  @TempDir Path dir;
  private String config;

  @BeforeEach
  void writeConfig() throws Exception {
    config = write("tandem.yaml", CONFIG).toString();
  }

  // ---- single values ----

  @Test
  void aFlagGivenWithItsDefaultValueWinsOverTheFile() {
    TransferLimits d = TransferLimits.DEFAULT;
    TandemServer.Options o =
        serve(
            "--config",
            config,
            "--dns",
            ServeCommand.DEFAULT_DNS,
            "--transfer-max-records",
            String.valueOf(d.maxRecords()),
            "--transfer-max-bytes",
            String.valueOf(d.maxBytes()),
            "--transfer-timeout",
            String.valueOf(d.timeout().toSeconds()));

    assertThat(o.control().options().limits()).isEqualTo(d);
    assertThat(o.server().addresses())
        .extracting(ListenAddress::format)
        .containsExactly("127.0.0.1:5300");
  }

  @Test
  void aFlagNotGivenLeavesTheFilesValueAndWithNeitherTheDefault() {
    TandemServer.Options fromFile = serve("--config", config);
    TandemServer.Options oneFlag = serve("--config", config, "--transfer-timeout", "60");
    TandemServer.Options noFile = serve("--zone", "example.org=x.zone");

    assertThat(fromFile.control().options().limits())
        .isEqualTo(new TransferLimits(1000, 2000, Duration.ofSeconds(30)));
    assertThat(fromFile.server().addresses())
        .extracting(ListenAddress::format)
        .containsExactly("127.0.0.1:5301");
    assertThat(fromFile.http()).isNotNull();
    assertThat(Objects.requireNonNull(fromFile.http()).getPort()).isEqualTo(8054);
    assertThat(oneFlag.control().options().limits())
        .isEqualTo(new TransferLimits(1000, 2000, Duration.ofSeconds(60)));
    assertThat(noFile.control().options().limits()).isEqualTo(TransferLimits.DEFAULT);
    assertThat(noFile.server().addresses())
        .extracting(ListenAddress::format)
        .containsExactly(ServeCommand.DEFAULT_DNS);
    assertThat(noFile.http()).isNull();
  }

  @Test
  void dnsAndHttpFlagsReplaceTheFilesAddresses() {
    TandemServer.Options o =
        serve(
            "--config",
            config,
            "--dns",
            "127.0.0.1:5400",
            "--dns",
            "[::1]:5400",
            "--http",
            "127.0.0.1:9000");
    assertThat(o.server().addresses())
        .extracting(ListenAddress::format)
        .containsExactly("127.0.0.1:5400", "[::1]:5400");
    assertThat(Objects.requireNonNull(o.http()).getPort()).isEqualTo(9000);
  }

  // ---- zones and keys ----

  @Test
  void zonesAndKeysOfTheFlagsAddToTheFilesAndReplaceThoseOfTheSameName() throws Exception {
    Path keyFile = write("other.key", "other2=hmac-sha256:" + FLAG_SECRET + "\n");
    TandemServer.Options o =
        serve(
            "--config",
            config,
            "--zone",
            "example.net=" + dir.resolve("example.net.zone"),
            "--tsig",
            "xfr=hmac-sha512:" + FLAG_SECRET,
            "--tsig",
            "other=hmac-sha256:" + FLAG_SECRET,
            "--tsig-file",
            keyFile.toString());

    assertThat(o.zones())
        .extracting(z -> z.origin().toString())
        .containsExactly("example.org.", "example.net.");
    assertThat(o.control().secondaries())
        .extracting(s -> s.zone().toString())
        .containsExactly("example.com.");
    assertThat(o.control().keys())
        .extracting(k -> k.name().toString())
        .containsExactly("xfr.", "other.", "other2.");
    TsigKey xfr = o.control().keys().get(0);
    assertThat(xfr.secret()).isEqualTo(Base64.getDecoder().decode(FLAG_SECRET));
    assertThat(xfr.toString()).contains("SHA512");
  }

  @Test
  void accessRulesOfTheFlagsAddToTheFilesAndASerialPolicyReplacesIt() {
    TandemServer.Options o =
        serve(
            "--config",
            config,
            "--allow-transfer",
            "example.org=192.0.2.0/24",
            "--notify",
            "example.org=192.0.2.9:53",
            "--allow-update",
            "example.org=xfr:_acme-challenge.example.org.:TXT",
            "--serial-policy",
            "example.org=dateserial",
            "--allow-transfer",
            "example.com=192.0.2.0/24",
            "--allow-notify",
            "example.com=192.0.2.99");

    PrimaryConfig org = primary(o, "example.org.");
    assertThat(strings(org.allowTransfer()))
        .containsExactly("198.51.100.0/24 key xfr.", "192.0.2.0/24");
    assertThat(strings(org.alsoNotify())).containsExactly("198.51.100.7:53", "192.0.2.9:53");
    assertThat(org.allowUpdate()).hasSize(2);
    assertThat(org.serialPolicy()).isEqualTo(SerialPolicy.parse("dateserial"));
    assertThat(org.journal().steps()).isEqualTo(50);
    SecondaryConfig com = secondary(o, "example.com.");
    assertThat(strings(com.allowTransfer()))
        .containsExactly("198.51.100.0/24 key xfr.", "192.0.2.0/24");
    assertThat(strings(com.allowNotify())).containsExactly("203.0.113.9/32", "192.0.2.99/32");
    assertThat(strings(com.downstream())).containsExactly("198.51.100.7:53");
  }

  @Test
  void theNsSetIsNotifiedOnlyWhenAZoneAsksForItByFlagOrInTheFile() throws Exception {
    Path withNotifyNs =
        write("notify-ns.yaml", CONFIG.replace("journal-max-depth: 50", "notify-ns: on"));

    assertThat(primary(serve("--config", config), "example.org.").notifyNs())
        .as("off by default, though others may transfer the zone")
        .isFalse();
    assertThat(primary(serve("--config", withNotifyNs.toString()), "example.org.").notifyNs())
        .isTrue();
    assertThat(
            primary(serve("--config", config, "--notify-ns", "example.org"), "example.org.")
                .notifyNs())
        .isTrue();
    assertThatThrownBy(() -> serve("--config", config, "--notify-ns", "example.com"))
        .hasMessage("invalid --notify-ns: example.com. is not a primary zone here");
    Path bad = write("bad.yaml", CONFIG.replace("journal-max-depth: 50", "notify-ns: maybe"));
    assertThatThrownBy(() -> serve("--config", bad.toString()))
        .hasMessageContaining("notify-ns: 'maybe' is not on or off");
  }

  @Test
  void maxRecordsPerTypeComesFromTheFileOrTheFlagAndIsOneHundredWithNeither() throws Exception {
    Path withLimit =
        write("per-type.yaml", CONFIG.replace("journal-max-depth: 50", "max-records-per-type: 7"));

    assertThat(primary(serve("--config", config), "example.org.").rrsetLimits().maxRecords())
        .isEqualTo(100);
    assertThat(
            primary(serve("--config", withLimit.toString()), "example.org.")
                .rrsetLimits()
                .maxRecords())
        .isEqualTo(7);
    assertThat(
            primary(
                    serve("--config", config, "--max-records-per-type", "example.org=500"),
                    "example.org.")
                .rrsetLimits()
                .maxRecords())
        .isEqualTo(500);
    assertThatThrownBy(() -> serve("--config", config, "--max-records-per-type", "example.org=0"))
        .hasMessage("invalid --max-records-per-type: '0' is not a whole number of 1 or more");
  }

  @Test
  void perZoneMetricsAreBoundedByTenThousandZonesUnlessToldOtherwise() {
    assertThat(serve().metricsZones()).isEqualTo(10_000);
    assertThat(serve("--metrics-zones", "0").metricsZones()).isZero();
    assertThatThrownBy(() -> serve("--metrics-zones", "-1"))
        .hasMessage("invalid --metrics-zones: -1 (0 or more)");
  }

  @Test
  void aZoneFlagForAZoneOfTheFileChangesWhereItComesFromAndKeepsTheRulesThatStillApply() {
    Path other = dir.resolve("other.org.zone");
    TandemServer.Options sameKind = serve("--config", config, "--zone", "example.org=" + other);
    TandemServer.Options swapped =
        serve(
            "--config",
            config,
            "--zone",
            "example.com=" + other,
            "--secondary",
            "example.org=192.0.2.53:53");

    PrimaryConfig org = primary(sameKind, "example.org.");
    assertThat(org.file()).isEqualTo(other);
    assertThat(org.serialPolicy()).isEqualTo(SerialPolicy.parse("unixtime"));
    assertThat(org.allowUpdate()).hasSize(1);
    // example.com: now a primary zone from the flag's file, still transferred to and notifying
    // the file's downstream; the file's NOTIFY-from rule no longer applies.
    PrimaryConfig com = primary(swapped, "example.com.");
    assertThat(com.file()).isEqualTo(other);
    assertThat(strings(com.allowTransfer())).containsExactly("198.51.100.0/24 key xfr.");
    assertThat(strings(com.alsoNotify())).containsExactly("198.51.100.7:53");
    SecondaryConfig nowSecondary = secondary(swapped, "example.org.");
    assertThat(strings(nowSecondary.primaries())).containsExactly("192.0.2.53:53");
    assertThat(nowSecondary.allowTransfer()).hasSize(1);
    assertThat(swapped.zones())
        .extracting(z -> z.origin().toString())
        .containsExactly("example.com.");
  }

  @Test
  void aRuleForAZoneNotServedThatWayNamesTheFlagAndTheZone() {
    record Case(String flag, String value, String message) {}
    List<Case> cases =
        List.of(
            new Case("--notify", "example.net=192.0.2.1:53", "example.net. is not served here"),
            new Case("--allow-transfer", "example.net=any", "example.net. is not served here"),
            new Case(
                "--allow-update", "example.com=xfr", "example.com. is not a primary zone here"),
            new Case(
                "--serial-policy",
                "example.com=unixtime",
                "example.com. is not a primary zone here"),
            new Case(
                "--allow-notify",
                "example.org=192.0.2.1",
                "example.org. is not a secondary zone here"));
    for (Case c : cases) {
      assertThatThrownBy(() -> serve("--config", config, c.flag(), c.value()))
          .as(c.flag())
          .isInstanceOf(ServeSettings.Invalid.class)
          .hasMessage("invalid " + c.flag() + ": " + c.message());
    }
  }

  @Test
  void aZoneGivenTwiceByFlagsIsAnErrorNamingBoth() {
    assertThatThrownBy(
            () -> serve("--zone", "example.net=a.zone", "--secondary", "example.net=192.0.2.1:53"))
        .isInstanceOf(ServeSettings.Invalid.class)
        .hasMessage("invalid --secondary: example.net. is given twice (--zone and --secondary)");
    assertThatThrownBy(() -> serve("--zone", "example.net=a.zone", "--zone", "example.net=b.zone"))
        .hasMessage("invalid --zone: example.net. is given twice (--zone and --zone)");
  }

  @Test
  void aKeyDefinedTwiceByFlagsIsAnErrorNamingBoth() throws Exception {
    Path keyFile = write("xfr.key", "xfr=hmac-sha256:" + FLAG_SECRET + "\n");
    assertThatThrownBy(
            () ->
                serve(
                    "--tsig", "xfr=hmac-sha256:" + FLAG_SECRET, "--tsig-file", keyFile.toString()))
        .isInstanceOf(ServeSettings.Invalid.class)
        .hasMessage(
            "invalid --tsig-file: TSIG key xfr. is defined twice (--tsig and " + keyFile + ")");
  }

  @Test
  void aMissingKeyFileIsAUsageErrorNamingIt() {
    Path missing = dir.resolve("absent.key");
    assertThatThrownBy(() -> serve("--tsig-file", missing.toString()))
        .isInstanceOf(ServeSettings.Invalid.class)
        .hasMessage("invalid --tsig-file: " + missing + ": no such file");
  }

  // ---- the cross-provider checks ----

  @Test
  void theChecksStartFromTheRootHintsGivenWithTheProvidersPaceAndWebhookOfTheFlags()
      throws Exception {
    Path hints =
        write("named.root", ".  3600000 NS a.root.test.\na.root.test. 3600000 A 127.53.0.1\n");
    Path secret = write("hook.secret", "s3cret\n");
    TandemServer.Options o =
        serve(
            "--config",
            config,
            "--root-hints",
            hints.toString(),
            "--check-interval",
            "30",
            "--alert-grace",
            "120",
            "--check-rate",
            "200",
            "--provider",
            "acme=ns.acme.test,198.51.100.0/24",
            "--alert-webhook",
            "https://alerts.example/tandem",
            "--alert-webhook-secret-file",
            secret.toString(),
            "--allow-serial-reset",
            "example.com");
    TandemServer.Checks c = Objects.requireNonNull(o.checks());
    assertThat(c.options().roots().addresses())
        .extracting(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .containsExactly("127.53.0.1:53");
    assertThat(c.options().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.options().grace()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.options().client().queriesPerSecond()).isEqualTo(200);
    assertThat(c.options().providers().of(name("ns.acme.test."), null)).isEqualTo("acme");
    assertThat(String.valueOf(c.webhook())).isEqualTo("https://alerts.example/tandem");
    assertThat(new String(Objects.requireNonNull(c.webhookSecret()), StandardCharsets.UTF_8))
        .isEqualTo("s3cret");
    assertThat(secondary(o, "example.com.").allowSerialReset()).isTrue();
    assertThat(Objects.requireNonNull(serve("--config", config).checks()).options().roots())
        .isEqualTo(RootHints.internet());
    assertThat(secondary(serve("--config", config), "example.com.").allowSerialReset()).isFalse();
  }

  @Test
  void theChecksCanBeSetInTheFileAndAFlagGivenWins() throws Exception {
    write("named.root", ".  3600000 NS a.root.test.\na.root.test. 3600000 A 127.53.0.1\n");
    write("hook.secret", "from-file\n");
    String checks =
        CONFIG
            + """
            check:
              interval: 2m
              root-hints: named.root
              rate: 50
              provider:
                - id: acme
                  match: [ns.acme.test, 198.51.100.0/24]
              alert-webhook: https://alerts.example/file
              alert-webhook-secret-file: hook.secret
              alert-grace: 5m
            """;
    String file = write("checks.yaml", checks).toString();

    TandemServer.Checks fromFile = Objects.requireNonNull(serve("--config", file).checks());
    assertThat(fromFile.options().interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fromFile.options().grace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(fromFile.options().client().queriesPerSecond()).isEqualTo(50);
    assertThat(fromFile.options().roots().addresses())
        .extracting(a -> a.getAddress().getHostAddress())
        .containsExactly("127.53.0.1");
    assertThat(fromFile.options().providers().of(name("ns.acme.test."), null)).isEqualTo("acme");
    assertThat(String.valueOf(fromFile.webhook())).isEqualTo("https://alerts.example/file");
    assertThat(new String(Objects.requireNonNull(fromFile.webhookSecret()), StandardCharsets.UTF_8))
        .isEqualTo("from-file");

    TandemServer.Checks flagsWin =
        Objects.requireNonNull(
            serve(
                    "--config",
                    file,
                    "--check-interval",
                    "0",
                    "--check-rate",
                    String.valueOf(CheckSettings.DEFAULT_CHECK_RATE),
                    "--provider",
                    "other=ns.other.test")
                .checks());
    assertThat(flagsWin.options().interval()).isEqualTo(Duration.ZERO);
    assertThat(flagsWin.options().client().queriesPerSecond())
        .isEqualTo(CheckSettings.DEFAULT_CHECK_RATE);
    assertThat(flagsWin.options().providers().of(name("ns.acme.test."), null)).isEqualTo("acme");
    assertThat(flagsWin.options().providers().of(name("ns.other.test."), null)).isEqualTo("other");

    assertThatThrownBy(
            () ->
                serve(
                    "--config",
                    write("bad.yaml", CONFIG + "check:\n  interval: soon\n").toString()))
        .isInstanceOf(ServeSettings.Invalid.class)
        .hasMessageContaining("check interval: 'soon' is not a duration");
  }

  @Test
  void badChecksSettingsAreUsageErrorsNamingTheFlag() {
    Path missing = dir.resolve("absent.root");
    record Case(String flag, String value, String message) {}
    List<Case> cases =
        List.of(
            new Case("--check-interval", "-1", "invalid --check-interval: -1 is negative"),
            new Case("--alert-grace", "-5", "invalid --alert-grace: -5 is negative"),
            new Case(
                "--check-rate", "0", "invalid --check-rate: queries per second must be at least 1"),
            new Case(
                "--root-hints",
                missing.toString(),
                "invalid --root-hints: root hints " + missing + ": no such file"),
            new Case(
                "--provider",
                "acme",
                "invalid --provider: provider 'acme' is not of the form NAME=PATTERN[,PATTERN...]"),
            new Case(
                "--provider",
                "acme=192.0.2.0/40",
                "invalid --provider: provider 'acme=192.0.2.0/40': prefix length 40 is longer than"
                    + " the address"),
            new Case(
                "--alert-webhook",
                "ftp://alerts.example/",
                "invalid --alert-webhook: 'ftp://alerts.example/' is not an http:// or https://"
                    + " URL"),
            new Case(
                "--allow-serial-reset",
                "example.org",
                "invalid --allow-serial-reset: example.org. is not a secondary zone here"));
    for (Case c : cases) {
      assertThatThrownBy(() -> serve("--config", config, c.flag(), c.value()))
          .as(c.flag() + " " + c.value())
          .isInstanceOf(ServeSettings.Invalid.class)
          .hasMessage(c.message());
    }
  }

  // ---- the admin API key ----

  @Test
  void theAdminApiKeyComesFromTheFlagItsFileOrTheEnvironment() throws Exception {
    Path keyFile = write("api.key", "from-the-file\n");
    Map<String, String> env = Map.of(ServeSettings.API_KEY_VARIABLE, "from-the-environment");

    assertThat(serve(env).apiKey()).isEqualTo("from-the-environment");
    assertThat(serve(env, "--api-key", "from-the-flag").apiKey()).isEqualTo("from-the-flag");
    assertThat(serve(env, "--api-key-file", keyFile.toString()).apiKey())
        .isEqualTo("from-the-file");
    assertThat(serve(Map.of(ServeSettings.API_KEY_VARIABLE, "")).apiKey()).isNull();
    assertThat(serve(Map.of()).apiKey()).isNull();
    assertThatThrownBy(() -> serve(env, "--api-key", "x", "--api-key-file", keyFile.toString()))
        .isInstanceOf(ServeSettings.Invalid.class)
        .hasMessageContaining("give --api-key or --api-key-file, not both");
  }

  // ---- no zone at all ----

  @Test
  void withNoZoneTheSampleZoneIsWrittenToTheDataDirectoryForTheOwnerAlone() throws Exception {
    TandemServer.Options o = serve();
    Path sample = dir.resolve("data/zones/example.test.zone");
    assertThat(o.zones()).singleElement().isEqualTo(ZoneSource.parse("example.test=" + sample));
    assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("data/zones"))).isEqualTo("rwx------");
    assertThat(mode(sample)).isEqualTo("rw-------");
    // A rule for it is still an error: it is served only when nothing else is.
    assertThatThrownBy(() -> serve("--allow-transfer", "example.test=any"))
        .hasMessage("invalid --allow-transfer: example.test. is not served here");
  }

  // ---- helpers ----

  private TandemServer.Options serve(String... args) {
    return serve(Map.of(), args);
  }

  /** What {@code tandem serve ARGS} would start with, in this test's data directory. */
  private TandemServer.Options serve(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("--data", dir.resolve("data").toString()));
    all.addAll(List.of(args));
    ServeCommand flags = new ServeCommand();
    CommandLine.ParseResult given = new CommandLine(flags).parseArgs(all.toArray(String[]::new));
    return ServeSettings.options(flags, given, env);
  }

  private static PrimaryConfig primary(TandemServer.Options o, String zone) {
    return Objects.requireNonNull(o.control().primaries().get(name(zone)), zone);
  }

  private static SecondaryConfig secondary(TandemServer.Options o, String zone) {
    return o.control().secondaries().stream()
        .filter(s -> s.zone().equals(name(zone)))
        .findFirst()
        .orElseThrow();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> strings(List<?> values) {
    return values.stream().map(Object::toString).toList();
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static String b64(String text) {
    return Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
