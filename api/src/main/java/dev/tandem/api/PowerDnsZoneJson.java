package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.transfer.NotifyOutcome;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A zone as the PowerDNS API shows it: the one place a {@link ZoneStatus} becomes PowerDNS JSON,
 * and where its kind and masters are read. A secondary is a Slave; a primary is Master, or Native
 * if it was created so (kept in the hidden metadata kind {@link #KIND_METADATA}).
 *
 * @param rrsets present only when asked for
 * @param recordCount the records the answer counts (those of {@code rrsets}, or all), if asked
 * @param dnssec absent when the list was asked for without it ({@code ?dnssec=false})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PowerDnsZoneJson(
    String id,
    String name,
    String type,
    String url,
    String kind,
    long serial,
    @JsonProperty("edited_serial") @Nullable Long editedSerial,
    @JsonProperty("notified_serial") long notifiedSerial,
    @JsonProperty("last_check") long lastCheck,
    List<String> masters,
    @Nullable Boolean dnssec,
    boolean presigned,
    String account,
    String catalog,
    @JsonProperty("soa_edit_api") String soaEditApi,
    @JsonProperty("soa_edit") String soaEdit,
    @JsonProperty("api_rectify") boolean apiRectify,
    String nsec3param,
    boolean nsec3narrow,
    @JsonProperty("master_tsig_key_ids") List<String> masterTsigKeyIds,
    @JsonProperty("slave_tsig_key_ids") List<String> slaveTsigKeyIds,
    @JsonProperty("record_count") @Nullable Long recordCount,
    @Nullable List<PowerDnsRrSets.RrSetJson> rrsets) {

  /** Where the PowerDNS kind of a primary created as Native is kept (never listed). */
  static final String KIND_METADATA = "X-TANDEM-PDNS-KIND";

  /** Where a zone's PowerDNS account (a free-form owner label) is kept (never listed). */
  static final String ACCOUNT_METADATA = "X-TANDEM-PDNS-ACCOUNT";

  /** PowerDNS's SOA-EDIT-API, kept as the zone's metadata of that kind. */
  static final String SOA_EDIT_API = "SOA-EDIT-API";

  /** PowerDNS's SOA-EDIT, kept as the zone's metadata of that kind (it moves nothing here). */
  static final String SOA_EDIT = "SOA-EDIT";

  /** Whether a metadata kind is Tandem's own, hidden from the metadata API. */
  static boolean isOwn(String kind) {
    return kind.toUpperCase(java.util.Locale.ROOT).startsWith("X-TANDEM-");
  }

  /** What the caller asked to see beside the zone's fields. */
  record Shown(boolean dnssec, @Nullable Long recordCount) {
    static final Shown PLAIN = new Shown(true, null);
  }

  static PowerDnsZoneJson of(
      ZoneStatus st,
      Map<String, List<String>> meta,
      @Nullable List<PowerDnsRrSets.RrSetJson> rrsets,
      Shown shown,
      List<String> masterKeys,
      List<String> slaveKeys) {
    Name zone = st.zone();
    boolean slave = isSlave(st);
    String id = PowerDnsText.id(zone);
    long serial = Math.max(0, st.serial());
    boolean signed = st.signatures() != null;
    Instant checked = st.lastSuccess();
    return new PowerDnsZoneJson(
        id,
        zone.toString(),
        "Zone",
        PowerDnsApi.ZONES_URL + id,
        slave ? "Slave" : PowerDnsText.first(meta.getOrDefault(KIND_METADATA, List.of()), "Master"),
        serial,
        shown.dnssec() ? serial : null,
        notifiedSerial(st),
        checked == null ? 0 : checked.getEpochSecond(),
        slave ? masters(st.primaries()) : List.of(),
        shown.dnssec() ? signed : null,
        signed,
        PowerDnsText.first(meta.getOrDefault(ACCOUNT_METADATA, List.of()), ""),
        "",
        PowerDnsText.first(meta.getOrDefault(SOA_EDIT_API, List.of()), ""),
        PowerDnsText.first(meta.getOrDefault(SOA_EDIT, List.of()), ""),
        false,
        "",
        false,
        masterKeys,
        slaveKeys,
        shown.recordCount(),
        rrsets);
  }

  /** Whether the zone is a Slave (a Tandem secondary) rather than Native or Master. */
  static boolean isSlave(ZoneStatus st) {
    return st.kind() == ZoneKind.SECONDARY;
  }

  /** The zone's status; unknown as PowerDNS words it. */
  static ZoneStatus find(ZoneService zones, Name zone) {
    try {
      return zones.zone(zone);
    } catch (ServiceException e) {
      throw PowerDnsText.rename(e, "Could not find domain '" + zone + "'");
    }
  }

  /** Masters as PowerDNS writes them: the port only when it is not 53. */
  static List<String> masters(List<String> primaries) {
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

  private static long notifiedSerial(ZoneStatus st) {
    long n = 0;
    for (NotifyOutcome o : st.notified()) {
      n = Math.max(n, o.serial());
    }
    return n;
  }
}
