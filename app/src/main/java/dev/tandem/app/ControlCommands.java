package dev.tandem.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.control.AclRule;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.Names;
import dev.tandem.control.NotifyOutcome;
import dev.tandem.control.PrimaryConfig;
import dev.tandem.control.PrimaryZones;
import dev.tandem.control.Remote;
import dev.tandem.control.SerialPolicy;
import dev.tandem.control.SignatureStatus;
import dev.tandem.control.UpdateRule;
import dev.tandem.control.ZoneStatus;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The commands of the control channel: {@code reload}, {@code zones}, {@code status [ZONE]} (one
 * line of JSON), {@code refresh ZONE}; and the primary-zone edits, each {@code COMMAND JSON} with
 * the arguments as one JSON object: {@code zone-create}, {@code zone-delete}, {@code zone-import},
 * {@code zone-export}, {@code zone-notify}, {@code record}, {@code journal}.
 */
final class ControlCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZoneFiles zoneFiles;
  private final AtomicReference<ServedZones> served;
  private final ControlPlane control;

  ControlCommands(ZoneFiles zoneFiles, AtomicReference<ServedZones> served, ControlPlane control) {
    this.zoneFiles = zoneFiles;
    this.served = served;
    this.control = control;
  }

  ControlChannel.Reply handle(String line) {
    String[] words = line.trim().split("\\s+", 2);
    String argument = words.length > 1 ? words[1] : null;
    try {
      return switch (words[0]) {
        case "reload" -> reload();
        case "zones" -> zones();
        case "status" -> status(argument);
        case "refresh" -> refresh(argument);
        case "zone-create" -> create(args(argument));
        case "zone-delete" -> reply(editor().delete(zone(args(argument))));
        case "zone-import" -> importZone(args(argument));
        case "zone-export" -> export(zone(args(argument)));
        case "zone-notify" -> reply(editor().notifyNow(zone(args(argument))));
        case "record" -> record(args(argument));
        case "journal" -> journal(zone(args(argument)));
        default -> error("unknown command '" + words[0] + "'");
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      return error(String.valueOf(e.getMessage()));
    }
  }

  private PrimaryZones editor() {
    return control.primaryZones();
  }

  private static JsonNode args(@Nullable String argument) {
    if (argument == null) {
      throw new IllegalArgumentException("the command needs its arguments");
    }
    try {
      return JSON.readTree(argument);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed arguments: " + e.getOriginalMessage(), e);
    }
  }

  private static Name zone(JsonNode args) {
    return Names.parse(text(args, "zone"), "zone");
  }

  private static String text(JsonNode args, String field) {
    JsonNode v = args.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  private static List<String> texts(JsonNode args, String field) {
    List<String> out = new ArrayList<>();
    args.path(field).forEach(v -> out.add(v.asText()));
    return out;
  }

  private static ControlChannel.Reply reply(PrimaryZones.Outcome o) {
    return new ControlChannel.Reply(List.of(o.message()), o.ok());
  }

  /** {@code zone-create {"zone", "ns": [], "file", "allowTransfer": [], "notify": [], ...}}. */
  private ControlChannel.Reply create(JsonNode args) {
    Name zone = zone(args);
    List<Name> ns = new ArrayList<>();
    for (String n : texts(args, "ns")) {
      ns.add(absolute(n, zone));
    }
    List<AclRule> transfer = new ArrayList<>();
    texts(args, "allowTransfer").forEach(t -> transfer.add(AclRule.parse(t)));
    List<Remote> notify = new ArrayList<>();
    texts(args, "notify").forEach(t -> notify.add(Remote.parse(t)));
    List<UpdateRule> update = new ArrayList<>();
    texts(args, "allowUpdate").forEach(t -> update.add(UpdateRule.parse(t)));
    PrimaryConfig config = PrimaryConfig.of(zone, null).withAccess(transfer, notify, update);
    JsonNode policy = args.path("serialPolicy");
    if (policy.isTextual()) {
      config = config.withSerialPolicy(SerialPolicy.parse(policy.asText()));
    }
    ZoneSnapshot contents = null;
    JsonNode file = args.path("file");
    if (file.isTextual()) {
      ZoneLoader.Result r = ZoneLoader.load(zone, Path.of(file.asText()));
      contents = r.zone();
      if (contents == null) {
        return loadErrors(r);
      }
    }
    return reply(editor().create(config, ns, contents));
  }

  private ControlChannel.Reply importZone(JsonNode args) {
    Name zone = zone(args);
    ZoneLoader.Result r = ZoneLoader.load(zone, Path.of(text(args, "file")));
    ZoneSnapshot contents = r.zone();
    if (contents == null) {
      return loadErrors(r);
    }
    return reply(editor().importZone(zone, contents));
  }

  private static ControlChannel.Reply loadErrors(ZoneLoader.Result r) {
    List<String> lines = new ArrayList<>();
    r.problems().forEach(p -> lines.add(p.toString()));
    lines.add("the zone file was not taken: nothing changed");
    return new ControlChannel.Reply(lines, false);
  }

  /** The zone as a zone file, records in canonical order. */
  private ControlChannel.Reply export(Name zone) {
    ZoneSnapshot z = editor().contents(zone).orElse(null);
    if (z == null) {
      z = served.get().get(zone);
    }
    if (z == null) {
      return error("no zone " + zone + " is served here");
    }
    List<String> lines = new ArrayList<>(z.recordCount() + 2);
    lines.add("; " + zone + " serial " + z.serial() + ", exported by tandem");
    lines.add("$ORIGIN " + zone);
    List<org.xbill.DNS.Record> apex = z.recordsAt(zone);
    apex.stream().filter(r -> r.getType() == Type.SOA).forEach(r -> lines.add(r.toString()));
    z.forEachRecord(
        r -> {
          if (r.getType() != Type.SOA || !r.getName().equals(zone)) {
            lines.add(r.toString());
          }
        });
    return new ControlChannel.Reply(lines, true);
  }

  /**
   * {@code record {"zone", "op": add|delete|replace, "name", "ttl", "type", "rdata"}}: one edit,
   * made as an RFC 2136 UPDATE so that it follows the same rules as one from the network.
   */
  private ControlChannel.Reply record(JsonNode args) {
    Name zone = zone(args);
    String op = text(args, "op");
    Name name = absolute(text(args, "name"), zone);
    int type = Type.value(text(args, "type").toUpperCase(java.util.Locale.ROOT));
    if (type < 0) {
      throw new IllegalArgumentException("'" + text(args, "type") + "' is not a record type");
    }
    JsonNode rdataNode = args.path("rdata");
    String rdata = rdataNode.isTextual() ? rdataNode.asText().trim() : "";
    long ttl = args.path("ttl").asLong(3600);
    Update u = new Update(zone);
    switch (op) {
      case "add" -> u.add(parse(name, type, ttl, rdata, zone));
      case "replace" -> u.replace(parse(name, type, ttl, rdata, zone));
      case "delete" -> {
        if (rdata.isEmpty()) {
          u.delete(name, type);
        } else {
          u.delete(parse(name, type, 0, rdata, zone));
        }
      }
      default -> throw new IllegalArgumentException("unknown record operation '" + op + "'");
    }
    return reply(editor().edit(zone, u));
  }

  private static org.xbill.DNS.Record parse(
      Name name, int type, long ttl, String rdata, Name zone) {
    if (rdata.isEmpty()) {
      throw new IllegalArgumentException("a " + Type.string(type) + " record needs its data");
    }
    try {
      return org.xbill.DNS.Record.fromString(name, type, DClass.IN, ttl, rdata, zone);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "'" + rdata + "' is not valid " + Type.string(type) + " data: " + e.getMessage(), e);
    }
  }

  /** A name as typed: absolute with a trailing dot, {@code @} for the apex, else relative. */
  private static Name absolute(String text, Name zone) {
    if (text.equals("@")) {
      return zone;
    }
    try {
      Name n = Name.fromString(text, zone);
      if (!n.subdomain(zone) && !text.endsWith(".")) {
        throw new IllegalArgumentException(text + " is not in zone " + zone);
      }
      return n;
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a domain name: " + e.getMessage(), e);
    }
  }

  /** The changes kept for IXFR out, oldest first, as removed (-) and added (+) records. */
  private ControlChannel.Reply journal(Name zone) {
    List<PrimaryZones.Entry> entries = editor().journal(zone).orElse(null);
    if (entries == null) {
      return error("no primary zone " + zone + " here");
    }
    List<String> lines = new ArrayList<>();
    if (entries.isEmpty()) {
      lines.add(zone + ": no changes kept");
    }
    for (PrimaryZones.Entry e : entries) {
      lines.add(
          String.format(
              "serial %d -> %d at %s: %d removed, %d added",
              e.fromSerial(),
              e.toSerial(),
              e.at(),
              e.diff().removed().size(),
              e.diff().added().size()));
      e.diff().removed().forEach(r -> lines.add("  - " + r));
      e.diff().added().forEach(r -> lines.add("  + " + r));
    }
    return new ControlChannel.Reply(lines, true);
  }

  private static ControlChannel.Reply error(String message) {
    return new ControlChannel.Reply(List.of(message), false);
  }

  private ControlChannel.Reply reload() {
    List<String> lines = new ArrayList<>();
    boolean ok = true;
    for (ZoneFiles.Outcome o : zoneFiles.reload()) {
      o.problems().forEach(p -> lines.add(o.source().origin() + ": " + p));
      lines.add(o.source().origin() + ": " + o.status());
      ok &= !o.failed();
    }
    return new ControlChannel.Reply(lines, ok);
  }

  private ControlChannel.Reply zones() {
    List<String> lines = new ArrayList<>();
    for (ZoneSnapshot z : served.get().all()) {
      lines.add(z.origin() + " serial " + z.serial() + " records " + z.recordCount());
    }
    return new ControlChannel.Reply(lines, true);
  }

  /**
   * Every zone's status as one line of JSON: secondaries from the control plane, zone-file zones
   * from what is served.
   */
  private ControlChannel.Reply status(@Nullable String zoneText) {
    Name only = zoneText == null ? null : Names.parse(zoneText, "zone");
    List<Map<String, Object>> zones = new ArrayList<>();
    List<Name> known = new ArrayList<>();
    for (ZoneStatus s : control.status()) {
      known.add(s.zone());
      if (only == null || only.equals(s.zone())) {
        zones.add(json(s));
      }
    }
    for (ZoneSnapshot z : served.get().all()) {
      if (!known.contains(z.origin()) && (only == null || only.equals(z.origin()))) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", z.origin().toString());
        m.put("kind", "file");
        m.put("state", "ok");
        m.put("serial", z.serial());
        m.put("records", z.recordCount());
        zones.add(m);
      }
    }
    if (only != null && zones.isEmpty()) {
      return error("no zone " + only + " is configured");
    }
    try {
      return new ControlChannel.Reply(
          List.of(JSON.writeValueAsString(Map.of("zones", zones))), true);
    } catch (JsonProcessingException e) {
      return error("cannot render the status: " + e.getMessage());
    }
  }

  private ControlChannel.Reply refresh(@Nullable String zoneText) {
    if (zoneText == null) {
      return error("refresh needs a zone");
    }
    Name zone = Names.parse(zoneText, "zone");
    return control.refresh(zone)
        ? new ControlChannel.Reply(List.of(zone + ": refresh queued"), true)
        : error(zone + " is not a secondary zone");
  }

  private static Map<String, Object> json(ZoneStatus s) {
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
