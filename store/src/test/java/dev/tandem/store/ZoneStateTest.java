package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dns.zone.ZoneKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** A zone's state gives back the instants it was given, to the nanosecond, and null for none. */
class ZoneStateTest {
  static final Name ZONE = Name.fromConstantString("example.test.");

  @Test
  void theInstantsComeBackAsGivenAndNoneAsNull() {
    Instant at = Instant.parse("2026-12-06T08:00:00.123456789Z");
    ZoneState s =
        ZoneState.refreshed(ZONE, 7, 8, at, at.plusSeconds(3600), at.plusSeconds(1_209_600));
    assertThat(s.lastSuccess()).isEqualTo(at);
    assertThat(s.lastAttempt()).isEqualTo(at);
    assertThat(s.refreshAt()).isEqualTo(at.plusSeconds(3600));
    assertThat(s.expireAt()).isEqualTo(at.plusSeconds(1_209_600));
    assertThat(ZoneState.fresh(ZONE, ZoneKind.SECONDARY).lastSuccess()).isNull();
    assertThat(Instant.EPOCH)
        .isEqualTo(
            new ZoneState(ZONE, ZoneKind.PRIMARY, 1, -1, Instant.EPOCH, null, null, null, null)
                .lastSuccess());

    ZoneState failed = s.failed(at.plusSeconds(5), "timed out", at.plusSeconds(65));
    assertThat(failed.lastSuccess()).isEqualTo(at);
    assertThat(failed.lastAttempt()).isEqualTo(at.plusSeconds(5));
    assertThat(failed.expireAt()).isEqualTo(s.expireAt());
    assertThat(failed.withPrimarySerial(9))
        .isEqualTo(
            new ZoneState(
                ZONE,
                ZoneKind.SECONDARY,
                7,
                9,
                at,
                at.plusSeconds(5),
                "timed out",
                at.plusSeconds(65),
                at.plusSeconds(1_209_600)));
    assertThat(failed)
        .isNotEqualTo(s)
        .hasSameHashCodeAs(s.failed(at.plusSeconds(5), "timed out", at.plusSeconds(65)));
  }

  @Test
  void anInstantBeyondWhatIsKeptIsHeldAtTheBound() {
    ZoneState far =
        new ZoneState(ZONE, ZoneKind.SECONDARY, 1, 1, null, null, null, Instant.MAX, Instant.MIN);
    assertThat(far.refreshAt()).isAfter(Instant.parse("2261-01-01T00:00:00Z"));
    assertThat(far.expireAt()).isBefore(Instant.parse("1679-01-01T00:00:00Z"));
  }
}
