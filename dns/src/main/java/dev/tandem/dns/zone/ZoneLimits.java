package dev.tandem.dns.zone;

/**
 * How large one zone may be, from any source: a zone file read at start or reload, one uploaded
 * through an API, one checked by {@code tandem check-zone}, and (with a time limit besides) one
 * transferred in. A zone past a limit is refused whole, with the limit named, before it costs more:
 * a {@code $GENERATE} asking for more records than the limit leaves is refused before one record is
 * made.
 *
 * @param maxRecords records, duplicates included
 * @param maxBytes bytes of the records in uncompressed wire form (owner, type, class, TTL, length
 *     and data: what a transfer carries)
 */
public record ZoneLimits(long maxRecords, long maxBytes) {
  /** 20 million records, 4 GiB: room for the largest zones served, not for a runaway file. */
  public static final ZoneLimits DEFAULT = new ZoneLimits(20_000_000, 4L << 30);

  public ZoneLimits {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("zone limits must be positive");
    }
  }
}
