package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server-wide bound on the SOA checks NOTIFYs start (BIND's serial-query-rate): a second's
 * worth at once after a quiet spell, then one every 1/rate s, however many zones ask.
 */
class SerialQueryRateTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aBurstOfASecondsWorthStartsAtOnceAndTheRestFollowAtTheRate() {
    SerialQueryRate rate = new SerialQueryRate(20);
    List<Duration> starts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      starts.add(Duration.between(T0, rate.reserve(T0)));
    }

    assertThat(starts.subList(0, 20)).containsOnly(Duration.ZERO);
    assertThat(starts.get(20)).isEqualTo(Duration.ofMillis(50));
    assertThat(starts.get(99)).isEqualTo(Duration.ofMillis(80 * 50));
  }

  @Test
  void afterAQuietSpellTheBurstIsThereAgain() {
    SerialQueryRate rate = new SerialQueryRate(20);
    for (int i = 0; i < 40; i++) {
      rate.reserve(T0);
    }
    Instant later = T0.plusSeconds(10);

    assertThat(rate.reserve(later)).isEqualTo(later);
  }

  @Test
  void zeroMeansNoBound() {
    for (int i = 0; i < 1000; i++) {
      assertThat(SerialQueryRate.UNLIMITED.reserve(T0)).isEqualTo(T0);
    }
  }
}
