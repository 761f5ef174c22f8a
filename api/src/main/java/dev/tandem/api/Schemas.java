package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.sync.SyncPlan;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON schemas for the OpenAPI document, made from the very records the handlers read request
 * bodies into and write answers from: a field added to a record is documented by that alone. A
 * record is an object of its components, each required unless {@code @Nullable}; lists are arrays,
 * maps objects, enums strings.
 */
final class Schemas {
  private static final String JSON = "application/json";

  /**
   * What a route reads or writes: record types, as one object (one of them, if several) or a list;
   * or text ({@code String}) of a media type other than JSON.
   */
  record Shape(List<Class<?>> types, boolean list, String media) {
    static Shape one(Class<?> type) {
      return new Shape(List.of(type), false, JSON);
    }

    static Shape listOf(Class<?> type) {
      return new Shape(List.of(type), true, JSON);
    }

    /** A body that is one of several records (told apart by a field, such as {@code kind}). */
    static Shape oneOf(Class<?>... types) {
      return new Shape(List.of(types), false, JSON);
    }

    static Shape text(String media) {
      return new Shape(List.of(String.class), false, media);
    }
  }

  /**
   * Request and answer of a route, by "method path" as the routes are registered: each in one or
   * more media types (none: the route reads no body, or answers none).
   */
  record Io(List<Shape> bodies, List<Shape> answers) {
    Io(@Nullable Shape body, @Nullable Shape answer) {
      this(body == null ? List.of() : List.of(body), answer == null ? List.of() : List.of(answer));
    }
  }

  private static final String ZONE = "/api/zones/{zone}";
  private static final String SERVER = "/api/v1/servers/{server}";
  private static final String PDNS_ZONE = SERVER + "/zones/{zone}";

