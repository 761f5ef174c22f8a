package dev.tandem.web;

import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ServiceException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The control panel's routes on the API's server, and the one gate every page passes: a session
 * opened with an API key, the key still valid, its scope enough for what is asked, and for every
 * POST the session's CSRF token. A page refused for want of a session sends the browser to the
 * login form; a POST without the right token is refused (403) whatever else it carries.
 *
 * <p>The session cookie is {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other
 * site's page sends it) and {@code Secure} when the request came over HTTPS (directly or through a
 * proxy that says so in {@code X-Forwarded-Proto}).
 */
public final class Panel {
  static final String COOKIE = "tandem_session";

  /** Who is asking: their session and the key it was opened with. */
  record Visitor(Sessions.Session session, ApiKeys.Key key) {
    Actor actor() {
      return new Actor(key.name(), "panel", key.limits());
    }

    boolean canWrite() {
      return key.scope().allows(ApiKeys.Scope.WRITE);
    }

    boolean isAdmin() {
      return key.scope().allows(ApiKeys.Scope.ADMIN);
    }

    Frame frame(String title, String active, String version) {
      return new Frame(
          title,
          active,
          key.name(),
          key.scope().label(),
          canWrite(),
          isAdmin(),
          session.csrf(),
          version);
    }
  }

  /** A page handler, given who asks. */
  @FunctionalInterface
  interface Page {
    void handle(Context ctx, Visitor v) throws Exception;
  }

  private final PanelServices services;
  private final Sessions sessions;
  private final LoginThrottle throttle;

  private Panel(PanelServices services) {
    this.services = services;
    this.sessions = new Sessions(services.clock());
    this.throttle = new LoginThrottle(services.clock());
  }

  /** Adds the panel's routes to the API's server. */
  public static void mount(RoutesConfig routes, PanelServices services) {
    Panel p = new Panel(services);
    Dashboard dashboard = new Dashboard(services);
    ZonePage zone = new ZonePage(services);
    routes.get("/assets/{file}", Assets::serve);
    routes.get("/login", p::loginForm);
    routes.post("/login", p::login);
    routes.post("/logout", p.post(ApiKeys.Scope.READ, p::logout));
    routes.get("/", p.get(dashboard::page));
    routes.get("/zones/{zone}", p.get(zone::page));
    routes.post("/zones/{zone}/preview", p.post(ApiKeys.Scope.WRITE, zone::preview));
    routes.post("/zones/{zone}/records", p.post(ApiKeys.Scope.WRITE, zone::apply));
    routes.post("/zones/{zone}/revert", p.post(ApiKeys.Scope.WRITE, zone::revert));
    routes.post("/zones/{zone}/settings", p.post(ApiKeys.Scope.WRITE, zone::settings));
    WizardPage wizard = new WizardPage(services);
    routes.get("/wizard", p.get(wizard::list));
    routes.post("/wizard", p.post(ApiKeys.Scope.ADMIN, wizard::start));
    routes.get("/wizard/{zone}", p.get(wizard::page));
    routes.post("/wizard/{zone}/check", p.post(ApiKeys.Scope.ADMIN, wizard::check));
    AccessPage access = new AccessPage(services);
    routes.get("/access", p.get(access::page));
    routes.post("/access/{what}", p.post(ApiKeys.Scope.ADMIN, access::change));
    routes.get("/audit", p.get(ApiKeys.Scope.ADMIN, access::audit));
    Traffic traffic = new Traffic(services.totals(), services.clock());
    traffic.start();
    routes.get(
        "/stats",
        p.get(
            (ctx, v) ->
                Templates.render(
                    ctx, 200, "stats.jte", v.frame("Traffic", "stats", services.version()))));
    routes.get("/stats/{group}.json", p.get((ctx, v) -> traffic.json(ctx)));
    routes.exception(PanelError.class, (e, ctx) -> p.error(ctx, e.status(), e.getMessage()));
  }

  // ---- the gate ----

  private Handler get(Page page) {
    return get(ApiKeys.Scope.READ, page);
  }

  /** A page that needs {@code needed} to be seen at all, as its API route does. */
  private Handler get(ApiKeys.Scope needed, Page page) {
    return ctx -> {
      Optional<Visitor> v = visitor(ctx);
      if (v.isEmpty()) {
        String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        return;
      }
      scope(v.get(), needed);
      page.handle(ctx, v.get());
    };
  }

  private static void scope(Visitor v, ApiKeys.Scope needed) {
    if (!v.key().scope().allows(needed)) {
      throw new PanelError(
          403,
          "The API key '"
              + v.key().name()
              + "' has scope "
              + v.key().scope().label()
              + "; this needs "
              + needed.label()
              + ".");
    }
  }

