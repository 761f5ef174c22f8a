package dev.tandem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ApiKeys.Scope;
import io.javalin.http.Context;

/**
 * {@code /api/api-keys}: API keys listed (never their secrets), created (the secret shown once;
 * only its SHA-256 is kept) and revoked (never the key the request came with).
 */
final class ApiKeyResource {
  private final ApiKeys keys;

  ApiKeyResource(ApiKeys keys) {
    this.keys = keys;
  }

  /** A key as listed. */
  record ApiKeyJson(String name, String scope, String created) {
    static ApiKeyJson of(ApiKeys.Key k) {
      return new ApiKeyJson(k.name(), k.scope().label(), k.created().toString());
    }
  }

  /** A key just made, with its secret: the only time it is shown. */
  record MadeJson(String name, String scope, String created, String secret) {}

  /** The body of {@code POST /api/api-keys}. */
  record NewKeyBody(String name, String scope) {
    static NewKeyBody read(ObjectNode o) {
      Json.only(o, NewKeyBody.class);
      return new NewKeyBody(Json.text(o, "name"), Json.text(o, "scope"));
    }
  }

  void list(Context ctx) {
    Json.ok(ctx, keys.list().stream().map(ApiKeyJson::of).toList());
  }

  void create(Context ctx) {
    NewKeyBody b = NewKeyBody.read(Json.object(ctx));
    ApiKeys.Made made = keys.create(b.name(), Scope.parse(b.scope()));
    ApiKeyJson k = ApiKeyJson.of(made.key());
    Json.send(ctx, 201, new MadeJson(k.name(), k.scope(), k.created(), made.secret()));
  }

  void delete(Context ctx) {
    String name = ctx.pathParam("name");
    if (Routes.key(ctx).name().equals(name)) {
      throw new ApiError(409, "an API key cannot revoke itself; use another admin key");
    }
    if (!keys.delete(name)) {
      throw new ApiError(404, "no API key '" + name + "' here");
    }
    ctx.status(204);
  }
}
