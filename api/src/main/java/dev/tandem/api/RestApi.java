package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.ApiKeys;
import dev.tandem.control.ApiKeys.Scope;
import dev.tandem.control.ControlObjects;
import dev.tandem.control.Names;
import dev.tandem.control.NotifyOutcome;
import dev.tandem.control.PrimaryZones;
import dev.tandem.control.SignatureStatus;
import dev.tandem.control.ZoneService;
import dev.tandem.control.ZoneStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Tandem's own REST API under {@code /api}: zones (primary and secondary), their records, zone
 * files in and out, status, transfer history, actions; TSIG keys, peers, ACLs and API keys. Bodies
 * are JSON (zone files are text); unknown fields are refused, not ignored, so that a misspelt
 * setting is not silently lost.
 */
final class RestApi {
  private static final String ZONE = "/api/zones/{zone}";
  private static final Set<String> PRIMARY_FIELDS =
      Set.of(
          "zone",
          "kind",
          "nameservers",
          "zoneFile",
          "allowTransfer",
          "notify",
          "allowUpdate",
          "serialPolicy");
  private static final Set<String> SECONDARY_FIELDS =
      Set.of("zone", "kind", "primaries", "allowNotify", "notify", "allowTransfer");

  private final ApiServices s;

  private RestApi(ApiServices s) {
    this.s = s;
  }

  static void register(Routes r, ApiServices services) {
    RestApi api = new RestApi(services);
    r.tag("Zones");
    r.get("/api/zones", Scope.READ, "List zones with their status", "zone statuses", api::zones);
    r.post(
        "/api/zones",
        Scope.WRITE,
        "Create a primary or secondary zone",
        "{zone, kind: primary|secondary, nameservers, zoneFile, allowTransfer, notify,"
            + " allowUpdate, serialPolicy | primaries, allowNotify, notify, allowTransfer}",
        "201 and the zone's status",
        api::create);
    r.get(ZONE, Scope.READ, "A zone's status", "the zone's status", api::zone);
    r.delete(ZONE, Scope.WRITE, "Delete a zone created here", "204", api::delete);
    r.get(
        ZONE + "/export", Scope.READ, "The zone as a zone file", "text/dns zone file", api::export);
    r.put(
        ZONE + "/import",
        Scope.WRITE,
        "Replace a primary zone's contents with a zone file",
        "text/dns zone file (or JSON {zoneFile})",
        "the change: message, fromSerial, toSerial",
        api::importZone);
    r.tag("Records");
    r.get(
        ZONE + "/rrsets",
        Scope.READ,
        "A zone's RRsets (query: name, type)",
        "[{name, type, ttl, records}]",
        api::rrsets);
    r.patch(
        ZONE + "/rrsets",
        Scope.WRITE,
        "Change several RRsets at once (one new serial)",
        "{rrsets: [{name, type, ttl, records, changetype: REPLACE|DELETE}]}",
        "the change",
        api::patchRrsets);
    r.put(
        ZONE + "/rrsets/{name}/{type}",
        Scope.WRITE,
        "Replace one RRset",
        "{ttl, records}",
        "the change",
        api::putRrset);
    r.delete(
        ZONE + "/rrsets/{name}/{type}",
        Scope.WRITE,
        "Delete one RRset",
        "the change",
        api::deleteRrset);
    r.post(
        ZONE + "/records",
        Scope.WRITE,
        "Add, delete or replace one record",
        "{op: add|delete|replace, name, ttl, type, rdata}",
        "the change",
        api::record);
    r.tag("Transfers");
    r.get(
        ZONE + "/journal",
        Scope.READ,
        "The changes kept for IXFR out",
        "[{fromSerial, toSerial, at, removed, added}]",
        api::journal);
    r.get(
        ZONE + "/transfers",
        Scope.READ,
        "Transfer history, newest first (query: limit)",
        "[{at, direction, peer, type, fromSerial, toSerial, records, bytes, millis, result,"
            + " error}]",
        api::transfers);
    r.post(
        ZONE + "/refresh",
        Scope.WRITE,
        "Secondary: check the primaries for a newer serial now",
        "none",
        "202 {message}",
        ctx -> accepted(ctx, services.zones().refresh(api.zoneParam(ctx))));
    r.post(
        ZONE + "/retransfer",
        Scope.WRITE,
        "Secondary: transfer the whole zone (AXFR) now",
        "none",
        "202 {message}",
        ctx -> accepted(ctx, services.zones().retransfer(api.zoneParam(ctx))));
    r.post(
        ZONE + "/notify",
        Scope.WRITE,
        "Send NOTIFY to the zone's secondaries now",
        "none",
        "202 {message}",
        ctx -> accepted(ctx, services.zones().notifyNow(api.zoneParam(ctx))));
    r.post(
        "/api/reload",
        Scope.ADMIN,
        "Re-read the configured zone files",
        "none",
        "{ok, lines}",
        api::reload);
    r.tag("TSIG keys");
    r.get(
        "/api/tsig-keys", Scope.READ, "TSIG keys (secrets to admin keys only)", "[key]", api::keys);
    r.post(
        "/api/tsig-keys",
        Scope.ADMIN,
        "Create a TSIG key (a random secret if none given)",
        "{name, algorithm, secret}",
        "201 and the key with its secret",
        api::createKey);
    r.get("/api/tsig-keys/{name}", Scope.READ, "One TSIG key", "the key", api::key);
    r.delete(
        "/api/tsig-keys/{name}",
        Scope.ADMIN,
        "Delete a TSIG key no zone uses",
        "204",
        api::deleteKey);
    r.tag("Peers");
    r.get("/api/peers", Scope.READ, "Peers (other providers' servers)", "[peer]", api::peers);
    r.post(
        "/api/peers",
        Scope.ADMIN,
        "Create a peer",
        "{name, address, port, key, ixfr}",
        "201 and the peer",
        ctx -> api.putPeer(ctx, null));
    r.get("/api/peers/{name}", Scope.READ, "One peer", "the peer", api::peer);
    r.put(
        "/api/peers/{name}",
        Scope.ADMIN,
        "Create or replace a peer",
        "{address, port, key, ixfr}",
        "the peer",
        ctx -> api.putPeer(ctx, ctx.pathParam("name")));
    r.delete("/api/peers/{name}", Scope.ADMIN, "Delete a peer", "204", api::deletePeer);
    r.tag("ACLs");
    r.get("/api/acls", Scope.READ, "Named ACLs", "[acl]", api::acls);
    r.post(
        "/api/acls",
        Scope.ADMIN,
        "Create an ACL",
        "{name, rules: ['192.0.2.0/24', '2001:db8::/32@k.', 'any']}",
        "201 and the ACL",
        ctx -> api.putAcl(ctx, null));
    r.get("/api/acls/{name}", Scope.READ, "One ACL", "the ACL", api::acl);
    r.put(
        "/api/acls/{name}",
        Scope.ADMIN,
        "Create or replace an ACL",
        "{rules}",
        "the ACL",
        ctx -> api.putAcl(ctx, ctx.pathParam("name")));
    r.delete("/api/acls/{name}", Scope.ADMIN, "Delete an ACL", "204", api::deleteAcl);
    r.tag("API keys");
    r.get("/api/api-keys", Scope.ADMIN, "API keys (never their secrets)", "[key]", api::apiKeys);
    r.post(
        "/api/api-keys",
        Scope.ADMIN,
        "Create an API key; its secret is shown once",
        "{name, scope: read|write|admin}",
        "201 {name, scope, created, secret}",
        api::createApiKey);
    r.delete("/api/api-keys/{name}", Scope.ADMIN, "Revoke an API key", "204", api::deleteApiKey);
  }

