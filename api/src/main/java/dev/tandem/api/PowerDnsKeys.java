package dev.tandem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ServiceException.Problem;
import dev.tandem.control.service.ZoneText;
import io.javalin.http.Context;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * TSIG keys as the PowerDNS API serves them (admin keys only): listed without secrets, read with
 * the secret, created (a secret made if none is given), changed (renamed while no zone uses it, a
 * new secret or algorithm at once, as PowerDNS replaces it) and deleted. Ids are names with the
 * trailing dot; names are shown without it, as PowerDNS shows them. Refusals are worded as PowerDNS
 * words them.
 */
final class PowerDnsKeys {
  private final ControlObjects objects;

  PowerDnsKeys(ControlObjects objects) {
    this.objects = objects;
  }

  /** A key as PowerDNS shows it; {@code key} is the secret, empty where it is not shown. */
  record KeyJson(String name, String id, String algorithm, String key, String type) {
    static KeyJson of(ControlObjects.Key k, boolean withSecret) {
      String secret = k.secret();
      return new KeyJson(
          k.name().toString(true),
          PowerDnsText.id(k.name()),
          k.algorithm().replaceAll("\\.$", ""),
          withSecret && secret != null ? secret : "",
          "TSIGKey");
    }
  }

  void list(Context ctx) {
    Json.ok(ctx, objects.keys(false).stream().map(k -> KeyJson.of(k, false)).toList());
  }

  void get(Context ctx) {
    Name name = keyParam(ctx);
    try {
      Json.ok(ctx, KeyJson.of(objects.key(name, Params.admin(ctx)), true));
    } catch (ServiceException e) {
      throw notFound(e, name);
    }
  }

  void create(Context ctx) {
    ObjectNode body = Json.object(ctx);
    String name = PowerDnsText.requiredText(body, "name").trim();
    String algorithm = Json.optionalText(body, "algorithm");
    String secret = Json.optionalText(body, "key");
    ControlObjects.Key k;
    try {
      k = objects.createKey(name, algorithm, secret, Routes.actor(ctx));
    } catch (ServiceException e) {
      if (e.problem() == Problem.CONFLICT) {
        throw new ServiceException(
            Problem.CONFLICT,
            "A TSIG key with the name '" + name.replaceAll("\\.$", "") + "' already exists");
      }
      String m = String.valueOf(e.getMessage());
      if (m.contains("unknown algorithm")) {
        throw new ApiError(400, "algorithm", "Invalid TSIG algorithm: " + algorithm);
      }
      if (m.contains("not base64")) {
        throw new ApiError(422, "key", "Key for TSIG key '" + name + "' cannot be base64-decoded");
      }
      throw e;
    }
    Json.send(ctx, 201, KeyJson.of(k, true));
  }

  /**
   * Changes a key: {@code name} renames it (refused while a zone or peer uses it), {@code
   * algorithm} and {@code key} give it a new algorithm or secret, at once (PowerDNS has no overlap;
   * {@code PUT /api/tsig-keys/{name}} has one).
   */
  void put(Context ctx) {
    Name name = keyParam(ctx);
    ObjectNode body = Json.object(ctx);
    Json.only(body, PowerDnsBodies.KeyChange.class);
    try {
      objects.key(name, false);
    } catch (ServiceException e) {
      throw notFound(e, name);
    }
    String newName = Json.optionalText(body, "name");
    String algorithm = Json.optionalText(body, "algorithm");
    String secret = Json.optionalText(body, "key");
    if (algorithm != null && !TsigKey.knows(algorithm)) {
      throw new ApiError(422, "algorithm", "Unknown TSIG algorithm: " + algorithm);
    }
    if (secret != null && !TsigKey.isBase64(secret)) {
      throw new ApiError(
          422, "key", "Can not base64 decode key content '" + ZoneText.printable(secret) + "'");
    }
    Name target = name;
    if (newName != null && !newName.isBlank()) {
      try {
        target = Name.fromString(newName.trim(), Name.root);
      } catch (TextParseException e) {
        throw new ApiError(422, "name", "'" + newName + "' is not a valid TSIG key name");
      }
      objects.renameKey(name, target, Routes.actor(ctx));
    }
    ControlObjects.Key k =
        algorithm != null || secret != null
            ? objects.rotateKey(
                target, algorithm, secret, java.time.Duration.ZERO, Routes.actor(ctx))
            : objects.key(target, true);
    Json.ok(ctx, KeyJson.of(k, true));
  }

  void delete(Context ctx) {
    Name name = keyParam(ctx);
    try {
      objects.deleteKey(name, Routes.actor(ctx));
    } catch (ServiceException e) {
      throw notFound(e, name);
    }
    ctx.status(204);
  }

  private static ServiceException notFound(ServiceException e, Name name) {
    return PowerDnsText.rename(e, "TSIG key with name '" + name.toString(true) + "' not found");
  }

  private static Name keyParam(Context ctx) {
    String text = PowerDnsText.keyName(ctx.pathParam("id"));
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new ApiError(404, "TSIG key with name '" + text + "' not found");
    }
  }
}
