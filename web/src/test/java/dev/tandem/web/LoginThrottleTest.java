package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ten failed logins a minute from one address, and that address waits; others do not. */
class LoginThrottleTest {
  @Test
  void theEleventhLoginInAMinuteFromOneAddressWaitsUntilTheFirstFailureIsAMinuteOld() {
    MovingClock clock = new MovingClock();
    LoginThrottle throttle = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.LIMIT; i++) {
      assertThat(throttle.wait("192.0.2.1")).as("attempt " + (i + 1)).isZero();
      throttle.failed("192.0.2.1");
      clock.now = clock.now.plusSeconds(1);
    }
    assertThat(throttle.wait("192.0.2.1")).isEqualTo(Duration.ofSeconds(50));
    assertThat(throttle.wait("192.0.2.2")).as("another address").isZero();
    clock.now = clock.now.plusSeconds(50);
    assertThat(throttle.wait("192.0.2.1")).as("the first failure is a minute old").isZero();
    throttle.failed("192.0.2.1");
    assertThat(throttle.wait("192.0.2.1"))
        .as("nine failures in the last minute, and this one")
        .isEqualTo(Duration.ofSeconds(1));
  }
}
