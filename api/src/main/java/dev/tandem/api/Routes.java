package dev.tandem.api;

import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ApiKeys.Scope;
import dev.tandem.control.service.ZoneText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Registers the API's routes with Javalin, each with the scope its key needs, and remembers them:
 * the OpenAPI document is made from this list, so it lists exactly what is served.
 */
final class Routes {
  /** Where a request's key is kept once checked. */
  static final String KEY_ATTRIBUTE = "tandem.key";

  /**
   * One route.
   *
   * @param body what the request body is, in words, or null if it takes none
   * @param returns what a success returns, in words
   */
  record Route(
      String method,
      String path,
      Scope scope,
      String tag,
      String summary,
      @org.jspecify.annotations.Nullable String body,
      String returns) {}

  private final RoutesConfig config;
  private final ApiKeys keys;
  private final List<Route> all = new ArrayList<>();
  private String tag = "";

  Routes(RoutesConfig config, ApiKeys keys) {
    this.config = config;
    this.keys = keys;
  }

  /** The tag of the routes added next (their group in the OpenAPI document). */
  Routes tag(String t) {
    tag = t;
    return this;
  }

  List<Route> all() {
    return List.copyOf(all);
  }

  void get(String path, Scope scope, String summary, String returns, Handler h) {
    add("get", path, scope, summary, null, returns, h);
  }

  void post(String path, Scope scope, String summary, String body, String returns, Handler h) {
    add("post", path, scope, summary, body, returns, h);
  }

  void put(String path, Scope scope, String summary, String body, String returns, Handler h) {
    add("put", path, scope, summary, body, returns, h);
  }

  void patch(String path, Scope scope, String summary, String body, String returns, Handler h) {
    add("patch", path, scope, summary, body, returns, h);
  }

  void delete(String path, Scope scope, String summary, String returns, Handler h) {
    add("delete", path, scope, summary, null, returns, h);
  }

  private void add(
      String method,
      String path,
      Scope scope,
      String summary,
      @org.jspecify.annotations.Nullable String body,
      String returns,
      Handler h) {
    all.add(new Route(method, path, scope, tag, summary, body, returns));
    Reach reach = Reach.of(method, path);
    Handler checked =
        ctx -> {
          ApiKeys.Key key = authorize(ctx, scope);
          if (key.limits().any()) {
            reach.check(ctx, key);
          }
          ctx.attribute(KEY_ATTRIBUTE, key);
          h.handle(ctx);
        };
    switch (method) {
      case "get" -> config.get(path, checked);
      case "post" -> config.post(path, checked);
      case "put" -> config.put(path, checked);
      case "patch" -> config.patch(path, checked);
      case "delete" -> config.delete(path, checked);
      default -> throw new IllegalArgumentException(method);
    }
  }

  /**
   * What a route touches, for a key limited to zones, names or types ({@link ApiKeys.Limits}): such
   * a key reads the API's discovery and the lists (filtered to its zones), reads and changes RRsets
   * in its zones (each RRset checked against its names and types), changes a zone's own settings
   * only when it is not limited to names or types, and nothing server-wide.
   */
  enum Reach {
    /** Where the API is and what it has: open to every key. */
    DISCOVERY,
    /** A list its handler filters to the key's zones. */
    LIST,
    /** Reads one zone. */
    ZONE_READ,
    /** Changes RRsets of one zone; each RRset is checked by the zone service. */
    RECORDS,
    /** Changes a zone itself: settings, contents whole, actions, deletion. */
    ZONE,
    /** Anything else: keys, peers, ACLs, zone creation, server-wide actions. */
    SERVER;

    static Reach of(String method, String path) {
      boolean get = method.equals("get");
      if (path.contains("{zone}")) {
        if (get) {
          return ZONE_READ;
        }
        boolean records =
            (method.equals("patch") && path.endsWith("/rrsets"))
                || path.endsWith("/rrsets/{name}/{type}")
                || (method.equals("post") && path.endsWith("/records"))
                || (method.equals("patch") && path.endsWith("/servers/{server}/zones/{zone}"));
        return records ? RECORDS : ZONE;
      }
      if (get
          && (path.equals("/api/zones")
              || path.endsWith("/servers/{server}/zones")
              || path.endsWith("/servers/{server}/search-data"))) {
        return LIST;
      }
      if (get
          && (path.equals("/api")
              || path.equals("/api/v1")
              || path.equals("/api/v1/servers")
              || path.equals("/api/v1/servers/{server}"))) {
        return DISCOVERY;
      }
      return SERVER;
    }

