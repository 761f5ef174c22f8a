package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.catalog.CatalogTemplate;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.service.CatalogService;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * {@code /api/catalogs} and {@code /api/catalog-templates}: catalog zones (RFC 9432) followed and
 * made here, the templates that configure a followed catalog's members by their group, and a zone's
 * group for the catalogs made here ({@code PUT /api/zones/{zone}/group}).
 */
final class CatalogResource {
  private final CatalogService catalogs;

  CatalogResource(CatalogService catalogs) {
    this.catalogs = catalogs;
  }

  /** A catalog as the API shows it. */
  record CatalogJson(
      String catalog,
      String role,
      String source,
      List<String> primaries,
      List<String> groups,
      @Nullable Long serial,
      int members,
      @Nullable String problem) {
    static CatalogJson of(Catalogs.View v) {
      return new CatalogJson(
          v.catalog().toString(),
          v.role(),
          v.source(),
          v.primaries(),
          v.groups(),
          v.serial() < 0 ? null : v.serial(),
          v.members(),
          v.problem());
    }
  }

  /** The body of {@code POST /api/catalogs}. */
  record NewCatalogBody(String catalog, List<String> primaries, List<String> allowNotify) {
    static NewCatalogBody read(ObjectNode o) {
      Json.only(o, NewCatalogBody.class);
      return new NewCatalogBody(
          Json.text(o, "catalog"), Json.texts(o, "primaries"), Json.texts(o, "allowNotify"));
    }
  }

  /** A template as the API shows it, and the body of {@code PUT /api/catalog-templates/{group}}. */
  record TemplateJson(
      String group,
      List<String> primaries,
      List<String> allowTransfer,
      @JsonProperty("notify") List<String> alsoNotify,
      List<String> allowNotify,
      String source) {
    static TemplateJson of(CatalogTemplate t, boolean configured) {
      return new TemplateJson(
          t.group(),
          t.primaries().stream().map(Remote::spec).toList(),
          t.allowTransfer().stream().map(AclRule::spec).toList(),
          t.alsoNotify().stream().map(Remote::spec).toList(),
          t.allowNotify().stream().map(AclRule::spec).toList(),
          configured ? "config" : "api");
    }
  }

  /** The body of {@code PUT /api/catalog-templates/{group}}. */
  record TemplateBody(
      List<String> primaries,
      List<String> allowTransfer,
      @JsonProperty("notify") List<String> alsoNotify,
      List<String> allowNotify) {
    static TemplateBody read(ObjectNode o) {
      Json.only(o, TemplateBody.class);
      return new TemplateBody(
          Json.texts(o, "primaries"),
          Json.texts(o, "allowTransfer"),
          Json.texts(o, "notify"),
          Json.texts(o, "allowNotify"));
    }
  }

  /** The body of {@code PUT /api/zones/{zone}/group}. */
  record GroupBody(@Nullable String group) {
    static GroupBody read(ObjectNode o) {
      Json.only(o, GroupBody.class);
      return new GroupBody(Json.optionalText(o, "group"));
    }
  }

  private static Name catalog(Context ctx) {
    return Params.name(ctx.pathParam("catalog"), "catalog");
  }

  void list(Context ctx) {
    Json.ok(ctx, catalogs.list().stream().map(CatalogJson::of).toList());
  }

  void get(Context ctx) {
    Json.ok(ctx, CatalogJson.of(catalogs.get(catalog(ctx))));
  }

  /**
   * A followed catalog's members in DNS order: all of them, or with {@code limit} a page, those
   * after {@code after} (a full page has a {@code Link} header to the next, as the zones' list).
   */
  void members(Context ctx) {
    Name catalog = catalog(ctx);
    String afterText = ctx.queryParam("after");
    List<Name> rest =
        catalogs.members(catalog, afterText == null ? null : Params.zoneName(afterText));
    long given = Params.number(ctx, "limit", -1, 1, ZoneResource.MAX_PAGE);
    List<Name> page = given < 0 ? rest : rest.subList(0, (int) Math.min(rest.size(), given));
    if (given > 0 && page.size() == given) {
      Params.linkNext(ctx, "/api/catalogs/" + catalog + "/members", page.getLast(), given, "");
    }
    Json.ok(ctx, page.stream().map(Name::toString).toList());
  }

  void follow(Context ctx) {
    NewCatalogBody b = NewCatalogBody.read(Json.object(ctx));
    Name name = Params.name(b.catalog(), "catalog");
    Catalogs.View v = catalogs.follow(name, b.primaries(), b.allowNotify());
    ctx.header("Location", "/api/catalogs/" + v.catalog());
    Json.send(ctx, 201, CatalogJson.of(v));
  }

  void unfollow(Context ctx) {
    catalogs.unfollow(catalog(ctx));
    ctx.status(204);
  }

  void templates(Context ctx) {
    Json.ok(
        ctx,
        catalogs.templates().stream()
            .map(t -> TemplateJson.of(t, catalogs.isConfigured(t.group())))
            .toList());
  }

  void template(Context ctx) {
    String group = ctx.pathParam("group");
    Json.ok(ctx, TemplateJson.of(catalogs.template(group), catalogs.isConfigured(group)));
  }

  void putTemplate(Context ctx) {
    String group = ctx.pathParam("group");
    TemplateBody b = TemplateBody.read(Json.object(ctx));
    CatalogTemplate t =
        catalogs.putTemplate(
            group, b.primaries(), b.allowTransfer(), b.alsoNotify(), b.allowNotify());
    Json.ok(ctx, TemplateJson.of(t, false));
  }

  void deleteTemplate(Context ctx) {
    catalogs.deleteTemplate(ctx.pathParam("group"));
    ctx.status(204);
  }

  void setGroup(Context ctx) {
    catalogs.setGroup(Params.zone(ctx), GroupBody.read(Json.object(ctx)).group());
    ctx.status(204);
  }
}
