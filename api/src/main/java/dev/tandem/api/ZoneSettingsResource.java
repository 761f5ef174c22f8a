package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/zones/{zone}/settings} and {@code PATCH /api/zones/{zone}}: a zone's settings read,
 * and changed at run time all at once ({@link ZoneSettings}): the zone keeps serving, and the next
 * transfer, NOTIFY or UPDATE follows the new settings.
 */
final class ZoneSettingsResource {
  private final ZoneService zones;

  ZoneSettingsResource(ZoneService zones) {
    this.zones = zones;
  }

  /** How much history a primary keeps for IXFR out. */
  record JournalJson(int maxChanges, long maxRecords, long maxAgeSeconds) {
    static @Nullable JournalJson of(ZoneSettings.@Nullable Journal j) {
      return j == null ? null : new JournalJson(j.maxChanges(), j.maxRecords(), j.maxAgeSeconds());
    }

    static ZoneSettings.Journal read(JsonNode n) {
      if (!(n instanceof ObjectNode o)) {
        throw ApiError.invalid("journal", "field 'journal' must be an object");
      }
      Json.only(o, JournalJson.class);
      ZoneSettings.Journal now = ZoneSettings.Journal.DEFAULT;
      return new ZoneSettings.Journal(
          (int) Json.number(o, "maxChanges", now.maxChanges()),
          Json.number(o, "maxRecords", now.maxRecords()),
          Json.number(o, "maxAgeSeconds", now.maxAgeSeconds()));
    }
  }

  /** A zone's settings as the API shows them (what a PATCH takes, plus what is read-only). */
  record SettingsJson(
      String zone,
      String kind,
      boolean configured,
      List<String> primaries,
      List<String> allowNotify,
      @JsonProperty("notify") List<String> alsoNotify,
      List<String> allowTransfer,
      List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable JournalJson journal) {
    static SettingsJson of(ZoneSettings.View v) {
      return new SettingsJson(
          v.zone().toString(),
          v.kind().word(),
          v.configured(),
          v.primaries(),
          v.allowNotify(),
          v.alsoNotify(),
          v.allowTransfer(),
          v.allowUpdate(),
          v.serialPolicy(),
          JournalJson.of(v.journal()));
    }
  }

  /** The body of {@code PATCH /api/zones/{zone}}: each field given replaces the zone's. */
  record SettingsBody(
      @Nullable List<String> primaries,
      @Nullable List<String> allowNotify,
      @JsonProperty("notify") @Nullable List<String> alsoNotify,
      @Nullable List<String> allowTransfer,
      @Nullable List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable JournalJson journal) {
    static ZoneSettings.Change read(ObjectNode o) {
      Json.only(o, SettingsBody.class);
      if (o.isEmpty()) {
        throw ApiError.invalid(
            "settings",
            "no setting given: " + String.join(", ", Json.fieldsOf(SettingsBody.class)));
      }
      JsonNode journal = o.get("journal");
      return new ZoneSettings.Change(
          list(o, "primaries"),
          list(o, "allowNotify"),
          list(o, "notify"),
          list(o, "allowTransfer"),
          list(o, "allowUpdate"),
          Json.optionalText(o, "serialPolicy"),
          journal == null || journal.isNull() ? null : JournalJson.read(journal));
    }

    private static @Nullable List<String> list(ObjectNode o, String field) {
      return o.has(field) ? Json.texts(o, field) : null;
    }
  }

  void get(Context ctx) {
    Json.ok(ctx, SettingsJson.of(zones.settings().view(Params.zone(ctx))));
  }

  void patch(Context ctx) {
    ZoneSettings.Change c = SettingsBody.read(Json.object(ctx));
    Json.ok(ctx, SettingsJson.of(zones.settings().change(Params.zone(ctx), c, Routes.actor(ctx))));
  }
}
