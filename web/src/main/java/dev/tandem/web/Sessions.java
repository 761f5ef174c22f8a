package dev.tandem.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The panel's sessions, in memory (a restart logs everyone out). A session holds the API key it was
 * opened with, re-checked on every request, so a key revoked ends its sessions at once; it ends
 * after {@link #IDLE} without a request and {@link #LONGEST} after login whatever happens. A
 * session without a key is a login form's: it carries only the CSRF token the form must return.
 */
final class Sessions {
  /** A session unused this long is over. */
  static final Duration IDLE = Duration.ofMinutes(30);

  /** No session lasts longer than this. */
  static final Duration LONGEST = Duration.ofHours(12);

  /** The most sessions kept: past it the least recently used goes. */
  static final int MAX = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One session.
   *
   * @param id the cookie's value
   * @param csrf the token every form of this session carries
   * @param secret the API key logged in with, or null before login
   */
  record Session(String id, String csrf, @Nullable String secret, Instant created, Instant seen) {}

  private final ConcurrentHashMap<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** Opens a session (a new id and CSRF token: a login never keeps the id it came with). */
  Session open(@Nullable String secret) {
    Instant now = clock.instant();
    if (byId.size() >= MAX) {
      byId.values().removeIf(s -> expired(s, now));
      if (byId.size() >= MAX) {
        byId.values().stream()
            .min(Comparator.comparing(Session::seen))
            .ifPresent(s -> byId.remove(s.id()));
      }
    }
    Session s = new Session(token(), token(), secret, now, now);
    byId.put(s.id(), s);
    return s;
  }

  /** The live session of this id, marked as used now; empty if none or expired. */
  Optional<Session> find(@Nullable String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      byId.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.csrf(), s.secret(), s.created(), now);
    byId.put(id, touched);
    return Optional.of(touched);
  }

  void close(String id) {
    byId.remove(id);
  }

  private static boolean expired(Session s, Instant now) {
    return now.isAfter(s.seen().plus(IDLE)) || now.isAfter(s.created().plus(LONGEST));
  }

  private static String token() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
