package dev.tandem.web;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.service.ChangePreview;
import dev.tandem.control.service.RrSetChange;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.service.ZoneSettings;
import dev.tandem.control.service.ZoneText;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneKind;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A zone's page: its status, its records (paged, and for a primary zone added, edited and deleted
 * through {@link ZoneService#change} after a preview of the change set), the journal with each
 * change's diff and a revert, transfers, NOTIFY status, the consistency matrix and settings.
 */
public final class ZonePage {
  /** Records on one page of the records table. */
  static final int RECORDS_PAGE = 100;

  /** One record's row. */
  public record RecordRow(String name, String relative, String type, long ttl, String data) {
    /** The query that opens the record form on this record. */
    public String editQuery() {
      return "op=edit&name="
          + enc(name)
          + "&type="
          + enc(type)
          + "&ttl="
          + ttl
          + "&old="
          + enc(data)
          + "#record-form";
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** One journal entry, newest first. */
  public record JournalRow(
      long from, long to, String at, List<String> removed, List<String> added) {}

  /** One transfer. */
  public record TransferRow(
      String at, String direction, String peer, String kind, String serials, String result) {}

  /** One row of the consistency matrix. */
  public record ServerRow(
      String provider,
      String server,
      String names,
      String serial,
      String state,
      String lag,
      String latency,
      String nsSet,
      boolean own) {}

  /**
   * The record form as last submitted, with the error beside its field.
   *
   * @param field the field at fault ({@code name}, {@code type}, {@code ttl}, {@code data}), or
   *     {@code form} for an error of the whole change
   */
  public record Form(
      String op,
      String name,
      String type,
      String ttl,
      String data,
      String old,
      @Nullable String field,
      @Nullable String error) {
    static final Form EMPTY = new Form("add", "", "A", "3600", "", "", null, null);

    /** The error if it belongs to {@code f}. */
    public @Nullable String errorFor(String f) {
      return f.equals(field) ? error : null;
    }
  }

  /** The page. */
  public record View(
      Frame frame,
      String zone,
      String kind,
      boolean primary,
      String state,
      String serial,
      List<String[]> facts,
      List<String> warnings,
      @Nullable String done,
      String rq,
      int recordPage,
      int recordPages,
      int recordCount,
      List<RecordRow> records,
      Form form,
      List<JournalRow> journal,
      List<TransferRow> transfers,
      List<String[]> notified,
      List<ServerRow> servers,
      List<String> findings,
      @Nullable String consistency,
      List<String[]> settings,
      boolean settingsEditable,
      @Nullable String settingsError) {
    public String recordsLink(int page) {
      return "/zones/"
          + zone
          + "?rq="
          + URLEncoder.encode(rq, StandardCharsets.UTF_8)
          + "&rpage="
          + page
          + "#records";
    }
  }

  /** The preview of a change before it is made. */
  public record PreviewView(
      Frame frame,
      String zone,
      String summary,
      boolean empty,
      List<String> removed,
      List<String> added,
      String action,
      List<String[]> hidden) {}

  private final PanelServices services;

  ZonePage(PanelServices services) {
    this.services = services;
  }

  void page(Context ctx, Panel.Visitor v) {
    Name zone = zone(ctx, v);
    Form form = Form.EMPTY;
    String old = ctx.queryParam("old");
    if ("edit".equals(ctx.queryParam("op")) && old != null) {
      form =
          new Form(
              "edit",
              Optional.ofNullable(ctx.queryParam("name")).orElse(""),
              Optional.ofNullable(ctx.queryParam("type")).orElse(""),
              Optional.ofNullable(ctx.queryParam("ttl")).orElse("3600"),
              old,
              old,
              null,
              null);
    }
    Templates.render(ctx, 200, "zone.jte", view(ctx, v, zone, form, null));
  }

  /** The change the record form asks for, previewed: nothing is changed yet. */
  void preview(Context ctx, Panel.Visitor v) {
    Name zone = zone(ctx, v);
    Form form = form(ctx);
    ChangePreview p;
    try {
      p = services.zones().preview(zone, changes(form), v.actor());
    } catch (ServiceException e) {
      refused(ctx, v, zone, form, e);
      return;
    }
    List<String[]> hidden = new ArrayList<>();
    hidden.add(new String[] {"op", form.op()});
    hidden.add(new String[] {"name", form.name()});
    hidden.add(new String[] {"type", form.type()});
    hidden.add(new String[] {"ttl", form.ttl()});
    hidden.add(new String[] {"data", form.data()});
    hidden.add(new String[] {"old", form.old()});
    Templates.render(
        ctx, 200, "preview.jte", preview(v, zone, p, "/zones/" + zone + "/records", hidden));
  }

  /** Makes the change the record form asks for. */
  void apply(Context ctx, Panel.Visitor v) {
    Name zone = zone(ctx, v);
    Form form = form(ctx);
    ZoneService.Change c;
    try {
      c = services.zones().change(zone, changes(form), v.actor());
    } catch (ServiceException e) {
      refused(ctx, v, zone, form, e);
      return;
    }
    done(ctx, zone, c);
  }

  /**
   * Reverts one journal entry: the records it added taken out, those it removed put back, as a new
   * change (previewed first unless {@code confirm} is set). A later change of the same RRsets may
   * make it refused or partial; the preview shows exactly what it would do.
   */
  void revert(Context ctx, Panel.Visitor v) {
    Name zone = zone(ctx, v);
    long to;
    try {
      to = Long.parseLong(Optional.ofNullable(ctx.formParam("serial")).orElse(""));
    } catch (NumberFormatException e) {
      throw new PanelError(422, "Which change to revert? The form gave no serial.");
    }
    JournalStep step =
        services.zones().journal(zone).stream()
            .filter(s -> s.to() == to)
            .findFirst()
            .orElseThrow(
                () ->
                    new PanelError(
                        404,
                        "The change to serial "
                            + to
                            + " is no longer in the journal of "
                            + zone
                            + "."));
    List<RrSetChange> changes = new ArrayList<>();
    for (Record r : step.diff().added()) {
      if (r.getType() != Type.SOA) {
        changes.add(one(RrSetChange.Kind.PRUNE, r));
      }
    }
    for (Record r : step.diff().removed()) {
      if (r.getType() != Type.SOA) {
        changes.add(one(RrSetChange.Kind.ADD, r));
      }
    }
    try {
      if (!"yes".equals(ctx.formParam("confirm"))) {
        ChangePreview p = services.zones().preview(zone, changes, v.actor());
        List<String[]> hidden = new ArrayList<>();
        hidden.add(new String[] {"serial", Long.toString(to)});
        hidden.add(new String[] {"confirm", "yes"});
        Templates.render(
            ctx, 200, "preview.jte", preview(v, zone, p, "/zones/" + zone + "/revert", hidden));
        return;
      }
      done(ctx, zone, services.zones().change(zone, changes, v.actor()));
    } catch (ServiceException e) {
      refused(ctx, v, zone, Form.EMPTY, e);
    }
  }

  private static RrSetChange one(RrSetChange.Kind kind, Record r) {
    return new RrSetChange(
        kind,
        r.getName().toString(),
        Type.string(r.getType()),
        r.getTTL(),
        List.of(r.rdataToString()),
        List.of(),
        null);
  }

  private PreviewView preview(
      Panel.Visitor v, Name zone, ChangePreview p, String action, List<String[]> hidden) {
    return new PreviewView(
        v.frame("Preview: " + zone, "zones", services.version()),
        zone.toString(),
        p.summary(),
        p.isEmpty(),
        p.removed().stream().map(ZonePage::line).toList(),
        p.added().stream().map(ZonePage::line).toList(),
        action,
        hidden);
  }

  private static void done(Context ctx, Name zone, ZoneService.Change c) {
    ctx.redirect(
        "/zones/"
            + zone
            + "?done="
            + URLEncoder.encode(
                c.fromSerial() == c.toSerial()
                    ? "Nothing changed: serial " + c.toSerial()
                    : "Changed: serial " + c.fromSerial() + " → " + c.toSerial(),
                StandardCharsets.UTF_8)
            + "#records",
        HttpStatus.SEE_OTHER);
  }

  /** The zone page again with the form as given and the use case's reason beside its field. */
  private void refused(Context ctx, Panel.Visitor v, Name zone, Form form, ServiceException e) {
    String f = e.field();
    String field = "form";
    if (f != null) {
      String tail = f.contains(".") ? f.substring(f.lastIndexOf('.') + 1) : f;
      field =
          switch (tail) {
            case "name" -> "name";
            case "type" -> "type";
            case "ttl" -> "ttl";
            case "records", "rdata", "data" -> "data";
            default -> "form";
          };
    }
    Form shown =
        new Form(
            form.op(),
            form.name(),
            form.type(),
            form.ttl(),
            form.data(),
            form.old(),
            field,
            e.getMessage());
    Templates.render(ctx, Panel.status(e), "zone.jte", view(ctx, v, zone, shown, null));
  }

  private static Form form(Context ctx) {
    return new Form(
        param(ctx, "op", "add"),
        param(ctx, "name", ""),
        param(ctx, "type", "").toUpperCase(Locale.ROOT),
        param(ctx, "ttl", "3600"),
        param(ctx, "data", ""),
        param(ctx, "old", ""),
        null,
        null);
  }

  private static String param(Context ctx, String name, String otherwise) {
    String v = ctx.formParam(name);
    return v == null ? otherwise : v.trim();
  }

  /** The changes a record form asks for: add, replace (the RRset becomes it), edit, delete. */
  private static List<RrSetChange> changes(Form f) {
    long ttl;
    try {
      ttl = Long.parseLong(f.ttl());
    } catch (NumberFormatException e) {
      throw ServiceException.invalid("ttl", "TTL '" + f.ttl() + "' is not a number of seconds");
    }
    if (!f.op().equals("delete") && f.data().isEmpty()) {
      throw ServiceException.invalid("data", "a " + f.type() + " record needs its data");
    }
    List<String> data = List.of(f.data());
    return switch (f.op()) {
      case "add" ->
          List.of(
              new RrSetChange(
                  RrSetChange.Kind.ADD, f.name(), f.type(), ttl, data, List.of(), null));
      case "replace" -> List.of(RrSetChange.replace(f.name(), f.type(), ttl, data));
      case "delete" ->
          List.of(
              new RrSetChange(
                  RrSetChange.Kind.PRUNE, f.name(), f.type(), ttl, data, List.of(), null));
      case "edit" ->
          List.of(
              new RrSetChange(
                  RrSetChange.Kind.PRUNE,
                  f.name(),
                  f.type(),
                  ttl,
                  List.of(f.old()),
                  List.of(),
                  null),
              new RrSetChange(
                  RrSetChange.Kind.ADD, f.name(), f.type(), ttl, data, List.of(), null));
      default ->
          throw ServiceException.invalid(
              "op", "'" + f.op() + "' is not add, replace, edit or delete");
    };
  }

  private Name zone(Context ctx, Panel.Visitor v) {
    Name zone;
    try {
      zone = ZoneText.zoneName(ctx.pathParam("zone"), "zone");
    } catch (ServiceException e) {
      throw new PanelError(404, String.valueOf(e.getMessage()));
    }
    if (!v.key().limits().allowsZone(zone)) {
      throw new PanelError(
          403, "The API key '" + v.key().name() + "' is limited to " + v.key().limits().describe());
    }
    return zone;
  }

  private View view(
      Context ctx, Panel.Visitor v, Name zone, Form form, @Nullable String settingsError) {
    Instant now = services.clock().instant();
    ZoneService zones = services.zones();
    ZoneStatus s;
    try {
      s = zones.zone(zone);
    } catch (ServiceException e) {
      throw new PanelError(404, String.valueOf(e.getMessage()));
    }
    boolean primary = s.kind() == ZoneKind.PRIMARY;
    List<String[]> facts = new ArrayList<>();
    if (!primary) {
      facts.add(new String[] {"Primaries", String.join(", ", s.primaries())});
      facts.add(
          new String[] {
            "Primary's serial", s.primarySerial() < 0 ? "—" : Long.toString(s.primarySerial())
          });
      facts.add(new String[] {"Next refresh", Ago.until(s.nextRefresh(), now)});
      facts.add(new String[] {"Expires", Ago.until(s.expiresAt(), now)});
    }
    facts.add(
        new String[] {primary ? "Last change" : "Last success", Ago.since(s.lastSuccess(), now)});
    if (s.lastError() != null) {
      facts.add(new String[] {"Last error", s.lastError()});
    }
    if (s.lastRefusedNotify() != null) {
      facts.add(new String[] {"Last NOTIFY refused", s.lastRefusedNotify()});
    }
    if (s.signatures() != null) {
      facts.add(
          new String[] {
            "Signatures",
            s.signatures().state().word()
                + ", earliest expiry "
                + Ago.until(s.signatures().earliestExpiry(), now)
          });
    }
    // Records, filtered by name and paged.
    String rq =
        Optional.ofNullable(ctx.queryParam("rq")).orElse("").trim().toLowerCase(Locale.ROOT);
    int rpage = 1;
    try {
      rpage =
          Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam("rpage")).orElse("1")));
    } catch (NumberFormatException e) {
      // the first page
    }
    // Two passes over the served snapshot: count what matches, then write out only the page
    // shown, so a zone of 100,000 records costs a walk, not 100,000 strings.
    dev.tandem.dns.zone.ZoneSnapshot served = s.serial() >= 0 ? zones.served(zone) : null;
    java.util.function.Predicate<Record> match =
        r -> rq.isEmpty() || r.getName().toString().toLowerCase(Locale.ROOT).contains(rq);
    int[] count = {0};
    if (served != null) {
      served.forEachRecord(
          r -> {
            if (match.test(r)) {
              count[0]++;
            }
          });
    }
    int rpages = Math.max(1, (count[0] + RECORDS_PAGE - 1) / RECORDS_PAGE);
    rpage = Math.min(rpage, rpages);
    int from = (rpage - 1) * RECORDS_PAGE;
    List<RecordRow> records = new ArrayList<>();
    if (served != null) {
      int[] i = {0};
      served.forEachRecord(
          r -> {
            if (match.test(r)) {
              if (i[0] >= from && i[0] < from + RECORDS_PAGE) {
                Name n = r.getName();
                records.add(
                    new RecordRow(
                        n.toString(),
                        n.equals(zone) ? "@" : n.relativize(zone).toString(),
                        Type.string(r.getType()),
                        r.getTTL(),
                        r.rdataToString()));
              }
              i[0]++;
            }
          });
    }
    // Journal, newest first.
    List<JournalRow> journal = new ArrayList<>();
    if (primary) {
      List<JournalStep> steps = zones.journal(zone);
      for (int i = steps.size() - 1; i >= 0 && journal.size() < 20; i--) {
        JournalStep j = steps.get(i);
        journal.add(
            new JournalRow(
                j.from(),
                j.to(),
                Ago.since(j.at(), now),
                j.diff().removed().stream()
                    .filter(r -> r.getType() != Type.SOA)
                    .map(ZonePage::line)
                    .toList(),
                j.diff().added().stream()
                    .filter(r -> r.getType() != Type.SOA)
                    .map(ZonePage::line)
                    .toList()));
      }
    }
    List<TransferRow> transfers = new ArrayList<>();
    for (Transfer t : zones.transfers(zone, 20)) {
      transfers.add(
          new TransferRow(
              Ago.since(t.at(), now),
              t.direction().word(),
              t.peer(),
              t.kind().name(),
              (t.fromSerial() < 0 ? "" : t.fromSerial() + " → ")
                  + (t.toSerial() < 0 ? "?" : Long.toString(t.toSerial())),
              t.error() == null
                  ? t.records() + " records, " + t.millis() + " ms"
                  : t.result().name().toLowerCase(Locale.ROOT) + ": " + t.error()));
    }
    List<String[]> notified = new ArrayList<>();
    s.notified()
        .forEach(
            n ->
                notified.add(
                    new String[] {
                      n.target(),
                      Long.toString(n.serial()),
                      n.state().word() + (n.error() == null ? "" : ": " + n.error()),
                      Ago.since(n.at(), now)
                    }));
    List<ServerRow> servers = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    String consistency = null;
    Monitor monitor = services.monitor();
    ZoneReport r = monitor == null ? null : monitor.report(zone).orElse(null);
    if (r != null) {
      consistency = r.state().word() + ", checked " + Ago.since(r.checkedAt(), now);
      for (ZoneReport.ServerReport sr : r.servers()) {
        servers.add(
            new ServerRow(
                sr.server().provider(),
                sr.server().label(),
                String.join(" ", sr.server().names().stream().map(Name::toString).toList()),
                sr.serial() < 0 ? "—" : Long.toString(sr.serial()),
                sr.state().word(),
                sr.lagSeconds() < 0 ? "—" : sr.lagSeconds() + " s",
                sr.latencyMicros() < 0
                    ? "—"
                    : String.format(Locale.ROOT, "%.1f ms", sr.latencyMicros() / 1000.0),
                sr.nsSet() == null
                    ? "—"
                    : String.join(" ", sr.nsSet().stream().map(Name::toString).toList()),
                sr.server().own()));
      }
      r.findings().forEach(f -> findings.add(f.finding().detail()));
    }
    // Settings: {field, label, value}; the field empty where it cannot be changed here.
    List<String[]> settings = new ArrayList<>();
    boolean editable = false;
    try {
      ZoneSettings.View sv = zones.settings().view(zone);
      editable = !sv.configured();
      if (!primary) {
        settings.add(new String[] {"primaries", "Primaries", join(sv.primaries())});
        settings.add(new String[] {"allowNotify", "Allow NOTIFY from", join(sv.allowNotify())});
      }
      settings.add(new String[] {"alsoNotify", "Also NOTIFY", join(sv.alsoNotify())});
      settings.add(new String[] {"allowTransfer", "Allow transfer", join(sv.allowTransfer())});
      if (primary) {
        settings.add(new String[] {"allowUpdate", "Allow UPDATE", join(sv.allowUpdate())});
        settings.add(
            new String[] {
              "serialPolicy", "Serial policy", sv.serialPolicy() == null ? "" : sv.serialPolicy()
            });
      }
      settings.add(
          new String[] {"", "TSIG keys", join(sv.keys().stream().map(Name::toString).toList())});
    } catch (ServiceException e) {
      settings.add(new String[] {"", "Settings", String.valueOf(e.getMessage())});
    }
    return new View(
        v.frame(zone.toString(), "zones", services.version()),
        zone.toString(),
        s.kind().word(),
        primary,
        s.state().word(),
        s.serial() < 0 ? "—" : Long.toString(s.serial()),
        facts,
        s.warnings(),
        ctx.queryParam("done"),
        rq,
        rpage,
        rpages,
        count[0],
        records,
        form,
        journal,
        transfers,
        notified,
        servers,
        findings,
        consistency,
        settings,
        editable,
        settingsError);
  }

  /** A record as one line of a diff: presentation format, single spaces (not tabs). */
  static String line(Record r) {
    return r.toString().replace('\t', ' ');
  }

  private static String join(List<String> l) {
    return String.join(", ", l);
  }

  /**
   * {@code POST /zones/{zone}/settings}: the zone's settings replaced by the form's, through the
   * same use case as {@code PATCH /api/zones/{zone}/settings}; refused whole, with the reason, if
   * any value is not valid.
   */
  void settings(Context ctx, Panel.Visitor v) {
    Name zone = zone(ctx, v);
    ZoneSettings.Change c =
        new ZoneSettings.Change(
            list(ctx, "primaries"),
            list(ctx, "allowNotify"),
            list(ctx, "alsoNotify"),
            list(ctx, "allowTransfer"),
            list(ctx, "allowUpdate"),
            Optional.ofNullable(ctx.formParam("serialPolicy"))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .orElse(null),
            null);
    try {
      services.zones().settings().change(zone, c, v.actor());
    } catch (ServiceException e) {
      Templates.render(
          ctx,
          Panel.status(e),
          "zone.jte",
          view(ctx, v, zone, Form.EMPTY, String.valueOf(e.getMessage())));
      return;
    }
    ctx.redirect(
        "/zones/" + zone + "?done=" + enc("Settings saved") + "#settings", HttpStatus.SEE_OTHER);
  }

  /** A list field of the settings form (absent: left as it is). */
  private static @Nullable List<String> list(Context ctx, String field) {
    String t = ctx.formParam(field);
    if (t == null) {
      return null;
    }
    return java.util.Arrays.stream(t.split("[\\s,]+")).filter(x -> !x.isEmpty()).toList();
  }
}
