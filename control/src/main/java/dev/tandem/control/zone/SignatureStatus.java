package dev.tandem.control.zone;

import dev.tandem.dns.zone.SignatureSummary;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether the signatures a zone serves are fresh, for status, logs and metrics.
 *
 * <p>{@code near-expiry} means the first signature to expire has less than a day left, or less than
 * a quarter of its validity period when that is shorter (signers re-sign well before either: BIND
 * at a quarter of the validity left, Knot at a tenth, 1.4 days of its default 14). For a secondary
 * it means the primary has stopped re-signing, or its changes no longer arrive.
 *
 * @param signatures the number of RRSIG records served
 * @param earliestExpiry when the first of them expires
 * @param rrset the RRset it signs, as "owner TYPE"
 * @param state how near the first expiry is
 */
public record SignatureStatus(int signatures, Instant earliestExpiry, String rrset, State state) {
  static final Duration NEAR = Duration.ofDays(1);

  /** How near the first signature's expiry is. */
  public enum State {
    OK,
    NEAR_EXPIRY,
    EXPIRED;

    /** The word the API, the CLI and the logs use: ok, near-expiry, expired. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  public static SignatureStatus of(SignatureSummary s, Instant now) {
    Instant expiry = Instant.ofEpochSecond(s.earliestExpiration());
    Duration validity = Duration.ofSeconds(s.earliestExpiration() - s.inception());
    Duration warnAt = validity.dividedBy(4).compareTo(NEAR) < 0 ? validity.dividedBy(4) : NEAR;
    State state;
    if (!expiry.isAfter(now)) {
      state = State.EXPIRED;
    } else if (Duration.between(now, expiry).compareTo(warnAt) < 0) {
      state = State.NEAR_EXPIRY;
    } else {
      state = State.OK;
    }
    return new SignatureStatus(s.signatures(), expiry, s.rrset(), state);
  }

  /** Whether the state calls for the operator's attention. */
  public boolean stale() {
    return state != State.OK;
  }

  /**
   * The freshness of the signatures {@code zone} serves, or null if it serves none (or nothing):
   * read once per version ({@link ZoneSnapshot#signatures}), judged against {@code now} each time.
   */
  public static @Nullable SignatureStatus of(@Nullable ZoneSnapshot zone, Instant now) {
    SignatureSummary s = zone == null ? null : zone.signatures(now.getEpochSecond());
    return s == null ? null : of(s, now);
  }
}
