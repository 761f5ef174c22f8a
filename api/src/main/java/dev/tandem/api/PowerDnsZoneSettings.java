package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.service.Actor;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import dev.tandem.control.zone.ZoneStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * A PowerDNS zone's fields as Tandem's zone settings: {@code kind} (Native or Master for a
 * primary), {@code masters} and {@code slave_tsig_key_ids} (a Slave's primaries and their key),
 * {@code master_tsig_key_ids} (the keys that may transfer the zone), {@code soa_edit_api} (the
 * serial policy), {@code soa_edit} and {@code account} (kept and shown), read at creation and
 * changed by {@code PUT}. Every field given is honoured or the request refused with 422 naming it;
 * a PUT is checked whole, then made: RRsets, settings, then the fields kept as metadata.
 */
final class PowerDnsZoneSettings {
  /**
   * What a PUT may carry: the fields it changes, and those a client sends back unchanged ({@link
   * PowerDnsBodies.ZoneChange}, which the OpenAPI document shows).
   */
  private static final Set<String> PUT_FIELDS = Json.fieldsOf(PowerDnsBodies.ZoneChange.class);

  private final ZoneService zones;

  PowerDnsZoneSettings(ZoneService zones) {
    this.zones = zones;
  }

  /** "Native", "Master" or "Slave" from a kind as clients send it (any case; new names too). */
  static String kind(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "native" -> "Native";
      case "master", "primary" -> "Master";
      case "slave", "secondary" -> "Slave";
      case "producer", "consumer" ->
          throw new ApiError(422, "kind", "Tandem has no catalog zones (kind '" + text + "')");
      default -> throw new ApiError(422, "kind", "Invalid zone kind '" + text + "'");
    };
  }

  /**
   * Refuses to turn signing on: Tandem serves zones signed elsewhere, and signs none itself ({@code
   * signed}: the zone is served signed already, so {@code dnssec: true} changes nothing).
   */
  static void refuseSigning(ObjectNode body, boolean signed) {
    if ((Json.bool(body, "dnssec", false) || Json.bool(body, "dnsssec", false)) && !signed) {
      throw new ApiError(
          422, "dnssec", "Tandem does not sign zones itself: serve a zone signed elsewhere");
    }
    String nsec3 = Json.optionalText(body, "nsec3param");
    if (nsec3 != null && !nsec3.isBlank()) {
      throw new ApiError(
          422,
          "nsec3param",
          "nsec3param is for zones Tandem signs, and it signs none: the NSEC3 parameters of a zone"
              + " signed elsewhere are its signer's");
    }
    if (Json.bool(body, "nsec3narrow", false)) {
      throw new ApiError(
          422, "nsec3narrow", "nsec3narrow is for zones Tandem signs: it signs none");
    }
    if (Json.bool(body, "presigned", signed) != signed) {
      throw new ApiError(
          422, "presigned", "presigned is what the zone is: " + (signed ? "signed" : "unsigned"));
    }
  }

  /** Refuses a catalog: Tandem has no catalog zones (RFC 9432). */
  static void refuseCatalog(ObjectNode body) {
    String catalog = Json.optionalText(body, "catalog");
    if (catalog != null && !catalog.isBlank()) {
      throw new ApiError(
          422, "catalog", "Tandem has no catalog zones (RFC 9432): 'catalog' must be empty");
    }
  }

  /**
   * Names of TSIG keys from their PowerDNS ids, each of which must exist.
   *
   * @throws ApiError naming the first that does not
   */
  static List<Name> keys(List<String> ids, ZoneService zones) {
    List<Name> out = new ArrayList<>();
    for (String id : ids) {
      String text = PowerDnsText.keyName(id);
      Name key;
      try {
        key = Name.fromString(text, Name.root);
      } catch (TextParseException e) {
        throw new ApiError(422, "A TSIG key with the name '" + text + "' is not a valid name");
      }
      boolean known = zones.objects().keys(false).stream().anyMatch(k -> k.name().equals(key));
      if (!known) {
        throw new ApiError(
            422, "A TSIG key with the name '" + key.toString(true) + "' does not exist");
      }
      out.add(key);
    }
    return out;
  }

  /** A Slave's primaries: {@code masters}, each with the one key of {@code keyIds} if any. */
  static List<String> primaries(List<String> masters, List<String> keyIds, ZoneService zones) {
    List<Name> keys = keys(keyIds, zones);
    if (keys.size() > 1) {
      throw new ApiError(422, "slave_tsig_key_ids", "Tandem uses one TSIG key for the masters");
    }
    List<String> out = new ArrayList<>();
    for (String m : masters) {
      out.add(keys.isEmpty() ? m.trim() : m.trim() + "@" + keys.get(0));
    }
    return out;
  }

  /** PowerDNS's SOA-EDIT-API as Tandem's serial policy. */
  static String serialPolicy(String soaEditApi) {
    return switch (soaEditApi.trim().toUpperCase(Locale.ROOT)) {
      case "DEFAULT" -> "dateserial";
      case "EPOCH" -> "unixtime";
      // Tandem's serial always moves on a change (secondaries and IXFR need it): without
      // SOA-EDIT-API, or with one that would keep it, it moves by one.
      case "INCREASE", "SOA-EDIT", "SOA-EDIT-INCREASE", "NONE", "" -> "increment";
      default ->
          throw new ApiError(
              422,
              "soa_edit_api",
              "SOA-EDIT-API '"
                  + soaEditApi
                  + "' is not DEFAULT, INCREASE, EPOCH, SOA-EDIT, SOA-EDIT-INCREASE or NONE");
    };
  }

  /** Keeps what a new primary's request says beside its settings: kind, SOA-EDIT(-API), account. */
  void createdPrimary(Name zone, String kind, ObjectNode body, Actor actor) {
    if (kind.equals("Native")) {
      zones.setMetadata(zone, PowerDnsZoneJson.KIND_METADATA, List.of("Native"), actor);
    }
    String soaEditApi = Json.optionalText(body, "soa_edit_api");
    keep(zone, PowerDnsZoneJson.SOA_EDIT_API, soaEditApi == null ? "DEFAULT" : soaEditApi, actor);
    keep(zone, PowerDnsZoneJson.SOA_EDIT, Json.optionalText(body, "soa_edit"), actor);
    keep(zone, PowerDnsZoneJson.ACCOUNT_METADATA, Json.optionalText(body, "account"), actor);
  }

  /** Keeps a field as the zone's metadata of {@code kind} (empty: removed); null: unchanged. */
  private void keep(Name zone, String kind, @Nullable String value, Actor actor) {
    if (value != null) {
      String v = kind.startsWith("SOA-EDIT") ? value.trim().toUpperCase(Locale.ROOT) : value;
      zones.setMetadata(zone, kind, v.isBlank() ? List.of() : List.of(v), actor);
    }
  }

  /**
   * A zone's PUT: checked whole (kind, keys, masters, policy, RRsets), then made; nothing is made
   * if any part is refused.
   */
  void put(Name zone, ZoneStatus st, ObjectNode body, Actor actor) {
    Json.only(body, PUT_FIELDS);
    boolean slave = PowerDnsZoneJson.isSlave(st);
    String name = Json.optionalText(body, "name");
    // An empty name is Go's zero value, sent by Terraform's provider on every PUT: no name given.
    if (name != null && !name.isEmpty() && !PowerDnsText.canonicalName(name).equals(zone)) {
      throw new ApiError(422, "name", "a zone keeps its name: '" + name + "' is not " + zone);
    }
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
    refuseSigning(body, st.signatures() != null);
    refuseCatalog(body);
    ZoneSettings.View view = zones.settings().view(zone);
    ZoneSettings.Change change = ZoneSettings.Change.NONE;
    List<String> masterKeys =
        body.has("master_tsig_key_ids") ? Json.texts(body, "master_tsig_key_ids") : null;
    if (masterKeys != null) {
      change = change.withAllowTransfer(transferRules(view, keys(masterKeys, zones)));
    }
    List<String> masters = body.has("masters") ? Json.texts(body, "masters") : null;
    List<String> slaveKeys =
        body.has("slave_tsig_key_ids") ? Json.texts(body, "slave_tsig_key_ids") : null;
    if (slaveKeys != null) {
      keys(slaveKeys, zones);
    }
    if (slave) {
      if (masters != null || slaveKeys != null) {
        List<String> m = masters != null ? masters : PowerDnsZoneJson.masters(addresses(view));
        List<String> k = slaveKeys != null ? slaveKeys : slaveKeyIds(view);
        List<String> primaries = primaries(m, k, zones);
        if (primaries.isEmpty()) {
          throw new ApiError(422, "masters", "A Slave zone needs at least one master");
        }
        change = change.withPrimaries(primaries);
      }
    } else {
      if (masters != null && !masters.isEmpty()) {
        throw new ApiError(
            422,
            "masters",
            "masters are for Slave zones: zone '" + zone + "' is a primary here and has none");
      }
      if (slaveKeys != null && !slaveKeys.isEmpty()) {
        throw new ApiError(
            422,
            "slave_tsig_key_ids",
            "slave_tsig_key_ids are for Slave zones (their masters' key)");
      }
    }
    String soaEditApi = Json.optionalText(body, "soa_edit_api");
    if (soaEditApi != null && !slave) {
      change = change.withSerialPolicy(serialPolicy(soaEditApi));
    }
    List<RrSetChange> rrsets = rrsets(body, slave, zone);
    ZoneSettings.Prepared settings =
        change.equals(ZoneSettings.Change.NONE)
            ? null
            : zones.settings().prepare(zone, change, actor);
    // Checked; now made, what may still be refused first (the RRsets' rules need the zone).
    if (rrsets != null) {
      zones.replaceContents(zone, rrsets, actor);
    }
    if (settings != null) {
      settings.apply();
    }
    if (kind != null && !slave) {
      zones.setMetadata(
          zone,
          PowerDnsZoneJson.KIND_METADATA,
          kind.equals("Native") ? List.of("Native") : List.of(),
          actor);
    }
    if (soaEditApi != null && !slave) {
      keep(zone, PowerDnsZoneJson.SOA_EDIT_API, soaEditApi, actor);
    }
    keep(zone, PowerDnsZoneJson.SOA_EDIT, Json.optionalText(body, "soa_edit"), actor);
    keep(zone, PowerDnsZoneJson.ACCOUNT_METADATA, Json.optionalText(body, "account"), actor);
  }

  private static @Nullable List<RrSetChange> rrsets(ObjectNode body, boolean slave, Name zone) {
    JsonNode list = body.get("rrsets");
    if (list == null || list.isNull()) {
      return null;
    }
    if (!list.isArray()) {
      throw new ApiError(422, "rrsets", "Key 'rrsets' is not an array");
    }
    if (slave) {
      throw new ApiError(
          422,
          "rrsets",
          "Zone '" + zone + "' is a Slave here: its RRsets are its master's, not replaced by PUT");
    }
    List<RrSetChange> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(PowerDnsRrSets.read(n, false));
    }
    return out;
  }

  /** The zone's transfer rules with those of the form "any@KEY" replaced by {@code keys}'. */
  private static List<String> transferRules(ZoneSettings.View view, List<Name> keys) {
    List<String> out = new ArrayList<>();
    for (String spec : view.allowTransfer()) {
      AclRule r = AclRule.parse(spec);
      if (!(r.network() == null && r.key() != null)) {
        out.add(spec);
      }
    }
    keys.forEach(k -> out.add("any@" + k));
    return out;
  }

  private static List<String> addresses(ZoneSettings.View view) {
    List<String> out = new ArrayList<>();
    for (String p : view.primaries()) {
      out.add(Remote.format(Remote.parse(p).address()));
    }
    return out;
  }

  /** The ids of the keys that may transfer the zone (PowerDNS's TSIG-ALLOW-AXFR). */
  static List<String> masterKeyIds(ZoneSettings.View view) {
    Set<String> out = new LinkedHashSet<>();
    for (String spec : view.allowTransfer()) {
      Name key = AclRule.parse(spec).key();
      if (key != null) {
        out.add(PowerDnsText.id(key));
      }
    }
    return List.copyOf(out);
  }

  /** The ids of the keys a Slave asks its masters with (PowerDNS's AXFR-MASTER-TSIG). */
  static List<String> slaveKeyIds(ZoneSettings.View view) {
    Set<String> out = new LinkedHashSet<>();
    for (String spec : view.primaries()) {
      Name key = Remote.parse(spec).key();
      if (key != null) {
        out.add(PowerDnsText.id(key));
      }
    }
    return List.copyOf(out);
  }
}
