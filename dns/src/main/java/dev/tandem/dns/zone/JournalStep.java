package dev.tandem.dns.zone;

import java.time.Instant;

/**
 * One change in a zone's history: from one serial to the next (RFC 1982), the records removed and
 * added (the old SOA among the removals and the new one among the additions, as one IXFR sequence
 * carries them, RFC 1995), and when it was made. The same value is received by IXFR, written to the
 * journal, kept in memory for IXFR out and shown by the API.
 *
 * @param from the serial before the change
 * @param to the serial after it
 * @param diff what changed, SOAs included
 * @param at when the change was made (or received)
 */
public record JournalStep(long from, long to, ZoneDiff diff, Instant at) {

  /** How many records the change removes and adds, SOAs included. */
  public int records() {
    return diff.removed().size() + diff.added().size();
  }
}
