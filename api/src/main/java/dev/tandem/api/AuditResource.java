package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.control.service.ZoneService;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/audit}: the audit log, newest first, filtered by zone, actor, action and time, paged
 * by sequence number ({@code before}).
 */
final class AuditResource {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZoneService zones;

  AuditResource(ZoneService zones) {
    this.zones = zones;
  }

  /** One entry as the API shows it; {@code detail} is the JSON recorded, not a string of it. */
  record AuditJson(
      long seq,
      String at,
      String actor,
      String via,
      String action,
      @Nullable String zone,
      String target,
      JsonNode detail,
      String outcome) {
    static AuditJson of(ZoneService.AuditRecord e) {
      JsonNode detail;
      try {
        detail = JSON.readTree(e.detail());
      } catch (java.io.IOException | RuntimeException bad) {
        detail = JSON.getNodeFactory().textNode(e.detail());
      }
      return new AuditJson(
          e.seq(),
          e.at().toString(),
          e.actor(),
          e.via(),
          e.action(),
          e.zone(),
          e.target(),
          detail,
          e.outcome());
    }
  }

  void list(Context ctx) {
    String zoneText = ctx.queryParam("zone");
    org.xbill.DNS.Name zone = zoneText == null ? null : Params.zoneName(zoneText);
    String sinceText = ctx.queryParam("since");
    Instant since = null;
    if (sinceText != null) {
      try {
        since = Instant.parse(sinceText);
      } catch (DateTimeParseException e) {
        throw ApiError.invalid(
            "since", "since '" + sinceText + "' is not an instant such as 2026-01-31T12:00:00Z");
      }
    }
    long before = Params.number(ctx, "before", 0, 0, Long.MAX_VALUE);
    int limit = (int) Params.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Json.ok(
        ctx,
        zones
            .audit(zone, ctx.queryParam("actor"), ctx.queryParam("action"), since, before, limit)
            .stream()
            .map(AuditJson::of)
            .toList());
  }
}
