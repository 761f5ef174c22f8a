package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ServiceException.Problem;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import dev.tandem.control.zone.ZoneStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zones of the PowerDNS API: listed, read (with their RRsets), created, changed (PUT), deleted,
 * NOTIFYed, retrieved (AXFR) and exported. Kinds Native and Master (also Primary) are Tandem
 * primary zones, Slave (also Secondary) secondary zones. A new primary is made of its RRsets and
 * name servers by {@link ZoneService} (the default SOA there when none is given), or of a zone
 * file's text when the client sends one. A PUT changes the zone's settings at run time (masters and
 * their key, who may transfer, the serial policy; {@link PowerDnsZoneSettings}) or replaces its
 * RRsets whole, and is checked whole before any of it is made.
 *
 * <p>Where PowerDNS has a feature Tandem lacks, the request is refused with 422 rather than half
 * done: turning on DNSSEC signing, catalog zones, changing a zone between primary and secondary.
 */
final class PowerDnsZones {
  private final ZoneService zones;
  private final PowerDnsRrSets rrsets;
  private final PowerDnsZoneSettings settings;

  PowerDnsZones(ZoneService zones, PowerDnsRrSets rrsets) {
    this.zones = zones;
    this.rrsets = rrsets;
    this.settings = new PowerDnsZoneSettings(zones);
  }

  void list(Context ctx) {
    String only = ctx.queryParam("zone");
    Name wanted = null;
    if (only != null && !only.isBlank()) {
      try {
        wanted = Name.fromString(PowerDnsText.unescape(only.trim()), Name.root);
      } catch (TextParseException e) {
        throw new ApiError(422, "zone", "'" + only + "' is not a domain name");
      }
    }
    boolean dnssec = !"false".equals(ctx.queryParam("dnssec"));
    var limits = Routes.key(ctx).limits();
    PowerDnsZoneJson.Shown shown = new PowerDnsZoneJson.Shown(dnssec, null);
    if (wanted != null) {
      List<PowerDnsZoneJson> one = new ArrayList<>();
      try {
        ZoneStatus z = zones.zone(wanted);
        if (limits.allowsZone(z.zone())) {
          one.add(json(z, null, shown));
        }
      } catch (ServiceException e) {
        // no such zone: an empty list, as PowerDNS answers
      }
      Json.ok(ctx, one);
      return;
    }
    // octoDNS and external-dns list every zone at each run: at 100,000 zones, 43 MB written as
    // it comes rather than held whole
    Json.okEach(
        ctx,
        zones
            .zonesFrom(null)
            .filter(z -> limits.allowsZone(z.zone()))
            .map(z -> json(z, null, shown)));
  }

  void get(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    boolean withRrsets = flag(ctx, "rrsets", true);
    boolean withDisabled = flag(ctx, "include_disabled", true);
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
    List<PowerDnsRrSets.RrSetJson> sets =
        st.serial() < 0 ? List.of() : rrsets.rrsets(zone, owner, type, withDisabled);
    long count = 0;
    for (PowerDnsRrSets.RrSetJson r : sets) {
      count += r.records().size();
    }
    Json.ok(ctx, json(st, withRrsets ? sets : null, new PowerDnsZoneJson.Shown(true, count)));
  }

