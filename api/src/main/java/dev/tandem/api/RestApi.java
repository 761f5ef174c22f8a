package dev.tandem.api;

import dev.tandem.control.service.ApiKeys.Scope;
import dev.tandem.control.service.ControlObjects;

/**
 * Tandem's own REST API under {@code /api}, as one route table: zones (primary and secondary),
 * their records, zone files in and out, status, transfer history, actions; TSIG keys, peers, ACLs
 * and API keys. Each route's handler is a method of its object's resource class; bodies are JSON
 * (zone files are text), read into records; unknown fields are refused, not ignored, so that a
 * misspelt setting is not silently lost.
 */
final class RestApi {
  private static final String ZONE = "/api/zones/{zone}";

  private RestApi() {}

  static void register(Routes r, ApiServices s) {
    ControlObjects objects = s.zones().objects();
    ZoneResource zones = new ZoneResource(s.zones());
    ZoneSettingsResource settings = new ZoneSettingsResource(s.zones());
    RrSetResource rrsets = new RrSetResource(s.zones());
    HistoryResource history = new HistoryResource(s.zones());
    ActionResource actions = new ActionResource(s);
    TsigKeyResource keys = new TsigKeyResource(objects);
    NamedObjectResource<?> peers = new NamedObjectResource<>(PeersAndAcls.peers(objects));
    NamedObjectResource<?> acls = new NamedObjectResource<>(PeersAndAcls.acls(objects));
    ApiKeyResource apiKeys = new ApiKeyResource(s.keys());
    CatalogResource catalogs = new CatalogResource(s.zones().catalogs());

    r.tag("Zones");
    r.get(
        "/api/zones",
        Scope.READ,
        "List zones with their status, in DNS order: all, or a page (?limit=N, at most 10000,"
            + " &after=ZONE; a full page has a Link header to the next), of a state"
            + " (?state=loading|ok|refreshing|failing|expired) or a kind (?kind=primary|secondary)",
        "zone statuses",
        zones::list);
    r.post(
        "/api/zones",
        Scope.WRITE,
        "Create a primary or secondary zone",
        "{zone, kind: primary|secondary, group, nameservers, zoneFile, allowTransfer, notify,"
            + " allowUpdate, serialPolicy | primaries, allowNotify, notify, allowTransfer,"
            + " allowSerialReset}",
        "201 and the zone's status",
        zones::create);
    r.get(ZONE, Scope.READ, "A zone's status", "the zone's status", zones::get);
    r.delete(ZONE, Scope.WRITE, "Delete a zone created here", "204", zones::delete);
    r.patch(
        ZONE,
        Scope.WRITE,
        "Change a zone's settings at run time, all at once (the zone keeps serving)",
        "{primaries, allowNotify, notify, allowTransfer, allowUpdate, serialPolicy,"
            + " journal: {maxChanges, maxRecords, maxAgeSeconds}}: each given replaces the zone's",
        "the zone's settings",
        settings::patch);
    r.get(
        ZONE + "/settings", Scope.READ, "A zone's settings", "the zone's settings", settings::get);
    r.get(
        ZONE + "/export",
        Scope.READ,
        "The zone as a zone file",
        "text/dns zone file",
        zones::export);
    r.put(
        ZONE + "/import",
        Scope.WRITE,
        "Replace a primary zone's contents with a zone file",
        "text/dns zone file (or JSON {zoneFile})",
        "the change: message, fromSerial, toSerial",
        zones::importZone);

    r.tag("Records");
    r.get(
        ZONE + "/rrsets",
        Scope.READ,
        "A zone's RRsets (query: name, type)",
        "[{name, type, ttl, records}]",
        rrsets::list);
    r.patch(
        ZONE + "/rrsets",
        Scope.WRITE,
        "Change several RRsets at once (one new serial)",
        "{rrsets: [{name, type, ttl, records, changetype: REPLACE|DELETE|EXTEND|PRUNE}]}",
        "the change",
        rrsets::patch);
    r.put(
        ZONE + "/rrsets/{name}/{type}",
        Scope.WRITE,
        "Replace one RRset",
        "{ttl, records}",
        "the change",
        rrsets::put);
    r.delete(
        ZONE + "/rrsets/{name}/{type}",
        Scope.WRITE,
        "Delete one RRset",
        "the change",
        rrsets::delete);
    r.post(
        ZONE + "/records",
        Scope.WRITE,
        "Add, delete or replace one record",
        "{op: add|delete|replace, name, ttl, type, rdata}",
        "the change",
        rrsets::record);

    r.tag("Transfers");
    r.get(
        ZONE + "/journal",
        Scope.READ,
        "The changes kept for IXFR out",
        "[{fromSerial, toSerial, at, removed, added}]",
        history::journal);
    r.get(
        ZONE + "/transfers",
        Scope.READ,
        "Transfer history, newest first (query: limit)",
        "[{at, direction, peer, type, fromSerial, toSerial, records, bytes, millis, result,"
            + " error}]",
        history::transfers);
    r.post(
        ZONE + "/refresh",
        Scope.WRITE,
        "Secondary: check the primaries for a newer serial now",
        "none",
        "202 {message}",
        actions::refresh);
    r.post(
        ZONE + "/retransfer",
        Scope.WRITE,
        "Secondary: transfer the whole zone (AXFR) now",
        "none",
        "202 {message}",
        actions::retransfer);
    r.post(
        ZONE + "/notify",
        Scope.WRITE,
        "Send NOTIFY to the zone's secondaries now",
        "none",
        "202 {message}",
        actions::notifyNow);
    r.post(
        "/api/reload",
        Scope.ADMIN,
        "Re-read the configured zone files",
        "none",
        "{ok, lines}",
        actions::reload);

    ConsistencyResource consistency = new ConsistencyResource(s);
    r.tag("Consistency");
    r.get(
        ZONE + "/consistency",
        Scope.READ,
        "The zone's servers at every provider, as last checked: serials, lag, NS sets, states,"
            + " findings",
        "{zone, state, servers: [{address, name, provider, serial, state, lagSeconds, ...}],"
            + " findings: [{kind, server, since, detail, evidence}], delegation, transitions}",
        consistency::zone);
    r.post(
        ZONE + "/check",
        Scope.WRITE,
        "Check the zone's servers at every provider now",
        "none",
        "the zone's consistency, as GET " + ZONE + "/consistency",
        consistency::checkNow);
    r.get(
        "/api/consistency",
        Scope.READ,
        "Every zone's consistency, in short",
        "{periodic, intervalSeconds, states: {ok, lagging, ...}, zones: [{zone, state, since,"
            + " checkedAt, serial, servers, findings, notOk}]}",
        consistency::all);
    r.post(
        "/api/domain-audit",
        Scope.WRITE,
        "Audit domains from the root: delegation, servers by provider, whether each survives the"
            + " loss of one provider",
        "{domains: [name, ...]}",
        "[{domain, parent, ns, servers, providers, survivesLossOfAnyProvider, verdict, error}]",
        consistency::audit);

    SyncResource sync = new SyncResource(s);
    r.tag("Sync");
    r.get(
        ZONE + "/sync",
        Scope.READ,
        "Primary/primary sync: the other providers' primaries kept equal to this zone, with their"
            + " state",
        "[{name, kind, endpoint, policy, state, position, serial, behind, lastError, conflicts,"
            + " refused, history}]",
        sync::list);
    r.post(
        ZONE + "/sync",
        Scope.ADMIN,
        "Add a sync target (nothing is pushed before its first apply: see its plan)",
        "{name, kind: rfc2136|powerdns|tandem, endpoint, key | apiKey, serverId, policy:"
            + " report|ours-wins|adopt-theirs, intervalSeconds, exclude, apexNs: union|ours}",
        "201 and the target's status",
        sync::add);
    r.get(ZONE + "/sync/{name}", Scope.READ, "One sync target's status", "the status", sync::get);
    r.patch(
        ZONE + "/sync/{name}",
        Scope.ADMIN,
        "Change a sync target's settings (its position is kept)",
        "{policy: report|ours-wins|adopt-theirs, intervalSeconds, exclude, apexNs: union|ours}:"
            + " each given replaces the target's",
        "the target's status",
        sync::reconfigure);
    r.delete(
        ZONE + "/sync/{name}",
        Scope.ADMIN,
        "Remove a sync target (what it holds stays)",
        "204",
        sync::remove);
    r.get(
        ZONE + "/sync/{name}/plan",
        Scope.READ,
        "What applying would change at the target now (reads it)",
        "{target, serial, summary, add, change, delete}",
        sync::plan);
    r.post(
        ZONE + "/sync/{name}/apply",
        Scope.WRITE,
        "Push the whole difference to the target now, or make its RRsets ours (SOA excluded)",
        "{adoptTheirs} (optional)",
        "the difference that was applied",
        sync::apply);
    r.get(
        ZONE + "/sync/{name}/conflicts",
        Scope.READ,
        "RRsets changed at the target outside Tandem, both sides",
        "[{name, type, ours, theirs}]",
        sync::conflicts);
    r.post(
        ZONE + "/sync/{name}/conflicts",
        Scope.WRITE,
        "Resolve conflicts (all, or one name and type): push ours, or take theirs as ours",
        "{name, type, take: ours|theirs}",
        "the conflicts resolved",
        sync::resolve);

    r.tag("TSIG keys");
    r.get(
        "/api/tsig-keys",
        Scope.READ,
        "TSIG keys (secrets to admin keys only)",
        "[key]",
        keys::list);
    r.post(
        "/api/tsig-keys",
        Scope.ADMIN,
        "Create a TSIG key (a random secret if none given)",
        "{name, algorithm, secret}",
        "201 and the key with its secret",
        keys::create);
    r.get("/api/tsig-keys/{name}", Scope.READ, "One TSIG key", "the key", keys::get);
    r.put(
        "/api/tsig-keys/{name}",
        Scope.ADMIN,
        "Rotate a TSIG key: a new secret (random if none given); the old one is still accepted for"
            + " overlapSeconds (default 3600)",
        "{secret, algorithm, overlapSeconds}",
        "the key with its new secret and previousUntil",
        keys::rotate);
    r.delete(
        "/api/tsig-keys/{name}",
        Scope.ADMIN,
        "Delete a TSIG key no zone uses",
        "204",
        keys::delete);

    r.tag("Peers");
    r.get("/api/peers", Scope.READ, "Peers (other providers' servers)", "[peer]", peers::list);
    r.post(
        "/api/peers",
        Scope.ADMIN,
        "Create a peer",
        "{name, address, port, key, ixfr}",
        "201 and the peer",
        peers::create);
    r.get("/api/peers/{name}", Scope.READ, "One peer", "the peer", peers::get);
    r.put(
        "/api/peers/{name}",
        Scope.ADMIN,
        "Create or replace a peer",
        "{address, port, key, ixfr}",
        "the peer",
        peers::replace);
    r.delete("/api/peers/{name}", Scope.ADMIN, "Delete a peer", "204", peers::delete);

    r.tag("ACLs");
    r.get("/api/acls", Scope.READ, "Named ACLs", "[acl]", acls::list);
    r.post(
        "/api/acls",
        Scope.ADMIN,
        "Create an ACL",
        "{name, rules: ['192.0.2.0/24', '2001:db8::/32@k.', 'any']}",
        "201 and the ACL",
        acls::create);
    r.get("/api/acls/{name}", Scope.READ, "One ACL", "the ACL", acls::get);
    r.put(
        "/api/acls/{name}",
        Scope.ADMIN,
        "Create or replace an ACL",
        "{rules}",
        "the ACL",
        acls::replace);
    r.delete("/api/acls/{name}", Scope.ADMIN, "Delete an ACL", "204", acls::delete);

    r.tag("Catalogs");
    r.get(
        "/api/catalogs",
        Scope.READ,
        "Catalog zones (RFC 9432) followed and made here",
        "[{catalog, role: consumer|producer, source, primaries, groups, serial, members, problem}]",
        catalogs::list);
    r.post(
        "/api/catalogs",
        Scope.ADMIN,
        "Follow a catalog zone: its members become secondary zones",
        "{catalog, primaries, allowNotify}",
        "201 and the catalog",
        catalogs::follow);
    r.get("/api/catalogs/{catalog}", Scope.READ, "One catalog", "the catalog", catalogs::get);
    r.get(
        "/api/catalogs/{catalog}/members",
        Scope.READ,
        "The member zones served from a followed catalog, in DNS order (?limit=N&after=ZONE: a"
            + " page; a full page has a Link header to the next)",
        "[zone]",
        catalogs::members);
    r.delete(
        "/api/catalogs/{catalog}",
        Scope.ADMIN,
        "Stop following a catalog made through the API; its members are removed",
        "204",
        catalogs::unfollow);
    r.get(
        "/api/catalog-templates",
        Scope.READ,
        "How a followed catalog's members are configured, by group",
        "[{group, primaries, allowTransfer, notify, allowNotify, source}]",
        catalogs::templates);
    r.get(
        "/api/catalog-templates/{group}",
        Scope.READ,
        "One catalog template",
        "the template",
        catalogs::template);
    r.put(
        "/api/catalog-templates/{group}",
        Scope.ADMIN,
        "Create or replace the template of a group (its members are configured anew)",
        "{primaries, allowTransfer, notify, allowNotify}",
        "the template",
        catalogs::putTemplate);
    r.delete(
        "/api/catalog-templates/{group}",
        Scope.ADMIN,
        "Delete a catalog template made through the API",
        "204",
        catalogs::deleteTemplate);
    r.put(
        ZONE + "/group",
        Scope.WRITE,
        "Set a zone's group (which catalog made here lists it, and its group property there)",
        "{group}",
        "204",
        catalogs::setGroup);

    r.tag("API keys");
    r.get("/api/api-keys", Scope.ADMIN, "API keys (never their secrets)", "[key]", apiKeys::list);
    r.post(
        "/api/api-keys",
        Scope.ADMIN,
        "Create an API key; its secret is shown once. Limited to zones (and in them to RRsets at"
            + " or below names, of types) if any are given",
        "{name, scope: read|write|admin, zones, names, types}",
        "201 {name, scope, created, zones, names, types, secret}",
        apiKeys::create);
    r.delete("/api/api-keys/{name}", Scope.ADMIN, "Revoke an API key", "204", apiKeys::delete);

    r.tag("Audit");
    r.get(
        "/api/audit",
        Scope.ADMIN,
        "The audit log, newest first: every change through the API, the CLI or UPDATE, who made"
            + " it, what it was and how it ended (query: zone, actor, action, since, before, limit)",
        "[{seq, at, actor, via, action, zone, target, detail, outcome}]",
        new AuditResource(s.zones())::list);
  }
}
