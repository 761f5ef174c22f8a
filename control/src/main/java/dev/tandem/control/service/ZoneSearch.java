package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Finds zones, records and comments by a pattern, as PowerDNS's {@code search-data} does: {@code *}
 * any run of characters, {@code ?} any one, case ignored, matched whole against a zone's name, a
 * record's owner or content, a comment's text (names without their trailing dot).
 */
public final class ZoneSearch {
  /** The most results one search returns. */
  public static final int MAX = 10_000;

  private final ZoneService zones;

  ZoneSearch(ZoneService zones) {
    this.zones = zones;
  }

  /** What to look for. */
  public enum Kind {
    ALL,
    ZONE,
    RECORD,
    COMMENT
  }

  /**
   * One thing found.
   *
   * @param kind ZONE, RECORD or COMMENT
   * @param name the zone's name, or the record's or comment's owner
   * @param type the record's or comment's type, or null for a zone
   * @param content the record's data or the comment's text, or null for a zone
   */
  public record Hit(
      Kind kind,
      Name zone,
      Name name,
      @Nullable String type,
      long ttl,
      @Nullable String content,
      boolean disabled) {}

  /**
   * At most {@code max} things of {@code kind} that {@code query} matches, records' data written by
   * {@code data}.
   */
  public List<Hit> search(String query, int max, Kind kind, Function<Record, String> data) {
    if (query.isBlank()) {
      throw invalid("q", "a search needs a pattern ('*' matches any run of characters)");
    }
    if (max < 1 || max > MAX) {
      throw invalid("max", "max must be between 1 and " + MAX);
    }
    Pattern p = pattern(query);
    List<Hit> out = new ArrayList<>();
    Map<Name, Map<RrSetNotes.Key, RrSetNotes.Note>> notes =
        kind == Kind.ZONE ? Map.of() : zones.allNotes(); // one read, not one a zone
    // By name, no zone's status built: 100,000 zones' statuses were a second of each search.
    for (Name zone : zones.zoneNames()) {
      if ((kind == Kind.ALL || kind == Kind.ZONE) && matches(p, text(zone))) {
        out.add(new Hit(Kind.ZONE, zone, zone, null, 0, null, false));
      }
      if (out.size() >= max) {
        break;
      }
      if (kind == Kind.ZONE || (kind == Kind.COMMENT && !notes.containsKey(zone))) {
        continue; // comments are only in notes
      }
      ZoneSnapshot served = zones.managedContents(zone);
      if (served == null) {
        continue;
      }
      for (ZoneService.RrSet r :
          zones.rrsets(served, null, 0, data, notes.getOrDefault(zone, Map.of()))) {
        if (kind == Kind.ALL || kind == Kind.RECORD) {
          boolean nameMatches = matches(p, text(r.name()));
          for (String c : r.records()) {
            if (nameMatches || matches(p, c)) {
              out.add(new Hit(Kind.RECORD, zone, r.name(), r.type(), r.ttl(), c, false));
            }
          }
          for (String c : r.disabled()) {
            if (nameMatches || matches(p, c)) {
              out.add(new Hit(Kind.RECORD, zone, r.name(), r.type(), r.ttl(), c, true));
            }
          }
        }
        if (kind == Kind.ALL || kind == Kind.COMMENT) {
          for (Comment c : r.comments()) {
            if (matches(p, c.content())) {
              out.add(new Hit(Kind.COMMENT, zone, r.name(), r.type(), 0, c.content(), false));
            }
          }
        }
        if (out.size() >= max) {
          return out.subList(0, max);
        }
      }
    }
    return out.size() > max ? out.subList(0, max) : out;
  }

  private static String text(Name n) {
    String s = n.toString();
    return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static boolean matches(Pattern p, String s) {
    return p.matcher(s.toLowerCase(Locale.ROOT)).matches();
  }

  private static Pattern pattern(String query) {
    StringBuilder b = new StringBuilder();
    for (char c : query.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case '*' -> b.append(".*");
        case '?' -> b.append('.');
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }
}
