package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneKind;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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

  /** The most zones one page lists. */
  static final int MAX_PAGE = 10_000;

  /**
   * The zones the key may see, in DNS order: all of them, or with {@code limit} a page, those after
   * {@code after}; {@code state} and {@code kind} keep only zones in that state or of that kind.
   * When a page is full, a {@code Link} header (RFC 8288) gives the next one.
   */
  void list(Context ctx) {
    var limits = Routes.key(ctx).limits();
    String afterText = ctx.queryParam("after");
    Name after = afterText == null ? null : Params.zoneName(afterText);
    String state = ctx.queryParam("state");
    if (state != null
        && Arrays.stream(ZoneStatus.State.values()).noneMatch(s -> s.word().equals(state))) {
      throw ApiError.invalid(
          "state",
          "state '"
              + state
              + "' is not one of "
              + words(ZoneStatus.State.values(), ZoneStatus.State::word));
    }
    String kind = ctx.queryParam("kind");
    if (kind != null && Arrays.stream(ZoneKind.values()).noneMatch(k -> k.word().equals(kind))) {
      throw ApiError.invalid(
          "kind", "kind '" + kind + "' is not one of " + words(ZoneKind.values(), ZoneKind::word));
    }
    long given = Params.number(ctx, "limit", -1, 1, MAX_PAGE);
    Stream<ZoneStatus> wanted =
        zones
            .zonesFrom(after)
            .filter(
                z ->
                    limits.allowsZone(z.zone())
                        && (state == null || z.state().word().equals(state))
                        && (kind == null || z.kind().word().equals(kind)));
    if (given < 0) {
      Json.okEach(ctx, wanted.map(ZoneStatusJson::of)); // every zone: written as it comes
      return;
    }
    List<ZoneStatus> page = wanted.limit(given).toList();
    if (page.size() == given) {
      Params.linkNext(
          ctx,
          "/api/zones",
          page.getLast().zone(),
          given,
          (state == null ? "" : "&state=" + state) + (kind == null ? "" : "&kind=" + kind));
    }
    Json.ok(ctx, page.stream().map(ZoneStatusJson::of).toList());
  }

  private static <T> String words(T[] values, java.util.function.Function<T, String> word) {
    return Arrays.stream(values).map(word).collect(java.util.stream.Collectors.joining(", "));
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
