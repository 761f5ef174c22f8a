package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.SignedZones.Form;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone re-signed with new keys and the same serial, as {@code ldns-signzone} does unless told to
 * raise it, and served again from the same data directory (issue 14): Tandem must serve the file as
 * signed, never with a serial of its own under the old signature, so that a validating resolver
 * (unbound, trusting only the new keys) finds the SOA and a negative answer secure.
 */
class ReSignedZoneIT {
  private static final Name ORIGIN = Name.fromConstantString("signed.test.");
  private static final long SERIAL = 2024060101; // the source zone's

  @Test
  void aZoneReSignedWithTheSameSerialValidatesAfterARestart(@TempDir Path dir) throws Exception {
    Path unsigned = SignedZones.sourceZone(dir.resolve("source"));
    Path served = dir.resolve("signed.test.zone.signed");
    Path data = dir.resolve("data");
    SignedZones.Signed first = SignedZones.sign(dir.resolve("first"), ORIGIN, unsigned, Form.NSEC);
    Files.copy(first.file(), served, StandardCopyOption.REPLACE_EXISTING);
    try (TandemProcess t = serve(dir.resolve("run1"), served, data)) {
      assertThat(Serials.of(t.port(), ORIGIN.toString())).isEqualTo(SERIAL);
    }

    SignedZones.Signed second =
        SignedZones.sign(dir.resolve("second"), ORIGIN, unsigned, Form.NSEC);
    assertThat(second.ds()).as("new keys").doesNotContainAnyElementsOf(first.ds());
    Files.copy(second.file(), served, StandardCopyOption.REPLACE_EXISTING);

    try (TandemProcess t = serve(dir.resolve("run2"), served, data);
        UnboundProcess unbound =
            UnboundProcess.start(dir.resolve("unbound"), ORIGIN, t.port(), second.trustAnchors())) {
      Message soa = unbound.query(ORIGIN, Type.SOA);
      assertThat(Rcode.string(soa.getRcode())).as("SOA: %s", soa).isEqualTo("NOERROR");
      assertThat(soa.getHeader().getFlag(Flags.AD)).as("SOA validated: %s", soa).isTrue();
      assertThat(soa.getSection(Section.ANSWER)).isNotEmpty();

      Message nx = unbound.query(Name.fromConstantString("no-such-name." + ORIGIN), Type.A);
      assertThat(Rcode.string(nx.getRcode())).as("NXDOMAIN: %s", nx).isEqualTo("NXDOMAIN");
      assertThat(nx.getHeader().getFlag(Flags.AD)).as("NXDOMAIN validated: %s", nx).isTrue();

      assertThat(Serials.of(t.port(), ORIGIN.toString()))
          .as("the signed file's serial, not one of Tandem's")
          .isEqualTo(SERIAL);
      assertThat(t.output()).contains("secondaries will not transfer it until the serial moves");
    }
  }

  private static TandemProcess serve(Path dir, Path zoneFile, Path data) throws Exception {
    return TandemProcess.serve(
        dir,
        "--dns",
        "127.0.0.1:0",
        "--threads",
        "1",
        "--data",
        data.toString(),
        "--zone",
        ORIGIN + "=" + zoneFile.toAbsolutePath());
  }
}
