package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneSearch;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.ZoneSnapshot;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The server-wide parts of the PowerDNS API, and a zone's DNSSEC views, answered from what Tandem
 * has: {@code statistics} from the counters {@code /metrics} serves (PowerDNS's names where there
 * is one), {@code search-data} over zones, records and comments, {@code config} (the settings a
 * client can use), {@code cache/flush} (Tandem keeps no cache: nothing to flush, and says so),
 * {@code autoprimaries} (none: Tandem creates no zone on its own), a zone's {@code cryptokeys} (the
 * DNSKEYs it serves, public parts only: Tandem signs nothing itself) and {@code rectify} (nothing
 * to do: Tandem works out what PowerDNS's rectify stores).
 */
final class PowerDnsServer {
  private final ZoneService zones;
  private final MeterRegistry registry;
  private final String version;

  PowerDnsServer(ZoneService zones, MeterRegistry registry, String version) {
    this.zones = zones;
    this.registry = registry;
    this.version = version;
  }

  /** One statistic as PowerDNS shows it: a number, or a map of named numbers. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StatisticJson(String name, String type, @Nullable Object value) {}

  /** One entry of a map statistic. */
  record ValueJson(String name, String value) {}

  void statistics(Context ctx) {
    List<StatisticJson> all = statistics();
    String wanted = ctx.queryParam("statistic");
    if (wanted != null) {
      List<StatisticJson> one = all.stream().filter(s -> s.name().equals(wanted)).toList();
      if (one.isEmpty()) {
        throw new ApiError(422, "statistic", "Unknown statistic name: '" + wanted + "'");
      }
      Json.ok(ctx, one);
      return;
    }
    boolean rings = !"false".equals(ctx.queryParam("includerings"));
    Json.ok(
        ctx, rings ? all : all.stream().filter(s -> !s.type().equals("MapStatisticItem")).toList());
  }

  private List<StatisticJson> statistics() {
    List<StatisticJson> out = new ArrayList<>();
    out.add(item("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000));
    Map<String, Long> byTransport = new LinkedHashMap<>();
    Map<String, Long> byRcode = new LinkedHashMap<>();
    Map<String, Long> byType = new LinkedHashMap<>();
    Map<String, Long> others = new LinkedHashMap<>();
    for (FunctionCounter c : registry.find("tandem.queries").functionCounters()) {
      long n = (long) c.count();
      byTransport.merge(String.valueOf(c.getId().getTag("transport")), n, Long::sum);
      byRcode.merge(rcode(String.valueOf(c.getId().getTag("rcode"))), n, Long::sum);
    }
    for (FunctionCounter c : registry.find("tandem.queries.by.type").functionCounters()) {
      long n = (long) c.count();
      if (n > 0) {
        byType.merge(String.valueOf(c.getId().getTag("type")), n, Long::sum);
      }
    }
    registry.getMeters().stream()
        .filter(m -> m instanceof FunctionCounter)
        .map(FunctionCounter.class::cast)
        .filter(c -> !c.getId().getName().startsWith("tandem.queries"))
        .forEach(c -> others.merge(tandemName(c), (long) c.count(), Long::sum));
    out.add(item("udp-queries", byTransport.getOrDefault("udp", 0L)));
    out.add(item("tcp-queries", byTransport.getOrDefault("tcp", 0L)));
    out.add(item("udp-answers", byTransport.getOrDefault("udp", 0L)));
    out.add(item("tcp-answers", byTransport.getOrDefault("tcp", 0L)));
    out.add(item("servfail-packets", byRcode.getOrDefault("Server Failure", 0L)));
    out.add(item("zones", zones.zoneCount()));
    others.forEach((name, n) -> out.add(item(name, n)));
    out.add(map("response-by-qtype", byType));
    out.add(map("response-by-rcode", byRcode));
    return out;
  }

  private static StatisticJson item(String name, long value) {
    return new StatisticJson(name, "StatisticItem", Long.toString(value));
  }

  private static StatisticJson map(String name, Map<String, Long> values) {
    List<ValueJson> v = new ArrayList<>();
    values.forEach((k, n) -> v.add(new ValueJson(k, Long.toString(n))));
    return new StatisticJson(name, "MapStatisticItem", v);
  }

  /** A Tandem counter's name as a statistic: tandem-transfers:in:AXFR:ok, say. */
  private static String tandemName(FunctionCounter c) {
    StringBuilder b = new StringBuilder(c.getId().getName().replace('.', '-'));
    c.getId().getTags().forEach(t -> b.append(':').append(t.getValue()));
    return b.toString();
  }

  /** An RCODE's name as PowerDNS's statistics write it. */
  private static String rcode(String name) {
    return switch (name) {
      case "NOERROR" -> "No Error";
      case "FORMERR" -> "Form Error";
      case "SERVFAIL" -> "Server Failure";
      case "NXDOMAIN" -> "Non-Existent domain";
      case "NOTIMP" -> "Not Implemented";
      case "REFUSED" -> "Query Refused";
      case "NOTAUTH" -> "Not Authorized";
      default -> name;
    };
  }

  /** A setting as PowerDNS lists its configuration. */
  record SettingJson(String type, String name, String value) {
    static SettingJson of(String name, String value) {
      return new SettingJson("ConfigSetting", name, value);
    }
  }

  void config(Context ctx) {
    Json.ok(
        ctx,
        List.of(
            SettingJson.of("daemon", "no"),
            SettingJson.of("api", "yes"),
            SettingJson.of("version-string", "tandem " + version),
            SettingJson.of("dnssec", "serves zones signed elsewhere; signs none"),
            SettingJson.of("default-soa-edit-api", "DEFAULT")));
  }

  /** What a flush did. */
  record FlushJson(long count, String result) {}

  void flush(Context ctx) {
    String domain = ctx.queryParam("domain");
    if (domain == null || domain.isBlank()) {
      throw new ApiError(422, "domain", "No domain given to flush: ?domain=NAME.");
    }
    PowerDnsText.canonicalName(domain);
    // Tandem answers from the zones as published, with no cache in between: nothing to flush.
    Json.ok(ctx, new FlushJson(0, "Flushed cache."));
  }

  void autoprimaries(Context ctx) {
    Json.ok(ctx, List.of());
  }

  void addAutoprimary(Context ctx) {
    throw new ApiError(
        422,
        "Tandem creates no zone on a NOTIFY (no autoprimaries): create each secondary zone"
            + " (kind Slave) with its masters");
  }

  /** One thing found, as PowerDNS's search-data shows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FoundJson(
      @JsonProperty("object_type") String objectType,
      String name,
      @JsonProperty("zone_id") String zoneId,
      @Nullable String zone,
      @Nullable String type,
      @Nullable Long ttl,
      @Nullable String content,
      @Nullable Boolean disabled) {}

  void search(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null) {
      throw new ApiError(422, "q", "Query parameter 'q' is missing");
    }
    int max = 100;
    String maxText = ctx.queryParam("max");
    if (maxText != null) {
      try {
        max = Integer.parseInt(maxText.trim());
      } catch (NumberFormatException e) {
        throw new ApiError(422, "max", "'max' must be a number");
      }
    }
    String objectType = ctx.queryParam("object_type");
    ZoneSearch.Kind kind;
    try {
      kind =
          ZoneSearch.Kind.valueOf(
              (objectType == null ? "ALL" : objectType.trim()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiError(422, "object_type", "'object_type' must be all, zone, record or comment");
    }
    List<FoundJson> out = new ArrayList<>();
    var limits = Routes.key(ctx).limits();
    for (ZoneSearch.Hit h : zones.search().search(q, max, kind, PowerDnsText::content)) {
      if (!limits.allowsZone(h.zone())) {
        continue;
      }
      String id = PowerDnsText.id(h.zone());
      out.add(
          switch (h.kind()) {
            case ZONE ->
                new FoundJson("zone", h.name().toString(), id, null, null, null, null, null);
            case COMMENT ->
                new FoundJson(
                    "comment",
                    h.name().toString(),
                    id,
                    h.zone().toString(),
                    h.type(),
                    null,
                    h.content(),
                    null);
            default ->
                new FoundJson(
                    "record",
                    h.name().toString(),
                    id,
                    h.zone().toString(),
                    h.type(),
                    h.ttl(),
                    h.content(),
                    h.disabled());
          });
    }
    Json.ok(ctx, out);
  }

  /** A DNSKEY the zone serves, as PowerDNS shows a cryptokey (public parts only). */
  record CryptokeyJson(
      String type,
      long id,
      String keytype,
      boolean active,
      boolean published,
      String dnskey,
      List<String> ds,
      int flags,
      String algorithm,
      int bits) {}

  void cryptokeys(Context ctx) {
    Json.ok(ctx, cryptokeys(zoneOf(ctx)));
  }

  void cryptokey(Context ctx) {
    Name zone = zoneOf(ctx);
    String id = ctx.pathParam("id");
    for (CryptokeyJson k : cryptokeys(zone)) {
      if (Long.toString(k.id()).equals(id)) {
        Json.ok(ctx, k);
        return;
      }
    }
    throw new ServiceException(
        ServiceException.Problem.NOT_FOUND,
        "Could not find key with id '" + id + "' in zone '" + zone + "'");
  }

  void changeCryptokeys(Context ctx) {
    zoneOf(ctx);
    throw new ApiError(
        422,
        "Tandem does not sign zones itself: its keys are managed where the zone is signed (a zone"
            + " signed elsewhere is served with its DNSKEYs as they come)");
  }

  private List<CryptokeyJson> cryptokeys(Name zone) {
    ZoneSnapshot z = zones.served(zone);
    List<CryptokeyJson> out = new ArrayList<>();
    for (Record r : z.recordsAt(zone)) {
      if (r instanceof DNSKEYRecord k) {
        List<String> ds = new ArrayList<>();
        for (int digest :
            new int[] {DNSSEC.Digest.SHA1, DNSSEC.Digest.SHA256, DNSSEC.Digest.SHA384}) {
          ds.add(
              new DSRecord(zone, k.getDClass(), k.getTTL(), digest, k)
                  .rdataToString()
                  .toLowerCase(Locale.ROOT));
        }
        int flags = k.getFlags();
        out.add(
            new CryptokeyJson(
                "Cryptokey",
                k.getFootprint(),
                (flags & 1) != 0 ? "ksk" : "zsk",
                true,
                true,
                k.rdataToString(),
                ds,
                flags,
                DNSSEC.Algorithm.string(k.getAlgorithm()),
                k.getKey().length * 8));
      }
    }
    return out;
  }

  void rectify(Context ctx) {
    zoneOf(ctx);
    // PowerDNS's rectify stores the NSEC(3) order and empty non-terminals in its database; Tandem
    // works them out from the zone itself, every time.
    Json.ok(ctx, new PowerDnsZones.Result("Rectified"));
  }

  private Name zoneOf(Context ctx) {
    Name zone = PowerDnsText.zoneParam(ctx);
    ZoneStatus st = PowerDnsZoneJson.find(zones, zone);
    return st.zone();
  }
}
