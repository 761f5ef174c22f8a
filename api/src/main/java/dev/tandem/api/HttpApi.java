package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's HTTP surface on {@code --http ADDR:PORT}: Prometheus metrics at {@code /metrics}, the
 * REST API under {@code /api} (its OpenAPI document at {@code /api/openapi.json}) and the
 * PowerDNS-compatible subset under {@code /api/v1}. Javalin (on Jetty) serves it, on its own
 * threads, away from the DNS event loops.
 *
 * <p>Every error is JSON, {@code {"error": MESSAGE}} (plus {@code "field"} when one field is at
 * fault), the shape PowerDNS clients read too.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  private final Javalin app;
  private final String host;
  private final List<Routes.Route> routes;

  private HttpApi(Javalin app, String host, List<Routes.Route> routes) {
    this.app = app;
    this.host = host;
    this.routes = routes;
  }

  /**
   * Listens on {@code address}, serving {@code registry}'s metrics and, with {@code services}, the
   * APIs.
   *
   * @throws IllegalStateException if the address cannot be bound (the message says why)
   */
  public static HttpApi start(
      InetSocketAddress address, PrometheusMeterRegistry registry, @Nullable ApiServices services) {
    return start(address, registry, services, null);
  }

  /**
   * As above, with {@code pages} adding the control panel's routes (at {@code /} and below, outside
   * {@code /api}) to the same server; without it {@code /} is a page of links.
   */
  public static HttpApi start(
      InetSocketAddress address,
      PrometheusMeterRegistry registry,
      @Nullable ApiServices services,
      @Nullable Consumer<RoutesConfig> pages) {
    Routes[] made = new Routes[1];
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = address.getAddress().getHostAddress();
              config.jetty.port = address.getPort();
              config.http.maxRequestSize = Json.MAX_BODY_BYTES; // zone files are uploaded whole
              config.routes.get(
                  "/metrics",
                  ctx -> {
                    // ?name[]=tandem_checks_total&name[]=...: those series alone, as the
                    // Prometheus client libraries allow (a server of 10,000 zones has many).
                    java.util.List<String> only = ctx.queryParams("name[]");
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(
                            only.isEmpty()
                                ? registry.scrape()
                                : registry.scrape(
                                    "text/plain; version=0.0.4; charset=utf-8", families(only)));
                  });
              if (services != null) {
                Routes routes = new Routes(config.routes, services.keys());
                RestApi.register(routes, services);
                PowerDnsApi.register(routes, services, registry);
                routes.preflight();
                if (pages != null) {
                  pages.accept(config.routes);
                } else {
                  config.routes.get("/", ctx -> ctx.html(Index.HTML));
                }
                config.routes.get("/health", ctx -> Json.ok(ctx, new Health("alive", List.of())));
                config.routes.get(
                    "/ready",
                    ctx -> {
                      ZoneService.Readiness r = services.zones().readiness();
                      Json.send(
                          ctx,
                          r.ready() ? 200 : 503,
                          new Health(r.ready() ? "ready" : "not ready", r.problems()));
                    });
                made[0] = routes;
                config.routes.get(
                    "/api/openapi.json",
                    ctx ->
                        ctx.contentType("application/json")
                            .result(OpenApi.document(routes.all(), services.version())));
                ApiDocs docs = new ApiDocs();
                config.routes.get("/api/docs", docs::page);
                config.routes.get("/api/docs/{file}", docs::file);
              }
              errors(config.routes);
              config.routes.after(
                  ctx -> {
                    if (ctx.statusCode() == 204) {
                      ctx.res().setContentType(null); // no body, so no type (RFC 9110 8.3)
                    }
                    count(registry, ctx);
                  });
            });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      throw new IllegalStateException("cannot serve HTTP on " + address + ": " + rootMessage(e), e);
    }
    return new HttpApi(
        app, address.getAddress().getHostAddress(), made[0] == null ? List.of() : made[0].all());
  }

  /**
   * The metric families {@code names} ask for: each name as given, and as the family it is a series
   * of when it carries a suffix the exposition adds ({@code tandem_checks_total} is a series of the
   * counter {@code tandem_checks}), so that a name copied from a scrape finds its series.
   */
  static java.util.Set<String> families(List<String> names) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String n : names) {
      out.add(n);
      for (String suffix : List.of("_total", "_count", "_sum", "_bucket", "_created")) {
        if (n.endsWith(suffix)) {
          out.add(n.substring(0, n.length() - suffix.length()));
        }
      }
    }
    return out;
  }

  /** Metrics only, as before the API (tests of the metrics alone). */
  public static HttpApi start(InetSocketAddress address, PrometheusMeterRegistry registry) {
    return start(address, registry, null);
  }

  private static void errors(io.javalin.config.RoutesConfig r) {
    r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
    r.exception(
        ServiceException.class,
        (e, ctx) ->
            error(
                ctx,
                switch (e.problem()) {
                  case NOT_FOUND -> 404;
                  case CONFLICT -> 409;
                  case INVALID -> 422;
                  case FORBIDDEN -> 403;
                },
                e.getMessage(),
                e.field()));
    r.exception(
        HttpResponseException.class,
        (e, ctx) ->
            error(
                ctx,
                e.getStatus(),
                switch (e.getStatus()) {
                  case 404 -> noEndpoint(ctx);
                  case 405 -> notAllowed(ctx);
                  case 413 -> tooLarge();
                  default -> String.valueOf(e.getMessage());
                },
                null));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("API {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal error: " + e + " (see the server log)", null);
        });
    r.error(
        404,
        ctx -> {
          String type = ctx.res().getContentType();
          if (type == null
              || !(type.startsWith("application/json") || type.startsWith("text/html"))) {
            // Javalin's own "not found": no route matched (an answer of ours is JSON already, or
            // a page of the panel's).
            error(ctx, 404, noEndpoint(ctx), null);
          }
        });
    r.error(
        413,
        ctx -> {
          String type = ctx.res().getContentType();
          if (type == null || !type.startsWith("application/json")) {
            error(ctx, 413, tooLarge(), null); // refused by Jetty before any handler ran
          }
        });
    r.error(405, ctx -> error(ctx, 405, notAllowed(ctx), null));
  }

  private static String noEndpoint(Context ctx) {
    return "no such endpoint: " + ctx.method() + " " + ctx.path();
  }

  private static String notAllowed(Context ctx) {
    return "method " + ctx.method() + " is not allowed on " + ctx.path();
  }

  private static String tooLarge() {
    return "the request body is larger than the limit of " + Json.MAX_BODY_BYTES + " bytes";
  }

  /**
   * What {@code /health} (the process answers) and {@code /ready} (the store answers, every primary
   * zone is loaded) say; neither needs a key, for load balancers and orchestrators.
   */
  record Health(String status, List<String> problems) {}

  /** An error as both APIs answer it; {@code field} only when one field is at fault. */
  record ErrorJson(
      String error, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String field) {}

  static void error(Context ctx, int status, @Nullable String message, @Nullable String field) {
    String m = message == null ? "error" : message;
    if (m.length() > MAX_ERROR) { // an error may quote the request: never all of a large one
      m = m.substring(0, MAX_ERROR) + "...";
    }
    Json.send(ctx, status, new ErrorJson(m, field));
  }

  /** The longest error message sent. */
  private static final int MAX_ERROR = 2000;

  private static void count(PrometheusMeterRegistry registry, Context ctx) {
    String path = ctx.path();
    if (path.equals("/metrics")) {
      return;
    }
    Counter.builder("tandem_api_requests")
        .description("HTTP API requests by method, surface (api, powerdns) and status")
        .tag("method", ctx.method().name())
        .tag("surface", path.startsWith("/api/v1") || path.equals("/api") ? "powerdns" : "api")
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .increment();
  }

  /** The routes served (for tests and the OpenAPI document). */
  public List<String> routes() {
    return routes.stream()
        .map(r -> r.method().toUpperCase(java.util.Locale.ROOT) + " " + r.path())
        .toList();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc) {
        return sc.getLocalPort();
      }
    }
    return app.port();
  }

  /** Where it listens, as {@code HOST:PORT} ({@code [V6]:PORT} for IPv6). */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  @Override
  public void close() {
    app.stop();
  }
}
