package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Panel sessions end after idle time and after the longest time whatever happens. */
class SessionsTest {
  @Test
  void aSessionUnusedForLongerThanTheIdleTimeIsOver() {
    MovingClock clock = new MovingClock();
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
    MovingClock clock = new MovingClock();
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
    Sessions sessions = new Sessions(new MovingClock());
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
