package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ControlObjects;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/tsig-keys}: TSIG keys listed (secrets to admin keys only), created (a random secret
 * if none is given), read, rotated (a new secret, the old one still accepted for a while) and
 * deleted (not while a zone or peer uses one, never one of the configuration's).
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
   * @param previousUntil while a rotation's old secret is still accepted: until when
   */
  record KeyJson(
      String name,
      String algorithm,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret,
      String source,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String previousUntil) {
    static KeyJson of(ControlObjects.Key k) {
      Instant until = k.previousUntil();
      return new KeyJson(
          k.name().toString(),
          k.algorithm(),
          k.secret(),
          k.source(),
          until == null ? null : until.toString());
    }
  }

  /** The old secret of a rotated key is accepted this long by default: time to change the peer. */
  static final Duration DEFAULT_OVERLAP = Duration.ofHours(1);

  /** The body of {@code PUT /api/tsig-keys/{name}}: a rotation. */
  record RotateBody(
      @Nullable String secret, @Nullable String algorithm, @Nullable Long overlapSeconds) {
    static RotateBody read(ObjectNode o) {
      Json.only(o, RotateBody.class);
      long overlap = Json.number(o, "overlapSeconds", DEFAULT_OVERLAP.toSeconds());
      return new RotateBody(
          Json.optionalText(o, "secret"), Json.optionalText(o, "algorithm"), overlap);
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
    Json.send(
        ctx,
        201,
        KeyJson.of(objects.createKey(b.name(), b.algorithm(), b.secret(), Routes.actor(ctx))));
  }

  void rotate(Context ctx) {
    RotateBody b = RotateBody.read(Json.object(ctx));
    long overlap = b.overlapSeconds() == null ? 0 : b.overlapSeconds();
    if (overlap < 0 || overlap > Duration.ofDays(30).toSeconds()) {
      throw ApiError.invalid(
          "overlapSeconds", "overlapSeconds must be between 0 and 2592000 (30 days)");
    }
    Json.ok(
        ctx,
        KeyJson.of(
            objects.rotateKey(
                Params.name(ctx.pathParam("name"), "name"),
                b.algorithm(),
                b.secret(),
                Duration.ofSeconds(overlap),
                Routes.actor(ctx))));
  }

  void delete(Context ctx) {
    objects.deleteKey(Params.name(ctx.pathParam("name"), "name"), Routes.actor(ctx));
    ctx.status(204);
  }
}
