package dev.tandem.control.primary;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Whom a primary zone NOTIFYs from its NS set (RFC 1996 section 3.3). */
class NotifyTargetsTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  @Test
  void theNsSetIsFoundByGlueWithoutThePrimaryMasterOurselvesOrConfiguredTargets(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("z");
    Files.writeString(
        file,
        """
        $ORIGIN example.com.
        $TTL 300
        @ SOA ns1 hostmaster 1 3600 900 1209600 300
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
    ZoneSnapshot z = Objects.requireNonNull(ZoneLoader.load(ZONE, file).zone());

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