  /** A true/false query parameter ({@code absent} when not given). */
  private static boolean flag(Context ctx, String name, boolean absent) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return absent;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new ApiError(
          422, "'" + name + "' request parameter value '" + v + "' is not supported");
    }
    return v.equals("true");
  }

  /** The zone as PowerDNS shows it, with the RRsets given (none: not shown). */
  private PowerDnsZoneJson json(
      ZoneStatus st, @Nullable List<PowerDnsRrSets.RrSetJson> sets, PowerDnsZoneJson.Shown shown) {
    Map<String, List<String>> meta = zones.metadata(st.zone());
    ZoneSettings.View view = zones.settings().view(st.zone());
    return PowerDnsZoneJson.of(
        st,
        meta,
        sets,
        shown,
        PowerDnsZoneSettings.masterKeyIds(view),
        PowerDnsZoneSettings.slaveKeyIds(view));
  }

  void create(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Name zone = PowerDnsText.zoneName(PowerDnsText.requiredText(body, "name"));
    String kind = PowerDnsZoneSettings.kind(PowerDnsText.requiredText(body, "kind"));
    PowerDnsZoneSettings.refuseSigning(body, false);
    PowerDnsZoneSettings.refuseCatalog(body);
    if (zones.exists(zone)) {
      throw new ServiceException(
          Problem.CONFLICT, "Conflict: Domain '" + zone + "' already exists");
    }
    List<RrSetChange> given = new ArrayList<>();
    ZoneStatus made;
    Actor actor = Routes.actor(ctx);
    if (kind.equals("Slave")) {
      made = createSlave(zone, body, actor);
    } else {
      made = createPrimary(zone, body, given, actor);
      settings.createdPrimary(zone, kind, body, actor);
    }
    // What a zone's records cannot hold: the RRsets' comments and disabled records.
    List<RrSetChange> notes =
        given.stream().filter(c -> c.comments() != null || !c.disabled().isEmpty()).toList();
    if (!notes.isEmpty()) {
      zones.change(zone, notes, Routes.actor(ctx));
    }
    boolean withRrsets = flag(ctx, "rrsets", true);
    List<PowerDnsRrSets.RrSetJson> sets =
        withRrsets && made.serial() >= 0 ? rrsets.rrsets(zone, null, 0, true) : null;
    Json.send(ctx, 201, json(zones.zone(zone), sets, PowerDnsZoneJson.Shown.PLAIN));
  }

  private ZoneStatus createSlave(Name zone, ObjectNode body, Actor actor) {
    JsonNode nameservers = body.get("nameservers");
    if (nameservers != null && nameservers.isArray() && !nameservers.isEmpty()) {
      throw new ApiError(422, "nameservers", "Nameservers MUST NOT be given for Slave zones");
    }
    List<String> primaries =
        PowerDnsZoneSettings.primaries(
            Json.texts(body, "masters"), Json.texts(body, "slave_tsig_key_ids"), zones);
    if (primaries.isEmpty()) {
      throw new ApiError(422, "masters", "A Slave zone needs at least one master");
    }
    return zones.createSecondary(
        new ZoneService.NewSecondary(zone, primaries, List.of(), List.of(), List.of()), actor);
  }

  /**
   * A Native or Master zone: of the {@code zone} text as given, or of the RRsets and name servers
   * ({@code given} receives the RRsets, whose comments and disabled records are kept next).
   */
  private ZoneStatus createPrimary(
      Name zone, ObjectNode body, List<RrSetChange> given, Actor actor) {
    List<String> allowTransfer = new ArrayList<>();
    for (Name k : PowerDnsZoneSettings.keys(Json.texts(body, "master_tsig_key_ids"), zones)) {
      allowTransfer.add("any@" + k);
    }
    if (!Json.texts(body, "slave_tsig_key_ids").isEmpty()) {
      throw new ApiError(
          422, "slave_tsig_key_ids", "slave_tsig_key_ids are for Slave zones (their masters' key)");
    }
    if (!Json.texts(body, "masters").isEmpty()) {
      throw new ApiError(
          422, "masters", "masters are for Slave zones: a " + "Native or Master zone has none");
    }
    String soaEditApi = Json.optionalText(body, "soa_edit_api");
    String policy = PowerDnsZoneSettings.serialPolicy(soaEditApi == null ? "DEFAULT" : soaEditApi);
    // Without SOA-EDIT-API a PowerDNS zone starts at the serial given (0 by default).
    Long serial =
        soaEditApi != null && soaEditApi.isBlank() ? Json.number(body, "serial", 0) : null;
    String text = Json.optionalText(body, "zone");
    List<String> nameservers = new ArrayList<>();
    for (String n : Json.texts(body, "nameservers")) {
      if (!n.trim().endsWith(".")) {
        throw new ApiError(422, "nameservers", "Nameserver is not canonical: '" + n + "'");
      }
      nameservers.add(PowerDnsText.canonicalName(n).toString());
    }
    JsonNode rrsetsNode = body.get("rrsets");
    boolean hasRrsets = rrsetsNode != null && rrsetsNode.isArray() && !rrsetsNode.isEmpty();
    if (text != null && !text.isBlank()) {
      if (hasRrsets) {
        throw new ApiError(422, "You cannot give rrsets AND zone data as text");
      }
      if (!nameservers.isEmpty()) {
        throw new ApiError(422, "You cannot give nameservers AND zone data as text");
      }
      return zones.createPrimary(
          new ZoneService.NewPrimary(
              zone, List.of(), text, List.of(), allowTransfer, List.of(), List.of(), policy),
          actor);
    }
    List<Record> records = records(zone, rrsetsNode, given);
    boolean apexNs =
        records.stream().anyMatch(r -> r.getType() == Type.NS && r.getName().equals(zone));
    if (apexNs && !nameservers.isEmpty()) {
      throw new ApiError(422, "Nameservers list MUST NOT be mixed with zone-level NS in rrsets");
    }
    try {
      return zones.createPrimary(
          new ZoneService.NewPrimary(
              zone,
              nameservers,
              null,
              records,
              allowTransfer,
              List.of(),
              List.of(),
              policy,
              serial),
          actor);
    } catch (ServiceException e) {
      if (e.problems().isEmpty()) {
        throw e;
      }
      throw new ApiError(
          422, "Zone '" + zone + "' is not valid: " + String.join("; ", e.problems()));
    }
  }

  /** The served records of a new zone's RRsets, each RRset read into {@code given}. */
  private static List<Record> records(
      Name zone, @Nullable JsonNode rrsets, List<RrSetChange> given) {
    List<Record> records = new ArrayList<>();
    if (rrsets == null || rrsets.isNull()) {
      return records;
    }
    if (!rrsets.isArray()) {
      throw new ApiError(422, "rrsets", "Key 'rrsets' is not an array");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode node : rrsets) {
      RrSetChange c = PowerDnsRrSets.read(node, false);
      if (!seen.add(c.name().toLowerCase(Locale.ROOT) + " " + c.type())) {
        throw new ApiError(422, "Duplicate RRset " + c.name() + " IN " + c.type());
      }
      Name owner = PowerDnsText.canonicalName(c.name());
      if (!owner.subdomain(zone)) {
        throw new ApiError(422, "RRset " + owner + " IN " + c.type() + ": Name is out of zone");
      }
      given.add(c);
      for (String data : c.records() == null ? List.<String>of() : c.records()) {
        records.add(record(owner, c.type(), c.ttl(), data));
      }
    }
    return records;
  }

  private static Record record(Name owner, String type, long ttl, String data) {
    try {
      return Record.fromString(owner, Type.value(type), DClass.IN, ttl, data, Name.root);
    } catch (IOException e) {
      throw new ApiError(422, "RRset " + owner + " IN " + type + ": " + e.getMessage());
    }
  }

  void put(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    settings.put(zone, st, Json.object(ctx), Routes.actor(ctx));
    ctx.status(204);
  }

  void delete(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    zones.delete(zone, Routes.actor(ctx));
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

  /**
   * The zone as text ({@code {"zone": text}} when the client asks for JSON), as PowerDNS has it.
   */
  record ExportJson(String zone) {}

  void export(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    StringBuilder text = new StringBuilder();
    for (ZoneService.RrSet r : zones.rrsets(zone, null, 0, PowerDnsText::content)) {
      for (String content : r.records()) {
        text.append(r.name())
            .append('\t')
            .append(r.ttl())
            .append("\tIN\t")
            .append(r.type())
            .append('\t')
            .append(content)
            .append('\n');
      }
    }
    String accept = ctx.header("Accept");
    if (accept != null && accept.startsWith("application/json")) {
      Json.ok(ctx, new ExportJson(text.toString()));
    } else {
      ctx.contentType("text/plain; charset=utf-8").result(text.toString());
    }
  }
}
