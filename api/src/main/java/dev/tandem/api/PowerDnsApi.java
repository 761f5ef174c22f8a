package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.ApiKeys.Scope;
import dev.tandem.control.ControlObjects;
import dev.tandem.control.NotifyOutcome;
import dev.tandem.control.ServiceException;
import dev.tandem.control.ServiceException.Problem;
import dev.tandem.control.ZoneService;
import dev.tandem.control.ZoneStatus;
import dev.tandem.dns.zone.ZoneSnapshot;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The subset of the PowerDNS Authoritative HTTP API v1 that DNS-01 clients (lego, cert-manager
 * webhooks, acme.sh), octoDNS, external-dns, Terraform providers and PowerDNS-Admin use, under
 * {@code /api/v1/servers/localhost}: zones, RRset changes (PATCH), NOTIFY, AXFR retrieval, export,
 * zone metadata and TSIG keys. Shapes, status codes and error wording follow PowerDNS 4.x, since
 * clients match on them (octoDNS on "Could not find domain", lego on {@code {"error": ...}}).
 *
 * <p>Mapping to Tandem: kinds Native and Master (also Primary) are Tandem primary zones, Slave
 * (also Secondary) secondary zones. A zone created as Native is shown as Native again (remembered
 * in a hidden metadata kind), so that declarative clients (Terraform) see no drift; PUT may switch
 * a primary between Native and Master, never between primary and secondary. Record changes go
 * through {@link ZoneService#change}: all RRsets of one PATCH become one new serial, or nothing.
 *
 * <p>Where PowerDNS has a feature Tandem lacks, the request is refused with 422 rather than half
 * done: records with {@code disabled: true} (Tandem serves every record it keeps), RRset comments
 * (there is nowhere to keep them; an empty list is fine), turning on DNSSEC signing, changing the
 * masters of a secondary zone. Record content is read as PowerDNS reads it: names in it are
 * absolute (a name without a trailing dot is taken as if it had one), TXT and SPF strings must be
 * quoted.
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
  private static final String ZONES_URL = V1 + "/servers/" + SERVER + "/zones/";

  /** Where the PowerDNS kind of a primary created as Native is kept (never listed). */
  static final String KIND_METADATA = "X-TANDEM-PDNS-KIND";

  private static final String SOA_EDIT_API = "SOA-EDIT-API";

  private final ApiServices s;

  private PowerDnsApi(ApiServices s) {
    this.s = s;
  }

  static void register(Routes r, ApiServices services) {
    PowerDnsApi api = new PowerDnsApi(services);
    r.tag("PowerDNS-compatible");
    r.get("/api", Scope.READ, "API versions (PowerDNS)", "[{url, version}]", api::versions);
    r.get(V1, Scope.READ, "API v1 discovery (PowerDNS)", "[{server_url, api_features}]", api::v1);
    r.get(V1 + "/servers", Scope.READ, "The one server, localhost", "[server]", api::servers);
    r.get(SERVER_PATH, Scope.READ, "The server (id localhost)", "server", api::server);
    r.get(
        ZONES_PATH, Scope.READ, "Zones, without RRsets (query: zone=NAME.)", "[zone]", api::zones);
    r.post(
        ZONES_PATH,
        Scope.WRITE,
        "Create a zone: kind Native|Master (a Tandem primary) or Slave (a secondary)",
        "{name, kind, nameservers, rrsets, zone, masters, soa_edit_api, master_tsig_key_ids,"
            + " slave_tsig_key_ids}",
        "201 and the zone with its RRsets",
        api::createZone);
    r.get(
        ZONE_PATH,
        Scope.READ,
        "A zone with its RRsets (query: rrsets=false, rrset_name, rrset_type)",
        "zone",
        api::zone);
    r.put(
        ZONE_PATH,
        Scope.WRITE,
        "Change a zone's kind (Native/Master) or settings",
        "{kind, masters, dnssec, ...}",
        "204",
        api::putZone);
    r.patch(
        ZONE_PATH,
        Scope.WRITE,
        "Replace or delete RRsets, all as one change (one new serial)",
        "{rrsets: [{name, type, ttl, changetype: REPLACE|DELETE, records: [{content, disabled}],"
            + " comments}]}",
        "204",
        api::patchZone);
    r.delete(ZONE_PATH, Scope.WRITE, "Delete a zone", "204", api::deleteZone);
    r.put(
        ZONE_PATH + "/notify",
        Scope.WRITE,
        "Send NOTIFY to the zone's secondaries",
        "none",
        "{result}",
        api::notifyZone);
    r.put(
        ZONE_PATH + "/axfr-retrieve",
        Scope.WRITE,
        "Transfer a Slave zone whole from its master now",
        "none",
        "{result}",
        api::axfrRetrieve);
    r.get(ZONE_PATH + "/export", Scope.READ, "The zone as a zone file", "text/plain", api::export);
    r.get(METADATA_PATH, Scope.READ, "The zone's metadata", "[{kind, metadata}]", api::metadata);
    r.post(
        METADATA_PATH,
        Scope.WRITE,
        "Add values to one kind of metadata",
        "{kind, metadata: [value]}",
        "{kind, metadata}",
        api::addMetadata);
    r.get(
        METADATA_PATH + "/{kind}",
        Scope.READ,
        "One kind of the zone's metadata",
        "{kind, metadata}",
        api::metadataKind);
    r.put(
        METADATA_PATH + "/{kind}",
        Scope.WRITE,
        "Replace one kind of metadata",
        "{metadata: [value]}",
        "{kind, metadata}",
        api::putMetadata);
    r.delete(
        METADATA_PATH + "/{kind}",
        Scope.WRITE,
        "Remove one kind of metadata",
        "204",
        api::deleteMetadata);
    r.get(KEYS_PATH, Scope.ADMIN, "TSIG keys (without secrets)", "[tsigkey]", api::keys);
    r.post(
        KEYS_PATH,
        Scope.ADMIN,
        "Create a TSIG key (a secret is made if none is given)",
        "{name, algorithm, key}",
        "201 and the key with its secret",
        api::createKey);
    r.get(KEYS_PATH + "/{id}", Scope.ADMIN, "A TSIG key with its secret", "tsigkey", api::key);
    r.delete(KEYS_PATH + "/{id}", Scope.ADMIN, "Delete a TSIG key", "204", api::deleteKey);
  }

  // ---- server ----

  private void versions(Context ctx) {
    Json.ok(ctx, List.of(Map.of("url", V1, "version", 1)));
  }

  private void v1(Context ctx) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server_url", V1 + "/servers{/server}");
    m.put("api_features", List.of());
    Json.ok(ctx, List.of(m));
  }

  private void servers(Context ctx) {
    Json.ok(ctx, List.of(serverObject()));
  }

  private void server(Context ctx) {
    checkServer(ctx);
    Json.ok(ctx, serverObject());
  }

  private Map<String, Object> serverObject() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "Server");
    m.put("id", SERVER);
    m.put("daemon_type", "authoritative");
    // "4.9.0-tandem-<version>": clients read the first three numbers to pick API behaviour.
    m.put("version", COMPATIBLE_VERSION + "-tandem-" + s.version());
    m.put("url", V1 + "/servers/" + SERVER);
    m.put("config_url", V1 + "/servers/" + SERVER + "/config{/config_setting}");
    m.put("zones_url", V1 + "/servers/" + SERVER + "/zones{/zone}");
    return m;
  }

  private static void checkServer(Context ctx) {
    String id = ctx.pathParam("server");
    if (!id.equals(SERVER)) {
      throw new ApiError(404, "Not Found: no server '" + id + "' here; the server is 'localhost'");
    }
  }

  // ---- zones ----

  private void zones(Context ctx) {
    checkServer(ctx);
    String only = ctx.queryParam("zone");
    Name wanted = null;
    if (only != null && !only.isBlank()) {
      try {
        wanted = Name.fromString(only.trim(), Name.root);
      } catch (TextParseException e) {
        throw new ApiError(422, "zone", "'" + only + "' is not a domain name");
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ZoneStatus z : s.zones().zones()) {
      if (wanted == null || wanted.equals(z.zone())) {
        out.add(zoneObject(z, false, null, 0));
      }
    }
    Json.ok(ctx, out);
  }

  private void zone(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    ZoneStatus st = status(zone);
    String rrsets = ctx.queryParam("rrsets");
    if (rrsets != null && !rrsets.equals("true") && !rrsets.equals("false")) {
      throw new ApiError(422, "'rrsets' request parameter value '" + rrsets + "' is not supported");
    }
    Name owner = null;
    String ownerText = ctx.queryParam("rrset_name");
    if (ownerText != null) {
      owner = canonicalName(ownerText);
    }
    int type = 0;
    String typeText = ctx.queryParam("rrset_type");
    if (typeText != null) {
      type = Type.value(typeText.trim().toUpperCase(Locale.ROOT));
      if (type <= 0) {
        throw new ApiError(422, "'" + typeText + "' is not a record type");
      }
    }
    Json.ok(ctx, zoneObject(st, !"false".equals(rrsets), owner, type));
  }

  /** The zone as PowerDNS shows it; with its RRsets if {@code withRrsets}. */
  private Map<String, Object> zoneObject(
      ZoneStatus st, boolean withRrsets, @Nullable Name owner, int type) {
    Name zone = st.zone();
    boolean secondary = st.kind().equals("secondary");
    Map<String, List<String>> meta = secondary ? Map.of() : s.zones().metadata(zone);
    String id = id(zone);
    long serial = Math.max(0, st.serial());
    boolean signed = st.signatures() != null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", zone.toString());
    m.put("type", "Zone");
    m.put("url", ZONES_URL + id);
    m.put("kind", secondary ? "Slave" : first(meta.get(KIND_METADATA), "Master"));
    m.put("serial", serial);
    m.put("edited_serial", serial);
    m.put("notified_serial", notifiedSerial(st));
    java.time.Instant checked = st.lastSuccess();
    m.put("last_check", checked == null ? 0 : checked.getEpochSecond());
    m.put("masters", secondary ? masters(st.primaries()) : List.of());
    m.put("dnssec", signed);
    m.put("presigned", signed);
    m.put("account", "");
    m.put("soa_edit_api", first(meta.get(SOA_EDIT_API), ""));
    m.put("soa_edit", "");
    m.put("api_rectify", false);
    m.put("nsec3param", "");
    m.put("nsec3narrow", false);
    m.put("master_tsig_key_ids", List.of());
    m.put("slave_tsig_key_ids", List.of());
    if (withRrsets) {
      m.put("rrsets", st.serial() < 0 ? List.of() : rrsets(zone, owner, type));
    }
    return m;
  }

  private static String first(@Nullable List<String> values, String absent) {
    return values == null || values.isEmpty() ? absent : values.get(0);
  }

  private static long notifiedSerial(ZoneStatus st) {
    long n = 0;
    for (NotifyOutcome o : st.notified()) {
      n = Math.max(n, o.serial());
    }
    return n;
  }

  /** Masters as PowerDNS writes them: the port only when it is not 53. */
  private static List<String> masters(List<String> primaries) {
    List<String> out = new ArrayList<>();
    for (String p : primaries) {
      if (p.endsWith(":53")) {
        String host = p.substring(0, p.length() - 3);
        out.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** One RRset being gathered for output. */
  private static final class OutSet {
    final Name name;
    final int type;
    long ttl;
    final List<Map<String, Object>> records = new ArrayList<>();

    OutSet(Name name, int type, long ttl) {
      this.name = name;
      this.type = type;
      this.ttl = ttl;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name.toString());
      m.put("type", Type.string(type));
      m.put("ttl", ttl);
      m.put("records", records);
      m.put("comments", List.of());
      return m;
    }
  }

  /** The zone's RRsets in canonical order, content in PowerDNS's presentation. */
  private List<Map<String, Object>> rrsets(Name zone, @Nullable Name owner, int type) {
    ZoneSnapshot z = s.zones().served(zone);
    Map<String, OutSet> sets = new LinkedHashMap<>();
    z.forEachRecord(
        r -> {
          if ((owner != null && !owner.equals(r.getName())) || (type != 0 && type != r.getType())) {
            return;
          }
          OutSet set =
              sets.computeIfAbsent(
                  r.getName().toString().toLowerCase(Locale.ROOT) + " " + r.getType(),
                  k -> new OutSet(r.getName(), r.getType(), r.getTTL()));
          set.ttl = Math.min(set.ttl, r.getTTL());
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("content", content(r));
          rec.put("disabled", false);
          set.records.add(rec);
        });
    List<Map<String, Object>> out = new ArrayList<>(sets.size());
    sets.values().forEach(o -> out.add(o.json()));
    return out;
  }

  private void createZone(Context ctx) {
    checkServer(ctx);
    ObjectNode body = Json.object(ctx);
    Name zone = canonicalName(requiredText(body, "name"));
    String kind = pdnsKind(requiredText(body, "kind"));
    JsonNode dnssec = body.get("dnssec");
    if (dnssec != null && dnssec.asBoolean(false)) {
      throw new ApiError(
          422, "dnssec", "Tandem does not sign zones itself: serve a zone signed elsewhere");
    }
    if (s.zones().zones().stream().anyMatch(z -> z.zone().equals(zone))) {
      throw new ServiceException(Problem.CONFLICT, "Domain '" + zone + "' already exists");
    }
    ZoneStatus made;
    if (kind.equals("Slave")) {
      List<String> masters = Json.texts(body, "masters");
      List<String> keys = Json.texts(body, "slave_tsig_key_ids");
      if (keys.size() > 1) {
        throw new ApiError(422, "slave_tsig_key_ids", "Tandem uses one TSIG key per master");
      }
      List<String> primaries = new ArrayList<>();
      for (String m : masters) {
        primaries.add(keys.isEmpty() ? m.trim() : m.trim() + "@" + keyName(keys.get(0)));
      }
      if (primaries.isEmpty()) {
        throw new ApiError(422, "masters", "A Slave zone needs at least one master");
      }
      made =
          s.zones()
              .createSecondary(
                  new ZoneService.NewSecondary(zone, primaries, List.of(), List.of(), List.of()));
    } else {
      List<String> allowTransfer = new ArrayList<>();
      for (String k : Json.texts(body, "master_tsig_key_ids")) {
        allowTransfer.add("any@" + keyName(k));
      }
      String soaEditApi = Json.optionalText(body, "soa_edit_api");
      String given = Json.optionalText(body, "zone");
      try {
        made =
            s.zones()
                .createPrimary(
                    new ZoneService.NewPrimary(
                        zone,
                        List.of(),
                        zoneFile(zone, body),
                        List.of(),
                        allowTransfer,
                        List.of(),
                        List.of(),
                        serialPolicy(soaEditApi)));
      } catch (ServiceException e) {
        if (e.problem() != Problem.INVALID
            || !"zoneFile".equals(e.field())
            || (given != null && !given.isBlank())) {
          throw e;
        }
        // The zone file was made here from the RRsets: its line numbers mean nothing to the
        // client.
        String why =
            String.valueOf(e.getMessage())
                .replaceFirst("^the zone file was not taken: ", "")
                .replaceAll("line \\d+: ", "");
        throw new ApiError(422, "Zone '" + zone + "' is not valid: " + why);
      }
      if (soaEditApi != null && !soaEditApi.isBlank()) {
        s.zones().setMetadata(zone, SOA_EDIT_API, List.of(soaEditApi.toUpperCase(Locale.ROOT)));
      }
      if (kind.equals("Native")) {
        s.zones().setMetadata(zone, KIND_METADATA, List.of("Native"));
      }
    }
    Json.send(ctx, 201, zoneObject(made, !"false".equals(ctx.queryParam("rrsets")), null, 0));
  }

  /**
   * The zone file of a new primary: the {@code zone} text as given, or one made of the RRsets and
   * name servers, with an SOA made as PowerDNS makes one when none is given.
   */
  private static String zoneFile(Name zone, ObjectNode body) {
    List<String> nameservers = Json.texts(body, "nameservers");
    String text = Json.optionalText(body, "zone");
    JsonNode rrsets = body.get("rrsets");
    boolean hasRrsets = rrsets != null && rrsets.isArray() && !rrsets.isEmpty();
    if (text != null && !text.isBlank()) {
      if (hasRrsets) {
        throw new ApiError(422, "You cannot give rrsets AND zone data as text");
      }
      if (!nameservers.isEmpty()) {
        throw new ApiError(422, "You cannot give nameservers AND zone data as text");
      }
      return text;
    }
    List<Record> records = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (rrsets != null && !rrsets.isNull()) {
      if (!rrsets.isArray()) {
        throw new ApiError(422, "rrsets", "Key 'rrsets' is not an array");
      }
      for (JsonNode node : rrsets) {
        RrSetInput in = rrSetInput(zone, node, seen, false);
        if (in.delete()) {
          continue; // a DELETE in a new zone's RRsets removes nothing
        }
        records.addAll(in.records());
      }
    }
    boolean apexNs =
        records.stream().anyMatch(r -> r.getType() == Type.NS && r.getName().equals(zone));
    if (apexNs && !nameservers.isEmpty()) {
      throw new ApiError(422, "Nameservers list MUST NOT be mixed with zone-level NS in rrsets");
    }
    List<Name> ns = new ArrayList<>();
    for (String n : nameservers) {
      ns.add(canonicalName(n));
    }
    for (Name n : ns) {
      records.add(new NSRecord(zone, DClass.IN, 3600, n));
    }
    if (!apexNs && ns.isEmpty()) {
      throw new ApiError(
          422,
          "nameservers",
          "Tandem serves no zone without NS records: give nameservers or an NS RRset at the apex");
    }
    StringBuilder b = new StringBuilder("$ORIGIN ").append(zone).append('\n');
    boolean hasSoa = records.stream().anyMatch(r -> r.getType() == Type.SOA);
    if (!hasSoa) {
      // PowerDNS's default-soa-content is "a.misconfigured.dns.server.invalid hostmaster.@ 0 10800
      // 3600 604800 3600", its serial then set YYYYMMDD01 (SOA-EDIT-API DEFAULT). We name the
      // first name server instead of the misconfigured placeholder.
      Name mname =
          records.stream()
              .filter(r -> r.getType() == Type.NS && r.getName().equals(zone))
              .map(r -> ((NSRecord) r).getTarget())
              .findFirst()
              .orElse(zone);
      Name admin;
      try {
        admin = Name.concatenate(Name.fromConstantString("hostmaster"), zone);
      } catch (org.xbill.DNS.NameTooLongException e) {
        admin = zone;
      }
      LocalDate d = LocalDate.now(ZoneOffset.UTC);
      long serial =
          (d.getYear() * 10_000L + d.getMonthValue() * 100L + d.getDayOfMonth()) * 100 + 1;
      b.append(
              new SOARecord(zone, DClass.IN, 3600, mname, admin, serial, 10800, 3600, 604800, 3600))
          .append('\n');
    }
    for (Record r : records) {
      b.append(r).append('\n');
    }
    return b.toString();
  }

  private static @Nullable String serialPolicy(@Nullable String soaEditApi) {
    if (soaEditApi == null || soaEditApi.isBlank()) {
      return null;
    }
    return switch (soaEditApi.trim().toUpperCase(Locale.ROOT)) {
      case "DEFAULT" -> "dateserial";
      case "EPOCH" -> "unixtime";
      case "INCREASE", "SOA-EDIT", "SOA-EDIT-INCREASE", "NONE" -> "increment";
      default ->
          throw new ApiError(
              422,
              "soa_edit_api",
              "SOA-EDIT-API '" + soaEditApi + "' is not DEFAULT, INCREASE, EPOCH or NONE");
    };
  }

  /** "Native", "Master" or "Slave" from a kind as clients send it (any case; new names too). */
  private static String pdnsKind(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "native" -> "Native";
      case "master", "primary" -> "Master";
      case "slave", "secondary" -> "Slave";
      case "producer", "consumer" ->
          throw new ApiError(422, "kind", "Tandem has no catalog zones (kind '" + text + "')");
      default -> throw new ApiError(422, "kind", "Invalid zone kind '" + text + "'");
    };
  }

  private void putZone(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    ZoneStatus st = status(zone);
    ObjectNode body = Json.object(ctx);
    boolean secondary = st.kind().equals("secondary");
    String kindText = Json.optionalText(body, "kind");
    String kind = kindText == null ? null : pdnsKind(kindText);
    if (kind != null && secondary != kind.equals("Slave")) {
      throw new ApiError(
          422,
          "kind",
          "Tandem cannot change zone '"
              + zone
              + "' from "
              + (secondary ? "Slave" : "a primary (Native/Master)")
              + " to "
              + kind
              + ": delete the zone and create it again as "
              + kind);
    }
    JsonNode masters = body.get("masters");
    if (secondary && masters != null && masters.isArray()) {
      Set<String> wanted = new HashSet<>(masters(Json.texts(body, "masters")));
      if (!wanted.equals(new HashSet<>(masters(st.primaries())))) {
        throw new ApiError(
            422,
            "masters",
            "Tandem cannot change the masters of zone '"
                + zone
                + "' yet (they are "
                + masters(st.primaries())
                + "): delete the zone and create it again");
      }
    }
    JsonNode dnssec = body.get("dnssec");
    if (dnssec != null && dnssec.isBoolean() && dnssec.asBoolean() && st.signatures() == null) {
      throw new ApiError(
          422, "dnssec", "Tandem does not sign zones itself: serve a zone signed elsewhere");
    }
    if (kind != null && !secondary) {
      s.zones()
          .setMetadata(zone, KIND_METADATA, kind.equals("Native") ? List.of("Native") : List.of());
    }
    // soa_edit_api, soa_edit, account, api_rectify, nsec3param: nothing in Tandem to change.
    ctx.status(204);
  }

  private void deleteZone(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    s.zones().delete(zone);
    ctx.status(204);
  }

  // ---- RRsets ----

  /**
   * One RRset of a request, checked.
   *
   * @param records the new records (REPLACE; none removes the RRset)
   */
  private record RrSetInput(Name name, int type, long ttl, List<Record> records, boolean delete) {}

  private void patchZone(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    ZoneStatus st = status(zone);
    ObjectNode body = Json.object(ctx);
    JsonNode list = body.get("rrsets");
    if (list == null || !list.isArray()) {
      throw new ApiError(422, "rrsets", "No rrsets given in update request");
    }
    if (st.kind().equals("secondary")) {
      throw new ApiError(
          422,
          "Modifying RRsets in Slave zone '"
              + zone
              + "' is not possible: change it at its master ("
              + String.join(", ", masters(st.primaries()))
              + ")");
    }
    List<RrSetInput> inputs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode node : list) {
      inputs.add(rrSetInput(zone, node, seen, true));
    }
    if (inputs.isEmpty()) {
      ctx.status(204); // PowerDNS takes an empty list as nothing to do
      return;
    }
    checkCnameConflicts(zone, inputs);
    List<ZoneService.RrSetChange> changes = new ArrayList<>();
    for (RrSetInput in : inputs) {
      List<String> data = new ArrayList<>();
      for (Record r : in.records()) {
        data.add(r.rdataToString());
      }
      changes.add(
          new ZoneService.RrSetChange(
              in.name().toString(), Type.string(in.type()), in.ttl(), data, in.delete()));
    }
    s.zones().change(zone, changes);
    ctx.status(204);
  }

  /** Reads and checks one RRset of a PATCH (or of a new zone), as PowerDNS words its refusals. */
  private static RrSetInput rrSetInput(Name zone, JsonNode node, Set<String> seen, boolean patch) {
    if (!(node instanceof ObjectNode o)) {
      throw new ApiError(422, "rrsets", "Each RRset must be an object");
    }
    Name name = canonicalName(requiredText(o, "name"));
    String typeText = requiredText(o, "type").trim().toUpperCase(Locale.ROOT);
    int type = Type.value(typeText);
    String what = "RRset " + name + " IN " + typeText;
    if (type <= 0) {
      throw new ApiError(422, what + ": unknown type given");
    }
    // A PATCH names its change; the RRsets of a new zone (POST) need not.
    String changetype = patch ? requiredText(o, "changetype") : Json.optionalText(o, "changetype");
    String ct = changetype == null ? "REPLACE" : changetype.trim().toUpperCase(Locale.ROOT);
    if (!name.subdomain(zone)) {
      throw new ApiError(422, what + ": Name is out of zone");
    }
    if (!seen.add(name.toString().toLowerCase(Locale.ROOT) + " " + type)) {
      throw new ApiError(422, "Duplicate " + what + " with changetype: " + ct);
    }
    switch (ct) {
      case "DELETE" -> {
        return new RrSetInput(name, type, 0, List.of(), true);
      }
      case "REPLACE" -> {
        // below
      }
      default -> throw new ApiError(422, "Changetype not understood");
    }
    JsonNode comments = o.get("comments");
    if (comments != null && comments.isArray() && !comments.isEmpty()) {
      // PowerDNS keeps per-RRset comments; Tandem has nowhere to keep them and refuses rather
      // than drop them silently.
      throw new ApiError(
          422, what + ": Tandem does not keep RRset comments (send none, or an empty list)");
    }
    JsonNode records = o.get("records");
    if (records == null || records.isNull()) {
      throw new ApiError(422, what + ": REPLACE needs 'records' (an empty list deletes the RRset)");
    }
    if (!records.isArray()) {
      throw new ApiError(422, what + ": Key 'records' is not an array");
    }
    long ttl = 0;
    if (!records.isEmpty()) {
      JsonNode t = o.get("ttl");
      if (t == null || !t.isIntegralNumber()) {
        throw new ApiError(422, what + ": Key 'ttl' is not present or not an Integer");
      }
      ttl = t.asLong();
      if (ttl < 0 || ttl > 0x7fffffffL) {
        throw new ApiError(422, what + ": TTL " + ttl + " is not between 0 and 2147483647");
      }
    }
    List<Record> out = new ArrayList<>();
    Set<Record> distinct = new HashSet<>();
    for (JsonNode rec : records) {
      if (!(rec instanceof ObjectNode ro)) {
        throw new ApiError(422, what + ": each record must be an object with 'content'");
      }
      String content = requiredText(ro, "content");
      JsonNode disabled = ro.get("disabled");
      if (disabled != null && disabled.asBoolean(false)) {
        // Tandem serves every record it keeps: a disabled record would either be served or be
        // lost, so it is refused.
        throw new ApiError(
            422,
            "Record "
                + name
                + "/"
                + typeText
                + " "
                + content
                + ": disabled records are not supported by Tandem (remove the record instead)");
      }
      Record r = parseContent(name, type, typeText, ttl, content);
      if (!distinct.add(r)) {
        throw new ApiError(
            422, "Duplicate record in " + what + " with content \"" + content + "\"");
      }
      out.add(r);
    }
    if ((type == Type.CNAME || type == Type.DNAME) && out.size() > 1) {
      throw new ApiError(422, what + " has more than one record");
    }
    return new RrSetInput(name, type, ttl, out, false);
  }

  /**
   * Record content as PowerDNS reads it: names absolute (a missing trailing dot is implied, as
   * PowerDNS parses content relative to the root), TXT and SPF strings quoted.
   */
  private static Record parseContent(Name name, int type, String typeText, long ttl, String c) {
    String prefix = "Record " + name + "/" + typeText + " " + c + ": ";
    if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
      throw new ApiError(422, prefix + "content may not contain a line break");
    }
    String content = c.trim();
    if ((type == Type.TXT || type == Type.SPF) && !content.startsWith("\"")) {
      throw new ApiError(
          422,
          prefix
              + "Parsing record content: Data field in DNS should start with quote (\") at"
              + " position 0 of '"
              + c
              + "'");
    }
    if (content.isEmpty()) {
      throw new ApiError(422, prefix + "a " + typeText + " record needs content");
    }
    try {
      return Record.fromString(name, type, DClass.IN, ttl, content, Name.root);
    } catch (IOException | RuntimeException e) {
      throw new ApiError(422, prefix + e.getMessage());
    }
  }

  /**
   * Refuses what RFC 2136 would silently ignore: a CNAME next to other data at one name, as
   * PowerDNS does ("Conflicts with pre-existing RRset").
   */
  private void checkCnameConflicts(Name zone, List<RrSetInput> inputs) {
    Map<Name, Set<Integer>> after = new LinkedHashMap<>();
    ZoneSnapshot z = null;
    for (RrSetInput in : inputs) {
      if (after.containsKey(in.name())) {
        continue;
      }
      if (z == null) {
        z = s.zones().served(zone);
      }
      Set<Integer> types = new HashSet<>();
      for (Record r : z.recordsAt(in.name())) {
        types.add(r.getType());
      }
      after.put(in.name(), types);
    }
    for (RrSetInput in : inputs) {
      Set<Integer> types = after.get(in.name());
      if (types == null) {
        continue;
      }
      if (in.delete() || in.records().isEmpty()) {
        types.remove(in.type());
      }
    }
    for (RrSetInput in : inputs) {
      Set<Integer> types = after.get(in.name());
      if (types != null && !in.delete() && !in.records().isEmpty()) {
        types.add(in.type());
      }
    }
    for (RrSetInput in : inputs) {
      Set<Integer> types = after.get(in.name());
      if (types == null || in.delete() || in.records().isEmpty() || !types.contains(Type.CNAME)) {
        continue;
      }
      for (int t : types) {
        if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC && t != Type.NSEC3) {
          throw new ApiError(
              422,
              "RRset "
                  + in.name()
                  + " IN "
                  + Type.string(in.type())
                  + ": Conflicts with pre-existing RRset");
        }
      }
    }
  }

  // ---- actions ----

  private void notifyZone(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    s.zones().notifyNow(zone);
    Json.ok(ctx, Map.of("result", "Notification queued"));
  }

  private void axfrRetrieve(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    ZoneStatus st = status(zone);
    if (!st.kind().equals("secondary") || st.primaries().isEmpty()) {
      throw new ApiError(
          422, "Domain '" + zone + "' is not a secondary domain (or has no primary defined)");
    }
    s.zones().retransfer(zone);
    Json.ok(
        ctx,
        Map.of(
            "result",
            "Added retrieval request for '"
                + zone
                + "' from primary "
                + masters(st.primaries()).get(0)));
  }

  private void export(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    ctx.contentType("text/plain; charset=utf-8").result(s.zones().export(zone));
  }

  // ---- metadata ----

  private void metadata(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    List<Map<String, Object>> out = new ArrayList<>();
    s.zones()
        .metadata(zone)
        .forEach(
            (kind, values) -> {
              if (!kind.equalsIgnoreCase(KIND_METADATA)) {
                out.add(metadataObject(kind, values));
              }
            });
    Json.ok(ctx, out);
  }

  private void metadataKind(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    String kind = metadataKind(ctx.pathParam("kind"));
    Json.ok(ctx, metadataObject(kind, s.zones().metadata(zone).getOrDefault(kind, List.of())));
  }

  private void addMetadata(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    ObjectNode body = Json.object(ctx);
    String kind = metadataKind(requiredText(body, "kind"));
    List<String> values = new ArrayList<>(s.zones().metadata(zone).getOrDefault(kind, List.of()));
    for (String v : metadataValues(body)) {
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    s.zones().setMetadata(zone, kind, values);
    Json.ok(ctx, metadataObject(kind, values));
  }

  private void putMetadata(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    String kind = metadataKind(ctx.pathParam("kind"));
    ObjectNode body = Json.object(ctx);
    String bodyKind = Json.optionalText(body, "kind");
    if (bodyKind != null && !bodyKind.equalsIgnoreCase(kind)) {
      throw new ApiError(
          422, "kind", "the body's kind '" + bodyKind + "' is not the URL's '" + kind + "'");
    }
    List<String> values = metadataValues(body);
    s.zones().setMetadata(zone, kind, values);
    Json.ok(ctx, metadataObject(kind, values));
  }

  private void deleteMetadata(Context ctx) {
    checkServer(ctx);
    Name zone = zoneParam(ctx);
    status(zone);
    s.zones().setMetadata(zone, metadataKind(ctx.pathParam("kind")), List.of());
    ctx.status(204);
  }

  private static List<String> metadataValues(ObjectNode body) {
    JsonNode v = body.get("metadata");
    if (v == null || !v.isArray()) {
      throw new ApiError(422, "metadata", "Key 'metadata' is not present or not an array");
    }
    return Json.texts(body, "metadata");
  }

  /** A metadata kind as given; Tandem's own hidden one cannot be used here. */
  private static String metadataKind(String text) {
    String kind = text.trim();
    if (kind.equalsIgnoreCase(KIND_METADATA)) {
      throw new ApiError(
          422,
          "kind",
          "metadata kind '" + text + "' is Tandem's own: change the zone's kind by PUT");
    }
    return kind;
  }

  private static Map<String, Object> metadataObject(String kind, List<String> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "Metadata");
    m.put("kind", kind);
    m.put("metadata", values);
    return m;
  }

  // ---- TSIG keys ----

  private void keys(Context ctx) {
    checkServer(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ControlObjects.Key k : s.zones().objects().keys(false)) {
      out.add(keyObject(k, ""));
    }
    Json.ok(ctx, out);
  }

  private void key(Context ctx) {
    checkServer(ctx);
    Name name = keyParam(ctx);
    ControlObjects.Key k;
    try {
      k = s.zones().objects().key(name, Routes.key(ctx).scope().allows(Scope.ADMIN));
    } catch (ServiceException e) {
      throw rename(e, "TSIG key with name '" + name.toString(true) + "' not found");
    }
    String secret = k.secret();
    Json.ok(ctx, keyObject(k, secret == null ? "" : secret));
  }

  private void createKey(Context ctx) {
    checkServer(ctx);
    ObjectNode body = Json.object(ctx);
    String name = requiredText(body, "name").trim();
    String algorithm = Json.optionalText(body, "algorithm");
    String secret = Json.optionalText(body, "key");
    ControlObjects.Key k;
    try {
      k = s.zones().objects().createKey(name, algorithm, secret);
    } catch (ServiceException e) {
      if (e.problem() == Problem.CONFLICT) {
        throw new ServiceException(
            Problem.CONFLICT,
            "A TSIG key with the name '" + name.replaceAll("\\.$", "") + "' already exists");
      }
      throw e;
    }
    String made = k.secret();
    Json.send(ctx, 201, keyObject(k, made == null ? "" : made));
  }

  private void deleteKey(Context ctx) {
    checkServer(ctx);
    Name name = keyParam(ctx);
    try {
      s.zones().objects().deleteKey(name);
    } catch (ServiceException e) {
      throw rename(e, "TSIG key with name '" + name.toString(true) + "' not found");
    }
    ctx.status(204);
  }

  private static Map<String, Object> keyObject(ControlObjects.Key k, String secret) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", k.name().toString(true));
    m.put("id", id(k.name()));
    m.put("algorithm", k.algorithm().replaceAll("\\.$", ""));
    m.put("key", secret);
    m.put("type", "TSIGKey");
    return m;
  }

  /** A key id or name as clients give it (with or without the trailing dot). */
  private static String keyName(String idOrName) {
    return unescape(idOrName.trim());
  }

  private static Name keyParam(Context ctx) {
    String text = keyName(ctx.pathParam("id"));
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new ApiError(404, "TSIG key with name '" + text + "' not found");
    }
  }

  // ---- helpers ----

  /** NOT_FOUND reworded as PowerDNS words it; other refusals as they are. */
  private static ServiceException rename(ServiceException e, String notFound) {
    if (e.problem() == Problem.NOT_FOUND) {
      return new ServiceException(Problem.NOT_FOUND, notFound);
    }
    return e;
  }

  private ZoneStatus status(Name zone) {
    try {
      return s.zones().zone(zone);
    } catch (ServiceException e) {
      throw rename(e, "Could not find domain '" + zone + "'");
    }
  }

  /** The zone of the URL: its id (PowerDNS escapes as {@code =XX}) or its name, dot optional. */
  private static Name zoneParam(Context ctx) {
    String text = unescape(ctx.pathParam("zone"));
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new ServiceException(Problem.NOT_FOUND, "Could not find domain '" + text + "'");
    }
  }

  /**
   * PowerDNS's zone and key ids: the name with a trailing dot, every byte but letters, digits, '.'
   * and '-' as {@code =XX}; the root as {@code =2E}.
   */
  static String id(Name name) {
    String text = name.toString();
    if (text.equals(".")) {
      return "=2E";
    }
    StringBuilder b = new StringBuilder();
    for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '-') {
        b.append(c);
      } else {
        b.append('=').append(String.format(Locale.ROOT, "%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  /** Reverses {@link #id}: each {@code =XX} back to its byte. */
  static String unescape(String id) {
    if (id.indexOf('=') < 0) {
      return id;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] in = id.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '=' && i + 2 < in.length && isHex(in[i + 1]) && isHex(in[i + 2])) {
        out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(in[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
  }

  /** A name as PowerDNS requires it in bodies: absolute, with the trailing dot. */
  private static Name canonicalName(String text) {
    String t = text.trim();
    if (!t.endsWith(".")) {
      throw new ApiError(422, "DNS Name '" + text + "' is not canonical");
    }
    try {
      return Name.fromString(t, Name.root);
    } catch (TextParseException e) {
      throw new ApiError(422, "DNS Name '" + text + "' is not valid: " + e.getMessage());
    }
  }

  private static String requiredText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new ApiError(422, field, "Key '" + field + "' not present or not a String");
    }
    return v.asText();
  }

  /** Record data as PowerDNS prints it (TXT always quoted, AAAA compressed, hex lower case). */
  static String content(Record r) {
    int t = r.getType();
    List<byte[]> strings =
        r instanceof TXTRecord txt
            ? txt.getStringsAsByteArrays()
            : r instanceof SPFRecord spf ? spf.getStringsAsByteArrays() : null;
    if (strings != null) {
      StringBuilder b = new StringBuilder();
      for (byte[] string : strings) {
        if (!b.isEmpty()) {
          b.append(' ');
        }
        b.append('"');
        for (byte x : string) {
          int c = x & 0xff;
          if (c < 32 || c >= 127) {
            b.append('\\').append(String.format(Locale.ROOT, "%03d", c));
          } else if (c == '"' || c == '\\') {
            b.append('\\').append((char) c);
          } else {
            b.append((char) c);
          }
        }
        b.append('"');
      }
      return b.toString();
    }
    if (t == Type.AAAA) {
      return ipv6(r.rdataToWireCanonical());
    }
    if (t == Type.DS || t == Type.CDS || t == Type.SSHFP || t == Type.TLSA || t == Type.SMIMEA) {
      return r.rdataToString().toLowerCase(Locale.ROOT);
    }
    return r.rdataToString();
  }

  /** RFC 5952 text of 16 bytes: lower case, the longest run of two or more zero groups as "::". */
  static String ipv6(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (!b.isEmpty() && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }
}
