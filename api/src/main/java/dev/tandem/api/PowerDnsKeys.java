package dev.tandem.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ServiceException.Problem;
import io.javalin.http.Context;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * TSIG keys as the PowerDNS API serves them (admin keys only): listed without secrets, read with
 * the secret, created (a secret made if none is given) and deleted. Ids are names with the trailing
 * dot; names are shown without it, as PowerDNS shows them.
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
    ControlObjects.Key k;
    try {
      k =
          objects.createKey(
              name, Json.optionalText(body, "algorithm"), Json.optionalText(body, "key"));
    } catch (ServiceException e) {
      if (e.problem() == Problem.CONFLICT) {
        throw new ServiceException(
            Problem.CONFLICT,
            "A TSIG key with the name '" + name.replaceAll("\\.$", "") + "' already exists");
      }
      throw e;
    }
    Json.send(ctx, 201, KeyJson.of(k, true));
  }

  void delete(Context ctx) {
    Name name = keyParam(ctx);
    try {
      objects.deleteKey(name);
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
