package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.monitor.Audit;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * The cross-provider checks: a zone's consistency (the last round, or one run now), every zone's in
 * short, and the audit of any domains. In a server that runs no checks, each answers 503.
 */
final class ConsistencyResource {
  private static final int MAX_AUDITED = 100;

  private final ApiServices s;

  ConsistencyResource(ApiServices s) {
    this.s = s;
  }

  private Monitor monitor() {
    Monitor m = s.monitor();
    if (m == null) {
      throw new ApiError(503, "the cross-provider checks do not run in this server");
    }
    return m;
  }

  /** {@code GET /api/zones/{zone}/consistency}: the last round's report (one now, if none yet). */
  void zone(Context ctx) {
    Name zone = Params.zone(ctx);
    s.zones().zone(zone); // 404 if not served here
    Monitor m = monitor();
    ZoneReport r = m.report(zone).orElseGet(() -> m.checkNow(zone));
    Json.ok(ctx, ConsistencyJson.of(r));
  }

  /** {@code POST /api/zones/{zone}/check}: a round of checks now, and its report. */
  void checkNow(Context ctx) {
    Name zone = Params.zone(ctx);
    s.zones().zone(zone);
    Json.ok(ctx, ConsistencyJson.of(monitor().checkNow(zone)));
  }

  /** {@code GET /api/consistency}: every zone's state, in short. */
  void all(Context ctx) {
    Monitor m = monitor();
    Json.ok(
        ctx,
        ConsistencyJson.all(
            m.reports(), m.options().periodic(), m.options().interval().toSeconds()));
  }

  /** The body of {@code POST /api/domain-audit}: the domains to audit, one or more. */
  record AuditBody(List<String> domains) {}

  /** {@code POST /api/domain-audit}: {@code {domains: [...]}} audited from the root. */
  void audit(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Json.only(body, AuditBody.class);
    JsonNode list = body.path("domains");
    if (!list.isArray() || list.isEmpty()) {
      throw ApiError.invalid("domains", "a list of one or more domain names is expected");
    }
    if (list.size() > MAX_AUDITED) {
      throw ApiError.invalid("domains", "at most " + MAX_AUDITED + " domains at once");
    }
    List<Name> domains = new ArrayList<>();
    for (JsonNode d : list) {
      if (!d.isTextual()) {
        throw ApiError.invalid("domains", "each domain is a string");
      }
      domains.add(Params.name(d.asText(), "domains"));
    }
    List<ConsistencyJson.AuditJson> out = new ArrayList<>();
    for (Audit.Report r : monitor().audit(domains)) {
      out.add(ConsistencyJson.audit(r));
    }
    Json.ok(ctx, out);
  }
}
