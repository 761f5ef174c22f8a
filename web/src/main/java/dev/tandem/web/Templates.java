package dev.tandem.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * The pages' templates, compiled to classes when Tandem is built (jte-maven-plugin): nothing is
 * compiled or read from disk while serving, and a template that does not compile fails the build.
 * Everything written into a page is HTML-escaped unless a template says otherwise.
 */
final class Templates {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Templates() {}

  /** Renders {@code template} with its one parameter, {@code model}, as the answer. */
  static void render(Context ctx, int status, String template, Object model) {
    StringOutput out = new StringOutput();
    ENGINE.render(template, model, out);
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }
}
