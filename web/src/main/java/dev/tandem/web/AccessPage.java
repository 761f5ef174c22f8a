package dev.tandem.web;

import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneText;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * Who may do what: TSIG keys, peers, ACLs and API keys, each listed (never a secret but the one
 * just made), made and deleted by an admin key through the same use cases as the API; and the audit
 * log, newest first. A made API key's secret is shown once, on the page the form leads to.
 */
public final class AccessPage {
  /** The page. */
  public record View(
      Frame frame,
      List<ControlObjects.Key> tsig,
      List<ControlObjects.Peer> peers,
      List<ControlObjects.Acl> acls,
      List<ApiKeys.Key> apiKeys,
      @Nullable String made,
      @Nullable String section,
      @Nullable String error) {
    public @Nullable String errorFor(String s) {
      return s.equals(section) ? error : null;
    }
  }

  /** One line of the audit log. */
  public record AuditRow(
      long seq, String at, String actor, String action, String target, String outcome) {}

  /** The audit log page. */
  public record AuditView(Frame frame, List<AuditRow> rows, long next) {}

  private final PanelServices services;

  AccessPage(PanelServices services) {
    this.services = services;
  }

  void page(Context ctx, Panel.Visitor v) {
    render(ctx, v, 200, ctx.queryParam("made"), null, null);
  }

  private void render(
      Context ctx,
      Panel.Visitor v,
      int status,
      @Nullable String made,
      @Nullable String section,
      @Nullable String error) {
    ZoneService z = services.zones();
    Templates.render(
        ctx,
        status,
        "access.jte",
        new View(
            v.frame("Keys and access", "access", services.version()),
            z.objects().keys(false),
            z.objects().peers(),
            z.objects().acls(),
            v.isAdmin() ? services.keys().list() : List.of(),
            made,
            section,
            error));
  }

  /** {@code POST /access/{what}}: makes or deletes one object, then back to the page. */
  void change(Context ctx, Panel.Visitor v) {
    String what = ctx.pathParam("what");
    String op = Optional.ofNullable(ctx.formParam("op")).orElse("create");
    String name = Optional.ofNullable(ctx.formParam("name")).orElse("").trim();
    ControlObjects objects = services.zones().objects();
    String made = null;
    try {
      switch (what + ":" + op) {
        case "tsig:create" ->
            objects.createKey(
                name, blank(ctx.formParam("algorithm")), blank(ctx.formParam("secret")), v.actor());
        case "tsig:delete" -> objects.deleteKey(ZoneText.name(name, Name.root, "name"), v.actor());
        case "peer:create" -> {
          String key = blank(ctx.formParam("key"));
          objects.putPeer(
              new ControlObjects.Peer(
                  name,
                  Optional.ofNullable(ctx.formParam("address")).orElse("").trim(),
                  port(ctx.formParam("port")),
                  key == null ? null : ZoneText.name(key, Name.root, "key"),
                  ctx.formParam("ixfr") != null),
              v.actor());
        }
        case "peer:delete" -> objects.deletePeer(name, v.actor());
        case "acl:create" ->
            objects.putAcl(
                new ControlObjects.Acl(
                    name,
                    List.of(
                        Optional.ofNullable(ctx.formParam("rules"))
                            .orElse("")
                            .trim()
                            .split("[\\s,]+"))),
                v.actor());
        case "acl:delete" -> objects.deleteAcl(name, v.actor());
        case "api-key:create" -> {
          ApiKeys.Made m =
              services
                  .keys()
                  .create(
                      name,
                      ApiKeys.Scope.parse(Optional.ofNullable(ctx.formParam("scope")).orElse("")),
                      ApiKeys.Limits.NONE,
                      v.actor());
          made = m.key().name() + " " + m.secret();
        }
        case "api-key:delete" -> services.keys().delete(name, v.actor());
        default -> throw new PanelError(404, "Nothing to do: " + what + " " + op);
      }
    } catch (ServiceException e) {
      render(ctx, v, Panel.status(e), null, what, e.getMessage());
      return;
    }
    if (made != null) {
      // The secret is shown once, on this answer, never in a URL or a later page.
      render(ctx, v, 200, made, null, null);
      return;
    }
    ctx.redirect(
        "/access#" + URLEncoder.encode(what, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
  }

  private static @Nullable String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static int port(@Nullable String s) {
    if (s == null || s.isBlank()) {
      return 53;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw ServiceException.invalid("port", "port '" + s + "' is not a number");
    }
  }

  /** {@code GET /audit}: the audit log, newest first, 100 a page ({@code before} pages back). */
  void audit(Context ctx, Panel.Visitor v) {
    long before = 0;
    try {
      before = Long.parseLong(Optional.ofNullable(ctx.queryParam("before")).orElse("0"));
    } catch (NumberFormatException e) {
      // the newest page
    }
    List<AuditRow> rows = new ArrayList<>();
    var now = services.clock().instant();
    for (ZoneService.AuditRecord r : services.zones().audit(null, null, null, null, before, 100)) {
      rows.add(
          new AuditRow(
              r.seq(),
              Ago.since(r.at(), now) + " (" + r.at() + ")",
              r.actor() + " (" + r.via() + ")",
              r.action(),
              (r.zone() == null ? "" : r.zone() + " ") + r.target(),
              r.outcome()));
    }
    long next = rows.size() == 100 ? rows.get(rows.size() - 1).seq() : 0;
    Templates.render(
        ctx,
        200,
        "audit.jte",
        new AuditView(v.frame("Audit log", "audit", services.version()), rows, next));
  }
}