  // ---- zones ----

  private void zones(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneStatus z : s.zones().zones()) {
      out.add(status(z));
    }
    Json.ok(ctx, out);
  }

  private void zone(Context ctx) {
    Json.ok(ctx, status(s.zones().zone(zoneParam(ctx))));
  }

  private void create(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Name zone = name(Json.text(body, "zone"), "zone");
    String kind = Json.text(body, "kind");
    ZoneStatus made;
    switch (kind) {
      case "primary" -> {
        Json.only(body, PRIMARY_FIELDS);
        made =
            s.zones()
                .createPrimary(
                    new ZoneService.NewPrimary(
                        zone,
                        Json.texts(body, "nameservers"),
                        Json.optionalText(body, "zoneFile"),
                        List.of(),
                        Json.texts(body, "allowTransfer"),
                        Json.texts(body, "notify"),
                        Json.texts(body, "allowUpdate"),
                        Json.optionalText(body, "serialPolicy")));
      }
      case "secondary" -> {
        Json.only(body, SECONDARY_FIELDS);
        made =
            s.zones()
                .createSecondary(
                    new ZoneService.NewSecondary(
                        zone,
                        Json.texts(body, "primaries"),
                        Json.texts(body, "allowNotify"),
                        Json.texts(body, "notify"),
                        Json.texts(body, "allowTransfer")));
      }
      default ->
          throw ApiError.invalid("kind", "kind '" + kind + "' is not 'primary' or 'secondary'");
    }
    ctx.header("Location", "/api/zones/" + made.zone());
    Json.send(ctx, 201, status(made));
  }

  private void delete(Context ctx) {
    s.zones().delete(zoneParam(ctx));
    ctx.status(204);
  }

  private void export(Context ctx) {
    ctx.contentType("text/dns; charset=utf-8").result(s.zones().export(zoneParam(ctx)));
  }

  private void importZone(Context ctx) {
    Name zone = zoneParam(ctx);
    String text = ctx.body();
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/json")) {
      ObjectNode body = Json.object(ctx);
      Json.only(body, Set.of("zoneFile"));
      text = Json.text(body, "zoneFile");
    }
    if (text.isBlank()) {
      throw ApiError.invalid("zoneFile", "the zone file is empty");
    }
    Json.ok(ctx, s.zones().importZone(zone, text));
  }

  // ---- records ----

  private void rrsets(Context ctx) {
    Name zone = zoneParam(ctx);
    String nameText = ctx.queryParam("name");
    Name owner = nameText == null ? null : relative(nameText, zone, "name");
    String typeText = ctx.queryParam("type");
    int type = 0;
    if (typeText != null) {
      type = Type.value(typeText.toUpperCase(java.util.Locale.ROOT));
      if (type < 0) {
        throw ApiError.invalid("type", "'" + typeText + "' is not a record type");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneService.RrSet r : s.zones().rrsets(zone, owner, type)) {
      out.add(rrset(r));
    }
    Json.ok(ctx, out);
  }

  static Map<String, Object> rrset(ZoneService.RrSet r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name().toString());
    m.put("type", r.type());
    m.put("ttl", r.ttl());
    m.put("records", r.records());
    return m;
  }

  private void patchRrsets(Context ctx) {
    Name zone = zoneParam(ctx);
    ObjectNode body = Json.object(ctx);
    Json.only(body, Set.of("rrsets"));
    JsonNode list = body.get("rrsets");
    if (list == null || !list.isArray()) {
      throw ApiError.invalid("rrsets", "field 'rrsets' must be a list");
    }
    List<ZoneService.RrSetChange> changes = new ArrayList<>();
    int i = 0;
    for (JsonNode n : list) {
      String f = "rrsets[" + i++ + "]";
      if (!(n instanceof ObjectNode o)) {
        throw ApiError.invalid(f, f + " must be an object");
      }
      try {
        Json.only(o, Set.of("name", "type", "ttl", "records", "changetype"));
      } catch (ApiError e) {
        throw ApiError.invalid(f, f + ": " + e.getMessage());
      }
      String change = Json.text(o, "changetype");
      boolean delete;
      switch (change.toUpperCase(java.util.Locale.ROOT)) {
        case "REPLACE" -> delete = false;
        case "DELETE" -> delete = true;
        default ->
            throw ApiError.invalid(
                f + ".changetype", "changetype '" + change + "' is not REPLACE or DELETE");
      }
      changes.add(
          new ZoneService.RrSetChange(
              Json.text(o, "name"),
              Json.text(o, "type"),
              Json.number(o, "ttl", 3600),
              Json.texts(o, "records"),
              delete));
    }
    Json.ok(ctx, s.zones().change(zone, changes));
  }

  private void putRrset(Context ctx) {
    Name zone = zoneParam(ctx);
    ObjectNode body = Json.object(ctx);
    Json.only(body, Set.of("ttl", "records"));
    List<String> records = Json.texts(body, "records");
    if (records.isEmpty()) {
      throw ApiError.invalid("records", "no records given; to remove the RRset, DELETE it");
    }
    Json.ok(
        ctx,
        s.zones()
            .change(
                zone,
                List.of(
                    new ZoneService.RrSetChange(
                        ctx.pathParam("name"),
                        ctx.pathParam("type"),
                        Json.number(body, "ttl", 3600),
                        records,
                        false))));
  }

  private void deleteRrset(Context ctx) {
    Name zone = zoneParam(ctx);
    Name owner = relative(ctx.pathParam("name"), zone, "name");
    int type = Type.value(ctx.pathParam("type").toUpperCase(java.util.Locale.ROOT));
    if (type > 0 && s.zones().rrsets(zone, owner, type).isEmpty()) {
      throw new ApiError(
          404, "zone " + zone + " has no " + Type.string(type) + " RRset at " + owner);
    }
    Json.ok(
        ctx,
        s.zones()
            .change(
                zone,
                List.of(
                    new ZoneService.RrSetChange(
                        ctx.pathParam("name"), ctx.pathParam("type"), 0, List.of(), true))));
  }

  private void record(Context ctx) {
    Name zone = zoneParam(ctx);
    ObjectNode body = Json.object(ctx);
    Json.only(body, Set.of("op", "name", "ttl", "type", "rdata"));
    String rdata = Json.optionalText(body, "rdata");
    Json.ok(
        ctx,
        s.zones()
            .record(
                zone,
                Json.text(body, "op"),
                Json.text(body, "name"),
                Json.number(body, "ttl", 3600),
                Json.text(body, "type"),
                rdata == null ? "" : rdata));
  }

  // ---- transfers ----

  private void journal(Context ctx) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PrimaryZones.Entry e : s.zones().journal(zoneParam(ctx))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fromSerial", e.fromSerial());
      m.put("toSerial", e.toSerial());
      m.put("at", e.at().toString());
      m.put("removed", e.diff().removed().stream().map(Object::toString).toList());
      m.put("added", e.diff().added().stream().map(Object::toString).toList());
      out.add(m);
    }
    Json.ok(ctx, out);
  }

  private void transfers(Context ctx) {
    String limitText = ctx.queryParam("limit");
    int limit = 50;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        throw ApiError.invalid("limit", "limit '" + limitText + "' is not a number");
      }
      if (limit < 1) {
        throw ApiError.invalid("limit", "limit must be at least 1");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneService.Transfer t : s.zones().transfers(zoneParam(ctx), limit)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", t.at().toString());
      m.put("direction", t.direction());
      m.put("peer", t.peer());
      m.put("type", t.type());
      m.put("fromSerial", t.fromSerial() < 0 ? null : t.fromSerial());
      m.put("toSerial", t.toSerial() < 0 ? null : t.toSerial());
      m.put("records", t.records());
      m.put("bytes", t.bytes());
      m.put("millis", t.millis());
      m.put("result", t.result());
      m.put("error", t.error());
      out.add(m);
    }
    Json.ok(ctx, out);
  }

  private static void accepted(Context ctx, String message) {
    Json.send(ctx, 202, Map.of("message", message));
  }

  private void reload(Context ctx) {
    ApiServices.Reloader.Result r = s.reloader().reload();
    Json.send(ctx, r.ok() ? 200 : 422, Map.of("ok", r.ok(), "lines", r.lines()));
  }

  // ---- TSIG keys, peers, ACLs, API keys ----

  private static boolean admin(Context ctx) {
    return Routes.key(ctx).scope().allows(Scope.ADMIN);
  }

  private void keys(Context ctx) {
    Json.ok(ctx, s.zones().objects().keys(admin(ctx)).stream().map(RestApi::key).toList());
  }

  private void key(Context ctx) {
    Json.ok(ctx, key(s.zones().objects().key(name(ctx.pathParam("name"), "name"), admin(ctx))));
  }

  private void createKey(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Json.only(body, Set.of("name", "algorithm", "secret"));
    ControlObjects.Key k =
        s.zones()
            .objects()
            .createKey(
                Json.text(body, "name"),
                Json.optionalText(body, "algorithm"),
                Json.optionalText(body, "secret"));
    Json.send(ctx, 201, key(k));
  }

  private void deleteKey(Context ctx) {
    s.zones().objects().deleteKey(name(ctx.pathParam("name"), "name"));
    ctx.status(204);
  }

  private static Map<String, Object> key(ControlObjects.Key k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", k.name().toString());
    m.put("algorithm", k.algorithm());
    if (k.secret() != null) {
      m.put("secret", k.secret());
    }
    m.put("source", k.source());
    return m;
  }

  private void peers(Context ctx) {
    Json.ok(ctx, s.zones().objects().peers().stream().map(RestApi::peer).toList());
  }

  private void peer(Context ctx) {
    Json.ok(ctx, peer(s.zones().objects().peer(ctx.pathParam("name"))));
  }

  private void putPeer(Context ctx, @Nullable String pathName) {
    ObjectNode body = Json.object(ctx);
    Json.only(
        body,
        pathName == null
            ? Set.of("name", "address", "port", "key", "ixfr")
            : Set.of("address", "port", "key", "ixfr"));
    String name = pathName == null ? Json.text(body, "name") : pathName;
    String key = Json.optionalText(body, "key");
    long port = Json.number(body, "port", 53);
    if (port < 1 || port > 65535) {
      throw ApiError.invalid("port", "port " + port + " is not between 1 and 65535");
    }
    ControlObjects.Peer p =
        s.zones()
            .objects()
            .putPeer(
                new ControlObjects.Peer(
                    name,
                    Json.text(body, "address"),
                    (int) port,
                    key == null ? null : name(key, "key"),
                    Json.bool(body, "ixfr", true)));
    Json.send(ctx, pathName == null ? 201 : 200, peer(p));
  }

  private void deletePeer(Context ctx) {
    s.zones().objects().deletePeer(ctx.pathParam("name"));
    ctx.status(204);
  }

  private static Map<String, Object> peer(ControlObjects.Peer p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("address", p.address());
    m.put("port", p.port());
    m.put("key", p.key() == null ? null : p.key().toString());
    m.put("ixfr", p.ixfr());
    return m;
  }

  private void acls(Context ctx) {
    Json.ok(ctx, s.zones().objects().acls());
  }

  private void acl(Context ctx) {
    Json.ok(ctx, s.zones().objects().acl(ctx.pathParam("name")));
  }

  private void putAcl(Context ctx, @Nullable String pathName) {
    ObjectNode body = Json.object(ctx);
    Json.only(body, pathName == null ? Set.of("name", "rules") : Set.of("rules"));
    String name = pathName == null ? Json.text(body, "name") : pathName;
    if (!body.has("rules")) {
      throw ApiError.invalid("rules", "field 'rules' is required");
    }
    ControlObjects.Acl a =
        s.zones().objects().putAcl(new ControlObjects.Acl(name, Json.texts(body, "rules")));
    Json.send(ctx, pathName == null ? 201 : 200, a);
  }

  private void deleteAcl(Context ctx) {
    s.zones().objects().deleteAcl(ctx.pathParam("name"));
    ctx.status(204);
  }

  private void apiKeys(Context ctx) {
    Json.ok(ctx, s.keys().list().stream().map(RestApi::apiKey).toList());
  }

  private void createApiKey(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Json.only(body, Set.of("name", "scope"));
    ApiKeys.Made made =
        s.keys().create(Json.text(body, "name"), Scope.parse(Json.text(body, "scope")));
    Map<String, Object> m = apiKey(made.key());
    m.put("secret", made.secret());
    Json.send(ctx, 201, m);
  }

  private void deleteApiKey(Context ctx) {
    String name = ctx.pathParam("name");
    if (Routes.key(ctx).name().equals(name)) {
      throw new ApiError(409, "an API key cannot revoke itself; use another admin key");
    }
    if (!s.keys().delete(name)) {
      throw new ApiError(404, "no API key '" + name + "' here");
    }
    ctx.status(204);
  }

  private static Map<String, Object> apiKey(ApiKeys.Key k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", k.name());
    m.put("scope", k.scope().label());
    m.put("created", k.created().toString());
    return m;
  }

  // ---- parameters and shapes ----

  Name zoneParam(Context ctx) {
    return name(ctx.pathParam("zone"), "zone");
  }

  static Name name(String text, String field) {
    try {
      return Names.parse(text, field);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, String.valueOf(e.getMessage()));
    }
  }

  private static Name relative(String text, Name zone, String field) {
    if (text.equals("@")) {
      return zone;
    }
    try {
      return Name.fromString(text, zone);
    } catch (TextParseException e) {
      throw ApiError.invalid(field, "'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** A zone's status as the API (and {@code tandem zone status --json}) shows it. */
  static Map<String, Object> status(ZoneStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("zone", s.zone().toString());
    m.put("kind", s.kind());
    m.put("state", s.state());
    m.put("serial", s.serial() < 0 ? null : s.serial());
    m.put("primarySerial", s.primarySerial() < 0 ? null : s.primarySerial());
    m.put("lastSuccess", text(s.lastSuccess()));
    m.put("lastAttempt", text(s.lastAttempt()));
    m.put("lastError", s.lastError());
    m.put("lastRefusedNotify", s.lastRefusedNotify());
    m.put("nextRefresh", text(s.nextRefresh()));
    m.put("expiresAt", text(s.expiresAt()));
    m.put("primaries", s.primaries());
    List<Map<String, Object>> notified = new ArrayList<>();
    for (NotifyOutcome n : s.notified()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("target", n.target());
      o.put("serial", n.serial());
      o.put("state", n.state());
      o.put("attempts", n.attempts());
      o.put("error", n.error());
      o.put("at", n.at().toString());
      notified.add(o);
    }
    m.put("notified", notified);
    m.put("refusedTransfers", s.refusedTransfers());
    SignatureStatus sig = s.signatures();
    if (sig != null) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("state", sig.state());
      g.put("earliestExpiry", sig.earliestExpiry().toString());
      g.put("rrset", sig.rrset());
      g.put("count", sig.signatures());
      m.put("signatures", g);
    }
    return m;
  }

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
