package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Panel sessions end after idle time and after the longest time whatever happens. */
class SessionsTest {
  /** A clock the test moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aSessionUnusedForLongerThanTheIdleTimeIsOver() {
    Moving clock = new Moving();
    Sessions sessions = new Sessions(clock);
    Sessions.Session s = sessions.open("secret");
    clock.now = clock.now.plus(Sessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(s.id())).as("used just in time").isPresent();
    clock.now = clock.now.plus(Sessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(s.id())).as("the last use counts, not the login").isPresent();
    clock.now = clock.now.plus(Sessions.IDLE.plusSeconds(1));
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void noSessionOutlivesTheLongestTimeEvenInUse() {
    Moving clock = new Moving();
    Sessions sessions = new Sessions(clock);
    Sessions.Session s = sessions.open("secret");
    for (Duration d = Duration.ZERO;
        d.compareTo(Sessions.LONGEST) < 0;
        d = d.plus(Sessions.IDLE.dividedBy(2))) {
      assertThat(sessions.find(s.id())).isPresent();
      clock.now = clock.now.plus(Sessions.IDLE.dividedBy(2));
    }
    clock.now = clock.now.plusSeconds(1); // now past LONGEST since login, a moment after a use
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void eachSessionHasItsOwnUnguessableIdAndCsrfToken() {
    Sessions sessions = new Sessions(new Moving());
    Sessions.Session a = sessions.open(null);
    Sessions.Session b = sessions.open(null);
    assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id());
    sessions.close(a.id());
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.find(b.id())).isPresent();
    assertThat(sessions.find("made-up")).isEmpty();
  }
}
