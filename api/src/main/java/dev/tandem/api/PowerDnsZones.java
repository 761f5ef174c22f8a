package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ServiceException.Problem;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZoneStatus;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zones of the PowerDNS API: listed, read (with their RRsets), created, changed (PUT), deleted,
 * NOTIFYed, retrieved (AXFR) and exported. Kinds Native and Master (also Primary) are Tandem
 * primary zones, Slave (also Secondary) secondary zones; PUT may switch a primary between Native
 * and Master, never between primary and secondary. A new primary is made of its RRsets and name
 * servers by {@link ZoneService} (the default SOA there when none is given), or of a zone file's
 * text when the client sends one.
 *
 * <p>Where PowerDNS has a feature Tandem lacks, the request is refused with 422 rather than half
 * done: turning on DNSSEC signing, changing the masters of a secondary zone, catalog zones.
 */
final class PowerDnsZones {
  private final ZoneService zones;
  private final PowerDnsRrSets rrsets;

  PowerDnsZones(ZoneService zones, PowerDnsRrSets rrsets) {
    this.zones = zones;
    this.rrsets = rrsets;
  }

  void list(Context ctx) {
    String only = ctx.queryParam("zone");
    Name wanted = null;
    if (only != null && !only.isBlank()) {
      try {
        wanted = Name.fromString(only.trim(), Name.root);
      } catch (TextParseException e) {
        throw new ApiError(422, "zone", "'" + only + "' is not a domain name");
      }
    }
    List<PowerDnsZoneJson> out = new ArrayList<>();
    for (ZoneStatus z : zones.zones()) {
      if (wanted == null || wanted.equals(z.zone())) {
        out.add(json(z, false, null, 0));
      }
    }
    Json.ok(ctx, out);
  }

  void get(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    String withRrsets = ctx.queryParam("rrsets");
    if (withRrsets != null && !withRrsets.equals("true") && !withRrsets.equals("false")) {
      throw new ApiError(
          422, "'rrsets' request parameter value '" + withRrsets + "' is not supported");
    }
    String ownerText = ctx.queryParam("rrset_name");
    Name owner = ownerText == null ? null : PowerDnsText.canonicalName(ownerText);
    int type = 0;
    String typeText = ctx.queryParam("rrset_type");
    if (typeText != null) {
      type = Type.value(typeText.trim().toUpperCase(Locale.ROOT));
      if (type <= 0) {
        throw new ApiError(422, "'" + typeText + "' is not a record type");
      }
    }
    Json.ok(ctx, json(st, !"false".equals(withRrsets), owner, type));
  }

  /** The zone as PowerDNS shows it; with its RRsets (those asked for) if {@code withRrsets}. */
  private PowerDnsZoneJson json(ZoneStatus st, boolean withRrsets, @Nullable Name owner, int type) {
    Map<String, List<String>> meta =
        PowerDnsZoneJson.isSlave(st) ? Map.of() : zones.metadata(st.zone());
    List<PowerDnsRrSets.RrSetJson> sets = null;
    if (withRrsets) {
      sets = st.serial() < 0 ? List.of() : rrsets.rrsets(st.zone(), owner, type);
    }
    return PowerDnsZoneJson.of(st, meta, sets);
  }

  void create(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Name zone = PowerDnsText.zoneName(PowerDnsText.requiredText(body, "name"));
    String kind = kind(PowerDnsText.requiredText(body, "kind"));
    JsonNode dnssec = body.get("dnssec");
    refuseSigning(dnssec != null && dnssec.asBoolean(false));
    if (zones.zones().stream().anyMatch(z -> z.zone().equals(zone))) {
      throw new ServiceException(Problem.CONFLICT, "Domain '" + zone + "' already exists");
    }
    ZoneStatus made = kind.equals("Slave") ? createSlave(zone, body) : createPrimary(zone, body);
    if (!kind.equals("Slave")) {
      String soaEditApi = Json.optionalText(body, "soa_edit_api");
      if (soaEditApi != null && !soaEditApi.isBlank()) {
        zones.setMetadata(
            zone, PowerDnsZoneJson.SOA_EDIT_API, List.of(soaEditApi.toUpperCase(Locale.ROOT)));
      }
      if (kind.equals("Native")) {
        zones.setMetadata(zone, PowerDnsZoneJson.KIND_METADATA, List.of("Native"));
      }
    }
    Json.send(ctx, 201, json(made, !"false".equals(ctx.queryParam("rrsets")), null, 0));
  }

  private ZoneStatus createSlave(Name zone, ObjectNode body) {
    List<String> masters = Json.texts(body, "masters");
    List<String> keys = Json.texts(body, "slave_tsig_key_ids");
    if (keys.size() > 1) {
      throw new ApiError(422, "slave_tsig_key_ids", "Tandem uses one TSIG key per master");
    }
    List<String> primaries = new ArrayList<>();
    for (String m : masters) {
      primaries.add(keys.isEmpty() ? m.trim() : m.trim() + "@" + PowerDnsText.keyName(keys.get(0)));
    }
    if (primaries.isEmpty()) {
      throw new ApiError(422, "masters", "A Slave zone needs at least one master");
    }
    return zones.createSecondary(
        new ZoneService.NewSecondary(zone, primaries, List.of(), List.of(), List.of()));
  }

