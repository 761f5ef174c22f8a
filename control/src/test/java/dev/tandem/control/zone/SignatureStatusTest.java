package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.SignatureSummary;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** When served signatures count as fresh, near expiry or expired. */
class SignatureStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Name WWW = Name.fromConstantString("www.example.com.");

  private static SignatureStatus status(Duration signedAgo, Duration expiresIn) {
    SignatureSummary s =
        new SignatureSummary(
            10,
            NOW.plus(expiresIn).getEpochSecond(),
            NOW.minus(signedAgo).getEpochSecond(),
            WWW,
            Type.A);
    return SignatureStatus.of(s, NOW);
  }

  @Test
  void aMonthLongSignatureWithDaysLeftIsFresh() {
    SignatureStatus s = status(Duration.ofDays(20), Duration.ofDays(10));

    assertThat(s.state().word()).isEqualTo("ok");
    assertThat(s.stale()).isFalse();
    assertThat(s.rrset()).isEqualTo("www.example.com. A");
    assertThat(s.earliestExpiry()).isEqualTo(NOW.plus(Duration.ofDays(10)));
  }

  @Test
  void lessThanADayLeftIsNearExpiry() {
    assertThat(status(Duration.ofDays(29), Duration.ofHours(20)).state().word())
        .isEqualTo("near-expiry");
  }

  @Test
  void shortLivedSignaturesAreNearExpiryInTheLastQuarterOfTheirValidity() {
    // Valid 8 hours: re-signed routinely with hours left; near expiry under 2 hours.
    assertThat(status(Duration.ofHours(5), Duration.ofHours(3)).state().word()).isEqualTo("ok");
    assertThat(status(Duration.ofHours(7), Duration.ofHours(1)).state().word())
        .isEqualTo("near-expiry");
  }

  @Test
  void aSignaturePastItsExpirationHasExpired() {
    SignatureStatus s = status(Duration.ofDays(31), Duration.ofMinutes(-1));

    assertThat(s.state().word()).isEqualTo("expired");
    assertThat(s.stale()).isTrue();
  }
}
