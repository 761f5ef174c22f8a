package dev.tandem.control.service;

/**
 * A comment on an RRset, as PowerDNS keeps them: who wrote it, what, and when (seconds since the
 * epoch). Kept beside the zone, never served.
 *
 * @param account who wrote it (free text, may be empty)
 * @param modifiedAt when, in seconds since 1970 (0 to 2^32 - 1)
 */
public record Comment(String account, String content, long modifiedAt) {
  /** The latest {@code modifiedAt} (PowerDNS keeps it in 32 bits). */
  public static final long MAX_TIME = 0xffffffffL;

  public Comment {
    if (modifiedAt < 0 || modifiedAt > MAX_TIME) {
      throw ServiceException.invalid(
          "modified_at",
          "Key 'modified_at' is not a valid number: "
              + modifiedAt
              + " is not between 0 and "
              + MAX_TIME);
    }
  }
}
