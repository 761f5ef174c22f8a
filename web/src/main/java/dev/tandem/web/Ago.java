package dev.tandem.web;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Times as the panel writes them: "3 min ago", "in 6 d 23 h", short and exact enough to act on. */
final class Ago {
  private Ago() {}

  /** "3 min ago" (or "never"). */
  static String since(@Nullable Instant then, Instant now) {
    if (then == null) {
      return "never";
    }
    Duration d = Duration.between(then, now);
    return d.isNegative() ? "in " + span(d.negated()) : span(d) + " ago";
  }

  /** "in 6 d 23 h" or "3 min ago" (or "—"). */
  static String until(@Nullable Instant then, Instant now) {
    if (then == null) {
      return "—";
    }
    Duration d = Duration.between(now, then);
    return d.isNegative() ? span(d.negated()) + " ago" : "in " + span(d);
  }

  /** "2 d 3 h", "4 h 12 min", "12 min", "40 s". */
  static String span(Duration d) {
    long s = d.getSeconds();
    if (s >= 86_400) {
      return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }
    if (s >= 3600) {
      return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
    if (s >= 60) {
      return s / 60 + " min";
    }
    return s + " s";
  }
}
