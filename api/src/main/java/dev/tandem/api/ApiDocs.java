package dev.tandem.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code /api/docs}: the API browsable, Swagger UI over {@code /api/openapi.json}. Swagger UI's
 * files come from its webjar in our own jar, so the page works without the Internet (a server's
 * admin network often has none) and loads nothing from anyone else. Open without a key, as the
 * OpenAPI document is; trying a request in it needs one.
 */
final class ApiDocs {
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

  /** The files the page loads, and their types: nothing else of the webjar is served. */
  private static final Map<String, String> FILES =
      Map.of(
          "swagger-ui.css", "text/css",
          "swagger-ui-bundle.js", "text/javascript",
          "swagger-ui-standalone-preset.js", "text/javascript",
          "favicon-32x32.png", "image/png",
          "favicon-16x16.png", "image/png");

  static final String HTML =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Tandem API</title>
      <link rel="stylesheet" href="/api/docs/swagger-ui.css">
      <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
      </head><body>
      <div id="swagger-ui"></div>
      <script src="/api/docs/swagger-ui-bundle.js"></script>
      <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
      <script>
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/api/openapi.json",
          dom_id: "#swagger-ui",
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          layout: "StandaloneLayout"
        });
      };
      </script>
      </body></html>
      """;

  private final String base;

  ApiDocs() {
    this.base = WEBJAR + version() + "/";
  }

  void page(Context ctx) {
    ctx.html(HTML);
  }

  void file(Context ctx) {
    String name = ctx.pathParam("file");
    String type = FILES.get(name);
    if (type == null) {
      throw new ApiError(404, "no file '" + name + "' in /api/docs");
    }
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(base + name);
    if (in == null) {
      throw new ApiError(404, "no file '" + name + "' in /api/docs");
    }
    ctx.header("Cache-Control", "max-age=86400").contentType(type).result(in);
  }

  /** The webjar's version, from its Maven metadata: the path its files are under. */
  private static String version() {
    try (InputStream in =
        ApiDocs.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
