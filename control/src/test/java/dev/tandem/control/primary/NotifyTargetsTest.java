package dev.tandem.control.primary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Whom a primary zone NOTIFYs (RFC 1996 section 3.3): the configured targets, and its NS set only
 * when asked. Nothing is sent: the targets are only worked out.
 */
class NotifyTargetsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  /** The zone of {@code records} after its SOA, its NS set given there too. */
  private static ZoneSnapshot zone(Path dir, String records) throws IOException {
    Path file = dir.resolve("z");
    Files.writeString(
        file,
        "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 1209600 300\n" + records);
    return Objects.requireNonNull(ZoneLoader.load(ZONE, file).zone());
  }

  private static ZoneSnapshot zoneWithGlue(Path dir) throws IOException {
    return zone(
        dir,
        """
          NS ns1
          NS ns2
        ns1 A 192.0.2.1
        ns2 A 192.0.2.2
        """);
  }

  private static PrimaryConfig transferredAndNotifying() {
    return PrimaryConfig.of(ZONE, null)
        .withAccess(
            List.of(AclRule.parse("0.0.0.0/0")),
            List.of(Remote.parse("127.0.0.1:5353")),
            List.of());
  }

  @Test
  void onlyTheConfiguredTargetsAreNotifiedByDefaultThoughAnyoneMayTransfer(@TempDir Path dir)
      throws IOException {
    ZoneSnapshot z = zoneWithGlue(dir);

    assertThat(NotifyTargets.of(transferredAndNotifying(), z, a -> false))
        .extracting(r -> Remote.format(r.address()))
        .containsExactly("127.0.0.1:5353");
    PrimaryConfig noTargets =
        PrimaryConfig.of(ZONE, null)
            .withAccess(List.of(AclRule.parse("0.0.0.0/0")), List.of(), List.of());
    assertThat(NotifyTargets.any(noTargets)).as("nothing to NOTIFY at all").isFalse();
  }

  @Test
  void theNsSetIsNotifiedOnPort53WhenTheZoneAsksForIt(@TempDir Path dir) throws IOException {
    ZoneSnapshot z = zoneWithGlue(dir);

    assertThat(NotifyTargets.of(transferredAndNotifying().withNotifyNs(true), z, a -> false))
        .extracting(r -> Remote.format(r.address()))
        .containsExactly("127.0.0.1:5353", "192.0.2.2:53");
  }

  @Test
  void theNsSetIsFoundByGlueWithoutThePrimaryMasterOurselvesOrConfiguredTargets(@TempDir Path dir)
      throws IOException {
    ZoneSnapshot z =
        zone(
            dir,
            """
              NS ns1
              NS ns2
              NS ns3
              NS ns4
            ns1 A 192.0.2.1
            ns2 A 192.0.2.2
                AAAA 2001:db8::2
            ns3 A 192.0.2.3
            ns4 A 192.0.2.4
            """);

    List<InetSocketAddress> targets =
        NotifyTargets.nsAddresses(
            z,
            Set.of(InetAddress.getByName("192.0.2.4")), // NOTIFYed as configured already
            a -> a.getAddress().getHostAddress().equals("192.0.2.3"), // ourselves
            53);

    assertThat(targets)
        .extracting(a -> a.getAddress().getHostAddress() + " " + a.getPort())
        .containsExactly("192.0.2.2 53", "2001:db8:0:0:0:0:0:2 53");
  }
}