  private Handler post(ApiKeys.Scope needed, Page page) {
    return ctx -> {
      Optional<Visitor> v = visitor(ctx);
      if (v.isEmpty()) {
        throw new PanelError(401, "You are not logged in (or your session ended): log in again.");
      }
      checkCsrf(ctx, v.get().session());
      scope(v.get(), needed);
      page.handle(ctx, v.get());
    };
  }

  private Optional<Visitor> visitor(Context ctx) {
    Optional<Sessions.Session> s = sessions.find(ctx.cookie(COOKIE));
    if (s.isEmpty() || s.get().secret() == null) {
      return Optional.empty();
    }
    Optional<ApiKeys.Key> key = services.keys().verify(s.get().secret());
    if (key.isEmpty()) {
      sessions.close(s.get().id()); // the key was revoked: so is the session
      return Optional.empty();
    }
    return Optional.of(new Visitor(s.get(), key.get()));
  }

  /** Refuses a POST whose form (or {@code X-CSRF-Token} header) lacks the session's token. */
  private static void checkCsrf(Context ctx, Sessions.Session s) {
    String given = ctx.header("X-CSRF-Token");
    if (given == null) {
      given = ctx.formParam("csrf");
    }
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw new PanelError(
          403,
          "This form's CSRF token is missing or out of date, so nothing was changed: reload the"
              + " page and try again.");
    }
  }

  // ---- login and logout ----

  /** What the login form shows. */
  public record LoginView(String csrf, String next, @Nullable String error, String version) {}

  private void loginForm(Context ctx) {
    Optional<Sessions.Session> s = sessions.find(ctx.cookie(COOKIE));
    Sessions.Session form = s.isPresent() && s.get().secret() == null ? s.get() : null;
    if (form == null) {
      form = sessions.open(null);
      setCookie(ctx, form.id());
    }
    Templates.render(
        ctx, 200, "login.jte", new LoginView(form.csrf(), next(ctx), null, services.version()));
  }

  private void login(Context ctx) {
    Optional<Sessions.Session> form = sessions.find(ctx.cookie(COOKIE));
    if (form.isEmpty()) {
      throw new PanelError(
          403, "The login form was too old (or cookies are off): reload it and try again.");
    }
    checkCsrf(ctx, form.get());
    // The socket's address, not X-Forwarded-For, which a client could vary at will.
    String client = ctx.req().getRemoteAddr();
    java.time.Duration wait = throttle.wait(client);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      Templates.render(
          ctx,
          429,
          "login.jte",
          new LoginView(
              form.get().csrf(),
              next(ctx),
              "Too many failed logins from "
                  + client
                  + " ("
                  + LoginThrottle.LIMIT
                  + " in a minute): try again in "
                  + seconds
                  + " s.",
              services.version()));
      return;
    }
    String secret = Optional.ofNullable(ctx.formParam("key")).orElse("").trim();
    Optional<ApiKeys.Key> key = services.keys().verify(secret);
    if (key.isEmpty()) {
      if (!secret.isEmpty()) {
        throttle.failed(client);
      }
      String why =
          secret.isEmpty()
              ? "Enter an API key."
              : "This API key is not valid (unknown or revoked).";
      Templates.render(
          ctx,
          401,
          "login.jte",
          new LoginView(form.get().csrf(), next(ctx), why, services.version()));
      return;
    }
    sessions.close(form.get().id());
    Sessions.Session s = sessions.open(secret);
    setCookie(ctx, s.id());
    ctx.redirect(next(ctx), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx, Visitor v) {
    sessions.close(v.session().id());
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Where to go after login: a path of this server only (never another site). */
  private static String next(Context ctx) {
    String n = ctx.formParam("next");
    if (n == null) {
      n = ctx.queryParam("next");
    }
    return n != null && n.startsWith("/") && !n.startsWith("//") && !n.startsWith("/\\") ? n : "/";
  }

  private static void setCookie(Context ctx, String id) {
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "="
            + id
            + "; Path=/; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
  }

  private static boolean secure(Context ctx) {
    return ctx.scheme().equals("https") || "https".equals(ctx.header("X-Forwarded-Proto"));
  }

  // ---- errors ----

  /** What an error page shows. */
  public record ErrorView(int status, String message, String version) {}

  private void error(Context ctx, int status, String message) {
    Templates.render(ctx, status, "error.jte", new ErrorView(status, message, services.version()));
  }

  /** Maps the use cases' refusals to the status the API would give. */
  static int status(ServiceException e) {
    return switch (e.problem()) {
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case INVALID -> 422;
      case FORBIDDEN -> 403;
    };
  }
}
