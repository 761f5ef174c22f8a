package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.Comment;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneText;
import dev.tandem.control.zone.ZoneStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RRsets as the PowerDNS API reads and shows them: the PATCH of a zone (REPLACE, DELETE, EXTEND and
 * PRUNE, all as one change), the RRsets of a new zone or of a zone replaced whole, and a zone's
 * RRsets in PowerDNS's presentation, with their disabled records and comments.
 *
 * <p>Reading is PowerDNS's, refusals worded as PowerDNS words them: names in bodies absolute with
 * the trailing dot and of PowerDNS's characters, names in content absolute (a missing trailing dot
 * implied, as PowerDNS parses content relative to the root), TXT and SPF strings quoted, no
 * unquoted parenthesis or semicolon. What a change does and the zone's rules are {@link
 * ZoneService}'s, as for every surface; the serial moved is answered in {@code X-PDNS-Old-Serial}
 * and {@code X-PDNS-New-Serial}.
 */
final class PowerDnsRrSets {
  private final ZoneService zones;

  PowerDnsRrSets(ZoneService zones) {
    this.zones = zones;
  }

  /** An RRset as PowerDNS shows it. */
  record RrSetJson(
      String name, String type, long ttl, List<RecordJson> records, List<CommentJson> comments) {}

  /** One record as PowerDNS shows it; a disabled one is kept but not served. */
  record RecordJson(String content, boolean disabled) {}

  /** A comment on an RRset as PowerDNS shows it. */
  record CommentJson(
      String content, String account, @JsonProperty("modified_at") long modifiedAt) {}

  void patch(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    ObjectNode body = Json.object(ctx);
    JsonNode list = body.get("rrsets");
    if (list == null || !list.isArray()) {
      throw new ApiError(422, "rrsets", "No rrsets given in update request");
    }
    if (PowerDnsZoneJson.isSlave(st)) {
      throw new ApiError(
          422,
          "Modifying RRsets in Slave zone '"
              + zone
              + "' is not possible: change it at its master ("
              + String.join(", ", PowerDnsZoneJson.masters(st.primaries()))
              + ")");
    }
    if (list.isEmpty()) { // PowerDNS takes an empty list as nothing to do
      ctx.status(204);
      return;
    }
    List<RrSetChange> changes = new ArrayList<>();
    for (JsonNode node : list) {
      changes.add(read(node, true));
    }
    ZoneService.Change c = zones.change(zone, changes, Routes.actor(ctx));
    if (c.fromSerial() != c.toSerial()) {
      ctx.header("X-PDNS-Old-Serial", Long.toString(c.fromSerial()));
      ctx.header("X-PDNS-New-Serial", Long.toString(c.toSerial()));
    }
    ctx.status(204);
  }

  /**
   * The zone's RRsets in canonical order, only those of {@code owner} and {@code type} if given;
   * each RRset's records in the order of their content, as PowerDNS lists them; disabled records
   * only if {@code withDisabled}.
   */
  List<RrSetJson> rrsets(Name zone, @Nullable Name owner, int type, boolean withDisabled) {
    List<RrSetJson> out = new ArrayList<>();
    for (ZoneService.RrSet r : zones.rrsets(zone, owner, type, PowerDnsText::content)) {
      List<RecordJson> records = new ArrayList<>();
      r.records().forEach(c -> records.add(new RecordJson(c, false)));
      if (withDisabled) {
        r.disabled().forEach(c -> records.add(new RecordJson(c, true)));
      }
      if (records.isEmpty() && (r.comments().isEmpty() || !withDisabled)) {
        continue;
      }
      records.sort(Comparator.comparing(RecordJson::content));
      List<CommentJson> comments =
          r.comments().stream()
              .map(k -> new CommentJson(k.content(), k.account(), k.modifiedAt()))
              .toList();
      out.add(new RrSetJson(r.name().toString(), r.type(), r.ttl(), records, comments));
    }
    return out;
  }

