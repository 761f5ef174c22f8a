package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZoneStatus;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/** {@code /api/zones}: zones listed, created, read and deleted; their zone files in and out. */
final class ZoneResource {
  private final ZoneService zones;

  ZoneResource(ZoneService zones) {
    this.zones = zones;
  }

  /** The body of {@code POST /api/zones} for a primary zone. */
  record NewPrimaryBody(
      String zone,
      String kind,
      @JsonProperty(defaultValue = "[]") List<String> nameservers,
      @Nullable String zoneFile,
      @JsonProperty(defaultValue = "[]") List<String> allowTransfer,
      @JsonProperty(value = "notify", defaultValue = "[]") List<String> alsoNotify,
      @JsonProperty(defaultValue = "[]") List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable String group) {
    static NewPrimaryBody read(ObjectNode o) {
      Json.only(o, NewPrimaryBody.class);
      return new NewPrimaryBody(
          Json.text(o, "zone"),
          Json.text(o, "kind"),
          Json.texts(o, "nameservers"),
          Json.optionalText(o, "zoneFile"),
          Json.texts(o, "allowTransfer"),
          Json.texts(o, "notify"),
          Json.texts(o, "allowUpdate"),
          Json.optionalText(o, "serialPolicy"),
          Json.optionalText(o, "group"));
    }

    ZoneService.NewPrimary request(Name name) {
      return new ZoneService.NewPrimary(
          name,
          nameservers,
          zoneFile,
          List.of(),
          allowTransfer,
          alsoNotify,
          allowUpdate,
          serialPolicy);
    }
  }

  /** The body of {@code POST /api/zones} for a secondary zone. */
  record NewSecondaryBody(
      String zone,
      String kind,
      List<String> primaries,
      @JsonProperty(defaultValue = "[]") List<String> allowNotify,
      @JsonProperty(value = "notify", defaultValue = "[]") List<String> alsoNotify,
      @JsonProperty(defaultValue = "[]") List<String> allowTransfer,
      @Nullable String group,
      @JsonProperty(defaultValue = "false") boolean allowSerialReset) {
    static NewSecondaryBody read(ObjectNode o) {
      Json.only(o, NewSecondaryBody.class);
      return new NewSecondaryBody(
          Json.text(o, "zone"),
          Json.text(o, "kind"),
          Json.texts(o, "primaries"),
          Json.texts(o, "allowNotify"),
          Json.texts(o, "notify"),
          Json.texts(o, "allowTransfer"),
          Json.optionalText(o, "group"),
          Json.bool(o, "allowSerialReset", false));
    }

    ZoneService.NewSecondary request(Name name) {
      return new ZoneService.NewSecondary(
          name, primaries, allowNotify, alsoNotify, allowTransfer, allowSerialReset);
    }
  }

  /** The JSON body of {@code PUT /api/zones/{zone}/import} (else the body is the zone file). */
  record ZoneFileBody(String zoneFile) {
    static ZoneFileBody read(ObjectNode o) {
      Json.only(o, ZoneFileBody.class);
      return new ZoneFileBody(Json.text(o, "zoneFile"));
    }
  }

  void list(Context ctx) {
    var limits = Routes.key(ctx).limits();
    Json.ok(
        ctx,
        zones.zones().stream()
            .filter(z -> limits.allowsZone(z.zone()))
            .map(ZoneStatusJson::of)
            .toList());
  }

  void get(Context ctx) {
    Json.ok(ctx, ZoneStatusJson.of(zones.zone(Params.zone(ctx))));
  }

  void create(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Name zone = Params.zoneName(Json.text(body, "zone"));
    String kind = Json.text(body, "kind");
    String group = Json.optionalText(body, "group");
    if (group != null) {
      // known before the zone is: the catalogs made here list it with its group from the start
      zones.catalogs().expectGroup(zone, group);
    }
    ZoneStatus made;
    try {
      made =
          switch (kind) {
            case "primary" ->
                zones.createPrimary(NewPrimaryBody.read(body).request(zone), Routes.actor(ctx));
            case "secondary" ->
                zones.createSecondary(NewSecondaryBody.read(body).request(zone), Routes.actor(ctx));
            default ->
                throw ApiError.invalid(
                    "kind", "kind '" + kind + "' is not 'primary' or 'secondary'");
          };
    } catch (RuntimeException e) {
      if (group != null) {
        zones.catalogs().forgetGroup(zone);
      }
      throw e;
    }
    if (group != null) {
      zones.catalogs().setGroup(zone, group);
    }
    ctx.header("Location", "/api/zones/" + made.zone());
    Json.send(ctx, 201, ZoneStatusJson.of(made));
  }

  void delete(Context ctx) {
    zones.delete(Params.zone(ctx), Routes.actor(ctx));
    ctx.status(204);
  }

  void export(Context ctx) {
    ctx.contentType("text/dns; charset=utf-8").result(zones.export(Params.zone(ctx)));
  }

  void importZone(Context ctx) {
    Name zone = Params.zone(ctx);
    String text = ctx.body();
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/json")) {
      text = ZoneFileBody.read(Json.object(ctx)).zoneFile();
    }
    if (text.isBlank()) {
      throw ApiError.invalid("zoneFile", "the zone file is empty");
    }
    Json.ok(ctx, zones.importZone(zone, text, Routes.actor(ctx)));
  }
}
