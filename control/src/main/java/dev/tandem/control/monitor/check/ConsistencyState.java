package dev.tandem.control.monitor.check;

import java.util.Locale;

/**
 * How a server, or a zone, stands against the others, worst last: a zone is in the worst state of
 * its servers and of its own findings.
 */
public enum ConsistencyState {
  /** Serves what the others serve. */
  OK,
  /** Behind the newest serial: expected for a while after each change. */
  LAGGING,
  /** Serves something else at the same serial, or an NS set, keys or signatures that differ. */
  DRIFTED,
  /** Answers, but not authoritatively for the zone (REFUSED, SERVFAIL, no AA). */
  LAME,
  /** Does not answer (over UDP, or over TCP). */
  UNREACHABLE;

  /** The word the API, the CLI, the metrics and the webhook use. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state a word names. */
  public static ConsistencyState of(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }

  /** The worse of the two. */
  public ConsistencyState worst(ConsistencyState other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
