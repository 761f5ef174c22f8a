package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.control.service.ApiKeys.Scope;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The subset of the PowerDNS Authoritative HTTP API v1 that DNS-01 clients (lego, cert-manager
 * webhooks, acme.sh), octoDNS, external-dns, Terraform providers and PowerDNS-Admin use, under
 * {@code /api/v1/servers/localhost}, as one route table: zones ({@link PowerDnsZones}), RRset
 * changes ({@link PowerDnsRrSets}: all RRsets of one PATCH become one new serial, or nothing), zone
 * metadata ({@link PowerDnsMetadata}) and TSIG keys ({@link PowerDnsKeys}). Shapes, status codes
 * and error wording follow PowerDNS 4.x, since clients match on them (octoDNS on "Could not find
 * domain", lego on {@code {"error": ...}}); the zone's rules are {@link
 * dev.tandem.control.service.ZoneService}'s, the same as for the REST API and the CLI.
 */
final class PowerDnsApi {
  /** Reported as the server's version: clients parse the leading PowerDNS version (octoDNS). */
  static final String COMPATIBLE_VERSION = "4.9.0";

  private static final String SERVER = "localhost";
  private static final String V1 = "/api/v1";
  private static final String SERVER_PATH = V1 + "/servers/{server}";
  private static final String ZONES_PATH = SERVER_PATH + "/zones";
  private static final String ZONE_PATH = ZONES_PATH + "/{zone}";
  private static final String METADATA_PATH = ZONE_PATH + "/metadata";
  private static final String KEYS_PATH = SERVER_PATH + "/tsigkeys";
  static final String ZONES_URL = V1 + "/servers/" + SERVER + "/zones/";

  private PowerDnsApi() {}

  /** The API versions ({@code /api}). */
  record Version(String url, int version) {}

  /** API v1 ({@code /api/v1}). */
  record Discovery(
      @JsonProperty("server_url") String serverUrl,
      @JsonProperty("api_features") List<String> apiFeatures) {}

  /** The one server, {@code localhost}. */
  record Server(
      String type,
      String id,
      @JsonProperty("daemon_type") String daemonType,
      String version,
      String url,
      @JsonProperty("config_url") String configUrl,
      @JsonProperty("zones_url") String zonesUrl) {}

