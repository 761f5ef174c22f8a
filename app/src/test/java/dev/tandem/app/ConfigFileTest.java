package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.control.access.Remote;
import dev.tandem.control.secondary.SecondaryConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The knot.conf-shaped YAML file: what it configures, and errors that name file and line. */
class ConfigFileTest {
  @TempDir Path dir;

  private static final String GOOD =
      """
      server:
        listen: [127.0.0.1@5300, "::1@5300"]
        http: 127.0.0.1:8053
      key:
        - id: xfr
          algorithm: hmac-sha256
          secret: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0
      remote:
        - id: hidden
          address: [192.0.2.1@53, 192.0.2.2@5353]
          key: xfr
        - id: public
          address: 198.51.100.7@53
      acl:
        - id: downstream
          address: [198.51.100.0/24]
          key: xfr
          action: transfer
        - id: monitor
          address: 203.0.113.9
          action: [notify]
      zone:
        - domain: example.com
          master: hidden
          notify: public
          acl: [downstream, monitor]
        - domain: example.org
          file: example.org.zone
          acl: downstream
      transfer:
        max-records: 1000
        timeout: 30
      """;

  @Test
  void primaryZonesGetTransferNotifyUpdateRulesSerialPolicyAndJournalLimits() throws Exception {
    ConfigFile.Settings s =
        ConfigFile.read(
            write(
                """
                key:
                  - id: xfr
                    algorithm: hmac-sha256
                    secret: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0
                  - id: acme
                    algorithm: hmac-sha256
                    secret: YWNtZWFjbWVhY21lYWNtZWFjbWVhY21l
                remote:
                  - id: secondary
                    address: 198.51.100.7@53
                    key: xfr
                acl:
                  - id: downstream
                    address: 198.51.100.0/24
                    key: xfr
                    action: transfer
                  - id: dns01
                    key: acme
                    action: update
                    update-owner-name: _acme-challenge.example.org
                    update-type: [TXT]
                zone:
                  - domain: example.org
                    file: example.org.zone
                    acl: [downstream, dns01]
                    notify: secondary
                    serial-policy: dateserial
                    journal-max-depth: 50
                    journal-max-age: 2w
                """));
    Name zone = Name.fromString("example.org.");
    assertThat(s.allowTransfer().get(zone)).singleElement().hasToString("198.51.100.0/24 key xfr.");
    assertThat(s.alsoNotify().get(zone)).singleElement().hasToString("198.51.100.7:53 key xfr.");
    assertThat(s.allowUpdate().get(zone))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(
                      r.allows(
                          Name.fromString("acme."),
                          Name.fromString("_acme-challenge.example.org."),
                          org.xbill.DNS.Type.TXT))
                  .isTrue();
              assertThat(
                      r.allows(
                          Name.fromString("acme."),
                          Name.fromString("www.example.org."),
                          org.xbill.DNS.Type.TXT))
                  .isFalse();
              assertThat(
                      r.allows(
                          Name.fromString("acme."),
                          Name.fromString("_acme-challenge.example.org."),
                          org.xbill.DNS.Type.A))
                  .isFalse();
            });
    assertThat(s.serialPolicies().get(zone)).hasToString("dateserial");
    dev.tandem.control.zone.JournalWindow.Limits journal =
        java.util.Objects.requireNonNull(s.journalLimits().get(zone));
    assertThat(journal.steps()).isEqualTo(50);
    assertThat(journal.age()).isEqualTo(java.time.Duration.ofDays(14));
  }

  @Test
  void anUpdateAclWithoutAKeyOrABadJournalAgeIsAnError() throws Exception {
    String zone = "zone:\n  - domain: example.org\n    file: x.zone\n";
    assertThatThrownBy(
            () -> ConfigFile.read(write("acl:\n  - id: open\n    action: update\n" + zone)))
        .hasMessageContaining("action update needs a key");
    assertThatThrownBy(() -> ConfigFile.read(write(zone + "    journal-max-age: soon\n")))
        .hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void knotShapedFileConfiguresSecondariesAndFileZones() throws Exception {
    ConfigFile.Settings s = ConfigFile.read(write(GOOD));
    assertThat(s.listen()).containsExactly("127.0.0.1@5300", "::1@5300");
    assertThat(s.http()).isEqualTo("127.0.0.1:8053");
    assertThat(s.keys()).singleElement().satisfies(k -> assertThat(k.name()).hasToString("xfr."));
    SecondaryConfig c = s.secondaries().get(0);
    assertThat(c.zone()).hasToString("example.com.");
    assertThat(c.primaries())
        .extracting(r -> Remote.format(r.address()))
        .containsExactly("192.0.2.1:53", "192.0.2.2:5353");
    assertThat(c.primaries()).allMatch(r -> Name.fromConstantString("xfr.").equals(r.key()));
    assertThat(c.downstream())
        .extracting(r -> Remote.format(r.address()))
        .containsExactly("198.51.100.7:53");
    assertThat(c.allowTransfer())
        .singleElement()
        .satisfies(
            r ->
                assertThat(
                        r.matches(InetAddress.getByName("198.51.100.3"), Name.fromString("xfr.")))
                    .isTrue());
    assertThat(c.allowNotify())
        .singleElement()
        .satisfies(r -> assertThat(r.matches(InetAddress.getByName("203.0.113.9"), null)).isTrue());
    assertThat(s.zoneFiles())
        .singleElement()
        .satisfies(
            z -> {
              assertThat(z.origin()).hasToString("example.org.");
              assertThat(z.file()).isEqualTo(dir.resolve("example.org.zone"));
            });
    assertThat(s.allowTransfer()).containsKey(Name.fromString("example.org."));
    assertThat(s.maxRecords()).isEqualTo(1000);
    assertThat(s.timeoutSeconds()).isEqualTo(30);
  }

  @Test
  void unknownSettingIsAnErrorWithItsLine() throws Exception {
    String text = GOOD.replace("notify: public", "notfy: public");
    long line = text.substring(0, text.indexOf("notfy")).lines().count();
    Path f = write(text);
    assertThatThrownBy(() -> ConfigFile.read(f))
        .hasMessageContaining(f + ":" + line + ":")
        .hasMessageContaining("unknown setting 'notfy'");
  }

  @Test
  void undefinedReferencesAreNamed() throws Exception {
    assertThatThrownBy(
            () -> ConfigFile.read(write(GOOD.replace("master: hidden", "master: nowhere"))))
        .hasMessageContaining("zone example.com.: remote 'nowhere' is not defined");
    assertThatThrownBy(
            () ->
                ConfigFile.read(
                    write(
                        GOOD.replace(
                            "    key: xfr\n  - id: public", "    key: nokey\n  - id: public"))))
        .hasMessageContaining("remote hidden: key 'nokey' is not defined");
  }

  @Test
  void aZoneOrKeyDefinedTwiceIsAnError() throws Exception {
    assertThatThrownBy(
            () ->
                ConfigFile.read(
                    write(
                        GOOD.replace(
                            "transfer:\n",
                            "  - domain: example.org\n    file: other.zone\ntransfer:\n"))))
        .hasMessageContaining("zone example.org. is defined twice");
    assertThatThrownBy(
            () ->
                ConfigFile.read(
                    write(
                        GOOD.replace(
                            "key:\n",
                            "key:\n  - id: xfr\n    algorithm: hmac-sha256\n    secret: c2VjcmV0\n"))))
        .hasMessageContaining("key xfr is defined twice");
  }

  @Test
  void brokenYamlNamesTheLine() throws Exception {
    Path f = write("zone:\n  - domain: [unclosed\n");
    assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageStartingWith(f + ":");
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> ConfigFile.read(f)).hasMessage(f + ": no such file");
  }

  private Path write(String text) throws Exception {
    Path f = dir.resolve("tandem.yaml");
    Files.writeString(f, text);
    return f;
  }
}
