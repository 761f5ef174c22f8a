package dev.tandem.control.service;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One change to one RRset, as an API request states it. Names are absolute or relative to the zone
 * ({@code @} for the apex); record data is in presentation format.
 *
 * @param records the records' data: the new RRset (REPLACE), the ones to add (EXTEND, ADD) or to
 *     take out (PRUNE); null for a REPLACE that changes only the comments
 * @param disabled records kept and shown but not served (PowerDNS's disabled records), beside
 *     {@code records}
 * @param comments the RRset's comments after the change; null leaves them as they are
 */
public record RrSetChange(
    Kind kind,
    String name,
    String type,
    long ttl,
    @Nullable List<String> records,
    List<String> disabled,
    @Nullable List<Comment> comments) {

  /** What a change does to its RRset. */
  public enum Kind {
    /** The RRset becomes the records given (none: it is removed). */
    REPLACE,
    /** The RRset is removed, with its comments. */
    DELETE,
    /** The record given is added unless present; the RRset's TTL must be the one given. */
    EXTEND,
    /** The record given is taken out if present. */
    PRUNE,
    /** The records given are added unless present; the whole RRset takes the TTL given. */
    ADD;

    /**
     * A change kind as a request names it (any case): REPLACE, DELETE, EXTEND or PRUNE.
     *
     * @throws ServiceException naming {@code field} otherwise
     */
    public static Kind parse(String text, String field) {
      String t = text.trim().toUpperCase(Locale.ROOT);
      return switch (t) {
        case "REPLACE" -> REPLACE;
        case "DELETE" -> DELETE;
        case "EXTEND" -> EXTEND;
        case "PRUNE" -> PRUNE;
        default ->
            throw ServiceException.invalid(
                field,
                "Changetype '"
                    + ZoneText.printable(t)
                    + "' is not a valid value: REPLACE, DELETE, EXTEND or PRUNE");
      };
    }
  }

  public RrSetChange {
    records = records == null ? null : List.copyOf(records);
    disabled = List.copyOf(disabled);
    comments = comments == null ? null : List.copyOf(comments);
  }

  /** The RRset becomes {@code records}. */
  public static RrSetChange replace(String name, String type, long ttl, List<String> records) {
    return new RrSetChange(Kind.REPLACE, name, type, ttl, records, List.of(), null);
  }

  /** The RRset is removed. */
  public static RrSetChange delete(String name, String type) {
    return new RrSetChange(Kind.DELETE, name, type, 0, List.of(), List.of(), null);
  }
}
