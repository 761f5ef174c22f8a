package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;
import static dev.tandem.control.service.ServiceException.notFound;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The use cases of the control plane, as the REST API, the PowerDNS-compatible API and the CLI call
 * them: zones (primary and secondary), their records, transfers and actions; TSIG keys, peers and
 * ACLs. Every method checks its whole request before it changes anything and throws a {@link
 * ServiceException} naming the problem; a refused request changes nothing.
 *
 * <p>Record changes ({@link RrSetEdits}) do exactly what they say, at the apex too, through {@link
 * PrimaryZone#edit}: the same serial increments, journal and NOTIFY as an UPDATE from the network,
 * but none of RFC 2136's silent parts (an apex NS RRset that cannot be deleted, a CNAME beside
 * other data dropped, section 3.4.2.2): a change is made whole or refused, naming the RRset ({@link
 * ZoneRules}, {@link CnameRules}). Every surface (the REST API, the PowerDNS API, the CLI through
 * the REST API) gets these rules from here, and new zones their default SOA ({@link NewZone}).
 */
public final class ZoneService {
  private final ControlPlane plane;
  private final ZoneStore store;
  private final ControlObjects objects;
  private final ZoneSettings settings;
  private final ZoneLifecycle lifecycle;
  private final CatalogService catalogs;
  private final Clock clock;

  /**
   * @param configuredKeys the TSIG keys of the configuration (listed, not changed, by the API)
   * @param clock what a new zone's first serial is read from (a date or time serial policy)
   */
  public ZoneService(
      ControlPlane plane, ZoneStore store, List<TsigKey> configuredKeys, Clock clock) {
    this.plane = plane;
    this.store = store;
    this.clock = clock;
    this.objects = new ControlObjects(store, plane, clock);
    this.settings = new ZoneSettings(plane, objects);
    this.lifecycle = new ZoneLifecycle(plane, objects, clock);
    objects.configuredKeys(configuredKeys);
    this.catalogs = new CatalogService(plane, objects);
    objects.restoreRotations();
  }

  /**
   * Whether the server is ready to serve: its store answers, and every primary zone serves a
   * version (a secondary waiting for its first transfer is listed, but does not hold readiness
   * back: its primary may be down for long, and every other zone is served meanwhile).
   *
   * @param problems why it is not ready, or what is still waited for
   */
  public record Readiness(boolean ready, List<String> problems) {}

  /** Zones a readiness problem names one by one; beyond that it counts them. */
  static final int NAMED = 20;

  /**
   * The readiness: one pass over the zones, in no order, looking only at whether each serves a
   * version (a probe asks every few seconds; building every zone's status and sorting them took 0.3
   * s at 100,000 zones), and the zones waited for named up to {@link #NAMED}, then counted.
   */
  public Readiness readiness() {
    List<String> problems = new ArrayList<>();
    boolean ready = true;
    try {
      store.state(Name.root);
    } catch (StoreException | IllegalStateException e) {
      ready = false;
      problems.add("the store does not answer: " + e.getMessage());
    }
    List<Name> primaries = new ArrayList<>();
    List<Name> secondaries = new ArrayList<>();
    for (ManagedZone z : plane.zonesInAnyOrder()) {
      if (z.current() == null) {
        (z.kind() == ZoneKind.PRIMARY ? primaries : secondaries).add(z.name());
      }
    }
    if (!primaries.isEmpty()) {
      ready = false;
      problems.addAll(waiting(primaries, "not loaded yet", "primary zones not loaded yet"));
    }
    problems.addAll(
        waiting(
            secondaries,
            "waiting for its first transfer",
            "secondary zones waiting for their first transfer"));
    return new Readiness(ready, problems);
  }

  /** A line per zone while they are few, else one line naming the first few and counting. */
  private static List<String> waiting(List<Name> zones, String one, String many) {
    zones.sort(null);
    if (zones.size() <= NAMED) {
      return zones.stream().map(z -> z + ": " + one).toList();
    }
    StringBuilder line = new StringBuilder().append(zones.size()).append(' ').append(many);
    line.append(": ");
    for (int i = 0; i < NAMED; i++) {
      line.append(i == 0 ? "" : ", ").append(zones.get(i));
    }
    return List.of(line.append(" (and ").append(zones.size() - NAMED).append(" more)").toString());
  }

