package dev.tandem.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAPI 3.0 document of what is served, made from the registered {@link Routes}: a route
 * cannot be served without being documented, nor documented without being served.
 */
final class OpenApi {
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  static String document(List<Routes.Route> routes, String version) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Tandem API");
    info.put("version", version);
    info.put(
        "description",
        "Tandem's REST API (/api) and the PowerDNS-compatible subset (/api/v1). Send an API key as"
            + " X-API-Key or Authorization: Bearer. Scopes: read < write < admin. Errors are"
            + " {\"error\": message, \"field\": name}; a refused request changes nothing.");
    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    ObjectNode schemes = components.putObject("securitySchemes");
    ObjectNode apiKey = schemes.putObject("apiKey");
    apiKey.put("type", "apiKey").put("in", "header").put("name", "X-API-Key");
    ObjectNode bearer = schemes.putObject("bearer");
    bearer.put("type", "http").put("scheme", "bearer");
    ArrayNode security = doc.putArray("security");
    security.addObject().putArray("apiKey");
    security.addObject().putArray("bearer");
    ObjectNode paths = doc.putObject("paths");
    for (Routes.Route r : routes) {
      ObjectNode path =
          paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
      ObjectNode op = path.putObject(r.method());
      op.putArray("tags").add(r.tag());
      op.put("summary", r.summary());
      op.put("description", "Needs a key with scope " + r.scope().label() + " or wider.");
      op.put("operationId", r.method() + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
      ArrayNode params = op.putArray("parameters");
      Matcher m = PARAM.matcher(r.path());
      while (m.find()) {
        ObjectNode p = params.addObject();
        p.put("name", m.group(1)).put("in", "path").put("required", true);
        p.putObject("schema").put("type", "string");
      }
      Schemas.Io io = Schemas.of(r.method(), r.path());
      if (r.body() != null && !r.body().equals("none")) {
        ObjectNode body = op.putObject("requestBody");
        body.put("description", r.body());
        content(body, io == null ? List.of() : io.bodies(), schemas);
      }
      ObjectNode responses = op.putObject("responses");
      String success = successCode(r);
      if (success != null) {
        ObjectNode ok = responses.putObject(success).put("description", r.returns());
        if (io != null && !io.answers().isEmpty()) {
          content(ok, io.answers(), schemas);
        }
      }
      responses.putObject("400").put("description", "malformed request body");
      responses.putObject("401").put("description", "no API key, or not a valid one");
      responses.putObject("403").put("description", "the key's scope is too narrow");
      responses.putObject("404").put("description", "no such zone, record set, key, peer or ACL");
      if (!r.method().equals("get")) {
        responses.putObject("409").put("description", "exists already, or still in use");
        responses.putObject("422").put("description", "a field is invalid (the error names it)");
      }
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code content} of a body or answer: each shape under its media type; a body of no known
   * shape is a bare object (which OpenApiSchemasTest finds).
   */
  private static void content(ObjectNode holder, List<Schemas.Shape> shapes, ObjectNode schemas) {
    ObjectNode content = holder.putObject("content");
    if (shapes.isEmpty()) {
      content.putObject("application/json").putObject("schema").put("type", "object");
    }
    for (Schemas.Shape shape : shapes) {
      content.putObject(shape.media()).set("schema", Schemas.schema(shape, schemas));
    }
  }

  /** The status of a success, or null for a route that only refuses (answers 422). */
  private static @Nullable String successCode(Routes.Route r) {
    String returns = r.returns();
    if (returns.startsWith("422")) {
      return null;
    }
    if (returns.startsWith("201")) {
      return "201";
    }
    if (returns.startsWith("202")) {
      return "202";
    }
    if (returns.startsWith("204")) {
      return "204";
    }
    return "200";
  }
}
