package dev.tandem.control.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SOA timers as the lifecycle uses them: clamped, backed off on failure, jittered. */
class RefreshTimingTest {
  private final TimerPolicy policy = TimerPolicy.DEFAULT;

  @ParameterizedTest(name = "SOA refresh {0} s is used as {1} s")
  @CsvSource({"0, 2", "1, 2", "3600, 3600", "999999999, 86400"})
  void refreshIsClamped(long soa, long used) {
    assertThat(policy.refresh(soa)).isEqualTo(Duration.ofSeconds(used));
  }

  @ParameterizedTest(name = "SOA expire {0} s is used as {1} s")
  @CsvSource({"1, 5", "8, 8", "1209600, 1209600", "2147483647, 5184000"})
  void expireIsClamped(long soa, long used) {
    assertThat(policy.expire(soa)).isEqualTo(Duration.ofSeconds(used));
  }

  @ParameterizedTest(name = "retry {0} s, refresh {1} s, failure {2}: wait {3} s")
  @CsvSource({
    "900, 3600, 1, 900",
    "900, 3600, 2, 1800",
    "900, 3600, 3, 3600",
    "900, 3600, 9, 3600",
    "1, 2, 1, 1",
    "1, 2, 2, 2",
    "1, 2, 5, 2",
    "60, 86400, 10, 3600",
  })
  void retriesBackOffUpToRefresh(long retry, long refresh, int failures, long wait) {
    assertThat(policy.retry(retry, refresh, failures)).isEqualTo(Duration.ofSeconds(wait));
  }

  @Test
  void jitterShortensByAtMostTenPercent() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      Duration d = TimerPolicy.jitter(Duration.ofSeconds(100), random);
      assertThat(d).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(100));
    }
  }
}
