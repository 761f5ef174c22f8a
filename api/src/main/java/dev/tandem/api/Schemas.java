package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON schemas for the OpenAPI document, made from the very records the handlers read request
 * bodies into and write answers from: a field added to a record is documented by that alone. A
 * record is an object of its components, each required unless {@code @Nullable}; lists are arrays,
 * maps objects, enums strings.
 */
final class Schemas {
  /** What a route reads and writes: a record type, as one object or a list of them. */
  record Shape(Class<?> type, boolean list) {
    static Shape one(Class<?> type) {
      return new Shape(type, false);
    }

    static Shape listOf(Class<?> type) {
      return new Shape(type, true);
    }
  }

  /** Request and answer of a route, by "method path" as the routes are registered. */
  record Io(@Nullable Shape body, @Nullable Shape answer) {}

  private static final String ZONE = "/api/zones/{zone}";
  private static final String SERVER = "/api/v1/servers/{server}";
  private static final String PDNS_ZONE = SERVER + "/zones/{zone}";

  /** The REST API's routes whose bodies and answers are records. */
  private static final Map<String, Io> ROUTES =
      Map.ofEntries(
          Map.entry("get /api/zones", new Io(null, Shape.listOf(ZoneStatusJson.class))),
          Map.entry(
              "post /api/zones",
              new Io(
                  Shape.one(ZoneResource.NewPrimaryBody.class), Shape.one(ZoneStatusJson.class))),
          Map.entry("get " + ZONE, new Io(null, Shape.one(ZoneStatusJson.class))),
          Map.entry(
              "patch " + ZONE,
              new Io(
                  Shape.one(ZoneSettingsResource.SettingsBody.class),
                  Shape.one(ZoneSettingsResource.SettingsJson.class))),
          Map.entry(
              "get " + ZONE + "/settings",
              new Io(null, Shape.one(ZoneSettingsResource.SettingsJson.class))),
          Map.entry(
              "get " + ZONE + "/rrsets", new Io(null, Shape.listOf(RrSetResource.RrSetJson.class))),
          Map.entry(
              "patch " + ZONE + "/rrsets",
              new Io(
                  Shape.one(RrSetResource.PatchBody.class), Shape.one(ZoneService.Change.class))),
          Map.entry(
              "get " + ZONE + "/journal",
              new Io(null, Shape.listOf(HistoryResource.JournalStepJson.class))),
          Map.entry(
              "get " + ZONE + "/transfers",
              new Io(null, Shape.listOf(HistoryResource.TransferJson.class))),
          Map.entry(
              "get /api/tsig-keys", new Io(null, Shape.listOf(TsigKeyResource.KeyJson.class))),
          Map.entry(
              "post /api/tsig-keys",
              new Io(
                  Shape.one(TsigKeyResource.NewKeyBody.class),
                  Shape.one(TsigKeyResource.KeyJson.class))),
          Map.entry(
              "get /api/tsig-keys/{name}", new Io(null, Shape.one(TsigKeyResource.KeyJson.class))),
          Map.entry(
              "put /api/tsig-keys/{name}",
              new Io(
                  Shape.one(TsigKeyResource.RotateBody.class),
                  Shape.one(TsigKeyResource.KeyJson.class))),
          Map.entry(
              "get /api/api-keys", new Io(null, Shape.listOf(ApiKeyResource.ApiKeyJson.class))),
          Map.entry(
              "post /api/api-keys",
              new Io(
                  Shape.one(ApiKeyResource.NewKeyBody.class),
                  Shape.one(ApiKeyResource.MadeJson.class))),
          Map.entry("get /api/audit", new Io(null, Shape.listOf(AuditResource.AuditJson.class))),
          // The PowerDNS-compatible surface: its bodies are read field by field, as PowerDNS
          // takes them; its answers are records.
          Map.entry("get /api", new Io(null, Shape.listOf(PowerDnsApi.Version.class))),
          Map.entry("get /api/v1", new Io(null, Shape.one(PowerDnsApi.Discovery.class))),
          Map.entry("get /api/v1/servers", new Io(null, Shape.listOf(PowerDnsApi.Server.class))),
          Map.entry("get " + SERVER, new Io(null, Shape.one(PowerDnsApi.Server.class))),
          Map.entry("get " + SERVER + "/zones", new Io(null, Shape.listOf(PowerDnsZoneJson.class))),
          Map.entry("post " + SERVER + "/zones", new Io(null, Shape.one(PowerDnsZoneJson.class))),
          Map.entry("get " + PDNS_ZONE, new Io(null, Shape.one(PowerDnsZoneJson.class))),
          Map.entry(
              "get " + PDNS_ZONE + "/metadata",
              new Io(null, Shape.listOf(PowerDnsMetadata.MetadataJson.class))),
          Map.entry(
              "get " + PDNS_ZONE + "/metadata/{kind}",
              new Io(null, Shape.one(PowerDnsMetadata.MetadataJson.class))),
          Map.entry(
              "get " + PDNS_ZONE + "/cryptokeys",
              new Io(null, Shape.listOf(PowerDnsServer.CryptokeyJson.class))),
          Map.entry(
              "get " + SERVER + "/tsigkeys",
              new Io(null, Shape.listOf(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "post " + SERVER + "/tsigkeys", new Io(null, Shape.one(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "get " + SERVER + "/tsigkeys/{id}",
              new Io(null, Shape.one(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "put " + SERVER + "/tsigkeys/{id}",
              new Io(null, Shape.one(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "get " + SERVER + "/statistics",
              new Io(null, Shape.listOf(PowerDnsServer.StatisticJson.class))),
          Map.entry(
              "get " + SERVER + "/search-data",
              new Io(null, Shape.listOf(PowerDnsServer.FoundJson.class))),
          Map.entry(
              "get " + SERVER + "/config",
              new Io(null, Shape.listOf(PowerDnsServer.SettingJson.class))));

  private Schemas() {}

  /** The routes described, as "method path". */
  static java.util.Set<String> described() {
    return ROUTES.keySet();
  }

  /** What {@code method path} reads and writes, if it is known. */
  static @Nullable Io of(String method, String path) {
    return ROUTES.get(method + " " + path);
  }

  /**
   * The schema of {@code shape}: a reference to its record's schema, which is added to {@code
   * components} (with those of the records it holds) if not there yet.
   */
  static ObjectNode schema(Shape shape, ObjectNode components) {
    ObjectNode ref = ref(shape.type(), components);
    if (!shape.list()) {
      return ref;
    }
    ObjectNode array = Json.MAPPER.createObjectNode().put("type", "array");
    array.set("items", ref);
    return array;
  }

  private static ObjectNode ref(Class<?> record, ObjectNode components) {
    String name = name(record);
    if (!components.has(name)) {
      ObjectNode s = components.putObject(name); // before the components: records may nest
      s.put("type", "object");
      ObjectNode properties = s.putObject("properties");
      var required = s.putArray("required");
      for (RecordComponent c : record.getRecordComponents()) {
        AnnotatedType t = c.getAnnotatedType();
        // Jackson's name for it: @JsonProperty's, else the component's.
        JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        String field =
            renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
        properties.set(field, of(t, components));
        if (!t.isAnnotationPresent(Nullable.class)) {
          required.add(field);
        }
      }
      if (required.isEmpty()) {
        s.remove("required");
      }
    }
    return Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }

  private static ObjectNode of(AnnotatedType t, ObjectNode components) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    Class<?> c = raw(t);
    if (c == String.class || c == CharSequence.class) {
      s.put("type", "string");
    } else if (c == Instant.class) {
      s.put("type", "string").put("format", "date-time");
    } else if (c == int.class || c == Integer.class) {
      s.put("type", "integer").put("format", "int32");
    } else if (c == long.class || c == Long.class) {
      s.put("type", "integer").put("format", "int64");
    } else if (c == boolean.class || c == Boolean.class) {
      s.put("type", "boolean");
    } else if (c == double.class || c == Double.class || c == float.class) {
      s.put("type", "number");
    } else if (c.isEnum()) {
      s.put("type", "string");
      var values = s.putArray("enum");
      for (Object v : c.getEnumConstants()) {
        values.add(v.toString());
      }
    } else if (Collection.class.isAssignableFrom(c)) {
      s.put("type", "array");
      s.set("items", argument(t, 0, components));
    } else if (Map.class.isAssignableFrom(c)) {
      s.put("type", "object");
      s.set("additionalProperties", argument(t, 1, components));
    } else if (c.isRecord()) {
      return ref(c, components);
    } else if (!JsonNode.class.isAssignableFrom(c) && c != Object.class) {
      s.put("type", "object");
    } // JSON of any shape: the empty schema
    return s;
  }

  private static ObjectNode argument(AnnotatedType t, int i, ObjectNode components) {
    if (t instanceof AnnotatedParameterizedType p
        && p.getAnnotatedActualTypeArguments().length > i) {
      return of(p.getAnnotatedActualTypeArguments()[i], components);
    }
    return Json.MAPPER.createObjectNode();
  }

  private static Class<?> raw(AnnotatedType t) {
    var type = t.getType();
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof java.lang.reflect.ParameterizedType p
        && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return Object.class;
  }

  /**
   * A record's schema name: its enclosing class's name and its own ("ZoneResource.NewPrimaryBody").
   */
  private static String name(Class<?> record) {
    Class<?> outer = record.getEnclosingClass();
    return outer == null
        ? record.getSimpleName()
        : outer.getSimpleName() + "." + record.getSimpleName();
  }
}
