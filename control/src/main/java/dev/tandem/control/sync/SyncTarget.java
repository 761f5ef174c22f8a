package dev.tandem.control.sync;

import static dev.tandem.control.service.ServiceException.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.sync.adapter.SyncRrSet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One sync target: another provider's primary kept equal to a zone served here, how it is reached,
 * its policies, and its durable progress (the position in the journal, what it refused), as the
 * store keeps it. A new value is saved whole after each push: after a crash the target is taken up
 * at the last position saved, and the replacements pushed since are pushed again, which changes
 * nothing there (they are replacements).
 *
 * @param zone the zone synced
 * @param name the target's name, unique per zone
 * @param kind how it is spoken to
 * @param endpoint {@code ADDR:PORT} (RFC 2136) or the API's base URL
 * @param key the TSIG key's name (RFC 2136; null: unsigned) or the API key (HTTP adapters)
 * @param serverId the PowerDNS server id ({@code localhost})
 * @param policy what a change made at the target outside Tandem leads to
 * @param interval how often the target is read back to find such changes
 * @param exclusions RRsets left alone there: {@code NAME}, {@code NAME TYPE} or {@code * TYPE}
 * @param unionNs whether the apex NS pushed is ours plus the target's own ({@link #theirNs})
 * @param theirNs the target's own apex NS names, read before the first push
 * @param applied whether the first push (or adoption) was made: nothing is pushed before
 * @param position the serial of ours last applied there (meaningful once applied)
 * @param refused RRsets the target refused, with its error, by {@code NAME TYPE}
 */
public record SyncTarget(
    Name zone,
    String name,
    Kind kind,
    String endpoint,
    @Nullable String key,
    String serverId,
    Policy policy,
    Duration interval,
    List<String> exclusions,
    boolean unionNs,
    List<String> theirNs,
    boolean applied,
    long position,
    Map<String, String> refused) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds of provider, as {@code tandem sync add} names them. */
  public enum Kind {
    RFC2136,
    POWERDNS,
    TANDEM;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a change made at the target outside Tandem leads to. */
  public enum Policy {
    /** Reported as a conflict; nothing changes until someone resolves it. */
    REPORT,
    /** Our RRset is pushed again over theirs. */
    OURS_WINS,
    /** Their RRset becomes ours (a change here, journaled and audited). */
    ADOPT_THEIRS;

    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Policy parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "report" -> REPORT;
        case "ours-wins" -> OURS_WINS;
        case "adopt-theirs" -> ADOPT_THEIRS;
        default ->
            throw invalid("policy", "'" + text + "' is not report, ours-wins or adopt-theirs");
      };
    }
  }

  public SyncTarget {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw invalid(
          "name",
          "a target's name is 1 to 63 letters, digits, '.', '_' or '-', not '" + name + "'");
    }
    if (interval.compareTo(Duration.ofSeconds(1)) < 0
        || interval.compareTo(Duration.ofDays(1)) > 0) {
      throw invalid("intervalSeconds", "the read-back interval is 1 s to 1 day, not " + interval);
    }
    exclusions = List.copyOf(exclusions);
    for (String e : exclusions) {
      exclusion(zone, e); // refused early if it does not read
    }
    theirNs = List.copyOf(theirNs);
    refused = Map.copyOf(new TreeMap<>(refused));
  }

  /** Whether an exclusion covers the RRset. */
  boolean excludes(SyncRrSet.Key k) {
    for (String e : exclusions) {
      Exclusion x = exclusion(zone, e);
      if ((x.name() == null || x.name().equals(k.name()))
          && (x.type() == 0 || x.type() == k.type())) {
        return true;
      }
    }
    return false;
  }

  private record Exclusion(@Nullable Name name, int type) {}

  private static Exclusion exclusion(Name zone, String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length < 1 || parts.length > 2 || parts[0].isEmpty()) {
      throw invalid("exclude", "'" + text + "' is not NAME, NAME TYPE or '* TYPE'");
    }
    Name n = null;
    if (!parts[0].equals("*")) {
      try {
        n = Name.fromString(parts[0], zone).canonicalize();
      } catch (TextParseException e) {
        throw invalid("exclude", "'" + parts[0] + "' is not a name: " + e.getMessage());
      }
    }
    int type = 0;
    if (parts.length == 2) {
      type = Type.value(parts[1]);
      if (type < 0) {
        throw invalid("exclude", "'" + parts[1] + "' is not an RR type");
      }
    } else if (n == null) {
      throw invalid("exclude", "'*' excludes nothing without a type: '* TYPE'");
    }
    return new Exclusion(n, type);
  }

  SyncTarget at(long serial) {
    return progress(theirNs, true, serial, refused);
  }

  SyncTarget withTheirNs(List<String> ns) {
    return progress(ns, applied, position, refused);
  }

  SyncTarget withRefused(Map<String, String> r) {
    return progress(theirNs, applied, position, r);
  }

  /** The same target, at the same point, with other settings. */
  SyncTarget settings(Policy p, Duration every, List<String> excluded, boolean union) {
    return new SyncTarget(
        zone, name, kind, endpoint, key, serverId, p, every, excluded, union, theirNs, applied,
        position, refused);
  }

  /** The same target at another point of its progress. */
  SyncTarget progress(List<String> ns, boolean isApplied, long at, Map<String, String> r) {
    return new SyncTarget(
        zone,
        name,
        kind,
        endpoint,
        key,
        serverId,
        policy,
        interval,
        exclusions,
        unionNs,
        ns,
        isApplied,
        at,
        r);
  }

  /** The store's object name: zone and target. */
  String objectName() {
    return objectName(zone, name);
  }

  static String objectName(Name zone, String name) {
    return zone.canonicalize() + "/" + name;
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("zone", zone.toString());
    o.put("name", name);
    o.put("kind", kind.word());
    o.put("endpoint", endpoint);
    if (key != null) {
      o.put("key", key);
    }
    o.put("serverId", serverId);
    o.put("policy", policy.word());
    o.put("intervalSeconds", interval.toSeconds());
    exclusions.forEach(o.putArray("exclusions")::add);
    o.put("unionNs", unionNs);
    theirNs.forEach(o.putArray("theirNs")::add);
    o.put("applied", applied);
    o.put("position", position);
    ObjectNode r = o.putObject("refused");
    refused.forEach(r::put);
    return o.toString();
  }

  static SyncTarget fromJson(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      Map<String, String> refused = new TreeMap<>();
      o.path("refused").properties().forEach(e -> refused.put(e.getKey(), e.getValue().asText()));
      return new SyncTarget(
          Name.fromString(o.path("zone").asText()),
          o.path("name").asText(),
          Kind.valueOf(o.path("kind").asText().toUpperCase(Locale.ROOT)),
          o.path("endpoint").asText(),
          o.path("key").isTextual() ? o.path("key").asText() : null,
          o.path("serverId").asText("localhost"),
          Policy.parse(o.path("policy").asText("report")),
          Duration.ofSeconds(o.path("intervalSeconds").asLong(60)),
          texts(o.path("exclusions")),
          o.path("unionNs").asBoolean(true),
          texts(o.path("theirNs")),
          o.path("applied").asBoolean(false),
          o.path("position").asLong(-1),
          refused);
    } catch (IOException | IllegalArgumentException | ServiceException e) {
      throw new IllegalStateException("a stored sync target does not read: " + e.getMessage(), e);
    }
  }

  private static List<String> texts(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }
}
