package dev.tandem.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed logins counted per client address: after {@value #LIMIT} in a minute, that address's
 * logins are refused until the oldest of them is a minute old, so that API keys cannot be guessed
 * at the speed of the network. A successful login is not counted. Memory is bounded: addresses
 * whose failures are all older than the window are forgotten when there are many.
 */
final class LoginThrottle {
  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int REMEMBERED = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code client} must wait before trying again; zero if it may try now. */
  synchronized Duration wait(String client) {
    Deque<Instant> d = failures.get(client);
    if (d == null) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    prune(d, now);
    if (d.size() < LIMIT) {
      return Duration.ZERO;
    }
    return Duration.between(now, d.peekFirst().plus(WINDOW));
  }

  /** Counts a failed login from {@code client}. */
  synchronized void failed(String client) {
    Instant now = clock.instant();
    if (failures.size() >= REMEMBERED) {
      failures.values().removeIf(d -> prune(d, now));
    }
    Deque<Instant> d = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
    prune(d, now);
    d.addLast(now);
    while (d.size() > LIMIT) {
      d.removeFirst();
    }
  }

  /** Drops failures older than the window; true if none is left. */
  private static boolean prune(Deque<Instant> d, Instant now) {
    Instant since = now.minus(WINDOW);
    while (!d.isEmpty() && !d.peekFirst().isAfter(since)) {
      d.removeFirst();
    }
    return d.isEmpty();
  }
}