  /** The REST API's routes whose bodies and answers are records. */
  private static final Map<String, Io> ROUTES =
      Map.ofEntries(
          Map.entry("get /api/zones", new Io(null, Shape.listOf(ZoneStatusJson.class))),
          Map.entry(
              "get /api/catalogs", new Io(null, Shape.listOf(CatalogResource.CatalogJson.class))),
          Map.entry(
              "post /api/catalogs",
              new Io(
                  Shape.one(CatalogResource.NewCatalogBody.class),
                  Shape.one(CatalogResource.CatalogJson.class))),
          Map.entry(
              "get /api/catalogs/{catalog}",
              new Io(null, Shape.one(CatalogResource.CatalogJson.class))),
          Map.entry(
              "get /api/catalogs/{catalog}/members", new Io(null, Shape.listOf(String.class))),
          Map.entry(
              "get /api/catalog-templates",
              new Io(null, Shape.listOf(CatalogResource.TemplateJson.class))),
          Map.entry(
              "get /api/catalog-templates/{group}",
              new Io(null, Shape.one(CatalogResource.TemplateJson.class))),
          Map.entry(
              "put /api/catalog-templates/{group}",
              new Io(
                  Shape.one(CatalogResource.TemplateBody.class),
                  Shape.one(CatalogResource.TemplateJson.class))),
          Map.entry(
              "put " + ZONE + "/group", new Io(Shape.one(CatalogResource.GroupBody.class), null)),
          Map.entry(
              "post /api/zones",
              new Io(
                  Shape.oneOf(
                      ZoneResource.NewPrimaryBody.class, ZoneResource.NewSecondaryBody.class),
                  Shape.one(ZoneStatusJson.class))),
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
          Map.entry("get " + ZONE + "/export", new Io(null, Shape.text("text/dns"))),
          Map.entry(
              "put " + ZONE + "/import",
              new Io(
                  List.of(Shape.text("text/dns"), Shape.one(ZoneResource.ZoneFileBody.class)),
                  List.of(Shape.one(ZoneService.Change.class)))),
          Map.entry(
              "put " + ZONE + "/rrsets/{name}/{type}",
              new Io(
                  Shape.one(RrSetResource.RrSetBody.class), Shape.one(ZoneService.Change.class))),
          Map.entry(
              "delete " + ZONE + "/rrsets/{name}/{type}",
              new Io(null, Shape.one(ZoneService.Change.class))),
          Map.entry(
              "post " + ZONE + "/records",
              new Io(
                  Shape.one(RrSetResource.RecordBody.class), Shape.one(ZoneService.Change.class))),
          Map.entry(
              "post " + ZONE + "/refresh", new Io(null, Shape.one(ActionResource.Accepted.class))),
          Map.entry(
              "post " + ZONE + "/retransfer",
              new Io(null, Shape.one(ActionResource.Accepted.class))),
          Map.entry(
              "post " + ZONE + "/notify", new Io(null, Shape.one(ActionResource.Accepted.class))),
          Map.entry("post /api/reload", new Io(null, Shape.one(ActionResource.Reloaded.class))),
          Map.entry(
              "get " + ZONE + "/consistency", new Io(null, Shape.one(ConsistencyJson.Zone.class))),
          Map.entry("post " + ZONE + "/check", new Io(null, Shape.one(ConsistencyJson.Zone.class))),
          Map.entry("get /api/consistency", new Io(null, Shape.one(ConsistencyJson.All.class))),
          Map.entry(
              "post /api/domain-audit",
              new Io(
                  Shape.one(ConsistencyResource.AuditBody.class),
                  Shape.listOf(ConsistencyJson.AuditJson.class))),
          Map.entry(
              "get " + ZONE + "/sync", new Io(null, Shape.listOf(SyncResource.StatusJson.class))),
          Map.entry(
              "post " + ZONE + "/sync",
              new Io(
                  Shape.one(SyncResource.NewTargetBody.class),
                  Shape.one(SyncResource.StatusJson.class))),
          Map.entry(
              "get " + ZONE + "/sync/{name}",
              new Io(null, Shape.one(SyncResource.StatusJson.class))),
          Map.entry(
              "patch " + ZONE + "/sync/{name}",
              new Io(
                  Shape.one(SyncResource.SettingsBody.class),
                  Shape.one(SyncResource.StatusJson.class))),
          Map.entry("get " + ZONE + "/sync/{name}/plan", new Io(null, Shape.one(SyncPlan.class))),
          Map.entry(
              "post " + ZONE + "/sync/{name}/apply",
              new Io(Shape.one(SyncResource.ApplyBody.class), Shape.one(SyncPlan.class))),
          Map.entry(
              "get " + ZONE + "/sync/{name}/conflicts",
              new Io(null, Shape.listOf(SyncPlan.Entry.class))),
          Map.entry(
              "post " + ZONE + "/sync/{name}/conflicts",
              new Io(
                  Shape.one(SyncResource.ResolveBody.class), Shape.listOf(SyncPlan.Entry.class))),
          Map.entry("get /api/peers", new Io(null, Shape.listOf(PeersAndAcls.PeerJson.class))),
          Map.entry(
              "post /api/peers",
              new Io(
                  Shape.one(PeersAndAcls.PeerBody.class), Shape.one(PeersAndAcls.PeerJson.class))),
          Map.entry("get /api/peers/{name}", new Io(null, Shape.one(PeersAndAcls.PeerJson.class))),
          Map.entry(
              "put /api/peers/{name}",
              new Io(
                  Shape.one(PeersAndAcls.PeerReplacement.class),
                  Shape.one(PeersAndAcls.PeerJson.class))),
          Map.entry("get /api/acls", new Io(null, Shape.listOf(ControlObjects.Acl.class))),
          Map.entry(
              "post /api/acls",
              new Io(Shape.one(ControlObjects.Acl.class), Shape.one(ControlObjects.Acl.class))),
          Map.entry("get /api/acls/{name}", new Io(null, Shape.one(ControlObjects.Acl.class))),
          Map.entry(
              "put /api/acls/{name}",
              new Io(Shape.one(PeersAndAcls.AclRules.class), Shape.one(ControlObjects.Acl.class))),
          // The PowerDNS-compatible surface: its bodies are read field by field, as PowerDNS
          // takes them (described by PowerDnsBodies); its answers are records.
          Map.entry("get /api", new Io(null, Shape.listOf(PowerDnsApi.Version.class))),
          Map.entry("get /api/v1", new Io(null, Shape.listOf(PowerDnsApi.Discovery.class))),
          Map.entry("get /api/v1/servers", new Io(null, Shape.listOf(PowerDnsApi.Server.class))),
          Map.entry("get " + SERVER, new Io(null, Shape.one(PowerDnsApi.Server.class))),
          Map.entry("get " + SERVER + "/zones", new Io(null, Shape.listOf(PowerDnsZoneJson.class))),
          Map.entry(
              "post " + SERVER + "/zones",
              new Io(Shape.one(PowerDnsBodies.NewZone.class), Shape.one(PowerDnsZoneJson.class))),
          Map.entry("put " + PDNS_ZONE, new Io(Shape.one(PowerDnsBodies.ZoneChange.class), null)),
          Map.entry(
              "patch " + PDNS_ZONE, new Io(Shape.one(PowerDnsBodies.RrSetsChange.class), null)),
          Map.entry(
              "put " + PDNS_ZONE + "/notify", new Io(null, Shape.one(PowerDnsZones.Result.class))),
          Map.entry(
              "put " + PDNS_ZONE + "/axfr-retrieve",
              new Io(null, Shape.one(PowerDnsZones.Result.class))),
          Map.entry(
              "put " + PDNS_ZONE + "/rectify", new Io(null, Shape.one(PowerDnsZones.Result.class))),
          Map.entry(
              "get " + PDNS_ZONE + "/export",
              new Io(
                  List.of(),
                  List.of(Shape.text("text/plain"), Shape.one(PowerDnsZones.ExportJson.class)))),
          Map.entry(
              "post " + PDNS_ZONE + "/metadata",
              new Io(
                  Shape.one(PowerDnsBodies.NewMetadata.class),
                  Shape.one(PowerDnsMetadata.MetadataJson.class))),
          Map.entry(
              "put " + PDNS_ZONE + "/metadata/{kind}",
              new Io(
                  Shape.one(PowerDnsBodies.MetadataValues.class),
                  Shape.one(PowerDnsMetadata.MetadataJson.class))),
          Map.entry(
              "get " + PDNS_ZONE + "/cryptokeys/{id}",
              new Io(null, Shape.one(PowerDnsServer.CryptokeyJson.class))),
          Map.entry(
              "post " + PDNS_ZONE + "/cryptokeys",
              new Io(Shape.one(PowerDnsBodies.NewCryptokey.class), null)),
          Map.entry(
              "put " + SERVER + "/cache/flush",
              new Io(null, Shape.one(PowerDnsServer.FlushJson.class))),
          Map.entry(
              "get " + SERVER + "/autoprimaries",
              new Io(null, Shape.listOf(PowerDnsBodies.Autoprimary.class))),
          Map.entry(
              "post " + SERVER + "/autoprimaries",
              new Io(Shape.one(PowerDnsBodies.Autoprimary.class), null)),
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
              "post " + SERVER + "/tsigkeys",
              new Io(
                  Shape.one(PowerDnsBodies.NewKey.class), Shape.one(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "get " + SERVER + "/tsigkeys/{id}",
              new Io(null, Shape.one(PowerDnsKeys.KeyJson.class))),
          Map.entry(
              "put " + SERVER + "/tsigkeys/{id}",
              new Io(
                  Shape.one(PowerDnsBodies.KeyChange.class),
                  Shape.one(PowerDnsKeys.KeyJson.class))),
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
    ObjectNode ref;
    if (shape.types().size() > 1) {
      ref = Json.MAPPER.createObjectNode();
      var oneOf = ref.putArray("oneOf");
      shape.types().forEach(t -> oneOf.add(ref(t, components)));
    } else if (shape.types().getFirst() == String.class) {
      ref = Json.MAPPER.createObjectNode().put("type", "string");
    } else {
      ref = ref(shape.types().getFirst(), components);
    }
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
        ObjectNode property = of(t, components);
        // A field the handler defaults when absent: @JsonProperty(defaultValue = JSON text).
        String given = renamed == null ? "" : renamed.defaultValue();
        if (!given.isEmpty()) {
          property.set("default", defaultValue(given, record, field));
        }
        properties.set(field, property);
        if (!t.isAnnotationPresent(Nullable.class) && given.isEmpty()) {
          required.add(field);
        }
      }
      if (required.isEmpty()) {
        s.remove("required");
      }
    }
    return Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + name);
  }

  private static JsonNode defaultValue(String json, Class<?> record, String field) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          record.getName() + "." + field + ": default '" + json + "' is not JSON", e);
    }
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
