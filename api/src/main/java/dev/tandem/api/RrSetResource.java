package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ZoneService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code /api/zones/{zone}/rrsets} and {@code /records}: a zone's RRsets read, changed several at
 * once, replaced or deleted one at a time, and single records added, replaced or deleted. Each
 * change is one call to {@link ZoneService}, which checks it whole (the CNAME rules among it).
 */
final class RrSetResource {
  private static final long DEFAULT_TTL = 3600;

  private final ZoneService zones;

  RrSetResource(ZoneService zones) {
    this.zones = zones;
  }

  /** An RRset as the API shows it; {@code records} holds each record's data. */
  record RrSetJson(String name, String type, long ttl, List<String> records) {
    static RrSetJson of(ZoneService.RrSet r) {
      return new RrSetJson(r.name().toString(), r.type(), r.ttl(), r.records());
    }
  }

  /** The body of {@code PATCH .../rrsets}: several RRset changes, made as one. */
  record PatchBody(List<RrSetChangeBody> rrsets) {
    static PatchBody read(ObjectNode o) {
      Json.only(o, PatchBody.class);
      JsonNode list = o.get("rrsets");
      if (list == null || !list.isArray()) {
        throw ApiError.invalid("rrsets", "field 'rrsets' must be a list");
      }
      List<RrSetChangeBody> rrsets = new ArrayList<>();
      for (JsonNode n : list) {
        rrsets.add(RrSetChangeBody.read(n, "rrsets[" + rrsets.size() + "]"));
      }
      return new PatchBody(rrsets);
    }
  }

  /**
   * One RRset of a {@code PATCH}: REPLACE it with {@code records}, DELETE it, EXTEND it with a
   * record or PRUNE one from it.
   */
  record RrSetChangeBody(
      String name,
      String type,
      @JsonProperty(defaultValue = "" + DEFAULT_TTL) long ttl,
      @JsonProperty(defaultValue = "[]") List<String> records,
      String changetype) {
    /** Reads {@code rrsets[i]}, its refusals naming it as {@code f}. */
    static RrSetChangeBody read(JsonNode n, String f) {
      if (!(n instanceof ObjectNode o)) {
        throw ApiError.invalid(f, f + " must be an object");
      }
      try {
        Json.only(o, RrSetChangeBody.class);
      } catch (ApiError e) {
        throw ApiError.invalid(f, f + ": " + e.getMessage());
      }
      String changetype = Json.text(o, "changetype");
      RrSetChange.Kind.parse(changetype, f + ".changetype");
      return new RrSetChangeBody(
          Json.text(o, "name"),
          Json.text(o, "type"),
          Json.number(o, "ttl", DEFAULT_TTL),
          Json.texts(o, "records"),
          changetype);
    }

    RrSetChange change(String field) {
      return new RrSetChange(
          RrSetChange.Kind.parse(changetype, field + ".changetype"),
          name,
          type,
          ttl,
          records,
          List.of(),
          null);
    }
  }

  /** The body of {@code PUT .../rrsets/{name}/{type}}. */
  record RrSetBody(@JsonProperty(defaultValue = "" + DEFAULT_TTL) long ttl, List<String> records) {
    static RrSetBody read(ObjectNode o) {
      Json.only(o, RrSetBody.class);
      return new RrSetBody(Json.number(o, "ttl", DEFAULT_TTL), Json.texts(o, "records"));
    }
  }

  /** The body of {@code POST .../records}: one record to add, replace or delete. */
  record RecordBody(
      String op,
      String name,
      @JsonProperty(defaultValue = "" + DEFAULT_TTL) long ttl,
      String type,
      @Nullable String rdata) {
    static RecordBody read(ObjectNode o) {
      Json.only(o, RecordBody.class);
      return new RecordBody(
          Json.text(o, "op"),
          Json.text(o, "name"),
          Json.number(o, "ttl", DEFAULT_TTL),
          Json.text(o, "type"),
          Json.optionalText(o, "rdata"));
    }
  }

  void list(Context ctx) {
    Name zone = Params.zone(ctx);
    String nameText = ctx.queryParam("name");
    Name owner = nameText == null ? null : Params.relative(nameText, zone, "name");
    String typeText = ctx.queryParam("type");
    int type = 0;
    if (typeText != null) {
      type = Type.value(typeText.toUpperCase(Locale.ROOT));
      if (type < 0) {
        throw ApiError.invalid("type", "'" + typeText + "' is not a record type");
      }
    }
    Json.ok(ctx, zones.rrsets(zone, owner, type).stream().map(RrSetJson::of).toList());
  }

  void patch(Context ctx) {
    Name zone = Params.zone(ctx);
    PatchBody body = PatchBody.read(Json.object(ctx));
    List<RrSetChange> changes = new ArrayList<>();
    for (RrSetChangeBody b : body.rrsets()) {
      changes.add(b.change("rrsets[" + changes.size() + "]"));
    }
    Json.ok(ctx, zones.change(zone, changes, Routes.actor(ctx)));
  }

  void put(Context ctx) {
    Name zone = Params.zone(ctx);
    RrSetBody body = RrSetBody.read(Json.object(ctx));
    if (body.records().isEmpty()) {
      throw ApiError.invalid("records", "no records given; to remove the RRset, DELETE it");
    }
    changeOne(
        ctx,
        zone,
        RrSetChange.replace(
            ctx.pathParam("name"), ctx.pathParam("type"), body.ttl(), body.records()));
  }

  void delete(Context ctx) {
    Name zone = Params.zone(ctx);
    Name owner = Params.relative(ctx.pathParam("name"), zone, "name");
    int type = Type.value(ctx.pathParam("type").toUpperCase(Locale.ROOT));
    if (type > 0 && zones.rrsets(zone, owner, type).isEmpty()) {
      throw new ApiError(
          404, "zone " + zone + " has no " + Type.string(type) + " RRset at " + owner);
    }
    changeOne(ctx, zone, RrSetChange.delete(ctx.pathParam("name"), ctx.pathParam("type")));
  }

  /** Makes the one change to the RRset of the path ({@code .../rrsets/{name}/{type}}). */
  private void changeOne(Context ctx, Name zone, RrSetChange change) {
    Json.ok(ctx, zones.change(zone, List.of(change), Routes.actor(ctx)));
  }

  void record(Context ctx) {
    Name zone = Params.zone(ctx);
    RecordBody b = RecordBody.read(Json.object(ctx));
    String rdata = b.rdata();
    Json.ok(
        ctx,
        zones.record(
            zone,
            b.op(),
            b.name(),
            b.ttl(),
            b.type(),
            rdata == null ? "" : rdata,
            Routes.actor(ctx)));
  }
}
