package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import dev.tandem.dns.zone.ZoneKind;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A zone's metadata as the PowerDNS API has it, honoured or refused, never stored to no effect.
 *
 * <ul>
 *   <li>Kinds that say who may do what are the zone's settings, read from and written to them:
 *       ALLOW-AXFR-FROM (the address rules of who may transfer), TSIG-ALLOW-AXFR (the keys that
 *       may), TSIG-ALLOW-DNSUPDATE (the keys that may UPDATE the whole zone), ALSO-NOTIFY (whom it
 *       NOTIFYs), AXFR-MASTER-TSIG (a Slave's key), SOA-EDIT-API (the serial policy).
 *   <li>Kinds kept and shown: X-... (the client's own), SOA-EDIT (PowerDNS applies it to the serial
 *       it signs; Tandem serves zones signed elsewhere as they are), RFC1123-CONFORMANCE 0 and
 *       API-RECTIFY (Tandem allows underscores in host names and needs no rectify, so these
 *       describe it as it is).
 *   <li>Every other kind is refused with 422 saying why: DNSSEC signing, Lua, GSS, UPDATE
 *       forwarding, and the rest Tandem does not have.
 * </ul>
 */
final class PowerDnsMetadata {
  private static final String ALLOW_AXFR_FROM = "ALLOW-AXFR-FROM";
  private static final String TSIG_ALLOW_AXFR = "TSIG-ALLOW-AXFR";
  private static final String TSIG_ALLOW_DNSUPDATE = "TSIG-ALLOW-DNSUPDATE";
  private static final String ALSO_NOTIFY = "ALSO-NOTIFY";
  private static final String AXFR_MASTER_TSIG = "AXFR-MASTER-TSIG";

  /** Kinds refused, with why. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("PRESIGNED", "whether a zone is signed is what its records say"),
          Map.entry("NSEC3PARAM", "Tandem signs no zone (serve one signed elsewhere)"),
          Map.entry("NSEC3NARROW", "Tandem signs no zone (serve one signed elsewhere)"),
          Map.entry("PUBLISH-CDS", "Tandem signs no zone: its signer publishes CDS"),
          Map.entry("PUBLISH-CDNSKEY", "Tandem signs no zone: its signer publishes CDNSKEY"),
          Map.entry("SIGNALING-ZONE", "Tandem signs no zone"),
          Map.entry("LUA-AXFR-SCRIPT", "Tandem runs no Lua"),
          Map.entry("ENABLE-LUA-RECORDS", "Tandem has no LUA records"),
          Map.entry("GSS-ACCEPTOR-PRINCIPAL", "Tandem has no GSS-TSIG: use a TSIG key"),
          Map.entry("GSS-ALLOW-AXFR-PRINCIPAL", "Tandem has no GSS-TSIG: use TSIG-ALLOW-AXFR"),
          Map.entry("AXFR-SOURCE", "Tandem transfers from the address the system picks"),
          Map.entry("IXFR", "Tandem answers IXFR from its journal whenever it can"),
          Map.entry("FORWARD-DNSUPDATE", "Tandem forwards no UPDATE: send it to the primary"),
          Map.entry("NOTIFY-DNSUPDATE", "Tandem NOTIFYs after every change"),
          Map.entry("SLAVE-RENOTIFY", "set the zone's notify targets (ALSO-NOTIFY)"),
          Map.entry(
              "ALLOW-DNSUPDATE-FROM",
              "Tandem allows UPDATE by TSIG key, not by address: use TSIG-ALLOW-DNSUPDATE"),
          Map.entry(
              "SOA-EDIT-DNSUPDATE",
              "one serial policy moves the serial for every change: set SOA-EDIT-API"),
          Map.entry("MASTER-TSIG", "use AXFR-MASTER-TSIG"),
          Map.entry("TSIG-ALLOW-DNSUPDATE-FROM", "use TSIG-ALLOW-DNSUPDATE"));

  private final ZoneService zones;

  PowerDnsMetadata(ZoneService zones) {
    this.zones = zones;
  }

  /** One kind of metadata and its values. */
  record MetadataJson(String type, String kind, List<String> metadata) {
    static MetadataJson of(String kind, List<String> values) {
      return new MetadataJson("Metadata", kind, values);
    }
  }

  void list(Context ctx) {
    Name zone = zone(ctx);
    List<MetadataJson> out = new ArrayList<>();
    all(zone).forEach((kind, values) -> out.add(MetadataJson.of(kind, values)));
    Json.ok(ctx, out);
  }

  void get(Context ctx) {
    Name zone = zone(ctx);
    String kind = readable(ctx.pathParam("kind"));
    Json.ok(ctx, MetadataJson.of(kind, all(zone).getOrDefault(kind, List.of())));
  }

  void add(Context ctx) {
    Name zone = zone(ctx);
    ObjectNode body = Json.object(ctx);
    String kind = kind(PowerDnsText.requiredText(body, "kind"));
    List<String> values = new ArrayList<>(all(zone).getOrDefault(kind, List.of()));
    for (String v : values(body)) {
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    Json.send(ctx, 201, MetadataJson.of(kind, set(zone, kind, values, Routes.actor(ctx))));
  }

  void put(Context ctx) {
    Name zone = zone(ctx);
    String kind = kind(ctx.pathParam("kind"));
    ObjectNode body = Json.object(ctx);
    String bodyKind = Json.optionalText(body, "kind");
    if (bodyKind != null && !bodyKind.equalsIgnoreCase(kind)) {
      throw new ApiError(
          422, "kind", "the body's kind '" + bodyKind + "' is not the URL's '" + kind + "'");
    }
    Json.ok(ctx, MetadataJson.of(kind, set(zone, kind, values(body), Routes.actor(ctx))));
  }

  void delete(Context ctx) {
    Name zone = zone(ctx);
    String kind = readable(ctx.pathParam("kind"));
    if (!REFUSED.containsKey(kind)) { // a kind never set here is removed already
      set(zone, kind(kind), List.of(), Routes.actor(ctx));
    }
    ctx.status(204);
  }

  /** A kind to read or remove: any but Tandem's own (one Tandem refuses to set reads empty). */
  private static String readable(String text) {
    String kind = text.trim().toUpperCase(Locale.ROOT);
    return REFUSED.containsKey(kind) ? kind : kind(text);
  }

  /** Every kind of the zone's metadata: those kept, and those its settings make. */
  private Map<String, List<String>> all(Name zone) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    zones
        .metadata(zone)
        .forEach(
            (kind, values) -> {
              if (!PowerDnsZoneJson.isOwn(kind)) {
                out.put(kind, values);
              }
            });
    ZoneSettings.View v = zones.settings().view(zone);
    List<String> from = new ArrayList<>();
    List<String> tsigAxfr = new ArrayList<>();
    for (String spec : v.allowTransfer()) {
      AclRule r = AclRule.parse(spec);
      if (r.key() == null) {
        from.add(spec);
      } else if (r.network() == null) {
        tsigAxfr.add(r.key().toString(true));
      }
    }
    List<String> update = new ArrayList<>();
    for (String spec : v.allowUpdate()) {
      UpdateRule r = UpdateRule.parse(spec);
      if (r.names() == null && r.types().isEmpty()) {
        update.add(r.key().toString(true));
      }
    }
    List<String> masterKey = new ArrayList<>();
    for (String spec : v.primaries()) {
      Name key = Remote.parse(spec).key();
      if (key != null && !masterKey.contains(key.toString(true))) {
        masterKey.add(key.toString(true));
      }
    }
    putIfAny(out, ALLOW_AXFR_FROM, from);
    putIfAny(out, TSIG_ALLOW_AXFR, tsigAxfr);
    putIfAny(out, TSIG_ALLOW_DNSUPDATE, update);
    putIfAny(out, ALSO_NOTIFY, v.alsoNotify());
    putIfAny(out, AXFR_MASTER_TSIG, masterKey);
    return out;
  }

  private static void putIfAny(Map<String, List<String>> out, String kind, List<String> values) {
    if (!values.isEmpty()) {
      out.put(kind, List.copyOf(values));
    }
  }

  /** Sets one kind to {@code values} (none: removed): the zone's settings, or kept. */
  private List<String> set(Name zone, String kind, List<String> values, Actor actor) {
    ZoneSettings.View v = zones.settings().view(zone);
    ZoneSettings.Change c =
        switch (kind) {
          case ALLOW_AXFR_FROM -> ZoneSettings.Change.NONE.withAllowTransfer(axfrFrom(v, values));
          case TSIG_ALLOW_AXFR -> ZoneSettings.Change.NONE.withAllowTransfer(axfrKeys(v, values));
          case TSIG_ALLOW_DNSUPDATE -> ZoneSettings.Change.NONE.withAllowUpdate(update(v, values));
          case ALSO_NOTIFY -> ZoneSettings.Change.NONE.withAlsoNotify(values);
          case AXFR_MASTER_TSIG -> {
            if (v.kind() != ZoneKind.SECONDARY) {
              throw new ApiError(422, "kind", "AXFR-MASTER-TSIG is for Slave zones");
            }
            if (values.size() > 1) {
              throw new ApiError(422, "metadata", "Tandem uses one TSIG key for the masters");
            }
            List<String> masters = new ArrayList<>();
            for (String spec : v.primaries()) {
              masters.add(Remote.format(Remote.parse(spec).address()));
            }
            yield ZoneSettings.Change.NONE.withPrimaries(
                PowerDnsZoneSettings.primaries(masters, values, zones));
          }
          case PowerDnsZoneJson.SOA_EDIT_API -> {
            if (values.size() > 1) {
              throw new ApiError(422, "metadata", "SOA-EDIT-API takes one value");
            }
            yield ZoneSettings.Change.NONE.withSerialPolicy(
                PowerDnsZoneSettings.serialPolicy(values.isEmpty() ? "DEFAULT" : values.get(0)));
          }
          default -> null;
        };
    if (kind.equals(TSIG_ALLOW_AXFR) || kind.equals(TSIG_ALLOW_DNSUPDATE)) {
      PowerDnsZoneSettings.keys(values, zones);
    }
    if (c != null) {
      zones.settings().change(zone, c, actor);
      if (!kind.equals(PowerDnsZoneJson.SOA_EDIT_API)) {
        return all(zone).getOrDefault(kind, List.of());
      }
    }
    if (kind.equals("RFC1123-CONFORMANCE") && !values.isEmpty() && !values.equals(List.of("0"))) {
      throw new ApiError(
          422,
          "metadata",
          "RFC1123-CONFORMANCE: Tandem always allows underscores in host names (only 0 is true)");
    }
    zones.setMetadata(zone, kind, values, actor);
    return values;
  }

  private static List<String> axfrFrom(ZoneSettings.View v, List<String> prefixes) {
    List<String> out = new ArrayList<>();
    for (String spec : v.allowTransfer()) {
      if (AclRule.parse(spec).key() != null) {
        out.add(spec);
      }
    }
    for (String p : prefixes) {
      if (p.equalsIgnoreCase("AUTO-NS")) {
        throw new ApiError(
            422, "metadata", "ALLOW-AXFR-FROM AUTO-NS: name the secondaries' addresses instead");
      }
      out.add(p.trim());
    }
    return out;
  }

  private static List<String> axfrKeys(ZoneSettings.View v, List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String spec : v.allowTransfer()) {
      AclRule r = AclRule.parse(spec);
      if (!(r.network() == null && r.key() != null)) {
        out.add(spec);
      }
    }
    keys.forEach(k -> out.add("any@" + PowerDnsText.keyName(k)));
    return out;
  }

  private static List<String> update(ZoneSettings.View v, List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String spec : v.allowUpdate()) {
      UpdateRule r = UpdateRule.parse(spec);
      if (r.names() != null || !r.types().isEmpty()) {
        out.add(spec);
      }
    }
    keys.forEach(k -> out.add(PowerDnsText.keyName(k)));
    return out;
  }

  /** The zone of the URL, which must exist. */
  private Name zone(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    PowerDnsZoneJson.find(zones, zone);
    return zone;
  }

  private static List<String> values(ObjectNode body) {
    JsonNode v = body.get("metadata");
    if (v == null || !v.isArray()) {
      throw new ApiError(422, "metadata", "Key 'metadata' is not present or not an array");
    }
    return Json.texts(body, "metadata");
  }

  /** A metadata kind as given, upper case; refused if Tandem does not have what it is for. */
  private static String kind(String text) {
    String kind = text.trim().toUpperCase(Locale.ROOT);
    if (PowerDnsZoneJson.isOwn(kind)) {
      throw new ApiError(
          422, "kind", "metadata kind '" + text + "' is Tandem's own: change the zone by PUT");
    }
    String why = REFUSED.get(kind);
    if (why != null) {
      throw new ApiError(422, "kind", "metadata kind " + kind + " is not supported: " + why);
    }
    boolean known =
        kind.startsWith("X-")
            || List.of(
                    ALLOW_AXFR_FROM,
                    TSIG_ALLOW_AXFR,
                    TSIG_ALLOW_DNSUPDATE,
                    ALSO_NOTIFY,
                    AXFR_MASTER_TSIG,
                    PowerDnsZoneJson.SOA_EDIT_API,
                    PowerDnsZoneJson.SOA_EDIT,
                    "RFC1123-CONFORMANCE",
                    "API-RECTIFY")
                .contains(kind);
    if (!known) {
      throw new ApiError(
          422,
          "kind",
          "Unsupported metadata kind '" + text + "' (a kind of your own starts with X-)");
    }
    return kind;
  }
}
