package dev.tandem.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log: a change someone asked for, and how it ended.
 *
 * @param seq its place in the log (assigned when recorded; 0 before)
 * @param actor who: an API key's name, a TSIG key's name, or the address of an unsigned request
 * @param via how: {@code api}, {@code powerdns}, {@code cli} or {@code update}
 * @param action what kind of change, e.g. {@code rrsets.change}, {@code zone.settings}
 * @param zone the zone it concerns, or null (a TSIG key, an API key)
 * @param target what in it: the RRsets, the setting, the key
 * @param detail what it was: the records or settings before and after, as JSON text
 * @param outcome {@code ok}, {@code refused} or {@code failed}, with the reason after a colon
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String via,
    String action,
    @Nullable String zone,
    String target,
    String detail,
    String outcome) {

  /** Which entries to read, newest first: each filter given must match. */
  public record Query(
      @Nullable String zone,
      @Nullable String actor,
      @Nullable String action,
      @Nullable Instant since,
      long beforeSeq,
      int limit) {}
}
