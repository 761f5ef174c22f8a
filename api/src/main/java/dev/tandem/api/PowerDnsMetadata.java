package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A zone's metadata as the PowerDNS API keeps it: free-form values by kind (ALLOW-AXFR-FROM,
 * SOA-EDIT-API, ...), listed, read, added to, replaced and removed. Tandem keeps them for its
 * clients and reads SOA-EDIT-API at creation; its own hidden kind ({@link
 * PowerDnsZoneJson#KIND_METADATA}) is neither listed nor changed here.
 */
final class PowerDnsMetadata {
  private final ZoneService zones;

  PowerDnsMetadata(ZoneService zones) {
    this.zones = zones;
  }

  /** One kind of metadata and its values. */
  record MetadataJson(String type, String kind, List<String> metadata) {
    static MetadataJson of(String kind, List<String> values) {
      return new MetadataJson("Metadata", kind, values);
    }
  }

  void list(Context ctx) {
    Name zone = zone(ctx);
    List<MetadataJson> out = new ArrayList<>();
    zones
        .metadata(zone)
        .forEach(
            (kind, values) -> {
              if (!kind.equalsIgnoreCase(PowerDnsZoneJson.KIND_METADATA)) {
                out.add(MetadataJson.of(kind, values));
              }
            });
    Json.ok(ctx, out);
  }

  void get(Context ctx) {
    Name zone = zone(ctx);
    String kind = kind(ctx.pathParam("kind"));
    Json.ok(ctx, MetadataJson.of(kind, zones.metadata(zone).getOrDefault(kind, List.of())));
  }

  void add(Context ctx) {
    Name zone = zone(ctx);
    ObjectNode body = Json.object(ctx);
    String kind = kind(PowerDnsText.requiredText(body, "kind"));
    List<String> values = new ArrayList<>(zones.metadata(zone).getOrDefault(kind, List.of()));
    for (String v : values(body)) {
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    zones.setMetadata(zone, kind, values);
    Json.ok(ctx, MetadataJson.of(kind, values));
  }

  void put(Context ctx) {
    Name zone = zone(ctx);
    String kind = kind(ctx.pathParam("kind"));
    ObjectNode body = Json.object(ctx);
    String bodyKind = Json.optionalText(body, "kind");
    if (bodyKind != null && !bodyKind.equalsIgnoreCase(kind)) {
      throw new ApiError(
          422, "kind", "the body's kind '" + bodyKind + "' is not the URL's '" + kind + "'");
    }
    List<String> values = values(body);
    zones.setMetadata(zone, kind, values);
    Json.ok(ctx, MetadataJson.of(kind, values));
  }

  void delete(Context ctx) {
    Name zone = zone(ctx);
    zones.setMetadata(zone, kind(ctx.pathParam("kind")), List.of());
    ctx.status(204);
  }

  /** The zone of the URL, which must exist. */
  private Name zone(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    return zone;
  }

  private static List<String> values(ObjectNode body) {
    JsonNode v = body.get("metadata");
    if (v == null || !v.isArray()) {
      throw new ApiError(422, "metadata", "Key 'metadata' is not present or not an array");
    }
    return Json.texts(body, "metadata");
  }

  /** A metadata kind as given; Tandem's own hidden one cannot be used here. */
  private static String kind(String text) {
    String kind = text.trim();
    if (kind.equalsIgnoreCase(PowerDnsZoneJson.KIND_METADATA)) {
      throw new ApiError(
          422,
          "kind",
          "metadata kind '" + text + "' is Tandem's own: change the zone's kind by PUT");
    }
    return kind;
  }
}