    /** Refuses a request of a limited key that goes beyond its limits. */
    void check(Context ctx, ApiKeys.Key key) {
      ApiKeys.Limits limits = key.limits();
      String refusal =
          switch (this) {
            case DISCOVERY, LIST -> null;
            case ZONE_READ, RECORDS, ZONE -> {
              Name zone = zoneOf(ctx);
              if (zone != null && !limits.allowsZone(zone)) {
                yield "zone " + zone;
              }
              yield this == ZONE && limits.records() ? "this zone's settings or actions" : null;
            }
            case SERVER -> ctx.method() + " " + ctx.path();
          };
      if (refusal != null) {
        throw new ApiError(
            403,
            "the API key '"
                + key.name()
                + "' is limited to "
                + limits.describe()
                + ": not "
                + refusal);
      }
    }

    private static @org.jspecify.annotations.Nullable Name zoneOf(Context ctx) {
      try {
        return ZoneText.zoneName(PowerDnsText.unescape(ctx.pathParam("zone")), "zone", true);
      } catch (RuntimeException e) {
        return null; // the handler says it is no zone
      }
    }
  }

  /** HTTP methods in the order an OPTIONS answer lists them (PowerDNS's order). */
  private static final List<String> METHOD_ORDER = List.of("get", "post", "patch", "put", "delete");

  /**
   * Answers OPTIONS (a browser's CORS preflight) on every path served, without a key: the methods
   * the path takes and the headers a request may carry. No {@code Access-Control-Allow-Origin}: as
   * PowerDNS, the API is not opened to pages of other origins. A PowerDNS path of another server
   * than {@code localhost} is not found.
   */
  void preflight() {
    java.util.Map<String, java.util.Set<String>> methods = new java.util.LinkedHashMap<>();
    for (Route r : all) {
      methods.computeIfAbsent(r.path(), p -> new java.util.HashSet<>()).add(r.method());
    }
    methods.forEach(
        (path, allowed) -> {
          List<String> names = new ArrayList<>();
          for (String m : METHOD_ORDER) {
            if (allowed.contains(m)) {
              names.add(m.toUpperCase(java.util.Locale.ROOT));
            }
          }
          names.add("OPTIONS");
          String allow = String.join(", ", names);
          config.options(
              path,
              ctx -> {
                if (path.contains("{server}") && !ctx.pathParam("server").equals("localhost")) {
                  throw new ApiError(404, "Not Found: no server '" + ctx.pathParam("server") + "'");
                }
                ctx.header("Access-Control-Allow-Headers", "Content-Type, X-API-Key");
                ctx.header("Access-Control-Allow-Methods", allow);
                ctx.header("Allow", allow);
                ctx.status(200);
              });
        });
  }

  /**
   * The key the request presents ({@code X-API-Key}, as PowerDNS clients send it, or {@code
   * Authorization: Bearer}), if it allows {@code needed}.
   *
   * @throws ApiError 401 without a valid key, 403 if the key's scope is too narrow
   */
  private ApiKeys.Key authorize(Context ctx, Scope needed) {
    String secret = ctx.header("X-API-Key");
    String auth = ctx.header("Authorization");
    if ((secret == null || secret.isEmpty()) && auth != null && auth.startsWith("Bearer ")) {
      secret = auth.substring("Bearer ".length()).trim();
    }
    if (secret == null || secret.isEmpty()) {
      throw new ApiError(
          401, "an API key is required: send it as X-API-Key or Authorization: Bearer");
    }
    Optional<ApiKeys.Key> key = keys.verify(secret);
    if (key.isEmpty()) {
      throw new ApiError(401, "the API key is not valid (unknown or revoked)");
    }
    if (!key.get().scope().allows(needed)) {
      throw new ApiError(
          403,
          "the API key '"
              + key.get().name()
              + "' has scope "
              + key.get().scope().label()
              + "; this needs "
              + needed.label());
    }
    return key.get();
  }

  /**
   * Who asks: the request's key, and the surface it came through ({@code powerdns} under {@code
   * /api/v1}, {@code cli} for Tandem's CLI, which says so in {@code X-Tandem-Client}, else {@code
   * api}).
   */
  static Actor actor(Context ctx) {
    String path = ctx.path();
    String via =
        path.startsWith("/api/v1") || path.equals("/api")
            ? "powerdns"
            : "cli".equals(ctx.header("X-Tandem-Client")) ? "cli" : "api";
    ApiKeys.Key key = key(ctx);
    return new Actor(key.name(), via, key.limits());
  }

  /** The key a request was let in with (set before the handler runs). */
  static ApiKeys.Key key(Context ctx) {
    ApiKeys.Key k = ctx.attribute(KEY_ATTRIBUTE);
    if (k == null) {
      throw new IllegalStateException("route without authorization");
    }
    return k;
  }
}
