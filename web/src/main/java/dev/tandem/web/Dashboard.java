package dev.tandem.web;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.Transfer;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The dashboard: every zone the key may see, filtered and searched, one page of {@link #PAGE} rows
 * at a time. Filtering reads the statuses the registry keeps in memory and the monitor's last
 * reports (no store read); only the rows shown read their last transfer from the store, so a page
 * costs the same at 10 zones as at 10,000 plus one pass over the statuses.
 */
public final class Dashboard {
  /** Rows on one page. */
  static final int PAGE = 50;

  /** The state filters, as the form offers them. */
  static final List<String> STATES =
      List.of("any", "ok", "not ok", "loading", "refreshing", "failing", "expired", "findings");

  /** One server of one provider, as a row shows it. */
  public record ServerCell(String label, String serial, String state, boolean own) {}

  /** A provider's servers. */
  public record ProviderCell(String provider, List<ServerCell> servers) {}

  /** One zone's row. */
  public record Row(
      String zone,
      String kind,
      String state,
      String serial,
      List<ProviderCell> providers,
      String expires,
      boolean expiresSoon,
      String lastTransfer,
      int findings,
      String findingText,
      @Nullable String error) {}

  /** The page. */
  public record View(
      Frame frame,
      String q,
      String kind,
      String state,
      List<String> states,
      int page,
      int pages,
      int matched,
      int total,
      Map<String, Integer> counts,
      boolean checks,
      List<Row> rows) {
    /** The query string of page {@code n} with this page's filters. */
    public String pageLink(int n) {
      return "/?q="
          + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)
          + "&kind="
          + kind
          + "&state="
          + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8)
          + "&page="
          + n;
    }
  }

  private final PanelServices services;

  Dashboard(PanelServices services) {
    this.services = services;
  }

  void page(Context ctx, Panel.Visitor v) {
    String q = param(ctx, "q", "").trim().toLowerCase(Locale.ROOT);
    String kind = param(ctx, "kind", "any");
    String state = param(ctx, "state", "any");
    if (!STATES.contains(state)) {
      state = "any";
    }
    int page = Math.max(1, intParam(ctx, "page"));
    Templates.render(ctx, 200, "dashboard.jte", view(v, q, kind, state, page));
  }

  /**
   * The dashboard for these filters (also what the benchmark measures). One pass over the zones'
   * statuses, one at a time, keeps only the names of those that match: at 100,000 zones, holding
   * every status through the pass pushed them out of the young generation, and each view left about
   * 200 MB in the old one until a full collection.
   */
  View view(Panel.Visitor v, String q, String kind, String state, int page) {
    Instant now = services.clock().instant();
    Monitor monitor = services.monitor();
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("zones", 0);
    counts.put("ok", 0);
    counts.put("failing", 0);
    counts.put("expired", 0);
    counts.put("findings", 0);
    List<Name> matched = new ArrayList<>();
    services
        .zones()
        .eachZone(
            s -> {
              if (!v.key().limits().allowsZone(s.zone())) {
                return;
              }
              boolean findings = hasFindings(monitor, s.zone());
              counts.merge("zones", 1, Integer::sum);
              counts.computeIfPresent(s.state().word(), (k, n) -> n + 1);
              if (findings) {
                counts.merge("findings", 1, Integer::sum);
              }
              if (matches(s, findings, q, kind, state)) {
                matched.add(s.zone());
              }
            });
    matched.sort(null);
    int pages = Math.max(1, (matched.size() + PAGE - 1) / PAGE);
    int p = Math.min(page, pages);
    List<Row> rows = new ArrayList<>();
    for (Name zone : matched.subList((p - 1) * PAGE, Math.min(matched.size(), p * PAGE))) {
      ZoneStatus s;
      try {
        s = services.zones().zone(zone);
      } catch (ServiceException e) {
        continue; // deleted since the pass
      }
      ZoneReport r = monitor == null ? null : monitor.report(zone).orElse(null);
      rows.add(row(s, r, now));
    }
    return new View(
        v.frame("Zones", "zones", services.version()),
        q,
        kind,
        state,
        STATES,
        p,
        pages,
        matched.size(),
        counts.get("zones"),
        counts,
        monitor != null,
        rows);
  }

  /** Whether the zone's last round of checks found something (false if not checked). */
  private static boolean hasFindings(@Nullable Monitor monitor, Name zone) {
    return monitor != null && monitor.report(zone).filter(r -> !r.findings().isEmpty()).isPresent();
  }

  private static boolean matches(
      ZoneStatus s, boolean findings, String q, String kind, String state) {
    if (!q.isEmpty() && !s.zone().toString().toLowerCase(Locale.ROOT).contains(q)) {
      return false;
    }
    if (!kind.equals("any") && !s.kind().word().equals(kind)) {
      return false;
    }
    return switch (state) {
      case "any" -> true;
      case "findings" -> findings;
      case "not ok" -> s.state() != ZoneStatus.State.OK || findings;
      default -> s.state().word().equals(state);
    };
  }

  private Row row(ZoneStatus s, @Nullable ZoneReport r, Instant now) {
    List<ProviderCell> providers = new ArrayList<>();
    int findings = 0;
    String findingText = "";
    if (r != null) {
      Map<String, List<ServerCell>> by = new LinkedHashMap<>();
      for (ZoneReport.ServerReport sr : r.servers()) {
        by.computeIfAbsent(sr.server().provider(), k -> new ArrayList<>())
            .add(
                new ServerCell(
                    sr.server().label(),
                    sr.serial() < 0 ? "—" : Long.toString(sr.serial()),
                    sr.state().word(),
                    sr.server().own()));
      }
      by.forEach((k, list) -> providers.add(new ProviderCell(k, list)));
      findings = r.findings().size();
      if (findings > 0) {
        findingText = r.findings().get(0).finding().detail();
      }
    }
    List<Transfer> last = services.zones().transfers(s.zone(), 1);
    String lastTransfer =
        last.isEmpty()
            ? "—"
            : last.get(0).direction().word()
                + " "
                + last.get(0).kind().name()
                + " "
                + Ago.since(last.get(0).at(), now)
                + (last.get(0).error() == null ? "" : " (failed)");
    Instant expires = s.expiresAt();
    return new Row(
        s.zone().toString(),
        s.kind().word(),
        s.state().word(),
        s.serial() < 0 ? "—" : Long.toString(s.serial()),
        providers,
        expires == null ? "—" : Ago.until(expires, now),
        expires != null && expires.isBefore(now.plus(java.time.Duration.ofDays(1))),
        lastTransfer,
        findings,
        findingText,
        s.lastError());
  }

  static String param(Context ctx, String name, String otherwise) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? otherwise : v;
  }

  private static int intParam(Context ctx, String name) {
    try {
      return Integer.parseInt(param(ctx, name, "1"));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
