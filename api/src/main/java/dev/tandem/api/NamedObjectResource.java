package dev.tandem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.Actor;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Objects the control plane keeps by name and zones refer to by name (peers, ACLs), all served
 * alike: listed, read, created ({@code POST}, the name in the body: 201), created or replaced
 * ({@code PUT}, the name in the path: 200) and deleted (204). What differs is the {@link Kind}.
 *
 * @param <T> the object as the control plane keeps it
 */
final class NamedObjectResource<T> {
  /**
   * One kind of named object.
   *
   * @param body the shape of a {@code POST}'s body: its components are the fields it may give,
   *     {@code name} among them
   * @param replacement the shape of a {@code PUT}'s body: the same but {@code name}, given in the
   *     path
   * @param read the object a body describes, given its name
   * @param put keeps an object (checked first), replacing one of its name; gives it back as kept
   * @param json the object as the API shows it
   */
  record Kind<T>(
      Class<? extends Record> body,
      Class<? extends Record> replacement,
      BiFunction<String, ObjectNode, T> read,
      Supplier<List<T>> list,
      Function<String, T> get,
      BiFunction<T, Actor, T> put,
      BiConsumer<String, Actor> delete,
      Function<T, Object> json) {}

  private final Kind<T> kind;

  NamedObjectResource(Kind<T> kind) {
    this.kind = kind;
  }

  void list(Context ctx) {
    Json.ok(ctx, kind.list().get().stream().map(kind.json()).toList());
  }

  void get(Context ctx) {
    Json.ok(ctx, kind.json().apply(kind.get().apply(ctx.pathParam("name"))));
  }

  void create(Context ctx) {
    put(ctx, null);
  }

  void replace(Context ctx) {
    put(ctx, ctx.pathParam("name"));
  }

  private void put(Context ctx, @Nullable String pathName) {
    ObjectNode body = Json.object(ctx);
    Json.only(body, pathName == null ? kind.body() : kind.replacement());
    String name = pathName == null ? Json.text(body, "name") : pathName;
    T kept = kind.put().apply(kind.read().apply(name, body), Routes.actor(ctx));
    Json.send(ctx, pathName == null ? 201 : 200, kind.json().apply(kept));
  }

  void delete(Context ctx) {
    kind.delete().accept(ctx.pathParam("name"), Routes.actor(ctx));
    ctx.status(204);
  }
}
