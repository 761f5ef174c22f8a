package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ControlObjects;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/tsig-keys}: TSIG keys listed (secrets to admin keys only), created (a random secret
 * if none is given), read and deleted (not while a zone or peer uses one, never one of the
 * configuration's).
 */
final class TsigKeyResource {
  private final ControlObjects objects;

  TsigKeyResource(ControlObjects objects) {
    this.objects = objects;
  }

  /**
   * A key as the API shows it.
   *
   * @param secret base64, absent where the request's key may not see it
   * @param source "api" or "config"
   */
  record KeyJson(
      String name,
      String algorithm,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,
      String source) {
    static KeyJson of(ControlObjects.Key k) {
      return new KeyJson(k.name().toString(), k.algorithm(), k.secret(), k.source());
    }
  }

  /** The body of {@code POST /api/tsig-keys}. */
  record NewKeyBody(String name, @Nullable String algorithm, @Nullable String secret) {
    static NewKeyBody read(ObjectNode o) {
      Json.only(o, NewKeyBody.class);
      return new NewKeyBody(
          Json.text(o, "name"), Json.optionalText(o, "algorithm"), Json.optionalText(o, "secret"));
    }
  }

  void list(Context ctx) {
    Json.ok(ctx, objects.keys(Params.admin(ctx)).stream().map(KeyJson::of).toList());
  }

  void get(Context ctx) {
    Json.ok(
        ctx,
        KeyJson.of(objects.key(Params.name(ctx.pathParam("name"), "name"), Params.admin(ctx))));
  }

  void create(Context ctx) {
    NewKeyBody b = NewKeyBody.read(Json.object(ctx));
    Json.send(ctx, 201, KeyJson.of(objects.createKey(b.name(), b.algorithm(), b.secret())));
  }

  void delete(Context ctx) {
    objects.deleteKey(Params.name(ctx.pathParam("name"), "name"));
    ctx.status(204);
  }
}
