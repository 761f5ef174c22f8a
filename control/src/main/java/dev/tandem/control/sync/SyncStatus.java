package dev.tandem.control.sync;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A sync target as an operator sees it.
 *
 * @param name the target's name
 * @param kind rfc2136, powerdns or tandem
 * @param endpoint where it is (no secret)
 * @param policy report, ours-wins or adopt-theirs
 * @param state what it is doing
 * @param position the serial of ours last applied there (-1 before the first push)
 * @param serial the serial served here
 * @param behind how many of our changes it has not got (-1: unknown, the journal does not reach
 *     back; a full comparison follows)
 * @param oldestBehind when the oldest of those was made
 * @param lastError the last error, while the target is unreachable or failing
 * @param lastPush when a change set was last applied there
 * @param lastCheck when it was last read back
 * @param conflicts RRsets changed there outside Tandem, both sides
 * @param refused RRsets it refused, with its error
 * @param history what happened, newest first
 */
public record SyncStatus(
    String name,
    String kind,
    String endpoint,
    String policy,
    State state,
    long position,
    long serial,
    long behind,
    @Nullable Instant oldestBehind,
    @Nullable String lastError,
    @Nullable Instant lastPush,
    @Nullable Instant lastCheck,
    List<SyncPlan.Entry> conflicts,
    List<Refusal> refused,
    List<Event> history) {

  /** What a target is doing. */
  public enum State {
    /** Added, not yet applied: see the plan, then apply (or adopt theirs). */
    NEW,
    /** Has every change, and the last read-back found nothing changed there. */
    IN_SYNC,
    /** A change set is being applied. */
    PUSHING,
    /** Changes are waiting to be pushed. */
    BEHIND,
    /** RRsets were changed there outside Tandem (policy report): see the conflicts. */
    CONFLICT,
    /** It did not answer: retried with backoff. */
    UNREACHABLE,
    /** It answered with an error: retried with backoff. */
    FAILING;

    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** An RRset the target refused. */
  public record Refusal(String rrset, String error) {}

  /** One thing that happened to a target. */
  public record Event(Instant at, String what) {}
}