  /**
   * A Native or Master zone: of the {@code zone} text as given, or of the RRsets and name servers.
   */
  private ZoneStatus createPrimary(Name zone, ObjectNode body) {
    List<String> allowTransfer = new ArrayList<>();
    for (String k : Json.texts(body, "master_tsig_key_ids")) {
      allowTransfer.add("any@" + PowerDnsText.keyName(k));
    }
    String policy = serialPolicy(Json.optionalText(body, "soa_edit_api"));
    String text = Json.optionalText(body, "zone");
    List<String> nameservers = new ArrayList<>();
    for (String n : Json.texts(body, "nameservers")) {
      nameservers.add(PowerDnsText.canonicalName(n).toString());
    }
    JsonNode given = body.get("rrsets");
    boolean hasRrsets = given != null && given.isArray() && !given.isEmpty();
    if (text != null && !text.isBlank()) {
      if (hasRrsets) {
        throw new ApiError(422, "You cannot give rrsets AND zone data as text");
      }
      if (!nameservers.isEmpty()) {
        throw new ApiError(422, "You cannot give nameservers AND zone data as text");
      }
      return zones.createPrimary(
          new ZoneService.NewPrimary(
              zone, List.of(), text, List.of(), allowTransfer, List.of(), List.of(), policy));
    }
    List<Record> records = records(zone, given);
    boolean apexNs =
        records.stream().anyMatch(r -> r.getType() == Type.NS && r.getName().equals(zone));
    if (apexNs && !nameservers.isEmpty()) {
      throw new ApiError(422, "Nameservers list MUST NOT be mixed with zone-level NS in rrsets");
    }
    try {
      return zones.createPrimary(
          new ZoneService.NewPrimary(
              zone, nameservers, null, records, allowTransfer, List.of(), List.of(), policy));
    } catch (ServiceException e) {
      if (e.problems().isEmpty()) {
        throw e;
      }
      throw new ApiError(
          422, "Zone '" + zone + "' is not valid: " + String.join("; ", e.problems()));
    }
  }

  /** The records of a new zone's RRsets (a DELETE among them removes nothing). */
  private static List<Record> records(Name zone, @Nullable JsonNode rrsets) {
    List<Record> records = new ArrayList<>();
    if (rrsets == null || rrsets.isNull()) {
      return records;
    }
    if (!rrsets.isArray()) {
      throw new ApiError(422, "rrsets", "Key 'rrsets' is not an array");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode node : rrsets) {
      records.addAll(PowerDnsRrSets.read(zone, node, seen, false).records());
    }
    return records;
  }

  /** PowerDNS's SOA-EDIT-API as Tandem's serial policy (null: the zone's default). */
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
  private static String kind(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "native" -> "Native";
      case "master", "primary" -> "Master";
      case "slave", "secondary" -> "Slave";
      case "producer", "consumer" ->
          throw new ApiError(422, "kind", "Tandem has no catalog zones (kind '" + text + "')");
      default -> throw new ApiError(422, "kind", "Invalid zone kind '" + text + "'");
    };
  }

  /** Refuses to turn signing on: Tandem serves zones signed elsewhere, and signs none itself. */
  private static void refuseSigning(boolean turnOn) {
    if (turnOn) {
      throw new ApiError(
          422, "dnssec", "Tandem does not sign zones itself: serve a zone signed elsewhere");
    }
  }

  void put(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    ObjectNode body = Json.object(ctx);
    boolean slave = PowerDnsZoneJson.isSlave(st);
    String kindText = Json.optionalText(body, "kind");
    String kind = kindText == null ? null : kind(kindText);
    if (kind != null && slave != kind.equals("Slave")) {
      throw new ApiError(
          422,
          "kind",
          "Tandem cannot change zone '"
              + zone
              + "' from "
              + (slave ? "Slave" : "a primary (Native/Master)")
              + " to "
              + kind
              + ": delete the zone and create it again as "
              + kind);
    }
    JsonNode masters = body.get("masters");
    if (slave && masters != null && masters.isArray()) {
      List<String> now = PowerDnsZoneJson.masters(st.primaries());
      Set<String> wanted = new HashSet<>(PowerDnsZoneJson.masters(Json.texts(body, "masters")));
      if (!wanted.equals(new HashSet<>(now))) {
        throw new ApiError(
            422,
            "masters",
            "Tandem cannot change the masters of zone '"
                + zone
                + "' yet (they are "
                + now
                + "): delete the zone and create it again");
      }
    }
    JsonNode dnssec = body.get("dnssec");
    refuseSigning(
        dnssec != null && dnssec.isBoolean() && dnssec.asBoolean() && st.signatures() == null);
    if (kind != null && !slave) {
      zones.setMetadata(
          zone,
          PowerDnsZoneJson.KIND_METADATA,
          kind.equals("Native") ? List.of("Native") : List.of());
    }
    // soa_edit_api, soa_edit, account, api_rectify, nsec3param: nothing in Tandem to change.
    ctx.status(204);
  }

  void delete(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    zones.delete(zone);
    ctx.status(204);
  }

  void notifyNow(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    zones.notifyNow(zone);
    Json.ok(ctx, new Result("Notification queued"));
  }

  void axfrRetrieve(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    if (!PowerDnsZoneJson.isSlave(st) || st.primaries().isEmpty()) {
      throw new ApiError(
          422, "Domain '" + zone + "' is not a secondary domain (or has no primary defined)");
    }
    zones.retransfer(zone);
    Json.ok(
        ctx,
        new Result(
            "Added retrieval request for '"
                + zone
                + "' from primary "
                + PowerDnsZoneJson.masters(st.primaries()).get(0)));
  }

  /** What an action did, as PowerDNS answers it. */
  record Result(String result) {}

  void export(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    ctx.contentType("text/plain; charset=utf-8").result(zones.export(zone));
  }
}