  static void register(Routes r, ApiServices s, MeterRegistry registry) {
    PowerDnsServer serverWide = new PowerDnsServer(s.zones(), registry, s.version());
    PowerDnsRrSets rrsets = new PowerDnsRrSets(s.zones());
    PowerDnsZones zones = new PowerDnsZones(s.zones(), rrsets);
    PowerDnsMetadata metadata = new PowerDnsMetadata(s.zones());
    PowerDnsKeys keys = new PowerDnsKeys(s.zones().objects());
    Server server = server(s.version());

    r.tag("PowerDNS-compatible");
    r.get(
        "/api",
        Scope.READ,
        "API versions (PowerDNS)",
        "[{url, version}]",
        ctx -> Json.ok(ctx, List.of(new Version(V1, 1))));
    r.get(
        V1,
        Scope.READ,
        "API v1 discovery (PowerDNS)",
        "[{server_url, api_features}]",
        ctx -> Json.ok(ctx, List.of(new Discovery(V1 + "/servers{/server}", List.of()))));
    r.get(
        V1 + "/servers",
        Scope.READ,
        "The one server, localhost",
        "[server]",
        ctx -> Json.ok(ctx, List.of(server)));
    r.get(
        SERVER_PATH,
        Scope.READ,
        "The server (id localhost)",
        "server",
        onServer(ctx -> Json.ok(ctx, server)));
    r.get(
        ZONES_PATH,
        Scope.READ,
        "Zones, without RRsets (query: zone=NAME.)",
        "[zone]",
        onServer(zones::list));
    r.post(
        ZONES_PATH,
        Scope.WRITE,
        "Create a zone: kind Native|Master (a Tandem primary) or Slave (a secondary)",
        "{name, kind, nameservers, rrsets, zone, masters, soa_edit_api, master_tsig_key_ids,"
            + " slave_tsig_key_ids}",
        "201 and the zone with its RRsets",
        onServer(zones::create));
    r.get(
        ZONE_PATH,
        Scope.READ,
        "A zone with its RRsets (query: rrsets=false, rrset_name, rrset_type)",
        "zone",
        onServer(zones::get));
    r.put(
        ZONE_PATH,
        Scope.WRITE,
        "Change a zone's kind (Native/Master) or settings",
        "{kind, masters, dnssec, ...}",
        "204",
        onServer(zones::put));
    r.patch(
        ZONE_PATH,
        Scope.WRITE,
        "Replace or delete RRsets, all as one change (one new serial)",
        "{rrsets: [{name, type, ttl, changetype: REPLACE|DELETE, records: [{content, disabled}],"
            + " comments}]}",
        "204",
        onServer(rrsets::patch));
    r.delete(ZONE_PATH, Scope.WRITE, "Delete a zone", "204", onServer(zones::delete));
    r.put(
        ZONE_PATH + "/notify",
        Scope.WRITE,
        "Send NOTIFY to the zone's secondaries",
        "none",
        "{result}",
        onServer(zones::notifyNow));
    r.put(
        ZONE_PATH + "/axfr-retrieve",
        Scope.WRITE,
        "Transfer a Slave zone whole from its master now",
        "none",
        "{result}",
        onServer(zones::axfrRetrieve));
    r.get(
        ZONE_PATH + "/export",
        Scope.READ,
        "The zone as a zone file",
        "text/plain",
        onServer(zones::export));
    r.get(
        METADATA_PATH,
        Scope.READ,
        "The zone's metadata",
        "[{kind, metadata}]",
        onServer(metadata::list));
    r.post(
        METADATA_PATH,
        Scope.WRITE,
        "Add values to one kind of metadata",
        "{kind, metadata: [value]}",
        "{kind, metadata}",
        onServer(metadata::add));
    r.get(
        METADATA_PATH + "/{kind}",
        Scope.READ,
        "One kind of the zone's metadata",
        "{kind, metadata}",
        onServer(metadata::get));
    r.put(
        METADATA_PATH + "/{kind}",
        Scope.WRITE,
        "Replace one kind of metadata",
        "{metadata: [value]}",
        "{kind, metadata}",
        onServer(metadata::put));
    r.delete(
        METADATA_PATH + "/{kind}",
        Scope.WRITE,
        "Remove one kind of metadata",
        "204",
        onServer(metadata::delete));
    r.get(KEYS_PATH, Scope.ADMIN, "TSIG keys (without secrets)", "[tsigkey]", onServer(keys::list));
    r.post(
        KEYS_PATH,
        Scope.ADMIN,
        "Create a TSIG key (a secret is made if none is given)",
        "{name, algorithm, key}",
        "201 and the key with its secret",
        onServer(keys::create));
    r.get(
        KEYS_PATH + "/{id}",
        Scope.ADMIN,
        "A TSIG key with its secret",
        "tsigkey",
        onServer(keys::get));
    r.delete(KEYS_PATH + "/{id}", Scope.ADMIN, "Delete a TSIG key", "204", onServer(keys::delete));
    r.put(
        KEYS_PATH + "/{id}",
        Scope.ADMIN,
        "Change a TSIG key: rename it (while unused), or give it a new algorithm or secret",
        "{name, algorithm, key}",
        "the key with its secret",
        onServer(keys::put));
    r.get(
        SERVER_PATH + "/statistics",
        Scope.READ,
        "Statistics from the server's counters (query: statistic=NAME, includerings=false)",
        "[{name, type, value}]",
        onServer(serverWide::statistics));
    r.get(
        SERVER_PATH + "/search-data",
        Scope.READ,
        "Zones, records and comments matching q ('*' and '?' wildcards; max, object_type)",
        "[{object_type, name, zone_id, zone, type, ttl, content, disabled}]",
        onServer(serverWide::search));
    r.get(
        SERVER_PATH + "/config",
        Scope.READ,
        "The server's settings a client can use",
        "[{type, name, value}]",
        onServer(serverWide::config));
    r.put(
        SERVER_PATH + "/cache/flush",
        Scope.WRITE,
        "Flush the cache for domain=NAME. (Tandem keeps none: count 0)",
        "none",
        "{count, result}",
        onServer(serverWide::flush));
    r.get(
        SERVER_PATH + "/autoprimaries",
        Scope.ADMIN,
        "Autoprimaries (none: Tandem creates no zone on a NOTIFY)",
        "[]",
        onServer(serverWide::autoprimaries));
    r.post(
        SERVER_PATH + "/autoprimaries",
        Scope.ADMIN,
        "Refused: Tandem has no autoprimaries",
        "{ip, nameserver, account}",
        "422",
        onServer(serverWide::addAutoprimary));
    r.put(
        ZONE_PATH + "/rectify",
        Scope.WRITE,
        "Rectify a zone (nothing to do: Tandem works out NSEC order and empty names itself)",
        "none",
        "{result}",
        onServer(serverWide::rectify));
    r.get(
        ZONE_PATH + "/cryptokeys",
        Scope.READ,
        "The DNSKEYs the zone serves (none unless signed elsewhere; public parts only)",
        "[cryptokey]",
        onServer(serverWide::cryptokeys));
    r.get(
        ZONE_PATH + "/cryptokeys/{id}",
        Scope.READ,
        "One DNSKEY the zone serves, by key tag",
        "cryptokey",
        onServer(serverWide::cryptokey));
    r.post(
        ZONE_PATH + "/cryptokeys",
        Scope.WRITE,
        "Refused: Tandem does not sign zones itself",
        "{keytype, active, algorithm, bits}",
        "422",
        onServer(serverWide::changeCryptokeys));
  }

  private static Server server(String tandemVersion) {
    String url = V1 + "/servers/" + SERVER;
    return new Server(
        "Server",
        SERVER,
        "authoritative",
        // "4.9.0-tandem-<version>": clients read the first three numbers to pick API behaviour.
        COMPATIBLE_VERSION + "-tandem-" + tandemVersion,
        url,
        url + "/config{/config_setting}",
        url + "/zones{/zone}");
  }

  /** {@code h} for the server of the path, which must be {@code localhost}. */
  private static Handler onServer(Handler h) {
    return ctx -> {
      checkServer(ctx);
      h.handle(ctx);
    };
  }

  private static void checkServer(Context ctx) {
    String id = ctx.pathParam("server");
    if (!id.equals(SERVER)) {
      throw new ApiError(404, "Not Found: no server '" + id + "' here; the server is 'localhost'");
    }
  }
}
