package dev.tandem.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The panel's static files, read once from the jar: htmx and uPlot from their webjars, the style
 * sheet and the panel's script from this module. Nothing comes from a CDN; the panel works offline.
 */
final class Assets {
  private record Asset(byte[] bytes, String type) {}

  private static final Map<String, Asset> FILES =
      Map.of(
          "htmx.min.js",
          load("META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js", "text/javascript"),
          "uPlot.min.js",
          load("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "text/javascript"),
          "uPlot.min.css",
          load("META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css", "text/css"),
          "panel.css",
          load("dev/tandem/web/panel.css", "text/css"),
          "panel.js",
          load("dev/tandem/web/panel.js", "text/javascript"));

  private Assets() {}

  private static Asset load(String resource, String type) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the panel's asset " + resource + " is not in the jar");
      }
      return new Asset(in.readAllBytes(), type + "; charset=utf-8");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code GET /assets/{file}}. */
  static void serve(Context ctx) {
    Asset a = FILES.get(ctx.pathParam("file"));
    if (a == null) {
      throw new NotFoundResponse("no such file");
    }
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(a.type()).result(a.bytes());
  }
}