  /** Finds zones, records and comments by a pattern. */
  public ZoneSearch search() {
    return new ZoneSearch(this);
  }

  /** The version of a zone being served, or null if it has none yet. */
  @Nullable ZoneSnapshot managedContents(Name zone) {
    return plane.zone(zone).map(ManagedZone::current).orElse(null);
  }

  /** The zones' settings, read and changed at run time. */
  public ZoneSettings settings() {
    return settings;
  }

  /** The TSIG keys, peers and ACLs. */
  public ControlObjects objects() {
    return objects;
  }

  /** The catalog zones followed and made here, their templates, the zones' groups. */
  public CatalogService catalogs() {
    return catalogs;
  }

  // ---- zones ----

  /** Every zone's name, in DNS order; no status built. */
  public List<Name> zoneNames() {
    List<Name> names = new ArrayList<>(plane.namesInAnyOrder());
    names.sort(null);
    return names;
  }

  /**
   * Every zone's status, one at a time, in no order: for who keeps little of each (counts, names),
   * so that a pass over 100,000 zones leaves nothing behind.
   */
  public void eachZone(java.util.function.Consumer<ZoneStatus> each) {
    for (ManagedZone z : plane.zonesInAnyOrder()) {
      each.accept(z.status());
    }
  }

  /**
   * The zones' statuses in DNS order, from the one after {@code after} (from the first if null),
   * each built when it is reached: a page of 100 among 100,000 zones builds about 100, and a caller
   * writing each as it comes never holds them all. Zones deleted meanwhile are skipped.
   */
  public Stream<ZoneStatus> zonesFrom(@Nullable Name after) {
    return after(zoneNames(), after).stream().flatMap(n -> plane.status(n).stream());
  }

  /** The names of {@code sorted} (in DNS order) after {@code after}, or all of them if null. */
  static List<Name> after(List<Name> sorted, @Nullable Name after) {
    if (after == null) {
      return sorted;
    }
    int i = java.util.Collections.binarySearch(sorted, after);
    return sorted.subList(i >= 0 ? i + 1 : -i - 1, sorted.size());
  }

  /** How many zones there are (no status built). */
  public int zoneCount() {
    return plane.zonesInAnyOrder().size();
  }

  /** Whether {@code zone} is served here, or waiting for its first version (no status built). */
  public boolean exists(Name zone) {
    return plane.zone(zone).isPresent();
  }

  /** One zone's status. */
  public ZoneStatus zone(Name zone) {
    return plane.status(zone).orElseThrow(() -> noZone(zone));
  }

  /**
   * A request for a new primary zone. Lists take the forms of the configuration file.
   *
   * @param zoneFile the zone's contents as a zone file's text, or null to make them of {@code
   *     records} and {@code nameservers} (with the default SOA unless {@code records} hold one)
   * @param records the zone's records when there is no zone file (the PowerDNS API's RRsets)
   * @param serial the default SOA's serial, or null for the serial policy's first
   */
  public record NewPrimary(
      Name zone,
      List<String> nameservers,
      @Nullable String zoneFile,
      List<Record> records,
      List<String> allowTransfer,
      List<String> alsoNotify,
      List<String> allowUpdate,
      @Nullable String serialPolicy,
      @Nullable Long serial) {
    public NewPrimary {
      records = List.copyOf(records);
    }

    public NewPrimary(
        Name zone,
        List<String> nameservers,
        @Nullable String zoneFile,
        List<Record> records,
        List<String> allowTransfer,
        List<String> alsoNotify,
        List<String> allowUpdate,
        @Nullable String serialPolicy) {
      this(
          zone,
          nameservers,
          zoneFile,
          records,
          allowTransfer,
          alsoNotify,
          allowUpdate,
          serialPolicy,
          null);
    }
  }

