package dev.tandem.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.Names;
import dev.tandem.control.ZoneStatus;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The commands of the control channel: {@code reload}, {@code zones}, {@code status [ZONE]} (one
 * line of JSON), {@code refresh ZONE}.
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
        default -> error("unknown command '" + words[0] + "'");
      };
    } catch (IllegalArgumentException e) {
      return error(String.valueOf(e.getMessage()));
    }
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
    List<Name> secondaries = new ArrayList<>();
    for (ZoneStatus s : control.status()) {
      secondaries.add(s.zone());
      if (only == null || only.equals(s.zone())) {
        zones.add(json(s));
      }
    }
    for (ZoneSnapshot z : served.get().all()) {
      if (!secondaries.contains(z.origin()) && (only == null || only.equals(z.origin()))) {
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
    return m;
  }

  private static @Nullable String text(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
