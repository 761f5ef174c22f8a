package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;
import static dev.tandem.control.service.ServiceException.notFound;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneStatus;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneKind;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.dns.zone.ZoneUpdate;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The use cases of the control plane, as the REST API, the PowerDNS-compatible API and the CLI call
 * them: zones (primary and secondary), their records, transfers and actions; TSIG keys, peers and
 * ACLs. Every method checks its whole request before it changes anything and throws a {@link
 * ServiceException} naming the problem; a refused request changes nothing.
 *
 * <p>Record changes are made as RFC 2136 UPDATEs through {@link PrimaryZone#edit}, so that an API
 * edit follows the same rules, serial increments, journal and NOTIFY as one from the network; but
 * where RFC 2136 would silently ignore part of an UPDATE (a CNAME beside other data, section
 * 3.4.2.2), an edit here is refused instead ({@link CnameRules}). Every surface (the REST API, the
 * PowerDNS API, the CLI through the REST API) gets these rules from here, and new zones their
 * default SOA ({@link NewZone}).
 */
public final class ZoneService {
  private final ControlPlane plane;
  private final ZoneStore store;
  private final ControlObjects objects;
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
    this.objects = new ControlObjects(store, plane);
    objects.configuredKeys(configuredKeys);
    this.catalogs = new CatalogService(plane, objects);
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

  /** Every zone's status, primaries then secondaries. */
  public List<ZoneStatus> zones() {
    return plane.status();
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
   */
  public record NewPrimary(
      Name zone,
      List<String> nameservers,
      @Nullable String zoneFile,
      List<Record> records,
      List<String> allowTransfer,
      List<String> alsoNotify,
      List<String> allowUpdate,
      @Nullable String serialPolicy) {
    public NewPrimary {
      records = List.copyOf(records);
    }
  }

  /**
   * Creates a primary zone from a zone file's text, or from records and name servers.
   *
   * @throws ServiceException if it exists, a field is invalid, or the zone has errors
   */
  public ZoneStatus createPrimary(NewPrimary r) {
    Name zone = r.zone();
    if (plane.status(zone).isPresent()) {
      throw conflict("zone " + zone + " exists already");
    }
    List<Name> ns = new ArrayList<>();
    for (String n : r.nameservers()) {
      ns.add(ZoneText.name(n, zone, "nameservers"));
    }
    PrimaryConfig config =
        PrimaryConfig.of(zone, null)
            .withAccess(
                objects.aclRules(r.allowTransfer(), "allowTransfer"),
                objects.remotes(r.alsoNotify(), "notify"),
                updateRules(r.allowUpdate()));
    if (r.serialPolicy() != null) {
      try {
        config = config.withSerialPolicy(SerialPolicy.parse(r.serialPolicy()));
      } catch (IllegalArgumentException e) {
        throw invalid("serialPolicy", String.valueOf(e.getMessage()));
      }
    }
    ZoneSnapshot contents;
    if (r.zoneFile() != null) {
      if (!r.records().isEmpty()) {
        throw invalid("records", "a zone is made of a zone file or of records, not both");
      }
      contents = ZoneText.zoneFile(zone, r.zoneFile(), plane.zoneLimits());
    } else {
      contents = NewZone.of(zone, ns, r.records(), config.serialPolicy(), clock.instant());
    }
    try {
      plane.createPrimary(config, contents);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException("could not store zone " + zone + ": " + e.getMessage(), e);
    }
    return zone(zone);
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
   * Creates a secondary zone; it is served once its first transfer completes.
   *
   * @throws ServiceException if it exists, has no primary, or a field is invalid
   */
  public ZoneStatus createSecondary(NewSecondary r) {
    if (plane.status(r.zone()).isPresent()) {
      throw conflict("zone " + r.zone() + " exists already");
    }
    List<Remote> primaries = objects.remotes(r.primaries(), "primaries");
    if (primaries.isEmpty()) {
      throw invalid("primaries", "a secondary zone needs at least one primary");
    }
    SecondaryConfig c =
        new SecondaryConfig(
            r.zone(),
            primaries,
            objects.aclRules(r.allowNotify(), "allowNotify"),
            objects.remotes(r.alsoNotify(), "notify"),
            objects.aclRules(r.allowTransfer(), "allowTransfer"),
            r.allowSerialReset(),
            null);
    try {
      plane.createSecondary(c);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "could not store zone " + r.zone() + ": " + e.getMessage(), e);
    }
    return zone(r.zone());
  }

  /** Stops serving a zone created here and removes it, contents and history. */
  public void delete(Name zone) {
    zone(zone);
    try {
      plane.delete(zone);
    } catch (IllegalArgumentException e) {
      throw conflict(String.valueOf(e.getMessage()));
    } catch (StoreException e) {
      throw new IllegalStateException(
          "zone " + zone + " no longer served, but not removed from the store: " + e.getMessage(),
          e);
    }
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
  public Change importZone(Name zone, String zoneFile) {
    PrimaryZone p = requirePrimary(zone);
    ZoneSnapshot contents = ZoneText.zoneFile(zone, zoneFile, plane.zoneLimits());
    return checked(p.importZone(contents));
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

  /** An RRset as the API shows it: owner, type, TTL and each record's data in presentation form. */
  public record RrSet(Name name, String type, long ttl, List<String> records) {}

  /** A zone's RRsets, optionally only those of one owner and/or type (0 for any). */
  public List<RrSet> rrsets(Name zone, @Nullable Name owner, int type) {
    return rrsets(zone, owner, type, Record::rdataToString);
  }

  /** As {@link #rrsets(Name, Name, int)}, each record's data written by {@code data}. */
  public List<RrSet> rrsets(
      Name zone, @Nullable Name owner, int type, Function<Record, String> data) {
    ZoneSnapshot z = served(zone);
    Map<String, List<Record>> sets = new LinkedHashMap<>();
    z.forEachRecord(
        r -> {
          if ((owner == null || owner.equals(r.getName())) && (type == 0 || type == r.getType())) {
            sets.computeIfAbsent(
                    r.getName().toString().toLowerCase(Locale.ROOT) + " " + r.getType(),
                    k -> new ArrayList<>())
                .add(r);
          }
        });
    List<RrSet> out = new ArrayList<>(sets.size());
    for (List<Record> rs : sets.values()) {
      Record first = rs.get(0);
      List<String> records = new ArrayList<>(rs.size());
      long ttl = first.getTTL();
      for (Record r : rs) {
        records.add(data.apply(r));
        ttl = Math.min(ttl, r.getTTL());
      }
      out.add(new RrSet(first.getName(), Type.string(first.getType()), ttl, records));
    }
    return out;
  }

  /**
   * One change to one RRset.
   *
   * @param records the new records' data (REPLACE); ignored for DELETE
   * @param delete true to remove the RRset, false to replace it with {@code records}
   */
  public record RrSetChange(
      String name, String type, long ttl, List<String> records, boolean delete) {}

  /**
   * Applies several RRset changes as one: one new serial, one journal entry, or nothing if any of
   * them is invalid ({@link RecordEdits#update(Name, List, ZoneSnapshot)} says what is). A REPLACE
   * with no records removes the RRset.
   */
  public Change change(Name zone, List<RrSetChange> changes) {
    PrimaryZone p = requirePrimary(zone);
    if (changes.isEmpty()) {
      throw invalid("rrsets", "no changes given");
    }
    Update u = RecordEdits.update(zone, changes, served(zone));
    return checked(p.edit(u, ZoneUpdate.Policy.ANY, "the API"));
  }

  /** Adds, deletes or replaces single records, as {@code tandem record} does. */
  public Change record(Name zone, String op, String name, long ttl, String type, String data) {
    PrimaryZone p = requirePrimary(zone);
    Update u = RecordEdits.update(zone, op, name, ttl, type, data, served(zone));
    return checked(p.edit(u, ZoneUpdate.Policy.ANY, "the API"));
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
  public void setMetadata(Name zone, String kind, List<String> values) {
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

  private static List<UpdateRule> updateRules(List<String> specs) {
    List<UpdateRule> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      try {
        out.add(UpdateRule.parse(specs.get(i)));
      } catch (IllegalArgumentException e) {
        throw invalid("allowUpdate[" + i + "]", String.valueOf(e.getMessage()));
      }
    }
    return out;
  }
}
