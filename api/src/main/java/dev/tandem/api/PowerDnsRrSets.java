package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZoneStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RRsets as the PowerDNS API reads and shows them: the PATCH of a zone (REPLACE and DELETE, all as
 * one change), the RRsets of a new zone, and a zone's RRsets in PowerDNS's presentation.
 *
 * <p>Reading is PowerDNS's, refusals worded as PowerDNS words them: names in bodies absolute with
 * the trailing dot, names in content absolute (a missing trailing dot implied, as PowerDNS parses
 * content relative to the root), TXT and SPF strings quoted. Where PowerDNS has what Tandem lacks,
 * the request is refused rather than half done: records with {@code disabled: true} (Tandem serves
 * every record it keeps) and RRset comments (there is nowhere to keep them; an empty list is fine).
 * The zone's own rules (the SOA, CNAME and DNAME ones) are {@link ZoneService}'s, as for every
 * surface.
 */
final class PowerDnsRrSets {
  private final ZoneService zones;

  PowerDnsRrSets(ZoneService zones) {
    this.zones = zones;
  }

  /**
   * One RRset of a request, checked.
   *
   * @param records the new records (REPLACE; none removes the RRset)
   */
  record RrSetInput(Name name, int type, long ttl, List<Record> records, boolean delete) {}

  /** An RRset as PowerDNS shows it; Tandem keeps no comments, so they are always empty. */
  record RrSetJson(
      String name, String type, long ttl, List<RecordJson> records, List<String> comments) {}

  /** One record as PowerDNS shows it: Tandem serves every record it keeps, none is disabled. */
  record RecordJson(String content, boolean disabled) {}

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
    List<ZoneService.RrSetChange> changes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode node : list) {
      RrSetInput in = read(zone, node, seen, true);
      List<String> data = new ArrayList<>();
      for (Record r : in.records()) {
        data.add(r.rdataToString());
      }
      changes.add(
          new ZoneService.RrSetChange(
              in.name().toString(), Type.string(in.type()), in.ttl(), data, in.delete()));
    }
    if (!changes.isEmpty()) { // PowerDNS takes an empty list as nothing to do
      zones.change(zone, changes);
    }
    ctx.status(204);
  }

  /**
   * The zone's RRsets in canonical order, only those of {@code owner} and {@code type} if given.
   */
  List<RrSetJson> rrsets(Name zone, @Nullable Name owner, int type) {
    List<RrSetJson> out = new ArrayList<>();
    for (ZoneService.RrSet r : zones.rrsets(zone, owner, type, PowerDnsText::content)) {
      List<RecordJson> records = r.records().stream().map(c -> new RecordJson(c, false)).toList();
      out.add(new RrSetJson(r.name().toString(), r.type(), r.ttl(), records, List.of()));
    }
    return out;
  }

  /**
   * Reads and checks one RRset of a PATCH ({@code patch}: its changetype is required) or of a new
   * zone; {@code seen} holds the RRsets read before it, which it may not repeat.
   */
  static RrSetInput read(Name zone, JsonNode node, Set<String> seen, boolean patch) {
    if (!(node instanceof ObjectNode o)) {
      throw new ApiError(422, "rrsets", "Each RRset must be an object");
    }
    Name name = PowerDnsText.canonicalName(PowerDnsText.requiredText(o, "name"));
    String typeText = PowerDnsText.requiredText(o, "type").trim().toUpperCase(Locale.ROOT);
    int type = Type.value(typeText);
    String what = "RRset " + name + " IN " + typeText;
    if (type <= 0) {
      throw new ApiError(422, what + ": unknown type given");
    }
    String changetype =
        patch ? PowerDnsText.requiredText(o, "changetype") : Json.optionalText(o, "changetype");
    String ct = changetype == null ? "REPLACE" : changetype.trim().toUpperCase(Locale.ROOT);
    if (!name.subdomain(zone)) {
      throw new ApiError(422, what + ": Name is out of zone");
    }
    if (!seen.add(name.toString().toLowerCase(Locale.ROOT) + " " + type)) {
      throw new ApiError(422, "Duplicate " + what + " with changetype: " + ct);
    }
    switch (ct) {
      case "DELETE" -> {
        return new RrSetInput(name, type, 0, List.of(), true);
      }
      case "REPLACE" -> {
        // below
      }
      default -> throw new ApiError(422, "Changetype not understood");
    }
    JsonNode comments = o.get("comments");
    if (comments != null && comments.isArray() && !comments.isEmpty()) {
      throw new ApiError(
          422, what + ": Tandem does not keep RRset comments (send none, or an empty list)");
    }
    JsonNode records = o.get("records");
    if (records == null || records.isNull()) {
      throw new ApiError(422, what + ": REPLACE needs 'records' (an empty list deletes the RRset)");
    }
    if (!records.isArray()) {
      throw new ApiError(422, what + ": Key 'records' is not an array");
    }
    long ttl = records.isEmpty() ? 0 : ttl(o, what);
    List<Record> out = new ArrayList<>();
    Set<Record> distinct = new HashSet<>();
    for (JsonNode rec : records) {
      if (!(rec instanceof ObjectNode ro)) {
        throw new ApiError(422, what + ": each record must be an object with 'content'");
      }
      String content = PowerDnsText.requiredText(ro, "content");
      JsonNode disabled = ro.get("disabled");
      if (disabled != null && disabled.asBoolean(false)) {
        throw new ApiError(
            422,
            "Record "
                + name
                + "/"
                + typeText
                + " "
                + content
                + ": disabled records are not supported by Tandem (remove the record instead)");
      }
      Record r = parseContent(name, type, typeText, ttl, content);
      if (!distinct.add(r)) {
        throw new ApiError(
            422, "Duplicate record in " + what + " with content \"" + content + "\"");
      }
      out.add(r);
    }
    return new RrSetInput(name, type, ttl, out, false);
  }

  private static long ttl(ObjectNode o, String what) {
    JsonNode t = o.get("ttl");
    if (t == null || !t.isIntegralNumber()) {
      throw new ApiError(422, what + ": Key 'ttl' is not present or not an Integer");
    }
    long ttl = t.asLong();
    if (ttl < 0 || ttl > 0x7fffffffL) {
      throw new ApiError(422, what + ": TTL " + ttl + " is not between 0 and 2147483647");
    }
    return ttl;
  }

  /** Record content as PowerDNS reads it: names absolute, TXT and SPF strings quoted. */
  private static Record parseContent(Name name, int type, String typeText, long ttl, String c) {
    String prefix = "Record " + name + "/" + typeText + " " + c + ": ";
    if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
      throw new ApiError(422, prefix + "content may not contain a line break");
    }
    String content = c.trim();
    if ((type == Type.TXT || type == Type.SPF) && !content.startsWith("\"")) {
      throw new ApiError(
          422,
          prefix
              + "Parsing record content: Data field in DNS should start with quote (\") at"
              + " position 0 of '"
              + c
              + "'");
    }
    if (content.isEmpty()) {
      throw new ApiError(422, prefix + "a " + typeText + " record needs content");
    }
    try {
      return Record.fromString(name, type, DClass.IN, ttl, content, Name.root);
    } catch (IOException | RuntimeException e) {
      throw new ApiError(422, prefix + e.getMessage());
    }
  }
}