  /**
   * Reads and checks one RRset of a PATCH ({@code patch}: its changetype is required) or of a zone
   * made or replaced whole (a REPLACE).
   */
  static RrSetChange read(JsonNode node, boolean patch) {
    if (!(node instanceof ObjectNode o)) {
      throw new ApiError(422, "rrsets", "Each RRset must be an object");
    }
    String nameText = PowerDnsText.requiredText(o, "name");
    Name name = PowerDnsText.canonicalName(nameText);
    checkCharacters(nameText);
    String typeText = PowerDnsText.requiredText(o, "type").trim().toUpperCase(Locale.ROOT);
    int type = Type.value(typeText);
    String what = "RRset " + name + " IN " + typeText;
    if (type <= 0) {
      throw new ApiError(422, what + ": unknown type given");
    }
    if (!Type.isRR(type)) {
      throw new ApiError(422, what + ": invalid type given (not a type a zone holds)");
    }
    RrSetChange.Kind kind =
        patch
            ? RrSetChange.Kind.parse(PowerDnsText.requiredText(o, "changetype"), "changetype")
            : RrSetChange.Kind.REPLACE;
    if (kind == RrSetChange.Kind.DELETE) {
      return RrSetChange.delete(name.toString(), typeText);
    }
    JsonNode records = o.get("records");
    List<Comment> comments = comments(o.get("comments"), what);
    if (records == null || records.isNull()) {
      if (kind == RrSetChange.Kind.REPLACE && comments != null) {
        return new RrSetChange(kind, name.toString(), typeText, 0, null, List.of(), comments);
      }
      throw new ApiError(
          422,
          kind == RrSetChange.Kind.REPLACE
              ? what + ": REPLACE needs 'records' (an empty list deletes the RRset) or 'comments'"
              : "No record provided for PRUNE or EXTEND operation");
    }
    if (!records.isArray()) {
      throw new ApiError(422, what + ": Key 'records' is not an array");
    }
    long ttl = records.isEmpty() ? 0 : ttl(o, what);
    List<String> enabled = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    for (JsonNode rec : records) {
      if (!(rec instanceof ObjectNode ro)) {
        throw new ApiError(422, what + ": each record must be an object with 'content'");
      }
      if (ro.has("priority")) {
        throw new ApiError(
            422, what + ": `priority` element is not allowed in record (put it in the content)");
      }
      String content = PowerDnsText.requiredText(ro, "content");
      boolean off = Json.bool(ro, "disabled", false);
      Record r = parseContent(name, type, typeText, ttl, content);
      (off ? disabled : enabled).add(r.rdataToString());
    }
    return new RrSetChange(kind, name.toString(), typeText, ttl, enabled, disabled, comments);
  }

  /** PowerDNS's characters of a name in a body: letters, digits, '_', '/', '.', '-', "*." first. */
  private static void checkCharacters(String text) {
    String t = text.trim();
    String rest = t.startsWith("*.") ? t.substring(2) : t;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '/'
              || c == '.'
              || c == '-';
      if (!ok) {
        throw new ApiError(
            422, "name", "Name '" + ZoneText.printable(t) + "' contains unsupported characters");
      }
    }
  }

  private static @Nullable List<Comment> comments(@Nullable JsonNode list, String what) {
    if (list == null || list.isNull()) {
      return null;
    }
    if (!list.isArray()) {
      throw new ApiError(422, what + ": Key 'comments' is not an array");
    }
    List<Comment> out = new ArrayList<>();
    for (JsonNode c : list) {
      if (!(c instanceof ObjectNode co)) {
        throw new ApiError(422, what + ": each comment must be an object with 'content'");
      }
      String content = PowerDnsText.requiredText(co, "content");
      String account = Json.optionalText(co, "account");
      out.add(
          new Comment(account == null ? "" : account, content, modifiedAt(co.get("modified_at"))));
    }
    return out;
  }

  /** A comment's time: a whole number of seconds, or its digits as a string; 0 when absent. */
  private static long modifiedAt(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return 0;
    }
    String text = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText().trim() : "";
    try {
      long t = Long.parseLong(text);
      if (t >= 0 && t <= Comment.MAX_TIME) {
        return t;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ApiError(
        422,
        "modified_at",
        "Key 'modified_at' is not a valid number: '"
            + ZoneText.printable(v.asText())
            + "' (seconds since 1970, at most "
            + Comment.MAX_TIME
            + ")");
  }

  private static long ttl(ObjectNode o, String what) {
    JsonNode t = o.get("ttl");
    if (t == null || !t.isIntegralNumber()) {
      throw new ApiError(422, what + ": Key 'ttl' is not present or not an Integer");
    }
    long ttl = t.asLong();
    if (ttl < 0) {
      throw new ApiError(422, what + ": Key 'ttl' is not a positive Integer (" + ttl + ")");
    }
    if (ttl > 0x7fffffffL) {
      throw new ApiError(422, what + ": TTL " + ttl + " is not between 0 and 2147483647");
    }
    return ttl;
  }

  /**
   * Record content as PowerDNS reads it: names absolute, TXT and SPF strings quoted, no unquoted
   * parenthesis or semicolon (zone-file syntax that has no place in one record's content).
   */
  static Record parseContent(Name name, int type, String typeText, long ttl, String c) {
    String prefix = "Record " + name + "/" + typeText + " '" + ZoneText.printable(c) + "': ";
    if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
      throw new ApiError(422, prefix + "content may not contain a line break");
    }
    String content = c.trim();
    if (content.isEmpty()) {
      throw new ApiError(
          422,
          prefix + "missing field at the end of record content '' (a " + typeText + " needs data)");
    }
    checkUnquoted(content, c);
    if ((type == Type.TXT || type == Type.SPF) && !content.startsWith("\"")) {
      throw new ApiError(
          422,
          prefix
              + "Parsing record content: Data field in DNS should start with quote (\") at"
              + " position 0 of '"
              + ZoneText.printable(c)
              + "'");
    }
    try {
      return Record.fromString(name, type, DClass.IN, ttl, content, Name.root);
    } catch (IOException | RuntimeException e) {
      throw new ApiError(422, prefix + e.getMessage());
    }
  }

  /** Refuses '(', ')' and ';' outside quotes, as PowerDNS does. */
  private static void checkUnquoted(String content, String original) {
    boolean quoted = false;
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == ')' || c == ';')) {
        throw new ApiError(
            422,
            "Invalid character '"
                + c
                + "' in record content '"
                + ZoneText.printable(original)
                + "'");
      }
    }
  }
}
