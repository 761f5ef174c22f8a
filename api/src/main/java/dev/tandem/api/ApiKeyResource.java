package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ApiKeys.Scope;
import dev.tandem.control.service.ZoneText;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code /api/api-keys}: API keys listed (never their secrets), created (the secret shown once;
 * only its SHA-256 is kept; optionally limited to zones, names and types) and revoked (never the
 * key the request came with).
 */
final class ApiKeyResource {
  private final ApiKeys keys;

  ApiKeyResource(ApiKeys keys) {
    this.keys = keys;
  }

  /** A key as listed: its scope, and the zones, names and types it is limited to (empty: none). */
  record ApiKeyJson(
      String name,
      String scope,
      String created,
      List<String> zones,
      List<String> names,
      List<String> types) {
    static ApiKeyJson of(ApiKeys.Key k) {
      ApiKeys.Limits l = k.limits();
      return new ApiKeyJson(
          k.name(),
          k.scope().label(),
          k.created().toString(),
          l.zones().stream().map(Name::toString).toList(),
          l.names().stream().map(Name::toString).toList(),
          new TreeSet<>(l.types()).stream().map(Type::string).toList());
    }
  }

  /** A key just made, with its secret: the only time it is shown. */
  record MadeJson(
      String name,
      String scope,
      String created,
      List<String> zones,
      List<String> names,
      List<String> types,
      String secret) {}

  /**
   * The body of {@code POST /api/api-keys}: a key limited to {@code zones} (and in them to RRsets
   * at or below {@code names}, of {@code types}) if any is given.
   */
  record NewKeyBody(
      String name,
      String scope,
      @JsonProperty(defaultValue = "[]") List<String> zones,
      @JsonProperty(defaultValue = "[]") List<String> names,
      @JsonProperty(defaultValue = "[]") List<String> types) {
    static NewKeyBody read(ObjectNode o) {
      Json.only(o, NewKeyBody.class);
      return new NewKeyBody(
          Json.text(o, "name"),
          Json.text(o, "scope"),
          Json.texts(o, "zones"),
          Json.texts(o, "names"),
          Json.texts(o, "types"));
    }

    ApiKeys.Limits limits() {
      List<Name> z = new ArrayList<>();
      for (int i = 0; i < zones.size(); i++) {
        z.add(ZoneText.zoneName(zones.get(i), "zones[" + i + "]", true));
      }
      List<Name> n = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        n.add(Params.name(names.get(i), "names[" + i + "]"));
      }
      Set<Integer> t = new HashSet<>();
      for (int i = 0; i < types.size(); i++) {
        t.add(ZoneText.type(types.get(i), "types[" + i + "]"));
      }
      return new ApiKeys.Limits(z, n, t);
    }
  }

  void list(Context ctx) {
    Json.ok(ctx, keys.list().stream().map(ApiKeyJson::of).toList());
  }

  void create(Context ctx) {
    NewKeyBody b = NewKeyBody.read(Json.object(ctx));
    ApiKeys.Made made =
        keys.create(b.name(), Scope.parse(b.scope()), b.limits(), Routes.actor(ctx));
    ApiKeyJson k = ApiKeyJson.of(made.key());
    Json.send(
        ctx,
        201,
        new MadeJson(
            k.name(), k.scope(), k.created(), k.zones(), k.names(), k.types(), made.secret()));
  }

  void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (Routes.key(ctx).name().equals(name)) {
      throw new ApiError(409, "an API key cannot revoke itself; use another admin key");
    }
    if (!keys.delete(name, Routes.actor(ctx))) {
      throw new ApiError(404, "no API key '" + name + "' here");
    }
    ctx.status(204);
  }
}
