package dev.tandem.control.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.store.ZoneStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * What is kept beside a zone's RRsets but never served: their comments and their disabled records
 * (PowerDNS's, which its clients set and read back). One zone setting per RRset that has any,
 * {@code rrset:OWNER TYPE} → {@code {"ttl", "disabled": [rdata], "comments": [...]}}, so that they
 * live and die with the zone and every node sharing the store sees them.
 */
final class RrSetNotes {
  private static final Logger log = LoggerFactory.getLogger(RrSetNotes.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "rrset:";

  private RrSetNotes() {}

  /** An RRset's owner and type. */
  record Key(Name name, int type) {
    String setting() {
      return PREFIX + name.toString().toLowerCase(Locale.ROOT) + " " + Type.string(type);
    }
  }

  /**
   * What is kept beside one RRset.
   *
   * @param ttl the TTL of the disabled records (when the RRset has none served)
   * @param disabled the disabled records' data, in presentation format
   */
  record Note(long ttl, List<String> disabled, List<Comment> comments) {
    static final Note NONE = new Note(0, List.of(), List.of());

    Note {
      disabled = List.copyOf(disabled);
      comments = List.copyOf(comments);
    }

    boolean isEmpty() {
      return disabled.isEmpty() && comments.isEmpty();
    }
  }

  /** Every RRset's note of {@code zone}. */
  static Map<Key, Note> read(ZoneStore store, Name zone) {
    return notes(zone, store.settings(zone));
  }

  /**
   * Every RRset's note of every zone that has any, by zone, in one read of the store (a search
   * through every zone read them a zone at a time: 100,000 reads).
   */
  static Map<Name, Map<Key, Note>> readAll(ZoneStore store) {
    Map<Name, Map<Key, Note>> out = new java.util.HashMap<>();
    store
        .settingsStartingWith(PREFIX)
        .forEach((zone, settings) -> out.put(zone, notes(zone, settings)));
    return out;
  }

  /** The notes among a zone's {@code settings}. */
  private static Map<Key, Note> notes(Name zone, Map<String, String> settings) {
    Map<Key, Note> out = new LinkedHashMap<>();
    settings.forEach(
        (setting, value) -> {
          if (setting.startsWith(PREFIX)) {
            parse(zone, setting.substring(PREFIX.length()), value)
                .ifPresent(e -> out.put(e.getKey(), e.getValue()));
          }
        });
    return out;
  }

  /** Saves {@code note} for {@code key} ({@link Note#NONE} or an empty one removes it). */
  static void save(ZoneStore store, Name zone, Key key, Note note) {
    if (note.isEmpty()) {
      store.saveSetting(zone, key.setting(), null);
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("ttl", note.ttl());
    ArrayNode disabled = o.putArray("disabled");
    note.disabled().forEach(disabled::add);
    ArrayNode comments = o.putArray("comments");
    for (Comment c : note.comments()) {
      comments
          .addObject()
          .put("account", c.account())
          .put("content", c.content())
          .put("modified_at", c.modifiedAt());
    }
    store.saveSetting(zone, key.setting(), o.toString());
  }

  private static java.util.Optional<Map.Entry<Key, Note>> parse(
      Name zone, String key, String value) {
    try {
      int space = key.lastIndexOf(' ');
      Name owner = Name.fromString(key.substring(0, space), Name.root);
      int type = Type.value(key.substring(space + 1));
      JsonNode n = JSON.readTree(value);
      List<String> disabled = new ArrayList<>();
      n.path("disabled").forEach(d -> disabled.add(d.asText()));
      List<Comment> comments = new ArrayList<>();
      n.path("comments")
          .forEach(
              c ->
                  comments.add(
                      new Comment(
                          c.path("account").asText(),
                          c.path("content").asText(),
                          c.path("modified_at").asLong())));
      return java.util.Optional.of(
          Map.entry(new Key(owner, type), new Note(n.path("ttl").asLong(), disabled, comments)));
    } catch (JsonProcessingException | TextParseException | RuntimeException e) {
      log.error(
          "{}: the comments kept for {} are damaged and not shown: {}", zone, key, e.toString());
      return java.util.Optional.empty();
    }
  }
}