  /**
   * A request for a new secondary zone.
   *
   * @param allowSerialReset whether a primary's serial going backwards is followed (by AXFR)
   */
  public record NewSecondary(
      Name zone,
      List<String> primaries,
      List<String> allowNotify,
      List<String> alsoNotify,
      List<String> allowTransfer,
      boolean allowSerialReset) {
    /** A secondary zone that keeps the newer serial when its primary's goes back (RFC 1982). */
    public NewSecondary(
        Name zone,
        List<String> primaries,
        List<String> allowNotify,
        List<String> alsoNotify,
        List<String> allowTransfer) {
      this(zone, primaries, allowNotify, alsoNotify, allowTransfer, false);
    }
  }

  /**
   * Creates a primary zone from a zone file's text, or from records and name servers.
   *
   * @throws ServiceException if it exists, a field is invalid, or the zone has errors
   */
  public ZoneStatus createPrimary(NewPrimary r, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "zone.create",
        r.zone(),
        "primary",
        Map.of(
            "nameservers", r.nameservers(),
            "records", r.records().size(),
            "zoneFile", r.zoneFile() == null ? 0 : r.zoneFile().length(),
            "allowTransfer", r.allowTransfer(),
            "notify", r.alsoNotify(),
            "allowUpdate", r.allowUpdate()),
        st -> Map.of("serial", st.serial()),
        () -> lifecycle.createPrimary(r));
  }

  /**
   * Creates a secondary zone; it is served once its first transfer completes.
   *
   * @throws ServiceException if it exists, has no primary, or a field is invalid
   */
  public ZoneStatus createSecondary(NewSecondary r, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "zone.create",
        r.zone(),
        "secondary",
        Map.of(
            "primaries", r.primaries(),
            "allowNotify", r.allowNotify(),
            "notify", r.alsoNotify(),
            "allowTransfer", r.allowTransfer(),
            "allowSerialReset", r.allowSerialReset()),
        st -> Map.of(),
        () -> lifecycle.createSecondary(r));
  }

  /** Stops serving a zone created here and removes it, contents and history. */
  public void delete(Name zone, Actor actor) {
    zone(zone);
    Audited.run(
        plane.audit(),
        actor,
        "zone.delete",
        zone,
        zone.toString(),
        Map.of(),
        () -> lifecycle.delete(zone));
  }

  /** How the zone gets its contents. */
  public ZoneKind kind(Name zone) {
    return zone(zone).kind();
  }

  /** What a change did. */
  public record Change(String message, long fromSerial, long toSerial) {}

  /**
   * Replaces a primary zone's contents with a zone file's: one journaled change, sent on by IXFR.
   *
   * @throws ServiceException with the file's errors (line numbers) if it does not load
   */
  public Change importZone(Name zone, String zoneFile, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "zone.import",
        zone,
        "contents",
        Map.of("bytes", zoneFile.length()),
        c -> Map.of("fromSerial", c.fromSerial(), "toSerial", c.toSerial(), "message", c.message()),
        () ->
            checked(
                requirePrimary(zone)
                    .importZone(ZoneText.zoneFile(zone, zoneFile, plane.zoneLimits()))));
  }

  /** The zone as a zone file, SOA first, then records in canonical order. */
  public String export(Name zone) {
    ZoneSnapshot z = served(zone);
    StringBuilder sb = new StringBuilder();
    sb.append("; ").append(zone).append(" serial ").append(z.serial()).append(", exported by");
    sb.append(" tandem\n$ORIGIN ").append(zone).append('\n');
    z.recordsAt(zone).stream()
        .filter(r -> r.getType() == Type.SOA)
        .forEach(r -> sb.append(r).append('\n'));
    z.forEachRecord(
        r -> {
          if (r.getType() != Type.SOA || !r.getName().equals(zone)) {
            sb.append(r).append('\n');
          }
        });
    return sb.toString();
  }

  /** The version of a zone being served. */
  public ZoneSnapshot served(Name zone) {
    ZoneSnapshot z = managed(zone).current();
    return Optional.ofNullable(z)
        .orElseThrow(
            () ->
                conflict(
                    "zone "
                        + zone
                        + " has no contents yet (its first transfer has not completed)"));
  }

  // ---- records ----

  /**
   * An RRset as the API shows it: owner, type, TTL and each record's data in presentation form; the
   * records kept but not served, and the comments.
   */
  public record RrSet(
      Name name,
      String type,
      long ttl,
      List<String> records,
      List<String> disabled,
      List<Comment> comments) {}

  /** A zone's RRsets, optionally only those of one owner and/or type (0 for any). */
  public List<RrSet> rrsets(Name zone, @Nullable Name owner, int type) {
    return rrsets(zone, owner, type, Record::rdataToString);
  }

  /**
   * As {@link #rrsets(Name, Name, int)}, each record's data written by {@code data}, in canonical
   * order; an RRset with only disabled records or only comments is listed too.
   */
  public List<RrSet> rrsets(
      Name zone, @Nullable Name owner, int type, Function<Record, String> data) {
    return rrsets(served(zone), owner, type, data, RrSetNotes.read(store, zone));
  }

  /**
   * Every RRset's comments and disabled records of every zone that has any (see {@link
   * ZoneSearch}).
   */
  Map<Name, Map<RrSetNotes.Key, RrSetNotes.Note>> allNotes() {
    return RrSetNotes.readAll(store);
  }

  /** The RRsets of {@code z}, with {@code notes}, its comments and disabled records. */
  List<RrSet> rrsets(
      ZoneSnapshot z,
      @Nullable Name owner,
      int type,
      Function<Record, String> data,
      Map<RrSetNotes.Key, RrSetNotes.Note> notes) {
    Map<RrSetNotes.Key, List<Record>> sets = new LinkedHashMap<>();
    z.forEachRecord(
        r -> {
          if ((owner == null || owner.equals(r.getName())) && (type == 0 || type == r.getType())) {
            sets.computeIfAbsent(
                    new RrSetNotes.Key(r.getName(), r.getType()), k -> new ArrayList<>())
                .add(r);
          }
        });
    notes.forEach(
        (k, n) -> {
          if ((owner == null || owner.equals(k.name())) && (type == 0 || type == k.type())) {
            sets.putIfAbsent(k, List.of());
          }
        });
    List<RrSet> out = new ArrayList<>(sets.size());
    sets.forEach(
        (k, rs) -> {
          RrSetNotes.Note note = notes.getOrDefault(k, RrSetNotes.Note.NONE);
          List<String> records = new ArrayList<>(rs.size());
          long ttl = rs.isEmpty() ? note.ttl() : rs.get(0).getTTL();
          for (Record r : rs) {
            records.add(data.apply(r));
            ttl = Math.min(ttl, r.getTTL());
          }
          List<String> disabled = new ArrayList<>();
          for (String d : note.disabled()) {
            try {
              disabled.add(
                  data.apply(Record.fromString(k.name(), k.type(), DClass.IN, ttl, d, Name.root)));
            } catch (IOException | RuntimeException e) {
              disabled.add(d);
            }
          }
          out.add(
              new RrSet(k.name(), Type.string(k.type()), ttl, records, disabled, note.comments()));
        });
    return out;
  }

  /**
   * Makes several RRset changes as one: one new serial, one journal entry, or nothing if any of
   * them is refused ({@link RrSetEdits} says what each does and what is checked).
   */
  public Change change(Name zone, List<RrSetChange> changes, Actor actor) {
    PrimaryZone p = requirePrimary(zone);
    RrSetEdits edits;
    try {
      edits = RrSetEdits.of(zone, changes, RrSetNotes.read(store, zone), clock.instant());
      edits.checkAllowed(actor);
    } catch (ServiceException e) {
      // Refused before it could be worked out: in the log as asked, names and types.
      String asked =
          String.join(
              ", ", changes.stream().map(c -> c.name() + " " + c.type()).distinct().toList());
      plane
          .audit()
          .record(
              actor.name(),
              actor.via(),
              "rrsets.change",
              zone,
              asked.length() > 500 ? asked.substring(0, 500) + "..." : asked,
              Map.of(),
              "refused: " + e.getMessage());
      throw e;
    }
    return edited(p, edits, actor);
  }

  /**
   * What {@link #change} would do, worked out against the zone as served with the same checks, and
   * nothing changed: the serial it would make and the records it would add and remove.
   */
  public ChangePreview preview(Name zone, List<RrSetChange> changes, Actor actor) {
    PrimaryZone p = requirePrimary(zone);
    RrSetEdits edits = RrSetEdits.of(zone, changes, RrSetNotes.read(store, zone), clock.instant());
    edits.checkAllowed(actor);
    ZoneSnapshot z = served(zone);
    return ChangePreview.of(
        z.serial(), p.config().serialPolicy().next(z.serial(), clock.instant()), edits.plan(z));
  }

  /**
   * Replaces a primary zone's contents whole with {@code rrsets} (their SOA among them), as one
   * change: RRsets not given are removed.
   */
  public Change replaceContents(Name zone, List<RrSetChange> rrsets, Actor actor) {
    PrimaryZone p = requirePrimary(zone);
    if (actor.limits().records()) {
      throw ServiceException.forbidden(
          "the API key '"
              + actor.name()
              + "' may change only "
              + actor.limits().describe()
              + ": not a zone's contents whole");
    }
    RrSetEdits edits =
        RrSetEdits.replacingAll(zone, rrsets, RrSetNotes.read(store, zone), clock.instant());
    return edited(p, edits, actor);
  }

  private Change edited(PrimaryZone p, RrSetEdits edits, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "rrsets.change",
        p.name(),
        edits.target(),
        Map.of("request", edits.request()),
        c ->
            Map.of(
                "removed", edits.removedText(),
                "added", edits.addedText(),
                "fromSerial", c.fromSerial(),
                "toSerial", c.toSerial()),
        () -> {
          Change c = checked(p.edit(edits, actor.describe()));
          edits.notesAfter().forEach((k, n) -> RrSetNotes.save(store, p.name(), k, n));
          return c;
        });
  }

  /**
   * Adds, deletes or replaces single records, as {@code tandem record} does: {@code add} adds a
   * record (the RRset takes its TTL), {@code replace} makes it the RRset's only record, {@code
   * delete} takes it out (without data: the RRset).
   */
  public Change record(
      Name zone, String op, String name, long ttl, String type, String data, Actor actor) {
    String rdata = data.trim();
    List<String> one = List.of(rdata);
    RrSetChange c =
        switch (op) {
          case "add" ->
              new RrSetChange(RrSetChange.Kind.ADD, name, type, ttl, one, List.of(), null);
          case "replace" -> RrSetChange.replace(name, type, ttl, one);
          case "delete" ->
              rdata.isEmpty()
                  ? RrSetChange.delete(name, type)
                  : new RrSetChange(RrSetChange.Kind.PRUNE, name, type, ttl, one, List.of(), null);
          default -> throw invalid("op", "operation '" + op + "' is not add, delete or replace");
        };
    if (!op.equals("delete") && rdata.isEmpty()) {
      throw invalid("rdata", "a " + type + " record needs its data");
    }
    try {
      return change(zone, List.of(c), actor);
    } catch (ServiceException e) {
      // Name the fields of this request (name, type, ttl, rdata), not those of an RRset change.
      String f = e.field();
      if (f == null || !f.startsWith("rrsets[0]")) {
        throw e;
      }
      String field =
          switch (f.substring("rrsets[0]".length())) {
            case ".type" -> "type";
            case ".ttl" -> "ttl";
            case ".records" -> "rdata";
            default -> "name";
          };
      throw new ServiceException(e.problem(), field, String.valueOf(e.getMessage()), e.problems());
    }
  }

  /** The changes kept for IXFR out, oldest first. */
  public List<JournalStep> journal(Name zone) {
    return requirePrimary(zone).journal();
  }

  /** The zone's transfers in and out, newest first, at most {@code limit}. */
  public List<Transfer> transfers(Name zone, int limit) {
    zone(zone);
    return plane.transfers(zone, Math.max(1, Math.min(limit, ZoneStore.TRANSFERS_KEPT)));
  }

  /**
   * One entry of the audit log, as the API shows it (the store's own record stays below the control
   * plane).
   */
  public record AuditRecord(
      long seq,
      java.time.Instant at,
      String actor,
      String via,
      String action,
      @Nullable String zone,
      String target,
      String detail,
      String outcome) {}

  /**
   * Entries of the audit log, newest first: those of {@code zone}, {@code actor}, {@code action}
   * (each if given), at or after {@code since}, before sequence number {@code before} (if above 0),
   * at most {@code limit}.
   */
  public List<AuditRecord> audit(
      @Nullable Name zone,
      @Nullable String actor,
      @Nullable String action,
      java.time.@Nullable Instant since,
      long before,
      int limit) {
    var q =
        new dev.tandem.store.AuditEntry.Query(
            zone == null ? null : zone.toString(), actor, action, since, before, limit);
    return plane.audit().read(q).stream()
        .map(
            e ->
                new AuditRecord(
                    e.seq(),
                    e.at(),
                    e.actor(),
                    e.via(),
                    e.action(),
                    e.zone(),
                    e.target(),
                    e.detail(),
                    e.outcome()))
        .toList();
  }

  // ---- actions ----

  /** Asks a secondary zone's primaries for a newer serial now. */
  public String refresh(Name zone) {
    requireSecondary(zone, "refresh").refreshNow();
    return zone + ": refresh queued";
  }

  /** Transfers a secondary zone whole (AXFR) now. */
  public String retransfer(Name zone) {
    requireSecondary(zone, "retransfer").retransferNow();
    return zone + ": retransfer (AXFR) queued";
  }

  /** Sends NOTIFY for the served serial to the zone's secondaries now. */
  public String notifyNow(Name zone) {
    ManagedZone z = managed(zone);
    z.notifyNow();
    if (z.kind() == ZoneKind.SECONDARY) {
      return zone + ": NOTIFY to downstream secondaries queued";
    }
    ZoneSnapshot served = z.current();
    return "NOTIFY for serial " + (served == null ? -1 : served.serial()) + " queued";
  }

  // ---- metadata (PowerDNS-style, free-form per zone) ----

  private static final String META = "meta:";

  /** The zone's metadata, kind → values. */
  public Map<String, List<String>> metadata(Name zone) {
    zone(zone);
    Map<String, List<String>> out = new LinkedHashMap<>();
    store
        .settings(zone)
        .forEach(
            (k, v) -> {
              if (k.startsWith(META)) {
                out.put(k.substring(META.length()), List.of(v.split("\n", -1)));
              }
            });
    return out;
  }

  /** Sets (or with no values, removes) one kind of the zone's metadata. */
  public void setMetadata(Name zone, String kind, List<String> values, Actor actor) {
    Audited.run(
        plane.audit(),
        actor,
        "zone.metadata",
        zone,
        kind,
        Map.of("values", values),
        () -> setMetadata(zone, kind, values));
  }

  private void setMetadata(Name zone, String kind, List<String> values) {
    zone(zone);
    if (!kind.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw invalid("kind", "metadata kind '" + kind + "' is not valid");
    }
    for (String v : values) {
      if (v.contains("\n")) {
        throw invalid("metadata", "a metadata value may not contain a line break");
      }
    }
    store.saveSetting(zone, META + kind, values.isEmpty() ? null : String.join("\n", values));
  }

  // ---- helpers ----

  private ManagedZone managed(Name zone) {
    return plane.zone(zone).orElseThrow(() -> noZone(zone));
  }

  private PrimaryZone requirePrimary(Name zone) {
    ManagedZone z = managed(zone);
    if (z instanceof PrimaryZone p) {
      return p;
    }
    throw invalid(
        "zone "
            + zone
            + " is a secondary here: change it at its primary ("
            + String.join(", ", z.status().primaries())
            + ")");
  }

  private SecondaryZone requireSecondary(Name zone, String what) {
    ManagedZone z = managed(zone);
    if (z instanceof SecondaryZone s) {
      return s;
    }
    throw invalid("zone " + zone + " is a primary here: there is nothing to " + what + " from");
  }

  private static ServiceException noZone(Name zone) {
    return notFound("no zone " + zone + " here");
  }

  private static Change checked(dev.tandem.control.zone.Change c) {
    if (!c.ok()) {
      throw invalid(Rcode.string(c.rcode()) + ": " + c.message());
    }
    return new Change(c.message(), c.fromSerial(), c.toSerial());
  }
}
