package dev.tandem.control.sync.adapter;

import java.util.List;
import java.util.Set;

/**
 * Another provider's copy of one zone, as Tandem keeps it equal to its own: the seam to write for a
 * new provider (a cloud DNS API). Two operations, both at the level of RRsets:
 *
 * <ul>
 *   <li>{@link #list()}: every RRset the provider serves for the zone now, SOA included (the engine
 *       leaves out what it does not sync). Used for the plan, the read-back that finds drift, and
 *       the full comparison when Tandem's journal no longer reaches back to the target's position.
 *   <li>{@link #apply(List)}: a change set of RRset <em>replacements</em>: each given RRset becomes
 *       exactly the records given, an {@linkplain SyncRrSet#absent() absent} one is deleted. A
 *       replacement states the end result, never a delta, so applying the same change set twice
 *       leaves the target as once: the engine retries freely after a timeout or a restart. The
 *       change set should be applied all or nothing where the provider allows (one RFC 2136 UPDATE,
 *       one PowerDNS PATCH); if the provider refuses it ({@link SyncException.Kind#REFUSED}), the
 *       engine splits it to find the RRsets refused, reports those with the provider's error and
 *       applies the rest.
 * </ul>
 *
 * <p>What a provider cannot hold is stated by {@link #cannotHold()} (types it lacks) and otherwise
 * found when it refuses: the engine never drops a record silently. Deletions come first in a change
 * set, so that a CNAME may replace other data at a name in one go.
 *
 * <p>Threads: the engine calls one adapter from one thread at a time; calls block (network I/O) and
 * must time out on their own (seconds, not minutes), throwing {@link SyncException} (unreachable).
 * Adapters hold no state about the sync: the position, conflicts and retries are the engine's.
 */
public interface SyncAdapter {

  /**
   * Every RRset of the zone at the provider, SOA included.
   *
   * @throws SyncException unreachable, failed, or refused (the provider does not serve the zone)
   */
  List<SyncRrSet> list() throws SyncException;

  /**
   * Applies RRset replacements, in the order given (deletions first), all or nothing if the
   * provider allows it.
   *
   * @param changes the replacements, each with what the engine last saw there ({@code before}, an
   *     adapter that must delete single records, as RFC 2136 must at the apex, uses it)
   * @throws SyncException refused (nothing applied, if the provider applies all or nothing),
   *     unreachable or failed (what was applied is unknown: the engine applies it again)
   */
  void apply(List<Replacement> changes) throws SyncException;

  /** RR types the provider cannot hold: reported as refused, never sent. Empty by default. */
  default Set<Integer> cannotHold() {
    return Set.of();
  }

  /** Where the provider is, for the status and the log (no secrets). */
  String describe();

  /**
   * One RRset replacement.
   *
   * @param after what the RRset becomes ({@linkplain SyncRrSet#absent() absent}: deleted)
   * @param before what the engine believes the provider holds now (absent if none or unknown)
   */
  record Replacement(SyncRrSet after, SyncRrSet before) {
    public Replacement {
      if (!after.key().equals(before.key())) {
        throw new IllegalArgumentException(after.key() + " replaces " + before.key());
      }
    }

    public SyncRrSet.Key key() {
      return after.key();
    }
  }
}
